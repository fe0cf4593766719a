"""Notebook 06 runs headless, writes its tables with the columns issue 12 names, and reads the same in en and zh."""

from __future__ import annotations

import pandas as pd
import pytest
from nbrun import assert_written, run_in_temp, run_notebook

from helpers.claims.registry import REQUIRED_CLAIMS, VERDICTS
from helpers.claims.rules import VERDICT_COLUMNS
from helpers.stats import SPEC_COLUMNS

pytestmark = pytest.mark.integration

NAME = "06_claims_and_verdicts"


@pytest.fixture(scope="module")
def default_run(notebook_env, tmp_path_factory):
    return run_in_temp(tmp_path_factory, NAME)


def test_outputs_and_their_columns(default_run):
    folder, payload = default_run
    assert_written(folder, ["verdicts.csv", "specification_curve.csv", "robustness.csv", "clipping_sensitivity.csv",
                            "onset_sequences.csv", "results.json", "specification_curve_a.png",
                            "specification_curve_a.svg", "specification_curve_b.png", "specification_curve_b.svg"])
    verdicts = pd.read_csv(folder / "verdicts.csv")
    assert list(verdicts.columns) == VERDICT_COLUMNS
    assert tuple(verdicts["claim"]) == REQUIRED_CLAIMS and set(verdicts["verdict"]) <= set(VERDICTS)
    curve = pd.read_csv(folder / "specification_curve.csv")
    assert list(curve.columns) == SPEC_COLUMNS
    assert (curve["claim"] == "b").sum() >= 200
    assert payload["results"]["n_specifications"]["b"] == (curve["claim"] == "b").sum()
    # The whole battery on every effect claim's primary specification, Romano–Wolf beside Holm.
    robustness = pd.read_csv(folder / "robustness.csv")
    battery = {"primary", "country_trends", "wild_bootstrap", "randomization", "placebo_lead", "oster_delta",
               "heterogeneity"}
    for claim_id in ("a", "b1", "b2", "b3"):
        assert set(robustness.loc[robustness["claim"] == claim_id, "check"]) == battery
    primary = robustness[robustness["check"] == "primary"]
    assert primary["romano_wolf_pvalue"].notna().all() and primary["adjusted_pvalue"].notna().all()
    assert payload["results"]["parameters"]["reps"] == 999 and not payload["results"]["checks_not_run"]


def test_the_verdict_table_matches_the_primary_specification(default_run):
    folder, payload = default_run
    verdicts = pd.read_csv(folder / "verdicts.csv").set_index("claim")
    curve = pd.read_csv(folder / "specification_curve.csv")
    primary = curve[(curve["claim"] == "b") & (curve["outcome"] == "GE.EST") & (curve["treatment"] == "un_egov.egdi")
                    & (curve["controls"] == "income") & (curve["lag"] == 0) & (curve["estimator"] == "twoway_fe")
                    & (curve["timing"] == "same_year") & (curve["sample"] == "all")]
    assert len(primary) == 1
    assert verdicts.loc["b1", "estimate"] == pytest.approx(primary["estimate"].iloc[0], rel=1e-5)
    assert verdicts.loc["b1", "ci_low"] == pytest.approx(primary["ci_low"].iloc[0], rel=1e-5)
    for claim_id, record in payload["results"]["verdicts"].items():
        assert verdicts.loc[claim_id, "verdict"] == record["verdict"]


def test_chinese_run_gives_the_same_verdicts(notebook_env, tmp_path, default_run):
    folder, payload = default_run
    _, zh = run_notebook(NAME, tmp_path, lang="zh")
    assert zh["results"]["verdicts"] == payload["results"]["verdicts"]
    table = pd.read_csv(tmp_path / NAME / "verdicts.csv")
    assert table["statement"].str.contains(r"[\u4e00-\u9fff]").all()
    assert list(table["verdict"]) == list(pd.read_csv(folder / "verdicts.csv")["verdict"])


@pytest.mark.parametrize(("overrides", "expected"), [({"alpha": 5.0}, "alpha must be a level"),
                                                     ({"seed": "x"}, "seed must be an int"),
                                                     ({"reps": 10}, "reps must be at least 99")])
def test_bad_parameter_stops_with_a_helpful_message(notebook_env, tmp_path, overrides, expected):
    from nbrun import NOTEBOOKS

    from helpers.runner.execute import execute_notebook

    record = execute_notebook(NOTEBOOKS / f"{NAME}.ipynb", tmp_path, parameters=overrides)
    assert record["status"] == "failed" and expected in record["error"]
