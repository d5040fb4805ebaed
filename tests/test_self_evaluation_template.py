"""The 自评 form of the standard template: blank, and turned from a target workbook; its
formulas recalculated by LibreOffice give the scores Python computes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from support.libreoffice import recalculate
from support.self_evaluations import fill_form as _fill

from xlgoals.model.scoring import score_table
from xlgoals.reading.tables import read_workbook
from xlgoals.validation import validate
from xlgoals.write.self_evaluation import (
    GRADE_LIST_NAME,
    SELF_TEMPLATE_PATH,
    project_layout,
    write_self_evaluation,
    write_self_evaluation_from,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "departments"
DEPARTMENT = EXAMPLES / "东湖区人社局.xlsx"


def test_blank_form_is_deterministic_and_reads_as_untouched(tmp_path: Path) -> None:
    first, second = (
        write_self_evaluation(tmp_path / "a.xlsx"),
        write_self_evaluation(tmp_path / "b.xlsx"),
    )
    assert first.read_bytes() == second.read_bytes()
    submission = read_workbook(first)
    assert submission.tables == []  # like the blank target template: nothing filled, no table


def test_blank_form_has_the_year_end_columns_formulas_and_dropdown(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(write_self_evaluation(tmp_path / "自评.xlsx"))
    sheet = workbook["项目1"]
    layout = project_layout()
    header = [sheet.cell(layout.header_row, c).value for c in range(1, 11)]
    assert header[6:] == ["全年实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    funds = [sheet.cell(layout.funds_header, c).value for c in range(1, 9)]
    assert funds == [
        "资金",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
        "原因",
    ]
    total = layout.funds_total
    assert sheet[f"F{total}"].value.startswith("=IF(N(C")
    assert sheet[f"B{total}"].value == f"=SUM(B{total + 1}:B{total + 3})"
    assert sheet[f"I{layout.first_row}"].value.startswith("=IF(OR(G")
    assert sheet["B5"].value.startswith("=ROUND(") and sheet["G5"].value.startswith("=IF(B5>=90")
    grades = [v for v in sheet.data_validations.dataValidation if v.formula1 == GRADE_LIST_NAME]
    assert [str(v.sqref) for v in grades] == [f"G{layout.first_row}:G{layout.last_row}"]
    lists = workbook.defined_names[GRADE_LIST_NAME].attr_text
    assert lists == "'代码表'!$G$2:$G$4"
    assert sheet.protection.sheet and not sheet[f"G{layout.first_row}"].protection.locked
    assert sheet[f"I{layout.first_row}"].protection.locked  # the score is a formula


@pytest.fixture(scope="module")
def turned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("turned") / "人社局自评.xlsx"
    return write_self_evaluation_from(read_workbook(DEPARTMENT).tables, out)


def test_target_workbook_turned_keeps_every_target(turned: Path) -> None:
    before, after = read_workbook(DEPARTMENT), read_workbook(turned)
    assert [type(t) for t in after.tables] == [type(t) for t in before.tables]
    for old, new in zip(before.tables, after.tables, strict=True):
        assert [(i.level1, i.level2, i.name, i.target.key) for i in new.indicators] == [
            (i.level1, i.level2, i.name, i.target.key) for i in old.indicators
        ]
        assert new.self_evaluation  # the funds block and 分值 make it a 自评表


def test_target_workbook_turned_has_the_same_findings(turned: Path) -> None:
    def kinds(path: Path) -> list[tuple[str, str | None]]:
        return sorted((f.code, f.params.get("name")) for f in validate(path).findings)

    assert kinds(turned) == kinds(DEPARTMENT)


def test_target_workbook_turned_has_weights_adding_to_100(turned: Path) -> None:
    for table in read_workbook(turned).tables:
        rows = sum(i.weight.value for i in table.indicators if i.weight)
        assert rows + table.execution[0].weight.value == 100
        assert table.execution[0].planned is not None  # 年初预算数 from the target table


def _cli(*args: str) -> subprocess.CompletedProcess:
    code = "from xlgoals.cli import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)


def test_cli_writes_both_forms(tmp_path: Path) -> None:
    blank = _cli("template", "--self-evaluation", "-o", str(tmp_path / "a.xlsx"))
    assert blank.returncode == 0 and (tmp_path / "a.xlsx").is_file()
    filled = _cli("template", "--from", str(DEPARTMENT), "-o", str(tmp_path / "b.xlsx"))
    assert filled.returncode == 0 and len(read_workbook(tmp_path / "b.xlsx").tables) == 2
    copy = tmp_path / "c.xlsx"
    shutil.copy(DEPARTMENT, copy)
    refused = _cli("template", "--from", str(copy), "-o", str(copy))
    assert refused.returncode == 2 and copy.read_bytes() == DEPARTMENT.read_bytes()


# --- filled in as a clerk would, recalculated by LibreOffice -------------------------------


@pytest.mark.libreoffice
def test_libreoffice_gives_the_scores_python_computes(turned: Path, tmp_path: Path) -> None:
    recalculated = recalculate(_fill(turned, tmp_path / "填报.xlsx"), tmp_path / "lo")
    submission = read_workbook(recalculated)
    assert len(submission.tables) == 2
    compared = 0
    for table in submission.tables:
        scored = score_table(table)
        for s in scored.indicators:
            assert s.published == s.computed, (s.indicator.name, s.indicator.raw, _actual(s))
            compared += s.computed is not None
        assert scored.execution is not None
        assert scored.execution.published == scored.execution.computed
        assert scored.execution.rate_percent == Decimal("85.00")
        assert table.total_score is not None and table.total_score.value == scored.total
        assert table.grade is not None and table.grade.value == scored.grade
    assert compared > 80  # the rows really were scored, both ways


def _actual(s) -> str:
    return s.indicator.actual.value if s.indicator.actual else ""


@pytest.mark.libreoffice
def test_libreoffice_scores_trigger_the_year_end_checks(turned: Path, tmp_path: Path) -> None:
    """The filled form gives the findings a reviewer expects: shortfalls without a reason,
    targets met four times over, 执行率 85% without a reason; and no score differs from the
    rule (the formulas are the rule)."""
    recalculated = recalculate(_fill(turned, tmp_path / "填报.xlsx"), tmp_path / "lo")
    codes = {f.code for f in validate(recalculated).findings}
    assert {"XG504", "XG505", "XG508"} <= codes
    assert not {"XG501", "XG502", "XG503"} & codes


def test_a_total_not_yet_calculated_is_not_read_as_the_weight(turned: Path, tmp_path: Path) -> None:
    """Saved again by openpyxl (which drops cached values), 年度资金总额 is an empty formula:
    the 分值 right of it must not be taken for the amount (XG201 400 ≠ 10)."""
    again = tmp_path / "again.xlsx"
    openpyxl.load_workbook(turned).save(again)
    project = read_workbook(again).project_tables[0]
    assert project.funds.total is None or project.funds.total.at.cell.startswith("B")
    assert "XG201" not in {f.code for f in validate(again).findings}


def test_validate_counts_the_self_evaluations(turned: Path) -> None:
    from xlgoals.problems.render import render_text

    assert "2 张表（其中自评表 2 张）" in render_text(validate(turned))
    assert "2 tables (2 self-evaluation)" in render_text(validate(turned), "en")


def test_committed_self_evaluation_template_is_current(tmp_path: Path) -> None:
    """workbook_templates/绩效自评表模板.xlsx is what `xlgoals template --self-evaluation`
    writes (regenerate: python -c 'from xlgoals.write.self_evaluation import *;
    write_self_evaluation(SELF_TEMPLATE_PATH)')."""
    built = write_self_evaluation(tmp_path / "自评.xlsx")
    assert SELF_TEMPLATE_PATH.read_bytes() == built.read_bytes()
