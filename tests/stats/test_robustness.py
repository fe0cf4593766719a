"""Tests for helpers.stats.robustness and romano_wolf: hand-computed and package cross-checks, behaviour
under the null and under a real effect, and constructed cases with a known answer."""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from helpers import stats


def panel(seed: int, n_entities: int = 40, n_periods: int = 8, beta: float = 0.0) -> pd.DataFrame:
    """Two-way effects, x persistent within entity, y = beta·x + effects + noise."""
    rng = np.random.default_rng(seed)
    frame = pd.MultiIndex.from_product([range(n_entities), range(2000, 2000 + n_periods)],
                                       names=["iso3", "year"]).to_frame(index=False)
    entity = frame["iso3"].map(dict(enumerate(rng.normal(size=n_entities))))
    period = frame["year"].map({y: rng.normal() for y in frame["year"].unique()})
    frame["x"] = entity + rng.normal(size=len(frame))
    frame["z"] = rng.normal(size=len(frame))
    frame["y"] = beta * frame["x"] + 0.5 * frame["z"] + entity + period + rng.normal(size=len(frame))
    frame["income_group"] = np.where(frame["iso3"] % 2 == 0, "High income", "Low income")
    return frame


def small_clusters(seed: int = 1, groups: int = 8, per: int = 6) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({"iso3": np.repeat(np.arange(groups), per), "year": np.tile(np.arange(per), groups)})
    frame["x"] = rng.normal(size=len(frame)) + np.repeat(rng.normal(size=groups), per)
    frame["z"] = rng.normal(size=len(frame))
    frame["y"] = (0.3 * frame["x"] + 0.5 * frame["z"] + np.repeat(rng.normal(size=groups), per)
                  + rng.normal(size=len(frame)))
    return frame


# --------------------------------------------------------------------------------------------------
# Wild cluster bootstrap
# --------------------------------------------------------------------------------------------------


def clustered_t(y, design, clusters, column):
    fit = sm.OLS(y, design).fit(cov_type="cluster", cov_kwds={"groups": clusters, "use_correction": True})
    return fit.params.iloc[column] / fit.bse.iloc[column]


def test_wcr_by_hand_on_every_sign_vector():
    frame = small_clusters()
    result = stats.wild_cluster_bootstrap(frame, "y", "x", ["z"], "pooled", reps=999, interval=False)
    assert result.details["enumerated"] and result.details["reps"] == 2**8
    design = sm.add_constant(frame[["x", "z"]])
    observed = clustered_t(frame["y"], design, frame["iso3"], 1)
    restricted = sm.OLS(frame["y"], design[["const", "z"]]).fit()
    hits = 0
    for signs in itertools.product([-1.0, 1.0], repeat=8):
        y_star = restricted.fittedvalues + restricted.resid * np.array(signs)[frame["iso3"]]
        hits += abs(clustered_t(y_star, design, frame["iso3"], 1)) >= abs(observed) - 1e-12
    assert result.pvalue == pytest.approx(hits / 2**8, abs=1e-12)
    assert result.details["t"] == pytest.approx(observed, rel=1e-10)


