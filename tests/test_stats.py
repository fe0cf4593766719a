"""Tests for helpers.stats against answers computed by hand or independently with numpy."""

from __future__ import annotations

import dataclasses
import json
import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

from helpers import stats

# --------------------------------------------------------------------------------------------------
# Fixtures and independent reference computations
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def cross_section() -> pd.DataFrame:
    rng = np.random.default_rng(42)
    n = 40
    frame = pd.DataFrame(
        {
            "iso3": [f"C{i:02d}" for i in range(n)],
            "x": rng.normal(size=n),
            "z": rng.normal(size=n),
        }
    )
    # Heteroskedastic noise so HC3 differs from the classical standard errors.
    frame["y"] = 1.0 + 2.0 * frame["x"] - 0.5 * frame["z"] + rng.normal(size=n) * (1 + frame["x"].abs())
    return frame


@pytest.fixture
def balanced_panel() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    entities, years = [f"E{i}" for i in range(6)], [2000, 2001, 2002, 2003, 2004]
    index = pd.MultiIndex.from_product([entities, years], names=["iso3", "year"])
    frame = pd.DataFrame(index=index).reset_index()
    entity_effect = frame["iso3"].map({name: rng.normal() * 3 for name in entities})
    time_effect = frame["year"].map({year: rng.normal() for year in years})
    frame["x"] = rng.normal(size=len(frame)) + entity_effect  # x correlated with the entity effect
    frame["z"] = rng.normal(size=len(frame))
    frame["y"] = (
        1.5 * frame["x"] - 0.7 * frame["z"] + entity_effect + time_effect + rng.normal(size=len(frame))
    )
    return frame


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


def clustered_se_by_hand(
    design: np.ndarray, residuals: np.ndarray, clusters: np.ndarray, n_params: int
) -> np.ndarray:
    """Cluster-robust standard errors with Stata's factor G/(G-1)·(n-1)/(n-k)."""
    n_obs = len(residuals)
    labels = np.unique(clusters)
    bread = np.linalg.inv(design.T @ design)
    meat = np.zeros((design.shape[1], design.shape[1]))
    for label in labels:
        score = design[clusters == label].T @ residuals[clusters == label]
        meat += np.outer(score, score)
    factor = len(labels) / (len(labels) - 1) * (n_obs - 1) / (n_obs - n_params)
    return np.sqrt(np.diag(factor * bread @ meat @ bread))


def make_result(**overrides) -> stats.RegressionResult:
    """A hand-made result with round numbers; keyword arguments replace fields."""
    base = stats.RegressionResult(
        dependent="y",
        regressors=["x", "z"],
        params={"const": 0.5, "x": 1.23456, "z": -0.5},
        std_errors={"const": 0.1, "x": 0.2, "z": 0.3},
        pvalues={"const": 0.2, "x": 0.005, "z": 0.03},
        conf_int={"const": (0.3, 0.7), "x": (0.8, 1.6), "z": (-1.1, 0.1)},
        nobs=120,
        r2=0.4567,
        r2_within=None,
        cov_type="HC3",
        model="OLS",
        n_entities=None,
    )
    return dataclasses.replace(base, **overrides)


# --------------------------------------------------------------------------------------------------
# Cross-sectional OLS
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
    pvalues = stats._ols_pvalues(fit)
    assert math.isnan(pvalues["const"])
    assert pvalues["x"] == pytest.approx(2 * scipy_stats.t.sf(4.0, 8))


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


# --------------------------------------------------------------------------------------------------
# Panels
# --------------------------------------------------------------------------------------------------


