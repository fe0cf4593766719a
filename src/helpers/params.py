"""Reading and validating a notebook's parameters.

Notebooks call the ``check_*`` functions in the cell after their ``parameters`` cell, so a bad value
stops the run at once with a message naming the parameter, what it should be and what it got::

    lang = params.check_lang(lang)
    year = params.check_year("year", year, 2003, 2024)
    countries = params.check_countries("countries", countries)
    out = params.output_dir(output_dir, "02_egov_effectiveness")

The ``digimod run`` command checks overrides before a kernel starts with
:mod:`helpers.runner.overrides`, which uses the type helpers defined here.
"""

from __future__ import annotations

import numbers
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from . import config
from .errors import ParameterError
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
        raise ParameterError(f"{name} must be a str or a list of str, got {described(values)}")
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
            f"{did_you_mean(value, allowed)}"
        )
    return indicator_id


def check_indicators(name: str, values, allowed: Sequence[str] | None = None) -> list[str]:
    """Codebook ids for one indicator or a list of them (order kept, duplicates dropped)."""
    if not isinstance(values, (str, list, tuple)):
        raise ParameterError(f"{name} must be a str or a list of str, got {described(values)}")
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
