"""Reading and validating a notebook's parameters.

Notebooks call the ``check_*`` functions in the cell after their ``parameters`` cell, so a bad value
stops the run at once with a message naming the parameter, what it should be and what it got::

    lang = params.check_lang(lang)
    year = params.check_year("year", year, 2003, 2024)
    countries = params.check_countries("countries", countries)
    out = params.output_dir(output_dir, "02_egov_effectiveness")

The ``digimod run`` command uses :func:`read_parameters_cell` and :func:`validate_overrides` to reject
unknown names and wrong types before a kernel starts.
"""

from __future__ import annotations

import ast
import difflib
import numbers
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from . import config, i18n


class ParameterError(ValueError):
    """A notebook parameter is unknown or has an unusable value; the message says how to fix it."""


# --- small helpers --------------------------------------------------------------------------------


def _type_name(kind: type) -> str:
    return "None" if kind is type(None) else kind.__name__


def _type_phrase(expected: type | tuple[type, ...]) -> str:
    """``int`` → "an int"; ``(int, float)`` → "an int or a float"."""
    kinds = expected if isinstance(expected, tuple) else (expected,)
    words = []
    for kind in kinds:
        name = _type_name(kind)
        words.append(name if name == "None" else f"{'an' if name[0] in 'aeiou' else 'a'} {name}")
    return " or ".join(words)


def _received(value: object) -> str:
    return f"{value!r} ({type(value).__name__})"


def _did_you_mean(word: object, candidates: Iterable[object]) -> str:
    texts = {str(c): c for c in candidates}
    hits = difflib.get_close_matches(str(word), list(texts), n=3, cutoff=0.5)
    return f" Did you mean {', '.join(repr(texts[h]) for h in hits)}?" if hits else ""


def _is_int(value: object) -> bool:
    # bool is an int subclass, but `year=True` is a mistake, not a year.
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


# --- checks notebooks call ------------------------------------------------------------------------


def check_type(name: str, value: object, expected_type: type | tuple[type, ...]) -> object:
    """Return ``value`` if it is an instance of ``expected_type`` (a type or a tuple of types).

    ``True``/``False`` do not count as ints unless ``bool`` is expected.

    Raises
    ------
    ParameterError
        E.g. ``year must be an int, got '2020' (str)``.
    """
    kinds = expected_type if isinstance(expected_type, tuple) else (expected_type,)
    ok = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
    if not ok:
        raise ParameterError(f"{name} must be {_type_phrase(expected_type)}, got {_received(value)}")
    return value


def check_choice(name: str, value: object, choices: Sequence[object]) -> object:
    """Return ``value`` if it is one of ``choices``; the error suggests close matches."""
    if value in choices:
        return value
    raise ParameterError(
        f"{name} must be one of {', '.join(map(repr, choices))}, got {value!r}.{_did_you_mean(value, choices)}"
    )


def check_lang(value: object, name: str = "lang") -> str:
    """Return ``value`` if it is a supported language (``"en"`` or ``"zh"``)."""
    return check_choice(name, value, i18n.LANGS)


def check_year(name: str, value: object, first: int, last: int) -> int:
    """Return ``value`` as an int if it is a whole year in ``[first, last]``."""
    if not _is_int(value):
        raise ParameterError(f"{name} must be an int year between {first} and {last}, got {_received(value)}")
    if not first <= value <= last:
        raise ParameterError(f"{name} must be between {first} and {last} (the years with data), got {value}")
    return int(value)


def check_year_range(name: str, start: object, end: object, first: int, last: int) -> tuple[int, int]:
    """Return ``(start, end)`` if both are years in ``[first, last]`` and ``start <= end``."""
    start = check_year(f"{name} start", start, first, last)
    end = check_year(f"{name} end", end, first, last)
    if start > end:
        raise ParameterError(f"{name}: the start year {start} is after the end year {end}; swap them")
    return start, end


