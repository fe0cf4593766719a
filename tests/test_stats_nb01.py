"""Tests for the notebook-01 additions to helpers.stats, against hand computations and numpy."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import stats


@pytest.fixture
def cross_section() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    n = 50
    income = rng.normal(size=n)
    digital = 0.8 * income + rng.normal(size=n) * 0.6
    frame = pd.DataFrame({"iso3": [f"C{i:02d}" for i in range(n)], "d": digital, "inc": income})
    frame["y"] = 1.0 + 0.5 * digital + 2.0 * income + rng.normal(size=n) * (1 + np.abs(income))
    return frame


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


def test_ols_with_and_without_uses_one_sample(cross_section):
    frame = cross_section.copy()
    frame.loc[[3, 7, 11], "inc"] = np.nan  # rows the controlled model cannot use
    frame.loc[20, "y"] = np.nan
    simple, controlled = stats.ols_with_and_without(frame, "y", "d", ["inc"])

    complete = frame.dropna(subset=["y", "d", "inc"])
    assert simple.nobs == controlled.nobs == len(complete) == 46
    design = np.column_stack([np.ones(len(complete)), complete["d"]])
    slope = np.linalg.lstsq(design, complete["y"].to_numpy(), rcond=None)[0][1]
    assert simple.params["d"] == pytest.approx(slope)
    assert simple.regressors == ["d"] and controlled.regressors == ["d", "inc"]
    full = np.column_stack([design, complete["inc"]])
    assert controlled.params["d"] == pytest.approx(np.linalg.lstsq(full, complete["y"].to_numpy(), rcond=None)[0][1])
    # The simple model on all rows with y and d would use the three rows missing income too.
    assert stats.ols_hc3(frame, "y", "d").nobs == 49


def test_coefficient_change_by_hand(cross_section):
    simple, controlled = stats.ols_with_and_without(cross_section, "y", "d", ["inc"])
    expected = 100 * (controlled.params["d"] - simple.params["d"]) / abs(simple.params["d"])
    assert stats.coefficient_change(simple, controlled, "d") == pytest.approx(expected)

    def fake(coef: float) -> stats.RegressionResult:
        return stats.RegressionResult(
            dependent="y", regressors=["d"], params={"const": 0.0, "d": coef}, std_errors={"const": 1.0, "d": 1.0},
            pvalues={"const": 1.0, "d": 1.0}, conf_int={"const": (-1.0, 1.0), "d": (-1.0, 1.0)}, nobs=10, r2=0.1,
            r2_within=None, cov_type="HC3", model="OLS", n_entities=None,
        )

    assert stats.coefficient_change(fake(2.0), fake(0.5), "d") == pytest.approx(-75.0)
    assert stats.coefficient_change(fake(-2.0), fake(-3.0), "d") == pytest.approx(-50.0)  # more negative
    assert stats.coefficient_change(fake(2.0), fake(-1.0), "d") == pytest.approx(-150.0)  # sign flip
    assert stats.coefficient_change(fake(0.0), fake(1.0), "d") is None


def test_rank_position_by_hand():
    frame = pd.DataFrame({"iso3": ["AAA", "BBB", "CCC", "DDD", "EEE"], "x": [1.0, 2.0, 3.0, 4.0, 10.0],
                          "y": [2.0, 5.0, 4.0, 8.0, 19.0]})
    ranking = stats.residual_ranking(frame, "y", "x")
    # OLS by hand: x̄ = 4, ȳ = 7.6, Sxx = 50, Sxy = 94 → slope 1.88, intercept 0.08; residuals
    # AAA 0.04, BBB 1.16, CCC −1.72, DDD 0.40, EEE 0.12 → ranks BBB 1, DDD 2, EEE 3, AAA 4, CCC 5.
    position = stats.rank_position(ranking, "AAA")
    assert position["rank"] == 4 and position["n"] == 5
    assert position["residual"] == pytest.approx(0.04)
    assert position["fitted"] == pytest.approx(1.96)
    assert position["percentile"] == pytest.approx(25.0)
    assert stats.rank_position(ranking, "EEE")["percentile"] == pytest.approx(50.0)
    assert stats.rank_position(ranking, "BBB")["percentile"] == pytest.approx(100.0)
    assert stats.rank_position(ranking, "CCC")["percentile"] == pytest.approx(0.0)
    assert stats.rank_position(ranking, "ZZZ") is None
    row = ranking.set_index("iso3").loc["AAA"]
    assert position["std_residual"] == pytest.approx(row["std_residual"])
