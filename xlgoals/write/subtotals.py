"""`xlgoals subtotals`: write the computed totals into a copy of a workbook, as formulas over
their part cells that also carry their computed value.

The copy is the input's own zip with only the total cells' XML changed: styles, validations,
pictures and macros stay as they were, which a load-and-save through openpyxl would not
guarantee. Each total cell becomes `<c><f>B5+E5</f><v>920.74</v></c>`: Excel and LibreOffice
see a formula, and readers without a calculation engine (python-calamine, pandas) see the
value. The workbook is also marked for a full recalculation on load, so formulas elsewhere
that use a total are refreshed by Excel. Only identities with a filled total and at least one
filled part are written (`xlgoals.model.budget`): a total published alone is kept as published.
"""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from xlgoals.checks import run_checks
from xlgoals.model.budget import Identity, identities
from xlgoals.model.labels import AMOUNT_FIELDS
from xlgoals.model.submission import Submission
from xlgoals.problems.catalogue import Family, Severity
from xlgoals.problems.findings import Finding, finding
from xlgoals.reading.ooxml import sheet_parts
from xlgoals.reading.tables import read_workbook
from xlgoals.write.common import atomic_path, refuse_overwrite
from xlgoals.write.xlsx_cells import copy_zip, patch_cell, recalculate_on_load

#: the files `subtotals` can patch; the copy keeps the input's kind
SUFFIXES = (".xlsx", ".xlsm")
#: problems met while reading that concern amounts
_READING_CODES = frozenset({"XG114", "XG116", "XG204"})


@dataclass
class Result:
    """What `write_subtotals` did: the copy, the totals written, and the findings."""

    source: str
    output: Path | None
    submission: Submission
    written: list[Identity] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def unusable(self) -> bool:
        return any(
            f.problem.family is Family.INPUT and f.severity is Severity.ERROR for f in self.findings
        )

    @property
    def exit_code(self) -> int:
        """Contract: 0 no errors, 1 errors found, 2 unusable input."""
        if self.unusable:
            return 2
        return 1 if any(f.severity is Severity.ERROR for f in self.findings) else 0


def write_subtotals(source: str | Path, output: str | Path) -> Result:
    """Read `source`, write the copy with its totals as formulas to `output`, report mismatches.

    Raises ValueError when `output` would replace `source` or the file kinds differ.
    """
    source, output = Path(source), Path(output)
    refuse_overwrite(output, [source])
    if source.suffix.lower() not in SUFFIXES or output.suffix.lower() != source.suffix.lower():
        raise ValueError(f"输出文件须与输入同为 {source.suffix or '.xlsx'} 文件：{output}")
    submission = read_workbook(source)
    result = Result(str(source), None, submission, findings=_reading_findings(submission))
    if not submission.tables:
        return result
    found = identities(submission)
    result.findings.extend(run_checks(submission, families={Family.BUDGET}))
    writable = [i for i in found if i.formula is not None]
    result.written = _write_copy(source, output, writable)
    result.output = output
    result.findings.extend(
        finding("XG205", i.total.at, tuple(a.at for _, a in i.parts), total_label=i.total_label,
                value=i.show(i.computed), formula=i.formula)
        for i in result.written
    )  # fmt: skip
    department = submission.department
    result.findings = [f.model_copy(update={"department": department}) for f in result.findings]
    return result


def _reading_findings(submission: Submission) -> list[Finding]:
    return [
        f
        for f in submission.findings
        if f.problem.family is Family.INPUT
        or f.code in _READING_CODES
        or (f.code == "XG101" and f.params.get("label") in AMOUNT_FIELDS)
    ]


# --- patching the copy -----------------------------------------------------------------------


def _write_copy(source: Path, output: Path, writable: list[Identity]) -> list[Identity]:
    """Copy `source` to `output` atomically with the totals patched; return those written."""
    written: list[Identity] = []
    with zipfile.ZipFile(source) as archive:
        parts = sheet_parts(archive)
        patched: dict[str, str] = {}
        for identity in writable:
            part = parts.get(identity.total.at.sheet or "")
            if part is None:
                continue
            xml = patched.get(part) or archive.read(part).decode("utf-8")
            new = patch_cell(
                xml, identity.total.at.cell or "", identity.computed, identity.formula or ""
            )
            if new is not None:
                patched[part] = new
                written.append(identity)
        if patched and "xl/workbook.xml" not in patched:
            patched["xl/workbook.xml"] = recalculate_on_load(
                archive.read("xl/workbook.xml").decode("utf-8")
            )
        with atomic_path(output) as tmp:
            if not patched:
                shutil.copyfile(source, tmp)
            else:
                copy_zip(archive, tmp, patched)
    return written
