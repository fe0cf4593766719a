"""Tests for helpers.stats.splicing: joining a long-run and a modern series at one cut."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import stats


def series(values: dict) -> pd.Series:
    return pd.Series(values, dtype=float)


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
