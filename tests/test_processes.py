"""helpers.processes: process milestones and windows on a small synthetic panel whose crossings are set by hand."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from helpers import processes


def _rows(iso3, indicator, values):
    return [{"iso3": iso3, "year": float(y), "indicator": indicator, "value": float(v)} for y, v in values.items()]


@pytest.fixture
def panel():
    """Country AAA: urban 10 → 60 over 1900–1950 (long run) and 60 → 70 after (modern, from 1950)."""
    rows = []
    rows += _rows("AAA", "owid.urban_share_long_run", {1900: 10, 1910: 20, 1920: 30, 1930: 40, 1940: 50, 1950: 60})
    rows += _rows("AAA", "SP.URB.TOTL.IN.ZS", {1945: 99, 1950: 61, 1960: 70})  # 1945 loses to the long run
    # industry's employment share: 10, 25 (≥ 20 first in 1920 by interpolation from 1910), peak 40 in 1940
    rows += _rows("AAA", "hrv.ind_emp_share", {1910: 10, 1930: 30, 1940: 40, 1950: 35})
    rows += _rows("AAA", "hrv.agr_emp_share", {1900: 70, 1920: 50, 1921: 45, 1960: 20})
    rows += _rows("AAA", "IT.NET.USER.ZS", {y: 5 * (y - 1993) for y in range(1994, 2010)})
    rows += _rows("AAA", "IT.MLT.MAIN.P2", {1960: 5, 1970: 15})
    return pd.DataFrame(rows)


@pytest.fixture
def definition():
    return processes.ProcessDefinition(industry_threshold=20, urban=[20, 50], agri=[50, 20], internet=[10, 50],
                                       telephone=10)


def _series(panel, countries=("AAA",)):
    return {key: s.series for key, s in processes.splice_concepts(panel, list(countries)).items()}


def test_milestones_date_each_process_by_its_definition(panel, definition):
    found = processes.milestones(_series(panel), ["AAA"], definition)["AAA"]
    years = {p: (start.crossing.year, end.crossing.year) for p, (start, end) in found.items()}
    assert years["urbanization"] == (1910.0, 1940.0)  # the long-run series is preferred where both have years
    assert years["industrialization"] == (1920.0, 1940.0)  # interpolated start, the peak as end
    assert found["industrialization"][0].crossing.status == "interpolated"
    assert years["agricultural_modernization"][0] == 1920.0  # 70 (1900) → 50 (1920): the first year at 50
    assert years["informatization"] == (1995.0, 2003.0)  # 5 % steps: 10 % in 1995, 50 % in 2003
    assert found["industrialization"][1].threshold is None  # a peak has no threshold


def test_without_interpolation_a_gap_becomes_the_interval(panel, definition):
    bare = processes.milestones(_series(panel), ["AAA"], dataclasses.replace(definition, interpolate=False))["AAA"]
    start = bare["industrialization"][0].crossing
    assert start.status == "interval" and start.year is None and start.interval == (1910.0, 1930.0)


def test_telephones_can_start_informatization(panel, definition):
    changed = dataclasses.replace(definition, info_from_telephone=True)
    start = processes.milestones(_series(panel), ["AAA"], changed)["AAA"]["informatization"][0].crossing
    assert start.year == pytest.approx(1965.0)
    assert "telephone" in changed.concepts() and "telephone" not in definition.concepts()


def test_windows_and_compression_count_overlaps(panel, definition):
    found = processes.milestones(_series(panel), ["AAA"], definition)
    windows = processes.windows(found)["AAA"]
    span, pairs, counts = processes.compression(windows, processes.CLASSIC)
    # industrialization 1920–1940, urbanization 1910–1940, agriculture 1920–1960: every pair overlaps
    assert counts == {"n_overlap": 3, "n_disjoint": 0, "n_undetermined": 0} and len(pairs) == 3
    assert span.span == pytest.approx(1960 - 1910)
    _, _, with_internet = processes.compression(windows, processes.PROCESSES)
    assert with_internet["n_disjoint"] == 3  # the internet arrives after all three ended


def test_a_country_without_data_is_censored_not_dated(panel, definition):
    found = processes.milestones(_series(panel, ["AAA", "ZZZ"]), ["AAA", "ZZZ"], definition)
    assert all(start.crossing.status == "no_data" for start, _ in found["ZZZ"].values())
    starts = processes.starts(found, processes.CLASSIC, ["ZZZ"])
    assert list(starts) == [("ZZZ", p) for p in processes.CLASSIC]


def test_milestone_table_has_a_row_per_milestone_and_marker(panel, definition):
    series = _series(panel)
    found = processes.milestones(series, ["AAA"], definition)
    marker = processes.marker(series, "AAA", "telephone", 10)
    table = processes.milestone_table(found, definition, {"AAA": {"telephone": marker}})
    assert len(table) == 2 * 4 + 1 and table.iloc[-1]["milestone"] == "marker"
    urban = table[(table["process"] == "urbanization") & (table["milestone"] == "start")].iloc[0]
    assert urban["measure"] == "urban" and urban["n_crossings"] == 1 and urban["year"] == 1910.0


def test_bad_definitions_are_refused_with_the_fix():
    with pytest.raises(ValueError, match="industry_measure must be one of"):
        processes.ProcessDefinition(20, [20, 50], [50, 20], [10, 50], industry_measure="jobs")
    with pytest.raises(ValueError, match="needs a telephone threshold"):
        processes.ProcessDefinition(20, [20, 50], [50, 20], [10, 50], info_from_telephone=True)
    with pytest.raises(ValueError, match="unknown processes"):
        processes.ProcessDefinition(20, [20, 50], [50, 20], [10, 50], processes=["digitization"])


def test_claim_thresholds_give_the_notebook_definition():
    made = processes.ProcessDefinition.from_thresholds({"industry": 20, "urban": [20, 50], "agri": [50, 20],
                                                        "internet": [10, 50]})
    assert made.industry_threshold == 20.0 and made.industry_measure == "employment" and made.interpolate
