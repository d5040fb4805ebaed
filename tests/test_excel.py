"""The ribbon's actions on xlwings' remote interpreter (`xw.Book(json=payload)`), for the VBA and
the Office.js client payloads.

No Excel here: each action's result is the list of actions xlwings sends back to the client.
`Client` below replays those actions on a plain model of the workbook (values, fills, notes,
names, sheets) the way the clients do, so a second call (e.g. 清除标记 after 检查) starts from
the workbook the first one left.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import openpyxl
import pytest
import xlwings as xw
from support.payloads import book_payload

from xlgoals.address import a1, parse_a1
from xlgoals.excel import buttons as excel
from xlgoals.excel.engine import disable_engine, enable_remote_engine
from xlgoals.problems import problem_list
from xlgoals.problems.catalogue import Family
from xlgoals.validation import validate_file
from xlgoals.write.annotate import by_cell, worst
from xlgoals.write.styles import SEVERITY_FILL

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(ROOT.glob("examples/departments/*.xlsx"))
CLIENTS = ("VBA", "Office.js")


@pytest.fixture(autouse=True)
def licence(monkeypatch: pytest.MonkeyPatch):
    """xlwings' remote interpreter is PRO code: free for noncommercial use."""
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    engine = enable_remote_engine()
    yield
    disable_engine(engine)


class Client:
    """A workbook as an xlwings Server client holds it, replaying the actions it gets back."""

    def __init__(self, path: Path, client: str) -> None:
        self.client = client
        self.payload = book_payload(path, client)
        workbook = openpyxl.load_workbook(path)
        self.fills = {
            sheet.title: {
                cell.coordinate: cell.fill.fgColor.rgb[-6:].upper()
                for row in sheet.iter_rows()
                for cell in row
                if cell.fill.fill_type == "solid" and isinstance(cell.fill.fgColor.rgb, str)
            }
            for sheet in workbook.worksheets
        }
        self.notes: dict[str, set[str]] = {s["name"]: set() for s in self.payload["sheets"]}
        self.links: dict[str, dict[str, str]] = {}
        self.alerts: list[str] = []
        self.macros: list[tuple] = []
        self.actions: list[dict] = []

    def book(self) -> xw.Book:
        payload = copy.deepcopy(self.payload)
        if self.client == "Office.js":
            for sheet in payload["sheets"]:
                sheet["notes"] = [{"address": c} for c in sorted(self.notes[sheet["name"]])]
        return xw.Book(json=payload)

    def run(self, action, *args) -> str:
        book = self.book()
        summary = action(book, *args)
        self.actions = book.json()["actions"]
        unknown = {a["func"] for a in self.actions} - excel.CLIENT_ACTIONS[self.client]
        assert not unknown, f"{self.client} cannot replay {unknown}"
        for item in self.actions:
            getattr(self, item["func"])(item)
        return summary

    # -- the state
    def sheet(self, name: str) -> dict:
        return next(s for s in self.payload["sheets"] if s["name"] == name)

    @property
    def sheet_names(self) -> list[str]:
        return [s["name"] for s in self.payload["sheets"]]

    def values(self, name: str) -> list[list]:
        return self.sheet(name)["values"]

    def names(self) -> dict[str, tuple[str, str]]:
        return {
            n["name"]: (self.sheet_names[n["sheet_index"]], n["address"])
            for n in self.payload["names"]
        }

    def state(self) -> tuple:
        return (
            self.sheet_names,
            copy.deepcopy(self.fills),
            {k: set(v) for k, v in self.notes.items()},
            self.names(),
        )

    # -- the replayed actions, named as the clients name them
    def _cells(self, item: dict):
        for r in range(item["row_count"]):
            for c in range(item["column_count"]):
                yield item["start_row"] + r, item["start_column"] + c

    def _name_at(self, item: dict) -> str:
        return self.payload["sheets"][item["sheet_position"]]["name"]

    def setRangeColor(self, item: dict) -> None:
        fills = self.fills.setdefault(self._name_at(item), {})
        for row, col in self._cells(item):
            fills[a1(row, col)] = item["args"][0].lstrip("#").upper()

    def setValues(self, item: dict) -> None:
        grid = self.payload["sheets"][item["sheet_position"]]["values"]
        for r, row in enumerate(item["values"]):
            for c, value in enumerate(row):
                y, x = item["start_row"] + r, item["start_column"] + c
                while len(grid) <= y:
                    grid.append([])
                for line in grid:
                    line.extend([""] * (x + 1 - len(line)))
                grid[y][x] = value

    def addSheet(self, item: dict) -> None:
        position, name = item["args"]
        assert position == len(self.payload["sheets"]), "only the end is the same on every client"
        self.payload["sheets"].insert(
            position, {"name": name, "values": [[""]], "pictures": [], "tables": []}
        )
        self.notes[name] = set()
        self.fills[name] = {}

    def sheetDelete(self, item: dict) -> None:
        gone = self.payload["sheets"].pop(item["sheet_position"])
        self.fills.pop(gone["name"], None)
        self.notes.pop(gone["name"], None)
        for name in self.payload["names"]:
            assert name["sheet_index"] != item["sheet_position"]
            if name["sheet_index"] > item["sheet_position"]:
                name["sheet_index"] -= 1

    def sheetClearContents(self, item: dict) -> None:
        self.payload["sheets"][item["sheet_position"]]["values"] = [[""]]

    def namesAdd(self, item: dict) -> None:
        name, refers_to = item["args"]
        match = re.fullmatch(r"='((?:[^']|'')+)'!\$([A-Z]+)\$(\d+)", refers_to)
        sheet_name = match[1].replace("''", "'")
        self.payload["names"].append(
            {
                "name": name,
                "sheet_index": self.sheet_names.index(sheet_name),
                "address": match[2] + match[3],
                "book_scope": True,
                "scope_sheet_name": None,
                "scope_sheet_index": None,
            }
        )

    def nameDelete(self, item: dict) -> None:
        self.payload["names"] = [n for n in self.payload["names"] if n["name"] != item["args"][0]]

    def addHyperlink(self, item: dict) -> None:
        links = self.links.setdefault(self._name_at(item), {})
        links[a1(item["start_row"], item["start_column"])] = item["args"][0]

    def addNote(self, item: dict) -> None:
        self.notes[self._name_at(item)].add(item["args"][0].replace("$", ""))

    def deleteNote(self, item: dict) -> None:
        self.notes[self._name_at(item)].discard(item["args"][0].replace("$", ""))

    def activateSheet(self, item: dict) -> None:
        self.payload["book"]["active_sheet_index"] = item["args"][0]

    def alert(self, item: dict) -> None:
        self.alerts.append(item["args"][0])

    def runMacro(self, item: dict) -> None:
        """Office.js: the add-in page's functions lifting and restoring sheet protection."""
        assert self.client == "Office.js"
        assert item["args"][0] in (excel.UNPROTECT_MACRO, excel.REPROTECT_MACRO)
        assert item["args"][1] in self.sheet_names
        self.macros.append(tuple(item["args"]))

    def funcs(self) -> set[str]:
        """The actions of the last call, apart from lifting and restoring protection."""
        return {a["func"] for a in self.actions} - {"runMacro"}


