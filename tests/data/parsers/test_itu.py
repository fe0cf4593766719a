"""Unit tests for helpers.data.parsers.itu on small synthetic files laid out like the publisher's."""

from __future__ import annotations

import csv
import io

import numpy as np
import openpyxl
import pytest

from helpers.data.errors import ParseError
from helpers.data.parsers import itu
from helpers.data.parsers._common import TIDY_COLUMNS


def as_dict(frame):
    assert list(frame.columns) == TIDY_COLUMNS
    assert frame["year"].dtype == np.int64 and frame["value"].dtype == np.float64
    keys = list(zip(frame["iso3"], frame["year"], frame["indicator"], strict=True))
    assert len(keys) == len(set(keys)), "duplicate keys"
    return dict(zip(keys, frame["value"], strict=True))


# --- IDI workbook ---------------------------------------------------------------------------------

IDI = "ICT Development Index (IDI)"
# Like the real sheets: the indicator block, then the score block; the IDI score is the last column.
HEADER = ["Iso3", "ITU-D \nRegion", "Income group", "Economy", "Individuals using the Internet (%)", None,
          None, "Individuals using the Internet (%)", None, "Universal Connectivity Pillar", IDI]
SUBHEADER = [None, None, None, None, "Value", "Source", None, "Score", None, "Score", "Score"]
NOTES = [
    [None, None, None, None, "Note: ‡) lagged value; n.a. = not published estimate."],
    [None, None, None, None, "* Palestine is not an ITU Member State; …"],
    [],
]


def economy(code, name, idi, internet="80.1†"):
    return [code, "Asia-Pacific", "Upper-middle-income", name, internet, "ITU estimate.", None, 80.0, None, 70.0, idi]


EDITIONS = {
    # edition: (title rows above the header, economy rows)
    2025: (2, [economy("CHN", "China", 91.2), economy("PSE", "Palestine", 69.1)]),
    2024: (4, [economy("CHN", "China", "85.8‡"), economy("WBG", "Palestine*", 69.3),
               economy("AFG", "Afghanistan", "n.p.", internet="n.a.")]),
    2023: (4, [economy("CHN", "China", 84.4), economy("WBG", "Palestine*", "67.3†"),
               economy("ERI", "Eritrea", None)]),
}


def write_idi(tmp_path, editions=EDITIONS, *, header=HEADER):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for year, (title_rows, rows) in editions.items():
        sheet = book.create_sheet(f"IDI {year} Data")
        for i in range(title_rows):
            sheet.append([f"ITU ICT Development Indicator {year} Database"] if i == 0 else [])
        for row in [header, SUBHEADER, *rows, *NOTES]:
            sheet.append(row)
    book.create_sheet("Definitions").append([None, "Indicator", "Definition"])
    path = tmp_path / "IDIDataset.xlsx"
    book.save(path)
    return path


def test_parse_idi_edition_years_marks_and_missing_tokens(tmp_path):
    assert as_dict(itu.parse_idi([write_idi(tmp_path)])) == {
        ("CHN", 2025, "itu.idi"): 91.2,
        ("PSE", 2025, "itu.idi"): 69.1,
        ("CHN", 2024, "itu.idi"): 85.8,  # footnote mark stripped
        ("PSE", 2024, "itu.idi"): 69.3,  # WBG -> PSE
        ("CHN", 2023, "itu.idi"): 84.4,
        ("PSE", 2023, "itu.idi"): 67.3,
        # AFG 2024 'n.p.' and ERI 2023 empty: missing, no row
    }


def test_parse_idi_ignores_the_csv_of_the_same_folder(tmp_path):
    paths = [write_idi(tmp_path), write_internet(tmp_path)]
    assert len(itu.parse_idi(sorted(paths))) == 6


def test_parse_idi_missing_sheet(tmp_path):
    editions = {y: v for y, v in EDITIONS.items() if y != 2023}
    with pytest.raises(ParseError, match=r"IDIDataset\.xlsx: missing sheet\(s\) \['IDI 2023 Data'\]"):
        itu.parse_idi([write_idi(tmp_path, editions)])


