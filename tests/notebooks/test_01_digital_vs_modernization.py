"""Notebook 01 runs headless with defaults and with other parameters, and its numbers are plausible."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from nbrun import assert_written, run_in_temp, run_notebook

pytestmark = pytest.mark.integration

NAME = "01_digital_vs_modernization"
NON_INCOME = ["hdr.hdi", "hdr.le", "SP.URB.TOTL.IN.ZS", "hdr.mys", "NV.SRV.TOTL.ZS"]


@pytest.fixture(scope="module")
def default_run(notebook_env, tmp_path_factory):
    return run_in_temp(tmp_path_factory, NAME)


def cross_section(indicators, year, income_groups=None):
    """The notebook's sample, rebuilt independently: non-aggregate economies with every indicator."""
    from helpers.data import country_table, load_panel

    countries = country_table()
    keep = countries.loc[~countries["is_aggregate"]]
    if income_groups:
        keep = keep[keep["income_group"].isin(income_groups)]
    frame = load_panel(indicators, years=year, wide=True)
    return frame[frame["iso3"].isin(keep["iso3"])].dropna(subset=indicators).reset_index(drop=True)


def test_outputs_written(default_run):
    folder, _ = default_run
    names = ["results.json", "regressions.csv", "regressions.tex", "regressions_numeric.csv",
             "digital_coefficient_summary.csv", "digital_residual_ranking.csv",
             "digital_residual_ranking_top_bottom.csv", "coefficient_by_year.csv"]
    names += [f"{figure}.{ext}" for figure in ("outcomes_vs_digital", "digital_vs_income", "coefficient_by_year")
              for ext in ("png", "svg")]
    assert_written(folder, names)
    assert "HC3" in (folder / "regressions.tex").read_text(encoding="utf-8")


def test_controlled_coefficient_matches_an_independent_fit(default_run):
    _, payload = default_run
    results = payload["results"]
    data = cross_section(["IT.NET.USER.ZS", "hdr.gnipc", "hdr.hdi"], 2022)
    design = sm.add_constant(np.column_stack([data["IT.NET.USER.ZS"], np.log(data["hdr.gnipc"])]))
    fit = sm.OLS(data["hdr.hdi"].to_numpy(), design).fit(cov_type="HC3")
    controlled = results["outcomes"]["hdr.hdi"]["controlled"]
    assert controlled["nobs"] == len(data) > 150
    assert controlled["coef"] == pytest.approx(fit.params[1], rel=1e-8)
    assert controlled["se"] == pytest.approx(fit.bse[1], rel=1e-8)
    assert controlled["income_coef"] == pytest.approx(fit.params[2], rel=1e-8)
    assert controlled["r2"] == pytest.approx(fit.rsquared, rel=1e-8)


def test_results_are_plausible(default_run):
    _, payload = default_run
    results = payload["results"]
    assert results["log_transformed"] == ["hdr.gnipc"]
    assert results["outcomes"]["hdr.gnipc"]["dependent"] == "log hdr.gnipc"
    assert results["outcomes"]["hdr.gnipc"]["controlled"] is None  # income is not controlled for income
    for outcome in NON_INCOME:
        entry = results["outcomes"][outcome]
        simple, controlled = entry["simple"], entry["controlled"]
        # Internet use goes with every outcome; income absorbs part of it but not all of it for HDI.
        assert simple["coef"] > 0 and simple["pvalue"] < 0.01, outcome
        assert simple["nobs"] == controlled["nobs"], outcome  # same economies with and without income
        assert controlled["r2"] >= simple["r2"] - 1e-12, outcome
        assert entry["change_pct"] == pytest.approx(100 * (controlled["coef"] - simple["coef"]) / simple["coef"])
    hdi = results["outcomes"]["hdr.hdi"]
    assert 0 < hdi["controlled"]["coef"] < hdi["simple"]["coef"]
    assert 0.7 < hdi["simple"]["r2"] < 0.95
    sample = results["sample"]
    assert sample["n_economies"] == results["outcomes"]["hdr.gnipc"]["simple"]["nobs"]
    assert "CHN" in sample["iso3"]
    assert set(payload["provenance"]["datasets"]) == {"wdi", "hdr", "gapminder"}


def test_china_residual_rank_by_hand(default_run):
    _, payload = default_run
    china = payload["results"]["residual_ranking"]["china"]
    data = cross_section(["IT.NET.USER.ZS", "hdr.gnipc"], 2022)
    design = np.column_stack([np.ones(len(data)), np.log(data["hdr.gnipc"])])
    coefficients, *_ = np.linalg.lstsq(design, data["IT.NET.USER.ZS"].to_numpy(), rcond=None)
    residuals = data["IT.NET.USER.ZS"].to_numpy() - design @ coefficients
    mine = residuals[data.index[data["iso3"] == "CHN"][0]]
    assert china["n"] == len(data)
    assert china["residual"] == pytest.approx(mine, rel=1e-8)
    assert china["rank"] == 1 + int((residuals > mine).sum())
    model = payload["results"]["residual_ranking"]["model"]
    assert model["coef"] == pytest.approx(coefficients[1], rel=1e-8) and model["coef"] > 0


def test_coefficient_by_year_is_consistent_with_the_cross_section(default_run):
    _, payload = default_run
    by_year = payload["results"]["coefficient_by_year"]
    assert by_year["outcome"] == "hdr.hdi"
    raw = {row["year"]: row for row in by_year["raw"]["with_income"]}
    same_year = raw[2022]
    controlled = payload["results"]["outcomes"]["hdr.hdi"]["controlled"]
    assert same_year["coef"] == pytest.approx(controlled["coef"], rel=1e-9)
    assert same_year["nobs"] == controlled["nobs"]
    per_sd = by_year["per_sd"]["without_income"]
    assert [row["year"] for row in per_sd] == sorted(raw)  # the same years in both scales
    assert all(row["nobs"] >= 30 for row in per_sd)
    assert all(row["ci_low"] <= row["coef"] <= row["ci_high"] for row in per_sd)


