"""Budget checks (domain.md §2): the header identities of each table, and the department's
project funds against its 项目支出. The arithmetic lives in `xlgoals.model.budget`."""

from __future__ import annotations

from collections.abc import Iterator

from xlgoals.checks.registry import check
from xlgoals.model.budget import Identity, Status, identities, projects_against_budget, show
from xlgoals.model.submission import Submission
from xlgoals.problems.findings import Finding, finding


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
    for identity in identities(submission):
        found = identity_finding(identity)
        if found is not None:
            yield found


@check(codes=("XG203",))
def project_funds(submission: Submission) -> Iterator[Finding]:
    """Σ project 年度资金总额 ≤ 项目支出: a warning, the fund may be budgeted elsewhere."""
    compared = projects_against_budget(submission)
    if compared is None or not compared.exceeds:
        return
    projects = "、".join(f"{a.at.sheet}!{a.at.cell} {show(a.value)}" for a in compared.totals)
    yield finding(
        "XG203",
        compared.project.at,
        tuple(a.at for a in compared.totals),
        funds=show(compared.funds),
        project=show(compared.project.value),
        projects=projects,
    )
