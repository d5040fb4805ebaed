"""指标明细 for analysts, beside the district workbook: Parquet (typed) or CSV (for anything).

No row limit here: the whole table in one file, whatever Excel's sheets hold. Written
atomically like every output. CSV text that a spreadsheet would run as a formula (a leading
`=`, `+`, `-`, `@`, tab or carriage return) is prefixed with `'`, the usual guard, since a
CSV has no way to say "this is text".
"""

from __future__ import annotations

import csv
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlgoals.contract import INDICATOR_COLUMNS
from xlgoals.district.merge import Consolidation
from xlgoals.write.common import atomic_path

FORMATS = ("parquet", "csv")
_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class MissingDependency(RuntimeError):
    """An optional back-end is not installed; the message says what to install."""


def export_path(output: str | os.PathLike[str], kind: str) -> Path:
    """Where `--also KIND` writes: beside the workbook, `汇总.xlsx` → `汇总.指标明细.parquet`."""
    out = Path(output)
    return out.with_name(f"{out.stem}.指标明细.{kind}")


def write_indicators(c: Consolidation, path: str | os.PathLike[str], kind: str) -> Path:
    """Write every indicator row as `kind` (parquet or csv) to `path`, atomically."""
    if kind not in FORMATS:
        raise ValueError(f"unknown format {kind!r}: choose from {', '.join(FORMATS)}")
    with atomic_path(path) as tmp:
        (_parquet if kind == "parquet" else _csv)(c, tmp)
    return Path(path)


def _csv(c: Consolidation, path: Path) -> None:
    # utf-8 with a BOM: Excel opens it as Unicode; pandas and R read it too
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(INDICATOR_COLUMNS)
        writer.writerows([_csv_cell(v) for v in row] for row in c.indicator_rows())


def _csv_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_CSV_FORMULA_START):
        return "'" + value
    return value


def _parquet(c: Consolidation, path: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingDependency(
            "写出 Parquet 需要 pyarrow：pip install 'xlgoals[parquet]' / "
            "Parquet needs pyarrow: pip install 'xlgoals[parquet]'"
        ) from exc
    columns = list(zip(*c.indicator_rows(), strict=True)) or [()] * len(INDICATOR_COLUMNS)
    arrays = {}
    for name, column in zip(INDICATOR_COLUMNS, columns, strict=True):
        if name in ("分值", "得分"):  # exact, empty on target tables
            arrays[name] = pa.array([v if isinstance(v, Decimal) else None for v in column])
            continue
        if name != "指标值":
            arrays[name] = pa.array(column, pa.string())
            continue
        # numbers and text: a decimal column, its type inferred to hold every value exactly,
        # and the text targets in a column of their own
        numbers = [v if isinstance(v, Decimal) else None for v in column]
        exact = None if any(n is not None for n in numbers) else pa.decimal128(38, 4)
        arrays[name] = pa.array(numbers, exact)
        texts = [None if isinstance(v, Decimal) else v for v in column]
        arrays["指标值文字"] = pa.array(texts, pa.string())
    pq.write_table(pa.table(arrays), path)
