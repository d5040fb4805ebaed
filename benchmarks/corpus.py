"""Scoreboard of the reader on real tables from other provinces.

    python benchmarks/corpus.py [FOLDER] [--rows] [--markdown]

FOLDER holds published tables as text, one table row per line, cells separated by tabs (the
test fixtures in tests/data/corpus by default). Per file: the tables read (kind, name),
indicator rows read of rows present, amounts read, the reading coverage of the indicator
regions, and the finding codes. `--rows` also lists every indicator read; `--markdown` prints
the scoreboard as the table docs/reference/reader.md shows.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from xlgoals.importing.text import read_text
from xlgoals.model.submission import DepartmentTable, ProjectTable
from xlgoals.reading.tables import read_tables
from xlgoals.validation import validate_submission

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus"


def amounts(table: DepartmentTable | ProjectTable) -> list[str]:
    holder = table.budget if isinstance(table, DepartmentTable) else table.funds
    found = [f"{label}={a.value}" for label, a in holder if a is not None]
    for row in table.execution:
        parts = (row.planned, row.budget, row.executed)
        found.append(f"{row.label}:" + "/".join("" if p is None else str(p.value) for p in parts))
    return found


def markdown_row(path: Path) -> tuple[int, int, int]:
    grid, _ = read_text(path, path.name)
    submission = read_tables([grid], path.name)
    codes = Counter(f.code for f in validate_submission(submission).findings)
    found = " ".join(f"{c}×{n}" if n > 1 else c for c, n in sorted(codes.items()))
    tables = submission.tables or [None]
    read = present = 0
    for index, table in enumerate(tables):
        head = path.name[:2] if index == 0 else ""
        tail = found if index == len(tables) - 1 else ""
        if table is None:
            print(f"| {head} | — | — | — | — | {tail} |")
            continue
        name = table.display_name if isinstance(table, ProjectTable) else "部门整体"
        read, present = read + len(table.indicators), present + table.rows_present
        print(
            f"| {head} | {table.kind}: {name[:16]} | {len(table.indicators)} / "
            f"{table.rows_present} | {len(amounts(table))} | {table.coverage:.0%} | {tail} |"
        )
    return read, present, len(submission.tables)


def score(path: Path, show_rows: bool) -> tuple[int, int, int]:
    grid, _ = read_text(path, path.name)
    submission = read_tables([grid], path.name)
    report = validate_submission(submission)
    codes = Counter(f.code for f in report.findings)
    read = present = 0
    print(f"== {path.name}")
    for table in submission.tables:
        name = table.display_name if isinstance(table, ProjectTable) else "部门整体"
        rows = len(table.indicators)
        read += rows
        present += table.rows_present
        print(
            f"   {table.kind:10} {name[:24]:24} rows {rows}/{table.rows_present}"
            f"  coverage {table.coverage:.0%}  amounts {len(amounts(table))}"
        )
        if show_rows:
            for line in amounts(table):
                print(f"      ¥ {line}")
            for i in table.indicators:
                comparator = i.comparator.value if i.comparator else ""
                print(f"      {i.level1} / {i.level2} / {i.name} | {comparator} {i.value} {i.unit}")
    print("   findings:", " ".join(f"{c}×{n}" if n > 1 else c for c, n in sorted(codes.items())))
    return read, present, len(submission.tables)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--rows", action="store_true", help="list every indicator read")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    totals = [0, 0, 0]
    if args.markdown:
        print("| # | table | rows read / present | amounts | coverage | findings |")
        print("|---|---|---|---|---|---|")
    for path in sorted(args.folder.glob("*.txt")):
        counts = markdown_row(path) if args.markdown else score(path, args.rows)
        for i, n in enumerate(counts):
            totals[i] += n
    print(f"total: {totals[2]} tables, {totals[0]} of {totals[1]} indicator rows read")
    return 0


if __name__ == "__main__":
    sys.exit(main())
