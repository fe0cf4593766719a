"""The shape of ``src/helpers``: no import cycle, the library never imports the runner, modules stay small.

Imports are read from the source (also those inside functions), so a lazy import cannot hide a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "helpers"
MAX_LOGIC_LINES = 800
#: The research library: it must never import the machinery that runs notebooks.
LIBRARY = ("helpers.data", "helpers.stats", "helpers.plots", "helpers.i18n", "helpers.params", "helpers.outputs",
           "helpers.notebook", "helpers.profile", "helpers.coverage", "helpers.claims", "helpers.processes")
#: The ground floor: imported by every layer, importing nothing from helpers.
GROUND_FLOOR = ("helpers.files", "helpers.suggest", "helpers.errors")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    is_package = MODULES[module].name == "__init__.py"
    base = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports_of(module: str) -> set[str]:
    """The helpers modules ``module`` imports anywhere in its source (``from x import mod`` counts mod)."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node)
            found |= {f"{target}.{a.name}" if f"{target}.{a.name}" in MODULES else target for a in node.names}
    return {name for name in found if name in MODULES and name != module}


GRAPH = {module: imports_of(module) for module in MODULES}


def _cycle_from(start: str) -> list[str] | None:
    stack = [(start, [start])]
    while stack:
        node, path = stack.pop()
        for nxt in GRAPH[node]:
            if nxt == start:
                return [*path, start]
            if nxt not in path:
                stack.append((nxt, [*path, nxt]))
    return None


def test_the_import_graph_is_read():
    assert "helpers.config" in GRAPH["helpers.data.build"]
    assert "helpers.data.catalog" in GRAPH["helpers.runner.cli"]  # a function-level import counts


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_cycle(module):
    cycle = _cycle_from(module)
    assert cycle is None, "import cycle: " + " → ".join(cycle)


@pytest.mark.parametrize("module", [m for m in sorted(MODULES) if m.startswith(LIBRARY)])
def test_the_library_never_imports_the_runner(module):
    runner = sorted(m for m in GRAPH[module] if m.startswith("helpers.runner"))
    assert not runner, f"{module} imports {runner}; the runner may import the library, never the reverse"


def test_stats_is_pure():
    for module in (m for m in MODULES if m.startswith("helpers.stats")):
        outside = sorted(m for m in GRAPH[module] if not m.startswith("helpers.stats"))
        assert not outside, f"{module} imports {outside}: estimators take frames, they never read or draw"


@pytest.mark.parametrize("module", GROUND_FLOOR)
def test_the_ground_floor_imports_nothing_from_helpers(module):
    assert not GRAPH[module], f"{module} imports {sorted(GRAPH[module])}"


def _table_lines(tree: ast.Module) -> set[int]:
    """Lines of docstrings and of top-level literal tables (labels, texts): text, not logic."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            lines |= set(range(body[0].lineno, body[0].end_lineno + 1))
    for node in tree.body:
        value = getattr(node, "value", None)
        if isinstance(node, ast.Assign | ast.AnnAssign) and value is not None:
            try:
                ast.literal_eval(value)
            except ValueError:
                continue
            lines |= set(range(node.lineno, node.end_lineno + 1))
    return lines


def logic_lines(path: Path) -> int:
    """Non-blank, non-comment lines that are not docstrings or literal tables."""
    source = path.read_text(encoding="utf-8")
    skip = _table_lines(ast.parse(source))
    return sum(
        1 for number, line in enumerate(source.splitlines(), start=1)
        if line.strip() and not line.strip().startswith("#") and number not in skip
    )


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_small(module):
    count = logic_lines(MODULES[module])
    assert count <= MAX_LOGIC_LINES, f"{module} has {count} lines of logic (limit {MAX_LOGIC_LINES}); split it by concept"
