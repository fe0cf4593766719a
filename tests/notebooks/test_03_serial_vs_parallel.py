"""Notebook 03 runs headless with defaults and with other parameters, and its milestones are plausible."""

from __future__ import annotations

import numpy as np
import pytest
from nbrun import assert_written, run_in_temp, run_notebook

pytestmark = pytest.mark.integration

NOTEBOOK = "03_serial_vs_parallel"
PROCESSES = ["industrialization", "urbanization", "agricultural_modernization", "informatization"]
STATUSES = {"observed", "interpolated", "interval", "before_coverage", "not_reached", "no_data"}


@pytest.fixture(scope="module")
def default_run(notebook_env, tmp_path_factory):
    return run_in_temp(tmp_path_factory, NOTEBOOK)


@pytest.fixture(scope="module")
def urban_run(notebook_env, tmp_path_factory):
    """Chinese, and the urban thresholds of the notebook's own "variant_urban" sensitivity row."""
    return run_in_temp(tmp_path_factory, NOTEBOOK, "nb03zh", lang="zh", urban_thresholds=[30, 60])


def series(indicator, iso3):
    from helpers.data import load_panel

    frame = load_panel(indicator, countries=iso3)
    return frame.set_index("year")["value"].sort_index()


def first_crossing(values, threshold):
    """Independent first upward crossing: (year, status) with linear interpolation across gaps."""
    years, data = values.index.to_numpy(float), values.to_numpy(float)
    if data[0] >= threshold:
        return None, "before_coverage"
    after = int(np.argmax(data >= threshold))
    if data[after] < threshold:
        return None, "not_reached"
    if years[after] - years[after - 1] <= 1:
        return years[after], "observed"
    share = (threshold - data[after - 1]) / (data[after] - data[after - 1])
    return years[after - 1] + share * (years[after] - years[after - 1]), "interpolated"


def test_outputs_written(default_run):
    folder, _ = default_run
    assert_written(folder, ["timeline.png", "timeline.svg", "milestone_series.png", "milestone_series.svg", "splices.csv",
                            "milestones.csv", "durations.csv", "spans.csv", "overlaps.csv", "sensitivity.csv", "results.json"])


def test_milestones_have_a_status_and_never_an_invented_year(default_run):
    _, payload = default_run
    results = payload["results"]
    assert set(results["milestones"]) == set(results["parameters"]["countries"])
    for iso3, processes in results["milestones"].items():
        assert set(processes) == set(PROCESSES), iso3
        for ends in processes.values():
            for record in ends.values():
                assert record["status"] in STATUSES
                located = record["status"] in ("observed", "interpolated")
                assert (record["year"] is not None) == located
                if located:
                    assert 1500 <= record["year"] <= 2025
                if record["status"] in ("before_coverage", "not_reached"):
                    assert record["bound"] is not None


def test_urbanization_milestones_match_an_independent_computation(default_run):
    _, payload = default_run
    milestones = payload["results"]["milestones"]
    for iso3 in ["USA", "CHN", "JPN"]:
        # Default splice: the long-run series wherever it exists; both crossings lie before its 2016 end.
        urban = series("owid.urban_share_long_run", iso3)
        for side, threshold in (("start", 20), ("end", 50)):
            year, status = first_crossing(urban, threshold)
            record = milestones[iso3]["urbanization"][side]
            assert record["status"] == status, (iso3, side)
            assert record["year"] == pytest.approx(year, abs=1e-6), (iso3, side)
    # Britain's long-run urban series begins in 1950, when it was already about 80 % urban.
    assert milestones["GBR"]["urbanization"]["start"] == {
        "year": None, "status": "before_coverage", "bound": 1950, "interval_low": None, "interval_high": None,
        "gap_years": None}


def test_china_industry_peak_and_splice_gap(default_run):
    _, payload = default_run
    results = payload["results"]
    industry = series("SL.IND.EMPL.ZS", "CHN")  # no long-run sector data for China
    end = results["milestones"]["CHN"]["industrialization"]["end"]
    if industry.iloc[-1] == industry.max():
        assert end["status"] == "not_reached" and end["bound"] == industry.index[-1]
    else:
        assert end["status"] == "observed" and end["year"] == industry.idxmax()
    start = results["milestones"]["CHN"]["industrialization"]["start"]
    year, status = first_crossing(industry, 20)
    assert start["status"] == status and start["year"] == (None if year is None else pytest.approx(year))
    # Gap at the urban splice for Britain: WDI minus the long-run series in their last common year.
    long_run, modern = series("owid.urban_share_long_run", "GBR"), series("SP.URB.TOTL.IN.ZS", "GBR")
    last_common = max(set(long_run.index) & set(modern.index))
    splice = results["splices"]["GBR|urban"]
    assert splice["gap_at_splice"] == pytest.approx(modern[last_common] - long_run[last_common], abs=1e-9)
    assert splice["splice_year"] == min(y for y in modern.index if y > long_run.index.max())


