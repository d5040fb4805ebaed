"""Speed of `validate`, as a ratio against reading the same files' raw values.

Goal: validating costs at most 3× the bare python-calamine read of the same workbooks (the
floor any reader pays), and a thousand department workbooks validate in well under a minute
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
GOAL_RATIO = 3.0


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
    print(f"validate per workbook: {measured / count * 1000:.1f} ms")
    print(f"ratio validate / raw read: {ratio:.1f}× (goal ≤ {GOAL_RATIO}×)")
    return 0 if ratio <= GOAL_RATIO else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
