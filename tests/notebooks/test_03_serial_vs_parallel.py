"""Notebook 03 runs headless with defaults and with other parameters, and its milestones are plausible."""

from __future__ import annotations

import itertools

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
                            "milestones.csv", "durations.csv", "spans.csv", "overlaps.csv", "sensitivity.csv", "results.json",
                            "coverage.csv", "onsets.csv", "onset_gaps.csv", "onset_sequences.csv",
                            "onset_sensitivity.csv"])


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


def test_onsets_carry_the_observations_around_each_interpolated_start(default_run):
    _, payload = default_run
    results = payload["results"]
    for iso3, processes in results["onsets"].items():
        for process, onset in processes.items():
            record = results["milestones"][iso3][process]["start"]
            if record["status"] == "interpolated":  # bounded by the observations around the crossing
                assert (onset["low"], onset["high"]) == (record["interval_low"], record["interval_high"])
                assert onset["low"] <= onset["onset"] <= onset["high"]
            elif record["status"] == "observed":
                assert onset["low"] == onset["high"] == onset["onset"] == record["year"]
            elif record["status"] == "before_coverage":  # open below: stored as null
                assert onset["low"] is None and onset["high"] == record["bound"] and onset["onset"] is None


def test_onset_order_matches_an_independent_reading_of_the_milestones(default_run):
    _, payload = default_run
    results = payload["results"]
    gap = results["parameters"]["onset_gap"]
    test = results["onset_order"]["all"]
    assert test["order"] == PROCESSES and test["group"] == ["GBR", "USA", "FRA", "DEU"] and test["target"] == "CHN"
    # The US onsets are all dated: recompute each gap's bounds from the observations around them.
    usa = results["milestones"]["USA"]
    for a, b in itertools.pairwise(PROCESSES):
        first, second = usa[a]["start"], usa[b]["start"]
        low = (second["interval_low"] if second["status"] == "interpolated" else second["year"]) - (
            first["interval_high"] if first["status"] == "interpolated" else first["year"])
        stored = test["gaps"][f"USA|{a}|{b}"]
        assert stored["gap_low"] == pytest.approx(low)
        assert stored["gap"] == pytest.approx(second["year"] - first["year"])
        assert (stored["relation"] == "staggered") == (low >= gap)
    counts = [test["sequences"][c]["sequence"] for c in test["group"]]
    assert test["n_in_series"] == counts.count("in_series")
    n = len(test["group"])
    assert test["share_in_series"] == pytest.approx(
        [counts.count("in_series") / n, (n - counts.count("not_in_series")) / n])
    reading = ("staggered" if test["share_in_series"][0] > 0.5 else
               "not_staggered" if test["share_in_series"][1] < 0.5 else "undetermined")
    assert test["group_reading"] == reading
    # Britain's urban onset lies before its data (1950): every gap that involves it is undetermined.
    assert test["gaps"]["GBR|industrialization|urbanization"]["relation"] == "undetermined"


def test_coverage_names_the_series_that_begin_late(default_run):
    _, payload = default_run
    coverage = payload["results"]["coverage"]
    assert coverage["GBR"]["urbanization"]["first_year"] == series("owid.urban_share_long_run", "GBR").index.min()
    assert coverage["DEU"]["agricultural_modernization"]["first_year"] == series("SL.AGR.EMPL.ZS", "DEU").index.min()
    assert coverage["USA"]["urbanization"]["n_dated"] == 2 and coverage["GBR"]["urbanization"]["n_dated"] == 0


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
    # The default run's "variant_no_interpolation" row and its duration ranges are exactly this run's result.
    for iso3 in results["milestones"]:
        variant, span = default["results"]["sensitivity"]["variant_no_interpolation"][iso3], results["spans"][iso3]["all"]
        assert (variant["span_low"], variant["span_high"]) == (span["low"], span["high"])
        assert variant["n_overlap"] == results["overlap_counts"][iso3]["all"]["n_overlap"]
        for process, duration in default["results"]["durations"][iso3].items():
            without = results["durations"][iso3][process]
            assert (duration["duration_min"], duration["duration_max"]) == (without["duration_low"],
                                                                             without["duration_high"])


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
    record = execute_notebook(NOTEBOOKS / f"{NOTEBOOK}.ipynb", tmp_path / "c", parameters={"onset_gap": 0})
    assert record["status"] == "failed" and "onset_gap" in record["error"] and "between 0 and 100" in record["error"]


def test_without_an_early_industrializer_the_onset_test_is_left_out(notebook_env, tmp_path):
    _, payload = run_notebook(NOTEBOOK, tmp_path, countries=["CHN", "JPN"])
    results = payload["results"]
    assert results["onset_order"] == {} and results["onset_sensitivity"] == {}
    assert set(results["onsets"]) == {"CHN", "JPN"}  # the onsets themselves are still reported