def test_spans_and_overlaps_are_consistent_with_the_milestones(default_run):
    _, payload = default_run
    results = payload["results"]
    usa = results["milestones"]["USA"]
    starts = [usa[p]["start"]["year"] for p in PROCESSES]
    ends = [usa[p]["end"]["year"] for p in PROCESSES]
    assert None not in starts + ends  # every US milestone is dated with the default parameters
    assert results["spans"]["USA"]["all"]["span"] == pytest.approx(max(ends) - min(starts), abs=1e-5)
    overlap = min(ends[0], ends[1]) - max(starts[0], starts[1])
    assert results["overlaps"]["USA"]["industrialization|urbanization"]["overlap"] == pytest.approx(
        max(overlap, 0.0), abs=1e-5)
    for iso3, scopes in results["spans"].items():
        for scope, span in scopes.items():
            assert span["low"] >= 0, (iso3, scope)
            assert span["high"] is None or span["high"] >= span["low"]
            assert (span["span"] is None) or span["span"] == pytest.approx(span["low"])
        counts = results["overlap_counts"][iso3]
        assert sum(counts["all"].values()) == 6 and sum(counts["classic"].values()) == 3
    # China: all four processes were under way together at some point.
    assert results["overlap_counts"]["CHN"]["all"]["n_overlap"] == 6
    # Internet use only passes 10 % after 1990 anywhere in the sample.
    for processes in results["milestones"].values():
        record = processes["informatization"]["start"]
        assert record["year"] is None or record["year"] > 1990


def test_chinese_run_with_other_urban_thresholds(default_run, urban_run):
    _, default = default_run
    folder, other = urban_run
    assert (folder / "timeline.png").exists() and other["results"]["parameters"]["urban_thresholds"] == [30, 60]
    d, o = default["results"], other["results"]
    for iso3 in d["milestones"]:
        for process in ("industrialization", "agricultural_modernization", "informatization"):
            assert o["milestones"][iso3][process] == d["milestones"][iso3][process], (iso3, process)
        # Higher thresholds are reached no earlier.
        for side in ("start", "end"):
            old, new = d["milestones"][iso3]["urbanization"][side], o["milestones"][iso3]["urbanization"][side]
            if old["year"] is not None and new["year"] is not None:
                assert new["year"] >= old["year"]
        # The default run's "variant_urban" sensitivity row is exactly this run's result.
        variant = d["sensitivity"]["variant_urban"][iso3]
        span = o["spans"][iso3]["all"]
        assert variant["span_low"] == span["low"] and variant["span_high"] == span["high"]
        assert variant["n_overlap"] == o["overlap_counts"][iso3]["all"]["n_overlap"]
    # Same data, same language-independent numbers.
    assert o["splices"] == d["splices"] and o["telephone"] == d["telephone"]


def test_intervals_without_interpolation(notebook_env, tmp_path, default_run):
    _, default = default_run
    _, payload = run_notebook(NOTEBOOK, tmp_path, interpolate=False, countries=["CHN", "USA", "KOR"])
    results = payload["results"]
    for iso3, processes in results["milestones"].items():
        for process, ends in processes.items():
            for side, record in ends.items():
                assert record["status"] != "interpolated"
                before = default["results"]["milestones"][iso3][process][side]
                if before["status"] == "interpolated":
                    assert record["status"] == "interval" and record["year"] is None
                    assert (record["interval_low"], record["interval_high"]) == (
                        before["interval_low"], before["interval_high"])
                else:
                    assert record == before
    # Intervals only widen what is known: the bounds contain the interpolated span.
    for iso3, scopes in results["spans"].items():
        for scope, span in scopes.items():
            reference = default["results"]["spans"][iso3][scope]
            assert span["low"] <= reference["low"] + 1e-9
            assert span["high"] is None or (reference["high"] is not None and span["high"] >= reference["high"] - 1e-9)
    assert results["spans"]["USA"]["all"]["span"] is None  # the US milestones before 1950 are interpolated


def test_bad_parameters_stop_with_a_helpful_message(notebook_env, tmp_path):
    from nbrun import NOTEBOOKS

    from helpers.runner.execute import execute_notebook

    record = execute_notebook(NOTEBOOKS / f"{NOTEBOOK}.ipynb", tmp_path / "a", parameters={"countries": ["Chnia"]})
    assert record["status"] == "failed"
    assert "Chnia" in record["error"] and "CHN" in record["error"]
    record = execute_notebook(NOTEBOOKS / f"{NOTEBOOK}.ipynb", tmp_path / "b",
                              parameters={"agri_employment_thresholds": [20, 50]})
    assert record["status"] == "failed"
    assert "agri_employment_thresholds" in record["error"] and "falling" in record["error"]
