"""The standard 绩效目标表 template: one 部门整体 sheet, one project sheet, instructions, lists.

Other modules read and write the template by the addresses below, so they are part of the API.
The workbook is built with openpyxl (plain `.xlsx`, no macros) and written deterministically:
fixed document properties and zip timestamps, so regenerating the committed file changes nothing.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import quote_sheetname
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from xlgoals.data import template_file
from xlgoals.model.framework import FRAMEWORK
from xlgoals.write.common import save_workbook
from xlgoals.write.styles import (
    AMOUNT_FORMAT,
    FONT_NAME,
    HEADER_FILL,
    LABEL_FILL,
    SECTION_FILL,
    TOTAL_FILL,
)

DEPARTMENT_SHEET = "部门整体"
PROJECT_SHEET = "项目1"
INSTRUCTIONS_SHEET = "填表说明"
LISTS_SHEET = "代码表"

#: the committed template, package data (a test keeps it equal to what build_template makes)
TEMPLATE_PATH = template_file()

DEPARTMENT_CELLS = {
    "部门名称": "B2",
    "预算年度": "E2",
    "收入预算合计": "B4",
    "财政拨款": "B5",
    "其他经费": "E5",
    "支出预算合计": "B6",
    "基本支出": "B7",
    "项目支出": "E7",
    "年度总体目标": "B8",
}
DEPARTMENT_HEADER_ROW = 10
DEPARTMENT_FIRST_ROW = 11
DEPARTMENT_ROWS = 100

PROJECT_CELLS = {
    "项目名称": "B2",
    "主管部门及代码": "B3",
    "实施单位": "E3",
    "项目负责人": "B4",
    "联系电话": "E4",
    "联系人": "B5",
    "项目类型": "E5",
    "开始日期": "B6",
    "结束日期": "E6",
    "年度资金总额": "B8",
    "财政拨款": "B9",
    "上年结转": "E9",
    "其他资金": "B10",
    "项目实施内容": "B11",
    "中长期目标": "B12",
    "年度绩效目标": "B13",
}
PROJECT_HEADER_ROW = 15
PROJECT_FIRST_ROW = 16
PROJECT_ROWS = 60

#: 一级指标 二级指标 三级指标 计算符号 指标值 单位
INDICATOR_COLUMNS = ("A", "B", "C", "D", "E", "F")
INDICATOR_HEADERS = ("一级指标", "二级指标", "三级指标", "计算符号", "指标值", "单位")
COMPARATORS = ("≥", ">", "=", "<", "≤", "定性")

#: Defined names of the dropdown sources; each 一级 is also a name (its 二级 list) for INDIRECT.
LEVEL1_LIST_NAME = "一级指标"
COMPARATOR_LIST_NAME = "计算符号"

#: Shows 1728.3777 and 90.10 as typed (万元 with up to four decimals).
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"

_FIXED_TIME = datetime(2024, 1, 1)
_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
_CHARS_PER_LINE = 44  # Chinese characters per line in the 填表说明 column (width 80)
_COLUMN_WIDTHS = {"A": 16, "B": 16, "C": 34, "D": 12, "E": 16, "F": 10}
_LAST_COLUMN = INDICATOR_COLUMNS[-1]

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name=FONT_NAME, size=11)
_BOLD = Font(name=FONT_NAME, size=11, bold=True)
_TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
_LABEL_FILL = PatternFill("solid", fgColor=LABEL_FILL)
_HEADER_FILL = PatternFill("solid", fgColor=HEADER_FILL)
_SECTION_FILL = PatternFill("solid", fgColor=SECTION_FILL)
_TOTAL_FILL = PatternFill("solid", fgColor=TOTAL_FILL)
_LOCKED = Protection(locked=True)
_UNLOCKED = Protection(locked=False)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")


# ---------------------------------------------------------------- sheet descriptions


@dataclass(frozen=True)
class _Field:
    """One label and its input cell on a header row."""

    label_cell: str
    label: str
    value_range: str  # "B2" or a merged range "B2:C2"
    kind: str = "text"  # text | amount | total | long | date | phone | year
    formula: str | None = None


@dataclass(frozen=True)
class _Layout:
    title: str
    fields: tuple[_Field, ...]
    sections: tuple[tuple[int, str], ...]  # full-width section labels
    blanks: tuple[str, ...]  # empty right halves, merged so the form reads as one box
    heights: tuple[tuple[int, float], ...]
    header_row: int
    first_row: int
    rows: int


_DEPARTMENT = _Layout(
    title="部门整体支出绩效目标表",
    fields=(
        _Field("A2", "部门名称", "B2:C2"),
        _Field("D2", "预算年度", "E2:F2", "year"),
        _Field("A4", "收入预算合计", "B4:C4", "total", "=B5+E5"),
        _Field("A5", "其中：财政拨款", "B5:C5", "amount"),
        _Field("D5", "其他经费", "E5:F5", "amount"),
        _Field("A6", "支出预算合计", "B6:C6", "total", "=B7+E7"),
        _Field("A7", "其中：基本支出", "B7:C7", "amount"),
        _Field("D7", "项目支出", "E7:F7", "amount"),
        _Field("A8", "年度总体目标", "B8:F8", "long"),
    ),
    sections=((3, "当年预算情况（万元）"), (9, "年度绩效指标")),
    blanks=("D4:F4", "D6:F6"),
    heights=((1, 30), (8, 80)),
    header_row=DEPARTMENT_HEADER_ROW,
    first_row=DEPARTMENT_FIRST_ROW,
    rows=DEPARTMENT_ROWS,
)

_PROJECT = _Layout(
    title="项目支出绩效目标表",
    fields=(
        _Field("A2", "项目名称", "B2:F2"),
        _Field("A3", "主管部门及代码", "B3:C3"),
        _Field("D3", "实施单位", "E3:F3"),
        _Field("A4", "项目负责人", "B4:C4"),
        _Field("D4", "联系电话", "E4:F4", "phone"),
        _Field("A5", "联系人", "B5:C5"),
        _Field("D5", "项目类型", "E5:F5"),
        _Field("A6", "开始日期", "B6:C6", "date"),
        _Field("D6", "结束日期", "E6:F6", "date"),
        _Field("A8", "年度资金总额", "B8:C8", "total", "=B9+E9+B10"),
        _Field("A9", "其中：财政拨款", "B9:C9", "amount"),
        _Field("D9", "上年结转", "E9:F9", "amount"),
        _Field("A10", "其他资金", "B10:C10", "amount"),
        _Field("A11", "项目实施内容", "B11:F11", "long"),
        _Field("A12", "中长期目标", "B12:F12", "long"),
        _Field("A13", "年度绩效目标", "B13:F13", "long"),
    ),
    sections=((7, "项目资金（万元）"), (14, "年度绩效指标")),
    blanks=("D8:F8", "D10:F10"),
    heights=((1, 30), (11, 50), (12, 50), (13, 65)),
    header_row=PROJECT_HEADER_ROW,
    first_row=PROJECT_FIRST_ROW,
    rows=PROJECT_ROWS,
)

_INSTRUCTIONS = (
    ("title", "绩效目标表填表说明"),
    ("head", "一、本表包括哪些工作表"),
    ("text", "1．“部门整体”：部门整体支出绩效目标表，每个部门填一张。"),
    (
        "text",
        "2．“项目1”：项目（专项资金）支出绩效目标表，每个项目填一张；项目多时按第五条增加工作表。",
    ),
    ("text", "3．灰色底纹的是栏目名称，不能修改；白色格子是填写内容的地方。"),
    ("head", "二、金额"),
    ("text", "1．所有金额单位均为万元，直接填数字，不要带“万元”“元”等文字，可保留到小数点后四位。"),
    (
        "text",
        "2．绿色底纹的合计（收入预算合计、支出预算合计、年度资金总额）已设公式，自动求和，"
        "一般不要改动；只有在公开的预算数与自动求和结果不一致时，才按公开的数字覆盖填写。",
    ),
    ("head", "三、绩效指标"),
    ("text", "1．一级指标、二级指标、计算符号三栏可从下拉列表中选择。"),
    (
        "text",
        "2．一级指标：产出指标、成本指标、效益指标、满意度指标；"
        "产出、效益、满意度指标每张表都必须有，项目表还应有成本指标。",
    ),
    ("text", "3．二级指标：先选好一级指标，再从下拉列表中选择对应的二级指标，对应关系见下表。"),
    (
        "text",
        "4．同一个一级（或二级）指标下有多行三级指标时，下面各行的一级（二级）指标可以留空，"
        "表示与上一行相同；留空时二级指标下拉列表为空，可直接填写。",
    ),
    ("text", "5．三级指标：填写具体的指标名称，如“城镇新增就业人数”。"),
    (
        "text",
        "6．计算符号：≥ 表示大于或等于（不低于）；> 表示大于；= 表示等于；< 表示小于；"
        "≤ 表示小于或等于（不超过）；“定性”表示无法用数字衡量的目标。",
    ),
    (
        "text",
        "7．指标值：选数字符号（≥ > = < ≤）时只填数字，如 95；选“定性”时填写文字目标，"
        "如“有所提升”“效果明显”。不要写“左右”“约”。",
    ),
    ("text", "8．单位：填写计量单位，如 %、人、次、万元；定性指标可不填。"),
    ("head", "四、指标框架（一级指标 → 二级指标）"),
    ("framework", ""),
    ("head", "五、增加项目表"),
    (
        "text",
        "有多个项目时：右键单击“项目1”工作表标签 → 选择“移动或复制” → 勾选“建立副本” → 确定；"
        "再右键单击新工作表标签 → “重命名”为“项目2”，依此类推。不要删除或改动“部门整体”工作表。",
    ),
    ("head", "六、其他"),
    ("text", "工作表已设保护（无密码），只能在白色格子中填写；可以调整行高、列宽。"),
)


# ---------------------------------------------------------------- public API


def build_template() -> openpyxl.Workbook:
    """The blank standard template, in memory."""
    workbook = openpyxl.Workbook()
    _use_chinese_default_font(workbook)
    _set_properties(workbook)
    _build_instructions(workbook.active)
    _build_lists(workbook)
    _build_sheet(workbook.create_sheet(DEPARTMENT_SHEET, 1), _DEPARTMENT)
    add_project_sheet(workbook, PROJECT_SHEET)
    workbook.active = 0
    return workbook


def write_template(path: str | os.PathLike[str]) -> Path:
    """Write the template to `path` atomically, byte-for-byte the same on every build."""
    return save_workbook(_DeterministicSave(build_template()), path)


def add_project_sheet(workbook: openpyxl.Workbook, title: str | None = None) -> Worksheet:
    """Add a blank project sheet (项目N, after the last sheet before 代码表) to `workbook`."""
    _ensure_lists(workbook)
    title = title or _next_project_title(workbook)
    # Before 代码表, so the hidden lists stay last and new projects follow the existing ones.
    sheet = workbook.create_sheet(title, workbook.sheetnames.index(LISTS_SHEET))
    _build_sheet(sheet, _PROJECT)
    return sheet


# ---------------------------------------------------------------- workbook-wide parts


def _use_chinese_default_font(workbook: openpyxl.Workbook) -> None:
    # Font 0 styles every cell nobody styled; Calibri there shows Chinese as boxes on some PCs.
    workbook._fonts = IndexedList([Font(name=FONT_NAME, size=11, family=3, charset=134)])


def _set_properties(workbook: openpyxl.Workbook) -> None:
    props = workbook.properties
    props.creator = props.lastModifiedBy = "xlgoals"
    props.title = "绩效目标表模板"
    props.created = props.modified = _FIXED_TIME


class _DeterministicSave:
    """Adapter for writing.save_workbook: openpyxl stamps `modified` and zip times with now."""

    def __init__(self, workbook: openpyxl.Workbook) -> None:
        self.workbook = workbook

    def save(self, path: str | os.PathLike[str]) -> None:
        raw = io.BytesIO()
        ExcelWriter(self.workbook, ZipFile(raw, "w", ZIP_DEFLATED, allowZip64=True)).save()
        with ZipFile(raw) as source, ZipFile(path, "w", ZIP_DEFLATED) as target:
            for info in source.infolist():
                fixed = ZipInfo(info.filename, date_time=_ZIP_TIME)
                fixed.compress_type = ZIP_DEFLATED
                fixed.external_attr = info.external_attr
                target.writestr(fixed, source.read(info.filename))


def _next_project_title(workbook: openpyxl.Workbook) -> str:
    number = 1
    while f"项目{number}" in workbook.sheetnames:
        number += 1
    return f"项目{number}"


def _ensure_lists(workbook: openpyxl.Workbook) -> None:
    if LISTS_SHEET not in workbook.sheetnames:
        _build_lists(workbook)


def _build_lists(workbook: openpyxl.Workbook) -> None:
    """The hidden 代码表: column A the 一级 list, one column of 二级 per 一级, then comparators."""
    sheet = workbook.create_sheet(LISTS_SHEET)
    columns = [(LEVEL1_LIST_NAME, tuple(FRAMEWORK))]
    columns += list(FRAMEWORK.items())
    columns.append((COMPARATOR_LIST_NAME, COMPARATORS))
    for index, (name, values) in enumerate(columns, start=1):
        sheet.cell(1, index, name).font = _BOLD
        for row, value in enumerate(values, start=2):
            sheet.cell(row, index, value).font = _FONT
        letter = sheet.cell(1, index).column_letter
        sheet.column_dimensions[letter].width = 22
        ref = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        workbook.defined_names[name] = DefinedName(name, attr_text=ref)
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True


# ---------------------------------------------------------------- 填表说明


def _build_instructions(sheet: Worksheet) -> None:
    sheet.title = INSTRUCTIONS_SHEET
    sheet.column_dimensions["A"].width = 80
    row = 1
    for kind, text in _INSTRUCTIONS:
        if kind == "framework":
            row = _write_framework_table(sheet, row)
            continue
        cell = sheet.cell(row, 1, text)
        cell.font = {"title": _TITLE_FONT, "head": _BOLD}.get(kind, _FONT)
        cell.alignment = _CENTER if kind == "title" else _LEFT
        # Long paragraphs wrap; give them room so the sheet reads without resizing rows.
        lines = -(-len(text) // _CHARS_PER_LINE)
        sheet.row_dimensions[row].height = 30 if kind == "title" else 18 * lines
        row += 1
    _set_print(sheet, header_row=None)
    sheet.print_area = f"A1:A{row - 1}"


def _write_framework_table(sheet: Worksheet, row: int) -> int:
    for level1, level2s in FRAMEWORK.items():
        sheet.cell(row, 1, f"    {level1}：{'、'.join(level2s)}").font = _FONT
        row += 1
    return row


# ---------------------------------------------------------------- 部门整体 / 项目 sheets


def _build_sheet(sheet: Worksheet, layout: _Layout) -> None:
    last_row = layout.first_row + layout.rows - 1
    for letter, width in _COLUMN_WIDTHS.items():
        sheet.column_dimensions[letter].width = width
    _style_grid(sheet, last_row)
    _write_title(sheet, layout.title)
    for row, text in layout.sections:
        _write_section(sheet, row, text)
    for field in layout.fields:
        _write_field(sheet, field)
    for blank in layout.blanks:
        sheet.merge_cells(blank)
    _write_indicator_table(sheet, layout.header_row, layout.first_row, last_row)
    # Header rows a little taller than Excel's default so Chinese labels are not cramped.
    heights = {row: 20.0 for row in range(2, layout.header_row + 1)} | dict(layout.heights)
    for row, height in heights.items():
        sheet.row_dimensions[row].height = height
    sheet.freeze_panes = f"A{layout.first_row}"
    _set_print(sheet, header_row=layout.header_row)
    sheet.print_area = f"A1:{_LAST_COLUMN}{last_row}"
    _protect(sheet)


def _style_grid(sheet: Worksheet, last_row: int) -> None:
    """Borders and the Chinese font on every cell; labels locked until a field unlocks them."""
    for row in sheet.iter_rows(min_row=1, max_row=last_row, max_col=len(INDICATOR_COLUMNS)):
        for cell in row:
            cell.font = _FONT
            cell.protection = _LOCKED
            if cell.row > 1:
                cell.border = _BORDER


def _write_title(sheet: Worksheet, title: str) -> None:
    sheet["A1"] = title
    sheet["A1"].font = _TITLE_FONT
    sheet["A1"].alignment = _CENTER
    sheet.merge_cells(f"A1:{_LAST_COLUMN}1")


def _write_section(sheet: Worksheet, row: int, text: str) -> None:
    cell = sheet.cell(row, 1, text)
    cell.font = _BOLD
    cell.fill = _SECTION_FILL
    cell.alignment = _LEFT
    sheet.merge_cells(f"A{row}:{_LAST_COLUMN}{row}")


def _write_field(sheet: Worksheet, field: _Field) -> None:
    label = sheet[field.label_cell]
    label.value = field.label
    label.fill = _LABEL_FILL
    label.alignment = _CENTER
    value = sheet[field.value_range.split(":")[0]]
    value.value = field.formula
    value.protection = _UNLOCKED
    _style_value(value, field.kind)
    if ":" in field.value_range:
        sheet.merge_cells(field.value_range)
    if field.kind == "year":
        _add_validation(sheet, _year_validation(), value.coordinate)


def _style_value(cell: Cell, kind: str) -> None:
    cell.alignment = _LEFT
    if kind in ("amount", "total"):
        cell.number_format = AMOUNT_FORMAT
        cell.alignment = _RIGHT
    if kind == "total":
        cell.fill = _TOTAL_FILL
    elif kind == "long":
        cell.alignment = _TOP_LEFT
    elif kind == "phone":
        cell.number_format = TEXT_FORMAT
    elif kind == "date":
        cell.number_format = DATE_FORMAT
    elif kind == "year":
        cell.number_format = "0"


def _write_indicator_table(sheet: Worksheet, header_row: int, first: int, last: int) -> None:
    for letter, header in zip(INDICATOR_COLUMNS, INDICATOR_HEADERS, strict=True):
        cell = sheet[f"{letter}{header_row}"]
        cell.value = header
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = _CENTER
    for row in sheet.iter_rows(min_row=first, max_row=last, max_col=len(INDICATOR_COLUMNS)):
        for cell in row:
            cell.protection = _UNLOCKED
            cell.alignment = _CENTER if cell.column_letter in "ABDF" else _LEFT
            if cell.column_letter in "CEF":
                # Keep 指标值 such as 100.00 or 5.5 exactly as typed; 定性 targets are text anyway.
                cell.number_format = TEXT_FORMAT
    for validation, column in _indicator_validations(first):
        _add_validation(sheet, validation, f"{column}{first}:{column}{last}")


def _indicator_validations(first: int) -> list[tuple[DataValidation, str]]:
    level1 = DataValidation(
        type="list",
        formula1=LEVEL1_LIST_NAME,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="一级指标",
        error="请从下拉列表中选择一级指标；与上一行相同时可留空。",
    )
    # A blank 一级 continues the row above, so INDIRECT has no list there: warn, don't refuse.
    level2 = DataValidation(
        type="list",
        formula1=f"INDIRECT($A{first})",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="二级指标",
        error="该二级指标不属于本行所选的一级指标。仍要使用吗？",
    )
    comparator = DataValidation(
        type="list",
        formula1=COMPARATOR_LIST_NAME,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="计算符号",
        error="计算符号只能是 ≥ > = < ≤ 或 定性。",
    )
    return [(level1, "A"), (level2, "B"), (comparator, "D")]


def _year_validation() -> DataValidation:
    return DataValidation(
        type="whole",
        operator="between",
        formula1="2000",
        formula2="2100",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="预算年度",
        error="请填写四位数年度，如 2024。",
    )


def _add_validation(sheet: Worksheet, validation: DataValidation, ref: str) -> None:
    validation.add(ref)
    sheet.add_data_validation(validation)


def _set_print(sheet: Worksheet, header_row: int | None) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    if header_row is not None:
        sheet.print_title_rows = f"{header_row}:{header_row}"


def _protect(sheet: Worksheet) -> None:
    """Protect without a password; clerks may still resize rows and columns.

    Formatting cells and editing notes stay allowed (False = not protected): the 检查 buttons
    colour problem cells and add notes, and an xlwings Server client cannot lift protection.
    """
    protection = sheet.protection
    protection.sheet = True
    protection.formatRows = False
    protection.formatColumns = False
    protection.formatCells = False
    protection.objects = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False
