"""Budget checks (domain.md §2): the header identities of each table, and the department's
project funds against its 项目支出. The arithmetic lives in `xlgoals.model.budget`."""

from __future__ import annotations

from collections.abc import Iterator

from xlgoals.checks.registry import check
from xlgoals.model.budget import (
    AMOUNT_PLACES,
    Identity,
    Status,
    identities,
    labelled_project_amounts,
    projects_against_budget,
    show,
    show_amount,
)
from xlgoals.model.submission import DepartmentTable, Submission
from xlgoals.problems.findings import Finding, finding
from xlgoals.reading.tables import UNREAD_AMOUNT


def identity_finding(identity: Identity) -> Finding | None:
    """XG201 for a real difference, XG202 for rounding, None when the identity holds.

    `at` is the total's cell, `related` the parts' cells."""
    code = {Status.ERROR: "XG201", Status.ROUNDING: "XG202"}.get(identity.status)
    if code is None:
        return None
    related = tuple(amount.at for _, amount in identity.parts)
    return finding(code, identity.total.at, related, **identity.params())


@check(codes=("XG201", "XG202"))
def header_identities(submission: Submission) -> Iterator[Finding]:
    # an identity with an amount the reader could not take in is not judged: it said why
    unread = {
        (f.at.sheet, f.params.get("label")) for f in submission.findings if f.code in UNREAD_AMOUNT
    }
    for identity in identities(submission):
        sheet = identity.total.at.sheet
        if any((sheet, label) in unread for label in identity.empty):
            continue
        found = identity_finding(identity)
        if found is not None:
            yield found


@check(codes=("XG203",))
def project_funds(submission: Submission) -> Iterator[Finding]:
    """Σ project 年度资金总额 ≤ 项目支出: a warning, the fund may be budgeted elsewhere."""
    compared = projects_against_budget(submission)
    if compared is None or not compared.exceeds:
        return
    places = max(AMOUNT_PLACES, *(a.places for a in compared.totals))
    yield finding(
        "XG203",
        compared.project.at,
        tuple(a.at for a in compared.totals),
        funds=show(compared.funds, places),
        project=show_amount(compared.project),
        projects=_projects_named(submission),
    )


def _projects_named(submission: Submission) -> str:
    """`“就业创业服务工作”年度资金总额 400.00`: the fields a clerk finds, not cell addresses."""
    named = []
    for table in submission.project_tables:
        amounts = labelled_project_amounts(table.funds)
        if amounts:
            fields = " + ".join(f"{label} {show_amount(a)}" for label, a in amounts)
            named.append(f"“{table.display_name}”{fields}")
    return "；".join(named)


@check(codes=("XG206",))
def funds_by_source(submission: Submission) -> Iterator[Finding]:
    """A project giving only its annual total (申请金额) says nothing of where the money comes
    from; the multi-year form (项目资金总额 = 财政资金 + 其他资金) has parts of its own, and a
    form without the parts' labels does not ask for them."""
    for table in submission.project_tables:
        funds = table.funds
        if funds.total is None or funds.multiyear_fiscal is not None:
            continue
        asked = {"财政拨款", "上年结转", "其他资金"} & table.blank.keys()  # the form has them
        if asked and all(part is None for part in (funds.fiscal, funds.carryover, funds.other)):
            yield finding(
                "XG206", funds.total.at, label="年度资金总额", total=show_amount(funds.total)
            )


@check(codes=("XG207",))
def negative_amounts(submission: Submission) -> Iterator[Finding]:
    """Budget money is never below zero: a minus sign there is a slip (refunds are not
    budgeted as negative amounts)."""
    for table in submission.tables:
        amounts = table.budget if isinstance(table, DepartmentTable) else table.funds
        for name, label in amounts.labels().items():
            amount = getattr(amounts, name)
            if amount is not None and amount.value < 0:
                yield finding("XG207", amount.at, label=label, value=show(amount.value))
