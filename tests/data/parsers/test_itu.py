"""ITU quirks (helpers.data.parsers.itu); test_contract.py checks what every parser must do."""

from __future__ import annotations

import pytest

from helpers.data.errors import ParseError
from helpers.data.parsers import itu

# --- IDI workbook ---------------------------------------------------------------------------------


def test_parse_idi_edition_years_marks_and_missing_tokens(publisher, values):
    assert values(itu.parse_idi(publisher.itu_idi())) == {
        ("CHN", 2025, "itu.idi"): 91.2,
        ("PSE", 2025, "itu.idi"): 69.1,
        ("CHN", 2024, "itu.idi"): 85.8,  # footnote mark stripped
        ("PSE", 2024, "itu.idi"): 69.3,  # WBG -> PSE
        ("CHN", 2023, "itu.idi"): 84.4,
        ("PSE", 2023, "itu.idi"): 67.3,
        # AFG 2024 'n.p.' and ERI 2023 empty: missing, no row
    }


def test_parse_idi_ignores_the_csv_of_the_same_folder(publisher):
    assert len(itu.parse_idi(sorted([*publisher.itu_idi(), *publisher.itu_internet()]))) == 6


def test_parse_idi_missing_sheet(publisher):
    with pytest.raises(ParseError, match=r"IDIDataset\.xlsx: missing sheet\(s\) \['IDI 2023 Data'\]"):
        itu.parse_idi(publisher.itu_idi(skip=(2023,)))


def test_parse_idi_missing_idi_column(publisher):
    (path,) = publisher.itu_idi()
    publisher.replace(path, itu.IDI_HEADER, "Meaningful Connectivity Pillar", count=None)
    with pytest.raises(ParseError, match=r"IDIDataset\.xlsx, sheet 'IDI 2023 Data': expected one column headed"):
        itu.parse_idi([path])


def test_parse_idi_errors_name_the_sheet_and_its_row(publisher):
    (path,) = publisher.itu_idi()
    publisher.replace(path, 84.4, "about 50")  # China in 'IDI 2023 Data': 4 title rows, 2 header rows
    with pytest.raises(
        ParseError,
        match=r"IDIDataset\.xlsx, sheet 'IDI 2023 Data': non-numeric value 'about 50' in column "
        r"'ICT Development Index \(IDI\)' at line 7",
    ):
        itu.parse_idi([path])


# --- DataHub export -------------------------------------------------------------------------------


def test_parse_internet_recodes_itu_codes_and_drops_ascension(publisher, values):
    assert values(itu.parse_internet(publisher.itu_internet())) == {
        ("CHN", 2022, "IT.NET.USER.ZS"): 75.6113,
        ("CHN", 2023, "IT.NET.USER.ZS"): 77.4827,
        ("JEY", 2005, "IT.NET.USER.ZS"): 41.4,
        ("GGY", 2010, "IT.NET.USER.ZS"): 68.0,
        ("XKX", 2023, "IT.NET.USER.ZS"): 89.4,
    }


def test_parse_internet_other_series(publisher):
    with pytest.raises(ParseError, match=r"series \['i911'\] in column 'seriesCode'"):
        itu.parse_internet(publisher.itu_internet(series="i911"))


def test_parse_internet_lines_count_records(publisher):
    (path,) = publisher.itu_internet()
    publisher.replace(path, "41.4", "46,3")
    # header line 1, CHN 2022 line 2, CHN 2023 spans lines 3-4 -> pandas counts records: Jersey is record 4
    with pytest.raises(ParseError, match=r"non-numeric value '46,3' in column 'dataValue' at line 4"):
        itu.parse_internet([path])


def test_parse_internet_missing_year(publisher):
    with pytest.raises(ParseError, match=r"individuals-using-the-internet\.csv: missing dataYear at line 9"):
        itu.parse_internet(publisher.itu_internet([("IND", "India", "46.3", "", "")]))


def test_parse_internet_duplicate_economy_year(publisher):
    paths = publisher.itu_internet([("JEY", "Jersey", "41.5", "2005", "")])  # JEY and GBJ are one economy
    with pytest.raises(ParseError, match=r"individuals-using-the-internet\.csv: 2 rows share country, year.*JEY"):
        itu.parse_internet(paths)
