"""Bad input, reading side: every case of tests/bad_inputs.py gets its code and a message a clerk
understands, in Chinese and English, with the file and where known the sheet and cell; and a
folder mixing the whole corpus with the good departments is validated and merged to the end.

Test ids are the case names (the rows of the table in docs/reference/bad-input.md).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from support.bad_inputs import (
    CASES,
    EXAMPLE,
    EXAMPLES,
    LAUGHS,
    PROJECT_PART,
    Case,
    add_cell,
    as_clerk,
    build,
    in_part,
    rezip,
)
from support.merge_invariants import sheet_table

from xlgoals.reading.safety import Limits, SourceError
from xlgoals.reading.workbook import read_grids
from xlgoals.validation import collect, validate, validate_file

#: what the clerk reads for each case: (Chinese, English) fragments of the message, and the
#: sheet and cell the finding points at (None: the whole file)
SEEN = {
    "empty_file": ("文件是空的（0 字节）", "The file is empty (0 bytes)", None, None),
    "truncated_zip": ("文件已损坏或不完整", "The file cannot be opened", None, None),
    "corrupt_zip": ("文件已损坏或不完整", "The file cannot be opened", None, None),
    "text_named_xlsx": ("不是有效的 Excel 文件", "The file cannot be opened", None, None),
    "web_page_named_xls": ("文件实际是网页（HTML）", "really a web page (HTML)", None, None),
    "word_named_xlsx": ("文件实际是Word 文档", "really a Word document", None, None),
    "zip_of_workbooks": ("文件实际是压缩包", "really an archive", None, None),
    "password_protected": ("设置了打开密码", "password-protected", None, None),
    "encrypted_zip_entry": ("设置了打开密码", "password-protected", None, None),
    "old_xls": None,
    "xls_named_xlsx": (
        "实际是 .xls 格式，扩展名却是 .xlsx",
        "really .xls but is named .xlsx",
        None,
        None,
    ),
    "xlsx_named_xls": (
        "实际是 .xlsx 格式，扩展名却是 .xls",
        "really .xlsx but is named .xls",
        None,
        None,
    ),
    "damaged_xls": ("文件已损坏或不完整（.xls：", "The file cannot be opened", None, None),
    "xlsm_with_macros": None,
    "ods": None,
    "xlsb": None,
    "damaged_xlsb": ("文件已损坏或不完整（.xlsb：", "The file cannot be opened", None, None),
    "no_target_table": ("未找到绩效目标表", "No performance-target table", None, None),
    "missing_sheet": (
        "工作表“项目1”已损坏或缺失",
        "Sheet 项目1 is damaged or missing",
        "项目1",
        None,
    ),
    "hidden_sheet": ("工作表“项目1”是隐藏的", "Sheet 项目1 is hidden", "项目1", None),
    "hidden_rows": (
        "第 15–16 行是隐藏的",
        "Rows 15–16 of sheet 部门整体 are hidden",
        "部门整体",
        "A15",
    ),
    "locked_by_excel": (
        "锁定文件“~$正被打开.xlsx”",
        "someone may have the workbook open",
        None,
        None,
    ),
    "no_permission": ("没有权限读取", "No permission to read", None, None),
    "directory_named_xlsx": ("文件实际是文件夹", "really a folder", None, None),
    "billion_laughs": (
        "“xl/sharedStrings.xml”含有",
        "xl/sharedStrings.xml inside the file holds a DTD",
        None,
        None,
    ),
    "zip_bomb": ("压缩比 1028:1", "looks like a zip bomb", None, None),
    "lying_sizes": ("文件已损坏或不完整", "larger than the zip directory says", None, None),
    "too_many_parts": ("10013 个部件", "10013 parts", None, None),
    "too_many_rows": ("100,001 行、6 列", "100,001 rows and 6 columns", "项目1", None),
    "too_many_columns": ("200 行、1,001 列", "200 rows and 1,001 columns", "项目1", None),
    "stray_far_cell": (
        "1,048,576 行、16,384 列",
        "1,048,576 rows and 16,384 columns",
        "项目1",
        None,
    ),
    "long_cell": ("有 40000 个字符", "holds 40000 characters", "项目1", "H200"),
    "huge_text_amount": (
        "“收入预算合计”的值“1000000000",
        "beyond what Excel holds exactly",
        "部门整体",
        "B4",
    ),
    "amounts_beyond_a_float": ("的值“1.7E+308”超出", "1.7E+308 is beyond", "部门整体", "B4"),
    "hundred_digit_target": ("超出 Excel 能准确保存的范围", "beyond what Excel", "部门整体", "E11"),
    "full_width_amount": None,
    "gbk_file_name": None,
    "control_character_name": None,
    "symlink_loop": ("而是循环的符号链接", "a symbolic link that points back", None, None),
    "named_pipe": ("而是命名管道（FIFO）", "not a regular file but a named pipe", None, None),
    "link_to_a_device": ("而是设备文件", "not a regular file but a device", None, None),
    "sixty_sheets": ("共有 60 个工作表、300,000,000 个单元格", "60 sheets spanning", None, None),
    "sixty_sheets_ods": (
        "共有 60 个工作表、300,000,000 个单元格",
        "60 sheets spanning",
        None,
        None,
    ),
    "far_sheets_xls": ("共有 4 个工作表、67,108,864 个单元格", "4 sheets spanning", None, None),
    "far_cell_xlsb": ("个单元格的数据区域，超过上限", "beyond the limit", None, None),
}
GOOD = sorted(p.name for p in EXAMPLES.glob("*.xlsx"))
PYTHON_REPR = ("Traceback", "Error(", "Exception", "errno", "Errno")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Case]]:
    """Every case this machine can make, beside copies of the good departments."""
    folder = tmp_path_factory.mktemp("bad") / "收件箱"
    made = build(folder)
    for name in GOOD:
        shutil.copy(EXAMPLES / name, folder / name)
    return folder, made


def cli(*args: str) -> subprocess.CompletedProcess:
    command = as_clerk([sys.executable, "-m", "xlgoals.cli", *args])
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def input_findings(items: list) -> list:
    return [f for f in items if f.code.startswith("XG0")]


def _marks(case: Case) -> list:
    return [pytest.mark.libreoffice] if case.needs == "libreoffice" else []


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=_marks(c)) for c in CASES])
def test_case(case: Case, corpus: tuple[Path, dict[str, Case]], tmp_path: Path) -> None:
    folder, made = corpus
    if case.name not in made:
        pytest.skip(f"this machine cannot make it (needs {case.needs})")
    path = folder / case.file
    if case.needs == "setpriv":  # the folder is given: typer refuses an unreadable file argument
        alone = tmp_path / "只有这一个"
        alone.mkdir()
        path = Path(shutil.copy(path, alone / path.name))
        path.chmod(0)
        found = json.loads(cli("validate", str(alone), "--format", "json").stdout)
        en = json.loads(cli("validate", str(alone), "--format", "json", "--lang", "en").stdout)
        codes = sorted(i["code"] for i in found if i["code"].startswith("XG0"))
        messages = [
            (i["message"], e["message"], i["sheet"], i["cell"], i["file"])
            for i, e in zip(found, en, strict=True)
            if i["code"].startswith("XG0")
        ]
        tables = 0
    else:
        report = validate_file(path)
        found = input_findings(report.findings)
        codes = sorted(f.code for f in found)
        messages = [(f.message(), f.message("en"), f.at.sheet, f.at.cell, f.at.file) for f in found]
        tables = len(report.submission.tables) if report.submission else 0
    assert tuple(codes) == case.codes
    assert tables == case.tables
    if SEEN[case.name] is None:
        assert messages == []
        return
    zh, en, sheet, cell = SEEN[case.name]
    (said_zh, said_en, at_sheet, at_cell, at_file), *_ = messages
    assert zh in said_zh and en in said_en
    assert (at_sheet, at_cell) == (sheet, cell)
    assert at_file == str(path)
    for text in (said_zh, said_en):
        assert "{" not in text and not any(r in text for r in PYTHON_REPR)
    if case.codes == ("XG001",):  # the reason is in English too, not only the frame
        assert not re.search("[\u4e00-\u9fff]", said_en), said_en


def test_validate_goes_through_the_whole_batch(corpus: tuple[Path, dict[str, Case]]) -> None:
    """`xlgoals validate --format json` on the corpus and the good departments."""
    folder, made = corpus
    result = cli("validate", str(folder), "--format", "json")
    assert result.returncode == 2  # unusable input among them
    assert "Traceback" not in result.stderr
    items = json.loads(result.stdout)
    assert all({"code", "severity", "message", "file", "sheet", "cell"} <= i.keys() for i in items)
    lines = result.stdout.splitlines()  # a finding a line, each line JSON of its own
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == len(items) + 2
    assert [json.loads(line.removesuffix(",")) for line in lines[1:-1]] == items
    by_file: dict[str, set[str]] = {}
    for item in items:
        by_file.setdefault(Path(item["file"]).name, set()).add(item["code"])
    for case in made.values():
        if case.name == "directory_named_xlsx":
            continue  # a folder in a folder is searched, not read: nothing to say about it
        assert set(case.codes) <= by_file.get(case.file, set()), case.name
    assert by_file["~$正被打开.xlsx"] == {"XG005"}
    for name in GOOD:  # the good departments: read and checked, nothing wrong with the files
        assert by_file[name] and not {c for c in by_file[name] if c.startswith("XG0")} - {"XG008"}


def test_validate_of_an_empty_folder_prints_an_empty_array(tmp_path: Path) -> None:
    """No finding, no line: the JSON is `[]` (and the exit code says no workbook was found)."""
    result = cli("validate", str(tmp_path), "--format", "json")
    assert result.returncode == 2 and result.stdout == "[]\n"


def test_merge_goes_through_the_whole_batch(
    corpus: tuple[Path, dict[str, Case]], tmp_path: Path
) -> None:
    """`xlgoals merge -o out.xlsx -q` on the corpus: exit 0, the good departments complete, every
    bad file in 问题清单 with its reason."""
    folder, made = corpus
    reference = tmp_path / "只有好的.xlsx"
    assert cli("merge", str(EXAMPLES), "-o", str(reference), "-q").returncode == 0
    out = tmp_path / "汇总.xlsx"
    result = cli("merge", str(folder), "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    budget = {r["来源文件"]: r for r in sheet_table(out, "预算汇总")}
    counts = ("错误数", "警告数")  # copies of 人社局 in the corpus add XG008 (submitted twice)
    for row in sheet_table(reference, "预算汇总"):  # each good department complete, as if alone
        merged = budget[row["来源文件"]]
        assert {k: v for k, v in merged.items() if k not in counts} == {
            k: v for k, v in row.items() if k not in counts
        }
    indicators = [r for r in sheet_table(out, "指标明细") if r["来源文件"] in GOOD]
    assert len(indicators) == len(sheet_table(reference, "指标明细"))
    problems: dict[str, dict[str, str]] = {}
    for row in sheet_table(out, "问题清单"):
        problems.setdefault(row["来源文件"], {})[row["代码"]] = row["说明"]
    for case in made.values():
        if case.name == "directory_named_xlsx":
            continue
        listed = problems.get(case.file, {})
        for code in case.codes:
            assert listed.get(code), (case.name, code)
        if SEEN[case.name]:
            assert SEEN[case.name][0] in " ".join(listed.values()), case.name


# ---------------------------------------------------------------- cases that are no single file


def test_file_gone_before_it_is_read(tmp_path: Path) -> None:
    """Listed by the folder walk, deleted before reading: XG010, not an exception's text."""
    for name in GOOD:
        shutil.copy(EXAMPLES / name, tmp_path / name)
    files, skipped = collect([tmp_path])
    assert len(files) == 2 and not skipped
    files[0].unlink()
    reports = [validate_file(p) for p in files]
    assert [f.code for f in reports[0].findings] == ["XG010"]
    message = reports[0].findings[0].message()
    assert str(files[0]) in message and not any(r in message for r in PYTHON_REPR)
    assert reports[1].submission.tables  # the rest is read