def key(item) -> tuple:
    return (item.code, item.at.sheet, item.at.cell, item.message())


def expected_fills(path: Path, families=None) -> dict[tuple[str, str], str]:
    findings = validate_file(path).findings
    if families:
        findings = [f for f in findings if f.problem.family in families]
    return {cell: SEVERITY_FILL[worst(items).value] for cell, items in by_cell(findings).items()}


def filled(client: Client, before: Client) -> dict[tuple[str, str], str]:
    """Cells whose fill the actions changed."""
    return {
        (sheet, cell): colour
        for sheet, fills in client.fills.items()
        for cell, colour in fills.items()
        if sheet != problem_list.SHEET and before.fills.get(sheet, {}).get(cell) != colour
    }


# ---------------------------------------------------------------- 检查填报


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_validate_marks_what_the_command_line_finds(path: Path, client: str) -> None:
    sim, before = Client(path, client), Client(path, client)
    assert sorted(map(key, excel._report(sim.book()).findings)) == sorted(
        map(key, validate_file(path).findings)
    )
    summary = sim.run(excel.validate)
    assert sim.alerts == [summary]
    expected = expected_fills(path)
    assert expected, "the example departments have findings to mark"
    assert filled(sim, before) == {k: v for k, v in expected.items() if before_fill(before, k) != v}
    for (sheet, cell), colour in expected.items():
        assert sim.fills[sheet][cell] == colour
    listing = sim.values(problem_list.SHEET)
    assert sim.sheet_names[-1] == problem_list.SHEET
    assert tuple(listing[0]) == problem_list.COLUMNS
    findings = validate_file(path).findings
    assert sorted(map(tuple, listing[1:])) == sorted(tuple(r) for r in problem_list.rows(findings))
    links = sim.links[problem_list.SHEET]
    for row in listing[1:]:
        cell = a1(listing.index(row), len(problem_list.COLUMNS) - 1)
        assert links[cell] == f"#'{row[6]}'!{row[7]}"


