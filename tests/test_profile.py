"""Country-profile building blocks on small made-up frames with hand-checked answers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers import profile as prof


def tidy(rows):
    return pd.DataFrame(rows, columns=["iso3", "year", "indicator", "value"]).assign(source="test")


COUNTRIES = pd.DataFrame(
    {
        "iso3": ["AAA", "BBB", "CCC", "DDD", "TWN", "WLD"],
        "name_en": ["A", "B", "C", "D", "Taiwan", "World"],
        "name_zh": ["甲", "乙", "丙", "丁", "台湾", "世界"],
        "region": ["R1", "R1", "R1", "R2", None, None],
        "income_group": ["High income", "High income", "Low income", "High income", None, None],
        "is_aggregate": [False, False, False, False, False, True],
        "un_member": [True, True, True, True, False, False],
    }
)


def test_default_peers_same_region_and_income_most_populous_first():
    panel = tidy([("AAA", 2020, "pop", 5), ("BBB", 2020, "pop", 9), ("CCC", 2020, "pop", 100)])
    assert prof.default_peers("AAA", COUNTRIES, panel, "pop") == ["BBB"]
    # No one else in R2 with DDD's income group → same region only → nobody else in R2.
    assert prof.default_peers("DDD", COUNTRIES, panel, "pop") == []
    # Taiwan has no World Bank region: no peers rather than an error.
    assert prof.default_peers("TWN", COUNTRIES, panel, "pop") == []


def test_compare_latest_uses_the_countrys_latest_year():
    panel = tidy(
        [
            ("AAA", 2019, "x", 1.0), ("AAA", 2020, "x", 4.0),
            ("BBB", 2020, "x", 2.0), ("CCC", 2020, "x", 6.0), ("DDD", 2021, "x", 100.0),
        ]
    )
    table = prof.compare_latest(panel, "AAA", ["BBB", "CCC"], ["x", "missing"])
    row = table.set_index("indicator").loc["x"]
    assert row["year"] == 2020 and row["value"] == 4.0
    assert row["peer_median"] == 4.0  # median of 2 and 6
    assert row["world_median"] == 4.0  # median of 4, 2, 6 (DDD's 2021 value is another year)
    assert row["world_rank"] == 2 and row["n_countries"] == 3
    missing = table.set_index("indicator").loc["missing"]
    assert math.isnan(missing["value"]) and missing["n_countries"] == 0


def test_trajectories_add_a_world_median_line():
    panel = tidy([("AAA", 2020, "x", 1.0), ("BBB", 2020, "x", 3.0), ("CCC", 2020, "x", 10.0)])
    lines = prof.trajectories(panel, "x", ["AAA"])
    assert set(lines["iso3"]) == {"AAA", "WLD"}
    assert lines.loc[lines["iso3"] == "WLD", "value"].item() == 3.0
    assert prof.trajectories(panel, "x", ["ZZZ"]).empty


def test_egov_path_is_empty_for_a_country_never_assessed():
    panel = tidy([("AAA", 2022, "un_egov.egdi", 0.5), ("AAA", 2022, "un_egov.rank", 10)])
    path = prof.egov_path(panel, "AAA")
    assert path.loc[0, "un_egov.egdi"] == 0.5 and path.loc[0, "un_egov.rank"] == 10
    assert prof.egov_path(panel, "BBB").empty


def test_cross_section_position_matches_a_hand_fit():
    # digital = 10·log(income) exactly, except AAA which sits 5 points above the line.
    rows = []
    for i in range(40):
        code = f"C{i:02d}"
        income = 1000 * (i + 1)
        rows += [(code, 2020, "inc", income), (code, 2020, "dig", 10 * math.log(income))]
    rows += [("AAA", 2020, "inc", 5000.0), ("AAA", 2020, "dig", 10 * math.log(5000.0) + 5)]
    position = prof.cross_section_position(tidy(rows), "AAA", "dig", "inc")
    assert position["year"] == 2020 and position["n"] == 41 and position["rank"] == 1
    # The outlier pulls the line up by 5/41 at its point: residual = 5 − 5·h, h = its leverage.
    assert 4.5 < position["residual"] < 5.0
    assert prof.cross_section_position(tidy(rows), "ZZZ", "dig", "inc") is None
    assert prof.cross_section_position(tidy(rows[:10] + rows[-2:]), "AAA", "dig", "inc") is None


def test_milestones_report_status_and_never_invent_dates():
    urban = pd.Series({2000: 15.0, 2002: 25.0, 2010: 45.0})
    table = prof.milestones({"urbanization": (urban, [20, 50], "up"), "none": (pd.Series(dtype=float), [10], "up")})
    first = table.iloc[0]
    assert first["status"] == "interpolated" and first["year"] == pytest.approx(2001.0)
    second = table.iloc[1]
    assert second["status"] == "not_reached" and pd.isna(second["year"]) and second["bound"] == 2010
    assert table.iloc[2]["status"] == "no_data"


def test_series_of_is_sorted_by_year():
    panel = tidy([("AAA", 2021, "x", 2.0), ("AAA", 2020, "x", 1.0), ("BBB", 2020, "x", 9.0)])
    series = prof.series_of(panel, "AAA", "x")
    assert list(series.index) == [2020, 2021] and list(series) == [1.0, 2.0]
