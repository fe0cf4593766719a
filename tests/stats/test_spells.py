"""Known-answer tests for helpers.stats.spells: adoption spells, cohorts and telephony milestones."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers import stats


def _spell_panel() -> pd.DataFrame:
    rows = {
        # A: 10 % passed in 2001 (consecutive years: observed); 50 % between 2003 (30) and 2006 (55):
        #    2003 + 3·(50 − 30)/(55 − 30) = 2005.4, so 4.4 years; followed 2006 − 2001 = 5 years.
        "A": {2000: 5.0, 2001: 12.0, 2003: 30.0, 2006: 55.0},
        # B: passed 10 % in 2011, never 50 %: right-censored after one year of follow-up.
        "B": {2010: 8.0, 2011: 20.0, 2012: 40.0},
        # C: already above 10 % at the first observation: the start is before coverage.
        "C": {2000: 15.0, 2001: 60.0},
    }
    return pd.DataFrame(
        [
            {"iso3": code, "year": year, "share": value}
            for code, series in rows.items()
            for year, value in series.items()
        ]
    )


def test_adoption_spells_known_answers():
    spells = stats.adoption_spells(_spell_panel(), "share", 10, 50).set_index("iso3")
    a, b, c = spells.loc["A"], spells.loc["B"], spells.loc["C"]
    assert (a["start"], a["start_status"], a["end_status"]) == (2001.0, "observed", "interpolated")
    assert a["end"] == pytest.approx(2005.4)
    assert a["duration"] == pytest.approx(4.4)
    assert not a["censored"] and a["follow_up"] == 5.0 and a["last_year"] == 2006.0
    assert b["start"] == 2011.0 and b["end_status"] == "not_reached" and math.isnan(b["end"])
    assert b["censored"] and math.isnan(b["duration"]) and b["follow_up"] == 1.0
    assert c["start_status"] == "before_coverage" and math.isnan(c["start"]) and math.isnan(c["follow_up"])
    assert c["end"] == 2001.0 and c["censored"]


def test_adoption_spells_rejects_reversed_thresholds():
    with pytest.raises(ValueError, match="below"):
        stats.adoption_spells(_spell_panel(), "share", 50, 10)


def test_reached_within_needs_full_follow_up():
    spells = stats.adoption_spells(_spell_panel(), "share", 10, 50)
    five = stats.reached_within(spells, 5).set_index("iso3")
    assert five["eligible"].to_dict() == {"A": True, "B": False, "C": False}
    assert five["reached"].to_dict() == {"A": True, "B": False, "C": False}
    four = stats.reached_within(spells, 4).set_index("iso3")
    assert four.loc["A", "eligible"] and not four.loc["A", "reached"]  # 4.4 years > 4
    six = stats.reached_within(spells, 6).set_index("iso3")
    assert not six.loc["A", "eligible"]  # followed only 5 years: could not have been seen to fail
    with pytest.raises(ValueError, match="positive"):
        stats.reached_within(spells, 0)


def test_spell_cohorts_known_answers():
    spells = stats.adoption_spells(_spell_panel(), "share", 10, 50)
    cohorts = stats.spell_cohorts(spells, [2000, 2005, 2015], horizon=5)
    first, second = cohorts.iloc[0], cohorts.iloc[1]
    assert (first["cohort_start"], first["cohort_end"], first["median_start"]) == (2000, 2005, 2001.0)
    assert (first["n_started"], first["n_completed"], first["n_eligible"]) == (1, 1, 1)
    assert first["median_duration"] == pytest.approx(4.4) and first["share_within"] == 1.0
    assert (second["n_started"], second["n_completed"], second["n_eligible"]) == (1, 0, 0)
    assert math.isnan(second["median_duration"]) and math.isnan(second["share_within"])
    with pytest.raises(ValueError, match="increasing"):
        stats.spell_cohorts(spells, [2005, 2000], horizon=5)


def _phone_panel() -> pd.DataFrame:
    rows = []
    # X: mobile passes 10 in 2002 and 50 in 2004 (observed); fixed lines peak at 7 in 2002 and never reach 10;
    #    income grows 10 % a year from 1,000.
    for year, mobile, fixed in zip(range(2000, 2005), [2, 8, 15, 40, 60], [5, 6, 7, 6, 5], strict=True):
        rows.append(
            {"iso3": "X", "year": year, "mob": mobile, "fix": fixed, "inc": 1000 * 1.1 ** (year - 2000)}
        )
    # Y: mobile 5 (2001) → 12 (2003), 2002 missing: take-off interpolated at 2001 + 2·5/7; fixed lines rise
    #    by 2 a year from 20 (peak at the end: not an observed peak); income doubles every year from 100.
    for year, mobile in zip(range(2000, 2004), [1, 5, None, 12], strict=True):
        rows.append(
            {
                "iso3": "Y",
                "year": year,
                "mob": mobile,
                "fix": 20 + 2 * (year - 2000),
                "inc": 100 * 2 ** (year - 2000),
            }
        )
    # Z: income only: no telephony data, so no row.
    rows.append({"iso3": "Z", "year": 2000, "mob": None, "fix": None, "inc": 500})
    return pd.DataFrame(rows)


def test_adoption_milestones_known_answers():
    table = stats.adoption_milestones(_phone_panel(), "mob", "fix", "inc").set_index("iso3")
    assert list(table.index) == ["X", "Y"]
    x, y = table.loc["X"], table.loc["Y"]
    assert (x["mobile_takeoff"], x["mobile_takeoff_status"]) == (2002.0, "observed")
    assert (x["mobile_mass"], x["mobile_mass_status"]) == (2004.0, "observed")
    assert x["fixed_takeoff_status"] == "not_reached" and math.isnan(x["fixed_takeoff"])
    assert (x["fixed_peak"], x["fixed_peak_value"], x["fixed_peak_status"]) == (2002.0, 7.0, "interior")
    assert x["fixed_at_mobile_takeoff"] == 7.0 and bool(x["leapfrog"]) is True
    assert x["income_at_mobile_takeoff"] == pytest.approx(1210.0)
    assert x["income_at_mobile_mass"] == pytest.approx(1464.1)
    assert x["income_at_fixed_peak"] == pytest.approx(1210.0)
    assert math.isnan(x["income_at_fixed_takeoff"])

    takeoff = 2001 + 2 * 5 / 7
    assert y["mobile_takeoff_status"] == "interpolated" and y["mobile_takeoff"] == pytest.approx(takeoff)
    assert y["fixed_at_mobile_takeoff"] == pytest.approx(20 + 2 * (takeoff - 2000))
    assert bool(y["leapfrog"]) is False
    assert y["income_at_mobile_takeoff"] == pytest.approx(100 * 2 ** (takeoff - 2000))
    assert y["fixed_takeoff_status"] == "before_coverage"
    assert y["fixed_peak_status"] == "at_end" and math.isnan(y["income_at_fixed_peak"])
    assert y["mobile_mass_status"] == "not_reached" and math.isnan(y["income_at_mobile_mass"])
    assert str(table["leapfrog"].dtype) == "boolean"


def test_adoption_milestones_unknown_leapfrog_is_missing():
    panel = pd.DataFrame(
        {
            "iso3": ["W", "W"],
            "year": [2000, 2001],
            "mob": [20.0, 30.0],
            "fix": [1.0, 2.0],
            "inc": [100.0, 110.0],
        }
    )
    row = stats.adoption_milestones(panel, "mob", "fix", "inc").iloc[0]
    assert row["mobile_takeoff_status"] == "before_coverage"
    assert pd.isna(row["leapfrog"])
