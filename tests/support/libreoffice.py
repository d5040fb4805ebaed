"""LibreOffice headless for tests: recalculate workbooks and check that files open.

LibreOffice keeps the cached formula values of an .xlsx unless told otherwise, so `recalculate`
runs it with a private user profile whose settings force recalculation on load. One profile is
made per process and reused (the first start of a profile is the slow part); calls are
serialised because two soffice processes cannot share a profile.

Tests that need LibreOffice are marked `@pytest.mark.libreoffice`; conftest skips them when
soffice is absent. `requires_libreoffice` does the same for a single test without conftest.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

#: Seconds one conversion may take; the first start of a fresh profile needs the most.
TIMEOUT = 120

XLSX_FILTER = "xlsx:Calc MS Excel 2007 XML"

_RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop>
</item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop>
</item>
</oor:items>
"""

_LOCK = threading.Lock()


class LibreOfficeError(RuntimeError):
    """soffice failed, timed out or wrote no output."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_available() -> bool:
    return soffice_path() is not None


requires_libreoffice = pytest.mark.skipif(
    not soffice_available(), reason="LibreOffice (soffice) is not installed"
)


@functools.cache
def _profile() -> Path:
    """A fresh user profile that recalculates every formula on load; removed at exit."""
    root = Path(tempfile.mkdtemp(prefix="xlgoals-lo-profile-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    user = root / "user"
    user.mkdir()
    (user / "registrymodifications.xcu").write_text(_RECALC_ALWAYS, encoding="utf-8")
    return root


def convert(path: Path, out_dir: Path, target: str) -> Path:
    """Run `soffice --convert-to target` on `path`; return the file written into `out_dir`."""
    soffice = soffice_path()
    if soffice is None:
        raise LibreOfficeError("LibreOffice (soffice) is not installed")
    path, out_dir = Path(path).resolve(), Path(out_dir).resolve()
    extension = target.split(":", 1)[0]
    output = out_dir / f"{path.stem}.{extension}"
    if output == path:
        raise ValueError(f"converting {path} into {out_dir} would overwrite it")
    out_dir.mkdir(parents=True, exist_ok=True)
    output.unlink(missing_ok=True)
    command = [
        soffice,
        f"-env:UserInstallation={_profile().as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--nolockcheck",
        "--convert-to",
        target,
        "--outdir",
        str(out_dir),
        str(path),
    ]
    with _LOCK:
        stdout, stderr = _run(command)
    if not output.is_file() or output.stat().st_size == 0:
        raise LibreOfficeError(
            f"soffice wrote no {output.name}\nstdout: {stdout.strip()}\nstderr: {stderr.strip()}"
        )
    return output


def _run(command: list[str]) -> tuple[str, str]:
    """Run soffice in its own process group so a timeout kills soffice.bin too."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"},
    )
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise LibreOfficeError(f"soffice timed out after {TIMEOUT}s: {command}") from exc
    if process.returncode != 0:
        raise LibreOfficeError(f"soffice exited with {process.returncode}\n{stdout}\n{stderr}")
    return stdout, stderr


def recalculate(path: Path, out_dir: Path) -> Path:
    """Open `path` in LibreOffice, recalculate every formula, save as .xlsx in `out_dir`."""
    return convert(path, out_dir, XLSX_FILTER)


def open_ok(path: Path, out_dir: Path | None = None) -> bool:
    """True when LibreOffice opens `path` and renders it to PDF (every sheet, print set-up)."""
    with tempfile.TemporaryDirectory(prefix="xlgoals-lo-") as scratch:
        try:
            convert(path, Path(out_dir or scratch), "pdf")
        except LibreOfficeError:
            return False
    return True
