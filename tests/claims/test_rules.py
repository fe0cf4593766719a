"""The decision rules on evidence records whose truth the test sets (no data, no estimator)."""

from __future__ import annotations

import dataclasses

import pytest

from helpers import config
from helpers.claims.registry import VERDICTS, read_registry
from helpers.claims.rules import (
    CheckResult,
    ConvergenceEvidence,
    EffectEvidence,
    Estimate,
    FiguresEvidence,
    PairCounts,
    ProcessOrderEvidence,
    decide,
    decide_all,
    holm_within_families,
)
from helpers.stats import holm


@pytest.fixture(scope="module")
def registry():
    return read_registry(config.CLAIMS_FILE)  # the rules need no codebook (test_registry checks the ids)


def estimate(value=0.5, p=0.001, n_countries=150) -> Estimate:
    return Estimate(estimate=value, se=0.1, ci_low=value - 0.2, ci_high=value + 0.2, pvalue=p, nobs=1200,
                    n_countries=n_countries)


PASSING_CHECKS = {"country_trends": CheckResult(estimate=0.4, pvalue=0.01), "wild_bootstrap": CheckResult(pvalue=0.01),
                  "randomization": CheckResult(pvalue=0.02), "placebo_lead": CheckResult(estimate=0.01, pvalue=0.6),
                  "oster_delta": CheckResult(value=2.0)}


def effect(claim, registry, value=0.5, p=0.001, curve_share=0.8, checks=None, **changes) -> EffectEvidence:
    outcomes = {o: estimate(value, p) for o in registry[claim].outcomes}
    evidence = EffectEvidence(
        primary=outcomes[registry[claim].primary["outcome"]], outcomes=outcomes,
        adjusted={o: min(1.0, p * len(outcomes)) for o in outcomes},
        curve={"n": 240, "median": value, "share_positive_significant": curve_share if value > 0 else 0.0,
               "share_negative_significant": curve_share if value < 0 else 0.0, "share_positive": 0.9},
        checks=PASSING_CHECKS if checks is None else checks,
    )
    return dataclasses.replace(evidence, **changes)


def test_a_clear_effect_that_survives_every_check_is_supported(registry):
    verdict = decide(registry["b1"], effect("b1", registry), registry)
    assert verdict.verdict == "supported" and verdict.conditions["primary_passes"]
    assert "Holm" in verdict.reason_text("en", registry) and "Holm" in verdict.reason_text("zh", registry)


def test_no_effect_is_not_supported(registry):
    evidence = effect("b1", registry, value=0.02, p=0.7, curve_share=0.05)
    verdict = decide(registry["b1"], evidence, registry)
    assert verdict.verdict == "not_supported"
    assert "does not pass after Holm" in verdict.reason_text("en", registry)
    assert "未通过" in verdict.reason_text("zh", registry)


def test_an_effect_that_country_trends_remove_is_not_supported_or_mixed(registry):
    checks = {**PASSING_CHECKS, "country_trends": CheckResult(estimate=0.01, pvalue=0.8),
              "placebo_lead": CheckResult(estimate=0.3, pvalue=0.01)}
    strong_curve = decide(registry["b1"], effect("b1", registry, checks=checks), registry)
    assert strong_curve.verdict == "mixed"
    assert "country-specific linear trends" in strong_curve.reason_text("en", registry)
    assert "placebo" in strong_curve.reason_text("en", registry)
    weak_curve = decide(registry["b1"], effect("b1", registry, checks=checks, curve_share=0.1), registry)
    assert weak_curve.verdict == "not_supported"


def test_a_missing_outcome_or_too_few_countries_is_not_testable(registry):
    missing = EffectEvidence(primary=None, missing="hdr.ineq_le has no values in the panel")
    verdict = decide(registry["b3"], missing, registry)
    assert verdict.verdict == "not_testable" and "hdr.ineq_le" in verdict.reason_text("en", registry)
    few = effect("b1", registry, primary=estimate(n_countries=12))
    assert decide(registry["b1"], few, registry).verdict == "not_testable"


def test_direction_matters(registry):
    # b3's outcome is an inequality: a significant positive slope contradicts the claim.
    assert decide(registry["b3"], effect("b3", registry, value=0.5, curve_share=0.05,
                                         curve={"n": 10, "share_positive_significant": 0.9,
                                                "share_negative_significant": 0.0}), registry).verdict == "not_supported"
    checks = {**PASSING_CHECKS, "country_trends": CheckResult(estimate=-0.4, pvalue=0.01)}
    assert decide(registry["b3"], effect("b3", registry, value=-0.5, checks=checks), registry).verdict == "supported"
    # the same check with the other sign fails for a claim of a negative effect
    assert decide(registry["b3"], effect("b3", registry, value=-0.5), registry).verdict == "mixed"


def test_a_check_not_run_keeps_a_claim_from_being_supported(registry):
    checks = {k: v for k, v in PASSING_CHECKS.items() if k != "randomization"}
    verdict = decide(registry["b1"], effect("b1", registry, checks=checks), registry)
    assert verdict.verdict == "mixed" and "not run" in verdict.reason_text("en", registry)


