"""Make the documentation's pictures from real outputs (docs/images/*.png).

Each picture is a workbook xlgoals writes (the blank template, a marked-up copy, a filled 自评
form, the district workbook), printed by LibreOffice to PDF with the workbook's own print
set-up, one page rendered to PNG by pdftoppm. Run after a change to how outputs look:
python docs/pictures.py [name …]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.libreoffice import convert, recalculate  # noqa: E402
from support.self_evaluations import fill_form  # noqa: E402

from xlgoals.reading.tables import read_workbook  # noqa: E402
from xlgoals.write.annotate import annotate  # noqa: E402
from xlgoals.write.self_evaluation import write_self_evaluation, write_self_evaluation_from  # noqa: E402
from xlgoals.write.template import write_template  # noqa: E402

IMAGES = ROOT / "docs" / "images"
DEPARTMENT = ROOT / "examples" / "departments" / "东湖区人社局.xlsx"


def template(work: Path) -> tuple[Path, tuple[str, ...]]:
    """The blank standard template, its 部门整体 page."""
    return write_template(work / "模板.xlsx"), ("部门整体支出绩效目标表", "年度总体目标")


def annotated(work: Path) -> tuple[Path, tuple[str, ...]]:
    """The example department marked up as the bureau returns it, its 部门整体 page."""
    marked = work / "退回.xlsx"
    annotate(DEPARTMENT, marked, "zh")
    return marked, ("部门整体支出绩效目标表", "年度总体目标")


def self_evaluation_blank(work: Path) -> tuple[Path, tuple[str, ...]]:
    """The blank 自评 form, its 部门整体 page."""
    return write_self_evaluation(work / "自评模板.xlsx"), ("部门整体支出绩效自评表",)


def self_evaluation_marked(work: Path) -> tuple[Path, tuple[str, ...]]:
    """The example's project turned into its 自评 form, filled in, two published scores typed
    over the formulas that depart from the rule, then marked up."""
    project = read_workbook(DEPARTMENT).project_tables
    turned = write_self_evaluation_from(project, work / "turned.xlsx")
    filled = recalculate(fill_form(turned, work / "自评.xlsx"), work / "lo")
    book = openpyxl.load_workbook(filled)
    sheet = book["项目1"]
    sheet["I17"] = 3.12  # a reviewer's full marks for a shortfall
    sheet["I19"] = 2  # and a harsher score than the rule's
    book.save(filled)
    marked = work / "退回.xlsx"
    annotate(filled, marked, "zh")
    return marked, ("项目支出绩效自评表",)


def district(work: Path) -> tuple[Path, tuple[str, ...]]:
    """The district workbook of the two example departments, its 预算汇总 page."""
    output = work / "东湖区汇总.xlsx"
    merge = [sys.executable, "-m", "xlgoals.cli", "merge", str(DEPARTMENT.parent)]
    subprocess.run([*merge, "-o", str(output), "-q"], check=True)
    return output, ("部门预算汇总",)


PICTURES: dict[str, Callable[[Path], tuple[Path, tuple[str, ...]]]] = {
    "template": template,
    "annotated": annotated,
    "self-evaluation-blank": self_evaluation_blank,
    "self-evaluation-marked": self_evaluation_marked,
    "district": district,
}


def render(name: str, resolution: int = 110) -> Path:
    """Write docs/images/<name>.png: the first printed page showing the picture's texts."""
    with tempfile.TemporaryDirectory(prefix="xlgoals-picture-") as scratch:
        work = Path(scratch)
        workbook, texts = PICTURES[name](work)
        pdf = convert(workbook, work / "pdf", "pdf")
        page = page_of(pdf, texts)
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(resolution), "-f", str(page), "-l", str(page),
             "-singlefile", str(pdf), str(work / "page")],
            check=True,
        )  # fmt: skip
        IMAGES.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy(work / "page.png", IMAGES / f"{name}.png"))


def page_of(pdf: Path, texts: tuple[str, ...]) -> int:
    """The first page of the PDF showing every one of `texts` (pdftotext, page by page)."""
    for page in range(1, 60):
        shown = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
        )
        if shown.returncode != 0:
            break
        if all(text in shown.stdout.replace(" ", "") for text in texts):
            return page
    raise SystemExit(f"no page of {pdf} shows {texts}")


def main(names: list[str]) -> None:
    for name in names or PICTURES:
        print(render(name))


if __name__ == "__main__":
    main(sys.argv[1:])
