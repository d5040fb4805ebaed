"""Speed of `validate`, as a ratio against reading the same files' raw values.

The baseline is the bare python-calamine read of the same workbooks in the same run: the floor
any reader pays, in Rust. Reading by labels, parsing every target and running every check is
Python on top of it. Goals: at most 12× that floor (measured 9.7× on 2026-11-27, 2 cores) and
at most 20 ms per department workbook, so a thousand workbooks validate in well under a minute
on one core. Run: `python benchmarks/bench_validate.py [N]`.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from python_calamine import CalamineWorkbook

from xlgoals.validation import validate

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "departments"
GOAL_RATIO = 12.0
GOAL_MS_PER_WORKBOOK = 20.0


def _copies(folder: Path, count: int) -> list[Path]:
    sources = sorted(EXAMPLES.glob("*.xlsx"))
    paths = []
    for index in range(count):
        source = sources[index % len(sources)]
        path = folder / f"{index:05d}_{source.name}"
        shutil.copy(source, path)
        paths.append(path)
    return paths


def _raw_read(paths: list[Path]) -> None:
    for path in paths:
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            workbook.get_sheet_by_name(name).to_python()
        workbook.close()


def _best_of(runs: int, function, *args) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        function(*args)
        best = min(best, time.perf_counter() - start)
    return best


def main(count: int = 200) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        paths = _copies(Path(tmp), count)
        baseline = _best_of(3, _raw_read, paths)
        measured = _best_of(3, validate, paths)
    ratio = measured / baseline
    print(f"{count} workbooks: raw read {baseline:.2f}s, validate {measured:.2f}s")
    per_workbook = measured / count * 1000
    print(f"validate per workbook: {per_workbook:.1f} ms (goal ≤ {GOAL_MS_PER_WORKBOOK} ms)")
    print(f"ratio validate / raw read: {ratio:.1f}× (goal ≤ {GOAL_RATIO}×)")
    return 0 if ratio <= GOAL_RATIO and per_workbook <= GOAL_MS_PER_WORKBOOK else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
