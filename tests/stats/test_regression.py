"""Tests for helpers.stats.regression (cross-sectional HC3 OLS) against hand computations and numpy."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

from helpers import stats
from helpers.stats.regression import _ols_pvalues

# --------------------------------------------------------------------------------------------------
# Independent reference computations
# --------------------------------------------------------------------------------------------------


def with_constant(*columns: np.ndarray) -> np.ndarray:
    return np.column_stack([np.ones(len(columns[0])), *columns])


def hc3_by_hand(design: np.ndarray, outcome: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coefficients (lstsq), HC3 standard errors and residuals, from the textbook formulas."""
    coefficients, *_ = np.linalg.lstsq(design, outcome, rcond=None)
    residuals = outcome - design @ coefficients
    bread = np.linalg.inv(design.T @ design)
    leverage = np.einsum("ij,jk,ik->i", design, bread, design)
    meat = design.T @ np.diag(residuals**2 / (1 - leverage) ** 2) @ design
    return coefficients, np.sqrt(np.diag(bread @ meat @ bread)), residuals


@pytest.fixture
def confounded_cross_section() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    n = 50
    income = rng.normal(size=n)
    digital = 0.8 * income + rng.normal(size=n) * 0.6
    frame = pd.DataFrame({"iso3": [f"C{i:02d}" for i in range(n)], "d": digital, "inc": income})
    frame["y"] = 1.0 + 0.5 * digital + 2.0 * income + rng.normal(size=n) * (1 + np.abs(income))
    return frame


# --------------------------------------------------------------------------------------------------
# OLS with HC3 standard errors
# --------------------------------------------------------------------------------------------------


def test_ols_hc3_matches_hand_computation(cross_section):
    result = stats.ols_hc3(cross_section, "y", "x", controls=["z"])

    design = with_constant(cross_section["x"].to_numpy(), cross_section["z"].to_numpy())
    coefficients, standard_errors, residuals = hc3_by_hand(design, cross_section["y"].to_numpy())
    terms = ["const", "x", "z"]
    assert list(result.params) == terms
    assert [result.params[t] for t in terms] == pytest.approx(coefficients, rel=1e-10)
    assert [result.std_errors[t] for t in terms] == pytest.approx(standard_errors, rel=1e-10)

    # t distribution with n - k degrees of freedom
    df_resid = len(cross_section) - 3
    t_stat = coefficients[2] / standard_errors[2]
    assert result.pvalues["z"] == pytest.approx(2 * scipy_stats.t.sf(abs(t_stat), df_resid), rel=1e-8)
    half_width = scipy_stats.t.ppf(0.975, df_resid) * standard_errors[1]
    assert result.conf_int["x"] == pytest.approx((coefficients[1] - half_width, coefficients[1] + half_width))

    centered = cross_section["y"] - cross_section["y"].mean()
    assert result.r2 == pytest.approx(1 - (residuals**2).sum() / (centered**2).sum())
    assert (result.nobs, result.r2_within, result.n_entities) == (40, None, None)
    assert (result.model, result.cov_type, result.dependent, result.regressors) == (
        "OLS",
        "HC3",
        "y",
        ["x", "z"],
    )


def test_ols_hc3_drops_rows_missing_a_used_column_only(cross_section):
    frame = cross_section.assign(unused=np.nan)
    frame.loc[[0, 1], "z"] = np.nan
    frame.loc[2, "y"] = np.nan
    result = stats.ols_hc3(frame, "y", "x", controls="z")  # a bare string is one control
    reference = stats.ols_hc3(cross_section.drop(index=[0, 1, 2]), "y", "x", controls=["z"])
    assert result.nobs == 37
    assert result.params == pytest.approx(reference.params)


def test_ols_hc3_refuses_degenerate_designs(cross_section):
    with pytest.raises(KeyError, match="nope"):
        stats.ols_hc3(cross_section, "y", "nope")
    with pytest.raises(ValueError, match="collinear"):
        stats.ols_hc3(cross_section.assign(x2=2 * cross_section["x"]), "y", "x", ["x2"])
    with pytest.raises(ValueError, match="leverage 1"):
        # A dummy for a single country fits it exactly: HC3 would divide by zero.
        stats.ols_hc3(
            cross_section.assign(only_first=(cross_section.index == 0).astype(float)),
            "y",
            "x",
            ["only_first"],
        )
    with pytest.raises(ValueError, match="too few"):
        stats.ols_hc3(cross_section.head(2), "y", "x")
    with pytest.raises(ValueError, match="twice"):
        stats.ols_hc3(cross_section, "y", "x", ["x"])


