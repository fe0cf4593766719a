"""Notebook 00 runs headless with defaults and with other parameters, and its numbers are plausible."""

from __future__ import annotations

import pytest
from nbrun import assert_written, run_in_temp, run_notebook

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def default_run(notebook_env, tmp_path_factory):
    return run_in_temp(tmp_path_factory, "00_data_overview")


def test_outputs_written(default_run):
    folder, _ = default_run
    assert_written(folder, ["coverage_heatmap.png", "coverage_heatmap.svg", "coverage_by_indicator_year.csv", "sources.csv",
                            "un_egov_not_assessed.csv", "completeness_CHN.csv", "results.json"])


def test_results_are_plausible(default_run):
    _, payload = default_run
    results = payload["results"]
    # EGOV_DATA_2003.csv has 20 rows with EGDI 0; from 2014 every member is assessed.
    assert results["un_egov_not_assessed"]["2003"] == 20
    assert results["un_egov_not_assessed"]["2024"] == 0
    egdi = results["coverage_latest_year"]["un_egov.egdi"]
    assert egdi["last_year"] == 2024 and egdi["members_latest_year"] == 193
    assert 0.9 <= results["completeness"]["un_egov.egdi"] <= 1.0
    assert set(payload["provenance"]["datasets"]) >= {"un_egov", "wgi_2024", "wdi", "hdr"}
    for info in payload["provenance"]["datasets"].values():
        assert info["release"] and info["licence"]
        assert all(len(f["sha256"]) == 64 and f["accessed"] for f in info["files"])


def test_chinese_and_other_country(notebook_env, tmp_path, default_run):
    _, default_payload = default_run
    _, results = run_notebook("00_data_overview", tmp_path, lang="zh", country="IND", first_year=2000)
    folder = tmp_path / "00_data_overview"
    assert (folder / "completeness_IND.csv").exists()
    assert results["results"]["parameters"]["country"] == "IND"
    # Same data → the same survey counts, whatever the language.
    assert results["results"]["un_egov_not_assessed"] == default_payload["results"]["un_egov_not_assessed"]


def test_bad_parameter_stops_with_a_helpful_message(notebook_env, tmp_path):
    from nbrun import NOTEBOOKS

    from helpers.runner.execute import execute_notebook

    record = execute_notebook(NOTEBOOKS / "00_data_overview.ipynb", tmp_path, parameters={"country": "Chnia"})
    assert record["status"] == "failed"
    assert "Chnia" in record["error"] and "CHN" in record["error"]
