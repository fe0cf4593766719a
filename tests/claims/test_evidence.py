"""Evidence gathered by the estimators on synthetic panels whose truth the test sets, then judged by the rules.

A real within-country effect must come out supported; no effect not supported; a country-specific trend
that drives both indices (so a two-way FE slope looks like an effect) must not come out supported — the
two-way FE with country trends removes it and the placebo lead picks it up; an outcome without data is not
testable. The evidence goes through the whole robustness battery and the rules the project's registry
declares (every check b1 requires is run).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from helpers import config, stats
from helpers.claims import evidence as ev
from helpers.claims.registry import parse_registry
from helpers.claims.rules import decide

ESTIMATORS = ("pooled", "twoway_fe", "twoway_fe_trends", "first_differences", "long_difference")


REPS = 199  # enough for p-values at the 5 % level, fast enough for a unit test


@pytest.fixture(scope="module")
def registry():
    """The project's registry as declared (b1 requires trends, bootstrap, randomization and placebo lead)."""
    with open(config.CLAIMS_FILE, encoding="utf-8") as fh:
        return parse_registry(yaml.safe_load(fh), config.CLAIMS_FILE)


def panel(truth: str, seed: int = 3, countries: int = 80, editions: int = 10) -> pd.DataFrame:
    """Editions × countries with an index ``x`` that rises, ``GE.EST`` per ``truth``, and an income control."""
    rng = np.random.default_rng(seed)
    iso3 = np.repeat([f"C{i:02d}" for i in range(countries)], editions)
    t = np.tile(np.arange(editions, dtype=float), countries)
    slope = np.repeat(rng.uniform(0.01, 0.08, countries), editions)  # each country's own pace
    level = np.repeat(rng.normal(0, 1, countries), editions)
    x = 0.3 + slope * t + rng.normal(0, 0.03, len(t))
    year_shock = np.tile(rng.normal(0, 0.05, editions), countries)
    noise = rng.normal(0, 0.05, len(t))
    y = {"effect": 1.5 * x, "none": 0 * x, "trend": 1.5 * slope * t}[truth] + level + year_shock + noise
    return pd.DataFrame({"iso3": iso3, "year": 2000 + 2 * t.astype(int), "un_egov.egdi": x, "GE.EST": y,
                         "log hdr.gnipc": rng.normal(9, 1, len(t)), "hdr.ineq_le": np.nan,
                         "income_group": np.repeat([f"G{i % 4}" for i in range(countries)], editions)})


def judged(registry, frame: pd.DataFrame, claim_id: str = "b1"):
    claim = registry[claim_id]
    frames = {"same_year": frame}
    row = {"claim": "b", "outcome": claim.primary["outcome"], "treatment": "un_egov.egdi", "controls": "income",
           "lag": 0, "estimator": "twoway_fe", "timing": "same_year", "sample": "all", "frame": "same_year",
           "control_terms": ("log hdr.gnipc",)}
    grid = pd.DataFrame([{**row, "outcome": "GE.EST", "controls": c, "estimator": e,
                          "control_terms": t} for e in ESTIMATORS for c, t in (("none", ()), ("income", ("log hdr.gnipc",)))])
    curve = stats.specification_curve(frames, grid)
    found_checks, not_run = ev.robustness_checks(frames, row, seed=12, reps=REPS)
    checks = {claim_id: found_checks}
    sub = _only(registry, claim_id)
    found = ev.effect_evidence(sub, {claim_id: frames}, {claim_id: row}, {claim_id: curve}, checks)
    return decide(sub[claim_id], found[claim_id], sub), found[claim_id], not_run


def _only(registry, claim_id):
    """The registry reduced to one effect claim (so the test gathers evidence for it alone)."""
    from dataclasses import replace

    return replace(registry, claims={claim_id: registry[claim_id]})


def test_a_real_within_country_effect_is_supported(registry):
    verdict, found, not_run = judged(registry, panel("effect"))
    assert found.primary.estimate == pytest.approx(1.5, abs=0.2)
    # Every check of the battery ran, and the ones b1 requires decided with the rest.
    assert not not_run
    assert set(found.checks) == {"country_trends", "wild_bootstrap", "randomization", "placebo_lead", "oster_delta",
                                 "heterogeneity"}
    assert found.checks["wild_bootstrap"].pvalue < 0.05 and found.checks["randomization"].pvalue < 0.05
    assert found.checks["placebo_lead"].pvalue >= 0.05
    assert all(verdict.conditions["checks"][name] for name in registry["b1"].rule["supported"]["checks"])
    assert verdict.verdict == "supported", verdict.reason_text("en", registry)


def test_no_effect_is_not_supported(registry):
    verdict, found, _ = judged(registry, panel("none"))
    assert abs(found.primary.estimate) < 0.3
    assert found.checks["wild_bootstrap"].pvalue >= 0.05 and found.checks["randomization"].pvalue >= 0.05
    assert verdict.verdict == "not_supported", verdict.reason_text("en", registry)


