"""The district workbook's streamed sheets: 问题清单 streamed like 指标明细 (hostile text kept
as text, severity fills, spilled past a sheet's rows), row heights and widths measured without
a regex per character, and a write that fails half-way leaving nothing behind. Read back by
python-calamine, openpyxl and LibreOffice."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from support.libreoffice import recalculate, soffice_available
from support.merge_invariants import check_merge, sheet_rows

from xlgoals.contract import PROBLEMS_SHEET
from xlgoals.district.merge import Consolidation, read_file
from xlgoals.district.stream import StreamedRows, fill_rows
from xlgoals.district.workbook import spill_sheet_name, write_consolidation
from xlgoals.problems import problem_list
from xlgoals.problems.catalogue import Severity
from xlgoals.problems.findings import Where, finding
from xlgoals.problems.shown import SHOWN_CONTROL
from xlgoals.write.common import display_width, text_height, wrapped_lines
from xlgoals.write.styles import SEVERITY_FILL

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "departments"
#: what a finding's words can carry from a department's file: XML's specials, Excel's own
#: escapes, a control character, formulas, spaces that must survive, a line break
HOSTILE = (
    "a & b < c > d",
    "_x0041_ 与 _x005F_x0042_ 不是转义",
    "控制\x01字符",
    "=SUM(A1)",
    "  前后空格  ",
    "第一行\n第二行",
)


def problem_sheets(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [name for name in book.sheetnames if name.startswith(PROBLEMS_SHEET)]
    finally:
        book.close()


def listed(path: Path) -> list[list]:
    """Every 问题清单 data row across its sheets, as python-calamine reads them."""
    rows = []
    for name in problem_sheets(path):
        sheet = sheet_rows(path, name)
        assert sheet[0] == list(problem_list.COLUMNS)
        rows.extend(sheet[1:])
    return rows


@pytest.fixture(scope="module")
def hostile() -> Consolidation:
    """The example departments, plus findings whose words are the hostile texts, one of each
    severity, naming a file whose name is hostile too."""
    digests = [read_file(str(path)) for path in sorted(EXAMPLES.glob("*.xlsx"))]
    general = [
        finding("XG001", Where(file=f"/收件/{text} & <坏>.xlsx"), reason=text) for text in HOSTILE
    ]
    general.append(finding("XG005", Where(file="/收件/~$锁定 & 文件.xlsx")))
    extra = finding("XG008", Where(file=digests[0].file), department=HOSTILE[1], files=HOSTILE[0])
    digests[0].findings = [*digests[0].findings, extra]
    return Consolidation(digests, general)


def test_problem_list_keeps_hostile_text_as_text(hostile: Consolidation, tmp_path: Path) -> None:
    out = write_consolidation(hostile, tmp_path / "汇总.xlsx")
    expected = list(hostile.problem_rows())
    assert len(expected) == len(hostile.findings) > len(HOSTILE)
    assert listed(out) == expected  # python-calamine undoes Excel's escapes, as Excel does
    messages = [row[2] for row in expected]
    assert "文件无法打开：=SUM(A1)" in messages  # text, never a formula
    assert f"文件无法打开：控制{SHOWN_CONTROL}字符" in messages  # no control character in XML
    sheet = openpyxl.load_workbook(out)[PROBLEMS_SHEET]
    by_openpyxl = [[c.value or "" for c in row] for row in sheet.iter_rows(min_row=2)]
    escaped = "_x005F_x0041_ 与 _x005F_x005F_x005F_x0042_ 不是转义"  # each `_` starting one
    assert f"文件无法打开：{escaped}" in {row[2] for row in by_openpyxl}
    unescaped = [row for row in expected if "_x" not in "".join(row)]
    assert [row for row in by_openpyxl if "_x" not in "".join(row)] == unescaped
    for row in sheet.iter_rows(min_row=2):
        assert all(c.data_type == "s" for c in row if c.value is not None)
        severity = next(s for s in Severity if s.label() == row[1].value)
        assert row[1].fill.fgColor.rgb[-6:].upper() == SEVERITY_FILL[severity.value]
        assert row[2].alignment.wrap_text and not row[0].alignment.wrap_text
    assert {s.label() for s in Severity} <= {row[1] for row in expected}
    if soffice_available():  # and LibreOffice reads the same, saving it as its own xlsx
        # (but its own xlsx writer loses an escaped escape, `_x005F_x0042_`: those rows aside)
        again = recalculate(out, tmp_path / "lo")
        plain = [i for i, row in enumerate(expected) if "_x005F" not in "".join(row)]
        assert [listed(again)[i] for i in plain] == [expected[i] for i in plain]


def test_problem_rows_are_tall_enough_for_their_wrapped_text(
    hostile: Consolidation, tmp_path: Path
) -> None:
    out = write_consolidation(hostile, tmp_path / "汇总.xlsx")
    sheet = openpyxl.load_workbook(out)[PROBLEMS_SHEET]
    widths = {c: sheet.column_dimensions[c].width for c in "CD"}  # 说明, 修改建议
    tall = 0
    for row in sheet.iter_rows(min_row=2):
        lines = max(wrapped_lines(row[i].value or "", widths[c]) for i, c in ((2, "C"), (3, "D")))
        height = sheet.row_dimensions[row[0].row].height
        assert height == (text_height(lines, 10) if lines > 1 else None)
        tall += lines > 1
    assert tall  # the two-line message, at least


def test_problem_list_past_a_sheets_rows_continues_on_numbered_sheets(
    hostile: Consolidation, tmp_path: Path
) -> None:
    out = write_consolidation(hostile, tmp_path / "汇总.xlsx", max_rows=11)
    check_merge(hostile, out)
    count = len(hostile.findings)
    names = problem_sheets(out)
    assert names == [spill_sheet_name(PROBLEMS_SHEET, k) for k in range(-(-count // 10))]
    assert names[1] == "问题清单 (2)"
    assert listed(out) == list(hostile.problem_rows())
    book = openpyxl.load_workbook(out)
    for name in names:
        ws = book[name]
        assert ws.max_row <= 11 and ws.freeze_panes == "B2" and ws.print_title_rows == "$1:$1"
        assert ws.auto_filter.ref == f"A1:H{ws.max_row}"
    notes = {row[0]: row[1] for row in sheet_rows(out, "说明") if row and row[0]}
    assert notes["问题清单工作表"] == "、".join(names)


def test_a_problem_list_on_one_sheet_is_not_listed_in_the_notes(
    hostile: Consolidation, tmp_path: Path
) -> None:
    out = write_consolidation(hostile, tmp_path / "汇总.xlsx")
    assert problem_sheets(out) == [PROBLEMS_SHEET]
    notes = {row[0] for row in sheet_rows(out, "说明") if row}
    assert "指标明细工作表" in notes and "问题清单工作表" not in notes


# ---------------------------------------------------------------------- the stream itself


def _layout(path: Path, after: list[str] | None = None) -> Path:
    """A workbook XlsxWriter laid out: a header, and `after` written in row 5 (a 合计)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("数据")
    sheet.write_row(0, 0, ["文字", "数"])
    if after:
        sheet.write_row(4, 0, after)
    book.close()
    return path


