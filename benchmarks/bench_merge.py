"""Benchmark `xlgoals merge` on generated departments (not run by the tests).

    python benchmarks/bench_merge.py --count 200 --jobs 2

Reports seconds per workbook for reading and checking (`merge`, without writing) with one
process (the baseline) and with `--jobs` processes, run in turns `--repeat` times on the same
files, each from the same state (earlier results freed and collected, as in a fresh `xlgoals
merge`), the speed-up jobs/baseline of the best runs and of each turn, and the time for writing
the district workbook. The load average is printed first: other processes on the machine
slow the parallel run more than the baseline. Exits 1 when the output differs across `--jobs`.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from support.synthetic_departments import write_departments

from xlgoals.district.merge import merge
from xlgoals.district.workbook import write_consolidation


def _timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def _digest(consolidation) -> str:
    """Every file's rows and findings (district findings included), hashed: the sheets derive
    from them.

    Not the sheets themselves: pandas would then be loaded before the next run, which a fresh
    `xlgoals merge` does not have (and a forked worker would inherit).
    """
    digest = hashlib.sha256()
    for f in consolidation.files:
        digest.update(repr((f.file, f.department, f.budget, f.projects, f.indicators)).encode())
        for item in f.findings:
            digest.update(item.model_dump_json().encode())
    for item in consolidation.general:
        digest.update(item.model_dump_json().encode())
    return digest.hexdigest()


def _run(folder: Path, jobs: int) -> tuple[float, str]:
    """One timed merge from the same state: earlier results freed and collected beforehand."""
    gc.collect()
    consolidation, seconds = _timed(merge, folder, jobs=jobs, progress=False)
    return seconds, _digest(consolidation)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="departments to generate")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the compared run")
    parser.add_argument("--repeat", type=int, default=3, help="turns of both runs")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="xlgoals-bench-") as scratch:
        folder = Path(scratch) / "departments"
        made, generate = _timed(write_departments, folder, args.count, args.seed)
        rows = sum(m.indicators for m in made)
        print(f"{args.count} departments, {rows} indicator rows (generated in {generate:.1f}s)")
        print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        serial, parallel, digests = [], [], set()
        for _ in range(args.repeat):
            for jobs, times in ((1, serial), (args.jobs, parallel)):
                seconds, digest = _run(folder, jobs)
                times.append(seconds)
                digests.add(digest)
        baseline = merge(folder, jobs=1, progress=False)
        _, writing = _timed(write_consolidation, baseline, Path(scratch) / "汇总.xlsx")
    per = 1000 / args.count
    turns = " ".join(f"{s / p:.2f}" for s, p in zip(serial, parallel, strict=True))
    print(f"merge jobs=1 (baseline): {min(serial) * per:7.1f} ms/workbook (best of {args.repeat})")
    print(f"merge jobs={args.jobs}:{' ' * 12}{min(parallel) * per:7.1f} ms/workbook")
    print(f"write workbook:          {writing * per:7.1f} ms/workbook")
    print(f"speed-up jobs={args.jobs} vs jobs=1: {min(serial) / min(parallel):.2f}x best, "
          f"{statistics.median(serial) / statistics.median(parallel):.2f}x median "
          f"(each turn: {turns})")  # fmt: skip
    print("load average after:  {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    if len(digests) != 1:
        print(f"the sheets differ between jobs=1 and jobs={args.jobs}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
