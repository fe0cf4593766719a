"""Tests for helpers.stats.transforms: logs, within-group z-scores and values between observed years."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import stats


def series(values: dict) -> pd.Series:
    return pd.Series(values, dtype=float)


def test_log_columns_adds_natural_logs_and_keeps_missing():
    frame = pd.DataFrame({"gdp": [1.0, math.e, 100.0, np.nan], "other": [1, 2, 3, 4]})
    logged = stats.log_columns(frame, ["gdp"])
    assert list(logged.columns) == ["gdp", "other", "log gdp"]
    assert logged["log gdp"].iloc[:3].tolist() == pytest.approx([0.0, 1.0, math.log(100.0)])
    assert np.isnan(logged["log gdp"].iloc[3])
    assert "log gdp" not in frame.columns  # the input is not modified
    assert list(stats.log_columns(frame, "gdp", prefix="ln_").columns)[-1] == "ln_gdp"


def test_log_columns_refuses_non_positive_values():
    frame = pd.DataFrame({"gdp": [5.0, 0.0, -1.0]}, index=["AAA", "BBB", "CCC"])
    with pytest.raises(ValueError, match=r"'gdp' has 2 value\(s\) ≤ 0.*'BBB'"):
        stats.log_columns(frame, ["gdp"])
    with pytest.raises(KeyError, match="missing"):
        stats.log_columns(frame, ["missing"])


def test_standardize_within_by_hand():
    frame = pd.DataFrame(
        {
            "year": [2000, 2000, 2000, 2001, 2001, 2002, 2003, 2003],
            "x": [1.0, 2.0, 3.0, 10.0, 30.0, 7.0, 4.0, 4.0],
        }
    )
    z = stats.standardize_within(frame, "x", "year")
    # 2000: mean 2, SD 1 → −1, 0, 1; 2001: mean 20, SD √200 → ∓10/√200; 2002: one value; 2003: no spread.
    expected = [-1.0, 0.0, 1.0, -10 / math.sqrt(200), 10 / math.sqrt(200)]
    assert z.iloc[:5].tolist() == pytest.approx(expected)
    assert z.iloc[5:].isna().all()
    assert z.name == "x"


def test_standardize_within_keeps_missing_and_ignores_them_in_the_moments():
    frame = pd.DataFrame({"g": ["a", "a", "a", "a"], "x": [0.0, np.nan, 2.0, 4.0]})
    z = stats.standardize_within(frame, "x", "g")
    assert np.isnan(z.iloc[1])
    assert z.iloc[[0, 2, 3]].tolist() == pytest.approx([-1.0, 0.0, 1.0])  # mean 2, SD 2


def test_value_at_interpolates_inside_coverage_only():
    values = series({1960: 40, 1970: 20, 1980: 10})
    assert stats.value_at(values, 1965) == pytest.approx(30.0)
    assert stats.value_at(values, 1970) == pytest.approx(20.0)
    assert stats.value_at(values, 1975.5) == pytest.approx(14.5)
    assert stats.value_at(values, 1959) is None and stats.value_at(values, 1981) is None
    assert stats.value_at(values, None) is None and stats.value_at(values, math.nan) is None
    assert stats.value_at(pd.Series(dtype=float), 1970) is None


@pytest.mark.parametrize(
    ("year", "log", "expected"),
    [
        (2001, False, 250.0),  # halfway between 100 and 400
        (2001, True, 200.0),  # geometric mean: constant growth
        (2000.5, True, 100 * 4**0.25),
        (2002, True, 400.0),  # an observed year returns the observation
        (2000, False, 100.0),
    ],
)
def test_interpolate_at_known_values(year, log, expected):
    series = pd.Series([100.0, 400.0], index=[2000, 2002])
    assert stats.interpolate_at(series, year, log=log) == pytest.approx(expected)


def test_interpolate_at_outside_missing_and_nonpositive():
    series = pd.Series([0.0, 10.0, math.nan, 40.0], index=[1999, 2000, 2001, 2002])
    assert math.isnan(stats.interpolate_at(series, 1998.5))  # before the data
    assert math.isnan(stats.interpolate_at(series, 2002.5))  # after the data
    assert math.isnan(stats.interpolate_at(series, None))
    assert math.isnan(stats.interpolate_at(series, math.nan))
    assert stats.interpolate_at(series, 2001) == pytest.approx(25.0)  # NaN is skipped, not used
    assert stats.interpolate_at(series, 2001, log=True) == pytest.approx(20.0)
    assert math.isnan(stats.interpolate_at(series, 1999.5, log=True))  # log of 0 is undefined
    assert stats.interpolate_at(series, 2000, log=True) == pytest.approx(10.0)  # its own value is fine


# --- count_from_share ------------------------------------------------------------------------------


def people(**columns) -> pd.DataFrame:
    return pd.DataFrame({"year": [2019, 2020, 2021], **columns})


def test_count_from_share_takes_the_latest_year_any_total_reaches():
    frame = people(net=[40.0, 50.0, 60.0], wpp=[10.0, 11.0, np.nan], maddison=[9.0, 10.5, 12.0])
    users = stats.count_from_share(frame, "net", ["wpp", "maddison"])
    assert (users.year, users.total_column, users.total, users.share) == (2021, "maddison", 12.0, 60.0)
    assert users.count == pytest.approx(7.2)


def test_count_from_share_prefers_the_first_total_on_a_tie_and_accepts_a_year_index():
    frame = people(net=[40.0, 50.0, np.nan], wpp=[10.0, 11.0, 12.0], maddison=[9.0, 10.5, 12.5]).set_index("year")
    users = stats.count_from_share(frame, "net", ["wpp", "maddison"])
    assert (users.year, users.total_column) == (2020, "wpp")  # 2021 has no share: not a year with both
    assert users.count == pytest.approx(5.5)


def test_count_from_share_is_none_without_a_year_with_both():
    assert stats.count_from_share(people(net=[1.0, np.nan, np.nan], wpp=[np.nan, 2.0, 3.0]), "net", ["wpp"]) is None
    assert stats.count_from_share(people(net=[1.0, 2.0, 3.0]), "net", ["missing"]) is None
    assert stats.count_from_share(people(wpp=[1.0, 2.0, 3.0]), "net", ["wpp"]) is None
