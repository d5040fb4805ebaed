"""Word (.docx) tables imported into the standard template. Documents are built here with
python-docx the way departments draft them (title paragraph, header table, indicator table,
merged cells) and read back from the written workbooks."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

docx = pytest.importorskip("docx")

from support.same_tables import assert_same_tables, import_log  # noqa: E402

from xlgoals.importing import import_paths  # noqa: E402
from xlgoals.importing.docx import WORD_SHEET, read_docx  # noqa: E402
from xlgoals.model.targets import Comparator  # noqa: E402
from xlgoals.reading.tables import read_tables, read_workbook  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = json.loads((ROOT / "examples" / "seed_tables.json").read_text(encoding="utf-8"))
EXAMPLES = ROOT / "examples" / "departments"
NAMES = tuple(SEED)

#: a header row: (text, grid columns it spans); six grid columns like the template
Row = list[tuple[str, int]]


def _run(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", "from xlgoals.cli import main; main()", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def _header_table(document, rows: list[Row]) -> None:
    """A label/value table with horizontally merged cells (gridSpan)."""
    table = document.add_table(rows=len(rows), cols=6)
    for r, row in enumerate(rows):
        col = 0
        for text, span in row:
            table.cell(r, col).text = text
            if span > 1:
                table.cell(r, col).merge(table.cell(r, col + span - 1))
            col += span


def _indicator_table(document, header: list[str], rows: list[list[str]]) -> None:
    """Indicator rows; each 一级 / 二级 label is merged down over the blank rows under it
    (vMerge), as departments do in Word."""
    table = document.add_table(rows=len(rows) + 1, cols=len(header))
    for c, text in enumerate(header):
        table.cell(0, c).text = text
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for col in (0, 1):
        top = None
        for r in range(1, len(rows) + 2):
            blank = r <= len(rows) and not rows[r - 1][col] and top is not None
            if blank:
                continue
            if top is not None and r - 1 > top:
                table.cell(top, col).merge(table.cell(r - 1, col))
            top = r if r <= len(rows) and rows[r - 1][col] else None


def _department_rows(d: dict) -> list[Row]:
    return [
        [("部门名称", 1), (d["部门名称"], 2), ("预算年度", 1), (d["预算年度"], 2)],
        [("当年预算情况（万元）", 6)],
        [("收入预算合计", 1), (d["收入预算合计"], 2), ("", 3)],
        [("其中：财政拨款", 1), (d["财政拨款"], 2), ("其他经费", 1), (d["其他经费"], 2)],
        [("支出预算合计", 1), (d["支出预算合计"], 2), ("", 3)],
        [("其中：基本支出", 1), (d["基本支出"], 2), ("项目支出", 1), (d["项目支出"], 2)],
        [("年度总体目标", 1), (d["年度总体目标"], 5)],
    ]


def _project_rows(p: dict) -> list[Row]:
    def pair(left: str, right: str) -> Row:
        return [(left, 1), (p.get(left, ""), 2), (right, 1), (p.get(right, ""), 2)]

    def whole(label: str) -> Row:
        return [(label, 1), (p.get(label, ""), 5)]

    return [
        whole("项目名称"),
        pair("主管部门及代码", "实施单位"),
        pair("项目负责人", "联系电话"),
        pair("联系人", "项目类型"),
        pair("开始日期", "结束日期"),
        [("项目资金（万元）", 6)],
        whole("年度资金总额"),
        [("其中：财政拨款", 1), (p.get("财政拨款", ""), 2), ("上年结转", 1),
         (p.get("上年结转", ""), 2)],
        whole("其他资金"),
        whole("项目实施内容"),
        whole("中长期目标"),
        whole("年度绩效目标"),
    ]  # fmt: skip


def _one_target(row: list[str]) -> list[str]:
    """一级 / 二级 / 三级 / 指标值, the target written as one text (`≥5次`, `有所提升`)."""
    comparator, value, unit = row[3:6]
    return [*row[:3], ("" if comparator == "定性" else comparator) + value + unit]


def _seed_docx(path: Path, name: str) -> Path:
    """One department of the seed as a Word document: 部门整体 with a single 指标值 column,
    each project with 计算符号 / 指标值 / 单位 columns."""
    data = SEED[name]
    document = docx.Document()
    department = data["department"]
    document.add_paragraph(department["title"])
    document.add_paragraph("（2024 年度）")
    _header_table(document, _department_rows(department))
    document.add_paragraph("年度绩效指标")
    rows = [_one_target(r) for r in department["indicators"]]
    _indicator_table(document, ["一级指标", "二级指标", "三级指标", "指标值"], rows)
    for project in data["projects"]:
        document.add_paragraph("")
        document.add_paragraph(project["title"])
        _header_table(document, _project_rows(project))
        header = ["一级指标", "二级指标", "三级指标", "计算符号", "指标值", "单位"]
        _indicator_table(document, header, project["indicators"])
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def seed_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("word")
    for name in NAMES:
        _seed_docx(folder / f"{name}绩效目标.docx", name)
    (folder / "~$东湖区人社局绩效目标.docx").write_bytes(b"lock")  # Word's owner file
    return folder


@pytest.fixture(scope="module")
def imported(seed_docs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    done = _run("import", str(seed_docs), "-o", str(out))  # a folder: .docx files are taken
    assert done.returncode == 0, done.stderr  # the lock file is skipped, not a failure
    assert done.stdout == ""
    return out


# --- (1) the seed's departments drafted in Word -----------------------------------------------


def test_one_workbook_per_department(imported: Path) -> None:
    assert sorted(p.name for p in imported.glob("*.xlsx")) == sorted(f"{n}.xlsx" for n in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_tables_equal_the_examples(imported: Path, name: str) -> None:
    assert_same_tables(imported / f"{name}.xlsx", EXAMPLES / f"{name}.xlsx")
    got = read_workbook(imported / f"{name}.xlsx")
    budget = got.tables[0].budget
    assert isinstance(budget.fiscal.value, Decimal)


def test_merged_labels_are_not_repeated_in_the_grid(seed_docs: Path) -> None:
    word = read_docx(seed_docs / "东湖区人社局绩效目标.docx")
    grid = word.grid
    assert grid.sheet == WORD_SHEET
    column = [grid.text(r, 0) for r in range(grid.height)]
    department = column[: column.index(SEED["东湖区人社局"]["projects"][0]["title"])]
    assert department.count("产出指标") == 1  # merged down over its 49 rows, written once
    # 部门名称's value spans two grid columns: text in the first only, the span recorded
    row = column.index("部门名称")
    assert grid.text(row, 1) == "东湖区人力资源和社会保障局" and grid.value(row, 2) is None
    assert (row, 1, row, 2) in grid.merged
    top = column.index("产出指标")
    assert any(m[:2] == (top, 0) and m[2] > top + 40 for m in grid.merged)


def test_positions_name_table_row_and_cell(seed_docs: Path) -> None:
    word = read_docx(seed_docs / "东湖区人社局绩效目标.docx")
    grid = word.grid
    column = [grid.text(r, 0) for r in range(grid.height)]
    assert word.position("A1") == "第1段"  # the title
    row = column.index("部门名称")
    assert word.position(f"B{row + 1}") == "表1 第1行第2列"
    assert word.position(f"C{row + 1}") == "表1 第1行第2列"  # inside the span
    assert word.position(f"D{row + 1}") == "表1 第1行第3列"  # Word's own cell count
    top = column.index("产出指标")
    assert word.position(f"A{top + 3}") == "表2 第2行第1列"  # merged down: the top cell


def test_goal_keeps_its_line_breaks(imported: Path) -> None:
    (table, *_) = read_workbook(imported / "东湖区人社局.xlsx").tables
    goal = table.fields["年度总体目标"].value
    assert goal == SEED["东湖区人社局"]["department"]["年度总体目标"]
    assert goal.count("\n") >= 10


def test_log_positions_point_into_the_document(imported: Path) -> None:
    entries = import_log(imported / "东湖区文广新旅局.xlsx")
    assert entries  # targets written whole, comparators missing: decisions are logged
    assert all(e["原位置"].startswith(("表", "第")) for e in entries), entries
    assert all(e["写入位置"] for e in entries if e["代码"] in {"XG136", "XG138"})


def test_validate_and_merge_accept_the_imported_workbooks(imported: Path, tmp_path: Path) -> None:
    validated = _run("validate", str(imported), "--format", "json")
    assert validated.returncode in (0, 1), validated.stderr
    codes = {f["code"] for f in json.loads(validated.stdout)}
    assert not codes & {"XG001", "XG003", "XG007", "XG009"}
    merged = _run("merge", str(imported), "-o", str(tmp_path / "区汇总.xlsx"))
    assert merged.returncode == 0, merged.stderr
    sheet = openpyxl.load_workbook(tmp_path / "区汇总.xlsx")["指标明细"]
    expected = sum(
        len(t.indicators) for n in NAMES for t in read_workbook(EXAMPLES / f"{n}.xlsx").tables
    )
    assert sheet.max_row - 1 == expected


# --- (2) horizontally merged labels, a two-row header ------------------------------------------


def _two_row_header_docx(path: Path, merge_labels: bool = True) -> Path:
    document = docx.Document()
    document.add_paragraph("东湖区测试局 2024 年度部门整体支出绩效目标表")
    table = document.add_table(rows=4, cols=4)
    rows = [
        ["部门名称", "", "东湖区测试局", ""],
        ["收入预算合计", "", "100", ""],
        ["其中：财政拨款", "", "100", ""],
        ["年度总体目标", "", "第一行\n第二行", ""],
    ]  # fmt: skip  (\n: a <w:br/>)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            text = text or (rows[r][c - 1] if not merge_labels and c == 1 else "")
            if text:  # an empty text would be an empty paragraph moved in by the merge
                table.cell(r, c).text = text
        if merge_labels:
            table.cell(r, 0).merge(table.cell(r, 1))  # the label spans two columns
        table.cell(r, 2).merge(table.cell(r, 3))
    table.cell(3, 2).add_paragraph("第三段")  # a second paragraph in the goal's cell
    document.add_paragraph("")
    table = document.add_table(rows=5, cols=6)
    header = [["一级指标", "二级指标", "三级指标", "2024 年目标值", "", ""],
              ["", "", "", "计算符号", "目标值", "单位"],
              ["产出指标", "数量指标", "培训次数", "≥", "5", "次"],
              ["", "质量指标", "培训合格率", "≥", "90", "%"],
              ["效益指标", "社会效益指标", "群众获得感", "定性", "有所提升", ""]]  # fmt: skip
    for r, row in enumerate(header):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(0, 3).merge(table.cell(0, 5))  # 2024 年目标值 over the three columns
    for c in range(3):
        table.cell(0, c).merge(table.cell(1, c))  # 一级 / 二级 / 三级 over both header rows
    table.cell(2, 0).merge(table.cell(3, 0))
    document.save(str(path))
    return path


def test_merged_labels_and_two_row_header(tmp_path: Path) -> None:
    word = read_docx(_two_row_header_docx(tmp_path / "测试.docx"))
    submission = read_tables([word.grid], word.grid.file)
    (table,) = submission.tables
    assert table.kind == "department"
    assert table.fields["部门名称"].value == "东湖区测试局"
    assert table.fields["年度总体目标"].value == "第一行\n第二行\n第三段"
    assert table.budget.income_total.value == Decimal("100")
    assert table.budget.fiscal.value == Decimal("100")
    got = [(i.level1, i.level2, i.name, i.target.comparator, i.target.number, i.target.unit)
           for i in table.indicators]  # fmt: skip
    assert got == [
        ("产出指标", "数量指标", "培训次数", Comparator.GE, Decimal("5"), "次"),
        ("产出指标", "质量指标", "培训合格率", Comparator.GE, Decimal("90"), "%"),
        ("效益指标", "社会效益指标", "群众获得感", Comparator.QUALITATIVE, None, ""),
    ]
    # what python-docx would repeat is read once, and nothing is reported as unplaced
    assert not [f for f in submission.findings if f.code == "XG133"]


def test_repeated_label_text_without_merge_is_not_hidden(tmp_path: Path) -> None:
    """Only real merges are blanked: a label typed twice side by side stays twice."""
    word = read_docx(_two_row_header_docx(tmp_path / "测试.docx", merge_labels=False))
    assert word.grid.text(1, 0) == word.grid.text(1, 1) == "部门名称"
    assert (1, 0, 1, 1) not in word.grid.merged


def test_two_row_header_imports_cleanly(tmp_path: Path) -> None:
    source = _two_row_header_docx(tmp_path / "测试.docx")
    result = import_paths([source], tmp_path / "out")
    (department,) = result.departments
    assert department.name == "东湖区测试局"
    (table,) = read_workbook(department.path).tables
    assert [i.name for i in table.indicators] == ["培训次数", "培训合格率", "群众获得感"]
    assert not [e for e in department.entries if e.finding.code == "XG133"]


def test_table_inside_a_content_control(tmp_path: Path) -> None:
    """Form-like documents wrap tables and rows in content controls (w:sdt); they are read."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    path = _two_row_header_docx(tmp_path / "表单.docx")
    document = docx.Document(str(path))
    indicators = document.tables[1]._tbl
    control = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
    indicators.addprevious(control)
    control[1].append(indicators)
    row = indicators.tr_lst[-1]  # the last indicator row in a repeating-section control
    row_control = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
    row.addprevious(row_control)
    row_control[1].append(row)
    document.save(str(path))
    assert len(docx.Document(str(path)).tables) == 1  # python-docx itself no longer sees it
    word = read_docx(path)
    (table,) = read_tables([word.grid], word.grid.file).tables
    assert [i.name for i in table.indicators] == ["培训次数", "培训合格率", "群众获得感"]


