"""Tests for helpers.claims.frames: the grids of claims (a) and (b), the primary specification, and — on the
real panel — the curve's default specification against notebook 02's two-way FE estimate."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import stats
from helpers.claims import frames
from helpers.data.errors import DataError


def test_claim_b_grid_is_every_combination_and_has_at_least_200_rows():
    grid = frames.claim_b_grid()
    survey = (len(frames.family_outcomes("b")) * len(frames.EGOV_TREATMENTS) * len(frames.CONTROL_SETS)
              * len(frames.LAGS) * len(frames.PANEL_ESTIMATORS) * len(frames.TIMINGS) * len(frames.SAMPLES))
    gtmi = (len(frames.family_outcomes("b")) * len(frames.CONTROL_SETS) * len(frames.GTMI_ESTIMATORS)
            * len(frames.TIMINGS) * len(frames.SAMPLES))
    assert len(grid) == survey + gtmi >= 200
    assert list(grid.columns) == [*stats.GRID_COLUMNS, "frame", "control_terms"]
    assert not grid.duplicated(stats.GRID_COLUMNS).any()
    gtmi_rows = grid[grid["treatment"] == "gtmi.gtmi"]
    assert set(gtmi_rows["lag"]) == {0} and set(gtmi_rows["estimator"]) == {"pooled", "twoway_fe"}
    assert set(gtmi_rows["frame"]) == {"gtmi_same_year", "gtmi_year_before"}
    survey_rows = grid[grid["treatment"] != "gtmi.gtmi"]
    assert (survey_rows["frame"] == survey_rows["timing"]).all()
    assert set(grid["controls"]) == set(frames.CONTROL_SETS)
    for name, terms in frames.CONTROL_SETS.items():
        assert set(grid.loc[grid["controls"] == name, "control_terms"]) == {terms}


def test_claim_a_grid_uses_the_cross_section_frame_for_the_cross_section():
    grid = frames.claim_a_grid()
    assert len(grid) == (len(frames.family_outcomes("a")) * len(frames.CLAIM_A_TREATMENTS) * len(frames.CLAIM_A_CONTROLS)
                         * len(frames.CLAIM_A_ESTIMATORS) * len(frames.SAMPLES))
    assert set(grid.loc[grid["estimator"] == "cross_section", "frame"]) == {"cross_section"}
    assert set(grid.loc[grid["estimator"] != "cross_section", "frame"]) == {"panel"}
    # Outcomes without an income part are offered beside the HDI.
    assert set(frames.family_outcomes("a")) - set(frames.CLAIM_A_INCOME_PART) >= {"hdr.le", "hdr.mys"}


def test_the_outcomes_and_their_sub_claims_come_from_the_registry():
    from helpers import config
    from helpers.claims.registry import read_registry

    registry = read_registry(config.CLAIMS_FILE)
    b_outcomes = [o for claim in registry.family("b") for o in claim.outcomes]
    assert list(frames.family_outcomes("b")) == b_outcomes
    assert set(frames.claim_b_grid()["outcome"]) == set(b_outcomes)
    assert set(frames.claim_a_grid()["outcome"]) == set(registry["a"].outcomes)
    for claim in registry.family("b"):
        for outcome in claim.outcomes:
            assert frames.subclaim_of(outcome) == claim.id
            assert frames.expected_sign(outcome) == (1 if claim.rule["direction"] == "positive" else -1)
    # Control of corruption belongs to the business environment (b2), as the registry declares.
    assert frames.subclaim_of("CC.EST") == "b2"
    with pytest.raises(DataError, match="no claim of family 'b' has the outcome 'NY.GDP.PCAP.CD'"):
        frames.subclaim_of("NY.GDP.PCAP.CD")


def test_primary_specification_reads_the_registry():
    spec = {"outcome": "GE.EST", "treatment": "un_egov.osi", "controls": "income", "lag": 1,
            "estimator": "twoway_fe", "timing": "year_before", "sample": "all"}
    registry = {"claims": [{"id": "b1", "primary_specification": spec}]}
    row = frames.primary_specification("b1", registry)
    assert row == {**spec, "claim": "b", "frame": "year_before", "control_terms": ("log hdr.gnipc",)}
    with pytest.raises(DataError, match="claim 'b9' has no primary_specification"):
        frames.primary_specification("b9", registry)
    broken = {"claims": {"b1": {"primary_specification": {**spec, "controls": "everything"}}}}
    with pytest.raises(DataError, match="controls 'everything' is not one of"):
        frames.primary_specification("b1", broken)
    partial = {"claims": {"b1": {"primary_specification": {"outcome": "GE.EST"}}}}
    with pytest.raises(DataError, match="lacks"):
        frames.primary_specification("b1", partial)


# --------------------------------------------------------------------------------------------------
# On the real panel
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_data(built_paths):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DIGIMOD_DATA_DIR", str(built_paths.data))
        yield built_paths


def notebook_02_sample():
    """Notebook 02's default sample, built as the notebook builds it (editions 2003-2022, log income)."""
    from helpers.data import country_table, load_panel

    countries = country_table()
    economies = set(countries.loc[~countries["is_aggregate"], "iso3"])
    editions = sorted(int(y) for y in load_panel("un_egov.egdi")["year"].unique())
    panel = load_panel(["un_egov.egdi", "GE.EST", "hdr.gnipc"], years=editions, wide=True)
    panel = panel[panel["iso3"].isin(economies)].copy()
    panel["log hdr.gnipc"] = np.log(panel["hdr.gnipc"].where(panel["hdr.gnipc"] > 0))
    panel = stats.lag_within_entity(panel, ["un_egov.egdi"], 1)
    return panel[panel["year"].between(2003, 2022)]


