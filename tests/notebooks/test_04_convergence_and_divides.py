"""Notebook 04 runs headless with defaults and with other parameters, and its numbers are plausible."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from nbrun import assert_written, run_in_temp

pytestmark = pytest.mark.integration

NAME = "04_convergence_and_divides"
FIGURES = [
    "sigma_convergence",
    "beta_convergence",
    "sigma_clipping_sensitivity",
    "leapfrog_paths",
    "leapfrog_income_at_milestones",
    "internet_adoption_speed",
    "egdi_trajectory",
    "egdi_components",
    "egdi_groups",
]
TABLES = [
    "sigma_convergence.csv",
    "beta_convergence.csv",
    "beta_convergence.tex",
    "beta_convergence_numeric.csv",
    "beta_convergence_data.csv",
    "sigma_clipping_sensitivity.csv",
    "leapfrog_milestones.csv",
    "leapfrog_by_income_group.csv",
    "leapfrog_income_comparison.csv",
    "leapfrog_income_comparison.tex",
    "internet_spells.csv",
    "internet_spell_cohorts.csv",
    "internet_speed_lpm_numeric.csv",
    "egov_paths.csv",
    "egdi_dispersion.csv",
    "gtmi_idi.csv",
    "results.json",
]


@pytest.fixture(scope="module")
def default_run(notebook_env, tmp_path_factory):
    return run_in_temp(tmp_path_factory, NAME)


@pytest.fixture(scope="module")
def other_run(notebook_env, tmp_path_factory):
    return run_in_temp(tmp_path_factory, NAME, "nb04zh", lang="zh", groups="income_group", country="IND",
                       peers=["CHN", "IDN"], indicator="IT.CEL.SETS.P2", start_year=2005, end_year=2020)


def _logit(pct):
    share = np.clip(np.asarray(pct, dtype=float), 0.5, 99.5) / 100
    return np.log(share / (1 - share))


def _wide(indicator, years):
    from helpers.data import country_table, load_panel

    countries = country_table()
    economies = countries.loc[~countries["is_aggregate"] & countries["region"].notna(), "iso3"]
    frame = load_panel(indicator, years=years, wide=True)
    return frame[frame["iso3"].isin(economies)].pivot(index="iso3", columns="year", values=indicator)


def test_outputs_written(default_run):
    folder, _ = default_run
    names = [f"{figure}.{ext}" for figure in FIGURES for ext in ("png", "svg")]
    assert_written(folder, [*names, *TABLES, "sigma_convergence_by_region.csv"])


def test_sigma_and_beta_match_an_independent_computation(default_run):
    _, payload = default_run
    results = payload["results"]
    assert results["transform"] == "logit" and results["years_used"] == [2000, 2022]
    wide = _wide("IT.NET.USER.ZS", (2000, 2022))
    balanced = wide.dropna()  # economies observed in every year
    sigma = results["sigma"]
    assert sigma["n_balanced"] == len(balanced)
    for year in (2000, 2010, 2022):
        assert sigma["sd_balanced"][str(year)] == pytest.approx(
            np.std(_logit(balanced[year]), ddof=1), rel=1e-8
        )
        gap = np.percentile(balanced[year], 90) - np.percentile(balanced[year], 10)
        assert sigma["p90_p10_balanced"][str(year)] == pytest.approx(gap, rel=1e-8)
    # β: statsmodels directly on the economies observed in both end years.
    both = wide[[2000, 2022]].dropna()
    initial = _logit(both[2000])
    change = (_logit(both[2022]) - initial) / 22
    fit = sm.OLS(change, sm.add_constant(initial)).fit(cov_type="HC3")
    beta = results["beta"]
    assert beta["nobs"] == len(both)
    assert beta["params"]["initial_level"] == pytest.approx(fit.params[1], rel=1e-8)
    assert beta["std_errors"]["initial_level"] == pytest.approx(fit.bse[1], rel=1e-8)
    assert beta["beta"] < 0 and beta["conf_int"]["initial_level"][1] < 0  # laggards caught up in logit terms
    rate = -np.log(1 + 22 * beta["beta"]) / 22
    assert beta["half_life"] == pytest.approx(np.log(2) / rate, rel=1e-8)
    assert 10 < beta["half_life"] < 100


def test_leapfrogging_and_speed_are_plausible(default_run):
    _, payload = default_run
    leap = payload["results"]["leapfrog"]
    groups = leap["by_income_group"]
    assert groups["High income"]["share_leapfrog"] <= 0.1
    assert groups["Low income"]["share_leapfrog"] >= 0.8
    assert groups["Low income"]["share_leapfrog"] >= groups["Upper middle income"]["share_leapfrog"]
    comparison = leap["income_comparison"]
    assert comparison["params"]["latecomer"] < 0 and comparison["ratio"] < 1
    assert comparison["nobs"] == comparison["n_early"] + comparison["n_late"]
    assert comparison["median_income_late"] < comparison["median_income_early"]
    china = leap["country"]["CHN"]
    assert 1995 <= china["mobile_takeoff"] <= 2005 and china["fixed_peak_status"] == "interior"
    speed = payload["results"]["adoption_speed"]
    assert speed["lpm"]["nobs"] == sum(row["n_eligible"] for row in speed["cohorts"])
    assert all(0 <= row["share_within"] <= 1 for row in speed["cohorts"] if row["share_within"] is not None)


def test_egov_paths_match_the_survey(default_run):
    from helpers.data import load_panel

    _, payload = default_run
    egov = payload["results"]["egov"]
    survey = load_panel(["un_egov.rank", "un_egov.egdi"], countries="CHN", wide=True).set_index("year")
    for year, rank in egov["rank"].items():
        assert rank == survey.loc[int(year), "un_egov.rank"]
        assert egov["egdi"][year] == pytest.approx(survey.loc[int(year), "un_egov.egdi"])
    assert egov["n_ranked"]["2024"] == 193
    assert egov["rank"]["2024"] < egov["rank"]["2003"]  # China rose in the ranking over the period
    assert set(egov["peer_ranks"]) == {"CHN", "IND", "BRA", "RUS", "ZAF", "USA"}
    assert all(0 < value <= 1 for value in egov["egdi_sd"].values())
    gtmi, idi = payload["results"]["gtmi"], payload["results"]["idi"]
    assert set(gtmi["CHN"]) == {"2020", "2022", "2025"} and all(0 < v <= 1 for v in gtmi["CHN"].values())
    assert all(0 < v <= 100 for v in idi["CHN"].values())
    assert {"un_egov", "wdi", "gapminder", "gtmi", "itu_idi"} <= set(payload["provenance"]["datasets"])


def test_chinese_log_indicator_and_other_country(other_run, default_run):
    folder, payload = other_run
    _, default = default_run
    results = payload["results"]
    logit_only = {"sigma_clipping_sensitivity"}  # a log-scale indicator clips nothing: no clipping table or figure
    assert_written(folder, [*(f"{figure}.png" for figure in FIGURES if figure not in logit_only),
                            "sigma_convergence_by_income_group.csv"])
    assert results["clipping"] is None and not (folder / "sigma_clipping_sensitivity.png").exists()
    assert results["parameters"]["country"] == "IND" and results["parameters"]["peers"] == ["CHN", "IDN"]
    assert results["transform"] == "log" and results["years_used"] == [2005, 2020]
    # β on the log scale, recomputed directly.
    wide = _wide("IT.CEL.SETS.P2", [2005, 2020])
    both = wide[(wide > 0).all(axis=1)].dropna()
    change = (np.log(both[2020]) - np.log(both[2005])) / 15
    fit = sm.OLS(change, sm.add_constant(np.log(both[2005]))).fit(cov_type="HC3")
    assert results["beta"]["params"]["initial_level"] == pytest.approx(fit.params.iloc[1], rel=1e-8)
    # Same data → the same numbers wherever the parameters do not enter, whatever the language.
    assert results["leapfrog"]["by_income_group"] == default["results"]["leapfrog"]["by_income_group"]
    assert results["adoption_speed"] == default["results"]["adoption_speed"]
    assert results["egov"]["peer_ranks"]["CHN"] == default["results"]["egov"]["rank"]
    assert results["gtmi"]["CHN"] == default["results"]["gtmi"]["CHN"]


@pytest.mark.parametrize(
    ("parameters", "expected"),
    [
        ({"country": "Chnia"}, ["Chnia", "CHN"]),
        ({"indicator": "GE.EST"}, ["indicator", "IT.NET.USER.ZS"]),
        ({"start_year": 2020, "end_year": 2022}, ["at least 5 years"]),
    ],
)
def test_bad_parameter_stops_with_a_helpful_message(notebook_env, tmp_path, parameters, expected):
    from nbrun import NOTEBOOKS

    from helpers.runner.execute import execute_notebook

    record = execute_notebook(NOTEBOOKS / f"{NAME}.ipynb", tmp_path, parameters=parameters)
    assert record["status"] == "failed"
    assert all(text in record["error"] for text in expected), record["error"]


def test_clipping_sensitivity_and_the_clipped_count_use_the_main_samples(default_run):
    _, payload = default_run
    results = payload["results"]  # results.json keeps 10 significant digits
    clipping = {row["eps_pct"]: row for row in results["clipping"]}
    assert {0.1, 0.5, 1.0, 2.0} <= set(clipping)  # the default and the robustness constant included
    wide = _wide("IT.NET.USER.ZS", (2000, 2022))
    balanced = wide.dropna()
    both = wide[[2000, 2022]].dropna()
    for eps, row in clipping.items():
        share = np.clip(balanced, eps, 100 - eps) / 100
        logits = np.log(share / (1 - share))
        assert row["sd_start"] == pytest.approx(np.std(logits[2000], ddof=1), rel=1e-8)
        assert row["change"] == pytest.approx(np.std(logits[2022], ddof=1) - np.std(logits[2000], ddof=1), rel=1e-8)
        assert row["sign"] == np.sign(row["change"])
        assert row["n_clipped_start"] == int(((balanced[2000] < eps) | (balanced[2000] > 100 - eps)).sum())
        assert row["nobs"] == len(both)
        assert row["n_clipped_start_beta"] == int(((both[2000] < eps) | (both[2000] > 100 - eps)).sum())
    # The default row reproduces the main σ series and the main β.
    assert clipping[0.5]["sd_start"] == pytest.approx(results["sigma"]["sd_balanced"]["2000"], rel=1e-8)
    assert clipping[0.5]["beta"] == pytest.approx(results["beta"]["beta"], rel=1e-8)
    # The clipped count printed beside β counts the regression's economies, not every economy of 2000.
    assert results["beta"]["n_clipped_first_year"] == clipping[0.5]["n_clipped_start_beta"]


def test_rank_series_and_real_name_context(default_run):
    from helpers.data import load_panel

    _, payload = default_run
    results = payload["results"]
    trajectory = results["egov_rank_trajectory"]
    ranks = load_panel("un_egov.rank", countries="CHN", wide=True).dropna().set_index("year")["un_egov.rank"]
    assert trajectory["editions"] == [int(y) for y in ranks.index]  # every edition in the data
    assert trajectory["ranks"] == [int(r) for r in ranks]
    assert trajectory["worst_rank"] == ranks.max() and ranks[trajectory["worst_year"]] == ranks.max()
    assert trajectory["climb_from_worst"] == ranks.max() - ranks.iloc[-1]
    essay = results["essay_rank_from"]
    assert essay["rank"] == ranks[essay["edition"]]
    real_name = results["real_name"]
    people = load_panel([real_name["population_series"], "IT.NET.USER.ZS"], countries="CHN", wide=True)
    people = people.dropna().set_index("year")
    year = real_name["year"]
    assert year == people.index.max()
    assert real_name["internet_users"] == pytest.approx(
        people.loc[year, "IT.NET.USER.ZS"] / 100 * people.loc[year, real_name["population_series"]], rel=1e-8
    )
