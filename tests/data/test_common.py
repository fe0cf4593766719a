"""Unit tests for helpers.data.parsers._common (CSV reading, numbers, wide → tidy) and the error types.

The parser skeleton of _common (selecting files, parse_files, country codes) is tested in
data/parsers/test_skeleton.py, beside the contract test of every parser.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.data.errors import ParseError, UnknownKeyError
from helpers.data.parsers._common import (
    TIDY_COLUMNS,
    check_columns,
    melt_years,
    read_csv_checked,
    tidy,
    to_number,
    year_columns,
)


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


# --- read_csv_checked ---------------------------------------------------------------------------


def test_read_csv_checked_reads_everything_as_strings(tmp_path):
    path = write(tmp_path / "a.csv", "Country,Code,Value\nChina,CHN,1.50\nAruba,ABW,\n")
    frame = read_csv_checked(path, ["Country", "Value"])
    assert list(frame.columns) == ["Country", "Code", "Value"]
    assert frame["Value"].tolist() == ["1.50", ""]  # strings, blanks kept as '' (not NaN)
    assert frame["Country"].tolist() == ["China", "Aruba"]


def test_read_csv_checked_strips_bom_and_header_whitespace(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeff Country Name ,Value \nChina,1\n".encode())
    frame = read_csv_checked(path, ["Country Name", "Value"])
    assert list(frame.columns) == ["Country Name", "Value"]
    assert frame.to_dict("records") == [{"Country Name": "China", "Value": "1"}]


def test_read_csv_checked_missing_file(tmp_path):
    path = tmp_path / "nope.csv"
    with pytest.raises(ParseError, match="file does not exist") as info:
        read_csv_checked(path, ["a"])
    assert info.value.file == str(path)
    assert "nope.csv" in str(info.value)


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_read_csv_checked_empty_file(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(ParseError, match="file is empty") as info:
        read_csv_checked(path, ["a"])
    assert "empty.csv" in str(info.value)


def test_read_csv_checked_latin1_bytes(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("Country,Value\nCôte d'Ivoire,1\n".encode("latin-1"))
    with pytest.raises(ParseError, match="not UTF-8 text") as info:
        read_csv_checked(path, ["Country"])
    message = str(info.value)
    assert "latin1.csv" in message
    # 'Country,Value\nC' is 15 bytes; the latin-1 'ô' (0xf4) is byte 15.
    assert "byte 15" in message
    assert info.value.file == str(path)


def test_read_csv_checked_utf16_bom(tmp_path):
    path = tmp_path / "utf16.csv"
    path.write_bytes(b"\xff\xfe" + "Country,Value\nCaf\xe9,1\n".encode("utf-16-le"))
    with pytest.raises(ParseError, match=r"not UTF-8 text \(byte 0: b'\\xff\\xfeC\\x00'\)") as info:
        read_csv_checked(path, ["Country"])
    assert "utf16.csv" in str(info.value)


def test_read_csv_checked_truncated_mid_quoted_field(tmp_path):
    path = write(tmp_path / "cut.csv", 'Country,Notes,Value\nChina,"complete",1\nAruba,"this note was cut')
    with pytest.raises(ParseError) as info:
        read_csv_checked(path, ["Country"])
    message = str(info.value)
    assert "cut.csv" in message
    assert "malformed CSV" in message
    assert "truncated" in message


def test_read_csv_checked_missing_column_lists_found_columns(tmp_path):
    path = write(tmp_path / "cols.csv", "Entity,Year,GDP\nChina,2000,1\n")
    with pytest.raises(ParseError) as info:
        read_csv_checked(path, ["Entity", "Population", "Year", "Area"])
    message = str(info.value)
    assert "cols.csv" in message
    assert "missing column(s) ['Population', 'Area']" in message
    assert "found: Entity, Year, GDP" in message
    assert "…" not in message  # only 3 columns: nothing elided


def test_check_columns_elides_after_twelve_columns():
    frame = pd.DataFrame(columns=[f"c{i}" for i in range(15)])
    with pytest.raises(ParseError) as info:
        check_columns(frame, ["zz"], "wide.csv")
    message = str(info.value)
    assert "found: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11 …" in message
    assert "c12" not in message


def test_read_csv_checked_skips_preamble(tmp_path):
    path = write(
        tmp_path / "pre.csv",
        '"Data Source","World Development Indicators",\n\n"Last Updated Date","2024-10-29",\n\n'
        '"Country Name","Country Code","2000",\n"China","CHN","1",\n',
    )
    frame = read_csv_checked(
        path, ["Country Name", "Country Code", "2000"], skip_preamble_until="Country Name"
    )
    assert frame[["Country Name", "Country Code", "2000"]].to_dict("records") == [
        {"Country Name": "China", "Country Code": "CHN", "2000": "1"}
    ]


def test_read_csv_checked_skip_preamble_header_on_first_line(tmp_path):
    path = write(tmp_path / "nopre.csv", "Country Name,Country Code\nChina,CHN\n")
    frame = read_csv_checked(path, ["Country Code"], skip_preamble_until="Country Name")
    assert frame["Country Code"].tolist() == ["CHN"]


def test_read_csv_checked_skip_preamble_header_not_found(tmp_path):
    path = write(tmp_path / "nohead.csv", "Entity,Year\nChina,2000\n")
    with pytest.raises(ParseError, match="no header line starting with 'Country Name'") as info:
        read_csv_checked(path, ["Country Code"], skip_preamble_until="Country Name")
    assert "nohead.csv" in str(info.value)


# --- to_number ----------------------------------------------------------------------------------


def test_to_number_missing_tokens_become_nan():
    values = pd.Series(["1.5", "", "..", "n.a.", " 2 ", "-3e2", "NA", "nan", "-", "0"])
    out = to_number(values, "f.csv", "v")
    assert out.dtype == np.float64
    expected = [1.5, np.nan, np.nan, np.nan, 2.0, -300.0, np.nan, np.nan, np.nan, 0.0]
    np.testing.assert_array_equal(out.to_numpy(), np.array(expected))
    assert out.index.tolist() == values.index.tolist()


def test_to_number_raises_naming_line_column_and_value():
    values = pd.Series(["1", "2", "abc", "xyz"])
    with pytest.raises(ParseError) as info:
        to_number(values, "data/f.csv", "Value")
    message = str(info.value)
    # third data row of a file with one header line is line 4; only the first bad value is named
    assert "non-numeric value 'abc' in column 'Value' at line 4" in message
    assert "data/f.csv" in message
    assert "xyz" not in message


def test_to_number_row_offset():
    values = pd.Series(["abc"])
    with pytest.raises(ParseError, match="at line 6"):
        to_number(values, "f.csv", "2000", row_offset=6)


def test_to_number_all_blank_is_all_nan():
    out = to_number(pd.Series(["", ".."]), "f.csv", "v")
    assert out.isna().tolist() == [True, True]
    assert out.dtype == np.float64


# --- year_columns, tidy, melt_years -------------------------------------------------------------


def test_year_columns():
    frame = pd.DataFrame(
        columns=["iso3", "1990", "hdi_1990", "hdi_f_1990", "hdi_19900", "2000", "Unnamed: 5"]
    )
    assert year_columns(frame) == ["1990", "2000"]
    assert year_columns(frame, "hdi_") == ["hdi_1990"]


def test_tidy_drops_nan_and_sets_dtypes():
    frame = pd.DataFrame(
        {
            "iso3": ["CHN", "ABW", "USA"],
            "year": [2000.0, 2001.0, 2002.0],
            "indicator": ["x", "x", "x"],
            "value": [1, np.nan, 3],
            "extra": ["a", "b", "c"],
        },
        index=[10, 11, 12],
    )
    out = tidy(frame)
    assert list(out.columns) == TIDY_COLUMNS
    assert out.to_dict("records") == [
        {"iso3": "CHN", "year": 2000, "indicator": "x", "value": 1.0},
        {"iso3": "USA", "year": 2002, "indicator": "x", "value": 3.0},
    ]
    assert out.index.tolist() == [0, 1]
    assert out["year"].dtype == np.int64
    assert out["value"].dtype == np.float64


def test_melt_years_with_prefix():
    frame = pd.DataFrame(
        {"iso3": ["CHN", "ABW"], "hdi_1990": ["0.5", ""], "hdi_2000": ["0.6", "0.7"], "le_1990": ["70", "71"]}
    )
    out = melt_years(frame, "hdr.csv", id_column="iso3", indicator="hdr.hdi", prefix="hdi_")
    assert list(out.columns) == TIDY_COLUMNS
    got = sorted(out.itertuples(index=False, name=None))
    assert got == [
        ("ABW", 2000, "hdr.hdi", 0.7),
        ("CHN", 1990, "hdr.hdi", 0.5),
        ("CHN", 2000, "hdr.hdi", 0.6),
    ]


def test_melt_years_without_year_columns():
    frame = pd.DataFrame({"iso3": ["CHN"], "value": ["1"]})
    with pytest.raises(ParseError, match="no year columns named hdi_YYYY"):
        melt_years(frame, "hdr.csv", id_column="iso3", indicator="hdr.hdi", prefix="hdi_")


def test_melt_years_bad_value_names_year_column():
    frame = pd.DataFrame({"iso3": ["CHN", "ABW"], "2000": ["1", "oops"]})
    with pytest.raises(ParseError, match="non-numeric value 'oops' in column '2000' at line 3"):
        melt_years(frame, "w.csv", id_column="iso3", indicator="x")


# --- errors -------------------------------------------------------------------------------------


def test_parse_error_message_and_file():
    err = ParseError("dir/f.csv", "bad thing", "Do this")
    assert str(err) == "cannot parse dir/f.csv: bad thing. Do this"
    assert err.file == "dir/f.csv"
    assert str(ParseError("f.csv", "bad")) == "cannot parse f.csv: bad"


def test_unknown_key_error_str_is_plain_message():
    err = UnknownKeyError("unknown indicator 'x'")
    assert isinstance(err, KeyError)
    assert str(err) == "unknown indicator 'x'"