def test_default_specification_equals_notebook_02(real_data):
    built = frames.claim_b_frames("same_year")
    grid = frames.claim_b_grid()
    default = grid[(grid["outcome"] == "GE.EST") & (grid["treatment"] == "un_egov.egdi")
                   & (grid["controls"] == "income") & (grid["estimator"].isin(["twoway_fe", "first_differences"]))
                   & (grid["timing"] == "same_year") & (grid["sample"] == "all") & (grid["lag"] <= 1)]
    curve = stats.specification_curve(built, default).set_index(["estimator", "lag"])
    sample = notebook_02_sample()
    references = {
        ("twoway_fe", 0): stats.twoway_fe(sample, "GE.EST", "un_egov.egdi", ["log hdr.gnipc"]),
        ("twoway_fe", 1): stats.twoway_fe(sample, "GE.EST", "un_egov.egdi_lag1", ["log hdr.gnipc"]),
        ("first_differences", 0): stats.first_differences(
            sample, "GE.EST", "un_egov.egdi", ["log hdr.gnipc"], time_effects=True),
    }
    for key, reference in references.items():
        row, term = curve.loc[key], reference.regressors[0]
        assert row["estimate"] == pytest.approx(reference.params[term], abs=1e-10)
        # Standard errors equal; the p-value differs only by the degrees of freedom (G − 1, not n − k).
        assert row["se"] == pytest.approx(reference.std_errors[term], abs=1e-10)
        assert (row["nobs"], row["n_countries"]) == (reference.nobs, reference.n_entities)
        assert row["pvalue"] >= reference.pvalues[term]


def test_claim_b_frames_date_the_outcome_by_timing(real_data):
    from helpers.data import load_panel

    built = frames.claim_b_frames()
    assert set(built) == {"same_year", "year_before", "gtmi_same_year", "gtmi_year_before"}
    wgi = load_panel("GE.EST", countries="CHN", wide=True).set_index("year")["GE.EST"]
    before = built["year_before"].set_index(["iso3", "year"])
    same = built["same_year"].set_index(["iso3", "year"])
    assert before.loc[("CHN", 2012), "GE.EST"] == wgi[2011]
    assert same.loc[("CHN", 2012), "GE.EST"] == wgi[2012]
    # The treatment is the edition's in both; its lag is the previous edition's.
    assert before.loc[("CHN", 2012), "un_egov.egdi"] == same.loc[("CHN", 2012), "un_egov.egdi"]
    assert same.loc[("CHN", 2012), "un_egov.egdi_lag1"] == same.loc[("CHN", 2010), "un_egov.egdi"]
    for column in ("in_high_income", "in_low_income", "in_no_microstates"):
        assert same[column].dtype == bool
    assert not same.loc["TUV", "in_no_microstates"].any()  # Tuvalu: about 11 000 people
    assert same.loc["CHN", "in_upper_middle_income"].all()


def test_primary_specification_from_the_validated_registry_equals_the_one_read_from_the_file():
    from helpers import config
    from helpers.claims.registry import read_registry

    registry = read_registry(config.CLAIMS_FILE)
    for claim in ("a", "b1", "b2", "b3"):
        assert frames.primary_specification(claim, registry) == frames.primary_specification(claim)
    with pytest.raises(DataError, match="claim 'b9' has no primary_specification"):
        frames.primary_specification("b9", registry)
