"""Notebook 05 runs for big and for sparse economies, in English and Chinese, degrading gracefully."""

from __future__ import annotations

import pytest
from nbrun import assert_written, run_in_temp, run_notebook

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def china(notebook_env, tmp_path_factory):
    return run_in_temp(tmp_path_factory, "05_country_profile")


def test_china_profile_outputs(china):
    folder, payload = china
    assert_written(folder, ["digital_IT_NET_USER_ZS.png", "digital_IT_NET_USER_ZS.svg", "egov_components.svg", "egov_path.csv",
                            "governance_latest.csv", "milestones.csv", "completeness.csv", "results.json"])
    results = payload["results"]
    assert results["country"] == "CHN" and results["peers"]
    # EGOV_DATA_2024.csv: China rank 35, EGDI 0.87184; EGOV_DATA_2003.csv: rank 74.
    egov = {row["year"]: row for row in results["egov"]}
    assert egov[2024]["un_egov.rank"] == 35 and egov[2024]["un_egov.egdi"] == pytest.approx(0.87184)
    assert egov[2003]["un_egov.rank"] == 74
    milestones = {(m["process"], m["threshold"]): m for m in results["milestones"]}
    # China's urban share (WDI via Gapminder) passed 50% around 2010-2011, within the data.
    urban50 = milestones[("urbanization", 50)]
    assert urban50["status"] in {"observed", "interpolated"} and 2009 <= urban50["year"] <= 2012
    assert results["sections"] == {}


@pytest.mark.parametrize("country", ["TUV", "TWN", "XKX", "SSD"])
def test_sparse_economies_degrade_gracefully(notebook_env, tmp_path, country):
    _, payload = run_notebook("05_country_profile", tmp_path, country=country, lang="zh")
    results = payload["results"]
    assert results["country"] == country
    # Each section either has data or records that it has none — the run itself never fails.
    assert all(state == "no data" for state in results["sections"].values())


def test_unknown_country_suggests_close_matches(notebook_env, tmp_path):
    from nbrun import NOTEBOOKS

    from helpers.runner.execute import execute_notebook

    record = execute_notebook(NOTEBOOKS / "05_country_profile.ipynb", tmp_path, parameters={"country": "Tuvalo"})
    assert record["status"] == "failed" and "TUV" in record["error"]


@pytest.mark.parametrize(
    ("parameters", "expected"),
    [
        # A blank name used to match Africa Eastern and Southern (AFE), which has no Chinese name.
        ({"country": ""}, "ParameterError: country: empty country ''"),
        ({"country": " "}, "ParameterError: country: empty country ' '"),
        ({"peers": ["CHN"]}, "ParameterError: peers must not include the country itself (CHN, given as 'CHN')"),
        ({"peers": ["IND", "India"]}, "ParameterError: peers lists IND more than once ('IND' and 'India' both name IND)"),
    ],
)
def test_blank_country_and_bad_peers_are_refused(notebook_env, tmp_path, parameters, expected):
    from nbrun import NOTEBOOKS

    from helpers.runner.execute import execute_notebook

    record = execute_notebook(NOTEBOOKS / "05_country_profile.ipynb", tmp_path, parameters=parameters)
    assert record["status"] == "failed" and record["error"].startswith(expected)


def test_papermill_used_directly_refuses_a_misspelled_parameter(tmp_path):
    import papermill
    from nbrun import NOTEBOOKS

    with pytest.raises(papermill.PapermillExecutionError) as info:
        papermill.execute_notebook(str(NOTEBOOKS / "05_country_profile.ipynb"), str(tmp_path / "out.ipynb"),
                                   parameters={"yeer": 2019, "output_dir": str(tmp_path)}, kernel_name="digimod",
                                   progress_bar=False, cwd=str(NOTEBOOKS))
    assert info.value.ename == "ParameterError"
    assert info.value.evalue == (
        "papermill passed parameter(s) this notebook does not declare (they would be ignored and the defaults "
        "used):\n  - 'yeer'. Did you mean 'peers'?\nDeclared parameters: lang, output_dir, country, peers, year_range"
    )