@pytest.mark.skipif(os.geteuid() == 0 and shutil.which("setpriv") is None, reason="needs setpriv")
def test_folder_without_permission(tmp_path: Path) -> None:
    """A sub-folder that may not be listed is reported (a folder walk would skip it silently)."""
    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    closed = tmp_path / "锁住的文件夹"
    closed.mkdir()
    shutil.copy(EXAMPLES / GOOD[1], closed / GOOD[1])
    closed.chmod(0)
    try:
        result = cli("validate", str(tmp_path), "--format", "json", "--lang", "en")
    finally:
        closed.chmod(0o755)
    items = json.loads(result.stdout)
    denied = [i for i in items if i["code"] == "XG016"]
    assert [i["file"] for i in denied] == [str(closed)]
    assert "No permission to read" in denied[0]["message"]
    assert any(Path(i["file"]).name == EXAMPLE.name for i in items)  # the rest is read


def test_directory_named_like_a_workbook_is_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "报送.xlsx"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    report = validate([folder])
    assert [Path(r.file).name for r in report.files] == [EXAMPLE.name]
    assert report.files[0].submission.tables
    assert [f.code for f in validate_file(folder).findings] == ["XG012"]


def test_good_workbooks_get_no_input_findings() -> None:
    """Silent where nothing is wrong: the template's own hidden 代码表 (no table on it) is not
    reported, nor anything else of the XG0xx family."""
    for path in sorted(EXAMPLES.glob("*.xlsx")):
        report = validate_file(path)
        assert input_findings(report.findings) == []
        grids = read_grids(path)
        assert [g.sheet for g in grids if g.hidden] == ["代码表"]
        assert all(g.notes == [] and g.hidden_rows == () for g in grids)