def test_a_country_trend_that_only_looks_like_an_effect_is_not_supported(registry):
    verdict, found, _ = judged(registry, panel("trend"))
    # The two-way FE slope looks like an effect ...
    assert found.primary.estimate > 0.5 and found.primary.pvalue < 0.05
    # ... which the country-specific trends remove, so the rule does not call it supported.
    assert found.checks["country_trends"].pvalue > 0.05
    # ... and the next edition's index "predicts" today's outcome: a common trend, not an effect.
    assert found.checks["placebo_lead"].pvalue < 0.05
    assert verdict.verdict in ("mixed", "not_supported"), verdict.reason_text("en", registry)
    assert "country-specific linear trends" in verdict.reason_text("en", registry)
    assert "placebo" in verdict.reason_text("en", registry)


def test_romano_wolf_across_a_family_separates_a_real_effect_from_none(registry):
    frame = panel("effect").assign(**{"RQ.EST": panel("none", seed=4)["GE.EST"].to_numpy()})
    row = {"claim": "b", "outcome": "GE.EST", "treatment": "un_egov.egdi", "controls": "income", "lag": 0,
           "estimator": "twoway_fe", "timing": "same_year", "sample": "all", "frame": "same_year",
           "control_terms": ("log hdr.gnipc",)}
    rows = {"b1": row, "b2": {**row, "outcome": "RQ.EST"}}
    frames = {cid: {"same_year": frame} for cid in rows}
    adjusted = ev.romano_wolf_within_families(registry, frames, rows, seed=12, reps=REPS)
    assert set(adjusted) == {"b1", "b2"} and set(adjusted["b2"]) == {"RQ.EST"}  # CC.EST has no column: left out
    assert adjusted["b1"]["GE.EST"] <= 0.01 and adjusted["b2"]["RQ.EST"] > 0.05
    with pytest.raises(ValueError, match="differ from 'b1'"):
        ev.romano_wolf_within_families(registry, frames, {**rows, "b2": {**rows["b2"], "lag": 1}}, reps=REPS)


def test_treatment_changes_count_rises_and_stayers():
    frame = pd.DataFrame({"iso3": ["A"] * 3 + ["B"] * 3, "year": [1, 2, 3] * 2, "x": [0.1, 0.2, 0.2, 0.0, 0.0, 0.0]})
    moves = ev.treatment_changes(frame, "x")
    assert moves["n_changes"] == 4 and moves["share_rising"] == 0.25 and moves["share_unchanged"] == 0.75
    assert moves["n_never_treated"] == 1 and moves["n_entities"] == 2


def test_an_outcome_without_data_is_not_testable(registry):
    verdict, found, _ = judged(registry, panel("effect"), "b3")
    assert found.primary is None and "hdr.ineq_le has no values" in found.missing
    assert verdict.verdict == "not_testable"


def test_convergence_and_figures_evidence_on_synthetic_data(registry):
    years = np.arange(2000, 2023)
    rng = np.random.default_rng(1)
    start = rng.uniform(1, 60, 50)
    frame = pd.DataFrame([{"iso3": f"C{i}", "year": y, "IT.NET.USER.ZS": min(99.0, s + (100 - s) * (y - 2000) / 30)}
                          for i, s in enumerate(start) for y in years])
    found, sensitivity = ev.convergence_evidence(registry["d"], frame)
    assert found.n_countries == 50 and list(sensitivity["eps_pct"]) == registry["d"].rule["clipping"]
    assert all(change < 0 for change in found.relative_change.values()) and found.absolute_change < 0
    assert decide(registry["d"], found, registry).verdict == "supported"
    ranks = pd.DataFrame({"year": [2003, 2012, 2024], "un_egov.rank": [74, 78, 35], "IT.NET.USER.ZS": [6.2, 42.3, None],
                          "gapminder.population": [1.29e9, 1.35e9, None]})
    figures = ev.figures_evidence(registry["e"], ranks, populations=("gapminder.population",))
    assert figures.series == {2003: 74.0, 2012: 78.0, 2024: 35.0} and figures.users_year == 2012
    assert figures.users == pytest.approx(0.423 * 1.35e9)


def test_the_battery_reads_country_trends_from_the_curve_as_it_would_fit_them():
    frame = panel("effect")
    row = {"claim": "b", "outcome": "GE.EST", "treatment": "un_egov.egdi", "controls": "income", "lag": 0,
           "estimator": "twoway_fe", "timing": "same_year", "sample": "all", "frame": "same_year",
           "control_terms": ("log hdr.gnipc",)}
    frames = {"same_year": frame}
    curve = stats.specification_curve(frames, pd.DataFrame([{**row, "estimator": e} for e in ESTIMATORS]))
    fitted, _ = ev.robustness_checks(frames, row, reps=99, group=None)
    read, _ = ev.robustness_checks(frames, row, reps=99, group=None, curve=curve)
    assert read["country_trends"] == fitted["country_trends"]
    assert "heterogeneity" not in read
    assert ev.curve_estimate(curve, {**row, "sample": "low_income"}) is None
    findings = ev.design_findings(curve, row, read)
    assert findings["lead"] == read["placebo_lead"].estimate
    assert findings["fd"] == ev.curve_estimate(curve, {**row, "estimator": "first_differences"}).estimate
