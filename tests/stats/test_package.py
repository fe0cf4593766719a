"""Tests for the layout of helpers.stats: every public name re-exported and listed, pure imports, no cycles."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import sys
from pathlib import Path

import pytest

from helpers import stats

PACKAGE = Path(stats.__file__).parent
MODULES = sorted(info.name for info in pkgutil.iter_modules([str(PACKAGE)]))
# What the estimators may import besides the standard library and the package itself.
ALLOWED_THIRD_PARTY = {"numpy", "pandas", "scipy", "statsmodels", "linearmodels"}


def public_names(module_name: str) -> list[str]:
    module = importlib.import_module(f"helpers.stats.{module_name}")
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    names = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names.extend(target.id for target in node.targets if isinstance(target, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
    return [name for name in names if not name.startswith("_")]


def imports_of(module_name: str) -> tuple[set[str], set[str]]:
    """(top-level absolute imports, sibling modules imported relatively) of one module of the package."""
    tree = ast.parse((PACKAGE / f"{module_name}.py").read_text(encoding="utf-8"))
    absolute, siblings = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            absolute.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                absolute.add(node.module.split(".")[0])
            elif node.module is not None:
                siblings.add(node.module.split(".")[0])
            else:
                siblings.update(alias.name for alias in node.names)
    return absolute, siblings


@pytest.mark.parametrize("module_name", [name for name in MODULES if not name.startswith("_")])
def test_every_public_name_is_re_exported_and_listed_in_the_contents(module_name):
    names = public_names(module_name)
    assert names, f"{module_name} defines no public name"
    contents = stats.__doc__.split("Contents\n--------", 1)[1].split("Inference conventions", 1)[0]
    section = re.search(rf"\(:mod:`\.{module_name}`\)\n((?:    .*\n)+)", contents)
    assert section is not None, f"no Contents section for {module_name}"
    listed = set(re.findall(r":\w+:`(\w+)`", section.group(1)))
    for name in names:
        assert getattr(stats, name) is getattr(importlib.import_module(f"helpers.stats.{module_name}"), name)
        assert name in stats.__all__
        assert name in listed, f"{name} is missing from the Contents of helpers.stats ({module_name})"


def test_all_names_exactly_the_public_names_of_the_modules():
    every = [name for module_name in MODULES for name in public_names(module_name)]
    assert sorted(stats.__all__) == sorted(every)


def test_imports_are_pure_and_point_downwards():
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    graph = {}
    for module_name in MODULES:
        absolute, siblings = imports_of(module_name)
        assert absolute <= stdlib | ALLOWED_THIRD_PARTY, f"{module_name} imports {absolute - stdlib}"
        assert siblings <= set(MODULES), f"{module_name} imports {siblings - set(MODULES)} relatively"
        graph[module_name] = siblings
    # Depth-first search for a cycle among the modules.
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, f"import cycle: {' -> '.join((*path, name))}"
        if name not in done:
            for imported in graph[name]:
                visit(imported, (*path, name))
            done.add(name)

    for module_name in MODULES:
        visit(module_name, ())