# ---------------------------------------------------------------- limits and how they bind


def test_limits_are_settings_per_call(tmp_path: Path) -> None:
    assert Limits().cell_chars == 32_767
    with pytest.raises(AttributeError):
        Limits().rows = 5  # type: ignore[misc]
    assert codes_with(EXAMPLE, Limits(file_bytes=1000)) == ["XG004"]
    assert codes_with(EXAMPLE, Limits(parts=5)) == ["XG015"]
    small = codes_with(EXAMPLE, Limits(rows=50))
    assert "XG020" in small  # 部门整体 has 86 rows; 项目1 (36) is still read
    long_text = codes_with(EXAMPLE, Limits(cell_chars=20))
    assert set(long_text) == {"XG021"}


def codes_with(path: Path, limits: Limits) -> list[str]:
    return sorted({f.code for f in input_findings(validate_file(path, limits).findings)})


def test_unpacked_size_beyond_the_cap(tmp_path: Path) -> None:
    """An honest part that unpacks beyond the per-part cap (the ratio alone would let it pass)."""
    big = tmp_path / "大部件.xlsx"
    rezip(EXAMPLE, big, extra={"xl/media/image1.bin": os.urandom(3 * 1024 * 1024)})
    assert codes_with(big, Limits(part_bytes=2 * 1024 * 1024)) == ["XG004"]
    assert codes_with(big, Limits()) == []


