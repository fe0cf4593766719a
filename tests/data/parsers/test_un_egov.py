"""Unit tests for helpers.data.parsers.un_egov on small synthetic files laid out like the publisher's."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.data.errors import ParseError
from helpers.data.parsers import un_egov
from helpers.data.parsers._common import TIDY_COLUMNS

HEADER = (
    "Survey Year,Country Name,E-Government Rank,E-Government Index,E-Participation Index,"
    "Online Service Index,Human Capital Index,Telecommunication Infrastructure Index\n"
)

DATA360_HEADER = (
    "FREQ,FREQ_LABEL,REF_AREA,REF_AREA_LABEL,INDICATOR,INDICATOR_LABEL,UNIT_MEASURE,UNIT_MEASURE_LABEL,"
    "DATABASE_ID,DATABASE_ID_LABEL,UNIT_MULT,UNIT_MULT_LABEL,OBS_STATUS,OBS_STATUS_LABEL,OBS_CONF,"
    "OBS_CONF_LABEL,2020,2022,2024\n"
)
DATA360_MIDDLE = "SCORE,Score,UN_EGDI,E-Government Development Index (EGDI),0,Units,A,Normal value,PU,Public"


def edition(tmp_path, year: int, rows: list[str]):
    path = tmp_path / f"EGOV_DATA_{year}.csv"
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def as_dict(frame):
    assert list(frame.columns) == TIDY_COLUMNS
    keys = list(zip(frame["iso3"], frame["year"], frame["indicator"], strict=True))
    assert len(keys) == len(set(keys)), "duplicate keys"
    return dict(zip(keys, frame["value"], strict=True))


def test_edition_trailing_spaces_assessed_and_not_assessed(tmp_path):
    path = edition(
        tmp_path,
        2024,
        [
            '2024,"Iraq ",148,0.45721,0.09590,0.18755,0.49672,0.68736',
            # assessed country whose E-Participation component is 0: the zero is a real score, kept
            '2024,"Ireland ",20,0.91377,0.00000,0.87678,0.90460,0.95987',
            # EGDI 0 = not assessed in this edition (real 2003-2010 files: blank rank, all zeros)
            '2024,"South Sudan ",,0.00000,0.00000,0.00000,0.00000,0.00000',
        ],
    )
    out = un_egov.parse_edition(path)
    assert out["year"].dtype == np.int64 and out["value"].dtype == np.float64
    assert as_dict(out) == {
        ("IRQ", 2024, "un_egov.rank"): 148.0,
        ("IRQ", 2024, "un_egov.egdi"): 0.45721,
        ("IRQ", 2024, "un_egov.epi"): 0.0959,
        ("IRQ", 2024, "un_egov.osi"): 0.18755,
        ("IRQ", 2024, "un_egov.hci"): 0.49672,
        ("IRQ", 2024, "un_egov.tii"): 0.68736,
        ("IRQ", 2024, "un_egov.assessed"): 1.0,
        ("IRL", 2024, "un_egov.rank"): 20.0,
        ("IRL", 2024, "un_egov.egdi"): 0.91377,
        ("IRL", 2024, "un_egov.epi"): 0.0,
        ("IRL", 2024, "un_egov.osi"): 0.87678,
        ("IRL", 2024, "un_egov.hci"): 0.9046,
        ("IRL", 2024, "un_egov.tii"): 0.95987,
        ("IRL", 2024, "un_egov.assessed"): 1.0,
        # every index and the rank of the not-assessed row are missing; only the flag remains
        ("SSD", 2024, "un_egov.assessed"): 0.0,
    }


def test_not_assessed_row_with_a_rank_still_has_no_rank(tmp_path):
    path = edition(tmp_path, 2022, ["2022,Montenegro ,193,0,0.1,0.2,0.3,0.4"])
    assert as_dict(un_egov.parse_edition(path)) == {("MNE", 2022, "un_egov.assessed"): 0.0}


def test_parse_concatenates_editions_and_ignores_other_files(tmp_path):
    p2022 = edition(tmp_path, 2022, ['2022,"China ",43,0.81188,0.81820,0.88130,0.75850,0.79580'])
    p2024 = edition(
        tmp_path,
        2024,
        ['2024,"China ",35,0.87180,0.83560,0.91020,0.76420,0.94100', '2024,"Kosovo ",,0,0,0,0,0'],
    )
    other = tmp_path / "UN_EGDI_EGDI_WIDEF.csv"
    other.write_text("not read", encoding="utf-8")
    out = un_egov.parse([p2022, other, p2024])
    assert len(out) == 7 + 7 + 1
    assert out["year"].tolist() == [2022] * 7 + [2024] * 8
    values = as_dict(out)
    assert values[("CHN", 2022, "un_egov.egdi")] == 0.81188
    assert values[("CHN", 2024, "un_egov.egdi")] == 0.8718
    assert values[("CHN", 2022, "un_egov.rank")] == 43.0
    assert values[("CHN", 2024, "un_egov.rank")] == 35.0
    assert values[("XKX", 2024, "un_egov.assessed")] == 0.0
    assert sorted(k for k in values if k[0] == "XKX") == [("XKX", 2024, "un_egov.assessed")]


def test_parse_without_edition_files(tmp_path):
    other = tmp_path / "UN_EGDI_EGDI_WIDEF.csv"
    with pytest.raises(ParseError, match="no EGOV_DATA_<year>.csv files"):
        un_egov.parse([other])
    with pytest.raises(ParseError, match="no EGOV_DATA_<year>.csv files"):
        un_egov.parse([])


def test_two_survey_years_in_one_file(tmp_path):
    path = edition(
        tmp_path,
        2024,
        [
            '2024,"Iraq ",148,0.45721,0.09590,0.18755,0.49672,0.68736',
            '2022,"Ireland ",20,0.9,0.9,0.9,0.9,0.9',
        ],
    )
    with pytest.raises(ParseError, match="expected one survey year, found") as info:
        un_egov.parse_edition(path)
    message = str(info.value)
    assert "EGOV_DATA_2024.csv" in message
    assert "2022" in message and "2024" in message


def test_two_survey_years_message_is_readable(tmp_path):
    path = edition(
        tmp_path,
        2024,
        [
            '2024,"Iraq ",148,0.45721,0.09590,0.18755,0.49672,0.68736',
            '2022,"Ireland ",20,0.9,0.9,0.9,0.9,0.9',
        ],
    )
    with pytest.raises(ParseError, match=r"expected one survey year, found \[2022, 2024\]"):
        un_egov.parse_edition(path)


def test_blank_survey_year(tmp_path):
    path = edition(
        tmp_path, 2024, ['2024,"Iraq ",148,0.4,0.1,0.1,0.4,0.6', ',"Ireland ",20,0.9,0.9,0.9,0.9,0.9']
    )
    with pytest.raises(ParseError, match="expected one survey year, found .*2024"):
        un_egov.parse_edition(path)


def test_non_numeric_index_names_column_and_line(tmp_path):
    path = edition(
        tmp_path,
        2024,
        [
            '2024,"Iraq ",148,0.45721,0.09590,0.18755,0.49672,0.68736',
            '2024,"Ireland ",20,0.91377,x,0.8,0.9,0.9',
        ],
    )
    with pytest.raises(ParseError, match="non-numeric value 'x' in column 'E-Participation Index' at line 3"):
        un_egov.parse_edition(path)


def test_missing_column(tmp_path):
    path = tmp_path / "EGOV_DATA_2024.csv"
    path.write_text("Survey Year,Country Name,E-Government Index\n2024,Iraq,0.4\n", encoding="utf-8")
    with pytest.raises(ParseError, match=r"missing column\(s\) \['E-Government Rank'"):
        un_egov.parse_edition(path)


def test_unknown_country_name(tmp_path):
    path = edition(tmp_path, 2024, ['2024,"Narnia ",1,0.9,0.9,0.9,0.9,0.9'])
    with pytest.raises(ParseError, match=r"not recognized as countries: \['Narnia'\]"):
        un_egov.parse_edition(path)


# --- Data360 wide files -------------------------------------------------------------------------


def data360(tmp_path, name: str, rows: list[tuple[str, str, str, str, str]]):
    path = tmp_path / name
    lines = [
        f"A,Annual,{area},{label},{code},Some label,{DATA360_MIDDLE},{values}\n"
        for area, label, code, _, values in rows
    ]
    path.write_text(DATA360_HEADER + "".join(lines), encoding="utf-8")
    return path


def test_data360_wide_files_including_tti_spelling(tmp_path):
    tii = data360(
        tmp_path,
        "UN_EGDI_TII_WIDEF.csv",
        [
            ("AFG", "Afghanistan", "UN_EGDI_TTI", "", "0.1762,0.1867,0.21672"),
            ("AGO", "Angola", "UN_EGDI_TTI", "", ",0.2004,0.37238"),
        ],
    )
    egdi = data360(
        tmp_path,
        "UN_EGDI_EGDI_WIDEF.csv",
        [("KOR", '"Korea, Rep."', "UN_EGDI_EGDI", "", "0.956,0.9529,0.9679")],
    )
    out = un_egov.parse_data360([tii, egdi])
    assert as_dict(out) == {
        ("AFG", 2020, "un_egov.tii"): 0.1762,
        ("AFG", 2022, "un_egov.tii"): 0.1867,
        ("AFG", 2024, "un_egov.tii"): 0.21672,
        ("AGO", 2022, "un_egov.tii"): 0.2004,
        ("AGO", 2024, "un_egov.tii"): 0.37238,
        ("KOR", 2020, "un_egov.egdi"): 0.956,
        ("KOR", 2022, "un_egov.egdi"): 0.9529,
        ("KOR", 2024, "un_egov.egdi"): 0.9679,
    }


def test_data360_unknown_indicator(tmp_path):
    path = data360(
        tmp_path,
        "UN_EGDI_EPI_WIDEF.csv",
        [
            ("AFG", "Afghanistan", "UN_EGDI_EPI", "", "0.1,0.2,0.3"),
            ("AFG", "Afghanistan", "UN_EGDI_OSI", "", "0.1,0.2,0.3"),
        ],
    )
    with pytest.raises(ParseError, match=r"unexpected INDICATOR value\(s\) \['UN_EGDI_EPI'\]") as info:
        un_egov.parse_data360([path])
    assert "UN_EGDI_EPI_WIDEF.csv" in str(info.value)
