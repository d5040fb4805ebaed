"""The ribbon's actions on xlwings' remote interpreter (`xw.Book(json=payload)`), for the VBA and
the Office.js client payloads.

No Excel here: each action's result is the list of actions xlwings sends back to the client.
`Client` below replays those actions on a plain model of the workbook (values, fills, notes,
names, sheets, protection) the way the clients do, so a second call (e.g. 清除标记 after 检查)
starts from the workbook the first one left. Its fills and protection are read from the file;
the client-side functions xlgoals asks for (`runMacro`) are replayed as macros/xlgoals_remote.bas
and the task pane's xlgoals.js do them (the JavaScript itself runs in tests/test_browser.py).
"""

from __future__ import annotations

import copy
import re
import shutil
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
        self.protection = {
            sheet.title: _protection(sheet)
            for sheet in workbook.worksheets
            if sheet.protection.sheet
        }
        self.lifted: dict[str, tuple] = {}
        self.notes: dict[str, set[str]] = {  # the workbook's own notes
            sheet.title: {c.coordinate for row in sheet.iter_rows() for c in row if c.comment}
            for sheet in workbook.worksheets
        }
        self.links: dict[str, dict[str, str]] = {}
        self.alerts: list[str] = []
        self.macros: list[tuple] = []
        self.actions: list[dict] = []

    def book(self) -> xw.Book:
        payload = copy.deepcopy(self.payload)
        for sheet in payload["sheets"]:
            if sheet.get("notes_supported"):  # Office.js with ExcelApi 1.18
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

    def _editable(self, sheet: str) -> None:
        assert sheet not in self.protection, f"Excel refuses to format protected {sheet}"

    def setRangeColor(self, item: dict) -> None:
        sheet = self._name_at(item)
        self._editable(sheet)
        fills = self.fills.setdefault(sheet, {})
        colour = item["args"][0]
        assert colour is not None or self.client == "Office.js", "Remote.bas needs a colour"
        for row, col in self._cells(item):
            if colour is None:  # xlwings-server's Office.js client: no fill
                fills.pop(a1(row, col), None)
            else:
                fills[a1(row, col)] = colour.lstrip("#").upper()

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
        new = {"name": name, "values": [[""]], "pictures": [], "tables": []}
        if self.client == "Office.js":
            new.update(notes=[], notes_supported=self.payload["sheets"][0]["notes_supported"])
        self.payload["sheets"].insert(position, new)
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
        entry = {
            "name": name,
            "sheet_index": self.sheet_names.index(sheet_name),
            "address": match[2] + match[3],
            "book_scope": True,
            "scope_sheet_name": None,
            "scope_sheet_index": None,
        }
        if self.client == "Office.js":  # as named-items.js reads it back
            entry.update(refers_to=refers_to, type="Range")
        self.payload["names"].append(entry)

    def nameDelete(self, item: dict) -> None:
        self.payload["names"] = [n for n in self.payload["names"] if n["name"] != item["args"][0]]

    def addHyperlink(self, item: dict) -> None:
        links = self.links.setdefault(self._name_at(item), {})
        links[a1(item["start_row"], item["start_column"])] = item["args"][0]

    def addNote(self, item: dict) -> None:
        self._editable(self._name_at(item))
        self.notes[self._name_at(item)].add(item["args"][0].replace("$", ""))

    def deleteNote(self, item: dict) -> None:
        self.notes[self._name_at(item)].discard(item["args"][0].replace("$", ""))

    def activateSheet(self, item: dict) -> None:
        self.payload["book"]["active_sheet_index"] = item["args"][0]

    def alert(self, item: dict) -> None:
        self.alerts.append(item["args"][0])

    def runMacro(self, item: dict) -> None:
        """The client-side functions of xlgoals_remote.bas / xlgoals.js."""
        macro, *args = item["args"]
        assert macro in excel.CLIENT_MACROS
        assert args[0] in self.sheet_names
        self.macros.append(tuple(item["args"]))
        getattr(self, macro)(*args)

    def xlgoalsRecordFill(self, sheet: str, address: str, prefix: str, suffix: str) -> None:
        original = self.fills.get(sheet, {}).get(address.replace("$", ""), "none")
        quoted = "'" + sheet.replace("'", "''") + "'"
        self.namesAdd({"args": [f"{prefix}_{original}{suffix}", f"={quoted}!{address}"]})

    def xlgoalsClearFill(self, sheet: str, address: str) -> None:
        assert self.client == "VBA", "Office.js clears a fill through setRangeColor(None)"
        self._editable(sheet)
        self.fills.get(sheet, {}).pop(address.replace("$", ""), None)

    def xlgoalsUnprotect(self, sheet: str) -> None:
        self.lifted.pop(sheet, None)
        if sheet in self.protection:
            self.lifted[sheet] = self.protection.pop(sheet)

    def xlgoalsReprotect(self, sheet: str) -> None:
        if sheet in self.lifted:
            self.protection[sheet] = self.lifted.pop(sheet)

    def funcs(self) -> set[str]:
        """The actions of the last call, apart from lifting and restoring protection."""
        return {a["func"] for a in self.actions} - {"runMacro"}


