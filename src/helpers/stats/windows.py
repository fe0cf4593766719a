"""Processes between two crossings: :class:`Window`, their overlaps and spans, with censoring bounds.

A window runs from a start :class:`~helpers.stats.thresholds.Crossing` to an end one (e.g. urban share
from 20 % to 50 %, or a threshold crossing to a peak). Censored ends leave a range of possible years;
the bounds below say what the data still settle (a certain overlap, a minimum duration).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ._design import _YEAR_TOLERANCE
from .thresholds import Crossing, crossing_bounds


@dataclass(frozen=True)
class Window:
    """A process between two crossings (e.g. urban share from 20 % to 50 %). Built by :func:`process_window`.

    Attributes
    ----------
    start, end : float or None
        Crossing years when located, else None.
    duration : float or None
        end − start when both are located, else None.
    censored : bool
        True when either end is not located (before coverage, not reached, interval or no data).
    start_range, end_range : (float, float)
        The years each end can lie in given the data: a point for located crossings, the interval for
        "interval", (−inf, first year] for "before_coverage", [last year, inf) for "not_reached",
        (−inf, inf) for "no_data". Used by :func:`overlap` to settle censored cases when possible.
    """

    start: float | None
    end: float | None
    duration: float | None
    censored: bool
    start_range: tuple[float, float]
    end_range: tuple[float, float]


def process_window(start: Crossing, end: Crossing) -> Window:
    """The window from ``start`` to ``end`` crossing, with its duration when both are located.

    Raises
    ------
    ValueError
        If both are located and ``end`` is before ``start`` (the window is mis-specified).
    """
    if start.located and end.located and end.year < start.year:
        raise ValueError(f"the end crossing ({end.year}) is before the start crossing ({start.year})")
    both_located = start.located and end.located
    return Window(
        start=start.year,
        end=end.year,
        duration=end.year - start.year if both_located else None,
        censored=not both_located,
        start_range=crossing_bounds(start),
        end_range=crossing_bounds(end),
    )


def _overlap_length(start_a: float, end_a: float, start_b: float, end_b: float) -> float:
    length = min(end_a, end_b) - max(start_a, start_b)
    # inf − inf (both windows unbounded on the same side) is NaN: the overlap cannot be bounded.
    return math.nan if math.isnan(length) else max(0.0, length)


def overlap(window_a: Window, window_b: Window) -> float | None:
    """Years during which both processes were under way; 0.0 if disjoint; None when undetermined.

    With censored ends the overlap is computed for the earliest and latest possible years of each end
    (:attr:`Window.start_range`, :attr:`Window.end_range`): when the smallest and largest possible
    overlaps agree (e.g. certainly disjoint, or one window lies inside the known part of the other) that
    value is returned, otherwise None.
    """
    # Overlap grows with later ends and earlier starts, so these two combinations bound it.
    smallest = _overlap_length(
        window_a.start_range[1], window_a.end_range[0], window_b.start_range[1], window_b.end_range[0]
    )
    largest = _overlap_length(
        window_a.start_range[0], window_a.end_range[1], window_b.start_range[0], window_b.end_range[1]
    )
    if math.isnan(smallest) or math.isnan(largest):
        return None
    if not math.isclose(smallest, largest, abs_tol=_YEAR_TOLERANCE):
        return None
    return smallest


def duration_bounds(window: Window) -> tuple[float, float]:
    """Shortest and longest duration a window can have given its censored ends.

    ``(duration, duration)`` when both ends are located; the longest may be ``inf`` (an end not reached
    or a start before coverage). The shortest is never below 0.
    """
    low = window.end_range[0] - window.start_range[1]
    high = window.end_range[1] - window.start_range[0]
    low = 0.0 if math.isnan(low) else max(0.0, low)
    return low, (math.inf if math.isnan(high) else max(low, high))


def overlap_bounds(window_a: Window, window_b: Window) -> tuple[float, float]:
    """Smallest and largest possible overlap (years) of two windows given their censored ends.

    :func:`overlap` returns the overlap only when these agree; the bounds still settle whether two
    processes *certainly* ran at the same time (smallest > 0) or certainly did not (largest = 0). The
    largest may be ``inf``.
    """
    smallest = _overlap_length(
        window_a.start_range[1], window_a.end_range[0], window_b.start_range[1], window_b.end_range[0]
    )
    largest = _overlap_length(
        window_a.start_range[0], window_a.end_range[1], window_b.start_range[0], window_b.end_range[1]
    )
    smallest = 0.0 if math.isnan(smallest) else smallest
    return smallest, (math.inf if math.isnan(largest) else max(smallest, largest))


OVERLAP_COLUMNS = ["process_a", "process_b", "overlap", "overlap_low", "overlap_high", "relation"]


def overlap_pairs(windows: dict[str, Window]) -> pd.DataFrame:
    """Every pair of windows with its overlap and whether the processes certainly ran at the same time.

    Returns
    -------
    pandas.DataFrame
        One row per pair (in the order of ``windows``): ``process_a``, ``process_b``, ``overlap``
        (:func:`overlap`, NaN when undetermined), ``overlap_low``/``overlap_high``
        (:func:`overlap_bounds`) and ``relation``: ``"overlap"`` (smallest possible overlap > 0),
        ``"disjoint"`` (largest possible overlap 0) or ``"undetermined"``.
    """
    names = list(windows)
    rows = []
    for position, name_a in enumerate(names):
        for name_b in names[position + 1:]:
            low, high = overlap_bounds(windows[name_a], windows[name_b])
            length = overlap(windows[name_a], windows[name_b])
            if low > _YEAR_TOLERANCE:
                relation = "overlap"
            elif high <= _YEAR_TOLERANCE:
                relation = "disjoint"
            else:
                relation = "undetermined"
            rows.append((name_a, name_b, math.nan if length is None else length, low, high, relation))
    return pd.DataFrame(rows, columns=OVERLAP_COLUMNS).astype(
        {"overlap": "float64", "overlap_low": "float64", "overlap_high": "float64"}
    )


@dataclass(frozen=True)
class Span:
    """From the first process start to the last process end, over several windows. See :func:`process_span`.

    Attributes
    ----------
    first_start : (float, float)
        Earliest and latest possible year of the first start among the windows.
    last_end : (float, float)
        Earliest and latest possible year of the last end.
    low, high : float
        Shortest and longest possible span (``high`` may be ``inf``; ``low`` ≥ 0).
    span : float or None
        The span when the bounds agree (every relevant end is located), else None.
    """

    first_start: tuple[float, float]
    last_end: tuple[float, float]
    low: float
    high: float
    span: float | None


def process_span(windows: Sequence[Window]) -> Span:
    """Years from the first start to the last end of a set of process windows, with censoring bounds.

    The first start lies between the smallest earliest-possible start and the smallest latest-possible
    start; the last end likewise with the largest ends. A start before coverage leaves the span open
    upwards ("at least"), a process not finished leaves the last end open. Windows whose process has not
    started (start not reached) still count with their possible years.

    Raises
    ------
    ValueError
        With no windows.
    """
    if not windows:
        raise ValueError("process_span needs at least one window")
    first_start = (min(w.start_range[0] for w in windows), min(w.start_range[1] for w in windows))
    last_end = (max(w.end_range[0] for w in windows), max(w.end_range[1] for w in windows))
    low = last_end[0] - first_start[1]
    high = last_end[1] - first_start[0]
    low = 0.0 if math.isnan(low) else max(0.0, low)
    high = math.inf if math.isnan(high) else max(low, high)
    determined = math.isfinite(high) and math.isclose(low, high, abs_tol=_YEAR_TOLERANCE)
    return Span(first_start=first_start, last_end=last_end, low=low, high=high, span=low if determined else None)
