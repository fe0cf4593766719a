"""Unit tests for helpers.data.parsers.wdi on small synthetic bulk files (with and without preamble)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.data.errors import ParseError
from helpers.data.parsers import wdi
from helpers.data.parsers._common import TIDY_COLUMNS

# The publisher's file: 4 preamble lines, every field quoted, a trailing comma on every line.
PREAMBLE = '"Data Source","World Development Indicators",\n\n"Last Updated Date","2024-10-29",\n\n'
QUOTED_HEADER = '"Country Name","Country Code","Indicator Name","Indicator Code","2021","2022","2023",\n'
# The mirror's copy: preamble removed, BOM, no quotes, no trailing comma.
PLAIN_HEADER = "\ufeffCountry Name,Country Code,Indicator Name,Indicator Code,2021,2022,2023\n"

NAME = "Individuals using the Internet (% of population)"
ROWS = [
    ("Aruba", "ABW", "97.17", "", ""),
    ("Africa Eastern and Southern", "AFE", "29.5", "31.4", "34.9"),
    ("China", "CHN", "73.05", "75.61", "77.5"),
    ("World", "WLD", "63.1", "65.7", "67.4"),
]

METADATA = (
    "\ufeffCountry Code,Region,IncomeGroup,SpecialNotes,TableName\n"
    "ABW,Latin America & Caribbean,High income,,Aruba\n"
    'AFE,,,"26 countries, stretching from the Red Sea in the North\nto the Cape of Good Hope",'
    "Africa Eastern and Southern\n"
    'CHN,East Asia & Pacific,Upper middle income,"On 1 July 1997 China resumed its exercise\nof sovereignty",'
    "China\n"
    'VEN,Latin America & Caribbean,,,"Venezuela, RB"\n'
    "WLD,,,,World\n"
)


def quoted_rows(rows):
    return "".join(
        f'"{name}","{code}","{NAME}","IT.NET.USER.ZS",' + ",".join(f'"{v}"' for v in values) + ",\n"
        for name, code, *values in rows
    )


def plain_rows(rows):
    return "".join(
        f"{name},{code},{NAME},IT.NET.USER.ZS," + ",".join(values) + "\n" for name, code, *values in rows
    )


def write_bundle(folder, data_text: str):
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"
    data.write_text(data_text, encoding="utf-8")
    meta = folder / "Metadata_Country_API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"
    meta.write_text(METADATA, encoding="utf-8")
    return [data, meta]


def test_parse_drops_aggregates(tmp_path):
    out = wdi.parse(write_bundle(tmp_path, PLAIN_HEADER + plain_rows(ROWS)))
    assert list(out.columns) == TIDY_COLUMNS
    assert out["year"].dtype == np.int64 and out["value"].dtype == np.float64
    assert sorted(out.itertuples(index=False, name=None)) == [
        ("ABW", 2021, "IT.NET.USER.ZS", 97.17),
        ("CHN", 2021, "IT.NET.USER.ZS", 73.05),
        ("CHN", 2022, "IT.NET.USER.ZS", 75.61),
        ("CHN", 2023, "IT.NET.USER.ZS", 77.5),
    ]


def test_with_and_without_preamble_identical(tmp_path):
    with_preamble = wdi.parse(write_bundle(tmp_path / "pub", PREAMBLE + QUOTED_HEADER + quoted_rows(ROWS)))
    without = wdi.parse(write_bundle(tmp_path / "mirror", PLAIN_HEADER + plain_rows(ROWS)))
    assert len(with_preamble) == 4
    pd.testing.assert_frame_equal(with_preamble, without)


def test_data_files_are_concatenated_and_metadata_picked_by_name(tmp_path):
    paths = write_bundle(tmp_path, PLAIN_HEADER + plain_rows(ROWS))
    second = tmp_path / "API_IT.CEL.SETS.P2_DS2_en_csv_v2_1.csv"
    second.write_text(
        PLAIN_HEADER + "China,CHN,Mobile,IT.CEL.SETS.P2,120.1,..,\nWorld,WLD,Mobile,IT.CEL.SETS.P2,1,2,3\n",
        encoding="utf-8",
    )
    out = wdi.parse([*paths, second, tmp_path / "Metadata_Indicator_API_x.csv"])
    assert len(out) == 5
    assert out.iloc[-1].tolist() == ["CHN", 2021, "IT.CEL.SETS.P2", 120.1]


def test_country_metadata(tmp_path):
    table = wdi.parse_countries(write_bundle(tmp_path, PLAIN_HEADER + plain_rows(ROWS)))
    assert list(table.columns) == ["iso3", "name_en", "region", "income_group", "is_aggregate"]
    assert table["iso3"].tolist() == ["ABW", "AFE", "CHN", "VEN", "WLD"]
    assert table["name_en"].tolist() == [
        "Aruba",
        "Africa Eastern and Southern",
        "China",
        "Venezuela, RB",
        "World",
    ]
    assert table["region"].tolist() == [
        "Latin America & Caribbean",
        None,
        "East Asia & Pacific",
        "Latin America & Caribbean",
        None,
    ]
    # VEN has a region but no income group (unclassified): a country, not an aggregate
    assert table["income_group"].tolist() == ["High income", None, "Upper middle income", None, None]
    assert table["is_aggregate"].tolist() == [False, True, False, False, True]


def test_missing_metadata_file(tmp_path):
    data, _ = write_bundle(tmp_path, PLAIN_HEADER + plain_rows(ROWS))
    with pytest.raises(ParseError, match="no Metadata_Country_.*csv beside the data file") as info:
        wdi.parse([data])
    assert data.name in str(info.value)
    with pytest.raises(ParseError, match="no Metadata_Country_"):
        wdi.parse_countries([data])


def test_missing_data_file(tmp_path):
    _, meta = write_bundle(tmp_path, PLAIN_HEADER + plain_rows(ROWS))
    with pytest.raises(ParseError, match="no API_<code>_DS2_.*csv data file"):
        wdi.parse([meta])


def test_non_numeric_value_names_column_value_and_line(tmp_path):
    rows = [ROWS[0], ("China", "CHN", "73.05", "abc", "77.5"), ROWS[3]]
    with pytest.raises(ParseError) as info:
        wdi.parse(write_bundle(tmp_path, PLAIN_HEADER + plain_rows(rows)))
    message = str(info.value)
    assert "API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv" in message
    # header is line 1, Aruba line 2, China line 3
    assert "non-numeric value 'abc' in column '2022' at line 3" in message


def test_missing_tokens_are_not_errors(tmp_path):
    rows = [("China", "CHN", "..", "n.a.", "77.5")]
    out = wdi.parse(write_bundle(tmp_path, PLAIN_HEADER + plain_rows(rows)))
    assert out.values.tolist() == [["CHN", 2023, "IT.NET.USER.ZS", 77.5]]


def test_non_numeric_value_line_with_preamble(tmp_path):
    rows = [ROWS[0], ("China", "CHN", "73.05", "abc", "77.5")]
    with pytest.raises(ParseError, match="non-numeric value 'abc' in column '2022' at line 7"):
        wdi.parse(write_bundle(tmp_path, PREAMBLE + QUOTED_HEADER + quoted_rows(rows)))


def test_non_numeric_value_line_after_dropped_aggregate(tmp_path):
    rows = [ROWS[0], ROWS[1], ("China", "CHN", "73.05", "abc", "77.5")]
    with pytest.raises(ParseError, match="non-numeric value 'abc' in column '2022' at line 4"):
        wdi.parse(write_bundle(tmp_path, PLAIN_HEADER + plain_rows(rows)))


def test_no_header_line(tmp_path):
    paths = write_bundle(tmp_path, PREAMBLE + "Entity,Year\nChina,2000\n")
    with pytest.raises(ParseError, match="no header line starting with 'Country Name'"):
        wdi.parse(paths)