def test_pooled_ols_clustered_by_hand(balanced_panel):
    result = stats.pooled_ols(balanced_panel, "y", "x", controls=["z"])

    design = with_constant(balanced_panel["x"].to_numpy(), balanced_panel["z"].to_numpy())
    outcome = balanced_panel["y"].to_numpy()
    coefficients, *_ = np.linalg.lstsq(design, outcome, rcond=None)
    residuals = outcome - design @ coefficients
    standard_errors = clustered_se_by_hand(design, residuals, balanced_panel["iso3"].to_numpy(), n_params=3)

    assert [result.params[t] for t in ("const", "x", "z")] == pytest.approx(coefficients, rel=1e-10)
    assert [result.std_errors[t] for t in ("const", "x", "z")] == pytest.approx(standard_errors, rel=1e-8)
    assert (result.model, result.nobs, result.n_entities, result.r2_within) == ("Pooled OLS", 30, 6, None)
    assert result.cov_type == "clustered by iso3"


def test_twoway_fe_equals_double_demeaning(balanced_panel):
    result = stats.twoway_fe(balanced_panel, "y", "x", controls=["z"])

    def double_demean(column: str) -> np.ndarray:
        values = balanced_panel[column]
        entity_mean = values.groupby(balanced_panel["iso3"]).transform("mean")
        time_mean = values.groupby(balanced_panel["year"]).transform("mean")
        return (values - entity_mean - time_mean + values.mean()).to_numpy()

    demeaned_x = np.column_stack([double_demean("x"), double_demean("z")])
    demeaned_y = double_demean("y")
    slopes, *_ = np.linalg.lstsq(demeaned_x, demeaned_y, rcond=None)
    residuals = demeaned_y - demeaned_x @ slopes
    # k counts the constant and the two slopes, not the absorbed effects.
    standard_errors = clustered_se_by_hand(
        demeaned_x, residuals, balanced_panel["iso3"].to_numpy(), n_params=3
    )

    assert [result.params["x"], result.params["z"]] == pytest.approx(slopes, rel=1e-8)
    assert [result.std_errors["x"], result.std_errors["z"]] == pytest.approx(standard_errors, rel=1e-6)
    assert result.r2 == pytest.approx(1 - (residuals**2).sum() / (demeaned_y**2).sum())

    # Within R²: entity-demeaned data, two-way coefficients.
    def entity_demean(column: str) -> np.ndarray:
        values = balanced_panel[column]
        return (values - values.groupby(balanced_panel["iso3"]).transform("mean")).to_numpy()

    within_residuals = entity_demean("y") - np.column_stack([entity_demean("x"), entity_demean("z")]) @ slopes
    assert result.r2_within == pytest.approx(
        1 - (within_residuals**2).sum() / (entity_demean("y") ** 2).sum()
    )
    assert (result.model, result.nobs, result.n_entities) == ("Two-way FE", 30, 6)
    assert result.params["x"] == pytest.approx(1.5, abs=0.3)  # the made-up effect is recovered


def test_twoway_fe_unbalanced_equals_dummy_variables(balanced_panel):
    # Unbalanced: double demeaning is no longer exact, least squares with dummies (LSDV) still is.
    panel = balanced_panel.drop(index=[0, 7, 8, 21]).reset_index(drop=True)
    result = stats.twoway_fe(panel, "y", "x", controls=["z"])

    entity_dummies = pd.get_dummies(panel["iso3"], drop_first=True, dtype=float).to_numpy()
    year_dummies = pd.get_dummies(panel["year"], drop_first=True, dtype=float).to_numpy()
    design = with_constant(panel["x"].to_numpy(), panel["z"].to_numpy(), entity_dummies, year_dummies)
    coefficients, *_ = np.linalg.lstsq(design, panel["y"].to_numpy(), rcond=None)
    assert [result.params["x"], result.params["z"]] == pytest.approx(coefficients[1:3], rel=1e-8)
    assert (result.nobs, result.n_entities) == (26, 6)


def test_panel_estimators_accept_entity_time_index(balanced_panel):
    indexed = balanced_panel.set_index(["iso3", "year"])
    assert stats.twoway_fe(indexed, "y", "x").params == pytest.approx(
        stats.twoway_fe(balanced_panel, "y", "x").params
    )
    with pytest.raises(ValueError, match="several rows"):
        stats.pooled_ols(pd.concat([balanced_panel, balanced_panel.head(1)]), "y", "x")


