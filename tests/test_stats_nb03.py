"""Tests for the notebook 03 additions to helpers.stats: splices, peaks as window ends, censoring bounds."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import stats


def series(values: dict) -> pd.Series:
    return pd.Series(values, dtype=float)


# --------------------------------------------------------------------------------------------------
# splice_series
# --------------------------------------------------------------------------------------------------


def test_splice_prefers_long_run_and_appends_modern_after_its_last_year():
    long_run = series({1900: 10, 1950: 20, 2000: 40})
    modern = series({1990: 37, 2000: 42, 2010: 50})
    splice = stats.splice_series(long_run, modern)
    assert splice.series.to_dict() == {1900: 10.0, 1950: 20.0, 2000: 40.0, 2010: 50.0}
    assert splice.origin.to_dict() == {1900: "long", 1950: "long", 2000: "long", 2010: "modern"}
    assert splice.splice_year == 2010.0
    # The only common year is 2000 (the long-run series has no 1990): gap 42 − 40.
    assert splice.common_years == 1
    assert splice.gap_at_splice == pytest.approx(2.0)
    assert splice.mean_gap == pytest.approx(2.0)


def test_splice_prefers_modern_and_prepends_long_run_before_its_first_year():
    long_run = series({1900: 10, 1950: 20, 1990: 35, 2000: 40})
    modern = series({1990: 37, 2000: 43, 2010: 50})
    splice = stats.splice_series(long_run, modern, prefer="modern")
    assert splice.series.to_dict() == {1900: 10.0, 1950: 20.0, 1990: 37.0, 2000: 43.0, 2010: 50.0}
    assert list(splice.origin) == ["long", "long", "modern", "modern", "modern"]
    assert splice.splice_year == 1990.0
    # Gaps 2 (1990) and 3 (2000); the one nearest the cut is the first common year.
    assert splice.common_years == 2
    assert splice.gap_at_splice == pytest.approx(2.0)
    assert splice.mean_gap == pytest.approx(2.5)


def test_splice_never_mixes_sources_year_by_year():
    # The modern series fills a long-run gap (1960) but with prefer="long" it is not used there.
    long_run = series({1950: 20, 1970: 30})
    modern = series({1960: 99, 1980: 40})
    splice = stats.splice_series(long_run, modern)
    assert splice.series.to_dict() == {1950: 20.0, 1970: 30.0, 1980: 40.0}
    assert splice.common_years == 0 and splice.gap_at_splice is None and splice.mean_gap is None


def test_splice_with_one_side_empty_or_missing_values():
    modern = series({2000: 1.0, 2001: np.nan, 2002: 3.0})
    only_modern = stats.splice_series(pd.Series(dtype=float), modern)
    assert only_modern.series.to_dict() == {2000: 1.0, 2002: 3.0}
    assert only_modern.splice_year is None and set(only_modern.origin) == {"modern"}
    only_long = stats.splice_series(modern, pd.Series(dtype=float), prefer="modern")
    assert only_long.series.to_dict() == {2000: 1.0, 2002: 3.0} and only_long.splice_year is None
    empty = stats.splice_series(pd.Series(dtype=float), pd.Series(dtype=float))
    assert empty.series.empty and empty.splice_year is None


def test_splice_keeps_int_years_and_refuses_bad_preference():
    splice = stats.splice_series(series({1900: 1.0}), series({2000: 2.0}))
    assert splice.series.index.dtype == np.int64
    with pytest.raises(ValueError, match="prefer"):
        stats.splice_series(series({1900: 1.0}), series({2000: 2.0}), prefer="newest")


def test_splice_result_feeds_threshold_crossing():
    # 20 -> 40 between 1950 and 2000 (long), then 50 in 2010 (modern): 30 is crossed in 1975.
    splice = stats.splice_series(series({1950: 20, 2000: 40}), series({2000: 45, 2010: 50}))
    crossing = stats.threshold_crossing(splice.series, 30)
    assert crossing.status == "interpolated" and crossing.year == pytest.approx(1975.0)


# --------------------------------------------------------------------------------------------------
# peak_crossing, value_at, crossing_record
# --------------------------------------------------------------------------------------------------


def test_peak_crossing_maps_peak_statuses_to_censoring():
    interior = stats.peak_crossing(series({1950: 20, 1960: 35, 1970: 30}))
    assert interior.status == "observed" and interior.year == 1960.0 and interior.located
    rising = stats.peak_crossing(series({1991: 20, 2000: 25, 2023: 31}))
    assert rising.status == "not_reached" and rising.bound == 2023.0 and rising.year is None
    falling = stats.peak_crossing(series({1991: 40, 2000: 35, 2023: 27}))
    assert falling.status == "before_coverage" and falling.bound == 1991.0
    assert stats.peak_crossing(pd.Series(dtype=float)).status == "no_data"


def test_peak_crossing_builds_a_window_with_threshold_start():
    industry = series({1900: 10, 1910: 30, 1920: 45, 1930: 40})
    window = stats.process_window(stats.threshold_crossing(industry, 20), stats.peak_crossing(industry))
    # 20 % is crossed half-way between 1900 and 1910; the peak is 1920.
    assert window.start == pytest.approx(1905.0) and window.end == 1920.0
    assert window.duration == pytest.approx(15.0) and not window.censored


def test_value_at_interpolates_inside_coverage_only():
    values = series({1960: 40, 1970: 20, 1980: 10})
    assert stats.value_at(values, 1965) == pytest.approx(30.0)
    assert stats.value_at(values, 1970) == pytest.approx(20.0)
    assert stats.value_at(values, 1975.5) == pytest.approx(14.5)
    assert stats.value_at(values, 1959) is None and stats.value_at(values, 1981) is None
    assert stats.value_at(values, None) is None and stats.value_at(values, math.nan) is None
    assert stats.value_at(pd.Series(dtype=float), 1970) is None


def test_crossing_record_flattens_every_status():
    located = stats.crossing_record(stats.threshold_crossing(series({2000: 8, 2002: 12}), 10))
    assert located == {"year": 2001.0, "status": "interpolated", "bound": None, "interval_low": 2000.0,
                       "interval_high": 2002.0, "gap_years": 2.0}
    censored = stats.crossing_record(stats.threshold_crossing(series({2000: 12, 2001: 14}), 10))
    assert censored["status"] == "before_coverage" and censored["bound"] == 2000.0
    assert censored["year"] is None and censored["gap_years"] is None


# --------------------------------------------------------------------------------------------------
# Bounds for censored windows
# --------------------------------------------------------------------------------------------------


def located(year):
    return stats.Crossing(float(year), "observed", interval=(year - 1.0, float(year)))


def before(bound):
    return stats.Crossing(None, "before_coverage", bound=float(bound))


def after(bound):
    return stats.Crossing(None, "not_reached", bound=float(bound))


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
