"""Fuzzing the read path with hypothesis: whatever the cells or the bytes, only findings.

(a) grids of random cells (text with Chinese and control characters, label words, numbers,
dates, None) through the reader and every check; (b) mutated bytes of a real workbook, whole
or inside its zip parts, through `validate_file`; (c) every well-formed indicator row of a
generated table is either read as an indicator or named by a finding.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import string
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.merge_invariants import check_merge, hashes

from xlgoals.address import parse_a1
from xlgoals.district.merge import merge
from xlgoals.district.workbook import write_consolidation
from xlgoals.model import labels
from xlgoals.model.framework import FRAMEWORK
from xlgoals.problems.render import render_text
from xlgoals.problems.report import Report
from xlgoals.reading.grid import Grid
from xlgoals.reading.safety import SourceError
from xlgoals.reading.tables import read_tables
from xlgoals.validation import validate_file, validate_grids

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "departments" / "东湖区人社局.xlsx"
FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = sorted(
    {s for spellings in labels.FIELD_SYNONYMS.values() for s in spellings}
    | {s for spellings in labels.COLUMN_SYNONYMS.values() for s in spellings}
    | set(FRAMEWORK)
    | {level2 for level2s in FRAMEWORK.values() for level2 in level2s}
    | {"≥", ">", "=", "<", "≤", "定性", "大于等于", "万元", "元", "%", "次", "人"}
    | {"东湖区人社局 2024 年度部门整体支出绩效目标表", "其中：财政拨款", "-----", "≥95%左右"}
)
TEXT = st.text(
    st.characters(
        codec="utf-8",
        categories=("Lu", "Ll", "Lo", "Nd", "Po", "Sm", "Zs", "Cc"),
        include_characters="一级二级三级指标产出成本效益满意度≥≤%万元　\t\r\n",
    ),
    max_size=30,
)
CELL = st.one_of(
    st.none(),
    st.just(""),
    TEXT,
    st.sampled_from(WORDS),
    st.integers(min_value=-(10**16), max_value=10**16),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
)
HEADER = ["一级指标", "二级指标", "三级指标", "计算符号", "指标值", "单位"]


def _rows() -> st.SearchStrategy[list[list]]:
    """Random rows, with header rows and label rows mixed in so the reader goes deep."""
    row = st.one_of(
        st.lists(CELL, max_size=8),
        st.just(HEADER),
        st.tuples(st.sampled_from(WORDS), CELL).map(list),
        st.tuples(st.sampled_from(list(FRAMEWORK)), CELL, TEXT, CELL, CELL, CELL).map(list),
    )
    return st.lists(row, max_size=30)


def _all_rendered(findings: list) -> None:
    """Every finding renders in both languages with all its template's fields given."""
    for item in findings:
        for template in (item.problem.zh, item.problem.en):
            fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
            assert fields <= item.params.keys(), (item.code, fields - item.params.keys())
        for lang in ("zh", "en"):
            assert item.message(lang) and item.to_json(lang)["code"] == item.code


@FUZZ
@given(sheets=st.lists(_rows(), min_size=1, max_size=3))
def test_random_grids_give_only_findings(sheets: list[list[list]]) -> None:
    grids = [Grid("fuzz.xlsx", f"表{n}", rows) for n, rows in enumerate(sheets)]
    report = validate_grids(grids, "fuzz.xlsx")
    _all_rendered(report.findings)
    whole = Report(files=[report])
    assert render_text(whole, "en") and whole.to_json("zh")


# ---------------------------------------------------------------- (b) mutated workbooks

ORIGINAL = EXAMPLE.read_bytes()
with zipfile.ZipFile(EXAMPLE) as _archive:
    PARTS = {info.filename: _archive.read(info) for info in _archive.infolist()}


@st.composite
def _mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """Flip, cut or insert bytes, once or a few times."""
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        elif kind == "truncate":
            data = data[:at]
        elif kind == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
        else:
            data = data[:at] + data[at + draw(st.integers(1, 64)) :]
    return data


@st.composite
def _rezipped(draw: st.DrawFn) -> bytes:
    """A sound zip whose parts are damaged: broken XML, cut sheets, odd references."""
    parts = dict(PARTS)
    for name in draw(st.lists(st.sampled_from(sorted(parts)), min_size=1, max_size=3)):
        if draw(st.booleans()):
            parts[name] = draw(_mutated(parts[name]))
        else:  # a token swapped for another: a cell reference, a number, a tag
            old = draw(
                st.sampled_from([b'r="', b"<row", b"<c ", b"<v>", b'"1"', b"hidden", b"<t>"])
            )
            new = draw(st.sampled_from([b'r="XFD1048576', b'r="ZZ', b"<!DOCTYPE x>", b"", b"\0"]))
            parts[name] = parts[name].replace(old, new, draw(st.integers(1, 3)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="xlgoals-fuzz-") as folder:
        yield Path(folder)


def _validated(scratch: Path, data: bytes, suffix: str = ".xlsx") -> None:
    path = scratch / f"变异{suffix}"
    path.write_bytes(data)
    try:
        report = validate_file(path)
    except SourceError as exc:  # pragma: no cover - the assertion says what went wrong
        pytest.fail(f"SourceError escaped validate_file: {exc}")
    assert report.file == str(path)
    _all_rendered(report.findings)
    if report.submission is None or not report.submission.tables:
        assert report.findings  # nothing read: the reason is told


@FUZZ
@given(data=_mutated(ORIGINAL), suffix=st.sampled_from([".xlsx", ".xls", ".xlsm", ".ods"]))
def test_mutated_bytes_give_only_findings(scratch: Path, data: bytes, suffix: str) -> None:
    _validated(scratch, data, suffix)


@FUZZ
@given(data=_rezipped())
def test_mutated_parts_give_only_findings(scratch: Path, data: bytes) -> None:
    _validated(scratch, data)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    damaged=st.lists(st.one_of(_mutated(ORIGINAL), _rezipped()), min_size=1, max_size=3),
    grid=st.lists(_rows(), min_size=1, max_size=2),
)
def test_merge_of_damaged_workbooks_writes_a_sound_district_workbook(
    scratch: Path, damaged: list[bytes], grid: list[list[list]]
) -> None:
    """Mutated workbooks and one of random cells beside a good one: the merge raises nothing,
    every file is merged or told, every row read is in 指标明细, and the output reads back."""
    folder = Path(tempfile.mkdtemp(dir=scratch))
    for n, data in enumerate(damaged):
        (folder / f"变异{n}.xlsx").write_bytes(data)
    (folder / "好的.xlsx").write_bytes(ORIGINAL)
    _random_workbook(folder / "随机.xlsx", grid)
    before = hashes([folder])
    c = merge(folder)
    out = write_consolidation(c, folder.with_suffix(".out.xlsx"))
    check_merge(c, out, before, libreoffice=False)
    assert any(f.usable for f in c.files)


