"""Unit tests for helpers.data.parsers.wgi on small synthetic files laid out like the publisher's."""

from __future__ import annotations

import numpy as np
import openpyxl
import pytest

from helpers.data.errors import ParseError
from helpers.data.parsers import wgi
from helpers.data.parsers._common import TIDY_COLUMNS

# --- helpers --------------------------------------------------------------------------------------

CSV_HEADER = '"Country Name","Country Code","Indicator Name","Indicator Code","2021","2022",\n'


def csv_line(name: str, code: str, series: str, v2021: str, v2022: str) -> str:
    """One bulk-CSV line: every field quoted, and the trailing comma of the publisher's file."""
    return f'"{name}","{code}","{series} name","{series}","{v2021}","{v2022}",\r\n'


def write_csv(tmp_path, extra: list[str] | None = None, *, skip: tuple[str, ...] = ()):
    """A WGIData.csv with every kept series for China and a few for Kosovo and the Netherlands Antilles."""
    lines = [CSV_HEADER]
    for i, series in enumerate(wgi.CSV_CODES):
        if series not in skip:
            lines.append(csv_line("China", "CHN", series, f"0.{i}1", f"0.{i}2"))
    lines += [
        csv_line("China", "CHN", "GE.NO.SRC", "7", "7"),  # a series the panel does not keep
        csv_line("Kosovo", "XKX", "GE.EST", "", "-0.19"),  # '' = missing in the bulk file
        csv_line("Netherlands Antilles", "ANT", "GE.EST", "0.74", ""),  # dissolved 2010: dropped
        *(extra or []),
    ]
    path = tmp_path / "WGIData.csv"
    path.write_bytes("\ufeff".encode() + "".join(lines).encode("utf-8"))
    return path


XLSX_HEADER = ["countryname", "year", "indicator", "estimate", "stddev", "nsource", "pctrank", "pctranklower"]


