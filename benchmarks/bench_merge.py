"""Benchmark `xlgoals merge` on generated departments (not run by the tests).

    python benchmarks/bench_merge.py --count 60 --jobs 2

Reports seconds per workbook for reading and checking with one process (the baseline),
with `--jobs` processes, and for writing the district workbook, and the speed-up ratio
jobs/baseline measured in the same run on the same files.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from synthetic_departments import write_departments

from xlgoals.consolidation import merge
from xlgoals.consolidation_writer import write_consolidation


def _timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40, help="departments to generate")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the compared run")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="xlgoals-bench-") as scratch:
        folder = Path(scratch) / "departments"
        made, generate = _timed(write_departments, folder, args.count, args.seed)
        rows = sum(m.indicators for m in made)
        baseline, serial = _timed(merge, folder, jobs=1, progress=False)
        _, parallel = _timed(merge, folder, jobs=args.jobs, progress=False)
        _, writing = _timed(write_consolidation, baseline, Path(scratch) / "汇总.xlsx")
    per = 1000 / args.count
    print(f"{args.count} departments, {rows} indicator rows (generated in {generate:.1f}s)")
    print(f"merge jobs=1 (baseline): {serial * per:7.1f} ms/workbook")
    print(f"merge jobs={args.jobs}:{' ' * 12}{parallel * per:7.1f} ms/workbook")
    print(f"write workbook:          {writing * per:7.1f} ms/workbook")
    print(f"speed-up jobs={args.jobs} vs jobs=1: {serial / parallel:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