def test_exact_fit_gives_undefined_pvalues_without_warning():
    # statsmodels' t = b / se warns when se is exactly 0; the p-value is then NaN on purpose.
    fit = SimpleNamespace(
        params=pd.Series([1.0, 2.0], index=["const", "x"]),
        bse=pd.Series([0.0, 0.5], index=["const", "x"]),
        df_resid=8,
    )
    pvalues = _ols_pvalues(fit)
    assert math.isnan(pvalues["const"])
    assert pvalues["x"] == pytest.approx(2 * scipy_stats.t.sf(4.0, 8))


def test_coefficient_by_year_omits_small_years(cross_section):
    frame = pd.concat(
        [
            cross_section.assign(year=2010),
            cross_section.head(25).assign(year=2012),
            cross_section.head(5).assign(year=2011),
        ]
    )
    table = stats.coefficient_by_year(frame, "y", "x", controls=["z"], min_obs=20)

    assert list(table.columns) == ["year", "coef", "se", "pvalue", "ci_low", "ci_high", "nobs", "r2"]
    assert list(table["year"]) == [2010, 2012]
    assert table.attrs["omitted_years"] == {2011: 5}
    single = stats.ols_hc3(cross_section.head(25), "y", "x", controls=["z"])
    row = table.set_index("year").loc[2012]
    assert row["coef"] == pytest.approx(single.params["x"])
    assert row["se"] == pytest.approx(single.std_errors["x"])
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(single.conf_int["x"])
    assert row["nobs"] == 25


def test_ols_with_and_without_uses_one_sample(confounded_cross_section):
    frame = confounded_cross_section.copy()
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


def test_coefficient_change_by_hand(confounded_cross_section):
    simple, controlled = stats.ols_with_and_without(confounded_cross_section, "y", "d", ["inc"])
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


# --------------------------------------------------------------------------------------------------
# Residual rankings
# --------------------------------------------------------------------------------------------------


def test_residual_ranking_by_hand():
    frame = pd.DataFrame(
        {
            "iso3": ["AAA", "BBB", "CCC", "DDD", "EEE"],
            "x": [1.0, 2.0, 3.0, 4.0, 10.0],
            "y": [2.0, 5.0, 4.0, 8.0, 19.0],
        }
    )
    table = stats.residual_ranking(frame, "y", "x")

    design = with_constant(frame["x"].to_numpy())
    coefficients, *_ = np.linalg.lstsq(design, frame["y"].to_numpy(), rcond=None)
    residuals = frame["y"].to_numpy() - design @ coefficients
    leverage = np.diag(design @ np.linalg.inv(design.T @ design) @ design.T)
    scale = np.sqrt((residuals**2).sum() / (5 - 2))
    expected = pd.DataFrame(
        {"iso3": frame["iso3"], "residual": residuals, "std": residuals / (scale * np.sqrt(1 - leverage))}
    )
    expected = expected.sort_values("residual", ascending=False).reset_index(drop=True)

    assert list(table.columns) == ["iso3", "y", "x", "fitted", "residual", "std_residual", "rank"]
    assert list(table["iso3"]) == list(expected["iso3"])
    assert table["residual"].to_numpy() == pytest.approx(expected["residual"].to_numpy())
    assert table["std_residual"].to_numpy() == pytest.approx(expected["std"].to_numpy())
    assert list(table["rank"]) == [1, 2, 3, 4, 5]
    assert (table["fitted"] + table["residual"]).to_numpy() == pytest.approx(table["y"].to_numpy())
    assert table["residual"].iloc[0] > 0  # rank 1 is the biggest over-achiever


def test_residual_ranking_rejects_duplicate_ids(cross_section):
    frame = pd.concat([cross_section, cross_section.head(1)])
    with pytest.raises(ValueError, match="C00"):
        stats.residual_ranking(frame, "y", "x")


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
