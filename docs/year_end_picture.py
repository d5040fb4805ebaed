"""Make the README's picture of a marked-up 绩效自评表 (docs/images/self-evaluation-marked.png).

The example department's project table turned into its 自评 form, filled in as a clerk would
(results, 全年执行数, and two published scores typed over the formulas that depart from the
rule), checked with `xlgoals validate --annotate`, printed by LibreOffice to PDF and the
project's page rendered to PNG (pdftoppm). Run: python docs/year_end_picture.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.libreoffice import convert, recalculate  # noqa: E402
from support.self_evaluations import fill_form  # noqa: E402

from xlgoals.reading.tables import read_workbook  # noqa: E402
from xlgoals.write.annotate import annotate  # noqa: E402
from xlgoals.write.self_evaluation import write_self_evaluation_from  # noqa: E402

OUTPUT = ROOT / "docs" / "images" / "self-evaluation-marked.png"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="xlgoals-picture-") as scratch:
        work = Path(scratch)
        project = read_workbook(ROOT / "examples/departments/东湖区人社局.xlsx").project_tables
        turned = write_self_evaluation_from(project, work / "turned.xlsx")
        filled = recalculate(fill_form(turned, work / "自评.xlsx"), work / "lo")
        book = openpyxl.load_workbook(filled)
        sheet = book["项目1"]
        sheet["I17"] = 3.12  # a reviewer's full marks for a shortfall
        sheet["I19"] = 2  # and a harsher score than the rule's
        book.save(filled)
        marked = work / "退回.xlsx"
        annotate(filled, marked, "zh")
        pdf = convert(marked, work / "pdf", "pdf")
        page = _page_of(pdf, "项目支出绩效自评表")
        subprocess.run(
            ["pdftoppm", "-png", "-r", "110", "-f", str(page), "-l", str(page), "-singlefile",
             str(pdf), str(work / "page")],
            check=True,
        )  # fmt: skip
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(work / "page.png", OUTPUT)
    print(OUTPUT)


def _page_of(pdf: Path, text: str) -> int:
    """The first page of the PDF showing `text` (pdftotext, page by page)."""
    for page in range(1, 40):
        shown = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
        )
        if shown.returncode != 0:
            break
        if text in shown.stdout.replace(" ", ""):
            return page
    raise SystemExit(f"no page of {pdf} shows {text}")


if __name__ == "__main__":
    main()