def test_streamed_rows_go_before_a_row_laid_out_below_them(tmp_path: Path) -> None:
    layout = _layout(tmp_path / "layout.xlsx", ["合计", 6])
    rows = [("甲", 1), ("乙", 2), ("丙", 3)]
    table = StreamedRows("xl/worksheets/sheet1.xml", iter(rows), len(rows), [(0, 0), (0, 0)])
    out = tmp_path / "out.xlsx"
    fill_rows(layout, out, [table])
    assert sheet_rows(out, "数据") == [["文字", "数"], *map(list, rows), ["合计", 6]]
    sheet = openpyxl.load_workbook(out)["数据"]
    assert sheet.dimensions == "A1:B5" and sheet["B5"].value == 6
    with zipfile.ZipFile(out) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode()
    numbers = [int(n) for n in re.findall(r'<row r="(\d+)"', xml)]
    assert numbers == sorted(numbers) == [1, 2, 3, 4, 5]  # Excel wants rows in order


def test_a_failure_while_streaming_leaves_no_output(tmp_path: Path) -> None:
    """Rows fail after several batches have gone into the deflate stream: the error is
    raised, and the workbook (written through `atomic_path`) is not there, nor its temporary
    file."""
    from xlgoals.write.common import atomic_path

    def rows():
        for k in range(10_000):
            yield (f"第{k}行", k)
        raise OSError("磁盘已满")

    layout = _layout(tmp_path / "layout.xlsx")
    out = tmp_path / "out" / "汇总.xlsx"
    table = StreamedRows("xl/worksheets/sheet1.xml", rows(), 20_000, [(0, 0), (0, 0)])
    with pytest.raises(OSError, match="磁盘已满"), atomic_path(out) as tmp:
        fill_rows(layout, tmp, [table])
    assert list(out.parent.iterdir()) == []


def test_a_row_of_the_wrong_width_is_refused(tmp_path: Path) -> None:
    layout = _layout(tmp_path / "layout.xlsx")
    table = StreamedRows("xl/worksheets/sheet1.xml", iter([("甲",)]), 1, [(0, 0), (0, 0)])
    with pytest.raises(ValueError, match="1 values for 2 columns"):
        fill_rows(layout, tmp_path / "out.xlsx", [table])


