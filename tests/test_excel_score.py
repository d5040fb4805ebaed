"""The 自评打分 button on xlgoals Server's remote interpreter, for both client payloads: the
rule's scores written beside the published ones, the differing ones marked (and cleared)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from support.self_evaluations import fill_form
from test_excel import CLIENTS, EXAMPLES, Client, licence  # noqa: F401  (licence: autouse)

from xlgoals.address import a1, parse_a1
from xlgoals.excel import buttons as excel
from xlgoals.model.scoring import score_table
from xlgoals.reading.tables import read_workbook
from xlgoals.write.self_evaluation import write_self_evaluation_from
from xlgoals.write.styles import SEVERITY_FILL

#: rows (0-based in the project's rows) whose published score is lowered by one point
LOWERED = (1, 4)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A filled 自评 form whose 得分 are plain numbers (no formulas, as a department might
    type them): the rule's scores, but two of the project's rows one point lower."""
    root = tmp_path_factory.mktemp("score")
    turned = write_self_evaluation_from(read_workbook(EXAMPLES[0]).tables, root / "t.xlsx")
    form = fill_form(turned, root / "filled.xlsx")
    tables = read_workbook(form).tables
    book = openpyxl.load_workbook(form)
    lowered = []
    for table in tables:
        scored = score_table(table)
        sheet = book[table.at.sheet]
        rows = [s for s in scored.indicators if s.computed is not None]
        for index, s in enumerate(rows):
            row = parse_a1(s.indicator.at.cell)[0] + 1
            value = s.computed - (1 if table.at.sheet == "项目1" and index in LOWERED else 0)
            sheet[f"I{row}"] = float(value)
            if value != s.computed:
                lowered.append(("项目1", f"I{row}"))
        funds = parse_a1(scored.execution.row.at.cell)[0] + 1
        sheet[f"G{funds}"] = float(scored.execution.computed)
    book.save(form)
    return {"path": form, "lowered": lowered, "tables": tables}


@pytest.mark.parametrize("client", CLIENTS)
def test_scores_are_written_beside_the_published(published: dict, client: str) -> None:
    sim = Client(published["path"], client)
    summary = sim.run(excel.score)
    assert "2 项得分与规则不符" in summary and "规则总分" in summary
    for table in published["tables"]:
        scored = score_table(table)
        values = sim.values(table.at.sheet)
        header = values[table.header_row]
        column = header.index(excel.SCORE_HEADER)
        assert column == 10  # K: right of 偏差原因分析及改进措施
        for s in scored.indicators:
            row = parse_a1(s.indicator.at.cell)[0]
            written = values[row][column]
            expected = float(s.computed) if s.computed is not None else ""
            assert written == expected, (table.at.sheet, a1(row, column))
        funds = parse_a1(scored.execution.row.at.cell)[0]
        assert values[funds][column] == float(scored.execution.computed)


@pytest.mark.parametrize("client", CLIENTS)
def test_differences_are_marked_and_cleared(published: dict, client: str) -> None:
    sim = Client(published["path"], client)
    before = sim.state()
    sim.run(excel.score)
    warning = SEVERITY_FILL["warning"]
    marked = {(sheet, cell) for sheet, cells in sim.fills.items() for cell, c in cells.items()
              if c == warning and before[1].get(sheet, {}).get(cell) != warning}  # fmt: skip
    assert set(published["lowered"]) <= marked
    assert sim.sheet_names[-1] == "问题清单"
    sim.run(excel.clear_marks)
    assert sim.state()[0] == before[0] and sim.state()[3] == before[3]


@pytest.mark.parametrize("client", CLIENTS)
def test_scoring_twice_reuses_the_column(published: dict, client: str) -> None:
    sim = Client(published["path"], client)
    sim.run(excel.score)
    first = [list(r) for r in sim.values("项目1")]
    sim.run(excel.score)
    assert [list(r) for r in sim.values("项目1")] == first


def test_a_target_workbook_has_nothing_to_score() -> None:
    sim = Client(EXAMPLES[0], "VBA")
    assert sim.run(excel.score).startswith("未找到绩效自评表")
    assert sim.funcs() == {"alert"}


def test_button_is_on_both_ribbons() -> None:
    from xlgoals.server.manifest import ACTIONS

    root = Path(__file__).resolve().parents[1]
    assert "score" in ACTIONS
    assert 'tag="score"' in (root / "macros" / "customUI.xml").read_text(encoding="utf-8")
    assert "xg.score()" in (root / "macros" / "xlgoals.bas").read_text(encoding="utf-8")
