"""Validation results: the library returns a Report, the CLI only renders it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from xlgoals.address import parse_a1
from xlgoals.model.submission import Submission
from xlgoals.problems.catalogue import Family, Severity
from xlgoals.problems.findings import Finding

#: kept in JSON as escapes, so that it stays the original (a file name in non-UTF-8 bytes comes
#: back byte for byte) and no terminal acts on it; JSON escapes other control characters itself
_ESCAPED = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _position(item: Finding) -> tuple:
    row, col = parse_a1(item.at.cell) if item.at.cell else (-1, -1)
    return (item.at.file, item.at.sheet or "", row, col, item.code)


@dataclass
class FileReport:
    """One file: what was read and what was found."""

    file: str
    submission: Submission | None
    findings: list[Finding] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(f.severity is severity for f in self.findings)

    @property
    def unusable(self) -> bool:
        """The file could not be used at all: no table read, for a reason about the file
        (unreadable, not a target table). A workbook read but for one damaged sheet is usable."""
        if self.submission is not None and self.submission.tables:
            return False
        return any(
            f.problem.family is Family.INPUT and f.severity is Severity.ERROR for f in self.findings
        )


@dataclass
class Report:
    files: list[FileReport] = field(default_factory=list)
    #: findings about the run itself (skipped files, missing paths)
    general: list[Finding] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        every = [f for report in self.files for f in report.findings] + self.general
        return sorted(every, key=_position)

    @property
    def submissions(self) -> list[Submission]:
        return [r.submission for r in self.files if r.submission is not None]

    @property
    def exit_code(self) -> int:
        """Contract: 0 no errors, 1 errors found, 2 unusable input."""
        if any(r.unusable for r in self.files) or any(
            f.severity is Severity.ERROR for f in self.general
        ):
            return 2
        return 1 if any(f.severity is Severity.ERROR for f in self.findings) else 0

    def to_json(self, lang: str = "zh") -> str:
        text = json.dumps([f.to_json(lang) for f in self.findings], ensure_ascii=False, indent=1)
        return _ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

    def to_dataframe(self, lang: str = "zh"):
        """Every finding as a pandas DataFrame, one row each."""
        import pandas as pd

        return pd.DataFrame([f.to_json(lang) for f in self.findings])
