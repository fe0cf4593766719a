"""Parameter overrides for ``digimod run``: read a notebook's ``parameters`` cell, check names and types.

Overrides are checked against the declared defaults before a kernel starts, so a misspelled name or a
wrong type costs no kernel start-up; the notebook's own ``params.check_*`` calls then check the values.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

from ..errors import ParameterError
from ..params import assigned_names, described, is_int, type_phrase
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
        names = assigned_names(node)
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


def as_passed(name: str, value: object) -> object:
    """``value`` as papermill hands it to the kernel, or :class:`ParameterError` if papermill cannot.

    papermill writes parameters into the notebook as Python source (``PythonTranslator.translate``):
    None, str, bool, int, float, list and dict (keys as strings) keep their type; anything else, a
    tuple included, is written as the *string* of its repr, so ``(2000, 2010)`` would reach the
    notebook as ``"(2000, 2010)"``. Tuples are therefore turned into lists (what the notebooks'
    defaults are), and the run, the notebook and the manifest all see the same list; sets, bytes,
    complex numbers and non-string dict keys are refused.
    """
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple)):
        return [as_passed(f"{name} entry", item) for item in value]
    if isinstance(value, dict):
        keys = [k for k in value if not isinstance(k, str)]
        if keys:
            raise ParameterError(
                f"{name}: dict keys must be strings (papermill passes every key as a string), got {described(keys[0])}"
            )
        return {key: as_passed(f"{name}[{key!r}]", item) for key, item in value.items()}
    raise ParameterError(
        f"{name}: papermill cannot pass {described(value)} to a notebook (it would arrive as the string "
        f"{str(value)!r}); use a list, a dict, a str, a number, True/False or None"
    )


def validate_overrides(notebook_path: str | os.PathLike, overrides: dict[str, object]) -> dict[str, object]:
    """Check override names and types against the notebook's parameters cell; return them as papermill passes them.

    Rules: every name must be declared in the cell; a value must have its default's type, except that
    an int may replace a float, a list and a tuple are interchangeable, and a ``None`` default accepts
    anything. Element types inside lists are left to the notebook's own checks. The returned values are
    those the kernel receives (see :func:`as_passed`: tuples become lists), for the run and its manifest.

    Raises
    ------
    ParameterError
        Listing every unknown name (with close matches and the declared names), every type mismatch and
        every value papermill cannot pass.
    """
    path = Path(notebook_path)
    declared = read_parameters_cell(path)
    problems = []
    passed = {}
    for name, value in overrides.items():
        if name not in declared:
            problems.append(f"unknown parameter {name!r}.{did_you_mean(name, declared)}")
            continue
        if not _type_ok(declared[name], value):
            default = declared[name]
            kind = (list, tuple) if isinstance(default, (list, tuple)) else type(default)
            kind = (int, float) if isinstance(default, float) else kind
            problems.append(f"{name} must be {type_phrase(kind)} like its default {default!r}, got {described(value)}")
            continue
        try:
            passed[name] = as_passed(name, value)
        except ParameterError as err:
            problems.append(str(err))
    if problems:
        listing = ", ".join(declared) or "(none)"
        lines = "".join(f"\n  - {problem}" for problem in problems)
        raise ParameterError(f"{path.name}: bad parameter override(s):{lines}\nDeclared parameters: {listing}")
    return passed


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


def describe_parameters(notebook_path: str | os.PathLike) -> list[dict[str, str]]:
    """Name, type, default and help of each parameter, as ``papermill --help-notebook`` reads them.

    The help is the comment on the parameter's line in the ``parameters`` cell (allowed values go there).
    """
    import papermill

    rows = []
    for name, info in papermill.inspect_notebook(str(notebook_path)).items():
        default = str(info.get("default"))
        rows.append({"name": name, "type": str(info.get("inferred_type_name") or ""),
                     "default": default if len(default) <= 24 else default[:21] + "...", "help": info.get("help") or ""})
    return rows
