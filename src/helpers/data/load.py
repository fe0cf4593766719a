"""Fast, read-only access to the built panel for notebooks.

>>> from helpers.data import load_panel, country_table
>>> load_panel(["un_egov.egdi", "GE.EST"], years=(2003, 2024), countries=["CHN", "United States"], wide=True)
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

import pandas as pd

from .. import config
from ..suggest import close_matches
from .catalog import unknown_key
from .codebook import get_indicator, load_codebook
from .errors import DataError, UnknownKeyError

#: The panel's population series, preferred first where they reach the same year: UN WPP via the HDR
#: (to 2022), Gapminder's mirrored series (to 2013), Maddison (to 2018). Users of a share × population
#: take the latest year any of them covers.
POPULATION_INDICATORS = ("hdr.pop_total", "gapminder.population", "maddison.population")

#: indicator → the datasets that provided rows for it, for every :func:`load_panel` call in this process
#: (a report runs in its own kernel process, so this is what that report read).
_READ: dict[str, set[str]] = {}
#: The whole tables this process read: "panel" (:func:`panel_frame` called by a notebook, i.e. every
#: dataset) and "countries" (the country table, built from several datasets). See :func:`inputs_read`.
_TABLES_READ: set[str] = set()


def _require_built(paths: config.Paths) -> None:
    if not paths.panel.exists() or not paths.countries.exists():
        raise DataError(
            f"the processed panel is missing ({paths.panel}). Run `make data` (online) or "
            "`DIGIMOD_MIRROR=../shared/data make data` (offline, from a mirror) first"
        )


@functools.lru_cache(maxsize=4)
def _read_panel(path: str, mtime_ns: int) -> pd.DataFrame:
    # Cached per file version: repeated calls in a notebook cost a dictionary lookup, and a rebuild
    # (new mtime) is picked up without restarting the kernel.
    return pd.read_parquet(path)


@functools.lru_cache(maxsize=4)
def _read_countries(path: str, mtime_ns: int) -> pd.DataFrame:
    return pd.read_parquet(path)


def panel_frame(paths: config.Paths | None = None) -> pd.DataFrame:
    """The whole tidy panel (all indicators, all datasets). Treat as read-only."""
    _TABLES_READ.add("panel")
    return _panel(paths)


def _panel(paths: config.Paths | None) -> pd.DataFrame:
    paths = paths or config.paths()
    _require_built(paths)
    return _read_panel(str(paths.panel), paths.panel.stat().st_mtime_ns)


def country_table(paths: config.Paths | None = None) -> pd.DataFrame:
    """One row per economy: iso3, name_en, name_zh, region, income_group, is_aggregate, un_member."""
    _TABLES_READ.add("countries")
    paths = paths or config.paths()
    _require_built(paths)
    return _read_countries(str(paths.countries), paths.countries.stat().st_mtime_ns).copy()


def resolve_country(country: str, countries: pd.DataFrame | None = None) -> str:
    """Return the ISO3 code for an ISO3 code, an English or a Chinese name (case-insensitive).

    Raises
    ------
    UnknownKeyError
        Listing close matches among codes and names; or ``country`` is empty or blank.
    """
    text = str(country).strip()
    if not text:
        # A blank would otherwise match the blank name of an economy that has none in one language.
        raise UnknownKeyError(
            f"empty country {country!r}: give an ISO3 code such as 'CHN' or a name from country_table()"
        )
    countries = country_table() if countries is None else countries
    if text.upper() in set(countries["iso3"]):
        return text.upper()
    for column in ("name_en", "name_zh"):
        # Missing names become "", which the non-empty ``text`` cannot match.
        hit = countries.loc[countries[column].fillna("").str.lower() == text.lower(), "iso3"]
        if not hit.empty:
            return str(hit.iloc[0])
    hints = _similar_codes(text, countries["iso3"]) if len(text) == 3 else []
    names = [*countries["name_en"].dropna(), *countries["name_zh"].dropna()]
    hints += [h for h in close_matches(text, [*countries["iso3"], *names]) if h not in hints]
    hints = hints[:6]
    labelled = []
    for hint in hints:
        row = countries[(countries["iso3"] == hint) | (countries["name_en"] == hint) | (countries["name_zh"] == hint)]
        labelled.append(f"{row['iso3'].iloc[0]} ({row['name_en'].iloc[0]})" if not row.empty else hint)
    hint_text = f" Did you mean: {', '.join(dict.fromkeys(labelled))}?" if labelled else ""
    raise UnknownKeyError(f"unknown country {country!r}.{hint_text} Use an ISO3 code or a name from country_table().")


def _similar_codes(text: str, codes) -> list[str]:
    """ISO3 codes differing from ``text`` in one letter, those sharing a longer prefix first (CHM → CHN)."""
    text = text.upper()
    scored = []
    for code in codes:
        same = [a == b for a, b in zip(text, code, strict=True)]
        if sum(same) == 2:
            prefix = same.index(False)
            scored.append((-prefix, code))
    return [code for _, code in sorted(scored)[:4]]


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, (str, int)):
        return [value]
    return list(value)


def _year_filter(years) -> tuple[int, int] | list[int] | None:
    if years is None:
        return None
    if isinstance(years, int):
        return [years]
    if isinstance(years, tuple) and len(years) == 2:
        return (int(years[0]), int(years[1]))
    if isinstance(years, range | list | set | Iterable):
        return sorted(int(y) for y in years)
    raise TypeError(f"years must be an int, a (first, last) tuple or a list of ints, not {type(years).__name__}")


def load_panel(
    indicators: str | Iterable[str] | None = None,
    years=None,
    countries: str | Iterable[str] | None = None,
    *,
    sources: Mapping[str, str] | str | None = None,
    wide: bool = False,
    paths: config.Paths | None = None,
) -> pd.DataFrame:
    """Load part of the panel.

    Parameters
    ----------
    indicators : codebook id(s), e.g. ``"IT.NET.USER.ZS"`` or ``["un_egov.egdi", "GE.EST"]``; None = all.
    years : an int, an inclusive ``(first, last)`` tuple, or a list of years; None = all.
    countries : ISO3 codes or names (English or Chinese); None = all economies.
    sources : which dataset provides each indicator: None = the codebook default; a mapping
        ``{indicator: dataset}`` to override some; ``"all"`` to return every dataset (for checks).
    wide : if True, return one row per (iso3, year) and one column per indicator.

    Returns
    -------
    pandas.DataFrame
        Tidy: ``iso3, year, indicator, value, source``; or wide as described above.

    Raises
    ------
    UnknownKeyError
        Unknown indicator, country or dataset, with close matches.
    DataError
        The panel is not built, or nothing falls inside the requested years.
    """
    panel = _panel(paths)  # only the rows returned count as read (_record_read)
    codebook = load_codebook()
    wanted = [get_indicator(i).id for i in _as_list(indicators)] or list(codebook)
    if sources == "all":
        chosen = {i: set(codebook[i].datasets) for i in wanted}
    else:
        overrides = dict(sources or {})
        for ind, dataset in overrides.items():
            if get_indicator(ind).id not in wanted:
                raise UnknownKeyError(f"sources names {ind!r}, which is not among the requested indicators {wanted}")
            if dataset not in codebook[get_indicator(ind).id].datasets:
                raise unknown_key(f"dataset for {ind}", dataset, codebook[get_indicator(ind).id].datasets)
        chosen = {i: {overrides.get(i, codebook[i].default_dataset)} for i in wanted}
    # Categorical equality is cheap, so one mask per (indicator, dataset) pair keeps this fast.
    mask = pd.Series(False, index=panel.index)
    for indicator, datasets in chosen.items():
        mask |= (panel["indicator"] == indicator) & panel["source"].isin(datasets)
    out = panel.loc[mask]
    year_rule = _year_filter(years)
    if year_rule is not None:
        available = out["year"]
        if isinstance(year_rule, tuple):
            out = out[(out["year"] >= year_rule[0]) & (out["year"] <= year_rule[1])]
        else:
            out = out[out["year"].isin(year_rule)]
        if out.empty and not available.empty:
            raise DataError(
                f"no data for {wanted} in years {years}; these indicators cover "
                f"{int(available.min())}–{int(available.max())}"
            )
    if countries is not None:
        table = country_table(paths)
        codes = [resolve_country(c, table) for c in _as_list(countries)]
        out = out[out["iso3"].isin(codes)]
    _record_read(out)
    out = out.copy()
    for column in ("iso3", "indicator", "source"):
        out[column] = out[column].astype(str)
    out["year"] = out["year"].astype("int64")
    out = out.reset_index(drop=True)
    if not wide:
        return out
    if sources == "all":
        raise ValueError("wide=True needs one dataset per indicator; use the tidy form with sources='all'")
    table = out.pivot(index=["iso3", "year"], columns="indicator", values="value")
    table.columns.name = None
    return table.reset_index()


def _record_read(rows: pd.DataFrame) -> None:
    pairs = rows.groupby(["indicator", "source"], observed=True).size()
    for indicator, dataset in pairs.index:
        _READ.setdefault(str(indicator), set()).add(str(dataset))


def datasets_read(indicators: str | Iterable[str] | None = None) -> list[str]:
    """The datasets :func:`load_panel` returned rows from in this process, sorted.

    Parameters
    ----------
    indicators : only the datasets that provided these indicators (codebook ids); None = all read.

    Raises
    ------
    DataError
        Nothing was read for the given indicators (a figure cannot cite data it did not load).
    """
    wanted = [get_indicator(i).id for i in _as_list(indicators)] or list(_READ)
    found = sorted(set().union(*(_READ.get(i, set()) for i in wanted)))
    if not found:
        raise DataError(f"no data were loaded for {wanted}; load them with load_panel() before citing them")
    return found


def inputs_read() -> dict:
    """Everything this process read from the built data, for a report's reuse key (the runner asks a
    report's kernel for it when the report has finished).

    Returns
    -------
    dict
        ``datasets``: those :func:`load_panel` returned rows from (sorted); ``panel``: whether the whole
        panel was read (:func:`panel_frame`: every dataset); ``countries``: whether the country table was.
    """
    return {"datasets": sorted(set().union(*_READ.values())), "panel": "panel" in _TABLES_READ,
            "countries": "countries" in _TABLES_READ}


def forget_inputs_read() -> None:
    """Start :func:`inputs_read` (and the citations of :func:`datasets_read`) afresh: for a process that runs
    several notebooks in turn (the plain-Python benchmark), so each cites only what it read itself."""
    _READ.clear()
    _TABLES_READ.clear()


def codebook_ids() -> list[str]:
    """All indicator ids the codebook declares."""
    return list(load_codebook())