@pytest.fixture
def gappy_panel() -> pd.DataFrame:
    """Survey-like editions; B misses 2005, C has one observation, A's 2004 lacks x."""
    return pd.DataFrame(
        {
            "iso3": ["A", "A", "A", "A", "B", "B", "B", "C", "D", "D", "D"],
            "year": [2003, 2004, 2005, 2008, 2003, 2004, 2008, 2008, 2004, 2005, 2008],
            "x": [1.0, np.nan, 2.5, 4.0, 0.0, 1.0, 1.5, 9.0, 2.0, 2.2, 3.5],
            "y": [2.0, 3.0, 4.0, 7.5, 1.0, 2.5, 3.6, 5.0, 3.0, 3.1, 6.0],
        }
    )


def test_first_differences_by_hand(gappy_panel):
    result = stats.first_differences(gappy_panel, "y", "x")

    # Consecutive complete observations per entity: A 2003→2005, 2005→2008; B 2003→2004, 2004→2008;
    # C none; D 2004→2005, 2005→2008.
    dx = np.array([2.5 - 1.0, 4.0 - 2.5, 1.0 - 0.0, 1.5 - 1.0, 2.2 - 2.0, 3.5 - 2.2])
    dy = np.array([4.0 - 2.0, 7.5 - 4.0, 2.5 - 1.0, 3.6 - 2.5, 3.1 - 3.0, 6.0 - 3.1])
    design = with_constant(dx)
    coefficients, *_ = np.linalg.lstsq(design, dy, rcond=None)
    residuals = dy - design @ coefficients
    clusters = np.array(["A", "A", "B", "B", "D", "D"])
    standard_errors = clustered_se_by_hand(design, residuals, clusters, n_params=2)

    assert [result.params["const"], result.params["x"]] == pytest.approx(coefficients, rel=1e-10)
    assert [result.std_errors["const"], result.std_errors["x"]] == pytest.approx(standard_errors, rel=1e-8)
    assert (result.model, result.nobs, result.n_entities, result.dependent) == (
        "First differences",
        6,
        3,
        "y",
    )


def test_first_differences_max_gap_and_time_effects(gappy_panel):
    short = stats.first_differences(gappy_panel, "y", "x", max_gap=2)
    # Keeps A 2003→2005, B 2003→2004, D 2004→2005.
    dx, dy = np.array([1.5, 1.0, 0.2]), np.array([2.0, 1.5, 0.1])
    coefficients, *_ = np.linalg.lstsq(with_constant(dx), dy, rcond=None)
    assert short.nobs == 3
    assert short.params["x"] == pytest.approx(coefficients[1])

    effects = stats.first_differences(gappy_panel, "y", "x", time_effects=True)
    # Period effects for the end year of each difference (2004, 2005, 2008) instead of one constant.
    dx = np.array([1.5, 1.5, 1.0, 0.5, 0.2, 1.3])
    dy = np.array([2.0, 3.5, 1.5, 1.1, 0.1, 2.9])
    end_year = np.array([2005, 2008, 2004, 2008, 2005, 2008])
    dummies = np.column_stack([end_year == year for year in (2004, 2005, 2008)]).astype(float)
    coefficients, *_ = np.linalg.lstsq(np.column_stack([dx, dummies]), dy, rcond=None)
    assert effects.params["x"] == pytest.approx(coefficients[0], rel=1e-8)


