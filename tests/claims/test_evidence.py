"""Evidence gathered by the estimators on synthetic panels whose truth the test sets, then judged by the rules.

A real within-country effect must come out supported; no effect not supported; a country-specific trend
that drives both indices (so a two-way FE slope looks like an effect) must not come out supported — the
two-way FE with country trends removes it; an outcome without data is not testable.
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest
import yaml

from helpers import config, stats
from helpers.claims import evidence as ev
from helpers.claims.registry import parse_registry
from helpers.claims.rules import decide

ESTIMATORS = ("pooled", "twoway_fe", "twoway_fe_trends", "first_differences", "long_difference")


@pytest.fixture(scope="module")
def registry():
    """The project's registry, with b1's rule asking only for the check these estimators provide."""
    with open(config.CLAIMS_FILE, encoding="utf-8") as fh:
        spec = yaml.safe_load(fh)
    spec = copy.deepcopy(spec)
    spec["claims"]["b1"]["rule"]["supported"]["checks"] = ["country_trends"]
    return parse_registry(spec, config.CLAIMS_FILE)


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
                         "log hdr.gnipc": rng.normal(9, 1, len(t)), "hdr.ineq_le": np.nan})


def judged(registry, frame: pd.DataFrame, claim_id: str = "b1"):
    claim = registry[claim_id]
    frames = {"same_year": frame}
    row = {"claim": "b", "outcome": claim.primary["outcome"], "treatment": "un_egov.egdi", "controls": "income",
           "lag": 0, "estimator": "twoway_fe", "timing": "same_year", "sample": "all", "frame": "same_year",
           "control_terms": ("log hdr.gnipc",)}
    grid = pd.DataFrame([{**row, "outcome": "GE.EST", "controls": c, "estimator": e,
                          "control_terms": t} for e in ESTIMATORS for c, t in (("none", ()), ("income", ("log hdr.gnipc",)))])
    curve = stats.specification_curve(frames, grid)
    checks = {claim_id: ev.robustness_checks(frames, row)}
    sub = _only(registry, claim_id)
    found = ev.effect_evidence(sub, {claim_id: frames}, {claim_id: row}, {claim_id: curve}, checks)
    return decide(sub[claim_id], found[claim_id], sub), found[claim_id]


def _only(registry, claim_id):
    """The registry reduced to one effect claim (so the test gathers evidence for it alone)."""
    from dataclasses import replace

    return replace(registry, claims={claim_id: registry[claim_id]})


def test_a_real_within_country_effect_is_supported(registry):
    verdict, found = judged(registry, panel("effect"))
    assert found.primary.estimate == pytest.approx(1.5, abs=0.2)
    assert verdict.verdict == "supported", verdict.reason_text("en", registry)


def test_no_effect_is_not_supported(registry):
    verdict, found = judged(registry, panel("none"))
    assert abs(found.primary.estimate) < 0.3
    assert verdict.verdict == "not_supported", verdict.reason_text("en", registry)


def test_a_country_trend_that_only_looks_like_an_effect_is_not_supported(registry):
    verdict, found = judged(registry, panel("trend"))
    # The two-way FE slope looks like an effect ...
    assert found.primary.estimate > 0.5 and found.primary.pvalue < 0.05
    # ... which the country-specific trends remove, so the rule does not call it supported.
    assert found.checks["country_trends"].pvalue > 0.05
    assert verdict.verdict in ("mixed", "not_supported"), verdict.reason_text("en", registry)
    assert "country-specific linear trends" in verdict.reason_text("en", registry)


def test_an_outcome_without_data_is_not_testable(registry):
    verdict, found = judged(registry, panel("effect"), "b3")
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