def before_fill(before: Client, cell: tuple[str, str]) -> str | None:
    return before.fills.get(cell[0], {}).get(cell[1])


@pytest.mark.parametrize("client", CLIENTS)
def test_validate_changes_nothing_else(client: str) -> None:
    sim, before = Client(EXAMPLES[0], client), Client(EXAMPLES[0], client)
    sim.run(excel.validate)
    for name in before.sheet_names:
        assert sim.values(name) == before.values(name)  # no value written into the tables
    written = {a["sheet_position"] for a in sim.actions if a["func"] == "setValues"}
    assert written == {sim.sheet_names.index(problem_list.SHEET)}


def test_notes_only_where_the_client_supports_them() -> None:
    vba, office = Client(EXAMPLES[0], "VBA"), Client(EXAMPLES[0], "Office.js")
    vba.run(excel.validate)
    office.run(excel.validate)
    assert not any(vba.notes.values())
    marked = expected_fills(EXAMPLES[0])
    assert {(s, c) for s, cells in office.notes.items() for c in cells} == set(marked)


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_clear_marks_removes_exactly_what_validate_added(path: Path, client: str) -> None:
    sim = Client(path, client)
    before = sim.state()
    sim.run(excel.validate)
    summary = sim.run(excel.clear_marks)
    assert "已清除" in summary
    names, fills, notes, defined = sim.state()
    assert names == before[0] and notes == before[2] and defined == before[3]
    marked = expected_fills(path)
    for sheet, cells in fills.items():
        for cell, colour in cells.items():
            original = before[1].get(sheet, {}).get(cell)
            if (sheet, cell) in marked and original is None:
                assert colour == excel.WHITE  # a client cannot clear a fill on its own
            else:
                assert colour == original, (sheet, cell)
    assert sim.run(excel.clear_marks) == "没有需要清除的标记"
    assert sim.funcs() == {"alert"}


@pytest.mark.parametrize("client", CLIENTS)
def test_validate_twice_gives_the_same_marks(client: str) -> None:
    once, twice = Client(EXAMPLES[1], client), Client(EXAMPLES[1], client)
    once.run(excel.validate)
    twice.run(excel.validate)
    twice.run(excel.validate)
    assert twice.state()[1:] == once.state()[1:]
    assert twice.sheet_names == once.sheet_names
    assert twice.values(problem_list.SHEET) == once.values(problem_list.SHEET)


def test_mark_record_keeps_the_template_colour() -> None:
    """A marked total (green in the template) gets its green back, not white."""
    sim = Client(EXAMPLES[0], "VBA")
    sim.run(excel.validate)
    recorded = {
        cell: name.split("_")[3] for name, cell in sim.names().items() if name.startswith("xlgoals")
    }
    assert recorded
    for (sheet, cell), colour in recorded.items():
        assert colour == (Client(EXAMPLES[0], "VBA").fills[sheet].get(cell) or "none")


# ---------------------------------------------------------------- 检查计算符号


@pytest.mark.parametrize("client", CLIENTS)
def test_comparators_marks_only_comparator_and_consistency(client: str) -> None:
    path = EXAMPLES[0]
    sim, before = Client(path, client), Client(path, client)
    sim.run(excel.comparators)
    families = {Family.COMPARATOR, Family.CONSISTENCY}
    expected = expected_fills(path, families)
    assert expected
    for (sheet, cell), colour in expected.items():
        assert sim.fills[sheet][cell] == colour
    others = set(expected_fills(path)) - set(expected)
    for sheet, cell in others:
        assert sim.fills[sheet].get(cell) == before.fills[sheet].get(cell)
    codes = {row[0] for row in sim.values(problem_list.SHEET)[1:]}
    assert codes and all(code[2] in "34" for code in codes)


