"""Where `validate`'s time goes, per workbook, in one process: the stages one after another.

    python benchmarks/stages.py DIR [--count 200] [--repeat 3]

Stages, each timed over the same workbooks (best of `--repeat`, garbage collected between):

* bare read: python-calamine's values of every sheet (`baseline.py --engine read`);
* safe read: `read_grids`, the package checked before calamine sees it, then grids;
* tables: `read_tables`, every table found by its labels and each indicator row placed;
* models: only the models of each row read, built again from their values (its `Indicator`,
  `Target` and the `Where` of its name, target and comparator cells): a reader making no
  decision at all would still pay this;
* checks: `run_checks` on what was read;
* report: the findings as the CLI's JSON (`Report.to_json`), which the parent writes alone.

It prints milliseconds per workbook and per indicator row, and what `validate -j JOBS` within
2× the bare read leaves for reading tables and checking them (issue 17): the CPU of all but
the report shared over JOBS cores, the report serial.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from baseline import bare_read

from xlgoals.checks import run_checks
from xlgoals.model.submission import Indicator, Submission
from xlgoals.model.targets import Target
from xlgoals.problems.findings import Where
from xlgoals.problems.report import Report
from xlgoals.reading.tables import read_tables
from xlgoals.reading.workbook import read_grids
from xlgoals.validation import validate_submission


def _best(repeat: int, work: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def _rebuilt(submission: Submission) -> None:
    for row in submission.indicators:
        cells = {k: Where(**w.__dict__) for k in _CELLS if (w := getattr(row, k)) is not None}
        Indicator(**{**row.__dict__, "target": Target(**row.target.__dict__), **cells})


_CELLS = ("at", "target_at", "comparator_at")


def _per(seconds: float, workbooks: int, rows: int) -> str:
    return f"{seconds / workbooks * 1e3:.2f} ms a workbook ({seconds / rows * 1e6:.1f} µs a row)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2, help="cores validate would use")
    args = parser.parse_args(argv)
    files = [str(p) for p in sorted(args.folder.glob("*.xlsx"))[: args.count]]
    n = len(files)

    def tables() -> list:
        for grids in sheets:
            for grid in grids:
                grid.changed()  # each run works the grids out afresh
        return [read_tables(g, f) for g, f in zip(sheets, files, strict=True)]

    bare, _ = _best(args.repeat, lambda: bare_read([Path(f) for f in files]))
    safe, sheets = _best(args.repeat, lambda: [read_grids(f) for f in files])
    read, submissions = _best(args.repeat, tables)
    models, _ = _best(args.repeat, lambda: [_rebuilt(s) for s in submissions])
    checks, _ = _best(args.repeat, lambda: [run_checks(s) for s in submissions])
    reports = [validate_submission(s).findings_only() for s in submissions]
    report, _ = _best(args.repeat, lambda: Report(files=reports).to_json())
    rows = sum(len(s.indicators) for s in submissions)
    findings = sum(len(r.findings) for r in reports)

    print(f"{n} workbooks, {rows / n:.0f} indicator rows and {findings / n:.1f} findings each")
    for name, seconds in (("bare read", bare), ("safe read", safe), ("tables", read),
                          ("models", models), ("checks", checks), ("report", report)):  # fmt: skip
        print(f"{name:>10}: {_per(seconds, n, rows)}")
    # wall ≈ (safe read + tables + checks) / jobs + report: what 2× the bare read leaves
    budget = 2 * bare * args.jobs - safe - report * args.jobs
    print(
        f"validate -j {args.jobs} within 2× the bare read leaves {_per(budget, n, rows)} "
        f"for tables and checks; they take {_per(read + checks, n, rows)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
