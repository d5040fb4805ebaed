"""The baseline: what an analyst writes by hand to stack department workbooks with pandas.

    python benchmarks/baseline.py FOLDER -o OUT.xlsx [--limit N]

Every sheet of every workbook as raw rows (no labels, no checks), blank rows dropped, with the
file, department and sheet in front, concatenated and written to one workbook with openpyxl
(pandas' default for .xlsx), split over sheets at Excel's row limit.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

SHEET_ROWS = 1_048_575  # Excel's rows, less the header


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=None, help="the first N workbooks only")
    args = parser.parse_args(argv)
    files = sorted(args.folder.glob("*.xlsx"))[: args.limit]
    frames = []
    for path in files:
        sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl", header=None)
        for sheet, frame in sheets.items():
            frame = frame.dropna(how="all")
            frame.insert(0, "工作表", sheet)
            frame.insert(0, "部门", path.stem)
            frame.insert(0, "文件", path.name)
            frames.append(frame)
    merged = pd.concat(frames, ignore_index=True)
    with pd.ExcelWriter(args.output, engine="openpyxl") as writer:
        for start in range(0, len(merged), SHEET_ROWS):
            part = merged.iloc[start : start + SHEET_ROWS]
            part.to_excel(writer, sheet_name=f"汇总{start // SHEET_ROWS + 1}", index=False)
    print(f"{len(files)} workbooks, {len(merged)} rows → {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