def test_lag_within_entity_uses_previous_available_observation():
    frame = pd.DataFrame(
        {
            "iso3": ["B", "A", "A", "A", "A", "A", "B"],
            "year": [2004, 2008, 2003, 2005, 2006, 2004, 2003],
            "egdi": [0.4, 0.8, 0.1, 0.5, np.nan, np.nan, 0.3],
        }
    )
    lagged = stats.lag_within_entity(frame, "egdi", with_time=True)

    # Same rows in the same order; A: 2003 0.1, 2004 NaN, 2005 0.5, 2006 NaN, 2008 0.8.
    assert list(lagged.index) == list(frame.index)
    expected_lag = [0.3, 0.5, np.nan, 0.1, 0.5, 0.1, np.nan]
    expected_year = [2003, 2005, np.nan, 2003, 2005, 2003, np.nan]
    np.testing.assert_array_equal(lagged["egdi_lag1"].to_numpy(), expected_lag)
    np.testing.assert_array_equal(lagged["egdi_lag1_year"].to_numpy(), expected_year)

    second = stats.lag_within_entity(frame.set_index(["iso3", "year"]), ["egdi"], periods=2)
    assert second.loc[("A", 2008), "egdi_lag2"] == 0.1
    assert math.isnan(second.loc[("A", 2005), "egdi_lag2"])
    assert list(second.columns) == ["egdi", "egdi_lag2"]
    with pytest.raises(ValueError, match="at least 1"):
        stats.lag_within_entity(frame, "egdi", periods=0)


# --------------------------------------------------------------------------------------------------
# Convergence
# --------------------------------------------------------------------------------------------------


def test_logit_share_values_and_clipping():
    assert stats.logit_share(50.0) == 0.0
    assert stats.logit_share(90.0) == pytest.approx(math.log(9))
    assert stats.logit_share(0.0) == pytest.approx(math.log(0.005 / 0.995))  # clipped to 0.5 %
    assert stats.logit_share(100.0, eps_pct=1.0) == pytest.approx(math.log(99))
    shares = pd.Series([10.0, np.nan], index=["CHN", "USA"], name="internet")
    logits = stats.logit_share(shares)
    assert logits.name == "internet" and list(logits.index) == ["CHN", "USA"]
    assert logits["CHN"] == pytest.approx(math.log(1 / 9)) and math.isnan(logits["USA"])
    with pytest.raises(ValueError, match="percentages"):
        stats.logit_share(pd.Series([0.5, 120.0]))


def test_sigma_convergence_three_countries_by_hand():
    frame = pd.DataFrame(
        {
            "iso3": ["A", "B", "C"] * 2,
            "year": [2000] * 3 + [2010] * 3,
            "region": ["north", "north", "south"] * 2,
            "share": [10.0, 50.0, 90.0, 40.0, 50.0, 60.0],
        }
    )
    table = stats.sigma_convergence(frame, "share").set_index("year")

    assert list(table.columns) == ["n", "mean", "sd", "cv", "p10", "p90", "p90_p10"]
    first = table.loc[2000]
    # logits: -ln 9, 0, ln 9 → sample sd = ln 9; raw sd = 40, mean 50; p10 = 10 + 0.2·40, p90 = 90 − 0.2·40
    assert first["n"] == 3 and first["mean"] == pytest.approx(50)
    assert first["sd"] == pytest.approx(math.log(9))
    assert first["cv"] == pytest.approx(40 / 50)
    assert (first["p10"], first["p90"], first["p90_p10"]) == pytest.approx((18, 82, 64))
    later = table.loc[2010]
    assert later["sd"] == pytest.approx(math.log(60 / 40))  # logit(60) = ln 1.5
    assert later["p90_p10"] == pytest.approx(16)
    assert later["sd"] < first["sd"]  # sigma convergence

    raw = stats.sigma_convergence(frame, "share", transform="none").set_index("year")
    assert raw.loc[2000, "sd"] == pytest.approx(40)

    grouped = stats.sigma_convergence(frame, "share", group="region").set_index(["year", "region"])
    assert grouped.loc[(2000, "north"), "sd"] == pytest.approx(math.log(9) / math.sqrt(2))
    assert grouped.loc[(2000, "south"), "n"] == 1 and math.isnan(grouped.loc[(2000, "south"), "sd"])


