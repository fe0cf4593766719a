"""Parameter overrides for ``digimod run``: read a notebook's ``parameters`` cell, check names and types.

Overrides are checked against the declared defaults before a kernel starts, so a misspelled name or a
wrong type costs no kernel start-up; the notebook's own ``params.check_*`` calls then check the values.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

from ..errors import ParameterError
from ..params import described, is_int, type_phrase
from ..suggest import did_you_mean


def _parameters_source(notebook_path: Path, notebook=None) -> str:
    import nbformat

    notebook = notebook if notebook is not None else nbformat.read(notebook_path, as_version=4)
    tagged = [
        cell for cell in notebook.cells
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", [])
    ]
    if len(tagged) != 1:
        found = "no cell" if not tagged else f"{len(tagged)} cells"
        raise ParameterError(
            f"{notebook_path} has {found} tagged 'parameters'; tag exactly one code cell "
            "(papermill injects overrides after it)"
        )
    return tagged[0].source


def _assigned_names(node: ast.stmt) -> list[str] | None:
    if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
        return [t.id for t in node.targets]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
        return [node.target.id]
    return None


def read_parameters_cell(notebook_path: str | os.PathLike, notebook=None) -> dict[str, object]:
    """Name → default value for every assignment in the notebook's ``parameters`` cell.

    The cell must hold only ``name = <literal>`` lines (numbers, strings, None, booleans, and
    lists/tuples/dicts/sets of them), plus comments, so defaults can be read without running code.
    ``notebook``: the notebook already read (an ``nbformat`` node); ``notebook_path`` then only names it.

    Raises
    ------
    ParameterError
        No (or more than one) tagged cell, a syntax error, or a statement that is not a literal assignment.
    """
    path = Path(notebook_path)
    source = _parameters_source(path, notebook)
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        raise ParameterError(f"{path.name}: the parameters cell is not valid Python (line {err.lineno}): {err.msg}") from err
    values: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # a docstring-style note
        names = _assigned_names(node)
        code = ast.get_source_segment(source, node) or ""
        if names is None:
            raise ParameterError(
                f"{path.name}: the parameters cell must hold literals only (`name = value`); "
                f"line {node.lineno} is `{code}`. Move computations to the next cell."
            )
        try:
            value = ast.literal_eval(node.value)
        except (ValueError, TypeError) as err:
            raise ParameterError(
                f"{path.name}: parameter {names[0]} must be a literal (number, string, None, True/False, "
                f"list, tuple or dict of those); line {node.lineno} is `{code}`"
            ) from err
        for name in names:
            values[name] = value
    return values


def _type_ok(default: object, value: object) -> bool:
    """Whether ``value`` may replace ``default`` (see :func:`validate_overrides`)."""
    if default is None:
        return True
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(default, int):
        return is_int(value)
    if isinstance(default, (list, tuple)):
        return isinstance(value, (list, tuple))
    return isinstance(value, type(default))


def validate_overrides(notebook_path: str | os.PathLike, overrides: dict[str, object]) -> dict[str, object]:
    """Check override names and types against the notebook's parameters cell; return ``overrides``.

    Rules: every name must be declared in the cell; a value must have its default's type, except that
    an int may replace a float, a list and a tuple are interchangeable, and a ``None`` default accepts
    anything. Element types inside lists are left to the notebook's own checks.

    Raises
    ------
    ParameterError
        Listing every unknown name (with close matches and the declared names) and every type mismatch.
    """
    path = Path(notebook_path)
    declared = read_parameters_cell(path)
    problems = []
    for name, value in overrides.items():
        if name not in declared:
            problems.append(f"unknown parameter {name!r}.{did_you_mean(name, declared)}")
        elif not _type_ok(declared[name], value):
            default = declared[name]
            kind = (list, tuple) if isinstance(default, (list, tuple)) else type(default)
            kind = (int, float) if isinstance(default, float) else kind
            problems.append(f"{name} must be {type_phrase(kind)} like its default {default!r}, got {described(value)}")
    if problems:
        listing = ", ".join(declared) or "(none)"
        lines = "".join(f"\n  - {problem}" for problem in problems)
        raise ParameterError(f"{path.name}: bad parameter override(s):{lines}\nDeclared parameters: {listing}")
    return dict(overrides)


def parse_override(text: str) -> tuple[str, object]:
    """Split a command-line ``name=value`` into the name and a Python value.

    The value is read as a literal when it is one (``year=2020`` → 2020, ``countries=['CHN','IND']`` →
    a list, ``x=None`` → None) and kept as a string otherwise (``country=China``).
    """
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or not name.isidentifier():
        raise ParameterError(f"expected name=value (e.g. year=2020), got {text!r}")
    try:
        return name, ast.literal_eval(raw.strip())
    except (ValueError, TypeError, SyntaxError):
        return name, raw.strip()