def _protection(sheet) -> tuple:
    """A sheet's protection settings, as the client would read them back."""
    p = sheet.protection
    return tuple(getattr(p, k) for k in ("formatCells", "formatColumns", "formatRows",
                                         "insertRows", "deleteRows", "sort", "autoFilter",
                                         "objects", "selectLockedCells"))  # fmt: skip


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


def test_payloads_are_what_the_clients_send() -> None:
    vba, office = Client(EXAMPLES[0], "VBA").payload, Client(EXAMPLES[0], "Office.js").payload
    sheet = vba["sheets"][1]["values"]
    assert None in sheet[-1] and "" not in {v for row in sheet for v in row}
    assert len(sheet) > len(office["sheets"][1]["values"])  # UsedRange counts formatted cells
    assert "" in {v for row in office["sheets"][1]["values"] for v in row}
    scoped = [n["name"] for n in vba["names"] if not n["book_scope"]]
    assert "部门整体!Print_Titles" in scoped and "部门整体!Print_Area" in scoped
    assert {n["address"] for n in vba["names"] if n["name"].endswith("Print_Titles")} == {
        "10:10",
        "15:15",
    }
    assert "Print_Titles" in [n["name"] for n in office["names"] if not n["book_scope"]]
    assert "notes" not in vba["sheets"][0] and office["sheets"][0]["notes_supported"]


def test_office_js_without_notes_gets_no_notes(tmp_path: Path) -> None:
    """Before ExcelApi 1.18 xlwings-server's client sends no notes: marks without notes."""
    sim = Client(EXAMPLES[0], "Office.js")
    sim.payload = book_payload(EXAMPLES[0], "Office.js", notes=False)
    sim.run(excel.validate)
    assert "addNote" not in sim.funcs() and not any(sim.notes.values())
    assert not any(name.endswith("_note") for name in sim.names())
    sim.run(excel.clear_marks)
    assert sim.state() == Client(EXAMPLES[0], "Office.js").state()


def test_a_departments_own_note_is_left_alone(tmp_path: Path) -> None:
    """Office.js sends where notes are: a marked cell with the clerk's note keeps it, and
    清除标记 does not delete it."""
    (sheet, cell) = sorted(expected_fills(EXAMPLES[0]))[0]
    workbook = openpyxl.load_workbook(EXAMPLES[0])
    workbook[sheet][cell].comment = openpyxl.comments.Comment("单位自己的说明", "办事员")
    path = tmp_path / "部门.xlsx"
    workbook.save(path)
    sim = Client(path, "Office.js")
    assert {"address": cell} in sim.payload["sheets"][sim.sheet_names.index(sheet)]["notes"]
    sim.run(excel.validate)
    added = {a["args"][0].replace("$", "") for a in sim.actions if a["func"] == "addNote"}
    assert cell not in added and added
    sim.run(excel.clear_marks)
    assert sim.notes[sheet] == {cell}


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
    assert summary == f"已清除 {len(expected_fills(path))} 个单元格的标记和问题清单"
    assert sim.state() == before  # sheets, every fill (none where none was), notes, names
    assert sim.protection == Client(path, client).protection
    assert sim.run(excel.clear_marks) == "没有需要清除的标记"
    assert sim.funcs() == {"alert"}


def _own_fills(path: Path, tmp_path: Path) -> tuple[Path, str, str]:
    """The example with a clerk's own fill on one cell that gets marked, and no fill on
    another: return the file and the two cells (sheet!A1)."""
    marked = sorted(expected_fills(path))
    workbook = openpyxl.load_workbook(path)
    (own_sheet, own), (bare_sheet, bare) = marked[0], marked[-1]
    workbook[own_sheet][own].fill = openpyxl.styles.PatternFill("solid", fgColor="FFC0CB")
    workbook[bare_sheet][bare].fill = openpyxl.styles.PatternFill(fill_type=None)
    changed = tmp_path / path.name
    workbook.save(changed)
    return changed, (own_sheet, own), (bare_sheet, bare)


