"""The domain model: tables read from workbooks, with the cell every value came from.

Amounts are `Decimal` in 万元 once read; `places` keeps how many decimals (in 万元) the source
published, which is what the rounding tolerance of the budget checks needs.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from xlgoals.model.targets import Comparator, Target
from xlgoals.problems.findings import Finding, Where

T = TypeVar("T")


class Sourced(BaseModel, Generic[T]):
    """A value and where it was read."""

    model_config = ConfigDict(frozen=True)

    value: T
    at: Where


#: made at module level so pydantic registers it in this module under its own name
#: (`Sourced[str]`): instances then pickle, and a process pool can return submissions whole
SourcedText = Sourced[str]
SourcedNumber = Sourced[Decimal]


class Amount(BaseModel):
    """An amount in 万元 as a Decimal, with the precision it was published with."""

    model_config = ConfigDict(frozen=True)

    value: Decimal
    at: Where
    #: decimals of the published figure, counted in 万元 (an amount in 元 with 2 decimals has 6)
    places: int = 0
    #: as written (before conversion to 万元)
    raw: str = ""
    #: the unit the source used
    unit: Literal["万元", "元"] = "万元"


class Indicator(BaseModel):
    """One indicator row: 一级 / 二级 / 三级, the target and the text as written."""

    level1: str | None = None
    level2: str | None = None
    name: str | None = None
    target: Target
    #: the target as written: one cell, or the 计算符号 / 指标值 / 单位 cells joined
    raw: str = ""
    #: the cell of the 三级 name (the row's anchor); cells of the other columns below
    at: Where
    level1_at: Where | None = None
    level2_at: Where | None = None
    target_at: Where | None = None
    #: the 计算符号 cell, when the table has that column
    comparator_at: Where | None = None
    #: the 计算符号 cell as written, when the table has that column
    comparator_text: str | None = None
    #: labels as written before normalisation (for reports)
    level1_raw: str | None = None
    level2_raw: str | None = None
    #: the columns some provinces add, as written, when the table has them
    value_type: str | None = None  # 指标值类型 / 指标性质: 定量 or 定性
    explanation: str | None = None  # 指标解释
    scoring_rule: str | None = None  # 评（扣）分标准
    direction: str | None = None  # 指标方向性
    #: the year-end columns of a 绩效自评表, as read (None on a target table)
    actual: SourcedText | None = None  # 实际完成值 / 完成值
    weight: SourcedNumber | None = None  # 分值 / 权重
    score: SourcedNumber | None = None  # 得分
    deviation: SourcedText | None = None  # 偏差原因分析及改进措施

    @property
    def comparator(self) -> Comparator | None:
        return self.target.comparator

    @property
    def value(self) -> Decimal | str | None:
        return self.target.number if self.target.number is not None else self.target.text

    @property
    def unit(self) -> str:
        return self.target.unit


class _Amounts(BaseModel):
    """A table's money; each field's title is the label it is read from."""

    @classmethod
    def labels(cls) -> dict[str, str]:
        """Field name → label: `{"income_total": "收入预算合计", …}`."""
        return {name: field.title or name for name, field in cls.model_fields.items()}


class DepartmentBudget(_Amounts):
    """当年预算情况 of a 部门整体 table."""

    income_total: Amount | None = Field(None, title="收入预算合计")
    fiscal: Amount | None = Field(None, title="财政拨款")
    other: Amount | None = Field(None, title="其他经费")
    carryover: Amount | None = Field(None, title="上年结转")
    expense_total: Amount | None = Field(None, title="支出预算合计")
    basic: Amount | None = Field(None, title="基本支出")
    project: Amount | None = Field(None, title="项目支出")


class ProjectFunds(_Amounts):
    """项目资金 of a project table."""

    total: Amount | None = Field(None, title="年度资金总额")  # also written 申请金额
    fiscal: Amount | None = Field(None, title="财政拨款")
    carryover: Amount | None = Field(None, title="上年结转")
    other: Amount | None = Field(None, title="其他资金")
    multiyear_total: Amount | None = Field(None, title="项目资金总额")  # multi-year form
    multiyear_fiscal: Amount | None = Field(None, title="财政资金")  # multi-year form


class FundsExecution(BaseModel):
    """One source row of a 绩效自评表's funds block (预算执行情况): 年初预算数, 全年预算数,
    全年执行数, with the 分值, 执行率 and 得分 the table publishes."""

    label: str  # 年度资金总额 / 财政拨款 / 上年结转 / 其他资金, as written
    at: Where
    planned: Amount | None = None  # 年初预算数
    budget: Amount | None = None  # 全年预算数
    executed: Amount | None = None  # 全年执行数
    weight: SourcedNumber | None = None  # 分值
    rate: SourcedNumber | None = None  # 执行率, in percent as published
    score: SourcedNumber | None = None  # 得分
    reason: SourcedText | None = None  # 原因 / 偏差原因 (Sichuan asks for one below 90%)


class Table(BaseModel):
    """What both kinds of table share."""

    title: Sourced[str] | None = None
    at: Where  # the table's first cell (its title, or its first label)
    goal: Sourced[str] | None = None  # 年度总体目标 / 年度绩效目标
    indicators: list[Indicator] = Field(default_factory=list)
    #: the header row of the indicator block, 0-based (None when the block is missing)
    header_row: int | None = None
    fields: dict[str, Sourced[str]] = Field(default_factory=dict)  # other labelled fields
    #: text fields labelled but left empty, at the cell right of their label
    blank: dict[str, Where] = Field(default_factory=dict)
    #: year end (绩效自评表): the funds block, and the total score and grade as published
    execution: list[FundsExecution] = Field(default_factory=list)
    total_score: SourcedNumber | None = None  # 总分
    grade: SourcedText | None = None  # 自评等级
    #: reading coverage of the indicator region: the share of its filled cells placed in a
    #: column (1.0 when every cell was understood); checks that need the whole table (a
    #: missing 一级, no indicators) stay silent below 1.0
    coverage: float = 1.0
    #: content rows of the indicator region (indicators read, and rows not understood)
    rows_present: int = 0
    #: the roles of the indicator header's columns, left to right (level1, level2, name,
    #: comparator, target, unit, weight, actual, score …), as the reader understood them
    layout: list[str] = Field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every cell of the indicator region was placed."""
        return self.coverage >= 1.0

    @property
    def self_evaluation(self) -> bool:
        """A 绩效自评表: it publishes results (完成值 or 得分), not only targets."""
        return bool(self.execution) or any(
            i.actual is not None or i.score is not None for i in self.indicators
        )

    @property
    def display_name(self) -> str:
        raise NotImplementedError


