"""The peers: what an analyst writes by hand to stack department workbooks, with no checks.

    python benchmarks/baseline.py FOLDER -o OUT.xlsx [--engine ENGINE] [--limit N]

Every sheet of every workbook as raw rows (no labels, no checks), blank rows dropped, with the
file, department and sheet in front, concatenated and written to one workbook, split over sheets
at Excel's row limit. `--engine` picks the tools a user would pick instead of xlgoals:

* `openpyxl`: pandas `read_excel` and `to_excel` with openpyxl (pandas' default for .xlsx);
* `calamine`: pandas `read_excel(engine="calamine")`, written with XlsxWriter;
* `polars`: polars `read_excel` (calamine through fastexcel), `concat`, `write_excel`
  (XlsxWriter), the fastest plain concatenation we know of;
* `read`: python-calamine reading every sheet into Python lists and nothing else, the floor
  under any reader (what `xlgoals validate` is measured against).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

SHEET_ROWS = 1_048_575  # Excel's rows, less the header
ENGINES = ("openpyxl", "calamine", "polars", "read")


def pandas_merge(files: list[Path], output: Path, engine: str) -> int:
    import pandas as pd

    frames = []
    for path in files:
        sheets = pd.read_excel(path, sheet_name=None, engine=engine, header=None)
        for sheet, frame in sheets.items():
            frame = frame.dropna(how="all")
            frame.insert(0, "工作表", sheet)
            frame.insert(0, "部门", path.stem)
            frame.insert(0, "文件", path.name)
            frames.append(frame)
    merged = pd.concat(frames, ignore_index=True)
    writer_engine = "openpyxl" if engine == "openpyxl" else "xlsxwriter"
    with pd.ExcelWriter(output, engine=writer_engine) as writer:
        for start in range(0, len(merged), SHEET_ROWS):
            part = merged.iloc[start : start + SHEET_ROWS]
            part.to_excel(writer, sheet_name=f"汇总{start // SHEET_ROWS + 1}", index=False)
    return len(merged)


def polars_merge(files: list[Path], output: Path) -> int:
    import polars as pl
    import xlsxwriter

    frames = []
    for path in files:
        sheets = pl.read_excel(path, sheet_id=0, engine="calamine", has_header=False)
        for sheet, frame in sheets.items():
            frame = frame.select(pl.all().cast(pl.String))  # sheets differ in types and widths
            frame = frame.filter(~pl.all_horizontal(pl.all().is_null()))
            frame = frame.with_columns(
                pl.lit(path.name).alias("文件"), pl.lit(path.stem).alias("部门"),
                pl.lit(sheet).alias("工作表"),
            )  # fmt: skip
            frames.append(frame)
    merged = pl.concat(frames, how="diagonal_relaxed")
    with xlsxwriter.Workbook(output) as workbook:
        for start in range(0, merged.height, SHEET_ROWS):
            part = merged.slice(start, SHEET_ROWS)
            part.write_excel(workbook, worksheet=f"汇总{start // SHEET_ROWS + 1}", autofit=False)
    return merged.height


def bare_read(files: list[Path]) -> int:
    from python_calamine import CalamineWorkbook

    rows = 0
    for path in files:
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            rows += len(workbook.get_sheet_by_name(name).to_python())
        workbook.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--engine", choices=ENGINES, default="openpyxl")
    parser.add_argument("--limit", type=int, default=None, help="the first N workbooks only")
    args = parser.parse_args(argv)
    files = sorted(args.folder.glob("*.xlsx"))[: args.limit]
    if args.engine == "read":
        rows = bare_read(files)
    elif args.engine == "polars":
        rows = polars_merge(files, args.output)
    else:
        rows = pandas_merge(files, args.output, args.engine)
    print(f"{len(files)} workbooks, {rows} rows → {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