def test_far_cell_in_a_sheet_read_in_chunks(tmp_path: Path) -> None:
    """A worksheet part over 1 MB is scanned chunk by chunk: a far cell at its end is found."""
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>填充</t></is></c></row>'
                   for n in range(200, 30_200))  # fmt: skip
    pad = in_part(
        PROJECT_PART, lambda x: x.replace(b"</sheetData>", rows.encode() + b"</sheetData>")
    )
    near = tmp_path / "很多行.xlsx"
    rezip(EXAMPLE, near, pad)
    with zipfile.ZipFile(near) as archive:
        assert archive.getinfo(PROJECT_PART).file_size > 1024 * 1024
    assert codes_with(near, Limits()) == []
    far = tmp_path / "很多行且有远处单元格.xlsx"
    rezip(near, far, in_part(PROJECT_PART, add_cell("XFD1048576", "x")))
    assert codes_with(far, Limits()) == ["XG020"]


def test_calamine_itself_expands_no_entity(tmp_path: Path) -> None:
    """Why XG013 is defence in depth: calamine (Rust quick-xml) refuses an entity it does not
    know rather than expanding it. xlgoals refuses the DTD before calamine is asked."""
    import xlsxwriter

    plain = tmp_path / "plain.xlsx"
    book = xlsxwriter.Workbook(str(plain))
    book.add_worksheet("部门整体").write("A1", "部门名称")
    book.close()
    hostile = tmp_path / "laughs.xlsx"
    rezip(plain, hostile, lambda n, d: LAUGHS if n.endswith("sharedStrings.xml") else d)
    with pytest.raises(Exception, match="entity"):
        CalamineWorkbook.from_path(str(hostile))
    with pytest.raises(SourceError) as refused:
        read_grids(hostile)
    assert refused.value.code == "XG013"


def test_hidden_rows_without_content_are_not_reported(tmp_path: Path) -> None:
    """Rows hidden below the table, empty: nothing was read from them, nothing to say."""
    import re

    hidden = tmp_path / "隐藏空行.xlsx"
    hide = in_part(
        "xl/worksheets/sheet2.xml",
        lambda xml: re.sub(rb'<row r="(10[0-4])"(?=[ >])', rb'<row r="\1" hidden="1"', xml),
    )
    rezip(EXAMPLE, hidden, hide)
    grids = read_grids(hidden)
    assert grids[1].hidden_rows == (99, 100, 101, 102, 103)
    assert input_findings(validate_file(hidden).findings) == []


def test_a_workbook_read_but_for_one_sheet_is_usable(tmp_path: Path) -> None:
    """Exit code 2 is for a file that could not be used at all; one damaged sheet is an error
    in a workbook otherwise read (exit code 1), and its tables are merged."""
    made = build(tmp_path, ["missing_sheet", "empty_file"])
    partial = tmp_path / made["missing_sheet"].file
    result = cli("validate", str(partial), "--format", "json")
    assert result.returncode == 1, result.stderr
    assert "XG022" in {item["code"] for item in json.loads(result.stdout)}
    assert cli("validate", str(tmp_path / made["empty_file"].file)).returncode == 2