def write_xlsx(tmp_path, rows: list[tuple], header: list[str] = XLSX_HEADER, name: str = "wgidataset.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    path = tmp_path / name
    book.save(path)
    return path


XLSX_ROWS = [
    ("China", 2023, "ge", 0.679, 0.258, 7, 73.58, 60.38),
    ("China", 2023, "cc", 0.0161, 0.21, 9, 51.0, 40.0),
    ("Kosovo", 2023, "ge", -0.08, 0.276, 6, 47.64, 32.08),
    ("American Samoa", 2023, "ge", "..", "..", "..", "..", ".."),  # '..' = missing
    ("Netherlands Antilles (former)", 2023, "ge", 0.74, 0.45, 1, 74.6, 56.5),  # dissolved: dropped
]


def as_dict(frame):
    assert list(frame.columns) == TIDY_COLUMNS
    assert frame["year"].dtype == np.int64 and frame["value"].dtype == np.float64
    keys = list(zip(frame["iso3"], frame["year"], frame["indicator"], strict=True))
    assert len(keys) == len(set(keys)), "duplicate keys"
    return dict(zip(keys, frame["value"], strict=True))


# --- bulk CSV (2023 release) ----------------------------------------------------------------------


def test_parse_csv_keeps_listed_series_and_drops_dissolved_code(tmp_path):
    out = as_dict(wgi.parse_csv([write_csv(tmp_path)]))
    expected = {("CHN", y, s): float(f"0.{i}{y - 2020}") for i, s in enumerate(wgi.CSV_CODES) for y in (2021, 2022)}
    expected[("XKX", 2022, "GE.EST")] = -0.19
    assert out == expected  # no GE.NO.SRC, no ANT, no Kosovo 2021 (blank), no NaN


def test_parse_csv_ignores_other_files_of_the_folder(tmp_path):
    xlsx = write_xlsx(tmp_path, XLSX_ROWS)
    assert len(wgi.parse_csv([write_csv(tmp_path), xlsx])) == 17


def test_parse_csv_unknown_code_stops_for_review(tmp_path):
    # An aggregate such as World (WLD) is not a country; a future release that adds one must be reviewed.
    path = write_csv(tmp_path, [csv_line("World", "WLD", "GE.EST", "0", "0")])
    with pytest.raises(ParseError, match=r"WGIData\.csv.*not recognized as countries: \['WLD'\]"):
        wgi.parse_csv([path])


def test_parse_csv_malformed_code(tmp_path):
    path = write_csv(tmp_path, [csv_line("Somewhere", "1A", "GE.EST", "0", "0")])
    with pytest.raises(ParseError, match=r"WGIData\.csv.*'Country Code' '1A' at line \d+ is not a three-letter"):
        wgi.parse_csv([path])


def test_parse_csv_missing_column(tmp_path):
    path = tmp_path / "WGIData.csv"
    path.write_text('"Country Name","Country Code","2022"\n"China","CHN","0.5"\n', encoding="utf-8")
    with pytest.raises(ParseError, match=r"WGIData\.csv.*missing column\(s\) \['Indicator Code'\]"):
        wgi.parse_csv([path])


def test_parse_csv_missing_series(tmp_path):
    path = write_csv(tmp_path, skip=("GE.PER.RNK",))
    with pytest.raises(ParseError, match=r"WGIData\.csv.*series \['GE\.PER\.RNK'\] not found"):
        wgi.parse_csv([path])


def test_parse_csv_not_utf8(tmp_path):
    path = write_csv(tmp_path)
    path.write_bytes(path.read_bytes().replace(b"Kosovo", b"Kosov\xe9"))
    with pytest.raises(ParseError, match=r"WGIData\.csv: not UTF-8 text"):
        wgi.parse_csv([path])


def test_parse_csv_truncated_mid_quote(tmp_path):
    path = write_csv(tmp_path)
    text = path.read_bytes()
    path.write_bytes(text[: text.index(b'"-0.19') + 4])
    with pytest.raises(ParseError, match=r"WGIData\.csv: malformed CSV.*truncated"):
        wgi.parse_csv([path])


def test_parse_csv_non_numeric_value_names_column_value_and_line(tmp_path):
    path = write_csv(tmp_path, [csv_line("Chad", "TCD", "GE.EST", "-1.2", "n/a")])
    # line 1 header, 8 China series, GE.NO.SRC, Kosovo, ANT -> Chad is line 13
    with pytest.raises(ParseError, match=r"WGIData\.csv: non-numeric value 'n/a' in column '2022' at line 13"):
        wgi.parse_csv([path])


def test_parse_csv_no_csv_among_paths(tmp_path):
    with pytest.raises(ParseError, match=r"no WGI \.csv file"):
        wgi.parse_csv([write_xlsx(tmp_path, XLSX_ROWS)])


# --- workbook (2024 release) ----------------------------------------------------------------------


def test_parse_xlsx_maps_names_and_dimensions(tmp_path):
    out = as_dict(wgi.parse_xlsx([write_xlsx(tmp_path, XLSX_ROWS)]))
    assert out == {
        ("CHN", 2023, "GE.EST"): 0.679,
        ("CHN", 2023, "GE.STD.ERR"): 0.258,
        ("CHN", 2023, "GE.PER.RNK"): 73.58,
        ("CHN", 2023, "CC.EST"): 0.0161,  # stddev/pctrank only for Government Effectiveness
        ("XKX", 2023, "GE.EST"): -0.08,
        ("XKX", 2023, "GE.STD.ERR"): 0.276,
        ("XKX", 2023, "GE.PER.RNK"): 47.64,
    }


def test_parse_xlsx_ignores_trailing_empty_rows(tmp_path):
    path = write_xlsx(tmp_path, [*XLSX_ROWS, (None,) * 8, (None,) * 8])
    assert len(wgi.parse_xlsx([path])) == 7


def test_parse_xlsx_missing_column(tmp_path):
    header = [h if h != "pctrank" else "percentile" for h in XLSX_HEADER]
    path = write_xlsx(tmp_path, XLSX_ROWS, header=header)
    with pytest.raises(ParseError, match=r"wgidataset\.xlsx.*missing column\(s\) \['pctrank'\]"):
        wgi.parse_xlsx([path])


def test_parse_xlsx_truncated_file(tmp_path):
    path = write_xlsx(tmp_path, XLSX_ROWS)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError, match=r"wgidataset\.xlsx: not a readable \.xlsx workbook"):
        wgi.parse_xlsx([path])