def test_chinese_run_gives_the_same_numbers(notebook_env, tmp_path, default_run):
    _, default_payload = default_run
    record, payload = run_notebook(NAME, tmp_path, lang="zh", highlight=["印度", "Brazil"])
    folder = tmp_path / record["outputs"]
    assert (folder / "outcomes_vs_digital.png").exists() and (folder / "regressions.tex").exists()
    results = payload["results"]
    assert results["parameters"]["highlight"] == ["CHN", "IND", "BRA"]
    assert "IND" in results["sample"]["missing_highlights"]  # WDI has no 2022 value for India
    # Same data → the same estimates, whatever the language and the highlighted countries.
    for key in ("outcomes", "coefficient_by_year", "sample"):
        if key == "sample":
            assert results[key]["iso3"] == default_payload["results"][key]["iso3"]
        else:
            assert results[key] == default_payload["results"][key], key
    assert results["residual_ranking"]["china"] == default_payload["results"]["residual_ranking"]["china"]
    assert "Brazil" not in (folder / "digital_residual_ranking.csv").read_text(encoding="utf-8")
    assert "巴西" in (folder / "digital_residual_ranking.csv").read_text(encoding="utf-8")


def test_egdi_among_poorer_countries(notebook_env, tmp_path):
    groups = ["Low income", "Lower middle income"]
    _, payload = run_notebook(
        NAME, tmp_path, digital_indicator="un_egov.egdi", year=2020, income_groups=groups,
        outcomes=["hdr.hdi", "hdr.le"], highlight=["IND"], min_obs_per_year=20,
    )
    results = payload["results"]
    data = cross_section(["un_egov.egdi", "hdr.gnipc", "hdr.hdi"], 2020, income_groups=groups)
    simple = results["outcomes"]["hdr.hdi"]["simple"]
    assert simple["nobs"] == len(data) > 40
    fit = sm.OLS(data["hdr.hdi"].to_numpy(), sm.add_constant(data["un_egov.egdi"].to_numpy())).fit(cov_type="HC3")
    assert simple["coef"] == pytest.approx(fit.params[1], rel=1e-8)
    assert results["residual_ranking"]["china"] is None  # China is upper middle income
    assert results["residual_ranking"]["highlights"]["IND"]["n"] == results["sample"]["n_economies"]
    years = [row["year"] for row in results["coefficient_by_year"]["raw"]["with_income"]]
    assert set(years) <= {2003, 2004, 2005, 2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022}  # survey editions


@pytest.mark.parametrize(
    ("parameters", "fragments"),
    [
        ({"digital_indicator": "GE.EST"}, ["digital_indicator", "IT.NET.USER.ZS", "un_egov.egdi"]),
        ({"income_control": "gapminder.income_per_person"}, ["gapminder.income_per_person", "2019"]),
        ({"income_groups": ["Middle income"]}, ["income_groups", "Upper middle income"]),
    ],
    ids=["not-a-digital-indicator", "income-series-ends-2019", "unknown-income-group"],
)
def test_bad_parameter_stops_with_a_helpful_message(notebook_env, tmp_path, parameters, fragments):
    from nbrun import NOTEBOOKS

    from helpers.runner.execute import execute_notebook

    record = execute_notebook(NOTEBOOKS / f"{NAME}.ipynb", tmp_path, parameters=parameters)
    assert record["status"] == "failed"
    assert "ParameterError" in record["error"]
    for fragment in fragments:
        assert fragment in record["error"], (fragment, record["error"])


def test_beyond_income_adjusts_the_family_and_keeps_the_hdi_apart(default_run):
    from helpers import stats

    folder, payload = default_run
    beyond = payload["results"]["beyond_income"]
    outcomes = payload["results"]["outcomes"]
    # The correlation the reading cites, recomputed on the notebook's sample.
    data = cross_section(["IT.NET.USER.ZS", "hdr.gnipc"], 2022)
    r = np.corrcoef(data["IT.NET.USER.ZS"], np.log(data["hdr.gnipc"]))[0, 1]
    assert beyond["correlation_with_log_income"]["r"] == pytest.approx(r, rel=1e-10)
    assert beyond["correlation_with_log_income"]["nobs"] == len(data)
    # Holm and Bonferroni over the five non-income outcomes, from the controlled p-values.
    raw = {o: outcomes[o]["controlled"]["pvalue"] for o in NON_INCOME}
    holm = stats.holm(raw)
    tests = {row["outcome"]: row for row in beyond["tests"]}
    assert set(tests) == set(NON_INCOME)
    for outcome in NON_INCOME:
        assert tests[outcome]["p_holm"] == pytest.approx(holm[outcome], rel=1e-9)  # results.json rounds (outputs.SIGNIFICANT_DIGITS)
        assert tests[outcome]["p_bonferroni"] == pytest.approx(min(1, 5 * raw[outcome]), rel=1e-9)
        assert tests[outcome]["income_component"] == (outcome == "hdr.hdi")
    counts = beyond["counts"]
    assert counts["m"] == 5 and counts["m_clean"] == 4
    assert counts["k_holm"] == sum(tests[o]["pass_holm"] for o in NON_INCOME)
    assert counts["clean_bonferroni"] == sum(tests[o]["pass_bonferroni"] for o in NON_INCOME if o != "hdr.hdi")
    assert counts["k_raw"] >= counts["k_holm"] >= counts["k_bonferroni"]  # adjustments only remove passes
    assert (folder / "multiple_testing.csv").exists()
