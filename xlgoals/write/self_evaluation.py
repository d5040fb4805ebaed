"""The 自评 form of the standard template (绩效自评表), blank or filled from a target workbook.

Each sheet keeps the target table's header and indicator columns and adds the year-end ones:
全年实际完成值, 分值, 得分, 偏差原因分析及改进措施, the funds block (年初预算数 / 全年预算数 /
全年执行数 / 分值 / 执行率 / 得分 / 原因), 总分 and 自评等级. 得分, 执行率, 总分 and 等级 are
formulas written from the same `ScoringSettings` as `xlgoals.model.scoring`, so Excel (or
LibreOffice) and Python give the same scores. 定性 rows take one of the three band words from a
dropdown; the dropdown accepts a number too (定量 rows).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment
from openpyxl.utils import quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from xlgoals.data import SELF_TEMPLATE_NAME, template_file
from xlgoals.model.scoring import DEFAULT_SETTINGS, Band, ScoringSettings, resolve_weights
from xlgoals.model.submission import AnyTable, DepartmentTable, Indicator, ProjectTable
from xlgoals.model.targets import Comparator, format_target
from xlgoals.write import template as base
from xlgoals.write.common import atomic_path, clean_text, is_formula_like
from xlgoals.write.xlsx_cells import cache_values

GRADE_LIST_NAME = "自评等级"
SELF_TEMPLATE_PATH = template_file(SELF_TEMPLATE_NAME)
COLUMNS = ("A", "B", "C", "D", "E", "F", "G", "H", "I", "J")
HEADERS = (*base.INDICATOR_HEADERS, "全年实际完成值", "分值", "得分", "偏差原因分析及改进措施")
FUNDS_HEADERS = ("资金", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "原因")
#: wide enough for the funds block's headers and the band words of 全年实际完成值
_WIDTHS = dict(zip(COLUMNS, (14, 14, 30, 11, 12, 9, 24, 8, 9, 30), strict=True))
_LAST = COLUMNS[-1]
_PERCENT = "0.00%"
_SCORE = "0.00"
_FUNDS_WEIGHT = "E"


@dataclass(frozen=True)
class SelfLayout:
    """Where things are on one 自评 sheet (1-based rows)."""

    title: str
    fields: tuple[base._Field, ...]
    sections: tuple[tuple[int, str], ...]
    blanks: tuple[str, ...]
    funds_header: int
    funds_labels: tuple[str, ...]  # the total first, then its parts
    long_rows: tuple[int, ...]
    #: header totals (cell, its parts), as the target template's formulas add them
    header_totals: tuple[tuple[str, tuple[str, ...]], ...]
    header_row: int
    first_row: int
    rows: int

    @property
    def funds_total(self) -> int:
        return self.funds_header + 1

    @property
    def last_row(self) -> int:
        return self.first_row + self.rows - 1


def _F(label_cell: str, label: str, value: str, kind: str = "text", formula: str | None = None):
    return base._Field(label_cell, label, value, kind, formula)


def department_layout(rows: int = base.DEPARTMENT_ROWS) -> SelfLayout:
    return SelfLayout(
        title="部门整体支出绩效自评表",
        fields=(
            _F("A2", "部门名称", "B2:E2"),
            _F("F2", "预算年度", "G2:J2", "year"),
            _F("A3", "自评总分", "B3:E3", "total"),
            _F("F3", "自评等级", "G3:J3", "total"),
            _F("A5", "收入预算合计", "B5:E5", "total", "=B6+G6"),
            _F("A6", "其中：财政拨款", "B6:E6", "amount"),
            _F("F6", "其他经费", "G6:J6", "amount"),
            _F("A7", "支出预算合计", "B7:E7", "total", "=B8+G8"),
            _F("A8", "其中：基本支出", "B8:E8", "amount"),
            _F("F8", "项目支出", "G8:J8", "amount"),
            _F("A9", "年度总体目标", "B9:J9", "long"),
            _F("A15", "实际完成情况", "B15:J15", "long"),
        ),
        sections=((4, "当年预算情况（万元）"), (10, "预算执行情况（万元）"), (16, "年度绩效指标")),
        blanks=("F5:J5", "F7:J7"),
        funds_header=11,
        funds_labels=("部门预算总额", "其中：基本支出", "项目支出"),
        long_rows=(9, 15),
        header_totals=(("B5", ("B6", "G6")), ("B7", ("B8", "G8"))),
        header_row=17,
        first_row=18,
        rows=rows,
    )


def project_layout(rows: int = base.PROJECT_ROWS) -> SelfLayout:
    return SelfLayout(
        title="项目支出绩效自评表",
        fields=(
            _F("A2", "项目名称", "B2:J2"),
            _F("A3", "主管部门及代码", "B3:E3"),
            _F("F3", "实施单位", "G3:J3"),
            _F("A4", "项目负责人", "B4:E4"),
            _F("F4", "联系电话", "G4:J4", "phone"),
            _F("A5", "自评总分", "B5:E5", "total"),
            _F("F5", "自评等级", "G5:J5", "total"),
            _F("A12", "年度绩效目标", "B12:J12", "long"),
            _F("A13", "实际完成情况", "B13:J13", "long"),
        ),
        sections=((6, "项目资金（万元）"), (14, "年度绩效指标")),
        blanks=(),
        funds_header=7,
        funds_labels=("年度资金总额", "其中：财政拨款", "上年结转", "其他资金"),
        long_rows=(12, 13),
        header_totals=(),
        header_row=15,
        first_row=16,
        rows=rows,
    )


_LAYOUTS = {layout.title: layout for layout in (department_layout(), project_layout())}


# --- formulas -----------------------------------------------------------------------------


def _decimal(value: Decimal) -> str:
    return format(value.normalize(), "f")


def score_formula(row: int, settings: ScoringSettings = DEFAULT_SETTINGS) -> str:
    """得分 of one row, as `xlgoals.model.scoring.score_indicator` computes it."""
    g, h, e, d, f = (f"{c}{row}" for c in "GHEDF")
    target = f"VALUE({e})"
    negative = f"IF({g}<={target},{h},IF({g}>0,{h}*{target}/{g},0))"
    positive = f"IF({g}>={target},{h},IF({target}>0,{h}*{g}/{target},{h}))"
    quantitative = f'IFERROR(ROUND(IF(OR({d}="≤",{d}="<"),{negative},{positive}),2),"")'
    words = '""'
    for band in reversed(Band):
        point = _decimal(settings.band_points[band])
        words = f'IF({g}="{band.value}",ROUND({h}*{point},2),{words})'
    met = _decimal(settings.band_points[Band.MET])
    same = f"IF(TRIM({g})=TRIM({e}&{f}),ROUND({h}*{met},2),{words})"
    return f'=IF(OR({g}="",{h}=""),"",IF(ISNUMBER({g}),{quantitative},{same}))'


def rate_formula(row: int) -> str:
    """执行率: 全年执行数 ÷ 全年预算数, else ÷ 年初预算数."""
    b, c, d = (f"{x}{row}" for x in "BCD")
    return f'=IF(N({c})>0,{d}/{c},IF(N({b})>0,{d}/{b},""))'


def grade_formula(cell: str, settings: ScoringSettings = DEFAULT_SETTINGS) -> str:
    grades = list(settings.grades)
    formula = f'"{grades[-1][1]}"'
    for lowest, grade in reversed(grades[:-1]):
        formula = f'IF({cell}>={_decimal(lowest)},"{grade}",{formula})'
    return f"={formula}"


# --- building -----------------------------------------------------------------------------


def build_self_evaluation(settings: ScoringSettings = DEFAULT_SETTINGS) -> openpyxl.Workbook:
    """The blank 自评 template: 部门整体 and 项目1 sheets, instructions and lists."""
    workbook = _workbook()
    add_self_sheet(workbook, base.DEPARTMENT_SHEET, department_layout(), settings)
    add_self_sheet(workbook, base.PROJECT_SHEET, project_layout(), settings)
    workbook.active = 0
    return workbook


def write_self_evaluation(
    path: str | os.PathLike[str], settings: ScoringSettings = DEFAULT_SETTINGS
) -> Path:
    """The blank 自评 template, byte for byte the same on every build."""
    return _save(build_self_evaluation(settings), path)


def _save(workbook: openpyxl.Workbook, path: str | os.PathLike[str]) -> Path:
    """Atomically, with the money totals' values cached: a reader without a calculation
    engine (calamine) then sees 年度资金总额 and not the 分值 beside an empty total."""
    cached = cached_totals(workbook)
    with atomic_path(path) as tmp:
        base._DeterministicSave(workbook).save(tmp)
        cache_values(tmp, cached)
    return Path(path)


def cached_totals(workbook: openpyxl.Workbook) -> dict[tuple[str, str], Decimal]:
    """(sheet, cell) → value of each money total: 年初预算数 always (0 when blank, as the
    template's own totals read), 全年预算数 and 全年执行数 once a part is filled."""
    values: dict[tuple[str, str], Decimal] = {}
    for sheet in workbook.worksheets:
        layout = _LAYOUTS.get(sheet["A1"].value)
        if layout is None:
            continue
        first = layout.funds_total + 1
        last = layout.funds_total + len(layout.funds_labels) - 1
        for letter in "BCD":
            parts = [sheet[f"{letter}{r}"].value for r in range(first, last + 1)]
            numbers = [Decimal(str(v)) for v in parts if isinstance(v, (int, float))]
            if numbers or letter == "B":
                values[(sheet.title, f"{letter}{layout.funds_total}")] = sum(numbers, Decimal(0))
        for total, parts in layout.header_totals:
            numbers = [sheet[p].value for p in parts]
            found = sum(
                (Decimal(str(v)) for v in numbers if isinstance(v, (int, float))), Decimal(0)
            )
            values[(sheet.title, total)] = found
    return values


def _workbook() -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    base._use_chinese_default_font(workbook)
    base._set_properties(workbook)
    workbook.properties.title = "绩效自评表模板"
    _instructions(workbook.active)
    base._build_lists(workbook)
    _grade_list(workbook)
    return workbook


def _grade_list(workbook: openpyxl.Workbook) -> None:
    sheet = workbook[base.LISTS_SHEET]
    column = sheet.max_column + 1
    sheet.cell(1, column, GRADE_LIST_NAME).font = base._BOLD
    for row, band in enumerate(Band, start=2):
        sheet.cell(row, column, band.value).font = base._FONT
    letter = sheet.cell(1, column).column_letter
    sheet.column_dimensions[letter].width = 26
    ref = f"{quote_sheetname(base.LISTS_SHEET)}!${letter}$2:${letter}${len(Band) + 1}"
    workbook.defined_names[GRADE_LIST_NAME] = DefinedName(GRADE_LIST_NAME, attr_text=ref)


_INSTRUCTIONS = (
    "绩效自评表填表说明",
    "1．灰色底纹的是栏目名称，白色格子填写；绿色底纹的合计、执行率、得分、总分和等级已设公式。",
    "2．项目资金：填写年初预算数、全年预算数（调整后）和全年执行数，单位万元；执行率 = 全年执行数 ÷"
    " 全年预算数，得分 = 分值 × 执行率（最高为分值）；执行率低于 90% 的请在“原因”栏说明。",
    "3．全年实际完成值：定量指标只填数字（单位见“单位”栏）；定性指标从下拉列表选择"
    "“达成预期指标”“部分达成并具有一定效果”“未达成且效果较差”。",
    "4．分值：各指标分值与预算执行分值合计为 100（默认产出 50、效益 30、满意度 10、预算执行 10）。",
    "5．得分：正向指标（≥ > =）完成值达到指标值得满分，否则按 完成值 ÷ 指标值 × 分值；"
    "反向指标（≤ <）超过上限时按 指标值 ÷ 完成值 × 分值；定性指标达成得满分，部分达成得 70%，"
    "未达成得 30%（区间分别为 80%–100%、60%–80%、0–60%），可按实际在区间内调整并说明理由。",
    "6．未完成目标的指标，请填写偏差原因分析及改进措施。",
    "7．总分满分 100：90 分以上为优，80 分以上为良，60 分以上为中，60 分以下为差。",
)


def _instructions(sheet: Worksheet) -> None:
    sheet.title = base.INSTRUCTIONS_SHEET
    sheet.column_dimensions["A"].width = 80
    for row, text in enumerate(_INSTRUCTIONS, start=1):
        cell = sheet.cell(row, 1, text)
        cell.font = base._TITLE_FONT if row == 1 else base._FONT
        cell.alignment = base._CENTER if row == 1 else base._LEFT
        sheet.row_dimensions[row].height = 30 if row == 1 else 18 * -(-len(text) // 44)
    base._set_print(sheet, header_row=None)


def add_self_sheet(
    workbook: openpyxl.Workbook,
    title: str,
    layout: SelfLayout,
    settings: ScoringSettings = DEFAULT_SETTINGS,
) -> Worksheet:
    """Add one blank 自评 sheet before the hidden lists."""
    sheet = workbook.create_sheet(title, workbook.sheetnames.index(base.LISTS_SHEET))
    for letter, width in _WIDTHS.items():
        sheet.column_dimensions[letter].width = width
    _grid(sheet, layout.last_row)
    sheet["A1"] = layout.title
    sheet["A1"].font, sheet["A1"].alignment = base._TITLE_FONT, base._CENTER
    sheet.merge_cells(f"A1:{_LAST}1")
    for row, text in layout.sections:
        cell = sheet.cell(row, 1, text)
        cell.font, cell.fill, cell.alignment = base._BOLD, base._SECTION_FILL, base._LEFT
        sheet.merge_cells(f"A{row}:{_LAST}{row}")
    for field in layout.fields:
        base._write_field(sheet, field)
    for blank in layout.blanks:
        sheet.merge_cells(blank)
    _funds_block(sheet, layout)
    _indicator_block(sheet, layout, settings)
    _totals(sheet, layout, settings)
    for row in layout.long_rows:
        sheet.row_dimensions[row].height = 50
    sheet.freeze_panes = f"A{layout.first_row}"
    base._set_print(sheet, header_row=layout.header_row)
    sheet.page_setup.orientation = "landscape"
    sheet.print_area = f"A1:{_LAST}{layout.last_row}"
    base._protect(sheet)
    return sheet


def _grid(sheet: Worksheet, last_row: int) -> None:
    for row in sheet.iter_rows(min_row=1, max_row=last_row, max_col=len(COLUMNS)):
        for cell in row:
            cell.font, cell.protection = base._FONT, base._LOCKED
            if cell.row > 1:
                cell.border = base._BORDER


def _header(sheet: Worksheet, row: int, headers: tuple[str, ...]) -> None:
    for letter, text in zip(COLUMNS, headers, strict=False):
        cell = sheet[f"{letter}{row}"]
        cell.value, cell.font, cell.fill, cell.alignment = (
            text,
            base._BOLD,
            base._HEADER_FILL,
            base._CENTER,
        )


def _funds_block(sheet: Worksheet, layout: SelfLayout) -> None:
    _header(sheet, layout.funds_header, FUNDS_HEADERS)
    sheet.merge_cells(f"H{layout.funds_header}:{_LAST}{layout.funds_header}")
    total, first = layout.funds_total, layout.funds_total + 1
    last = layout.funds_total + len(layout.funds_labels) - 1
    for offset, label in enumerate(layout.funds_labels):
        row = total + offset
        sheet[f"A{row}"].value, sheet[f"A{row}"].fill = label, base._LABEL_FILL
        sheet[f"A{row}"].alignment = base._CENTER
        for letter in "BCD":
            cell = sheet[f"{letter}{row}"]
            cell.number_format, cell.alignment = base.AMOUNT_FORMAT, base._RIGHT
            if row == total:
                cell.value, cell.fill = f"=SUM({letter}{first}:{letter}{last})", base._TOTAL_FILL
            else:
                cell.protection = base._UNLOCKED
    weight = sheet[f"{_FUNDS_WEIGHT}{total}"]
    weight.value, weight.protection = int(DEFAULT_SETTINGS.execution_weight), base._UNLOCKED
    rate, score = sheet[f"F{total}"], sheet[f"G{total}"]
    rate.value, rate.number_format, rate.fill = rate_formula(total), _PERCENT, base._TOTAL_FILL
    score.value = f'=IF(F{total}="","",ROUND(E{total}*MIN(F{total},1),2))'
    score.number_format, score.fill = _SCORE, base._TOTAL_FILL
    sheet.merge_cells(f"H{total}:{_LAST}{last}")
    reason = sheet[f"H{total}"]
    reason.protection, reason.alignment = base._UNLOCKED, base._TOP_LEFT


def _indicator_block(sheet: Worksheet, layout: SelfLayout, settings: ScoringSettings) -> None:
    _header(sheet, layout.header_row, HEADERS)
    first, last = layout.first_row, layout.last_row
    for row in sheet.iter_rows(min_row=first, max_row=last, max_col=len(COLUMNS)):
        for cell in row:
            letter = cell.column_letter
            cell.protection = base._UNLOCKED
            cell.alignment = base._CENTER if letter in "ABDFGHI" else base._LEFT
            if letter in "CEF":
                cell.number_format = base.TEXT_FORMAT
        score = row[COLUMNS.index("I")]
        score.value, score.number_format = score_formula(score.row, settings), _SCORE
        score.protection, score.fill = base._LOCKED, base._TOTAL_FILL
    for validation, column in base._indicator_validations(first):
        base._add_validation(sheet, validation, f"{column}{first}:{column}{last}")
    grades = DataValidation(
        type="list",
        formula1=GRADE_LIST_NAME,
        allow_blank=True,
        showErrorMessage=False,  # 定量 rows type a number
        promptTitle="全年实际完成值",
        prompt="定量指标填数字；定性指标选择评价等级",
        showInputMessage=True,
    )
    base._add_validation(sheet, grades, f"G{first}:G{last}")


def _totals(sheet: Worksheet, layout: SelfLayout, settings: ScoringSettings) -> None:
    """自评总分 and 自评等级 in the header, where the reviewer looks first."""
    total, grade = (f.value_range.split(":")[0] for f in layout.fields if f.label in _TOTALS)
    first, last, funds = layout.first_row, layout.last_row, layout.funds_total
    sheet[total] = f"=ROUND(N(G{funds})+SUM(I{first}:I{last}),2)"
    sheet[total].number_format = _SCORE
    sheet[grade] = grade_formula(total, settings)
    for ref in (total, grade):
        sheet[ref].font, sheet[ref].protection = base._BOLD, base._LOCKED


_TOTALS = ("自评总分", "自评等级")


# --- a target workbook into its 自评 form ---------------------------------------------------


def self_evaluation_from(
    tables: list[AnyTable], settings: ScoringSettings = DEFAULT_SETTINGS
) -> openpyxl.Workbook:
    """The 自评 form of a department's target tables: header, targets and default 分值
    filled; 完成值, 执行数 and 偏差原因 left for the clerk."""
    workbook = _workbook()
    projects = 0
    for table in tables:
        rows = max(len(table.indicators), 1)
        if isinstance(table, DepartmentTable):
            layout = department_layout(max(rows, base.DEPARTMENT_ROWS))
            sheet = add_self_sheet(workbook, base.DEPARTMENT_SHEET, layout, settings)
            _fill_department(sheet, table, layout)
        else:
            projects += 1
            layout = project_layout(max(rows, base.PROJECT_ROWS))
            sheet = add_self_sheet(workbook, f"项目{projects}", layout, settings)
            _fill_project(sheet, table, layout)
        _fill_indicators(sheet, table.indicators, layout, settings)
    workbook.active = 0
    return workbook


def write_self_evaluation_from(
    tables: list[AnyTable],
    path: str | os.PathLike[str],
    settings: ScoringSettings = DEFAULT_SETTINGS,
) -> Path:
    return _save(self_evaluation_from(tables, settings), path)


def _put(sheet: Worksheet, ref: str, value: object) -> None:
    """Department text as text, never as a formula."""
    if value is None:
        return
    if isinstance(value, str):
        value, _ = clean_text(value)
        sheet[ref] = value
        if is_formula_like(value):
            sheet[ref].data_type = "s"
        return
    if isinstance(value, Decimal):  # as Excel stores numbers; 1728.3777 round-trips
        value = int(value) if value == value.to_integral_value() else float(value)
    sheet[ref] = value


def _fill_department(sheet: Worksheet, table: DepartmentTable, layout: SelfLayout) -> None:
    budget = table.budget
    _put(sheet, "B2", table.department.value if table.department else None)
    _put(sheet, "B9", table.goal.value if table.goal else None)
    for ref, amount in (("B6", budget.fiscal), ("G6", budget.other), ("B8", budget.basic),
                        ("G8", budget.project)):  # fmt: skip
        _put(sheet, ref, amount.value if amount else None)
    basic, project = layout.funds_total + 1, layout.funds_total + 2
    _put(sheet, f"B{basic}", budget.basic.value if budget.basic else None)
    _put(sheet, f"B{project}", budget.project.value if budget.project else None)


def _fill_project(sheet: Worksheet, table: ProjectTable, layout: SelfLayout) -> None:
    funds = table.funds
    for ref, sourced in (("B2", table.project_name), ("B3", table.department),
                         ("G3", table.implementer), ("B4", table.leader), ("G4", table.phone),
                         ("B12", table.goal)):  # fmt: skip
        _put(sheet, ref, sourced.value if sourced else None)
    parts = (funds.fiscal, funds.carryover, funds.other)
    for offset, amount in enumerate(parts, start=1):
        _put(sheet, f"B{layout.funds_total + offset}", amount.value if amount else None)


def _target_cells(indicator: Indicator) -> tuple[str, str, str]:
    """计算符号, 指标值, 单位 as the template's three columns hold them."""
    target = indicator.target
    if target.is_number and not target.approximate and target.number is not None:
        symbol = target.comparator.value if target.comparator else ""
        return symbol, format(target.number, "f"), target.unit
    # anything else stays one cell as written: a text, relative or approximate target
    qualitative = target.comparator is Comparator.QUALITATIVE
    return ("定性" if qualitative else ""), format_target(target) or indicator.raw, ""


def _fill_indicators(
    sheet: Worksheet, indicators: list[Indicator], layout: SelfLayout, settings: ScoringSettings
) -> None:
    weights = _even_weights(indicators, settings)
    level1 = level2 = None
    for row, (indicator, weight) in enumerate(
        zip(indicators, weights, strict=True), layout.first_row
    ):
        if indicator.level1 != level1:
            level1, level2 = indicator.level1, None
            _put(sheet, f"A{row}", level1)
        if indicator.level2 != level2:
            level2 = indicator.level2
            _put(sheet, f"B{row}", level2)
        symbol, value, unit = _target_cells(indicator)
        for letter, text in zip("CDEF", (indicator.name or "", symbol, value, unit), strict=True):
            _put(sheet, f"{letter}{row}", text or None)
        _put(sheet, f"H{row}", weight)
        sheet[f"J{row}"].alignment = Alignment(wrap_text=True, vertical="center")


def _even_weights(indicators: list[Indicator], settings: ScoringSettings) -> list[Decimal | None]:
    """The settings' split, in two decimals, the last row of each 一级 taking the remainder so
    each 一级 adds up to its weight exactly."""
    resolved = [w for w, _ in resolve_weights(indicators, settings)]
    rounded = [None if w is None else w.quantize(Decimal("0.01")) for w in resolved]
    groups: dict[Decimal, list[int]] = {}
    for index, (exact, _) in enumerate(zip(resolved, rounded, strict=True)):
        if exact is not None:
            groups.setdefault(exact, []).append(index)
    for exact, rows in groups.items():
        total = (exact * len(rows)).quantize(Decimal("0.01"))
        given = sum((rounded[i] or Decimal(0) for i in rows[:-1]), Decimal(0))
        rounded[rows[-1]] = total - given
    return rounded
