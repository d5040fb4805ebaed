"""Findings: data only (a code, its parameters and where). The catalogue makes the words."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from xlgoals.address import parse_a1
from xlgoals.problems.catalogue import CATALOGUE, Problem, Severity
from xlgoals.problems.shown import printable_path


class Where(BaseModel):
    """Provenance: file, sheet and A1 cell (None when the problem concerns a whole file)."""

    model_config = ConfigDict(frozen=True)

    file: str
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        """`file!sheet!cell`, for a person to read (see `values.printable`)."""
        return "!".join(p for p in (printable_path(self.file), self.sheet, self.cell) if p)


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    at: Where
    params: dict[str, Any] = Field(default_factory=dict)
    #: other cells the finding concerns (the second table of a conflict, the parts of a total)
    related: tuple[Where, ...] = ()
    department: str | None = None

    @property
    def problem(self) -> Problem:
        return CATALOGUE[self.code]

    @property
    def severity(self) -> Severity:
        return self.problem.severity

    def message(self, lang: str = "zh") -> str:
        return self.problem.message(self.params, lang)

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message(lang),
            "hint": self.problem.hint(lang),
            "file": self.at.file,
            "sheet": self.at.sheet,
            "cell": self.at.cell,
            "department": self.department,
            "related": [r.model_dump() for r in self.related],
            "params": {k: str(v) for k, v in self.params.items()},
        }


def finding(code: str, at: Where, /, related: tuple[Where, ...] = (), **params: Any) -> Finding:
    """Shorthand used by checks: `finding("XG302", cell, name="…")`."""
    if code not in CATALOGUE:
        raise KeyError(f"{code} is not in the catalogue")
    return Finding(code=code, at=at, params=params, related=related)


def order(item: Finding, sheets: Sequence[str] = ()) -> tuple:
    """The one order findings are listed in everywhere: by file (name, then path), sheet (its
    place in `sheets` when given, else its name), row, column, code, text."""
    at = item.at
    row, col = parse_a1(at.cell) if at.cell else (-1, -1)
    sheet: Any = at.sheet or ""
    if sheets:
        sheet = sheets.index(at.sheet) if at.sheet in sheets else -1
    name = Path(at.file).name
    return (name, at.file, sheet, row, col, item.code, item.message())


def count(findings: Iterable[Finding], severity: Severity) -> int:
    return sum(item.severity is severity for item in findings)
