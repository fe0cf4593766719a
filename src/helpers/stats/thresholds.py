"""When a series first reached a threshold, and where it peaked: :class:`Crossing` and :class:`Peak`.

A :class:`Crossing` is located (observed or interpolated) or censored (before coverage, not reached,
an interval, no data); :mod:`.windows` builds process windows from two of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd

from ._design import _YEAR_TOLERANCE, _clean_series

# Observations closer than this (in years) count as consecutive annual data in threshold_crossing.
_ANNUAL_STEP = 1.0

Direction = Literal["up", "down"]
CrossingStatus = Literal["observed", "interpolated", "interval", "before_coverage", "not_reached", "no_data"]
LOCATED = ("observed", "interpolated")


@dataclass(frozen=True)
class Crossing:
    """When a series first reached a threshold.

    Attributes
    ----------
    year : float or None
        The crossing year when it is located: the first observed year at/past the threshold
        (``"observed"``) or the linearly interpolated, possibly fractional year (``"interpolated"``).
    status : str
        * ``"observed"``: the year before the first year at/past the threshold is observed and on the
          other side (consecutive annual data); ``year`` is that first year.
        * ``"interpolated"``: the two observations around the crossing are more than one year apart;
          ``year`` is where the straight line between them meets the threshold.
        * ``"interval"``: as "interpolated" but with ``interpolate=False``: ``year`` is None and
          ``interval`` says where the crossing lies.
        * ``"before_coverage"``: already at/past the threshold at the first observation
          (left-censored); ``year`` is None and ``bound`` is the first observed year ("on or before").
        * ``"not_reached"``: never at/past the threshold up to the last observation (right-censored);
          ``bound`` is the last observed year ("after").
        * ``"no_data"``: the series is empty or all NaN.
    bound : float or None
        The censoring year for "before_coverage" and "not_reached", else None.
    interval : (float, float) or None
        (last observed year before, first observed year at/past) for located crossings and "interval".
    threshold : float
    direction : str
        ``"up"``: at/past means value ≥ threshold; ``"down"``: value ≤ threshold.
    """

    year: float | None
    status: CrossingStatus
    bound: float | None = None
    interval: tuple[float, float] | None = None
    threshold: float = math.nan
    direction: Direction = "up"

    @property
    def located(self) -> bool:
        """True when ``year`` is known (observed or interpolated)."""
        return self.status in LOCATED


def _past(values: np.ndarray, threshold: float, direction: str) -> np.ndarray:
    if direction == "up":
        return values >= threshold
    if direction == "down":
        return values <= threshold
    raise ValueError(f"direction must be 'up' or 'down', got {direction!r}")


def crossings_all(
    series: pd.Series, threshold: float, direction: Direction = "up", interpolate: bool = True
) -> list[Crossing]:
    """Every crossing of ``threshold`` in ``direction``, in time order (re-crossings after dips too).

    The first element is a "before_coverage" crossing if the series starts at/past the threshold. An
    empty list means no crossing (see :func:`threshold_crossing` for the censoring status).
    """
    years, values = _clean_series(series)
    past = _past(values, threshold, direction)
    found: list[Crossing] = []
    if len(values) and past[0]:
        found.append(
            Crossing(None, "before_coverage", bound=float(years[0]), threshold=threshold, direction=direction)
        )
    for after in np.flatnonzero(past[1:] & ~past[:-1]) + 1:
        found.append(
            _located_crossing(
                years[after - 1],
                values[after - 1],
                years[after],
                values[after],
                threshold,
                direction,
                interpolate,
            )
        )
    return found


def _located_crossing(
    year_before: float,
    value_before: float,
    year_after: float,
    value_after: float,
    threshold: float,
    direction: Direction,
    interpolate: bool,
) -> Crossing:
    interval = (float(year_before), float(year_after))
    if year_after - year_before <= _ANNUAL_STEP + _YEAR_TOLERANCE:
        # Annual data date an event to a year; we do not pretend to know the month.
        return Crossing(
            float(year_after), "observed", interval=interval, threshold=threshold, direction=direction
        )
    if not interpolate:
        return Crossing(None, "interval", interval=interval, threshold=threshold, direction=direction)
    # value_after != value_before because one is past the threshold and the other is not.
    fraction = (threshold - value_before) / (value_after - value_before)
    year = float(year_before + fraction * (year_after - year_before))
    return Crossing(year, "interpolated", interval=interval, threshold=threshold, direction=direction)


def threshold_crossing(
    series: pd.Series, threshold: float, direction: Direction = "up", interpolate: bool = True
) -> Crossing:
    """The first time ``series`` reaches ``threshold`` (value ≥ threshold for "up", ≤ for "down").

    NaNs are dropped first and the index must be numeric years. Only the *first* crossing counts: a
    later dip back and re-crossing is ignored (use :func:`crossings_all` to see them). A crossing
    between observations more than one year apart is interpolated linearly in time (status
    "interpolated"), or reported as an interval with ``interpolate=False``; between consecutive years
    it is the first year at/past the threshold (status "observed"). A series that starts at/past the
    threshold is "before_coverage", one that never gets there "not_reached" (a single observation is
    one or the other), an empty one "no_data". See :class:`Crossing` for the fields.

    Examples
    --------
    8 % in 2000 and 12 % in 2002 cross 10 % upwards at 2001.0 ("interpolated").
    """
    years, values = _clean_series(series)
    if len(values) == 0:
        return Crossing(None, "no_data", threshold=threshold, direction=direction)
    found = crossings_all(series, threshold, direction, interpolate)
    if found:
        return found[0]
    return Crossing(None, "not_reached", bound=float(years[-1]), threshold=threshold, direction=direction)


class Peak(NamedTuple):
    """Result of :func:`peak`; unpacks as ``year, value, status``."""

    year: float | None
    value: float | None
    status: Literal["interior", "at_end", "at_start", "no_data"]


def peak(series: pd.Series) -> Peak:
    """Year and value of the maximum of ``series`` (NaNs dropped) and whether it is a real peak.

    ``year`` is the first year the maximum is attained. ``status``:

    * ``"at_end"``: the maximum is attained at the last observation (the series may still rise: right-
      censored, not evidence of a peak). A single observation is reported this way.
    * ``"at_start"``: attained at the first observation but not at the last (the peak may lie before
      coverage: left-censored).
    * ``"interior"``: attained only strictly inside the coverage: an observed peak.
    * ``"no_data"``: empty or all NaN (year and value None).
    """
    years, values = _clean_series(series)
    if len(values) == 0:
        return Peak(None, None, "no_data")
    top = values.max()
    first = int(np.argmax(values == top))
    if values[-1] == top:
        status = "at_end"
    elif first == 0:
        status = "at_start"
    else:
        status = "interior"
    return Peak(float(years[first]), float(top), status)


def peak_crossing(series: pd.Series, interpolate: bool = True) -> Crossing:
    """The peak of ``series`` as the end of a rise-and-peak process, in :class:`Crossing` form.

    Lets :func:`process_window` use a peak as a window end with the usual censoring rules (see
    :func:`peak` for the statuses):

    * ``"interior"`` → ``"observed"`` at the peak year (the highest observation; with sparse data the true
      peak may lie between observations).
    * ``"at_end"`` → ``"not_reached"`` with ``bound`` = last year: still at its maximum, no peak yet.
    * ``"at_start"`` → ``"before_coverage"`` with ``bound`` = first year: the peak may predate the data.
    * ``"no_data"`` → ``"no_data"``.

    With ``interpolate=False`` (as in :func:`threshold_crossing`: date only what consecutive annual
    observations date), an interior peak whose neighbouring observations lie more than a year away is
    an ``"interval"`` between those neighbours: the highest observation is only the best guess of a
    peak that lies somewhere between them.
    """
    top = peak(series)
    if top.status == "no_data":
        return Crossing(None, "no_data")
    years, _ = _clean_series(series)
    if top.status == "interior":
        at = int(np.flatnonzero(years == top.year)[0])
        neighbours = (float(years[at - 1]), float(years[at + 1]))
        sparse = max(top.year - neighbours[0], neighbours[1] - top.year) > _ANNUAL_STEP + _YEAR_TOLERANCE
        if sparse and not interpolate:
            return Crossing(None, "interval", interval=neighbours)
        return Crossing(top.year, "observed", interval=(top.year, top.year))
    if top.status == "at_end":
        return Crossing(None, "not_reached", bound=float(years[-1]))
    return Crossing(None, "before_coverage", bound=float(years[0]))


def crossing_bounds(crossing: Crossing) -> tuple[float, float]:
    """The years a crossing can lie in given what it records: its possible years as ``(low, high)``.

    * located (``"observed"``, ``"interpolated"``): the crossing year, twice (a point);
    * ``"interval"``: the observations around it (computed with ``interpolate=False``);
    * ``"before_coverage"``: ``(-inf, bound]`` (on or before the first observation);
    * ``"not_reached"``: ``[bound, inf)`` (after the last observation);
    * ``"no_data"``: ``(-inf, inf)``.

    The bounds an interpolated year rests on are those of the same crossing computed with
    ``interpolate=False`` (:func:`threshold_crossing`, :func:`peak_crossing`): pass that one to get
    bounds that carry the interpolation uncertainty as well as the censoring.

    Examples
    --------
    8 % in 1850 and 30 % in 1890 cross 20 % at 1871.8 when interpolated (bounds ``(1871.8, 1871.8)``)
    and somewhere in ``(1850.0, 1890.0)`` without interpolation.
    """
    if crossing.located:
        return (crossing.year, crossing.year)
    if crossing.status == "interval":
        return crossing.interval
    if crossing.status == "before_coverage":
        return (-math.inf, crossing.bound)
    if crossing.status == "not_reached":
        return (crossing.bound, math.inf)
    return (-math.inf, math.inf)


def crossing_record(crossing: Crossing) -> dict[str, Any]:
    """A :class:`Crossing` as a flat dict for tables and results.json.

    Keys: ``year`` (None unless located), ``status``, ``bound`` (censoring year or None),
    ``interval_low``/``interval_high`` (the observations around the crossing, or None) and ``gap_years``
    (their distance: how far an interpolated year rests on a straight line; None without an interval).
    """
    low, high = crossing.interval if crossing.interval is not None else (None, None)
    return {
        "year": crossing.year,
        "status": crossing.status,
        "bound": crossing.bound,
        "interval_low": low,
        "interval_high": high,
        "gap_years": None if low is None else high - low,
    }