@pytest.mark.parametrize("client", CLIENTS)
def test_clear_marks_gives_back_a_clerks_fill_and_no_fill(client: str, tmp_path: Path) -> None:
    path, own, bare = _own_fills(EXAMPLES[0], tmp_path)
    sim = Client(path, client)
    assert sim.fills[own[0]][own[1]] == "FFC0CB" and bare[1] not in sim.fills[bare[0]]
    sim.run(excel.validate)
    marks = {cell: name.split("_")[3] for name, cell in sim.names().items() if "mark" in name}
    assert marks[own] == "FFC0CB" and marks[bare] == "none"
    assert sim.fills[own[0]][own[1]] != "FFC0CB" and bare[1] in sim.fills[bare[0]]
    sim.run(excel.validate)  # marking again keeps the clerk's fill on record, not ours
    sim.run(excel.clear_marks)
    assert sim.fills[own[0]][own[1]] == "FFC0CB"
    assert bare[1] not in sim.fills[bare[0]]
    assert sim.state() == Client(path, client).state()


def test_clear_marks_without_marks_but_with_a_problem_list() -> None:
    sim = Client(EXAMPLES[0], "VBA")
    sim.run(excel.validate)
    sim.payload["names"] = [n for n in sim.payload["names"] if "xlgoals_mark" not in n["name"]]
    assert sim.run(excel.clear_marks) == "已删除问题清单"
    assert problem_list.SHEET not in sim.sheet_names


@pytest.mark.parametrize("client", CLIENTS)
def test_validate_twice_gives_the_same_marks(client: str) -> None:
    once, twice = Client(EXAMPLES[1], client), Client(EXAMPLES[1], client)
    once.run(excel.validate)
    twice.run(excel.validate)
    twice.run(excel.validate)
    assert twice.state()[1:] == once.state()[1:]
    assert twice.sheet_names == once.sheet_names
    assert twice.values(problem_list.SHEET) == once.values(problem_list.SHEET)


@pytest.mark.parametrize("client", CLIENTS)
def test_each_mark_records_the_fill_the_cell_had(client: str) -> None:
    """Recorded by the client, as it reads the fill (a coloured one: the test above)."""
    sim = Client(EXAMPLES[0], client)
    sim.run(excel.validate)
    recorded = {cell: name.split("_")[3] for name, cell in sim.names().items() if "mark" in name}
    assert set(recorded) == set(expected_fills(EXAMPLES[0]))
    fresh = Client(EXAMPLES[0], client)
    for (sheet, cell), colour in recorded.items():
        assert colour == fresh.fills[sheet].get(cell, "none")


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


def _consolidation_book(tmp_path: Path, folder: str) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.title = "说明"
    workbook.active["A1"] = excel.SOURCE_LABEL
    workbook.active["B1"] = folder
    path = tmp_path / "汇总.xlsx"
    workbook.save(path)
    return path


@pytest.fixture
def inbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The administrator's inbox, with the example departments in 2025年/东湖区."""
    root = tmp_path / "inbox"
    shutil.copytree(ROOT / "examples" / "departments", root / "2025年" / "东湖区")
    monkeypatch.setenv("XLGOALS_INBOX", str(root))
    return root


@pytest.mark.parametrize("client", CLIENTS)
def test_merge_fills_the_consolidation_sheets(client: str, tmp_path: Path, inbox: Path) -> None:
    sim = Client(_consolidation_book(tmp_path, "2025年/东湖区"), client)
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


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize(
    "folder, says",
    [
        ("/", "完整路径"),
        ("{examples}", "完整路径"),
        ("C:\\Windows\\System32", "完整路径"),
        ("../../..", ".."),
        ("2025年/../..", ".."),
        ("外面", "收件箱以外"),
        ("2025年/东湖区", "收件箱以外"),  # with a file linked from outside
    ],
)
def test_merge_on_the_server_reads_nothing_outside_the_inbox(
    client: str, folder: str, says: str, tmp_path: Path, inbox: Path
) -> None:
    (inbox / "外面").symlink_to(ROOT / "examples", target_is_directory=True)
    if folder == "2025年/东湖区":
        (inbox / folder / "夹带.xlsx").symlink_to(EXAMPLES[0])
    path = _consolidation_book(tmp_path, folder.format(examples=ROOT / "examples" / "departments"))
    sim = Client(path, client)
    summary = sim.run(excel.merge)
    assert says in summary
    assert sim.funcs() == {"alert"} and sim.sheet_names == ["说明"]


