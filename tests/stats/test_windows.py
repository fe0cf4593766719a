"""Tests for helpers.stats.windows: process windows, overlaps, spans and their bounds under censoring."""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers import stats


def interpolated(year: float) -> stats.Crossing:
    return stats.Crossing(year, "interpolated", interval=(year - 1, year + 1), threshold=10.0)


def located(year):
    return stats.Crossing(float(year), "observed", interval=(year - 1.0, float(year)))


def before(bound):
    return stats.Crossing(None, "before_coverage", bound=float(bound))


def after(bound):
    return stats.Crossing(None, "not_reached", bound=float(bound))


# --------------------------------------------------------------------------------------------------
# Windows and overlaps
# --------------------------------------------------------------------------------------------------


def test_process_window_duration_and_censoring():
    window = stats.process_window(interpolated(1950.0), interpolated(1975.5))
    assert (window.start, window.end, window.duration, window.censored) == (1950.0, 1975.5, 25.5, False)

    open_ended = stats.process_window(interpolated(1990.0), stats.Crossing(None, "not_reached", bound=2022.0))
    assert (open_ended.duration, open_ended.censored, open_ended.end_range) == (
        None,
        True,
        (2022.0, math.inf),
    )
    left = stats.process_window(stats.Crossing(None, "before_coverage", bound=1960.0), interpolated(1980.0))
    assert left.censored and left.start_range == (-math.inf, 1960.0)
    with pytest.raises(ValueError, match="before the start"):
        stats.process_window(interpolated(2000.0), interpolated(1990.0))


def test_overlap_cases():
    def window(start, end):
        return stats.process_window(
            start if isinstance(start, stats.Crossing) else interpolated(start),
            end if isinstance(end, stats.Crossing) else interpolated(end),
        )

    assert stats.overlap(window(1950, 1980), window(1970, 2000)) == 10.0
    assert stats.overlap(window(1950, 2000), window(1960, 1970)) == 10.0  # nested
    assert stats.overlap(window(1950, 1960), window(1970, 1980)) == 0.0  # disjoint
    assert stats.overlap(window(1950, 1960), window(1960, 1980)) == 0.0  # touching

    still_running = stats.Crossing(None, "not_reached", bound=2022.0)
    # The other window ends before the censoring year: the overlap is known despite censoring.
    assert stats.overlap(window(1990, still_running), window(2000, 2010)) == 10.0
    # It runs past the censoring year: how long both ran is unknown.
    assert stats.overlap(window(1990, still_running), window(2000, 2030)) is None
    # Disjoint for sure although one start is left-censored.
    early = stats.Crossing(None, "before_coverage", bound=1950.0)
    assert stats.overlap(window(early, 1960), window(1970, 1980)) == 0.0
    assert stats.overlap(window(early, 1960), window(1940, 1980)) is None
    interval = stats.Crossing(None, "interval", interval=(1962.0, 1966.0))
    assert stats.overlap(window(1950, interval), window(1970, 1980)) == 0.0
    no_data = stats.Crossing(None, "no_data")
    assert stats.overlap(window(no_data, no_data), window(1970, 1980)) is None


# --------------------------------------------------------------------------------------------------
# Bounds for censored windows
# --------------------------------------------------------------------------------------------------


def test_duration_bounds():
    assert stats.duration_bounds(stats.process_window(located(1950), located(1980))) == (30.0, 30.0)
    # Started on or before 1991, not ended by 2023: at least 32 years, open above.
    assert stats.duration_bounds(stats.process_window(before(1991), after(2023))) == (32.0, math.inf)
    # Both ends before the data: anything from 0 years up.
    assert stats.duration_bounds(stats.process_window(before(1950), before(1950))) == (0.0, math.inf)
    interval_end = stats.Crossing(None, "interval", interval=(1960.0, 1970.0))
    assert stats.duration_bounds(stats.process_window(located(1950), interval_end)) == (10.0, 20.0)
    nothing = stats.Crossing(None, "no_data")
    assert stats.duration_bounds(stats.process_window(nothing, nothing)) == (0.0, math.inf)