def test_parse_xlsx_not_a_workbook(tmp_path):
    path = tmp_path / "wgidataset.xlsx"
    path.write_text("countryname,year\n", encoding="utf-8")
    with pytest.raises(ParseError, match=r"wgidataset\.xlsx: not a readable \.xlsx workbook"):
        wgi.parse_xlsx([path])


def test_parse_xlsx_non_numeric_value_names_column_value_and_row(tmp_path):
    rows = [*XLSX_ROWS, ("Chad", 2023, "ge", "-1,2", 0.2, 5, 10.0, 5.0)]
    with pytest.raises(ParseError, match=r"wgidataset\.xlsx: non-numeric value '-1,2' in column 'estimate' at line 7"):
        wgi.parse_xlsx([write_xlsx(tmp_path, rows)])


def test_parse_xlsx_unknown_dimension(tmp_path):
    rows = [*XLSX_ROWS, ("Chad", 2023, "xx", 0.1, 0.2, 5, 10.0, 5.0)]
    with pytest.raises(ParseError, match=r"unexpected value\(s\) \['xx'\] in column 'indicator'"):
        wgi.parse_xlsx([write_xlsx(tmp_path, rows)])


def test_parse_xlsx_unknown_name(tmp_path):
    rows = [*XLSX_ROWS, ("Atlantis", 2023, "ge", 0.1, 0.2, 5, 10.0, 5.0)]
    with pytest.raises(ParseError, match=r"wgidataset\.xlsx.*not recognized as countries: \['Atlantis'\]"):
        wgi.parse_xlsx([write_xlsx(tmp_path, rows)])


def test_parse_xlsx_two_names_for_one_country(tmp_path):
    rows = [*XLSX_ROWS, ("People's Republic of China", 2023, "ge", 0.5, 0.2, 5, 70.0, 60.0)]
    with pytest.raises(ParseError, match=r"wgidataset\.xlsx.*rows share country, year and indicator.*CHN"):
        wgi.parse_xlsx([write_xlsx(tmp_path, rows)])


# --- real files -----------------------------------------------------------------------------------


@pytest.mark.integration
def test_real_csv(mirror):
    out = wgi.parse_csv([mirror / "wb_wgi" / "WGIData.csv"])
    values = as_dict(out)
    # WGIData.csv line 1448 ("China","CHN","Government Effectiveness: Estimate","GE.EST"), column "2022"
    assert values[("CHN", 2022, "GE.EST")] == pytest.approx(0.495032012462616)
    # Kosovo keeps the World Bank code XKX; line 3680, column "2010"
    assert values[("XKX", 2010, "GE.EST")] == pytest.approx(-0.583555221557617)
    assert set(out["indicator"]) == set(wgi.CSV_CODES)
    assert "ANT" not in set(out["iso3"])
    per_year = out[out["indicator"] == "GE.EST"].groupby("year")["iso3"].nunique()
    assert per_year[1996] == 184 and per_year[2022] == 213 and per_year.min() == 184
    assert out["iso3"].nunique() == 213  # 214 economies minus the Netherlands Antilles


@pytest.mark.integration
def test_real_xlsx(mirror):
    out = wgi.parse_xlsx([mirror / "wb_wgi" / "wgidataset.xlsx"])
    values = as_dict(out)
    # wgidataset.xlsx Sheet1 row 31072: ('China', 2023, 'ge', 0.6790140271186829, 0.25837579369544983, 7,
    # 73.58490753173828, …); row 29788 has China 2022 ge estimate 0.4942125380039215 (revised from the
    # 2023 release's 0.4950).
    assert values[("CHN", 2023, "GE.EST")] == pytest.approx(0.6790140271186829)
    assert values[("CHN", 2023, "GE.STD.ERR")] == pytest.approx(0.25837579369544983)
    assert values[("CHN", 2023, "GE.PER.RNK")] == pytest.approx(73.58490753173828)
    assert values[("CHN", 2022, "GE.EST")] == pytest.approx(0.4942125380039215)
    # row 31134: ('Kosovo', 2023, 'ge', -0.08006061613559723, …)
    assert values[("XKX", 2023, "GE.EST")] == pytest.approx(-0.08006061613559723)
    assert "ANT" not in set(out["iso3"])
    per_year = out[out["indicator"] == "GE.EST"].groupby("year")["iso3"].nunique()
    assert per_year[1996] == 184 and per_year[2023] == 213 and len(per_year) == 25
