"""UN E-Government quirks (helpers.data.parsers.un_egov); test_contract.py checks what every parser must do."""

from __future__ import annotations

import pytest

from helpers.data.errors import ParseError
from helpers.data.parsers import un_egov

INDICES = ["rank", "egdi", "epi", "osi", "hci", "tii"]
IRAQ = '2024,"Iraq ",148,0.45721,0.09590,0.18755,0.49672,0.68736'


def edition_rows(iso3: str, year: int, numbers: list[float]) -> dict:
    """Expected rows of one assessed country: the rank and five indices, and the assessed flag."""
    rows = {(iso3, year, f"un_egov.{ind}"): value for ind, value in zip(INDICES, numbers, strict=True)}
    return {**rows, (iso3, year, "un_egov.assessed"): 1.0}


def test_edition_trailing_spaces_assessed_and_not_assessed(publisher, values):
    (path,) = publisher.un_egov()
    assert values(un_egov.parse_edition(path)) == {
        **edition_rows("IRQ", 2024, [148.0, 0.45721, 0.0959, 0.18755, 0.49672, 0.68736]),
        # assessed, with an E-Participation score of 0: a real score, kept
        **edition_rows("IRL", 2024, [20.0, 0.91377, 0.0, 0.87678, 0.9046, 0.95987]),
        # every index and the rank of the not-assessed row are missing; only the flag remains
        ("SSD", 2024, "un_egov.assessed"): 0.0,
    }


def test_not_assessed_row_with_a_rank_still_has_no_rank(publisher, values):
    (path,) = publisher.un_egov(2022, ["2022,Montenegro ,193,0,0.1,0.2,0.3,0.4"])
    assert values(un_egov.parse_edition(path)) == {("MNE", 2022, "un_egov.assessed"): 0.0}


def test_parse_concatenates_editions_and_ignores_other_files(publisher, values):
    p2022 = publisher.un_egov(2022, ['2022,"China ",43,0.81188,0.81820,0.88130,0.75850,0.79580'])
    p2024 = publisher.un_egov(2024, ['2024,"China ",35,0.87180,0.83560,0.91020,0.76420,0.94100',
                                     '2024,"Kosovo ",,0,0,0,0,0'])
    other = publisher.un_egov_data360()
    out = un_egov.parse([*p2022, *other, *p2024])
    assert out["year"].tolist() == [2022] * 7 + [2024] * 8
    found = values(out)
    assert found[("CHN", 2022, "un_egov.egdi")] == 0.81188 and found[("CHN", 2024, "un_egov.egdi")] == 0.8718
    assert found[("CHN", 2022, "un_egov.rank")] == 43.0 and found[("CHN", 2024, "un_egov.rank")] == 35.0
    assert [k for k in found if k[0] == "XKX"] == [("XKX", 2024, "un_egov.assessed")]
    assert found[("XKX", 2024, "un_egov.assessed")] == 0.0


def test_parse_without_edition_files(publisher):
    with pytest.raises(ParseError, match="no EGOV_DATA_<year>.csv files"):
        un_egov.parse(publisher.un_egov_data360())
    with pytest.raises(ParseError, match="un_egov: no EGOV_DATA_<year>.csv files"):
        un_egov.parse([])


def test_two_survey_years_in_one_file(publisher):
    (path,) = publisher.un_egov(2024, [IRAQ, '2022,"Ireland ",20,0.9,0.9,0.9,0.9,0.9'])
    with pytest.raises(ParseError, match=r"EGOV_DATA_2024\.csv: expected one survey year, found \[2022, 2024\]"):
        un_egov.parse_edition(path)


def test_blank_survey_year(publisher):
    (path,) = publisher.un_egov(2024, [IRAQ, ',"Ireland ",20,0.9,0.9,0.9,0.9,0.9'])
    with pytest.raises(ParseError, match=r"expected one survey year, found \[2024\]"):
        un_egov.parse_edition(path)


# --- Data360 wide files -------------------------------------------------------------------------


def test_data360_wide_files_including_tti_spelling(publisher, values):
    assert values(un_egov.parse_data360(publisher.un_egov_data360())) == {
        **{("AFG", y, "un_egov.tii"): v for y, v in [(2020, 0.1762), (2022, 0.1867), (2024, 0.21672)]},
        **{("AGO", y, "un_egov.tii"): v for y, v in [(2022, 0.2004), (2024, 0.37238)]},  # 2020 blank
        **{("KOR", y, "un_egov.egdi"): v for y, v in [(2020, 0.956), (2022, 0.9529), (2024, 0.9679)]},
    }


def test_data360_egdi_0_drops_the_indices_of_that_edition_in_every_file(publisher, values):
    files = {
        "UN_EGDI_EGDI_WIDEF.csv": [("SSD", "South Sudan", "UN_EGDI_EGDI", "0,0.2,0.3")],
        "UN_EGDI_HCI_WIDEF.csv": [("SSD", "South Sudan", "UN_EGDI_HCI", "0.1,0.2,0.3")],
    }
    # 2020 (EGDI 0) is gone from both files, the HCI of 0.1 included
    assert values(un_egov.parse_data360(publisher.un_egov_data360(files))) == {
        ("SSD", year, f"un_egov.{ind}"): value
        for ind in ("egdi", "hci")
        for year, value in [(2022, 0.2), (2024, 0.3)]
    }


def test_data360_unknown_indicator(publisher):
    files = {"UN_EGDI_EPI_WIDEF.csv": [("AFG", "Afghanistan", "UN_EGDI_EPI", "0.1,0.2,0.3"),
                                       ("AFG", "Afghanistan", "UN_EGDI_OSI", "0.1,0.2,0.3")]}
    with pytest.raises(ParseError, match=r"UN_EGDI_EPI_WIDEF\.csv: unexpected INDICATOR value\(s\) \['UN_EGDI_EPI'"):
        un_egov.parse_data360(publisher.un_egov_data360(files))