def test_beta_convergence_exact_linear_relation_and_half_life():
    start_levels = np.array([5.0, 20.0, 35.0, 50.0, 70.0, 85.0])
    alpha, beta, span = 0.3, -0.02, 10
    logit_start = np.log(start_levels / (100 - start_levels))
    logit_end = logit_start + span * (alpha + beta * logit_start)
    end_levels = 100 / (1 + np.exp(-logit_end))
    frame = pd.DataFrame(
        {
            "iso3": [f"C{i}" for i in range(6)] * 2 + ["LATE"],
            "year": [2000] * 6 + [2010] * 6 + [2010],  # LATE has no 2000 value and is left out
            "share": [*start_levels, *end_levels, 30.0],
        }
    )
    convergence = stats.beta_convergence(frame, "share", 2000, 2010)

    assert convergence.beta == pytest.approx(beta, abs=1e-12)
    assert convergence.result.params["const"] == pytest.approx(alpha, abs=1e-12)
    assert convergence.result.nobs == 6
    rate = -math.log(1 + beta * span) / span  # = -ln(0.8) / 10
    assert convergence.convergence_rate == pytest.approx(rate)
    assert convergence.half_life == pytest.approx(math.log(2) / rate)  # ≈ 31.06 years
    assert convergence.half_life == pytest.approx(31.0628, abs=1e-3)
    assert list(convergence.data.columns) == [
        "iso3",
        "share_2000",
        "share_2010",
        "initial_level",
        "annual_change",
    ]