def test_merge_on_the_server_needs_an_inbox(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("XLGOALS_INBOX", raising=False)
    sim = Client(_consolidation_book(tmp_path, str(ROOT / "examples" / "departments")), "VBA")
    assert "XLGOALS_INBOX" in sim.run(excel.merge)
    assert sim.funcs() == {"alert"}


def test_merge_limits_files_per_request(tmp_path: Path, inbox: Path, monkeypatch) -> None:
    monkeypatch.setenv("XLGOALS_MAX_FILES", "1")
    sim = Client(_consolidation_book(tmp_path, "2025年/东湖区"), "Office.js")
    assert "超过 1 个" in sim.run(excel.merge)
    monkeypatch.setenv("XLGOALS_MAX_FILES", "100")
    monkeypatch.setenv("XLGOALS_MAX_MB", "0.01")
    assert "MB" in sim.run(excel.merge)
    assert sim.sheet_names == ["说明"]


def test_merge_of_an_empty_folder_says_so(tmp_path: Path, inbox: Path) -> None:
    (inbox / "空").mkdir()
    sim = Client(_consolidation_book(tmp_path, "空"), "VBA")
    assert sim.run(excel.merge) == "文件夹“空”中没有工作簿"


def test_merge_without_a_folder_says_where_to_put_it(tmp_path: Path, inbox: Path) -> None:
    workbook = openpyxl.Workbook()
    path = tmp_path / "空.xlsx"
    workbook.save(path)
    sim = Client(path, "VBA")
    assert excel.SOURCE_LABEL in sim.run(excel.merge)
    assert sim.funcs() == {"alert"}


# ---------------------------------------------------------------- protected sheets


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("action", [excel.validate, excel.comparators, excel.clear_marks])
def test_protection_is_lifted_first_and_given_back_last(client: str, action) -> None:
    """The template's sheets are protected: the client lifts each sheet's protection before
    anything is formatted (Client refuses a fill on a protected sheet) and gives it back, with
    the settings that sheet had, after everything."""
    sim = Client(EXAMPLES[0], client)
    before = dict(sim.protection)
    assert before, "the example departments come from the protected template"
    sim.run(excel.validate)
    sim.run(action)
    assert sim.protection == before
    funcs = [(a["func"], a["args"][0]) for a in sim.actions]
    sheets = len(Client(EXAMPLES[0], client).sheet_names)
    assert funcs[:sheets] == [("runMacro", excel.UNPROTECT_MACRO)] * sheets
    assert funcs[-sheets - 1 : -1] == [("runMacro", excel.REPROTECT_MACRO)] * sheets


def test_a_sheets_own_protection_settings_come_back(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(EXAMPLES[0])
    workbook["部门整体"].protection.sort = False  # this department allows sorting
    workbook["部门整体"].protection.formatColumns = True  # and not resizing columns
    path = tmp_path / "部门.xlsx"
    workbook.save(path)
    for client in CLIENTS:
        sim = Client(path, client)
        before = dict(sim.protection)
        sim.run(excel.validate)
        assert sim.protection == before
        sim.run(excel.clear_marks)
        assert sim.protection == before


class _ComProtection:
    """Worksheet.Protection and Protect as COM shows them, for the desktop path."""

    def __init__(self, **allowed: bool) -> None:
        for key in excel.PROTECTION_SETTINGS:
            setattr(self, key, allowed.get(key, False))


def test_desktop_reprotects_with_the_settings_it_read() -> None:
    sheet = type("Sheet", (), {})()
    sheet.Protection = _ComProtection(AllowSorting=True, AllowFormattingRows=True)
    sheet.ProtectDrawingObjects, sheet.ProtectScenarios = True, False
    settings = excel.protection_settings(sheet)
    assert settings["AllowSorting"] and settings["AllowFormattingRows"]
    assert not settings["AllowFormattingColumns"] and not settings["Scenarios"]
    assert settings["DrawingObjects"] and settings["Contents"]
    assert set(settings) == {*excel.PROTECTION_SETTINGS, "DrawingObjects", "Contents", "Scenarios"}