def check_countries(name: str, values, countries=None) -> list[str]:
    """ISO3 codes for ``values`` (codes, English or Chinese names; one string or a list), in order, deduplicated.

    Parameters
    ----------
    countries : country table (``iso3, name_en, name_zh``); default: the built ``country_table()``.

    Raises
    ------
    ParameterError
        A value is not a string or is unknown (the message includes the close matches).
    helpers.data.errors.DataError
        ``countries`` is not given and the data are not built yet.
    """
    from .data.errors import UnknownKeyError
    from .data.load import resolve_country

    if not isinstance(values, (str, list, tuple)):
        raise ParameterError(f"{name} must be a str or a list of str, got {_received(values)}")
    codes = []
    for value in _as_list(values):
        check_type(f"{name} entry", value, str)
        try:
            codes.append(resolve_country(value, countries))
        except UnknownKeyError as err:
            raise ParameterError(f"{name}: {err}") from err
    return list(dict.fromkeys(codes))


def check_indicator(name: str, value: object, allowed: Sequence[str] | None = None) -> str:
    """The codebook id for ``value`` (an id or English name), optionally restricted to ``allowed`` ids."""
    from .data.codebook import get_indicator
    from .data.errors import UnknownKeyError

    check_type(name, value, str)
    try:
        indicator_id = get_indicator(value).id
    except UnknownKeyError as err:
        raise ParameterError(f"{name}: {err}") from err
    if allowed is not None and indicator_id not in allowed:
        raise ParameterError(
            f"{name} must be one of {', '.join(map(repr, allowed))} for this notebook, got {value!r}."
            f"{_did_you_mean(value, allowed)}"
        )
    return indicator_id


def check_indicators(name: str, values, allowed: Sequence[str] | None = None) -> list[str]:
    """Codebook ids for one indicator or a list of them (order kept, duplicates dropped)."""
    if not isinstance(values, (str, list, tuple)):
        raise ParameterError(f"{name} must be a str or a list of str, got {_received(values)}")
    return list(dict.fromkeys(check_indicator(f"{name} entry", v, allowed) for v in _as_list(values)))


# --- output folder --------------------------------------------------------------------------------


def output_dir(path_or_none: str | os.PathLike | None, notebook_name: str) -> Path:
    """The folder a notebook writes figures and tables to, created and checked writable.

    Parameters
    ----------
    path_or_none : the notebook's ``output_dir`` parameter. Empty or None (an interactive session)
        means ``outputs/interactive/<notebook_name>``; ``digimod run`` passes the run's folder.
        A relative path is relative to the project root, like the ``DIGIMOD_*`` variables.
    notebook_name : the notebook's stem, e.g. ``"02_egov_effectiveness"``.

    Raises
    ------
    ParameterError
        The folder cannot be created or written to (the message names it and the fix).
    """
    if not notebook_name or Path(notebook_name).name != notebook_name:
        raise ParameterError(f"notebook_name must be a plain name such as '02_egov', got {notebook_name!r}")
    if path_or_none is None or not str(path_or_none).strip():
        folder = config.paths().outputs / "interactive" / notebook_name
    else:
        folder = Path(str(path_or_none).strip()).expanduser()
        folder = folder if folder.is_absolute() else config.PROJECT_ROOT / folder
    fix = (
        "Pass another folder as the output_dir parameter, or make this one writable "
        f"(e.g. `chmod u+w {folder}`), or set DIGIMOD_OUTPUTS_DIR."
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Creating a folder can succeed where writing a file fails (read-only mount, ACLs): probe it.
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".write-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise ParameterError(f"output folder {folder} is not writable ({reason}). {fix}") from err
    return folder


# --- the parameters cell ---------------------------------------------------------------------------


def _parameters_source(notebook_path: Path) -> str:
    import nbformat

    notebook = nbformat.read(notebook_path, as_version=4)
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


def read_parameters_cell(notebook_path: str | os.PathLike) -> dict[str, object]:
    """Name → default value for every assignment in the notebook's ``parameters`` cell.

    The cell must hold only ``name = <literal>`` lines (numbers, strings, None, booleans, and
    lists/tuples/dicts/sets of them), plus comments, so defaults can be read without running code.

    Raises
    ------
    ParameterError
        No (or more than one) tagged cell, a syntax error, or a statement that is not a literal assignment.
    """
    path = Path(notebook_path)
    source = _parameters_source(path)
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
        return _is_int(value)
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
            problems.append(f"unknown parameter {name!r}.{_did_you_mean(name, declared)}")
        elif not _type_ok(declared[name], value):
            default = declared[name]
            kind = (list, tuple) if isinstance(default, (list, tuple)) else type(default)
            kind = (int, float) if isinstance(default, float) else kind
            problems.append(f"{name} must be {_type_phrase(kind)} like its default {default!r}, got {_received(value)}")
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