def _random_workbook(path: Path, sheets: list[list[list]]) -> None:
    """Random cells written as a real workbook (XlsxWriter writes any value as data)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "nan_inf_to_errors": True})
    for n, rows in enumerate(sheets):
        sheet = book.add_worksheet(f"表{n + 1}")
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, (dt.date, dt.datetime)):
                    sheet.write_datetime(r, c, value, book.add_format({"num_format": "yyyy-mm-dd"}))
                elif value is not None:
                    sheet.write(r, c, value)
    book.close()


# ---------------------------------------------------------------- (c) every row accounted for

NAME = st.one_of(
    TEXT.filter(lambda s: s.strip() and not all(c in "-—－_ " for c in s.strip())),
    st.sampled_from(WORDS),
)
TARGET = st.one_of(
    st.integers(0, 10**6),
    st.floats(0, 1e6, allow_nan=False),
    st.sampled_from(["95%", "有所提升", "≥1000人", "100", "=100%", "≤2元/人", "及时"]),
)


@st.composite
def _table(draw: st.DrawFn) -> tuple[list[list], list[int]]:
    """A 部门整体 table with k well-formed indicator rows; returns rows and their indices."""
    rows: list[list] = [
        ["东湖区测试局 2024 年度部门整体支出绩效目标表"],
        ["部门名称", "东湖区测试局"],
        ["收入预算合计", 100, "", "支出预算合计", 100],
        ["其中：财政拨款", 100, "", "其他经费", 0],
        ["其中：基本支出", 60, "", "项目支出", 40],
        HEADER,
    ]
    indicator_rows = []
    for _ in range(draw(st.integers(0, 25))):
        level1 = draw(st.sampled_from(list(FRAMEWORK)))
        level2 = draw(st.sampled_from(FRAMEWORK[level1]))
        comparator = draw(st.sampled_from(["≥", "≤", "=", ">", "<", "定性", ""]))
        unit = draw(st.sampled_from(["%", "次", "人", "万元", ""]))
        if draw(st.booleans()):  # 一级 / 二级 left blank below the first: merged cells
            level1, level2 = "", ""
        indicator_rows.append(len(rows))
        rows.append([level1, level2, draw(NAME), comparator, draw(TARGET), unit])
        if draw(st.integers(0, 9)) == 0:  # an empty row in between
            rows.append([])
    return rows, indicator_rows


@FUZZ
@given(table=_table())
def test_every_indicator_row_is_read_or_reported(table: tuple[list[list], list[int]]) -> None:
    rows, indicator_rows = table
    submission = read_tables([Grid("生成.xlsx", "部门整体", rows)], "生成.xlsx")
    read = {parse_a1(i.at.cell)[0] for i in submission.indicators if i.at.cell}
    read |= {parse_a1(i.target_at.cell)[0] for i in submission.indicators if i.target_at}
    reported = {parse_a1(f.at.cell)[0] for f in submission.findings if f.at.cell}
    missing = [r + 1 for r in indicator_rows if r not in read | reported]
    assert missing == [], f"rows {missing} neither read nor reported"
    assert len(indicator_rows) == len(read & set(indicator_rows)) + len(
        (reported - read) & set(indicator_rows)
    )


def test_nan_and_infinite_numbers_are_cells_like_any_other() -> None:
    """Floats no workbook file holds but an open workbook may pass: no exception."""
    rows = [HEADER, ["产出指标", "数量指标", "次数", "≥", math.nan, "次"],
            ["收入预算合计", math.inf], ["日期", dt.datetime(2024, 1, 1, 12)]]  # fmt: skip
    report = validate_grids([Grid("nan.xlsx", "表", rows)], "nan.xlsx")
    _all_rendered(report.findings)


def test_indicator_named_like_a_column_header_is_read() -> None:
    """Found by the fuzzer: an indicator named 计算符号 right under the header was taken for the
    second row of a two-row header and dropped. A real two-row header is still one."""
    rows = [HEADER, ["产出指标", "数量指标", "计算符号", "≥", 0, "%"]]
    submission = read_tables([Grid("a.xlsx", "部门整体", rows)], "a.xlsx")
    assert [i.name for i in submission.indicators] == ["计算符号"]
    two_rows = [
        ["一级指标", "二级指标", "三级指标", "2024 年目标值"],
        ["", "", "", "计算符号", "目标值", "单位"],
        ["产出指标", "数量指标", "培训次数", "≥", 5, "次"],
    ]
    submission = read_tables([Grid("b.xlsx", "部门整体", two_rows)], "b.xlsx")
    assert [(i.name, i.raw) for i in submission.indicators] == [("培训次数", "≥5次")]
