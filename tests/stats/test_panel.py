"""Tests for helpers.stats.panel: the panel estimators against hand computations, and the panel measures."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import stats

# --------------------------------------------------------------------------------------------------
# Fixtures and independent reference computations
# --------------------------------------------------------------------------------------------------


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


@pytest.fixture
def small_panel() -> pd.DataFrame:
    # A: complete in 2003, 2005, 2008 (2004 lacks y); B: first complete row is 2004; C: one complete row.
    return pd.DataFrame(
        {
            "iso3": ["A", "A", "A", "A", "B", "B", "B", "C", "C"],
            "year": [2003, 2004, 2005, 2008, 2003, 2004, 2008, 2003, 2004],
            "x": [0.2, 0.3, 0.4, 0.6, np.nan, 0.5, 0.45, 0.1, np.nan],
            "y": [-1.0, np.nan, -0.5, 0.0, 1.0, 1.2, 1.5, 0.3, 0.4],
        }
    )


def with_constant(*columns: np.ndarray) -> np.ndarray:
    return np.column_stack([np.ones(len(columns[0])), *columns])


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


# --------------------------------------------------------------------------------------------------
# Estimators
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


# --------------------------------------------------------------------------------------------------
# Lags, paths and long differences
# --------------------------------------------------------------------------------------------------


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


def test_changes_since_first_uses_the_first_complete_row(small_panel):
    paths = stats.changes_since_first(small_panel, ["x", "y"])
    assert list(paths.columns) == ["iso3", "year", "first_year", "x", "x_change", "y", "y_change"]
    assert list(zip(paths["iso3"], paths["year"], strict=True)) == [
        ("A", 2003), ("A", 2005), ("A", 2008), ("B", 2004), ("B", 2008), ("C", 2003)
    ]
    a = paths[paths["iso3"] == "A"]
    np.testing.assert_allclose(a["x_change"], [0.0, 0.2, 0.4])
    np.testing.assert_allclose(a["y_change"], [0.0, 0.5, 1.0])
    b = paths[paths["iso3"] == "B"]
    assert (b["first_year"] == 2004).all()  # 2003 lacks x, so B's baseline is 2004
    np.testing.assert_allclose(b["x_change"], [0.0, -0.05])
    np.testing.assert_allclose(b["y_change"], [0.0, 0.3])


def test_changes_since_first_accepts_an_index_and_a_single_column(small_panel):
    paths = stats.changes_since_first(small_panel.set_index(["iso3", "year"]), "x")
    assert len(paths) == 7  # every row with x
    assert paths.loc[(paths["iso3"] == "B") & (paths["year"] == 2008), "x_change"].item() == pytest.approx(-0.05)


def test_first_last_changes_are_long_differences(small_panel):
    table = stats.first_last_changes(small_panel, ["x", "y"])
    assert list(table["iso3"]) == ["A", "B"]  # C has a single complete row
    a = table.set_index("iso3").loc["A"]
    assert (a["first_year"], a["last_year"], a["n_obs"]) == (2003, 2008, 3)
    assert a["x_first"] == pytest.approx(0.2) and a["x_last"] == pytest.approx(0.6)
    assert a["x_change"] == pytest.approx(0.4) and a["y_change"] == pytest.approx(1.0)
    b = table.set_index("iso3").loc["B"]
    assert b["y_change"] == pytest.approx(0.3) and b["first_year"] == 2004


def test_first_last_changes_refuses_duplicate_rows(small_panel):
    with pytest.raises(ValueError, match="several rows"):
        stats.first_last_changes(pd.concat([small_panel, small_panel.head(1)]), ["x", "y"])


# --------------------------------------------------------------------------------------------------
# Within-entity standardized coefficients
# --------------------------------------------------------------------------------------------------


def _fake_result(coef: float, nobs: int) -> stats.RegressionResult:
    return stats.RegressionResult(
        dependent="y", regressors=["x"], params={"x": coef}, std_errors={"x": 0.1}, pvalues={"x": 0.5},
        conf_int={"x": (coef - 0.2, coef + 0.2)}, nobs=nobs, r2=0.0, r2_within=0.0, cov_type="test",
        model="Two-way FE", n_entities=2,
    )


def test_within_standardized_coef_by_hand():
    frame = pd.DataFrame({"iso3": ["A", "A", "B", "B"], "year": [1, 2, 1, 2],
                          "x": [1.0, 3.0, 0.0, 4.0], "y": [2.0, 6.0, 1.0, 1.0]})
    # Demeaned x: −1, 1, −2, 2 → sd √2.5; demeaned y: −2, 2, 0, 0 → sd √2 (population sd, ddof 0).
    value = stats.within_standardized_coef(frame, _fake_result(0.5, 4))
    assert value == pytest.approx(0.5 * math.sqrt(2.5) / math.sqrt(2.0))


def test_within_standardized_coef_matches_an_independent_computation():
    rng = np.random.default_rng(3)
    index = pd.MultiIndex.from_product([[f"E{i}" for i in range(12)], range(2000, 2006)], names=["iso3", "year"])
    frame = pd.DataFrame(index=index).reset_index()
    effect = frame["iso3"].map({f"E{i}": rng.normal() * 2 for i in range(12)})
    frame["x"] = rng.normal(size=len(frame)) + effect
    frame["y"] = 0.8 * frame["x"] + effect + rng.normal(size=len(frame))
    frame.loc[[3, 17], "y"] = np.nan  # the estimation sample excludes these rows
    result = stats.twoway_fe(frame, "y", "x")
    used = frame.dropna()
    x_within = used["x"] - used.groupby("iso3")["x"].transform("mean")
    y_within = used["y"] - used.groupby("iso3")["y"].transform("mean")
    expected = result.params["x"] * np.std(x_within) / np.std(y_within)
    assert stats.within_standardized_coef(frame, result) == pytest.approx(expected, rel=1e-12)


def test_within_standardized_coef_checks_its_inputs():
    frame = pd.DataFrame({"iso3": ["A", "A", "B", "B"], "year": [1, 2, 1, 2],
                          "x": [1.0, 3.0, 0.0, 4.0], "y": [2.0, 6.0, 1.0, 1.0]})
    with pytest.raises(ValueError, match="pass the fitted frame"):
        stats.within_standardized_coef(frame, _fake_result(0.5, 3))
    with pytest.raises(KeyError, match="'z'"):
        stats.within_standardized_coef(frame, _fake_result(0.5, 4), term="z")
    flat = frame.assign(y=[1.0, 1.0, 2.0, 2.0])
    with pytest.raises(ValueError, match="does not vary"):
        stats.within_standardized_coef(flat, _fake_result(0.5, 4))


# --- notebook 02's two charts of these measures (smoke tests of helpers.plots: they draw, label and keep
# the highlight colours) --------------------------------------------------------------------------