# ---------------------------------------------------------------------- widths


_WIDE = re.compile("[\u2e81-\U0010ffff]")


def _width_by_regex(text: str) -> int:
    """The definition: a character from U+2E81 on is two columns wide."""
    return max((len(line) + len(_WIDE.findall(line)) for line in text.splitlines()), default=0)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "中文",
        "“引号”≥95%",
        "\u2e80\u2e81\u2fff\u3000",
        "😀a",
        "\ud800孤",
        "一\n二三\r\n",
    ],
)
def test_display_width_counts_wide_characters(text: str) -> None:
    assert display_width(text) == _width_by_regex(text)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(st.characters(codec=None, max_codepoint=0x10FFFF)))
def test_display_width_agrees_with_its_definition(text: str) -> None:
    assert display_width(text) == _width_by_regex(text)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(st.characters(min_codepoint=0x2E00, max_codepoint=0x3100)))
def test_display_width_at_the_edge_of_the_wide_range(text: str) -> None:
    assert display_width(text) == _width_by_regex(text)


def test_each_files_findings_are_listed_in_order_district_ones_included(tmp_path: Path) -> None:
    """Workers sort a file's findings; the district's (here XG008, a department sent twice)
    are sorted in with them."""
    import shutil

    from xlgoals.district.merge import merge
    from xlgoals.problems.findings import order

    source = sorted(EXAMPLES.glob("*.xlsx"))[0]
    for name in ("甲.xlsx", "乙.xlsx"):
        shutil.copy(source, tmp_path / name)
    c = merge(tmp_path)
    for f in c.files:
        assert "XG008" in {item.code for item in f.findings}
        assert f.findings == sorted(f.findings, key=order)
        assert f.problem_rows == [problem_list.row(item) for item in f.findings]
        assert [f.count(s) for s in Severity] == [
            sum(item.severity is s for item in f.findings) for s in Severity
        ]
    assert c.findings == [item for f in c.files for item in f.findings]
    assert list(c.problem_rows()) == [problem_list.row(item) for item in c.findings]
    assert list(c.problem_rows("en")) == [problem_list.row(item, "en") for item in c.findings]
    assert c.finding_count == len(c.findings)


def test_a_digests_findings_are_kept_packed_and_sorted() -> None:
    """Findings set on a digest come back sorted, with their rows and counts."""
    from xlgoals.district.digest import FileDigest
    from xlgoals.problems.findings import order

    f = FileDigest("/收件/甲.xlsx", "甲")
    later = finding("XG009", Where(file=f.file, sheet="项目1", cell="B9"), table="部门整体表")
    first = finding("XG001", Where(file=f.file), reason="坏")
    f.findings = [later, first]
    assert f.findings == [first, later] == sorted([later, first], key=order)
    assert f.finding_count == 2 and f.count(Severity.ERROR) == 2 and f.count(Severity.INFO) == 0
    assert f.problem_rows == [problem_list.row(first), problem_list.row(later)]
    assert isinstance(f.packed_findings, bytes)


def test_project_names_are_shown_as_a_person_reads_them(tmp_path: Path) -> None:
    """项目汇总, streamed now, still shows text as `printable` does (as XlsxWriter's cells did):
    a direction override in a name is □, not a reversed line."""
    from support.synthetic_departments import write_department

    from xlgoals.district.merge import merge
    from xlgoals.problems.shown import printable

    folder = tmp_path / "in"
    folder.mkdir()
    index = next(i for i in range(1, 20) if write_department(folder, i, name="甲\u202e局").projects)
    for other in folder.iterdir():
        if other.name != f"dept{index:03d}.xlsx":
            other.unlink()
    c = merge(folder)
    out = write_consolidation(c, tmp_path / "汇总.xlsx")
    names = [row[1] for row in sheet_rows(out, "项目汇总")[1:] if row[0] not in ("", "合计")]
    assert names and all(name.startswith(f"甲{SHOWN_CONTROL}局项目") for name in names)
    assert names == [printable(row[1]) for row in c.project_rows()]


def test_writing_the_district_workbook_imports_no_pandas(tmp_path: Path) -> None:
    """The writer builds its rows from the digests: importing pandas alone took 0.7 s."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from xlgoals.district.merge import merge\n"
        "from xlgoals.district.workbook import write_consolidation\n"
        f"c = merge({str(EXAMPLES)!r})\n"
        "before = 'pandas' in sys.modules\n"
        f"write_consolidation(c, {str(tmp_path / '汇总.xlsx')!r})\n"
        "print(before, 'pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = out.stdout.split()
    assert after == before  # writing added no pandas (nor did reading, as it stands)
    assert (tmp_path / "汇总.xlsx").stat().st_size > 0
