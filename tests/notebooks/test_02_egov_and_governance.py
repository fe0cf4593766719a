"""Notebook 02 runs headless with defaults and other parameters, and its estimates match an independent computation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from nbrun import assert_written, run_in_temp, run_notebook

pytestmark = pytest.mark.integration

NAME = "02_egov_and_governance"


@pytest.fixture(scope="module")
def default_run(notebook_env, tmp_path_factory):
    return run_in_temp(tmp_path_factory, NAME)


@pytest.fixture(scope="module")
def edition_panel(notebook_env) -> pd.DataFrame:
    """EGDI editions 2003–2022 with GE and log income, rebuilt here without the notebook's helpers."""
    from helpers.data import load_panel

    egdi = load_panel("un_egov.egdi")
    editions = sorted(egdi["year"].unique())
    wide = load_panel(["un_egov.egdi", "GE.EST", "hdr.gnipc"], years=editions, wide=True)
    wide = wide.sort_values(["iso3", "year"]).reset_index(drop=True)
    wide["log_income"] = np.log(wide["hdr.gnipc"])
    # Previous available EGDI edition: carry the last value forward, then step one row back.
    wide["egdi_lag"] = wide.groupby("iso3")["un_egov.egdi"].transform(lambda s: s.ffill().shift(1))
    return wide[wide["year"].between(2003, 2022)].reset_index(drop=True)


def _dummy_fe_slope(data: pd.DataFrame, y: str, regressors: list[str]) -> np.ndarray:
    """Two-way FE slopes by least squares on country and year dummies (Frisch–Waugh: equal to demeaning)."""
    dummies = pd.get_dummies(data[["iso3", "year"]].astype(str), drop_first=False, dtype=float)
    design = np.column_stack([data[regressors].to_numpy(float), dummies.to_numpy()])
    coefficients, *_ = np.linalg.lstsq(design, data[y].to_numpy(float), rcond=None)
    return coefficients[: len(regressors)]


def test_outputs_written(default_run):
    folder, _ = default_run
    assert_written(folder, ["estimates.csv", "estimates.tex", "estimates_numeric.csv", "sample_by_edition.csv",
                            "country_changes.csv", "estimates_forest.png", "estimates_forest.svg", "change_paths.png",
                            "change_paths.svg", "results.json"])


def test_estimates_match_an_independent_computation(default_run, edition_panel):
    _, payload = default_run
    models = payload["results"]["models"]
    complete = edition_panel.dropna(subset=["un_egov.egdi", "GE.EST", "log_income"])

    fe = models["twoway_fe"]
    assert fe["nobs"] == len(complete) and fe["n_entities"] == complete["iso3"].nunique()
    slope = _dummy_fe_slope(complete, "GE.EST", ["un_egov.egdi", "log_income"])[0]
    assert fe["coef"] == pytest.approx(slope, rel=1e-6)
    assert fe["coef_per_step"] == pytest.approx(slope / 10, rel=1e-6)

    # Pooled OLS with Stata-style clustered errors (statsmodels' default small-sample correction).
    design = sm.add_constant(complete[["un_egov.egdi", "log_income"]])
    pooled = sm.OLS(complete["GE.EST"], design).fit(cov_type="cluster",
                                                    cov_kwds={"groups": complete["iso3"].astype("category").cat.codes})
    assert models["pooled_ols"]["coef"] == pytest.approx(pooled.params["un_egov.egdi"], rel=1e-6)
    assert models["pooled_ols"]["se"] == pytest.approx(pooled.bse["un_egov.egdi"], rel=1e-6)

    lagged = edition_panel.dropna(subset=["egdi_lag", "GE.EST", "log_income"])
    assert models["lagged"]["nobs"] == len(lagged)
    slope = _dummy_fe_slope(lagged, "GE.EST", ["egdi_lag", "log_income"])[0]
    assert models["lagged"]["coef"] == pytest.approx(slope, rel=1e-6)


def test_first_differences_match_an_independent_computation(default_run, edition_panel):
    _, payload = default_run
    fd = payload["results"]["models"]["first_differences"]
    complete = edition_panel.dropna(subset=["un_egov.egdi", "GE.EST", "log_income"])
    columns = ["GE.EST", "un_egov.egdi", "log_income"]
    changes = complete.groupby("iso3")[columns].diff().assign(year=complete["year"]).dropna()
    years = pd.get_dummies(changes["year"].astype(str), dtype=float)  # edition effects, no separate constant
    design = np.column_stack([changes[columns[1:]].to_numpy(float), years.to_numpy()])
    coefficients, *_ = np.linalg.lstsq(design, changes["GE.EST"].to_numpy(float), rcond=None)
    assert fd["nobs"] == len(changes)
    assert fd["coef"] == pytest.approx(coefficients[0], rel=1e-6)


