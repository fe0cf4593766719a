"""Unit tests for helpers.data.parsers.hdr on small synthetic files laid out like the publisher's."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.data.errors import ParseError
from helpers.data.parsers import hdr
from helpers.data.parsers._common import TIDY_COLUMNS

HEADER = (
    "iso3,country,hdicode,region,hdi_rank_2022,hdi_2021,hdi_2022,le_2021,le_2022,eys_2021,eys_2022,"
    "mys_2021,mys_2022,gnipc_2021,gnipc_2022,hdi_f_2022,le_f_2022,gnipc_f_2022\n"
)
ROWS = [
    "CHN,China,High,EAP,75,0.786,0.788,78.2,78.587,15.1,15.21793605,8.1,8.106910446,17000.5,18024.88747,0.77,81.0,1",
    # The publisher's file is Windows-1252: "Côte" is written with the single byte 0xF4.
    "CIV,Côte d'Ivoire,Low,SSA,166,0.530,0.534,58.6,58.9,10.6,10.7,5.2,5.3,5000,5100,0.49,60.1,2",
    # Blank = missing (Somalia had no HDI before 2020 in HDR 2023/24).
    "SOM,Somalia,,SSA,,,0.380,55.3,55.7,,,1.1,,1000,1100,,57.1,3",
    # Aggregates have iso3 codes starting with ZZ and are dropped.
    "ZZK.WORLD,World,,,,0.735,0.739,71.5,72.0,12.8,12.9,8.6,8.7,17000,17254,0.72,74.0,4",
]

EXPECTED = {
    ("CHN", 2021, "hdr.hdi"): 0.786,
    ("CHN", 2022, "hdr.hdi"): 0.788,
    ("CHN", 2021, "hdr.le"): 78.2,
    ("CHN", 2022, "hdr.le"): 78.587,
    ("CHN", 2021, "hdr.eys"): 15.1,
    ("CHN", 2022, "hdr.eys"): 15.21793605,
    ("CHN", 2021, "hdr.mys"): 8.1,
    ("CHN", 2022, "hdr.mys"): 8.106910446,
    ("CHN", 2021, "hdr.gnipc"): 17000.5,
    ("CHN", 2022, "hdr.gnipc"): 18024.88747,
    ("CIV", 2021, "hdr.hdi"): 0.53,
    ("CIV", 2022, "hdr.hdi"): 0.534,
    ("CIV", 2021, "hdr.le"): 58.6,
    ("CIV", 2022, "hdr.le"): 58.9,
    ("CIV", 2021, "hdr.eys"): 10.6,
    ("CIV", 2022, "hdr.eys"): 10.7,
    ("CIV", 2021, "hdr.mys"): 5.2,
    ("CIV", 2022, "hdr.mys"): 5.3,
    ("CIV", 2021, "hdr.gnipc"): 5000.0,
    ("CIV", 2022, "hdr.gnipc"): 5100.0,
    ("SOM", 2022, "hdr.hdi"): 0.38,
    ("SOM", 2021, "hdr.le"): 55.3,
    ("SOM", 2022, "hdr.le"): 55.7,
    ("SOM", 2021, "hdr.mys"): 1.1,
    ("SOM", 2021, "hdr.gnipc"): 1000.0,
    ("SOM", 2022, "hdr.gnipc"): 1100.0,
}

NAME = "HDR23-24_Composite_indices_complete_time_series.csv"


def write(tmp_path, rows=ROWS, *, header=HEADER, encoding="cp1252", bom=b""):
    path = tmp_path / NAME
    path.write_bytes(bom + (header + "".join(r + "\r\n" for r in rows)).encode(encoding))
    return path


def as_dict(frame):
    assert list(frame.columns) == TIDY_COLUMNS
    assert frame["year"].dtype == np.int64 and frame["value"].dtype == np.float64
    keys = list(zip(frame["iso3"], frame["year"], frame["indicator"], strict=True))
    assert len(keys) == len(set(keys)), "duplicate keys"
    return dict(zip(keys, frame["value"], strict=True))


def test_parse_windows_1252_file(tmp_path):
    # female/male columns (hdi_f_2022 …) and hdi_rank_2022 are not read; ZZ aggregates are dropped.
    assert as_dict(hdr.parse([write(tmp_path)])) == EXPECTED


def test_parse_utf8_file_with_bom_gives_the_same(tmp_path):
    assert as_dict(hdr.parse([write(tmp_path, encoding="utf-8", bom=b"\xef\xbb\xbf")])) == EXPECTED


def test_bytes_neither_utf8_nor_cp1252(tmp_path):
    path = write(tmp_path)
    # 0x81 is undefined in Windows-1252 and is not valid UTF-8 on its own.
    path.write_bytes(path.read_bytes().replace(b"Somalia", b"Somal\x81a"))
    with pytest.raises(ParseError, match=r"HDR23-24.*\.csv: neither UTF-8 nor Windows-1252 text \(byte \d+"):
        hdr.parse([path])


def test_missing_indicator_columns(tmp_path):
    header = HEADER.replace("mys_2021", "mys2021").replace("mys_2022", "mys2022")
    with pytest.raises(ParseError, match=r"HDR23-24.*\.csv: no year columns named mys_YYYY"):
        hdr.parse([write(tmp_path, header=header)])


def test_missing_iso3_column(tmp_path):
    with pytest.raises(ParseError, match=r"HDR23-24.*\.csv: missing column\(s\) \['iso3'\]"):
        hdr.parse([write(tmp_path, header=HEADER.replace("iso3", "code"))])


def test_truncated_mid_quote(tmp_path):
    path = write(tmp_path)
    path.write_bytes(path.read_bytes() + b'TUR,"T\xfcrkiye, Rep')
    with pytest.raises(ParseError, match=r"HDR23-24.*\.csv: malformed CSV.*truncated"):
        hdr.parse([path])


def test_truncated_mid_line(tmp_path):
    path = write(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"0.739") + 3])  # the World row cut inside hdi_2022
    with pytest.raises(ParseError, match=r"HDR23-24.*\.csv: line 5 has fewer fields than the header"):
        hdr.parse([path])


def test_non_numeric_value_names_column_value_and_line(tmp_path):
    rows = [*ROWS[:2], ROWS[2].replace(",0.380,", ",0.38x,")]
    with pytest.raises(ParseError, match=r"HDR23-24.*\.csv: non-numeric value '0\.38x' in column 'hdi_2022' at line 4"):
        hdr.parse([write(tmp_path, rows)])


def test_unknown_code_stops_for_review(tmp_path):
    rows = [*ROWS, ROWS[0].replace("CHN,China", "QQQ,Nowhere")]
    with pytest.raises(ParseError, match=r"HDR23-24.*\.csv.*not recognized as countries: \['QQQ'\]"):
        hdr.parse([write(tmp_path, rows)])


def test_repeated_country_row(tmp_path):
    with pytest.raises(ParseError, match=r"HDR23-24.*\.csv: 20 rows share country, year and indicator.*CHN"):
        hdr.parse([write(tmp_path, [*ROWS, ROWS[0]])])


@pytest.mark.integration
def test_real_file(mirror):
    out = hdr.parse([mirror / "undp_hdr" / NAME])
    values = as_dict(out)
    # Raw line 37 (iso3 CHN, "China"): hdi_2022 = 0.788, le_2022 = 78.587, gnipc_2022 = 18024.88747
    # (the HDR 2023/24 report's China HDI 2022 is 0.788).
    assert values[("CHN", 2022, "hdr.hdi")] == 0.788
    assert values[("CHN", 2022, "hdr.le")] == 78.587
    assert values[("CHN", 2022, "hdr.gnipc")] == pytest.approx(18024.88747)
    assert not out["iso3"].str.startswith("ZZ").any()
    assert out["iso3"].nunique() == 195  # 206 rows minus 11 ZZ aggregates
    per_year = out[out["indicator"] == "hdr.hdi"].groupby("year")["iso3"].nunique()
    assert per_year[2022] == 193 and per_year[1990] == 142
    assert sorted(out["year"].unique()) == list(range(1990, 2023))
