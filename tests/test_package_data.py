"""The files a wheel must carry (ribbon sources, template, icons) and the commands that write
them: `-o` takes a folder or a file name, and a failed write names its real cause.

The wheel itself is built and installed in a fresh virtualenv by `.ci/wheel-check` (run by
`.ci/run`), which runs the same commands from there."""

from __future__ import annotations

import fnmatch
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from xlgoals import data

ROOT = Path(__file__).resolve().parent.parent
COMMAND = [sys.executable, "-m", "xlgoals.cli"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=300)


def test_the_top_level_folders_are_the_package_data_itself() -> None:
    """One copy of each file: macros/ and workbook_templates/ link into xlgoals/data."""
    for folder in ("macros", "workbook_templates"):
        top = ROOT / folder
        assert top.is_symlink(), f"{folder}/ must stay a link to xlgoals/data/{folder}"
        assert top.resolve() == (ROOT / "xlgoals" / "data" / folder).resolve()
    assert data.macros_dir().joinpath("customUI.xml").is_file()
    assert data.macros_dir().joinpath("xlgoals.bas").is_file()
    assert data.template_file().is_file()


def test_every_icon_is_a_png_of_its_size() -> None:
    icons = ROOT / "xlgoals" / "server" / "project" / "static" / "images" / "icons"
    for size in (16, 32, 64, 80):
        png = (icons / f"icon-{size}.png").read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        assert int.from_bytes(png[16:20], "big") == int.from_bytes(png[20:24], "big") == size


@pytest.mark.parametrize(
    "package, folder", [("xlgoals.data", "data"), ("xlgoals.server", "server/project")]
)
def test_pyproject_ships_every_data_file(package: str, folder: str) -> None:
    """Each file there matches a package-data pattern (else the wheel lacks it)."""
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"][package]
    base = ROOT / "xlgoals" / package.split(".")[1]
    files = [
        p.relative_to(base).as_posix()
        for p in (ROOT / "xlgoals" / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]
    if package == "xlgoals.data":
        files = [f for f in files if f != "__init__.py"]
    assert len(files) >= 3
    for name in files:
        assert any(fnmatch.fnmatch(name, pattern) for pattern in patterns), name


def _built(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_addin_build_into_a_folder(tmp_path: Path) -> None:
    result = run("addin", "build", "-o", str(tmp_path / "dist"))
    assert result.returncode == 0, result.stderr
    assert sorted(_built(tmp_path / "dist")) == ["xlgoals.xlam", "xlgoals.xlsm"]
    assert str(tmp_path / "dist" / "xlgoals.xlam") in result.stderr


@pytest.mark.parametrize("name", ["我的加载项.xlam", "部门宏.XLSM"])
def test_addin_build_to_a_file_name_writes_that_file(tmp_path: Path, name: str) -> None:
    target = tmp_path / "out" / name
    result = run("addin", "build", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert [p.name for p in target.parent.iterdir()] == [name]
    assert zipfile.ZipFile(target).testzip() is None
    assert not list(tmp_path.glob("xlgoals.*"))  # nothing in the parent folder


def test_a_file_in_the_way_is_named_as_the_cause(tmp_path: Path) -> None:
    (tmp_path / "dist").write_text("a file, not a folder")
    result = run("addin", "build", "-o", str(tmp_path / "dist"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert str(tmp_path / "dist") in result.stderr
    assert "不是文件夹" in result.stderr or "同名的文件" in result.stderr
    assert (tmp_path / "dist").read_text() == "a file, not a folder"


def test_a_missing_template_is_not_called_a_write_error(tmp_path: Path) -> None:
    result = run("addin", "build", "-o", str(tmp_path), "--template", str(tmp_path / "无.xlsx"))
    assert result.returncode == 2
    assert "找不到工作簿模板" in result.stderr and "无法写出" not in result.stderr
    assert list(tmp_path.iterdir()) == []  # not even the add-in was written


def test_template_into_a_folder_or_a_file(tmp_path: Path) -> None:
    assert run("template", "-o", str(tmp_path)).returncode == 0
    assert (tmp_path / data.TEMPLATE_NAME).read_bytes() == data.template_file().read_bytes()
    assert run("template", "-o", str(tmp_path / "模板.xlsx")).returncode == 0
    assert (tmp_path / "模板.xlsx").read_bytes() == data.template_file().read_bytes()
    refused = run("template", "-o", str(tmp_path / "模板.xls"))
    assert refused.returncode == 2 and ".xlsx" in refused.stderr
