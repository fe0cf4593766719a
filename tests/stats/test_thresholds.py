"""Tests for helpers.stats.thresholds: threshold crossings and peaks, with hand-computed answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import stats


def series(values: dict) -> pd.Series:
    return pd.Series(values, dtype=float)


# --------------------------------------------------------------------------------------------------
# Threshold crossings
# --------------------------------------------------------------------------------------------------


def test_crossing_interpolated_between_observations_two_years_apart():
    crossing = stats.threshold_crossing(pd.Series({2000: 8.0, 2002: 12.0}), 10.0)
    assert (crossing.year, crossing.status, crossing.interval) == (2001.0, "interpolated", (2000.0, 2002.0))
    quarter = stats.threshold_crossing(pd.Series({1990: 5.0, 1995: 15.0, 2000: 30.0}), 20.0)
    assert crossing.located and quarter.year == pytest.approx(1995 + 5 * 5 / 15)


def test_crossing_observed_in_consecutive_years():
    series = pd.Series({2000: 5.0, 2001: 8.0, 2002: 10.0, 2003: 14.0})
    crossing = stats.threshold_crossing(series, 10.0)  # exactly at the threshold counts as reached
    assert (crossing.year, crossing.status, crossing.bound, crossing.interval) == (
        2002.0,
        "observed",
        None,
        (2001.0, 2002.0),
    )
    assert stats.threshold_crossing(series, 9.0).year == 2002.0  # first year at/after, not interpolated


def test_crossing_exactly_on_an_observed_year_after_a_gap():
    crossing = stats.threshold_crossing(pd.Series({2000: 6.0, 2004: 10.0}), 10.0)
    assert (crossing.year, crossing.status) == (2004.0, "interpolated")


def test_crossing_censored_and_empty_cases():
    not_reached = stats.threshold_crossing(pd.Series({2000: 1.0, 2005: 4.0, 2010: 9.9}), 10.0)
    assert (not_reached.year, not_reached.status, not_reached.bound) == (None, "not_reached", 2010.0)
    before = stats.threshold_crossing(pd.Series({2003: 15.0, 2004: 20.0}), 10.0)
    assert (before.year, before.status, before.bound) == (None, "before_coverage", 2003.0)
    assert not before.located
    assert stats.threshold_crossing(pd.Series({2010: 12.0}), 10.0).status == "before_coverage"
    single = stats.threshold_crossing(pd.Series({2010: 3.0}), 10.0)
    assert (single.status, single.bound) == ("not_reached", 2010.0)
    assert stats.threshold_crossing(pd.Series([np.nan, np.nan], index=[2000, 2001]), 10.0).status == "no_data"
    assert stats.threshold_crossing(pd.Series(dtype=float), 10.0).status == "no_data"


def test_crossing_needs_numeric_years():
    dated = pd.Series([8.0, 12.0], index=pd.to_datetime(["2000-01-01", "2002-01-01"]))
    with pytest.raises(TypeError, match="numeric years"):
        stats.threshold_crossing(dated, 10.0)
    with pytest.raises(ValueError, match="same year twice"):
        stats.threshold_crossing(pd.Series([8.0, 12.0], index=[2000, 2000]), 10.0)
    as_text = stats.threshold_crossing(pd.Series({"2000": 8.0, "2002": 12.0}), 10.0)
    assert as_text.year == 2001.0


def test_crossing_drops_nans_and_sorts_years():
    series = pd.Series({2004: 12.0, 2001: np.nan, 2000: 8.0, 2003: np.nan})
    crossing = stats.threshold_crossing(series, 10.0)
    assert (crossing.year, crossing.status) == (2002.0, "interpolated")  # between 2000 and 2004


def test_crossing_without_interpolation_is_an_interval():
    crossing = stats.threshold_crossing(pd.Series({2000: 8.0, 2002: 12.0}), 10.0, interpolate=False)
    assert (crossing.year, crossing.status, crossing.interval) == (None, "interval", (2000.0, 2002.0))
    annual = stats.threshold_crossing(pd.Series({2000: 8.0, 2001: 12.0}), 10.0, interpolate=False)
    assert (annual.year, annual.status) == (2001.0, "observed")


def test_crossing_downward_and_first_crossing_only():
    falling = pd.Series({1950: 60.0, 1960: 45.0, 1970: 30.0})  # e.g. agricultural employment share
    down = stats.threshold_crossing(falling, 50.0, direction="down")
    assert (down.status, down.direction) == ("interpolated", "down")
    assert down.year == pytest.approx(1950 + 10 * 10 / 15)

    dips = pd.Series({2000: 5.0, 2001: 12.0, 2002: 8.0, 2003: 11.0})
    assert stats.threshold_crossing(dips, 10.0).year == 2001.0  # the later dip and re-crossing are ignored
    every = stats.crossings_all(dips, 10.0)
    assert [c.year for c in every] == [2001.0, 2003.0]
    starts_above = stats.crossings_all(pd.Series({2000: 12.0, 2001: 8.0, 2002: 13.0}), 10.0)
    assert [c.status for c in starts_above] == ["before_coverage", "observed"]
    with pytest.raises(ValueError, match="direction"):
        stats.threshold_crossing(dips, 10.0, direction="sideways")


def test_crossing_record_flattens_every_status():
    located = stats.crossing_record(stats.threshold_crossing(series({2000: 8, 2002: 12}), 10))
    assert located == {"year": 2001.0, "status": "interpolated", "bound": None, "interval_low": 2000.0,
                       "interval_high": 2002.0, "gap_years": 2.0}
    censored = stats.crossing_record(stats.threshold_crossing(series({2000: 12, 2001: 14}), 10))
    assert censored["status"] == "before_coverage" and censored["bound"] == 2000.0
    assert censored["year"] is None and censored["gap_years"] is None


# --------------------------------------------------------------------------------------------------
# Peaks
# --------------------------------------------------------------------------------------------------


def test_peak_statuses():
    assert stats.peak(pd.Series({2000: 1.0, 2001: 5.0, 2002: 3.0})) == (2001.0, 5.0, "interior")
    assert stats.peak(pd.Series({2000: 1.0, 2001: 2.0, 2002: 3.0})).status == "at_end"
    assert stats.peak(pd.Series({2000: 9.0, 2001: 2.0, 2002: 3.0})) == (2000.0, 9.0, "at_start")
    plateau = stats.peak(pd.Series({2000: 1.0, 2001: 3.0, 2002: 3.0}))
    assert (plateau.year, plateau.status) == (2001.0, "at_end")  # still at its maximum: not a peak yet
    assert stats.peak(pd.Series({2000: 4.0, 2001: np.nan})).status == "at_end"  # one observation
    assert stats.peak(pd.Series([np.nan], index=[2000])) == (None, None, "no_data")
    year, value, status = stats.peak(pd.Series({1990: 2.0, 1980: 1.0, 2000: 1.5}))
    assert (year, value, status) == (1990.0, 2.0, "interior")


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
