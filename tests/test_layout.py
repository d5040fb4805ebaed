"""The shape of the code: data flows one way, every catalogue code has a producer."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from support.goal_tables import GOOD, department, project

from xlgoals.checks import CHECKS
from xlgoals.problems.catalogue import CATALOGUE
from xlgoals.validation import validate

PACKAGE = Path(__file__).resolve().parents[1] / "xlgoals"
EXAMPLES = PACKAGE.parent / "examples" / "departments"

#: bottom to top: a module may import only from its own layer or the layers below
LAYERS = (
    ("address", "contract", "data", "parallel", "progress"),
    ("problems",),
    ("model",),
    ("reading",),
    ("checks",),
    ("validation",),
    ("write",),
    ("district",),
    ("excel", "importing", "addin"),
    ("server", "cli"),
)
RANK = {part: rank for rank, parts in enumerate(LAYERS) for part in parts}


def _modules() -> dict[str, Path]:
    return {
        ".".join(("xlgoals", *p.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(
            ".__init__"
        ): p
        for p in PACKAGE.rglob("*.py")
    }


def _imports(path: Path, modules: frozenset[str] = frozenset()) -> set[str]:
    """xlgoals modules this one imports at run time (not those under TYPE_CHECKING); `from
    package import module` imports the module, not the package's own names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
        for n in ast.walk(node)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("xlgoals"):
            names = {f"{node.module}.{a.name}" for a in node.names}
            found.update(names & modules or {node.module})
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("xlgoals"))
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    names = frozenset(modules)
    return {name: _imports(path, names) & names - {name} for name, path in modules.items()}


def _layer(module: str) -> int:
    parts = module.split(".")
    return RANK.get(parts[1], -1) if len(parts) > 1 else len(LAYERS)


def test_every_module_has_a_layer() -> None:
    assert [m for m in _modules() if _layer(m) < 0] == []


def test_no_arrow_points_up() -> None:
    upward = [
        f"{a} → {b}"
        for a, targets in _graph().items()
        for b in targets
        if _layer(b) > _layer(a) and b != "xlgoals"
    ]
    assert upward == []


def test_no_import_circle() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        if module in path:
            cycle = (*path[path.index(module) :], module)
            pytest.fail(" → ".join(cycle))
        if module in done:
            return
        for target in graph.get(module, ()):
            visit(target, (*path, module))
        done.add(module)

    for module in graph:
        visit(module, ())


def test_an_upward_arrow_would_be_seen(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text("from xlgoals.district.merge import merge\n", encoding="utf-8")
    assert "xlgoals.district.merge" in _imports(path)
    assert _layer("xlgoals.district.merge") > _layer("xlgoals.reading.tables")


# ------------------------------------------------------------------ codes


def _codes_in_source() -> dict[str, set[str]]:
    """Catalogue codes written as literals, by module (the catalogue itself left out)."""
    found: dict[str, set[str]] = {}
    for name, path in _modules().items():
        if name == "xlgoals.problems.catalogue":
            continue
        codes = set(re.findall(r"\"(XG\d{3})\"", path.read_text(encoding="utf-8")))
        if codes:
            found[name] = codes
    return found


def test_every_catalogue_code_has_a_producer() -> None:
    produced = set().union(*_codes_in_source().values(), *(c.codes for c in CHECKS))
    assert sorted(CATALOGUE.keys() - produced) == []


def test_every_code_written_is_in_the_catalogue() -> None:
    written = set().union(*_codes_in_source().values())
    assert sorted(written - CATALOGUE.keys()) == []


def test_a_check_declares_every_code_its_source_names() -> None:
    """What a check's module writes is declared by that module's checks (helpers included)."""
    by_module: dict[str, set[str]] = {}
    for registered in CHECKS:
        by_module.setdefault(registered.function.__module__, set()).update(registered.codes)
    source = _codes_in_source()
    for module, declared in by_module.items():
        assert source.get(module, set()) == declared, module


def test_checks_emit_only_what_they_declare() -> None:
    submissions = [
        department(GOOD),
        project(GOOD),
        department([["产出指标", "数量指标", "培训人数", "≤", 100, "%"]]),
        *(r.submission for r in validate(EXAMPLES).files if r.submission),
    ]
    assert submissions
    for registered in CHECKS:
        for submission in submissions:
            emitted = {f.code for f in registered.function(submission)}
            assert emitted <= registered.codes, registered.function.__name__


def test_an_unknown_code_is_refused_at_registration() -> None:
    from xlgoals.checks import check

    with pytest.raises(KeyError):
        check(codes=("XG999",))


def test_the_public_names_survive_every_import() -> None:
    """No sub-package may shadow a name of the Python API: once every module is imported,
    `xlgoals.read`, `xlgoals.validate` and `xlgoals.merge` are still the functions."""
    import importlib
    import subprocess
    import sys

    code = (
        "import importlib, pkgutil, xlgoals\n"
        "for m in pkgutil.walk_packages(xlgoals.__path__, 'xlgoals.'):\n"
        "    if not m.name.endswith('__main__'):\n"
        "        importlib.import_module(m.name)\n"
        "print(all(callable(getattr(xlgoals, n)) for n in xlgoals.__all__ if n[0].islower()\n"
        "          and n != '__version__'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "True", done.stderr
    assert importlib.import_module("xlgoals").__version__
