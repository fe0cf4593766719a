"""Harmonize publisher country names to ISO 3166-1 alpha-3 codes.

Names go through, in order: the reviewed overrides in ``data/country_overrides.yaml``; the list of
known non-country entities (regions, income groups, historical states) that are dropped on purpose;
then ``country_converter``. A name matched by none of them stops the build with the file and the
name, so a new spelling from a publisher is reviewed instead of silently lost.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .. import config
from ..files import parse_yaml
from .errors import ParseError


@functools.lru_cache(maxsize=1)
def _overrides() -> tuple[dict[str, str], frozenset[str]]:
    with open(config.COUNTRY_OVERRIDES_FILE, encoding="utf-8") as fh:
        spec = parse_yaml(fh)
    names = {str(k).strip(): v["iso3"] for k, v in (spec.get("overrides") or {}).items()}
    dropped = frozenset(str(n).strip() for n in (spec.get("not_countries") or {}))
    return names, dropped


def chinese_names(path: Path | None = None) -> dict[str, str]:
    """Reviewed Chinese names (``names_zh`` in ``data/country_overrides.yaml``) for codes Gapminder lacks."""
    with open(path or config.COUNTRY_OVERRIDES_FILE, encoding="utf-8") as fh:
        spec = parse_yaml(fh) or {}
    return {str(iso3): entry["name"] for iso3, entry in (spec.get("names_zh") or {}).items()}


@functools.lru_cache(maxsize=1)
def _converter():
    import country_converter as coco

    # country_converter logs every miss at WARNING; misses are handled (and reported) here.
    logging.getLogger("country_converter").setLevel(logging.ERROR)
    return coco.CountryConverter()


_NOT_FOUND = "<not found>"
_CONVERTED: dict[str, object] = {}


@functools.lru_cache(maxsize=1)
def _valid_iso3() -> frozenset[str]:
    overrides, _ = _overrides()
    return frozenset(_converter().data["ISO3"].dropna()) | frozenset(overrides.values())


def names_to_iso3(names: Iterable[str], path: str | Path) -> pd.Series:
    """Map publisher names to ISO3 codes.

    Parameters
    ----------
    names : country names as they appear in the file (surrounding whitespace is ignored).
    path : the file the names come from, for error messages.

    Returns
    -------
    pandas.Series
        Indexed like ``names``: the ISO3 code, or ``None`` for known non-country entities.

    Raises
    ------
    ParseError
        If a name is neither an override, a known non-country, nor recognized by country_converter.
    """
    names = pd.Series(list(names) if not isinstance(names, pd.Series) else names)
    stripped = names.astype(str).str.strip()
    overrides, dropped = _overrides()
    mapping: dict[str, str | None] = {}
    unresolved = []
    for name in stripped.unique():
        if name in overrides:
            mapping[name] = overrides[name]
        elif name in dropped:
            mapping[name] = None
        else:
            unresolved.append(name)
    if unresolved:
        # country_converter runs ~300 regexes per name; publishers repeat names across files and
        # editions, so each distinct name is converted once per process.
        todo = [n for n in unresolved if n not in _CONVERTED]
        if todo:
            codes = _converter().convert(todo, to="ISO3", not_found=_NOT_FOUND)
            # convert() unwraps a one-name list, so re-wrap before pairing names with codes.
            _CONVERTED.update(zip(todo, [codes] if len(todo) == 1 else codes, strict=True))
        valid = _valid_iso3()
        unknown = []
        for name in unresolved:
            code = _CONVERTED[name]
            # A list means the name matched several countries (a region such as "Australia/New Zealand").
            if not isinstance(code, str) or code not in valid:
                unknown.append(name)
            else:
                mapping[name] = code
        if unknown:
            raise ParseError(
                path,
                f"{len(unknown)} name(s) not recognized as countries: {sorted(unknown)[:20]}",
                f"Add each to {config.COUNTRY_OVERRIDES_FILE.name} under `overrides` (with its ISO3 code "
                "and a reason) or under `not_countries` if it is a region or aggregate",
            )
    return stripped.map(mapping)
