"""The claims registry: the project's file is complete and valid; broken files fail with clear messages."""

from __future__ import annotations

import copy
import re

import pytest
import yaml

from helpers import config
from helpers.claims.registry import (
    PRIMARY_KEYS,
    REQUIRED_CLAIMS,
    RULE_TYPES,
    ClaimsError,
    load_registry,
    parse_registry,
    read_registry,
)
from helpers.data.codebook import load_codebook


@pytest.fixture(scope="module")
def spec() -> dict:
    with open(config.CLAIMS_FILE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def test_every_claim_of_the_issue_is_registered_with_a_known_rule():
    registry = load_registry()
    assert tuple(registry.claims) == REQUIRED_CLAIMS
    for claim in registry.claims.values():
        assert claim.rule_type in RULE_TYPES
        assert set(claim.primary) == set(PRIMARY_KEYS)
        assert claim.statement["zh"] and claim.statement["en"] and claim.statement["source"]
        assert claim.main_threat["en"] and claim.main_threat["zh"]
    # Sub-claims of (b) are adjusted together; every outcome of an effect claim is a codebook id.
    assert [c.id for c in registry.family("b")] == ["b1", "b2", "b3"]
    codebook = set(load_codebook())
    for claim in registry.claims.values():
        if claim.rule_type == "effect":
            assert set(claim.outcomes) <= codebook and claim.primary["treatment"] in codebook


def test_statements_not_quoted_by_a_notebook_are_marked_as_paraphrases():
    for claim in load_registry().claims.values():
        source = claim.statement["source"]
        assert source.startswith("paraphrase") or re.fullmatch(r"quoted in notebook 0[0-4]", source), source


def test_the_primary_of_b1_is_notebook_02s_two_way_fe():
    primary = load_registry()["b1"].primary
    assert primary == {"outcome": "GE.EST", "treatment": "un_egov.egdi", "controls": "income", "lag": 0,
                       "estimator": "twoway_fe", "timing": "same_year", "sample": "all"}


def _problems(spec: dict, tmp_path) -> str:
    with pytest.raises(ClaimsError) as caught:
        parse_registry(spec, tmp_path / "claims.yaml", set(load_codebook()))
    return str(caught.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda s: s["claims"].pop("b2"), "claims: claim 'b2' is missing"),
        (lambda s: s["claims"]["a"]["rule"].update(alpha=5), "claim 'a', field rule.alpha: must be a number between 0 and 1"),
        (lambda s: s["claims"]["a"]["rule"].update(type="efect"), "unknown rule type 'efect'. Did you mean 'effect'?"),
        (lambda s: s["claims"]["b1"]["rule"]["supported"].update(checks=["country_trend"]),
         "unknown check 'country_trend'. Did you mean 'country_trends'?"),
        (lambda s: s["claims"]["a"]["rule"].update(diretion="positive"),
         "claim 'a', field rule: unknown key 'diretion'. Did you mean 'direction'?"),
        (lambda s: s["claims"]["a"].update(threat=[]), "claim 'a': unknown key 'threat'. Did you mean 'threats'?"),
        (lambda s: s["claims"]["c"]["title"].pop("zh"), "claim 'c', field title: missing key 'zh'"),
        (lambda s: s["claims"]["d"]["primary_specification"].pop("timing"), "claim 'd', field primary_specification: missing key 'timing'"),
        (lambda s: s["claims"]["a"]["primary_specification"].update(outcome="hdr.gnipc"),
         "field primary_specification.outcome: 'hdr.gnipc' is not one of the claim's outcomes"),
        (lambda s: s["claims"]["a"]["outcomes"].append("hdr.lee"), "'hdr.lee' is not a codebook id. Did you mean 'hdr.le'"),
        (lambda s: s["claims"]["d"]["rule"].update(primary_clipping=2.0), "2.0 is not one of clipping"),
        (lambda s: s["claims"]["c"]["rule"].update(processes=["urbanisation"]), "got 'urbanisation'. Did you mean 'urbanization'"),
        (lambda s: s["claims"]["e"]["rule"]["users"].update(value="1.0e9"), "field rule.users.value: must be a number above 0"),
        (lambda s: s["reasons"]["primary_fails"].pop("zh"), "primary_fails: no text in zh"),
        (lambda s: s["rules"].pop("convergence"), "no description of rule type 'convergence'"),
        (lambda s: s["checks"]["oster_delta"].pop("threshold"), "passes_if: at_least needs a number threshold"),
    ],
)
def test_a_broken_registry_names_the_claim_the_field_and_the_fix(spec, tmp_path, change, expected):
    broken = copy.deepcopy(spec)
    change(broken)
    assert expected in _problems(broken, tmp_path)


def test_every_problem_is_reported_at_once(spec, tmp_path):
    broken = copy.deepcopy(spec)
    broken["claims"]["a"]["rule"]["alpha"] = 0
    broken["claims"]["b1"]["rule"]["min_countries"] = -1
    message = _problems(broken, tmp_path)
    assert "has 2 problem(s)" in message and "claim 'a'" in message and "claim 'b1'" in message


def test_files_that_are_missing_or_not_yaml(tmp_path):
    with pytest.raises(ClaimsError, match="no claims registry at .*data/claims.yaml"):
        read_registry(tmp_path / "nothing.yaml")
    bad = tmp_path / "claims.yaml"
    bad.write_text("claims: [a\n", encoding="utf-8")
    with pytest.raises(ClaimsError, match="is not valid YAML"):
        read_registry(bad)
    bad.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(ClaimsError, match="expected a mapping with keys claims, checks, rules, reasons"):
        read_registry(bad)