def test_parse_idi_missing_idi_column(tmp_path):
    header = [*HEADER[:-1], "Meaningful Connectivity Pillar"]
    with pytest.raises(ParseError, match=r"IDIDataset\.xlsx, sheet 'IDI 2023 Data': expected one column headed"):
        itu.parse_idi([write_idi(tmp_path, header=header)])


def test_parse_idi_no_header_row(tmp_path):
    header = ["Code", *HEADER[1:]]
    with pytest.raises(ParseError, match=r"sheet 'IDI 2023 Data': no header row with an 'Iso3' column"):
        itu.parse_idi([write_idi(tmp_path, header=header)])


def test_parse_idi_truncated_workbook(tmp_path):
    path = write_idi(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError, match=r"IDIDataset\.xlsx: not a readable \.xlsx workbook"):
        itu.parse_idi([path])


def test_parse_idi_non_numeric_value_names_sheet_column_value_and_row(tmp_path):
    editions = {**EDITIONS, 2023: (4, [economy("CHN", "China", 84.4), economy("IND", "India", "about 50")])}
    # 4 title rows, header on row 5, sub-header row 6, CHN row 7, IND row 8
    with pytest.raises(
        ParseError,
        match=r"IDIDataset\.xlsx, sheet 'IDI 2023 Data': non-numeric value 'about 50' in column "
        r"'ICT Development Index \(IDI\)' at line 8",
    ):
        itu.parse_idi([write_idi(tmp_path, editions)])


def test_parse_idi_unknown_code(tmp_path):
    editions = {**EDITIONS, 2025: (2, [economy("CHN", "China", 91.2), economy("QQQ", "Nowhere", 50.0)])}
    with pytest.raises(ParseError, match=r"sheet 'IDI 2025 Data'.*not recognized as countries: \['QQQ'\]"):
        itu.parse_idi([write_idi(tmp_path, editions)])


# --- DataHub export -------------------------------------------------------------------------------

INTERNET_HEADER = ["seriesID", "seriesCode", "seriesName", "seriesParent", "seriesUnits", "entityID", "entityIso",
                   "entityName", "dataValue", "dataYear", "dataNote", "dataSource", "seriesDescription"]
INTERNET_ROWS = [
    ("CHN", "China", "75.6113", "2022", ""),
    ("CHN", "China", "77.4827", "2023", "ITU estimate.\nITU estimate."),  # multi-line quoted field
    ("GBJ", "Jersey", "41.4", "2005", ""),  # ITU code -> JEY
    ("AAA", "Guernsey", "68.0", "2010", ""),  # ITU code -> GGY
    ("KSO", "Kosovo", "89.4", "2023", ""),  # ITU code -> XKX
    ("ASC", "Ascension", "40.0", "2010", ""),  # part of SHN; dropped
    ("SHN", "St. Helena", "", "2010", ""),  # blank value = missing
]


def write_internet(tmp_path, rows=INTERNET_ROWS, *, header=INTERNET_HEADER, series="i99H"):
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    writer.writerow(header)
    for i, (code, name, value, year, source) in enumerate(rows):
        writer.writerow([11624, series, "Individuals using the Internet", "", "%", i + 4, code, name, value,
                         int(year) if year.isdigit() else year, "", source, "Refers to …"])
    path = tmp_path / "individuals-using-the-internet.csv"
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().rstrip("\n").encode("utf-8"))  # no final newline, as real
    return path


def test_parse_internet_recodes_itu_codes_and_drops_ascension(tmp_path):
    assert as_dict(itu.parse_internet([write_internet(tmp_path)])) == {
        ("CHN", 2022, "IT.NET.USER.ZS"): 75.6113,
        ("CHN", 2023, "IT.NET.USER.ZS"): 77.4827,
        ("JEY", 2005, "IT.NET.USER.ZS"): 41.4,
        ("GGY", 2010, "IT.NET.USER.ZS"): 68.0,
        ("XKX", 2023, "IT.NET.USER.ZS"): 89.4,
    }


def test_parse_internet_missing_column(tmp_path):
    header = [h if h != "dataYear" else "year" for h in INTERNET_HEADER]
    with pytest.raises(ParseError, match=r"individuals-using-the-internet\.csv.*missing column\(s\) \['dataYear'\]"):
        itu.parse_internet([write_internet(tmp_path, header=header)])