# --- (3) documents that give nothing ----------------------------------------------------------


def test_corrupt_docx_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "坏文件.docx"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    done = _run("import", str(broken), "-o", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "XG001" in done.stderr and "坏文件.docx" in done.stderr


def test_text_renamed_to_docx_is_a_finding(tmp_path: Path) -> None:
    fake = tmp_path / "文本.docx"
    fake.write_text("部门名称\t东湖区测试局\n", encoding="utf-8")
    done = _run("import", str(fake), "-o", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "XG001" in done.stderr and "Word" in done.stderr
    assert "Traceback" not in done.stderr


def test_old_doc_or_password_is_a_finding(tmp_path: Path) -> None:
    ole = tmp_path / "加密.docx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    done = _run("import", str(ole), "-o", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "XG001" in done.stderr and ".doc" in done.stderr


def test_without_python_docx_the_message_says_what_to_install(tmp_path: Path) -> None:
    path = _two_row_header_docx(tmp_path / "测试.docx")
    code = "import sys; sys.modules['docx'] = None; from xlgoals.cli import main; main()"
    command = [sys.executable, "-c", code, "import", str(path), "-o", str(tmp_path / "out")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert "pip install xlgoals[docx]" in done.stderr and "Traceback" not in done.stderr


def test_docx_without_a_table(tmp_path: Path) -> None:
    path = tmp_path / "通知.docx"
    document = docx.Document()
    document.add_paragraph("关于报送 2024 年度绩效目标的通知")
    document.add_paragraph("请各单位于 3 月底前报送。")
    document.save(str(path))
    done = _run("import", str(path), "-o", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "XG003" in done.stderr and "通知.docx" in done.stderr
    assert "Traceback" not in done.stderr
    assert not list(tmp_path.rglob("*.xlsx"))


def test_a_good_and_a_bad_document_together(tmp_path: Path) -> None:
    good = _two_row_header_docx(tmp_path / "测试.docx")
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"not a document")
    done = _run("import", str(good), str(bad), "-o", str(tmp_path / "out"))
    assert done.returncode == 1  # something imported, something needs a look
    assert (tmp_path / "out" / "东湖区测试局.xlsx").exists()


# --- (4) awkward text stays text ---------------------------------------------------------------


def test_formula_like_text_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "怪.docx"
    document = docx.Document()
    document.add_paragraph("2024 年度区级测试专项资金绩效目标表")
    table = document.add_table(rows=4, cols=2)
    fields = [("项目名称", "=SUM(A1)"), ("联系电话", "+86 791 1234"), ("年度资金总额", "10"),
              ("年度绩效目标", "@做好")]  # fmt: skip
    for r, (label, value) in enumerate(fields):
        table.cell(r, 0).text = label
        table.cell(r, 1).text = value
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=4)
    for c, text in enumerate(["一级指标", "二级指标", "三级指标", "指标值"]):
        table.cell(0, c).text = text
    for c, text in enumerate(["产出指标", "数量指标", "+86", "=100%"]):
        table.cell(1, c).text = text
    document.save(str(path))
    result = import_paths([path], tmp_path / "out")
    (department,) = result.departments
    workbook = openpyxl.load_workbook(department.path)
    values = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value]
    for text in ("=SUM(A1)", "+86 791 1234", "+86", "@做好"):
        (cell,) = [c for c in values if c.value == text]
        assert cell.data_type == "s", text
    (table,) = read_workbook(department.path).tables
    assert table.fields["项目名称"].value == "=SUM(A1)"
    assert table.indicators[0].name == "+86"
