"""Unit tests for helpers.data.parsers.gtmi on small synthetic workbooks laid out like the publisher's."""

from __future__ import annotations

import numpy as np
import openpyxl
import pytest

from helpers.data.errors import ParseError
from helpers.data.parsers import gtmi
from helpers.data.parsers._common import TIDY_COLUMNS

HEADER = ["year", "country_code", "country_name", "grp", "gtmi", "cgsi", "psdi", "dcei", "gtei"]
ROWS = [
    (2020, "CHN", "China", "B", 0.71, 0.711, 0.878, 0.408, 0.843),
    (2020, "ROM", "Romania", "B", 0.6, 0.5, 0.7, 0.4, 0.8),  # old World Bank code -> ROU
    (2020, "WBG", "Palestine", "C", 0.4, 0.3, None, 0.2, 0.5),  # empty cell = missing; WBG -> PSE
    (2022, "CHN", "China", "B", 0.665, 0.581, 0.841, 0.627, 0.611),
    (2022, "KSV", "Kosovo", "B", 0.633, 0.647, 0.852, 0.577, 0.456),  # KSV -> XKX
    # Notes under the data: group thresholds and counts, with numbers in country_code.
    (2025, "0.75", "A", "80", 0.406, None, None, None, None),
    (2025, "0.65715225784495757", None, None, 648.5, None, None, None, 6),
]


def write(tmp_path, rows=ROWS, header=HEADER):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    path = tmp_path / "groups_data.xlsx"
    book.save(path)
    return path


def as_dict(frame):
    assert list(frame.columns) == TIDY_COLUMNS
    assert frame["year"].dtype == np.int64 and frame["value"].dtype == np.float64
    keys = list(zip(frame["iso3"], frame["year"], frame["indicator"], strict=True))
    assert len(keys) == len(set(keys)), "duplicate keys"
    return dict(zip(keys, frame["value"], strict=True))


def test_parse_recodes_legacy_codes_and_drops_note_rows(tmp_path):
    expected = {}
    for year, code, iso3 in [(2020, "CHN", "CHN"), (2020, "ROM", "ROU"), (2020, "WBG", "PSE"),
                             (2022, "CHN", "CHN"), (2022, "KSV", "XKX")]:
        row = next(r for r in ROWS if r[0] == year and r[1] == code)
        for column, value in zip(HEADER[4:], row[4:], strict=True):
            if value is not None:
                expected[(iso3, year, f"gtmi.{column}")] = value
    out = as_dict(gtmi.parse([write(tmp_path)]))
    assert out == expected
    assert ("PSE", 2020, "gtmi.psdi") not in out  # the empty cell


def test_missing_column(tmp_path):
    header = [h if h != "dcei" else "DCEI index" for h in HEADER]
    with pytest.raises(ParseError, match=r"groups_data\.xlsx.*missing column\(s\) \['dcei'\]"):
        gtmi.parse([write(tmp_path, header=header)])


def test_truncated_workbook(tmp_path):
    path = write(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError, match=r"groups_data\.xlsx: not a readable \.xlsx workbook"):
        gtmi.parse([path])


def test_missing_file(tmp_path):
    with pytest.raises(ParseError, match=r"groups_data\.xlsx: file does not exist"):
        gtmi.parse([tmp_path / "groups_data.xlsx"])


def test_non_numeric_value_names_column_value_and_row(tmp_path):
    rows = [*ROWS[:3], (2022, "CHN", "China", "B", "0.665*", 0.581, 0.841, 0.627, 0.611)]
    with pytest.raises(ParseError, match=r"groups_data\.xlsx: non-numeric value '0\.665\*' in column 'gtmi' at line 5"):
        gtmi.parse([write(tmp_path, rows)])


def test_non_numeric_value_in_a_note_row_is_ignored(tmp_path):
    rows = [ROWS[0], (2025, "0.5", "B", "42", "n = 42", None, None, None, None)]
    assert len(gtmi.parse([write(tmp_path, rows)])) == 5


def test_missing_year(tmp_path):
    rows = [ROWS[0], (None, "FRA", "France", "A", 0.9, 0.9, 0.9, 0.9, 0.9)]
    with pytest.raises(ParseError, match=r"groups_data\.xlsx: missing year at row 3"):
        gtmi.parse([write(tmp_path, rows)])


def test_unknown_letter_code_stops_for_review(tmp_path):
    rows = [*ROWS, (2025, "EAP", "East Asia & Pacific", None, 0.5, 0.5, 0.5, 0.5, 0.5)]
    with pytest.raises(ParseError, match=r"groups_data\.xlsx.*not recognized as countries: \['EAP'\]"):
        gtmi.parse([write(tmp_path, rows)])


def test_old_and_new_code_for_one_country_is_a_duplicate(tmp_path):
    rows = [*ROWS, (2020, "ROU", "Romania", "B", 0.6, 0.5, 0.7, 0.4, 0.8)]
    with pytest.raises(ParseError, match=r"groups_data\.xlsx: 10 rows share country, year and indicator.*ROU"):
        gtmi.parse([write(tmp_path, rows)])


@pytest.mark.integration
def test_real_file(mirror):
    out = gtmi.parse([mirror / "wb_gtmi" / "groups_data.xlsx"])
    values = as_dict(out)
    # groups_data.xlsx Sheet1 row 235: (2022, 'CHN', 'China', 'B', 0.6649699955235494, 0.5809…, …);
    # row 433: (2025, 'CHN', 'China', 'B', 0.6505006547160923, …)
    assert values[("CHN", 2022, "gtmi.gtmi")] == pytest.approx(0.6649699955235494)
    assert values[("CHN", 2025, "gtmi.gtmi")] == pytest.approx(0.6505006547160923)
    # row 131: (2020, "KSV", "Kosovo", "C", 0.4546908963048203, …) recoded to XKX; row 147 (2020, "WBG",
    # "Palestine", …) to PSE
    assert values[("XKX", 2020, "gtmi.gtmi")] == pytest.approx(0.4546908963048203)
    assert ("PSE", 2020, "gtmi.gtmi") in values and ("ROU", 2020, "gtmi.gtmi") in values
    per_year = out[out["indicator"] == "gtmi.gtmi"].groupby("year")["iso3"].nunique().to_dict()
    assert per_year == {2020: 198, 2022: 198, 2025: 197}
    assert set(out["indicator"]) == set(gtmi.INDICATORS.values())