def test_parse_internet_other_series(tmp_path):
    with pytest.raises(ParseError, match=r"series \['i911'\] in column 'seriesCode'"):
        itu.parse_internet([write_internet(tmp_path, series="i911")])


def test_parse_internet_not_utf8(tmp_path):
    path = write_internet(tmp_path)
    path.write_bytes(path.read_bytes().replace(b"Kosovo", b"Kosov\xe9"))
    with pytest.raises(ParseError, match=r"individuals-using-the-internet\.csv: not UTF-8 text"):
        itu.parse_internet([path])


def test_parse_internet_truncated_mid_quote(tmp_path):
    path = write_internet(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"ITU estimate.\nITU") + 8])
    with pytest.raises(ParseError, match=r"individuals-using-the-internet\.csv: malformed CSV.*truncated"):
        itu.parse_internet([path])


def test_parse_internet_non_numeric_value_names_column_value_and_line(tmp_path):
    rows = [*INTERNET_ROWS[:2], ("IND", "India", "46,3", "2022", "")]
    # header line 1, CHN 2022 line 2, CHN 2023 spans lines 3-4 -> pandas counts records: India is record 4
    with pytest.raises(ParseError, match=r"non-numeric value '46,3' in column 'dataValue' at line 4"):
        itu.parse_internet([write_internet(tmp_path, rows)])


def test_parse_internet_missing_year(tmp_path):
    rows = [*INTERNET_ROWS[:1], ("IND", "India", "46.3", "", "")]
    with pytest.raises(ParseError, match=r"individuals-using-the-internet\.csv: missing dataYear at line 3"):
        itu.parse_internet([write_internet(tmp_path, rows)])


def test_parse_internet_duplicate_economy_year(tmp_path):
    rows = [*INTERNET_ROWS, ("JEY", "Jersey", "41.5", "2005", "")]  # JEY and GBJ are one economy
    with pytest.raises(ParseError, match=r"individuals-using-the-internet\.csv: 2 rows share country, year.*JEY"):
        itu.parse_internet([write_internet(tmp_path, rows)])


# --- real files -----------------------------------------------------------------------------------


@pytest.mark.integration
def test_real_idi(mirror):
    out = itu.parse_idi([mirror / "itu" / "IDIDataset.xlsx"])
    values = as_dict(out)
    # IDIDataset.xlsx, column AL "ICT Development Index (IDI)", China rows: 91.2 in 'IDI 2025 Data',
    # 85.8 in 'IDI 2024 Data', 84.4 in 'IDI 2023 Data'.
    assert values[("CHN", 2025, "itu.idi")] == 91.2
    assert values[("CHN", 2024, "itu.idi")] == 85.8
    assert values[("CHN", 2023, "itu.idi")] == 84.4
    # 'Palestine*' is WBG in the 2023 and 2024 sheets (67.3, 69.3) and PSE in 2025 (69.1)
    assert values[("PSE", 2024, "itu.idi")] == 69.3 and values[("PSE", 2025, "itu.idi")] == 69.1
    per_year = out.groupby("year")["iso3"].nunique().to_dict()
    assert per_year == {2023: 169, 2024: 170, 2025: 164}


@pytest.mark.integration
def test_real_internet(mirror):
    out = itu.parse_internet([mirror / "itu" / "individuals-using-the-internet.csv"])
    values = as_dict(out)
    # individuals-using-the-internet.csv: entityIso "CHN", dataYear 2022, dataValue "75.6113"
    assert values[("CHN", 2022, "IT.NET.USER.ZS")] == 75.6113
    # Kosovo is "KSO" in the file (2017 and 2018 only)
    assert {y for (c, y, _) in values if c == "XKX"} == {2017, 2018}
    assert not {"ASC", "GBJ", "AAA", "KSO"} & set(out["iso3"])
    per_year = out.groupby("year")["iso3"].nunique()
    assert out["iso3"].nunique() == 227  # 228 entities minus Ascension
    assert per_year[2000] == 210 and per_year[2022] == 184 and per_year[2024] == 9
