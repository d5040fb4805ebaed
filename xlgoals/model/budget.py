"""Budget header identities (domain.md §2), pure Decimal arithmetic.

An identity is a total and its parts as read. It is only judged when the total and at least
one part are filled: a project that publishes only 年度资金总额 says nothing about its parts.
Parts left empty next to filled ones count as 0. Published figures are rounded, so a
difference of one unit in the finest published decimal place is rounding, not an error.
The checks and the subtotals writer share these functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from xlgoals.address import sheet_ref
from xlgoals.model.submission import (
    Amount,
    DepartmentBudget,
    DepartmentTable,
    ProjectFunds,
    Submission,
)


class Status(str, Enum):
    OK = "ok"
    ROUNDING = "rounding"
    ERROR = "error"


@dataclass(frozen=True)
class Identity:
    """`total_label` = Σ parts, as read from one table."""

    total_label: str
    total: Amount
    #: (label, amount) of the filled parts, in the order of the identity
    parts: tuple[tuple[str, Amount], ...]
    #: True when the parts are cells a total can be written over (a formula); False for a
    #: comparison of two totals (收入预算合计 = 支出预算合计)
    summable: bool = True

    @property
    def computed(self) -> Decimal:
        return sum((amount.value for _, amount in self.parts), Decimal(0))

    @property
    def difference(self) -> Decimal:
        return self.total.value - self.computed

    @property
    def formula(self) -> str | None:
        """`B5+E5` (no leading `=`; a part on another sheet as `'项目1'!B8`) when the total can
        be written as a formula of its parts: a sum whose cells are all known, in one unit."""
        amounts = [self.total, *(a for _, a in self.parts)]
        if not self.summable or not all(a.at.cell and a.at.sheet for a in amounts):
            return None
        if any(a.unit != self.total.unit for a in amounts):
            return None  # 元 parts of a 万元 total: a plain sum would be 10,000 times off
        home = self.total.at.sheet
        return "+".join(
            a.at.cell if a.at.sheet == home else sheet_ref(a.at.sheet, a.at.cell)  # type: ignore[arg-type]
            for _, a in self.parts
        )

    @property
    def places(self) -> int:
        """The finest published precision among the amounts involved."""
        return max(a.places for a in (self.total, *(a for _, a in self.parts)))

    @property
    def tolerance(self) -> Decimal:
        return Decimal(1).scaleb(-self.places)

    @property
    def status(self) -> Status:
        gap = abs(self.difference)
        if gap == 0:
            return Status.OK
        return Status.ROUNDING if gap <= self.tolerance else Status.ERROR

    def describe_parts(self) -> str:
        """`基本支出 746.59 + 项目支出 174.15 = 920.74` (the computed side, with its labels)."""
        terms = " + ".join(f"{label} {show(amount.value)}" for label, amount in self.parts)
        if len(self.parts) == 1:
            return terms
        return f"{terms} = {show(self.computed)}"

    def params(self) -> dict[str, str]:
        return {
            "total_label": self.total_label,
            "total": show(self.total.value),
            "parts": self.describe_parts(),
            "difference": show(abs(self.difference)),
            "total_cell": self.total.at.cell or "",
            "part_cells": "、".join(a.at.cell or "" for _, a in self.parts),
        }


def show(value: Decimal) -> str:
    """A Decimal as plain text, without exponent or trailing zeros past the decimals."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _identity(
    total_label: str,
    total: Amount | None,
    parts: list[tuple[str, Amount | None]],
    summable: bool = True,
) -> Identity | None:
    filled = tuple((label, amount) for label, amount in parts if amount is not None)
    if total is None or not filled:
        return None
    return Identity(total_label, total, filled, summable)


def department_identities(budget: DepartmentBudget) -> list[Identity]:
    """收入 = 财政拨款 + 其他经费 (+ 上年结转); 支出 = 基本 + 项目; 收入 = 支出."""
    found = [
        _identity(
            "收入预算合计",
            budget.income_total,
            [
                ("财政拨款", budget.fiscal),
                ("其他经费", budget.other),
                ("上年结转", budget.carryover),
            ],
        ),
        _identity(
            "支出预算合计",
            budget.expense_total,
            [("基本支出", budget.basic), ("项目支出", budget.project)],
        ),
        _identity(
            "收入预算合计",
            budget.income_total,
            [("支出预算合计", budget.expense_total)],
            summable=False,
        ),
    ]
    return [i for i in found if i is not None]


def project_identities(funds: ProjectFunds) -> list[Identity]:
    """年度资金总额 = 财政拨款 + 上年结转 + 其他资金; 项目资金总额 = 财政资金 + 其他资金.

    The multi-year 项目资金总额 is never compared with the annual total. 其他资金 is one
    field: it belongs to the annual form when that form has parts of its own.
    """
    annual = [("财政拨款", funds.fiscal), ("上年结转", funds.carryover), ("其他资金", funds.other)]
    found = [_identity("年度资金总额", funds.total, annual)]
    if funds.multiyear_fiscal is not None:
        annual_parts = funds.total is not None and (funds.fiscal or funds.carryover)
        other = None if annual_parts else funds.other
        found.append(
            _identity(
                "项目资金总额",
                funds.multiyear_total,
                [("财政资金", funds.multiyear_fiscal), ("其他资金", other)],
            )
        )
    return [i for i in found if i is not None]


def project_amounts(funds: ProjectFunds) -> tuple[Amount, ...]:
    """What a project's annual funds are read from: its 年度资金总额, else its filled parts."""
    if funds.total is not None:
        return (funds.total,)
    return tuple(a for a in (funds.fiscal, funds.carryover, funds.other) if a is not None)


def project_funds_total(submission: Submission) -> Decimal | None:
    """Σ the annual funds of a workbook's project tables (None when no project has any)."""
    amounts = [a for t in submission.project_tables for a in project_amounts(t.funds)]
    return sum((a.value for a in amounts), Decimal(0)) if amounts else None


@dataclass(frozen=True)
class ProjectsAgainstBudget:
    """Σ project 年度资金总额 against the 部门整体 项目支出."""

    funds: Decimal
    project: Amount
    totals: tuple[Amount, ...]

    @property
    def exceeds(self) -> bool:
        places = max(a.places for a in (self.project, *self.totals))
        return self.funds - self.project.value > Decimal(1).scaleb(-places)


def projects_against_budget(submission: Submission) -> ProjectsAgainstBudget | None:
    """The department's project funds against its 项目支出 (None when either is missing)."""
    department: DepartmentTable | None = next(
        (t for t in submission.department_tables if t.budget.project is not None), None
    )
    totals = tuple(a for t in submission.project_tables for a in project_amounts(t.funds))
    if department is None or department.budget.project is None or not totals:
        return None
    funds = sum((a.value for a in totals), Decimal(0))
    return ProjectsAgainstBudget(funds, department.budget.project, totals)


def identities(submission: Submission) -> list[Identity]:
    """Every identity of every table of a workbook, in reading order."""
    found: list[Identity] = []
    for table in submission.tables:
        if isinstance(table, DepartmentTable):
            found.extend(department_identities(table.budget))
        else:
            found.extend(project_identities(table.funds))
    return found
