"""Bad input gets a clear error and loses nothing: corrupt, encrypted, huge, hostile files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from xlgoals.reading import safety as sources
from xlgoals.reading.tables import read_workbook
from xlgoals.validation import validate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "departments" / "东湖区人社局.xlsx"


def codes(path: Path, limits: sources.Limits | None = None) -> list[str]:
    return [f.code for f in read_workbook(path, limits=limits).findings]


def test_corrupt_file(tmp_path):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    assert codes(bad) == ["XG001"]


def test_text_renamed_as_xlsx(tmp_path):
    bad = tmp_path / "文本.xlsx"
    bad.write_text("部门名称,人社局\n", encoding="utf-8")
    submission = read_workbook(bad)
    assert [f.code for f in submission.findings] == ["XG001"]
    assert "损坏" in submission.findings[0].message()


def test_truncated_workbook(tmp_path):
    bad = tmp_path / "半截.xlsx"
    bad.write_bytes(EXAMPLE.read_bytes()[:5000])
    assert codes(bad) == ["XG001"]


def test_encrypted_workbook(tmp_path):
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    locked = tmp_path / "加密.xlsx"
    with EXAMPLE.open("rb") as plain, locked.open("wb") as out:
        office = ooxml.OOXMLFile(plain)
        office.encrypt("secret", out)
    assert codes(locked) == ["XG002"]


def test_huge_file_is_refused(tmp_path):
    copy = tmp_path / "大.xlsx"
    shutil.copy(EXAMPLE, copy)
    assert codes(copy, sources.Limits(file_bytes=1000)) == ["XG004"]


def test_zip_bomb_is_refused(tmp_path):
    """Unpacked beyond the cap (the ratio check, XG014, is let pass here)."""
    limits = sources.Limits(unpacked_bytes=10 * 1024 * 1024, ratio=10**6)
    bomb = tmp_path / "炸弹.xlsx"
    packed = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(EXAMPLE) as source, zipfile.ZipFile(bomb, "w", packed) as out:
        for item in source.infolist():
            out.writestr(item, source.read(item))
        out.writestr("xl/media/padding.bin", b"\0" * (20 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    assert codes(bomb, limits) == ["XG004"]


def test_entity_expansion_is_not_expanded(tmp_path):
    """A billion-laughs DTD in sharedStrings must neither hang nor blow up memory."""
    lol = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{"&lol{};".format(i - 1 if i > 1 else "") * 10}">'
            for i in range(1, 9)
        )
        + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        'uniqueCount="1"><si><t>&lol8;</t></si></sst>'
    )
    hostile = tmp_path / "恶意.xlsx"
    with zipfile.ZipFile(EXAMPLE) as source, zipfile.ZipFile(hostile, "w") as out:
        for item in source.infolist():
            data = lol.encode() if item.filename == "xl/sharedStrings.xml" else source.read(item)
            out.writestr(item, data)
    submission = read_workbook(hostile)  # returns: either an error finding or unexpanded text
    assert submission.file == str(hostile)


def test_not_a_target_table(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "会议纪要"
    other = tmp_path / "纪要.xlsx"
    book.save(other)
    assert codes(other) == ["XG003"]


def test_unsupported_suffix(tmp_path):
    memo = tmp_path / "说明.pdf"
    memo.write_bytes(b"%PDF-1.4")
    assert codes(memo) == ["XG007"]


def test_folder_goes_on_after_bad_files(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "人社局.xlsx")
    (tmp_path / "坏.xlsx").write_bytes(b"garbage")
    (tmp_path / "~$人社局.xlsx").write_bytes(b"lock")
    report = validate(tmp_path)
    assert [Path(r.file).name for r in report.files] == ["人社局.xlsx", "坏.xlsx"]
    assert report.files[0].submission.tables
    assert [f.code for f in report.files[1].findings] == ["XG001"]
    assert [f.code for f in report.general] == ["XG005"]
    assert report.exit_code == 2
    assert EXAMPLE.read_bytes() == (tmp_path / "人社局.xlsx").read_bytes()  # input untouched


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "xlgoals.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_cli_json_has_contract_fields(tmp_path):
    (tmp_path / "坏.xlsx").write_bytes(b"garbage")
    result = _cli("validate", str(tmp_path / "坏.xlsx"), "--format", "json")
    items = json.loads(result.stdout)
    assert result.returncode == 2
    assert items and {"code", "severity", "message", "file", "sheet", "cell"} <= items[0].keys()
    assert items[0]["code"] == "XG001"


def test_cli_english_and_missing_path(tmp_path):
    result = _cli("validate", str(tmp_path / "nowhere.xlsx"), "--lang", "en", "--format", "json")
    assert result.returncode == 2
    assert "No such file" in json.loads(result.stdout)[0]["message"]


def test_cli_bad_arguments_exit_2():
    assert _cli("validate", "--format", "yaml", "x.xlsx").returncode == 2


def test_cli_examples_json(tmp_path):
    result = _cli("validate", str(ROOT / "examples" / "departments"), "--format", "json")
    assert result.returncode in (0, 1)
    items = json.loads(result.stdout)
    assert all(i["file"].endswith(".xlsx") and i["cell"] for i in items)
    assert result.stderr == "" or "Traceback" not in result.stderr


def test_import_is_fast():
    heavy = "('pandas', 'openpyxl', 'xlwings', 'pydantic')"
    code = f"import sys, xlgoals; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_old_xls_named_xlsx_is_not_called_encrypted(tmp_path):
    """A compound file without an encrypted package is an old .xls, not a locked workbook."""
    from xlgoals.addin.cfb import write_cfb

    old = tmp_path / "旧格式.xlsx"
    old.write_bytes(write_cfb({"Workbook": b"\x09\x08" + bytes(200)}))
    submission = read_workbook(old)
    assert [f.code for f in submission.findings] == ["XG001"]
    assert ".xls" in submission.findings[0].message()
