"""Tests for helpers.stats.onsets: staggered or simultaneous onsets, with bounds from sparse and censored data."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from helpers import stats

ORDER = ["industrialization", "urbanization", "agricultural_modernization", "informatization"]


def logistic(onset: float, threshold: float = 20.0, speed: float = 0.08):
    """A rising share (0–100 %) that crosses ``threshold`` exactly at ``onset``."""
    shift = math.log(threshold / (100 - threshold)) / speed

    def share(years):
        return 100 / (1 + np.exp(-speed * (np.asarray(years, float) - onset) - speed * shift))

    return share


def sampled(share, years) -> pd.Series:
    return pd.Series(share(years), index=np.asarray(years, float))


def onsets_from(true_onsets: dict[str, dict[str, float]], years, threshold: float = 20.0) -> pd.DataFrame:
    """Onset table of processes whose shares cross ``threshold`` at the given years, observed in ``years``."""
    points, bounds = {}, {}
    for entity, processes in true_onsets.items():
        for process, onset in processes.items():
            series = sampled(logistic(onset, threshold), years)
            points[entity, process] = stats.threshold_crossing(series, threshold)
            bounds[entity, process] = stats.threshold_crossing(series, threshold, interpolate=False)
    return stats.onset_table(points, bounds)


def rows(entity, onsets):
    """Onset rows from (point, low, high) triples in ORDER."""
    return [{"entity": entity, "process": p, "onset": o, "onset_low": lo, "onset_high": hi}
            for p, (o, lo, hi) in zip(ORDER, onsets, strict=True)]


def point(year):
    return (float(year), float(year), float(year))


# --------------------------------------------------------------------------------------------------
# Crossing bounds (thresholds) and the peak without interpolation
# --------------------------------------------------------------------------------------------------


def test_crossing_bounds_for_every_status():
    assert stats.crossing_bounds(stats.Crossing(1871.8, "interpolated", interval=(1850.0, 1890.0))) == (
        1871.8, 1871.8)
    assert stats.crossing_bounds(stats.Crossing(None, "interval", interval=(1850.0, 1890.0))) == (1850.0, 1890.0)
    assert stats.crossing_bounds(stats.Crossing(None, "before_coverage", bound=1950.0)) == (-math.inf, 1950.0)
    assert stats.crossing_bounds(stats.Crossing(None, "not_reached", bound=2023.0)) == (2023.0, math.inf)
    assert stats.crossing_bounds(stats.Crossing(None, "no_data")) == (-math.inf, math.inf)
    # The docstring's example.
    series = pd.Series([8.0, 30.0], index=[1850, 1890])
    assert stats.threshold_crossing(series, 20).year == pytest.approx(1850 + 40 * 12 / 22)
    assert stats.crossing_bounds(stats.threshold_crossing(series, 20, interpolate=False)) == (1850.0, 1890.0)


def test_peak_without_interpolation_is_an_interval_between_sparse_neighbours():
    sparse = pd.Series([30.0, 45.0, 40.0, 39.0], index=[1911, 1920, 1921, 1922])
    assert stats.peak_crossing(sparse) == stats.Crossing(1920.0, "observed", interval=(1920.0, 1920.0))
    assert stats.peak_crossing(sparse, interpolate=False) == stats.Crossing(None, "interval", interval=(1911.0, 1921.0))
    annual = pd.Series([30.0, 45.0, 40.0], index=[1947, 1948, 1949])
    assert stats.peak_crossing(annual, interpolate=False) == stats.peak_crossing(annual)
    at_end = pd.Series([30.0, 45.0], index=[1900, 1950])
    assert stats.peak_crossing(at_end, interpolate=False).status == "not_reached"


# --------------------------------------------------------------------------------------------------
# The onset table
# --------------------------------------------------------------------------------------------------


def test_onset_table_takes_bounds_from_the_crossings_without_interpolation():
    interpolated = stats.Crossing(1871.8, "interpolated", interval=(1850.0, 1890.0))
    interval = stats.Crossing(None, "interval", interval=(1850.0, 1890.0))
    before = stats.Crossing(None, "before_coverage", bound=1991.0)
    table = stats.onset_table({("FRA", "urbanization"): interpolated, ("CHN", "industrialization"): before},
                              {("FRA", "urbanization"): interval, ("CHN", "industrialization"): before})
    assert list(table.columns) == stats.ONSET_COLUMNS
    assert table.iloc[0].tolist() == ["FRA", "urbanization", 1871.8, 1850.0, 1890.0]
    assert table.iloc[1, :2].tolist() == ["CHN", "industrialization"] and math.isnan(table.iloc[1]["onset"])
    assert (table.iloc[1]["onset_low"], table.iloc[1]["onset_high"]) == (-math.inf, 1991.0)
    # Without the second mapping the bounds reflect censoring only.
    alone = stats.onset_table({("FRA", "urbanization"): interpolated})
    assert alone.iloc[0, 2:].tolist() == [1871.8, 1871.8, 1871.8]


def test_onset_table_refuses_crossings_that_do_not_match():
    interpolated = stats.Crossing(1871.8, "interpolated", interval=(1850.0, 1890.0))
    other = stats.Crossing(None, "interval", interval=(1900.0, 1910.0))
    with pytest.raises(ValueError, match="outside its bounds"):
        stats.onset_table({("FRA", "urbanization"): interpolated}, {("FRA", "urbanization"): other})
    with pytest.raises(KeyError, match="no crossing for"):
        stats.onset_table({("FRA", "urbanization"): interpolated}, {})


# --------------------------------------------------------------------------------------------------
# Gaps and sequences on synthetic series
# --------------------------------------------------------------------------------------------------


def test_a_staggered_sequence_observed_sparsely_is_detected_as_in_series():
    truth = {"A": {"industrialization": 1853, "urbanization": 1884, "agricultural_modernization": 1917,
                   "informatization": 1996}}
    years = [*range(1800, 1951, 10), *range(1951, 2021)]  # decadal before 1950, annual after
    onsets = onsets_from(truth, years)
    gaps = stats.onset_gaps(onsets, ORDER, min_gap=10)
    assert list(gaps.columns) == stats.GAP_COLUMNS
    assert gaps["relation"].tolist() == ["staggered"] * 3
    # Interpolation of a smooth curve between decadal points is close; the bounds are the decades.
    assert gaps["gap"].tolist() == pytest.approx([31, 33, 79], abs=1.5)
    assert gaps[["gap_low", "gap_high"]].iloc[0].tolist() == [1880 - 1860, 1890 - 1850]
    sequence = stats.onset_sequences(onsets, ORDER, min_gap=10).iloc[0]
    assert sequence["sequence"] == "in_series" and sequence["n_staggered"] == 3
    assert sequence["spread_low"] <= 1996 - 1853 <= sequence["spread_high"]


def test_simultaneous_onsets_are_not_in_series():
    truth = {"B": {"industrialization": 1990.5, "urbanization": 1992.5, "agricultural_modernization": 1993.5,
                   "informatization": 1995.5}}
    onsets = onsets_from(truth, range(1960, 2021))
    gaps = stats.onset_gaps(onsets, ORDER, min_gap=10)
    assert gaps["relation"].tolist() == ["not_staggered"] * 3
    sequence = stats.onset_sequences(onsets, ORDER, min_gap=10).iloc[0]
    assert sequence["sequence"] == "not_in_series" and sequence["spread"] == 5.0
    # With min_gap = 1 the order alone is tested: these onsets are in order, a year or more apart.
    assert stats.onset_sequences(onsets, ORDER, min_gap=1).iloc[0]["sequence"] == "in_series"


def test_reversed_and_censored_onsets():
    reversed_order = pd.DataFrame(rows("R", [point(1900), point(1880), point(1920), point(1995)]))
    gaps = stats.onset_gaps(reversed_order, ORDER, min_gap=1)
    assert gaps["relation"].tolist() == ["not_staggered", "staggered", "staggered"]
    assert gaps["gap"].iloc[0] == -20.0
    censored = pd.DataFrame(rows("C", [(math.nan, -math.inf, 1991.0), point(1981), point(1997), point(2006)]))
    gaps = stats.onset_gaps(censored, ORDER, min_gap=10)
    # Industrialization began on or before 1991: urbanization (1981) may follow it or not.
    assert gaps["relation"].tolist() == ["undetermined", "staggered", "not_staggered"]
    assert (gaps["gap_low"].iloc[0], gaps["gap_high"].iloc[0]) == (-10.0, math.inf) and math.isnan(gaps["gap"].iloc[0])
    sequence = stats.onset_sequences(censored, ORDER, min_gap=10).iloc[0]
    assert sequence["sequence"] == "not_in_series"  # one certain short gap suffices
    assert (sequence["spread_low"], sequence["spread_high"]) == (25.0, math.inf) and math.isnan(sequence["spread"])
    assert stats.onset_sequences(censored, ORDER, min_gap=5).iloc[0]["sequence"] == "undetermined"


@pytest.mark.parametrize("seed", range(20))
def test_bounds_contain_the_truth_when_points_are_sparse(seed):
    rng = np.random.default_rng(seed)
    true = dict(zip(ORDER, np.sort(rng.uniform(1820, 2000, size=4)), strict=True))
    years = np.unique(np.concatenate([[1800.0, 2020.0], rng.choice(np.arange(1801, 2020), size=8, replace=False)]))
    onsets = onsets_from({"X": true}, years)
    for row in onsets.itertuples():
        assert row.onset_low <= true[row.process] <= row.onset_high
    gaps = stats.onset_gaps(onsets, ORDER, min_gap=5)
    for row in gaps.itertuples():
        truth = true[row.process_b] - true[row.process_a]
        assert row.gap_low <= truth <= row.gap_high
        if row.relation == "staggered":
            assert truth >= 5
        elif row.relation == "not_staggered":
            assert truth < 5
    sequence = stats.onset_sequences(onsets, ORDER, min_gap=5).iloc[0]
    assert sequence["spread_low"] <= max(true.values()) - min(true.values()) <= sequence["spread_high"]
    # Durations too: a window from the 20 % crossing to the 50 % crossing of the same curve.
    share = logistic(true["urbanization"])
    series = sampled(share, years)
    window = stats.process_window(stats.threshold_crossing(series, 20, interpolate=False),
                                  stats.threshold_crossing(series, 50, interpolate=False))
    true_duration = -math.log(20 / 80) / 0.08  # logistic with speed 0.08: from 20 % to 50 %
    low, high = stats.duration_bounds(window)
    assert low <= true_duration <= high


def test_gap_and_spread_bounds_match_brute_force_over_possible_years():
    intervals = [(1840, 1850), (1830, 1870), (1880, 1890), (1995, 1996)]
    onsets = pd.DataFrame(rows("G", [(math.nan, float(lo), float(hi)) for lo, hi in intervals]))
    grids = [np.arange(lo, hi + 1) for lo, hi in intervals]
    gaps = stats.onset_gaps(onsets, ORDER, min_gap=1)
    for k, row in enumerate(gaps.itertuples()):
        diffs = [b - a for a in grids[k] for b in grids[k + 1]]
        assert (row.gap_low, row.gap_high) == (min(diffs), max(diffs))
    spreads = [max(c) - min(c) for c in itertools.product(*grids)]
    sequence = stats.onset_sequences(onsets, ORDER).iloc[0]
    assert (sequence["spread_low"], sequence["spread_high"]) == (min(spreads), max(spreads))


def test_bad_inputs_name_the_problem():
    onsets = pd.DataFrame(rows("A", [point(1850), point(1880), point(1910), point(1995)]))
    with pytest.raises(ValueError, match="min_gap must be positive"):
        stats.onset_gaps(onsets, ORDER, min_gap=0)
    with pytest.raises(ValueError, match="no row for A"):
        stats.onset_gaps(onsets[onsets["process"] != "urbanization"], ORDER)
    with pytest.raises(ValueError, match="two rows for A urbanization"):
        stats.onset_gaps(pd.concat([onsets, onsets.iloc[[1]]]), ORDER)
    with pytest.raises(ValueError, match="at least two distinct"):
        stats.onset_gaps(onsets, ["urbanization"])
    with pytest.raises(KeyError, match="columns not in the frame"):
        stats.onset_gaps(onsets.drop(columns="onset_low"), ORDER)


# --------------------------------------------------------------------------------------------------
# The group test
# --------------------------------------------------------------------------------------------------


def test_onset_order_test_staggered_group_and_compressed_target():
    years = [*range(1800, 1951, 10), *range(1951, 2021)]
    truth = {f"W{k}": {"industrialization": 1840 + 5 * k, "urbanization": 1870 + 5 * k,
                       "agricultural_modernization": 1905 + 3 * k, "informatization": 1996}
             for k in range(4)}
    truth["T"] = {"industrialization": 1975.5, "urbanization": 1980.5, "agricultural_modernization": 1985.5,
                  "informatization": 2003.5}
    onsets = onsets_from(truth, years)
    test = stats.onset_order_test(onsets, ORDER, group=["W0", "W1", "W2", "W3"], target="T", min_gap=10)
    assert (test.n_in_series, test.n_not_in_series, test.n_undetermined) == (4, 0, 0)
    assert test.share_in_series == (1.0, 1.0) and test.group_reading == "staggered"
    assert test.target_sequence == "not_in_series"
    assert test.spread_comparison["relation"].tolist() == ["shorter"] * 4
    assert test.share_shorter == (1.0, 1.0) and test.target_reading == "compressed"
    assert test.sequences["entity"].tolist()[-1] == "T" and set(test.gaps["entity"]) == set(truth)


def test_onset_order_test_is_undetermined_when_censoring_leaves_it_open():
    censored = [(math.nan, -math.inf, 1801.0), (math.nan, -math.inf, 1950.0), (math.nan, -math.inf, 1801.0),
                point(1998)]
    onsets = pd.DataFrame(
        rows("USA", [point(1848.8), point(1860.4), point(1881.5), point(1996)])
        + rows("GBR", censored)
        + rows("CHN", [(math.nan, -math.inf, 1991.0), point(1981), point(1997), point(2006)])
    )
    test = stats.onset_order_test(onsets, ORDER, group=["USA", "GBR"], target="CHN", min_gap=10)
    assert (test.n_in_series, test.n_undetermined) == (1, 1)
    assert test.share_in_series == (0.5, 1.0) and test.group_reading == "undetermined"
    # China's spread is at least 25 years and open: shorter than neither for certain.
    assert test.spread_comparison["relation"].tolist() == ["undetermined", "undetermined"]
    assert test.share_shorter == (0.0, 1.0) and test.target_reading == "undetermined"
    with pytest.raises(ValueError, match="also in group"):
        stats.onset_order_test(onsets, ORDER, group=["USA", "CHN"], target="CHN")
    with pytest.raises(ValueError, match="no onsets for"):
        stats.onset_order_test(onsets, ORDER, group=["FRA"], target="CHN")
    with pytest.raises(ValueError, match="at least one entity"):
        stats.onset_order_test(onsets, ORDER, group=[], target="CHN")
