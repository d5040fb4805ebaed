"""merge recognises 绩效自评表: 自评汇总 (per project and department: 执行率, the rule's score
by 一级, total, grade) with its chart, and the year-end columns of 指标明细."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from support.self_evaluations import fill_form

from xlgoals.contract import SELF_EVALUATION_COLUMNS, SELF_EVALUATION_SHEET
from xlgoals.district.merge import merge
from xlgoals.district.workbook import write_consolidation
from xlgoals.model.scoring import score_table
from xlgoals.reading.tables import read_workbook
from xlgoals.write.self_evaluation import write_self_evaluation_from

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "departments"


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("year-end")
    turned = write_self_evaluation_from(
        read_workbook(EXAMPLES / "东湖区人社局.xlsx").tables, root / "turned.xlsx"
    )
    inbox = root / "收件夹"
    inbox.mkdir()
    return fill_form(turned, inbox / "人社局自评.xlsx")


@pytest.fixture(scope="module")
def district(filled: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    c = merge([filled.parent, EXAMPLES / "东湖区文广新旅局.xlsx"])
    return write_consolidation(c, tmp_path_factory.mktemp("out") / "自评汇总.xlsx"), c


def _rows(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def test_self_evaluation_summary_per_table(district: tuple, filled: Path) -> None:
    path, _ = district
    rows = _rows(path, SELF_EVALUATION_SHEET)
    assert rows[0] == list(SELF_EVALUATION_COLUMNS)
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[0]]
    assert [(r["表"], r["项目名称"]) for r in body] == [
        ("部门整体", "部门整体"),
        ("项目", "就业创业服务工作"),
    ]
    for row, table in zip(body, read_workbook(filled).tables, strict=True):
        scored = score_table(table)
        assert Decimal(str(row["总分"])) == scored.total
        assert row["执行率"] == pytest.approx(0.85)
        assert Decimal(str(row["产出指标"])) == scored.by_level1()["产出指标"]
        assert row["等级"] == (scored.grade if scored.complete else "")


def test_target_tables_add_no_summary(district: tuple) -> None:
    """文广新旅局 filed targets only: no row; a merge of targets only has no such sheet."""
    _, c = district
    assert {r[0] for r in c.self_evaluations().itertuples(index=False)} == {
        "东湖区人力资源和社会保障局"
    }
    assert SELF_EVALUATION_SHEET not in merge(EXAMPLES).sheets()


def test_summary_has_a_chart(district: tuple) -> None:
    path, _ = district
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        charts = [n for n in names if n.startswith("xl/charts/chart")]
        assert len(charts) == 4  # 图表's three and 自评汇总's
        titles = "".join(archive.read(n).decode() for n in charts)
    assert "自评总分" in titles


def test_indicator_detail_carries_the_year_end_columns(district: tuple) -> None:
    path, _ = district
    rows = _rows(path, "指标明细")
    header = rows[0]
    actual, weight = header.index("全年实际完成值"), header.index("分值")
    mine = [r for r in rows[1:] if r[header.index("来源文件")] == "人社局自评.xlsx"]
    others = [r for r in rows[1:] if r[header.index("来源文件")] != "人社局自评.xlsx"]
    assert all(r[actual] != "" and r[weight] != "" for r in mine)
    assert all(r[actual] == "" and r[weight] == "" for r in others)