class DepartmentTable(Table):
    """部门整体支出绩效目标表."""

    kind: Literal["department"] = "department"
    department: Sourced[str] | None = None  # 部门名称
    budget: DepartmentBudget = Field(default_factory=DepartmentBudget)

    @property
    def display_name(self) -> str:
        return "部门整体"


class ProjectTable(Table):
    """项目支出 / 专项资金绩效目标表."""

    kind: Literal["project"] = "project"
    project_name: Sourced[str] | None = None  # 项目名称
    department: Sourced[str] | None = None  # 主管部门及代码
    implementer: Sourced[str] | None = None  # 实施单位
    leader: Sourced[str] | None = None  # 项目负责人
    phone: Sourced[str] | None = None  # 联系电话
    funds: ProjectFunds = Field(default_factory=ProjectFunds)

    @property
    def display_name(self) -> str:
        return self.project_name.value if self.project_name else "项目"


AnyTable = DepartmentTable | ProjectTable


class Submission(BaseModel):
    """One department's workbook as read: its tables, in reading order, and what reading found."""

    file: str
    tables: list[DepartmentTable | ProjectTable] = Field(default_factory=list)
    #: problems met while reading (unreadable file, missing labels, amounts that are not numbers)
    findings: list[Finding] = Field(default_factory=list)

    @property
    def department_tables(self) -> list[DepartmentTable]:
        return [t for t in self.tables if isinstance(t, DepartmentTable)]

    @property
    def project_tables(self) -> list[ProjectTable]:
        return [t for t in self.tables if isinstance(t, ProjectTable)]

    @property
    def department(self) -> str | None:
        """The department's name: 部门名称, else 主管部门及代码 without its code."""
        for table in self.department_tables:
            if table.department:
                return table.department.value
        for table in self.project_tables:
            if table.department:
                return table.department.value.split("-", 1)[-1].strip()
        return None

    @property
    def indicators(self) -> list[Indicator]:
        return [i for t in self.tables for i in t.indicators]