def test_wcr_agrees_with_the_wildboottest_package():
    wildboottest = pytest.importorskip("wildboottest.wildboottest", reason="wildboottest is not installed")
    frame = small_clusters()
    model = sm.OLS(frame["y"], sm.add_constant(frame[["x", "z"]]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "2^G < the number of boot iterations": enumerated
        table = wildboottest.wildboottest(model, param="x", cluster=frame["iso3"].to_numpy(), B=999,
                                          weights_type="rademacher", impose_null=True, bootstrap_type="11",
                                          seed=3, show=False)
    ours = stats.wild_cluster_bootstrap(frame, "y", "x", ["z"], "pooled", reps=999, interval=False)
    assert ours.details["t"] == pytest.approx(float(table["statistic"].iloc[0]), rel=1e-8)
    # Both enumerate the 256 sign vectors; wildboottest counts |t*| > |t|, here |t*| ≥ |t|: the all-ones
    # vector and its mirror reproduce the observed |t| exactly, so ours is larger by 2/256.
    assert ours.pvalue == pytest.approx(float(table["p-value"].iloc[0]) + 2 / 256, abs=1e-12)


def test_wcr_pvalues_are_roughly_uniform_under_the_null_and_small_under_an_effect():
    null_p = [stats.wild_cluster_bootstrap(panel(seed), "y", "x", ["z"], reps=199, seed=seed, interval=False).pvalue
              for seed in range(40)]
    assert 0.02 <= np.mean(np.array(null_p) < 0.1) <= 0.25  # about 10 % of the p-values below 0.1
    assert 0.3 <= np.mean(null_p) <= 0.7
    effect = stats.wild_cluster_bootstrap(panel(99, beta=0.4), "y", "x", ["z"], reps=199, weights="webb")
    assert effect.pvalue < 0.01
    assert effect.ci_low < 0.4 < effect.ci_high


def test_wcr_interval_is_close_to_the_t_interval_with_many_clusters():
    frame = panel(5, n_entities=80, beta=0.3)
    result = stats.wild_cluster_bootstrap(frame, "y", "x", ["z"], reps=399, seed=4)
    single = stats.estimate_specification(frame, "y", "x", ["z"], "twoway_fe")
    low, high = single.conf_int["x"]
    width = high - low
    assert abs(result.ci_low - low) < 0.2 * width and abs(result.ci_high - high) < 0.2 * width
    assert result.ci_low < result.estimate < result.ci_high


def test_checks_are_seeded_and_deterministic():
    frame = panel(2)
    first = stats.wild_cluster_bootstrap(frame, "y", "x", ["z"], reps=99, seed=7, interval=False)
    again = stats.wild_cluster_bootstrap(frame, "y", "x", ["z"], reps=99, seed=7, interval=False)
    assert first == again
    assert (stats.randomization_inference(frame, "y", "x", ["z"], reps=49, seed=3)
            == stats.randomization_inference(frame, "y", "x", ["z"], reps=49, seed=3))
    with pytest.raises(TypeError, match="seed must be an int"):
        stats.randomization_inference(frame, "y", "x", ["z"], reps=9, seed=None)
    with pytest.raises(ValueError, match="weights must be one of"):
        stats.wild_cluster_bootstrap(frame, "y", "x", ["z"], weights="mammen")


# --------------------------------------------------------------------------------------------------
# Randomization inference, placebo lead
# --------------------------------------------------------------------------------------------------


def test_randomization_inference_under_the_null_and_under_an_effect():
    null_p = [stats.randomization_inference(panel(seed), "y", "x", ["z"], reps=99, seed=seed).pvalue
              for seed in range(30)]
    assert 0.3 <= np.mean(null_p) <= 0.7
    assert np.mean(np.array(null_p) < 0.1) <= 0.25
    effect = stats.randomization_inference(panel(99, beta=0.4), "y", "x", ["z"], reps=199, seed=1)
    assert effect.pvalue == pytest.approx(1 / 200)  # no permutation comes near the real estimate
    assert effect.details["reps"] == 199
    low, _, high = effect.details["null_quantiles"]
    assert low < 0 < high


def test_placebo_lead_is_zero_for_a_contemporaneous_effect():
    frame = panel(4, n_entities=100, beta=0.5)
    result = stats.placebo_lead(frame, "y", "x", ["z"])
    assert abs(result.estimate) < 4 * (result.ci_high - result.ci_low) / (2 * 1.98)
    assert result.ci_low < 0 < result.ci_high or result.pvalue > 0.001
    assert result.details["treatment_estimate"] == pytest.approx(0.5, abs=0.15)
    # The last period has no lead and drops out.
    assert result.details["nobs"] == 100 * 7


def test_placebo_lead_finds_an_outcome_that_follows_the_future_treatment():
    frame = panel(4, n_entities=100)
    frame = frame.sort_values(["iso3", "year"])
    future_x = frame.groupby("iso3")["x"].shift(-1)
    frame["y"] = frame["y"] + 0.8 * future_x.fillna(0)
    result = stats.placebo_lead(frame, "y", "x", ["z"])
    assert result.estimate == pytest.approx(0.8, abs=0.2) and result.pvalue < 0.001


# --------------------------------------------------------------------------------------------------
# Oster
# --------------------------------------------------------------------------------------------------


def test_oster_delta_is_one_when_the_unobservable_is_a_copy_of_the_observable():
    # y = 0.5x + w + v + e, x = w + v + u: the unobserved v is selected on exactly like the observed w
    # (δ = 1), so with R_max the R² of the full model, δ for the true β = 0.5 is about 1 and β* ≈ 0.5.
    rng = np.random.default_rng(0)
    n = 200_000
    w, v = rng.normal(size=n), rng.normal(size=n)
    x = w + v + rng.normal(size=n)
    y = 0.5 * x + w + v + rng.normal(size=n)
    frame = pd.DataFrame({"iso3": np.arange(n), "year": 2020, "x": x, "w": w, "y": y})
    full = sm.OLS(y, sm.add_constant(np.column_stack([x, w, v]))).fit()
    result = stats.oster_delta(frame, "y", "x", ["w"], "cross_section", r_max=full.rsquared, beta=0.5)
    assert result.details["delta"] == pytest.approx(1.0, abs=0.05)
    assert result.estimate == pytest.approx(0.5, abs=0.05)
    assert result.details["beta_short"] > result.details["beta_controlled"] > 0.5
    assert math.isnan(result.pvalue)


def test_oster_delta_is_large_when_controls_do_not_move_the_coefficient():
    frame = panel(6, n_entities=200, beta=0.5)
    result = stats.oster_delta(frame, "y", "x", ["z"])  # z is independent of x
    assert abs(result.details["delta"]) > 5
    with pytest.raises(ValueError, match="at least one observed control"):
        stats.oster_delta(frame, "y", "x", [])
    with pytest.raises(ValueError, match="r_max must lie"):
        stats.oster_delta(frame, "y", "x", ["z"], r_max=0.0)


# --------------------------------------------------------------------------------------------------
# Heterogeneity
# --------------------------------------------------------------------------------------------------


def test_heterogeneity_finds_different_effects_and_not_equal_ones():
    same = stats.heterogeneity_by_group(panel(7, n_entities=80, beta=0.5), "y", "x", ["z"], group="income_group")
    assert same.pvalue > 0.01
    assert list(same.details["groups"]["group"]) == ["High income", "Low income"]
    frame = panel(7, n_entities=80, beta=0.5)
    low = frame["income_group"] == "Low income"
    frame.loc[low, "y"] = frame.loc[low, "y"] + 1.0 * frame.loc[low, "x"]
    different = stats.heterogeneity_by_group(frame, "y", "x", ["z"], group="income_group")
    assert different.pvalue < 0.001
    table = different.details["groups"].set_index("group")["estimate"]
    assert table["Low income"] - table["High income"] == pytest.approx(1.0, abs=0.3)
    assert different.details["df"] == (1, 39)  # 40 entities in each group
    # Cochran's Q by hand from the two groups' estimates.
    groups = different.details["groups"]
    w = 1 / groups["se"] ** 2
    mean = (w * groups["estimate"]).sum() / w.sum()
    assert different.details["q"] == pytest.approx((w * (groups["estimate"] - mean) ** 2).sum())


# --------------------------------------------------------------------------------------------------
# Romano–Wolf
# --------------------------------------------------------------------------------------------------


def test_romano_wolf_with_identical_tests_keeps_each_bootstrap_pvalue():
    rng = np.random.default_rng(1)
    column = rng.standard_normal(999)
    boot = np.column_stack([column, column, column])
    adjusted = stats.romano_wolf({"a": 2.5, "b": 1.0, "c": 0.2}, boot)
    raw = {name: (1 + np.sum(np.abs(column) >= t)) / 1000 for name, t in {"a": 2.5, "b": 1.0, "c": 0.2}.items()}
    assert adjusted.to_dict() == pytest.approx(raw)


def test_romano_wolf_with_independent_tests_lies_between_the_raw_pvalues_and_holm():
    rng = np.random.default_rng(2)
    boot = rng.standard_normal((19_999, 4))
    observed = pd.Series([3.0, 2.2, 1.5, 0.3], index=list("abcd"))
    adjusted = stats.romano_wolf(observed, boot)
    raw = pd.Series({k: (1 + np.sum(np.abs(boot[:, i]) >= t)) / 20_000 for i, (k, t) in enumerate(observed.items())})
    assert (adjusted >= raw - 1e-12).all()
    assert (adjusted <= stats.holm(raw) + 0.01).all()
    # Independent tests: the first step is Šidák's 1 − (1 − p)^4.
    assert adjusted["a"] == pytest.approx(1 - (1 - raw["a"]) ** 4, abs=0.002)
    assert adjusted.is_monotonic_increasing  # ordered by |t| here
    with pytest.raises(ValueError, match="must be"):
        stats.romano_wolf(observed, boot[:, :3])


def test_bootstrap_family_and_romano_wolf_on_a_panel():
    frame = panel(3, n_entities=60, beta=0.0)
    frame["y_effect"] = frame["y"] + 0.5 * frame["x"]
    frame["y_other"] = frame["y"] + np.random.default_rng(0).normal(size=len(frame))
    observed, boot = stats.bootstrap_family(frame, ["y_effect", "y", "y_other"], "x", ["z"], reps=499, seed=2)
    assert boot.shape == (499, 3)
    single = stats.estimate_specification(frame, "y", "x", ["z"], "twoway_fe")
    assert observed[1] == pytest.approx(single.params["x"] / single.std_errors["x"], rel=1e-10)
    adjusted = stats.romano_wolf(pd.Series(observed, index=["effect", "none", "other"]), boot)
    assert adjusted["effect"] < 0.01
    assert adjusted["none"] > 0.05 and adjusted["other"] > 0.05
    # The bootstrap t of the two outcomes that share y's noise are strongly correlated.
    assert np.corrcoef(boot[:, 1], boot[:, 0])[0, 1] > 0.9
