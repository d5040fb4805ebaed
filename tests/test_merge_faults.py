"""Faults during a merge: killed or interrupted at any moment, a full disk, a folder it may not
write to, two merges writing the same file at once. Never a partial workbook, never a changed
input. Each runs the real command in a subprocess."""

from __future__ import annotations

import hashlib
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from support.synthetic_departments import write_departments

from xlgoals.district.workbook import CREATED_CELL

COMMAND = [sys.executable, "-m", "xlgoals.cli", "merge"]
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "departments"


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def contents(path: Path) -> dict[str, list]:
    """Every sheet's values, the creation time left out: two merges of the same inputs agree."""
    book = CalamineWorkbook.from_path(str(path))
    sheets = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    sheet, cell = CREATED_CELL
    sheets[sheet][int(cell[1:]) - 1][1] = None
    return sheets


def temporaries(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("faults")
    write_departments(folder, 40, seed=11)
    return folder


@pytest.fixture(scope="module")
def reference(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """One complete merge and how long it took."""
    out = tmp_path_factory.mktemp("reference") / "汇总.xlsx"
    start = time.perf_counter()
    subprocess.run([*COMMAND, str(inputs), "-o", str(out), "-q"], check=True, timeout=300)
    return out, time.perf_counter() - start


@pytest.mark.parametrize("how", ["kill", "interrupt"])
def test_stopped_at_any_moment_leaves_no_partial_output(
    inputs: Path, reference: tuple[Path, float], tmp_path: Path, how: str
) -> None:
    done, seconds = reference
    before = hashes(inputs)
    expected = contents(done)
    rng = random.Random(how)
    moments = sorted(rng.uniform(0.05, 1.1) * seconds for _ in range(6))
    for n, moment in enumerate(moments):
        out = tmp_path / "汇总.xlsx"
        previous = n % 2 == 1  # every other time over a complete earlier output
        if previous:
            shutil.copy(done, out)
        elif out.exists():
            out.unlink()
        process = subprocess.Popen([*COMMAND, str(inputs), "-o", str(out), "-q", "-j", "2"])
        time.sleep(moment)
        process.send_signal(signal.SIGKILL if how == "kill" else signal.SIGINT)
        process.wait(timeout=120)
        if out.exists():  # the earlier output, or this run's if it had finished: complete
            assert contents(out) == expected, f"stopped at {moment:.2f} s"
            openpyxl.load_workbook(out, read_only=True).close()
        else:
            assert not previous, f"the earlier output vanished (stopped at {moment:.2f} s)"
        if how == "interrupt":
            assert temporaries(tmp_path) == []  # an interrupted run cleans up after itself
    assert hashes(inputs) == before
    subprocess.run([*COMMAND, str(inputs), "-o", str(out), "-q"], check=True, timeout=300)
    assert temporaries(tmp_path) == []  # the next write removes what killed runs left
    assert contents(out) == expected


def test_two_merges_writing_one_file_at_once(inputs: Path, reference, tmp_path: Path) -> None:
    out = tmp_path / "汇总.xlsx"
    command = [*COMMAND, str(inputs), "-o", str(out), "-q", "-j", "1"]
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: subprocess.run(command, timeout=300), range(2)))
    assert [r.returncode for r in results] == [0, 0]
    assert contents(out) == contents(reference[0])
    assert temporaries(tmp_path) == []


def _small_files_only() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


def test_a_full_disk_is_exit_2_and_keeps_the_earlier_output(tmp_path: Path) -> None:
    """The file-size limit stands in for a full disk: the write fails midway the same way."""
    out = tmp_path / "汇总.xlsx"
    out.write_bytes(b"earlier output")
    result = subprocess.run(
        [*COMMAND, str(EXAMPLES), "-o", str(out), "-q"],
        preexec_fn=_small_files_only,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2
    assert "无法写出" in result.stderr and "Traceback" not in result.stderr
    assert out.read_bytes() == b"earlier output"
    assert temporaries(tmp_path) == []


DEPARTMENT = EXAMPLES / "东湖区人社局.xlsx"
SEED = EXAMPLES.parent / "seed.txt"


@pytest.mark.parametrize(
    "command",
    [
        ["merge", str(EXAMPLES), "-q", "-o", "{out}/汇总.xlsx"],
        ["subtotals", str(DEPARTMENT), "-o", "{out}/合计.xlsx"],
        ["validate", str(DEPARTMENT), "--annotate", "{out}/退回.xlsx"],
        ["import", str(SEED), "-o", "{out}/转换"],
        ["template", "-o", "{out}/模板.xlsx"],
    ],
    ids=lambda command: command[0],
)
def test_a_folder_it_may_not_write_to_is_exit_2(tmp_path: Path, command: list[str]) -> None:
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is needed to make root obey file modes")
    folder = tmp_path / "只读"
    folder.mkdir()
    folder.chmod(0o555)
    # without these capabilities root obeys file modes, as a clerk's account does
    unprivileged = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
    args = [part.format(out=folder) for part in command]
    result = subprocess.run(
        [*unprivileged, *COMMAND[:-1], *args], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 2, result.stderr
    assert "没有写入该文件夹的权限" in result.stderr and "Traceback" not in result.stderr
    assert list(folder.iterdir()) == []