def test_overlap_bounds_settle_censored_cases():
    a = stats.process_window(before(1991), after(2023))  # China's industrialization, say
    b = stats.process_window(located(1981), located(2011))
    # Smallest: a from 1991 to 2023 against 1981–2011 → 20; largest: a from −inf → 30 (all of b).
    assert stats.overlap_bounds(a, b) == (20.0, 30.0)
    assert stats.overlap(a, b) is None
    c = stats.process_window(located(1996), located(2002))
    d = stats.process_window(located(1850), located(1948))
    assert stats.overlap_bounds(c, d) == (0.0, 0.0)
    e = stats.process_window(before(1801), located(1920))
    f = stats.process_window(before(1950), before(1950))
    # e ends 1920; f may lie anywhere before 1950: from no overlap up to all of e's open start.
    assert stats.overlap_bounds(e, f) == (0.0, math.inf)


def test_overlap_pairs_relations_and_order():
    windows = {
        "a": stats.process_window(located(1900), located(1950)),
        "b": stats.process_window(located(1940), located(1960)),
        "c": stats.process_window(located(1990), located(2000)),
        "d": stats.process_window(before(1930), before(1930)),
    }
    pairs = stats.overlap_pairs(windows)
    assert list(pairs.columns) == stats.OVERLAP_COLUMNS
    assert list(zip(pairs["process_a"], pairs["process_b"], strict=True)) == [
        ("a", "b"), ("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"), ("c", "d")
    ]
    by_pair = pairs.set_index(["process_a", "process_b"])
    assert by_pair.loc[("a", "b"), "overlap"] == 10.0 and by_pair.loc[("a", "b"), "relation"] == "overlap"
    assert by_pair.loc[("a", "c"), "relation"] == "disjoint"
    # d ended by 1930: it may overlap a (which started 1900) or not.
    assert by_pair.loc[("a", "d"), "relation"] == "undetermined" and np.isnan(by_pair.loc[("a", "d"), "overlap"])
    # d ended by 1930, b starts 1940: certainly disjoint.
    assert by_pair.loc[("b", "d"), "relation"] == "disjoint" and by_pair.loc[("b", "d"), "overlap"] == 0.0
    # Touching windows (end = start) are disjoint.
    touching = stats.overlap_pairs({"x": stats.process_window(located(1900), located(1950)),
                                    "y": stats.process_window(located(1950), located(1960))})
    assert touching["relation"].tolist() == ["disjoint"]


def test_process_span_located_and_censored():
    usa = [stats.process_window(located(1849), located(1948)), stats.process_window(located(1996), located(2002))]
    span = stats.process_span(usa)
    assert span.span == 153.0 and span.low == span.high == 153.0
    assert span.first_start == (1849.0, 1849.0) and span.last_end == (2002.0, 2002.0)
    china = [stats.process_window(before(1991), after(2023)), stats.process_window(located(1981), located(2011)),
             stats.process_window(located(2006), located(2015))]
    open_span = stats.process_span(china)
    # First start in (−inf, 1981], last end in [2023, inf): at least 42 years, open above.
    assert open_span.span is None and open_span.low == 42.0 and open_span.high == math.inf
    assert open_span.first_start == (-math.inf, 1981.0) and open_span.last_end == (2023.0, math.inf)
    with pytest.raises(ValueError, match="at least one window"):
        stats.process_span([])


def test_process_span_matches_brute_force_over_possible_years():
    # Independent check: enumerate every combination of possible end years on a grid and take min/max.
    windows = [
        stats.process_window(stats.Crossing(None, "interval", interval=(1900.0, 1910.0)), located(1950)),
        stats.process_window(located(1920), stats.Crossing(None, "interval", interval=(1960.0, 1975.0))),
    ]
    grid_a = np.arange(1900, 1911)
    grid_b = np.arange(1960, 1976)
    spans = [max(1950, end_b) - min(start_a, 1920) for start_a in grid_a for end_b in grid_b]
    span = stats.process_span(windows)
    assert (span.low, span.high) == (min(spans), max(spans)) == (50.0, 75.0)
    assert span.span is None
