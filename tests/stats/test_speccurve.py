"""Tests for helpers.stats.speccurve: the estimators against linearmodels and hand computations, known
effects recovered, trends that only look like effects, the curve and its summary."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats as scipy_stats

from helpers import stats


def synthetic_panel(seed: int = 3, n_entities: int = 40, years=range(2003, 2023, 2), beta: float = 0.5,
                    trend_only: bool = False, drop: float = 0.1) -> pd.DataFrame:
    """Entity and time effects, x correlated with the entity effect; y = beta·x + effects + noise.

    ``trend_only``: x and y both follow entity-specific linear trends and y does not depend on x.
    ``drop``: share of rows removed at random (unbalanced panel).
    """
    rng = np.random.default_rng(seed)
    years = list(years)
    index = pd.MultiIndex.from_product([[f"E{i:02d}" for i in range(n_entities)], years], names=["iso3", "year"])
    frame = index.to_frame(index=False)
    entity_effect = frame["iso3"].map({e: rng.normal() * 2 for e in frame["iso3"].unique()})
    time_effect = frame["year"].map({y: rng.normal() for y in years})
    slope = frame["iso3"].map({e: rng.normal() for e in frame["iso3"].unique()})
    t = (frame["year"] - years[0]) / 10
    frame["z"] = rng.normal(size=len(frame))
    if trend_only:
        frame["x"] = entity_effect + slope * t + rng.normal(size=len(frame)) * 0.3
        frame["y"] = 2 * entity_effect + 1.5 * slope * t + time_effect + rng.normal(size=len(frame)) * 0.3
    else:
        frame["x"] = rng.normal(size=len(frame)) + entity_effect
        frame["y"] = beta * frame["x"] - 0.3 * frame["z"] + entity_effect + time_effect + rng.normal(size=len(frame))
    keep = rng.random(len(frame)) >= drop
    return frame.loc[keep].reset_index(drop=True)


def t_pvalue(estimate: float, se: float, df: int) -> float:
    return float(2 * scipy_stats.t.sf(abs(estimate / se), df))


# --------------------------------------------------------------------------------------------------
# The estimators against the panel estimators of helpers.stats (linearmodels) and by hand
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def panel() -> pd.DataFrame:
    frame = synthetic_panel()
    # A singleton entity and a missing control: the counts must follow linearmodels'.
    frame = pd.concat([frame, pd.DataFrame({"iso3": ["S1"], "year": [2005], "x": [0.3], "z": [0.1], "y": [1.0]})])
    frame.loc[frame.index[5], "z"] = np.nan
    return frame.reset_index(drop=True)


def test_twoway_fe_equals_linearmodels_and_only_the_degrees_of_freedom_differ(panel):
    reference = stats.twoway_fe(panel, "y", "x", ["z"])
    result = stats.estimate_specification(panel, "y", "x", ["z"], "twoway_fe")
    for term in ("x", "z"):
        assert result.params[term] == pytest.approx(reference.params[term], abs=1e-10)
        assert result.std_errors[term] == pytest.approx(reference.std_errors[term], abs=1e-10)
    assert (result.nobs, result.n_entities) == (reference.nobs, reference.n_entities)
    # p-values: G − 1 degrees of freedom here, n − k in linearmodels (the documented convention).
    g = result.n_entities
    assert result.pvalues["x"] == pytest.approx(t_pvalue(result.params["x"], result.std_errors["x"], g - 1), rel=1e-9)
    assert reference.pvalues["x"] == pytest.approx(
        t_pvalue(reference.params["x"], reference.std_errors["x"], reference.nobs - 3), rel=1e-9)
    half = scipy_stats.t.ppf(0.975, g - 1) * result.std_errors["x"]
    assert result.conf_int["x"] == pytest.approx((result.params["x"] - half, result.params["x"] + half), abs=1e-12)


def test_first_differences_and_pooled_equal_linearmodels(panel):
    pairs = [
        ("first_differences", stats.first_differences(panel, "y", "x", ["z"], time_effects=True)),
        ("pooled", stats.pooled_ols(panel, "y", "x", ["z"])),
    ]
    for estimator, reference in pairs:
        result = stats.estimate_specification(panel, "y", "x", ["z"], estimator)
        assert result.params["x"] == pytest.approx(reference.params["x"], abs=1e-10)
        assert result.std_errors["x"] == pytest.approx(reference.std_errors["x"], abs=1e-10)
        assert (result.nobs, result.n_entities) == (reference.nobs, reference.n_entities)


def test_long_difference_is_ols_on_first_to_last_changes_with_hc1(panel):
    complete = panel.dropna(subset=["y", "x", "z"])
    changes = stats.first_last_changes(complete, ["y", "x", "z"])
    design = sm.add_constant(changes[["x_change", "z_change"]])
    reference = sm.OLS(changes["y_change"], design).fit(cov_type="HC1")
    result = stats.estimate_specification(panel, "y", "x", ["z"], "long_difference")
    assert result.params["x"] == pytest.approx(reference.params["x_change"], abs=1e-10)
    assert result.std_errors["x"] == pytest.approx(reference.bse["x_change"], abs=1e-10)
    assert result.nobs == result.n_entities == len(changes)


def test_country_trends_by_hand_with_dummies():
    frame = synthetic_panel(seed=11, n_entities=12, drop=0.15)
    result = stats.estimate_specification(frame, "y", "x", ["z"], "twoway_fe_trends")
    entity = pd.get_dummies(frame["iso3"], dtype=float)
    # One entity's trend is left out: the sum of all entity trends is a common trend the year dummies hold.
    trend = entity.mul(frame["year"] - 2000, axis=0).add_suffix("_t").iloc[:, 1:]
    years = pd.get_dummies(frame["year"], dtype=float).iloc[:, 1:]
    design = pd.concat([frame[["x", "z"]], entity, trend, years], axis=1)
    dummy_fit = sm.OLS(frame["y"], design).fit()
    assert result.params["x"] == pytest.approx(dummy_fit.params["x"], abs=1e-9)
    assert result.params["z"] == pytest.approx(dummy_fit.params["z"], abs=1e-9)


def test_cross_section_needs_one_row_per_entity(panel):
    with pytest.raises(stats.SpecificationError, match="one row per entity"):
        stats.estimate_specification(panel, "y", "x", [], "cross_section")
    one_year = panel[panel["year"] == 2013]
    result = stats.estimate_specification(one_year, "y", "x", [], "cross_section")
    reference = sm.OLS(one_year["y"], sm.add_constant(one_year[["x"]])).fit(cov_type="HC1")
    assert result.params["x"] == pytest.approx(reference.params["x"], abs=1e-10)
    assert result.std_errors["x"] == pytest.approx(reference.bse["x"], abs=1e-10)


# --------------------------------------------------------------------------------------------------
# What the estimators find on data whose truth is known
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("estimator", ["twoway_fe", "twoway_fe_trends", "first_differences", "long_difference"])
def test_known_effect_is_recovered(estimator):
    frame = synthetic_panel(seed=5, n_entities=120, beta=0.5)
    result = stats.estimate_specification(frame, "y", "x", ["z"], estimator)
    # Within four standard errors of the truth (a 95 % interval misses it one time in twenty).
    assert abs(result.params["x"] - 0.5) < 4 * result.std_errors["x"]
    assert result.pvalues["x"] < 0.05
    assert result.params["x"] == pytest.approx(0.5, abs=0.3)


def test_pooled_is_biased_by_the_entity_effect_the_panel_estimators_remove():
    # x is correlated with the entity effect, which also raises y: pooled OLS overstates the slope.
    frame = synthetic_panel(seed=5, n_entities=120, beta=0.5)
    assert stats.estimate_specification(frame, "y", "x", ["z"], "pooled").params["x"] > 0.9


def test_trends_that_only_look_like_an_effect():
    frame = synthetic_panel(seed=8, n_entities=80, trend_only=True)
    pooled = stats.estimate_specification(frame, "y", "x", [], "pooled")
    trends = stats.estimate_specification(frame, "y", "x", [], "twoway_fe_trends")
    assert pooled.params["x"] > 1 and pooled.pvalues["x"] < 0.001
    assert abs(trends.params["x"]) < 0.1 and trends.pvalues["x"] > 0.01


def test_an_absorbed_regressor_is_refused(panel):
    constant_within = panel.assign(w=panel["iso3"].map(lambda e: hash(e) % 7))
    with pytest.raises(stats.SpecificationError, match="absorbed"):
        stats.estimate_specification(constant_within, "y", "w", [], "twoway_fe")
    with pytest.raises(ValueError, match="unknown estimator"):
        stats.estimate_specification(panel, "y", "x", [], "random_effects")


# --------------------------------------------------------------------------------------------------
# The curve and its summary
# --------------------------------------------------------------------------------------------------


def curve_grid() -> pd.DataFrame:
    rows = []
    for estimator in ("pooled", "twoway_fe", "first_differences"):
        for lag in (0, 1):
            for sample in ("all", "big"):
                rows.append({"claim": "t", "outcome": "y", "treatment": "x", "controls": "z", "lag": lag,
                             "estimator": estimator, "timing": "same_year", "sample": sample})
    return pd.DataFrame(rows)


def test_curve_has_the_spec_columns_and_equals_one_fit_per_row(panel):
    frame = stats.lag_within_entity(panel, "x", 1)
    frame["in_big"] = frame["iso3"] < "E30"
    grid = curve_grid()
    curve = stats.specification_curve({"same_year": frame}, grid)
    assert list(curve.columns) == stats.SPEC_COLUMNS == [
        "claim", "outcome", "treatment", "controls", "lag", "estimator", "timing", "sample", "estimate", "se",
        "ci_low", "ci_high", "pvalue", "nobs", "n_countries"]
    assert len(curve) == len(grid)
    pd.testing.assert_frame_equal(curve[stats.GRID_COLUMNS], grid[stats.GRID_COLUMNS], check_dtype=False)
    row = curve.iloc[-1]  # first differences, lag 1, sample "big"
    subset = frame[frame["in_big"]]
    single = stats.estimate_specification(subset, "y", "x_lag1", ["z"], "first_differences")
    assert row["estimate"] == single.params["x_lag1"]
    assert row["pvalue"] == single.pvalues["x_lag1"]
    assert (row["nobs"], row["n_countries"]) == (single.nobs, single.n_entities)


def test_curve_frame_column_and_control_terms(panel):
    grid = curve_grid().iloc[:1].assign(frame="mine", control_terms=[()])
    curve = stats.specification_curve({"mine": panel}, grid)
    assert curve["estimate"].iloc[0] == stats.estimate_specification(panel, "y", "x", [], "pooled").params["x"]
    with pytest.raises(KeyError, match="no frame 'same_year'"):
        stats.specification_curve({"other": panel}, curve_grid().iloc[:1])


def test_curve_names_the_specification_that_fails(panel):
    grid = curve_grid().iloc[:1].assign(treatment="iso3_code")
    frame = panel.assign(iso3_code=panel["iso3"].str[1:].astype(float))
    grid["estimator"] = "twoway_fe"
    with pytest.raises(stats.SpecificationError, match="treatment=iso3_code.*absorbed"):
        stats.specification_curve(frame, grid)


def test_curve_summary_counts_signs_and_significance():
    curve = pd.DataFrame({"estimate": [0.5, 0.2, -0.1, -0.4, 0.3, np.nan],
                          "pvalue": [0.01, 0.30, 0.20, 0.001, 0.049, np.nan]})
    summary = stats.curve_summary(curve)
    assert summary == {"n": 5, "median": 0.2, "share_positive_significant": 0.4,
                       "share_negative_significant": 0.2, "share_positive": 0.6}
    assert stats.curve_summary(curve, alpha=0.01)["share_positive_significant"] == 0.0
    assert math.isnan(stats.curve_summary(curve.iloc[5:])["median"])
    with pytest.raises(ValueError, match="alpha"):
        stats.curve_summary(curve, alpha=5)
