"""Reading and validating a notebook's parameters.

Notebooks call the ``check_*`` functions in the cell after their ``parameters`` cell, so a bad value
stops the run at once with a message naming the parameter, what it should be and what it got::

    lang = params.check_lang(lang)
    year = params.check_year("year", year, 2003, 2024)
    countries = params.check_countries("countries", countries)
    out = params.output_dir(output_dir, "02_egov_effectiveness")

The ``digimod run`` command checks overrides before a kernel starts with
:mod:`helpers.runner.overrides`, which uses the type helpers defined here. Run by papermill directly,
a notebook refuses names its parameters cell does not declare with :func:`check_injected_parameters`.
"""

from __future__ import annotations

import ast
import numbers
import os
from collections.abc import Sequence
from pathlib import Path

from . import config
from .errors import ParameterError
from .files import unwritable_reason
from .i18n import check_lang  # noqa: F401  (re-exported: notebooks call params.check_lang)
from .suggest import did_you_mean

# --- small helpers --------------------------------------------------------------------------------


def _type_name(kind: type) -> str:
    return "None" if kind is type(None) else kind.__name__


def type_phrase(expected: type | tuple[type, ...]) -> str:
    """``int`` → "an int"; ``(int, float)`` → "an int or a float"."""
    kinds = expected if isinstance(expected, tuple) else (expected,)
    words = []
    for kind in kinds:
        name = _type_name(kind)
        words.append(name if name == "None" else f"{'an' if name[0] in 'aeiou' else 'a'} {name}")
    return " or ".join(words)


def described(value: object) -> str:
    """``2019 (int)``: a value and its type, for messages about a wrong parameter."""
    return f"{value!r} ({type(value).__name__})"


def is_int(value: object) -> bool:
    """Whether ``value`` is a whole number (an int, a numpy integer), but not a bool."""
    # bool is an int subclass, but `year=True` is a mistake, not a year.
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def assigned_names(node: ast.stmt) -> list[str] | None:
    """The names a ``name = …`` (or ``name: type = …``) statement assigns, or None for any other statement."""
    if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
        return [t.id for t in node.targets]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
        return [node.target.id]
    return None


def _cell_names(source: str) -> list[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [name for node in tree.body for name in (assigned_names(node) or [])]


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
        raise ParameterError(f"{name} must be {type_phrase(expected_type)}, got {described(value)}")
    return value


def check_choice(name: str, value: object, choices: Sequence[object]) -> object:
    """Return ``value`` if it is one of ``choices``; the error suggests close matches."""
    if value in choices:
        return value
    raise ParameterError(
        f"{name} must be one of {', '.join(map(repr, choices))}, got {value!r}.{did_you_mean(value, choices)}"
    )


def check_year(name: str, value: object, first: int, last: int) -> int:
    """Return ``value`` as an int if it is a whole year in ``[first, last]``."""
    if not is_int(value):
        raise ParameterError(f"{name} must be an int year between {first} and {last}, got {described(value)}")
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


def _resolve_countries(name: str, values, countries) -> list[tuple[str, str]]:
    """(value as given, ISO3 code) for each entry of ``values`` (one string or a list of them)."""
    from .data.errors import UnknownKeyError
    from .data.load import resolve_country

    if not isinstance(values, (str, list, tuple)):
        raise ParameterError(f"{name} must be a str or a list of str, got {described(values)}")
    resolved = []
    for value in _as_list(values):
        check_type(f"{name} entry", value, str)
        try:
            resolved.append((value, resolve_country(value, countries)))
        except UnknownKeyError as err:
            raise ParameterError(f"{name}: {err}") from err
    return resolved


def check_countries(name: str, values, countries=None) -> list[str]:
    """ISO3 codes for ``values`` (codes, English or Chinese names; one string or a list), in order, deduplicated.

    Parameters
    ----------
    countries : country table (``iso3, name_en, name_zh``); default: the built ``country_table()``.

    Raises
    ------
    ParameterError
        A value is not a string, is empty, or is unknown (the message includes the close matches).
    helpers.data.errors.DataError
        ``countries`` is not given and the data are not built yet.
    """
    return list(dict.fromkeys(code for _, code in _resolve_countries(name, values, countries)))


def check_peers(name: str, values, country: str, countries=None) -> list[str]:
    """ISO3 codes of the peers ``country`` is compared with: each named once and not ``country`` itself.

    ``[]`` (no peers given) stays ``[]``. A repeated peer or the country itself is refused rather than
    dropped: either would make the "peer median" partly the country's own value, and is usually a typo
    for another country (``CHN`` for ``CHL``), which dropping it would hide.

    Raises
    ------
    ParameterError
        As :func:`check_countries`, and for a peer named twice (also by two spellings) or equal to ``country``.
    """
    seen: dict[str, str] = {}
    for value, code in _resolve_countries(name, values, countries):
        if code == country:
            raise ParameterError(
                f"{name} must not include the country itself ({code}, given as {value!r}): the profile "
                "compares the country with its peers; leave it out"
            )
        if code in seen:
            same = f"{seen[code]!r} and {value!r} both name {code}" if seen[code] != value else f"{value!r} twice"
            raise ParameterError(f"{name} lists {code} more than once ({same}); name each peer once")
        seen[code] = value
    return list(seen)


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
            f"{did_you_mean(value, allowed)}"
        )
    return indicator_id


def check_indicators(name: str, values, allowed: Sequence[str] | None = None) -> list[str]:
    """Codebook ids for one indicator or a list of them (order kept, duplicates dropped)."""
    if not isinstance(values, (str, list, tuple)):
        raise ParameterError(f"{name} must be a str or a list of str, got {described(values)}")
    return list(dict.fromkeys(check_indicator(f"{name} entry", v, allowed) for v in _as_list(values)))


#: First line of the cell papermill injects right after the ``parameters`` cell (its translator's comment).
INJECTED_HEADER = "# Parameters"


def check_injected_parameters() -> None:
    """Refuse parameters papermill injected that the notebook's ``parameters`` cell does not declare.

    Call it in the cell after the ``parameters`` cell. papermill only warns about an unknown name
    (``-p yeer 2019``) and runs on with the defaults; this stops the run instead. Inside the kernel the
    IPython input history holds the cells in the order they ran: this cell last, before it papermill's
    injected cell (first line ``# Parameters``), before that the ``parameters`` cell. Without an injected
    cell (JupyterLab, nbval, plain Python, papermill without parameters) there is nothing to check.
    ``PAPERMILL_*`` names (``papermill --inject-paths``) are allowed.

    Raises
    ------
    ParameterError
        Naming each undeclared parameter, close matches, and the declared names.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - notebooks always run in IPython
        return
    shell = get_ipython()
    history = getattr(getattr(shell, "history_manager", None), "input_hist_raw", None) or []
    if len(history) < 3 or not history[-2].startswith(INJECTED_HEADER):
        return
    declared = _cell_names(history[-3])
    unknown = [n for n in _cell_names(history[-2]) if n not in declared and not n.startswith("PAPERMILL_")]
    if unknown:
        lines = "".join(f"\n  - {name!r}.{did_you_mean(name, declared)}" for name in unknown)
        raise ParameterError(
            f"papermill passed parameter(s) this notebook does not declare (they would be ignored and the "
            f"defaults used):{lines}\nDeclared parameters: {', '.join(declared) or '(none)'}"
        )


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
    reason = unwritable_reason(folder)
    if reason:
        raise ParameterError(f"output folder {folder} is not writable ({reason}). {fix}")
    return folder
