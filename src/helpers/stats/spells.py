"""Adoption spells across a panel: how long each entity took from one threshold to the next.

:func:`adoption_spells` dates each entity's crossings of a low and a high threshold;
:func:`reached_within` and :func:`spell_cohorts` compare them by start cohort without the bias of
censored (unfinished) spells. :func:`adoption_milestones` dates mobile and fixed telephony milestones
and the income at each.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

import pandas as pd

from ._design import _YEAR_TOLERANCE, _complete_rows, _long_panel, _require_columns
from .thresholds import peak, threshold_crossing
from .transforms import interpolate_at
from .windows import process_window

SPELL_COLUMNS = [
    "start", "start_status", "end", "end_status", "duration", "censored", "last_year", "follow_up",
]


def adoption_spells(
    frame: pd.DataFrame, value: str, low: float, high: float, entity: str = "iso3", time: str = "year"
) -> pd.DataFrame:
    """How long each entity took to go from ``low`` to ``high`` (first upward crossings, with censoring).

    Parameters
    ----------
    frame : long panel with ``entity``, ``time`` (numeric years) and ``value``; one row per entity-year.
    low, high : thresholds, ``low < high`` (e.g. 10 and 50 percent of people online).

    Returns
    -------
    pandas.DataFrame
        One row per entity with a value: ``entity``; ``start`` and ``end`` (crossing years of ``low`` and
        ``high`` from :func:`threshold_crossing`, NaN when not located) with ``start_status`` and
        ``end_status``; ``duration`` (end − start when both are located, else NaN); ``censored`` (either end
        not located); ``last_year`` (last observed year); ``follow_up`` (last_year − start: how long the
        entity could be watched after starting; NaN when the start is not located). Sorted by entity.
    """
    if not low < high:
        raise ValueError(f"low ({low}) must be below high ({high})")
    long = _long_panel(frame, entity, time)
    data = _complete_rows(long, [entity, time, value])
    rows = []
    for key, part in data.groupby(entity, sort=True):
        series = part.set_index(time)[value]
        start = threshold_crossing(series, low)
        end = threshold_crossing(series, high)
        window = process_window(start, end)
        last_year = float(series.index.max())
        rows.append(
            {
                entity: key,
                "start": start.year if start.located else math.nan,
                "start_status": start.status,
                "end": end.year if end.located else math.nan,
                "end_status": end.status,
                "duration": math.nan if window.duration is None else window.duration,
                "censored": window.censored,
                "last_year": last_year,
                "follow_up": last_year - start.year if start.located else math.nan,
            }
        )
    return pd.DataFrame(rows, columns=[entity, *SPELL_COLUMNS])


def reached_within(spells: pd.DataFrame, horizon: float) -> pd.DataFrame:
    """Flag, censoring-safely, which entities reached the end threshold within ``horizon`` years of starting.

    An entity is ``eligible`` when its start is located and it was observed for at least ``horizon``
    years afterwards (``follow_up >= horizon``): only then could a slow adopter have been seen to be
    slow. Among eligible entities ``reached`` is True when the end is located and ``duration <= horizon``.
    Comparing the share reached across start cohorts is free of the bias that drops late, slow starters
    from an average of completed durations.

    Returns
    -------
    pandas.DataFrame
        A copy of ``spells`` (from :func:`adoption_spells`) with boolean ``eligible`` and ``reached``
        (False for entities that are not eligible).
    """
    if horizon <= 0:
        raise ValueError(f"horizon must be positive, got {horizon}")
    _require_columns(spells, ["start", "duration", "follow_up"])
    result = spells.copy()
    eligible = result["start"].notna() & (result["follow_up"] >= horizon - _YEAR_TOLERANCE)
    reached = eligible & result["duration"].notna() & (result["duration"] <= horizon + _YEAR_TOLERANCE)
    result["eligible"] = eligible.astype(bool)
    result["reached"] = reached.astype(bool)
    return result


def spell_cohorts(spells: pd.DataFrame, edges: Sequence[float], horizon: float) -> pd.DataFrame:
    """Summarize :func:`adoption_spells` by start cohort.

    Parameters
    ----------
    edges : increasing cohort boundaries; cohort i holds starts in ``[edges[i], edges[i+1])``. Starts
        outside ``[edges[0], edges[-1])`` are left out.
    horizon : years for :func:`reached_within`.

    Returns
    -------
    pandas.DataFrame
        One row per cohort: ``cohort_start``, ``cohort_end`` (exclusive), ``median_start`` (median start
        year of its members, a better plotting position than the bounds), ``n_started`` (located starts),
        ``n_completed`` (end located), ``median_duration`` (of completed spells; biased towards fast
        adopters in recent cohorts, read with ``share_within``), ``n_eligible`` and ``share_within``
        (share of eligible entities that reached the end within ``horizon`` years; NaN without eligible
        entities).
    """
    edges = list(edges)
    if len(edges) < 2 or any(b <= a for a, b in pairwise(edges)):
        raise ValueError(f"edges must be at least two increasing numbers, got {edges}")
    flagged = reached_within(spells, horizon)
    rows = []
    for first, last in pairwise(edges):
        part = flagged[(flagged["start"] >= first) & (flagged["start"] < last)]
        completed = part["duration"].dropna()
        eligible = part[part["eligible"]]
        rows.append(
            {
                "cohort_start": first,
                "cohort_end": last,
                "median_start": float(part["start"].median()) if len(part) else math.nan,
                "n_started": len(part),
                "n_completed": len(completed),
                "median_duration": float(completed.median()) if len(completed) else math.nan,
                "n_eligible": len(eligible),
                "share_within": float(eligible["reached"].mean()) if len(eligible) else math.nan,
            }
        )
    return pd.DataFrame(rows)


MILESTONE_COLUMNS = [
    "mobile_takeoff", "mobile_takeoff_status", "mobile_mass", "mobile_mass_status",
    "fixed_takeoff", "fixed_takeoff_status", "fixed_peak", "fixed_peak_value", "fixed_peak_status",
    "fixed_at_mobile_takeoff", "leapfrog",
    "income_at_mobile_takeoff", "income_at_mobile_mass", "income_at_fixed_takeoff", "income_at_fixed_peak",
]


def adoption_milestones(
    frame: pd.DataFrame,
    mobile: str,
    fixed: str,
    income: str,
    take_off: float = 10.0,
    mass: float = 50.0,
    entity: str = "iso3",
    time: str = "year",
) -> pd.DataFrame:
    """Per entity: when mobile and fixed telephony took off, when fixed lines peaked, and at what income.

    Parameters
    ----------
    frame : long panel with ``mobile`` and ``fixed`` (subscriptions per 100 people) and ``income``
        (positive, e.g. GDP per person), one row per entity-year.
    take_off, mass : thresholds per 100 people for "take-off" and "mass adoption".

    Returns
    -------
    pandas.DataFrame
        One row per entity with any mobile or fixed value, sorted by entity:

        * ``mobile_takeoff``, ``mobile_mass``, ``fixed_takeoff``: first upward crossing years of
          ``take_off`` / ``mass`` (:func:`threshold_crossing`; NaN when not located) and their
          ``*_status``;
        * ``fixed_peak``, ``fixed_peak_value``, ``fixed_peak_status``: :func:`peak` of fixed lines (the
          year is kept whatever the status; only ``"interior"`` is an observed peak);
        * ``fixed_at_mobile_takeoff``: fixed lines per 100 in the mobile take-off year (linear
          interpolation);
        * ``leapfrog`` (nullable boolean): fixed lines were still below ``take_off`` when mobile passed it;
          missing when either is unknown;
        * ``income_at_*``: ``income`` in the year of each milestone, log-linearly interpolated
          (:func:`interpolate_at`); NaN when the milestone is not located (or, for the peak, not
          interior) or falls outside the income data.
    """
    long = _long_panel(frame, entity, time)
    _require_columns(long, [mobile, fixed, income])
    rows = []
    for key, part in long.sort_values(time).groupby(entity, sort=True):
        series = part.set_index(time)
        if series[[mobile, fixed]].isna().all().all():
            continue
        mob, fix, inc = series[mobile], series[fixed], series[income]
        crossings = {
            "mobile_takeoff": threshold_crossing(mob, take_off),
            "mobile_mass": threshold_crossing(mob, mass),
            "fixed_takeoff": threshold_crossing(fix, take_off),
        }
        row: dict[str, Any] = {entity: key}
        for name, crossing in crossings.items():
            row[name] = crossing.year if crossing.located else math.nan
            row[f"{name}_status"] = crossing.status
        top = peak(fix)
        row["fixed_peak"] = math.nan if top.year is None else top.year
        row["fixed_peak_value"] = math.nan if top.value is None else top.value
        row["fixed_peak_status"] = top.status
        row["fixed_at_mobile_takeoff"] = interpolate_at(fix, row["mobile_takeoff"])
        fixed_then = row["fixed_at_mobile_takeoff"]
        row["leapfrog"] = pd.NA if math.isnan(fixed_then) else bool(fixed_then < take_off)
        for name in crossings:
            row[f"income_at_{name}"] = interpolate_at(inc, row[name], log=True)
        interior = top.status == "interior"
        row["income_at_fixed_peak"] = interpolate_at(inc, top.year, log=True) if interior else math.nan
        rows.append(row)
    table = pd.DataFrame(rows, columns=[entity, *MILESTONE_COLUMNS])
    table["leapfrog"] = table["leapfrog"].astype("boolean")
    return table
