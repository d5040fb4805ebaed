"""Where a ribbon click spends its time: imports or work (not run by the tests).

    python benchmarks/bench_ribbon.py [--rows 200] [--repeat 5]

A click on 检查填报 runs `xlgoals.excel.validate` in a Python process. This times, in a fresh
process each turn, `import xlwings` (which loads pandas and numpy itself), `import
xlgoals.excel` on top of it, and the action on a department workbook with `--rows` indicator
rows, run on xlwings' remote interpreter (`xw.Book(json=…)`, the xlwings Server path; no Excel
is needed). Prints the best of `--repeat` for each part and the work's share.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

_TURN = """
import json, os, sys, time
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"  # the remote interpreter is PRO code
start = time.perf_counter()
import xlwings as xw
xlwings_done = time.perf_counter()
from xlgoals import excel
from xlgoals.excel.engine import enable_remote_engine
ours_done = time.perf_counter()
enable_remote_engine()
payload = book_payload(sys.argv[1])
before = time.perf_counter()
summary = excel.validate(xw.Book(json=payload))
done = time.perf_counter()
print(json.dumps({"xlwings": xlwings_done - start, "xlgoals": ours_done - xlwings_done,
                  "work": done - before, "summary": summary}))
"""


def _workbook(folder: Path, rows: int) -> Path:
    import random

    from support.synthetic_departments import _indicator_rows, write_department

    made = write_department(folder, 0, rows=_indicator_rows(random.Random(1), rows, "部门"))
    return made.path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = _workbook(Path(scratch), args.rows)
        turns = []
        for _ in range(args.repeat):
            out = subprocess.run(
                [sys.executable, "-c", _TURN, str(path)], capture_output=True, text=True, check=True
            )
            turns.append(json.loads(out.stdout.strip().splitlines()[-1]))
    best = {part: min(t[part] for t in turns) for part in ("xlwings", "xlgoals", "work")}
    total = sum(best.values())
    print(f"{args.rows} indicator rows; best of {args.repeat} fresh processes")
    for part, label in (("xlwings", "import xlwings"), ("xlgoals", "import xlgoals.excel"),
                        ("work", "validate (read, check, mark, 问题清单)")):  # fmt: skip
        print(f"  {label:<40} {best[part] * 1000:7.0f} ms  {best[part] / total:5.0%}")
    print(f"  the click's work against xlgoals' own import: {best['work'] / best['xlgoals']:.1f}×")
    print(f"  summary: {turns[-1]['summary']}")


if __name__ == "__main__":
    main()
