"""`merge --jobs`: what worker processes read comes back whole and equal to this process's.

No timing here (see benchmarks/bench_merge.py): only that what crosses processes is exact.
"""

from __future__ import annotations

import gc
import pickle
import shutil
import threading
from pathlib import Path

import pytest
from pydantic import ValidationError
from support.synthetic_departments import write_departments

from xlgoals.district.merge import merge, read_file
from xlgoals.model.submission import Sourced, SourcedText
from xlgoals.parallel import _dumps, _loads, _start_context
from xlgoals.problems.render import render_text
from xlgoals.validation import validate, validate_file

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "departments"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated departments, the examples, and a file that is not a workbook."""
    folder = tmp_path_factory.mktemp("parallel")
    write_departments(folder, 12, seed=7)
    for example in sorted(EXAMPLES.glob("*.xlsx")):
        shutil.copy(example, folder / example.name)
    (folder / "损坏.xlsx").write_bytes(b"not a zip file")
    return folder


def test_sourced_text_pickles_with_pydantic_pickle() -> None:
    assert SourcedText is Sourced[str]
    item = Sourced[str](value="部门名称", at={"file": "a.xlsx", "sheet": "部门整体", "cell": "B3"})
    back = pickle.loads(pickle.dumps(item))
    assert back == item and type(back) is SourcedText


def test_reports_round_trip_exactly() -> None:
    reports = [validate_file(path) for path in sorted(EXAMPLES.glob("*.xlsx"))]
    assert any(r.submission.tables[0].title for r in reports)  # Sourced[str] values cross
    back = _loads(_dumps(reports))
    assert back == reports
    frozen = back[0].findings[0]
    with pytest.raises(ValidationError):  # still a frozen pydantic model, not a plain object
        frozen.code = "XG000"


def test_digests_round_trip_exactly() -> None:
    digests = [read_file(str(path)) for path in sorted(EXAMPLES.glob("*.xlsx"))]
    assert all(d.indicators and d.findings for d in digests)
    assert _loads(_dumps(digests)) == digests


@pytest.mark.parametrize("jobs", [2, 3, 40])
def test_workers_give_the_same_reports(folder: Path, jobs: int) -> None:
    serial = merge(folder, jobs=1)
    parallel = merge(folder, jobs=jobs)
    assert parallel.files == serial.files
    assert parallel.findings == serial.findings
    assert any(f.code == "XG001" for f in parallel.findings)  # the broken file, from any side


def test_validate_with_workers_reports_the_same(folder: Path) -> None:
    serial = validate(folder)
    parallel = validate(folder, jobs=2)
    assert parallel.files == serial.files  # the tables read, too
    slim = validate(folder, jobs=2, tables=False)
    assert [r.submission for r in slim.files] == [None] * len(serial.files)
    assert [(r.file, r.findings, r.summary) for r in slim.files] == [
        (r.file, r.findings, r.summary) for r in serial.files
    ]
    assert render_text(slim) == render_text(serial)
    assert sum(r.summary.indicators for r in slim.files) == sum(
        len(r.submission.indicators) for r in serial.files
    )


def test_progress_bar_with_workers(folder: Path) -> None:
    assert merge(folder, jobs=2, progress=True).files == merge(folder, jobs=1).files


def test_spawn_when_threads_run(folder: Path) -> None:
    """With threads alive (an Excel server) fork could deadlock: spawned workers instead."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert _start_context().get_start_method() == "spawn"
        reports = merge(folder, jobs=2).files
    finally:
        stop.set()
        thread.join()
    assert _start_context().get_start_method() in ("fork", "spawn")
    assert reports == merge(folder, jobs=1).files


def test_collector_settings_are_restored(folder: Path) -> None:
    before = gc.get_threshold()
    merge(folder, jobs=2)
    merge(folder, jobs=1)
    assert gc.get_threshold() == before
    assert gc.isenabled()