def test_beta_convergence_without_a_half_life():
    levels = np.array([1.0, 2.0, 4.0, 8.0, 16.0])

    def frame_with_end(end_levels: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(
            {"iso3": list("ABCDE") * 2, "year": [2000] * 5 + [2010] * 5, "gdp": [*levels, *end_levels]}
        )

    # Divergence: growth rises with the initial level (beta = +0.01 in logs).
    diverging = stats.beta_convergence(
        frame_with_end(levels * np.exp(0.1 * (1 + np.log(levels)))), "gdp", 2000, 2010, transform="log"
    )
    assert diverging.beta == pytest.approx(0.01)
    assert diverging.half_life is None and diverging.convergence_rate is None
    # Overshooting: beta·T = -1.5 < -1, the ranking reverses, no exponential rate fits.
    overshooting = stats.beta_convergence(
        frame_with_end(levels * np.exp(-1.5 * np.log(levels))), "gdp", 2000, 2010, transform="log"
    )
    assert overshooting.beta == pytest.approx(-0.15)
    assert overshooting.half_life is None
    with pytest.raises(ValueError, match="after start"):
        stats.beta_convergence(frame_with_end(levels), "gdp", 2010, 2000)


# --------------------------------------------------------------------------------------------------
# Thresholds, peaks and windows
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


def located(year: float) -> stats.Crossing:
    return stats.Crossing(year, "interpolated", interval=(year - 1, year + 1), threshold=10.0)


def test_process_window_duration_and_censoring():
    window = stats.process_window(located(1950.0), located(1975.5))
    assert (window.start, window.end, window.duration, window.censored) == (1950.0, 1975.5, 25.5, False)

    open_ended = stats.process_window(located(1990.0), stats.Crossing(None, "not_reached", bound=2022.0))
    assert (open_ended.duration, open_ended.censored, open_ended.end_range) == (
        None,
        True,
        (2022.0, math.inf),
    )
    left = stats.process_window(stats.Crossing(None, "before_coverage", bound=1960.0), located(1980.0))
    assert left.censored and left.start_range == (-math.inf, 1960.0)
    with pytest.raises(ValueError, match="before the start"):
        stats.process_window(located(2000.0), located(1990.0))


def test_overlap_cases():
    def window(start, end):
        return stats.process_window(
            start if isinstance(start, stats.Crossing) else located(start),
            end if isinstance(end, stats.Crossing) else located(end),
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
# Tables and serialization
# --------------------------------------------------------------------------------------------------


def test_results_table_formatting():
    ols = make_result()
    fe = make_result(
        params={"x": -0.04, "w": 3.0},
        std_errors={"x": 0.05, "w": 1.0},
        pvalues={"x": 0.07, "w": 0.2},
        conf_int={"x": (-0.1, 0.02), "w": (1.0, 5.0)},
        nobs=900,
        r2=0.12,
        r2_within=0.0345,
        model="Two-way FE",
        cov_type="clustered by iso3",
        n_entities=150,
    )
    table = stats.results_table([ols, fe], terms=["x", "z", "w"])

    assert list(table.columns) == ["(1)", "(2)"]
    expected_rows = [
        "x",
        "x (se)",
        "z",
        "z (se)",
        "w",
        "w (se)",
        "N",
        "Entities",
        "R²",
        "Within R²",
        "Model",
        "SE",
    ]
    assert list(table.index) == expected_rows
    assert table["(1)"].tolist() == [
        "1.235***",
        "(0.200)",
        "-0.500**",
        "(0.300)",
        "",
        "",
        "120",
        "",
        "0.457",
        "",
        "OLS",
        "HC3",
    ]
    assert table["(2)"].tolist() == [
        "-0.040*",
        "(0.050)",
        "",
        "",
        "3.000",
        "(1.000)",
        "900",
        "150",
        "0.120",
        "0.035",
        "Two-way FE",
        "clustered by iso3",
    ]
    named = stats.results_table([ols], terms=["x"], column_names=["Cross-section"], digits=2)
    assert named.loc["x", "Cross-section"] == "1.23***"
    with pytest.raises(ValueError, match="column names"):
        stats.results_table([ols], terms=["x"], column_names=["a", "b"])


def test_significance_star_boundaries():
    assert [stats.significance_stars(p) for p in (0.0099, 0.01, 0.049, 0.05, 0.099, 0.1, float("nan"))] == [
        "***",
        "**",
        "**",
        "*",
        "*",
        "",
        "",
    ]


def test_results_table_numeric_and_to_row():
    ols, fe = (
        make_result(),
        make_result(model="Two-way FE", r2_within=0.3, n_entities=40, params={"x": 2.0, "const": 0.1}),
    )
    table = stats.results_table_numeric([ols, fe], terms=["x", "z"])
    assert list(table.columns) == stats.NUMERIC_COLUMNS
    assert list(zip(table["column"], table["term"], strict=True)) == [
        (1, "x"),
        (1, "z"),
        (2, "x"),
    ]  # fe has no "z"
    assert table.loc[2, "coef"] == 2.0 and table.loc[2, "n_entities"] == 40
    assert math.isnan(table.loc[0, "r2_within"]) and table["nobs"].dtype == np.int64
    row = ols.to_row("x")
    assert (row["coef"], row["se"], row["ci_low"], row["ci_high"], row["pvalue"]) == (
        1.23456,
        0.2,
        0.8,
        1.6,
        0.005,
    )
    assert len(stats.results_table_numeric([ols])) == 3
    with pytest.raises(KeyError, match="nope"):
        ols.to_row("nope")


def test_result_to_dict_is_plain_rounded_and_deterministic(cross_section):
    result = stats.ols_hc3(cross_section, "y", "x", controls=["z"])
    first = json.dumps(stats.result_to_dict(result), sort_keys=True)
    second = json.dumps(
        stats.result_to_dict(stats.ols_hc3(cross_section.copy(), "y", "x", controls=["z"])), sort_keys=True
    )
    assert first == second

    # Differences beyond 10 significant digits (BLAS noise) do not change the output.
    noisy = make_result(params={"const": 0.5 * (1 + 1e-13), "x": 1.23456, "z": -0.5})
    assert json.dumps(stats.result_to_dict(noisy)) == json.dumps(stats.result_to_dict(make_result()))

    as_dict = stats.result_to_dict(make_result(params={"const": 1 / 3, "x": float("nan"), "z": -0.0}))
    assert as_dict["params"] == {"const": 0.3333333333, "x": None, "z": 0.0}
    assert as_dict["conf_int"]["x"] == [0.8, 1.6] and as_dict["r2_within"] is None
    assert as_dict["nobs"] == 120 and type(as_dict["nobs"]) is int
    json.dumps(as_dict, allow_nan=False)  # strictly valid JSON