def test_claim_a_needs_most_of_its_outcomes(registry):
    evidence = effect("a", registry)
    outcomes = dict(evidence.outcomes)
    adjusted = dict(evidence.adjusted)
    for name in list(outcomes)[1:3]:  # two of five outcomes fail: 60 % < 80 %
        adjusted[name] = 0.5
    verdict = decide(registry["a"], dataclasses.replace(evidence, adjusted=adjusted), registry)
    assert verdict.verdict == "mixed" and "3 of 5 outcomes pass" in verdict.reason_text("en", registry)


def test_holm_is_applied_across_the_family(registry):
    raw = {"b1": {"GE.EST": 0.01}, "b2": {"RQ.EST": 0.02, "CC.EST": 0.04}, "b3": {"hdr.ineq_le": 0.5},
           "a": {"hdr.le": 0.01}}
    adjusted = holm_within_families(registry, raw, holm)
    assert adjusted["b1"]["GE.EST"] == pytest.approx(0.04)  # smallest of four in family b: × 4
    assert adjusted["b2"]["CC.EST"] == pytest.approx(0.08)  # third of four: × 2, after the running max
    assert adjusted["a"]["hdr.le"] == pytest.approx(0.01)  # alone in its family


@pytest.mark.parametrize(
    ("china", "west", "in_order", "expected"),
    [
        (PairCounts(3, 0), PairCounts(2, 8), {"USA": True, "FRA": True, "GBR": None}, "supported"),
        (PairCounts(3, 0), PairCounts(9, 1), {"USA": True, "FRA": True}, "mixed"),
        (PairCounts(3, 0), PairCounts(1, 9), {"USA": False, "FRA": False}, "mixed"),
        (PairCounts(0, 3), PairCounts(9, 1), {"USA": False}, "not_supported"),
        (PairCounts(1, 0, 2), PairCounts(2, 8), {"USA": True}, "not_testable"),
    ],
)
def test_process_order(registry, china, west, in_order, expected):
    verdict = decide(registry["c"], ProcessOrderEvidence(china, west, in_order), registry)
    assert verdict.verdict == expected
    for lang in ("en", "zh"):
        assert verdict.reason_text(lang, registry)


@pytest.mark.parametrize(
    ("relative", "absolute", "beta_p", "expected"),
    [
        ({0.1: -0.3, 0.5: -0.4, 1.0: -0.5}, -5.0, 0.001, "supported"),
        ({0.1: 0.2, 0.5: -0.1, 1.0: -0.3}, -5.0, 0.001, "mixed"),  # depends on the clipping
        ({0.1: -0.3, 0.5: -0.4, 1.0: -0.5}, 12.0, 0.001, "mixed"),  # absolute gap widens
        ({0.1: 0.3, 0.5: 0.2, 1.0: 0.1}, 12.0, 0.4, "not_supported"),
    ],
)
def test_convergence(registry, relative, absolute, beta_p, expected):
    evidence = ConvergenceEvidence(n_countries=150, relative_change=relative, absolute_change=absolute,
                                   beta=-0.02, beta_pvalue=beta_p)
    verdict = decide(registry["d"], evidence, registry)
    assert verdict.verdict == expected
    assert "β" in verdict.reason_text("zh", registry)
    too_few = dataclasses.replace(evidence, n_countries=10)
    assert decide(registry["d"], too_few, registry).verdict == "not_testable"


def test_reported_figures(registry):
    series = {2003: 74.0, 2012: 78.0, 2022: 43.0, 2024: 35.0}
    verdict = decide(registry["e"], FiguresEvidence(series, users=0.82e9, users_year=2018), registry)
    assert verdict.verdict == "supported"
    assert verdict.conditions["share_of_claimed"] == pytest.approx(39 / 43)
    assert "820,000,000 internet users in 2018" in verdict.reason_text("en", registry)
    # the user figure (in no dataset) never decides: without a count the verdict is the same
    assert decide(registry["e"], FiguresEvidence(series), registry).verdict == "supported"
    cherry_picked = {2003: 40.0, 2012: 78.0, 2024: 35.0}  # from the first edition only 5 of the 43 places
    assert decide(registry["e"], FiguresEvidence(cherry_picked), registry).verdict == "mixed"
    wrong = decide(registry["e"], FiguresEvidence({**series, 2024: 40.0}), registry)
    assert wrong.verdict == "not_supported" and "2024: 35 / 40" in wrong.reason_text("en", registry)
    assert decide(registry["e"], FiguresEvidence({2003: 74.0, 2024: 35.0}), registry).verdict == "not_testable"


def test_decide_refuses_evidence_of_the_wrong_kind_and_every_verdict_is_known(registry):
    with pytest.raises(TypeError, match="claim 'c' has a process_order rule, which reads ProcessOrderEvidence"):
        decide(registry["c"], effect("b1", registry), registry)
    with pytest.raises(KeyError, match="no evidence for claim"):
        decide_all(registry, {})
    assert set(VERDICTS) == {"supported", "mixed", "not_supported", "not_testable"}


def test_every_reason_key_a_rule_uses_is_in_the_catalogue(registry):
    verdicts = [decide(registry["b1"], effect("b1", registry, value=v, p=p, curve_share=s), registry)
                for v, p, s in ((0.5, 0.001, 0.8), (0.0, 0.9, 0.0), (0.5, 0.001, 0.3))]
    for verdict in verdicts:
        assert verdict.reason.keys() <= set(registry.reasons)