# ---------------------------------------------------------------- 计算小计


@pytest.mark.parametrize("client", CLIENTS)
def test_subtotals_write_formulas_of_the_parts(client: str, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(EXAMPLES[0])
    workbook["部门整体"]["B4"] = 1000  # a total that no longer adds up
    path = tmp_path / "部门.xlsx"
    workbook.save(path)
    sim = Client(path, client)
    summary = sim.run(excel.subtotals)
    values = sim.values("部门整体")
    row, col = parse_a1("B4")
    assert values[row][col] == "=B5+E5"
    row, col = parse_a1("B6")
    assert values[row][col] == "=B7+E7"
    row, col = parse_a1("B8")
    assert sim.values("项目1")[row][col] == "=B9+E9+B10"
    assert "收入预算合计（B4）原为 1000" in summary
    assert sim.funcs() == {"setValues", "alert"}


# ---------------------------------------------------------------- 新增项目表


@pytest.mark.parametrize("client", CLIENTS)
def test_add_project_sheet_copies_the_template_labels(client: str) -> None:
    sim = Client(EXAMPLES[0], client)
    summary = sim.run(excel.add_project_sheet)
    assert sim.sheet_names[-1] == "项目2" and "项目2" in summary
    values = sim.values("项目2")
    template = sim.values("项目1")
    for address in ("A2", "A3", "A8", "A15", "C15"):
        row, col = parse_a1(address)
        assert values[row][col] == template[row][col] != ""
    row, col = parse_a1("B8")
    assert values[row][col] == "=B9+E9+B10"
    assert sim.fills["项目2"]["A2"] == Client(EXAMPLES[0], client).fills["项目1"]["A2"]
    # the new sheet reads as an (empty) project table
    sim.run(excel.add_project_sheet)
    assert sim.sheet_names[-1] == "项目3"


# ---------------------------------------------------------------- 汇总各部门


@pytest.mark.parametrize("client", CLIENTS)
def test_merge_fills_the_consolidation_sheets(client: str, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "说明"
    workbook.active["A1"] = excel.SOURCE_LABEL
    workbook.active["B1"] = str(ROOT / "examples" / "departments")
    path = tmp_path / "汇总.xlsx"
    workbook.save(path)
    sim = Client(path, client)
    summary = sim.run(excel.merge)
    assert sim.sheet_names == ["说明", "预算汇总", "项目汇总", "指标明细", "问题清单"]
    assert f"已汇总 {len(EXAMPLES)} 个部门" in summary
    budget = sim.values("预算汇总")
    assert budget[0][0] == "部门"
    assert len([row for row in budget[1:] if row[0] != "合计"]) == len(EXAMPLES)
    # running it again fills the same sheets in place
    sim.run(excel.merge)
    assert sim.sheet_names == ["说明", "预算汇总", "项目汇总", "指标明细", "问题清单"]
    assert "sheetClearContents" in {a["func"] for a in sim.actions}


def test_merge_without_a_folder_says_where_to_put_it(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    path = tmp_path / "空.xlsx"
    workbook.save(path)
    sim = Client(path, "VBA")
    assert excel.SOURCE_LABEL in sim.run(excel.merge)
    assert sim.funcs() == {"alert"}


# ---------------------------------------------------------------- protected sheets


def test_office_js_lifts_and_restores_protection_around_the_marks() -> None:
    """The template's sheets are protected; Office.js unprotects them first and protects them
    again last (the add-in page remembers which were protected)."""
    sim = Client(EXAMPLES[0], "Office.js")
    sim.run(excel.validate)
    funcs = [a["func"] for a in sim.actions]
    sheets = len(Client(EXAMPLES[0], "Office.js").sheet_names)
    assert funcs[:sheets] == ["runMacro"] * sheets
    assert funcs[-sheets - 1 : -1] == ["runMacro"] * sheets and funcs[-1] == "alert"
    assert [m[0] for m in sim.macros] == [excel.UNPROTECT_MACRO] * sheets + [
        excel.REPROTECT_MACRO
    ] * sheets


def test_vba_client_gets_no_macro_calls() -> None:
    sim = Client(EXAMPLES[0], "VBA")
    sim.run(excel.validate)
    assert "runMacro" not in {a["func"] for a in sim.actions}