def test_results_are_plausible(default_run):
    _, payload = default_run
    results = payload["results"]
    models = results["models"]
    assert set(models) == {"pooled_ols", "twoway_fe", "nb02_twoway_fe_no_controls", "lagged", "first_differences",
                           "reverse"}
    # The cross-country gradient is steep and precise; within countries it is much flatter.
    # With log GNI per capita as control the pooled slope is about 1.5 GE points per unit of EGDI.
    assert 1.0 < models["pooled_ols"]["coef"] < 4 and models["pooled_ols"]["pvalue"] < 0.001
    assert 0 < models["twoway_fe"]["coef"] < models["pooled_ols"]["coef"]
    assert models["reverse"]["term"] == "GE.EST_lag1" and "coef_per_step" not in models["reverse"]
    for model in models.values():
        assert model["ci_low"] < model["coef"] < model["ci_high"] and model["se"] > 0
    # HDR's GNI per capita runs to 2022, so the models with the income control reach the 2022 edition too.
    assert models["twoway_fe"]["editions_used"][-1] == 2022
    assert models["nb02_twoway_fe_no_controls"]["editions_used"][-1] == 2022
    assert 1 <= results["lag_gap_years"]["min"] <= results["lag_gap_years"]["median"] <= results["lag_gap_years"]["max"]
    assert results["editions"] == [2003, 2004, 2005, 2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022]
    assert 0 <= results["measurement"]["pct_within_noise"] <= 100


def test_china_changes(default_run, edition_panel):
    _, payload = default_run
    china = payload["results"]["changes"]["CHN"]
    rows = edition_panel[edition_panel["iso3"] == "CHN"].set_index("year")
    assert (china["first_year"], china["last_year"]) == (2003, 2022)
    assert china["egov_change"] == pytest.approx(rows.loc[2022, "un_egov.egdi"] - rows.loc[2003, "un_egov.egdi"])
    assert china["governance_change"] == pytest.approx(rows.loc[2022, "GE.EST"] - rows.loc[2003, "GE.EST"])
    assert 0 <= china["egov_change_pct_below"] <= 100
    assert china["path"][0]["year"] == 2003 and china["path"][-1]["year"] == 2022


def test_chinese_run_gives_the_same_numbers(notebook_env, tmp_path, default_run):
    _, default_payload = default_run
    _, payload = run_notebook(NAME, tmp_path, lang="zh")
    out = tmp_path / NAME
    assert (out / "change_paths.png").exists() and (out / "estimates.tex").exists()
    assert "双向固定效应" in (out / "estimates.csv").read_text(encoding="utf-8")
    # Same data and parameters → identical estimates, whatever the language.
    assert payload["results"]["models"] == default_payload["results"]["models"]
    assert payload["results"]["changes"] == default_payload["results"]["changes"]


def test_other_parameters(notebook_env, tmp_path):
    _, payload = run_notebook(NAME, tmp_path, egov_indicator="un_egov.osi", governance_indicator="CC.EST",
                              controls=[], lag_editions=2, highlight=["IND"], start_year=2005)
    results = payload["results"]
    models = results["models"]
    assert "nb02_twoway_fe_no_controls" not in models  # without controls it would repeat column 2
    assert models["lagged"]["term"] == "un_egov.osi_lag2" and models["reverse"]["term"] == "CC.EST_lag2"
    assert models["twoway_fe"]["editions_used"] == [2005, 2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022]
    assert results["lag_gap_years"]["min"] >= 2
    assert set(results["changes"]) == {"CHN", "IND"}  # China is always shown
    assert results["changes"]["CHN"]["first_year"] == 2005
    assert results["measurement"] is None  # WGI standard errors are in the panel for GE only


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"governance_indicator": "VA.EST"}, ["governance_indicator", "GE.EST"]),
        ({"lag_editions": 0}, ["lag_editions", "at least 1"]),
        ({"highlight": ["Chnia"]}, ["Chnia", "CHN"]),
        ({"start_year": 2024, "end_year": 2024}, ["fewer than two survey editions"]),
    ],
)
def test_bad_parameter_stops_with_a_helpful_message(notebook_env, tmp_path, overrides, expected):
    from nbrun import NOTEBOOKS

    from helpers.runner.execute import execute_notebook

    record = execute_notebook(NOTEBOOKS / f"{NAME}.ipynb", tmp_path, parameters=overrides)
    assert record["status"] == "failed"
    assert all(text in record["error"] for text in expected), record["error"]
