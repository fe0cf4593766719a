"""WDI quirks (helpers.data.parsers.wdi); test_contract.py checks what every parser must do."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.data.errors import ParseError
from helpers.data.parsers import wdi


def test_parse_drops_aggregates(publisher):
    assert sorted(wdi.parse(publisher.wdi()).itertuples(index=False, name=None)) == [
        ("ABW", 2021, "IT.NET.USER.ZS", 97.17),
        ("CHN", 2021, "IT.NET.USER.ZS", 73.05),
        ("CHN", 2022, "IT.NET.USER.ZS", 75.61),
        ("CHN", 2023, "IT.NET.USER.ZS", 77.5),
    ]  # AFE and WLD have no Region in the metadata


def test_with_and_without_preamble_identical(publisher):
    with_preamble = wdi.parse(publisher.wdi(preamble=True, folder="publisher"))
    without = wdi.parse(publisher.wdi(folder="mirror"))
    assert len(with_preamble) == 4
    pd.testing.assert_frame_equal(with_preamble, without)


def test_data_files_are_concatenated_and_metadata_picked_by_name(publisher, tmp_path):
    second = tmp_path / "API_IT.CEL.SETS.P2_DS2_en_csv_v2_1.csv"
    second.write_text(
        "Country Name,Country Code,Indicator Name,Indicator Code,2021,2022,2023\n"
        "China,CHN,Mobile,IT.CEL.SETS.P2,120.1,..,\nWorld,WLD,Mobile,IT.CEL.SETS.P2,1,2,3\n",
        encoding="utf-8",
    )
    out = wdi.parse([*publisher.wdi(), second, tmp_path / "Metadata_Indicator_API_x.csv"])
    assert len(out) == 5
    assert out.iloc[-1].tolist() == ["CHN", 2021, "IT.CEL.SETS.P2", 120.1]


def test_country_metadata(publisher):
    table = wdi.parse_countries(publisher.wdi())
    assert list(table.columns) == ["iso3", "name_en", "region", "income_group", "is_aggregate"]
    assert table["iso3"].tolist() == ["ABW", "AFE", "CHN", "VEN", "WLD"]
    assert table["name_en"].tolist() == ["Aruba", "Africa Eastern and Southern", "China", "Venezuela, RB", "World"]
    assert table["region"].tolist() == [
        "Latin America & Caribbean", None, "East Asia & Pacific", "Latin America & Caribbean", None
    ]
    # VEN has a region but no income group (unclassified): a country, not an aggregate
    assert table["income_group"].tolist() == ["High income", None, "Upper middle income", None, None]
    assert table["is_aggregate"].tolist() == [False, True, False, False, True]


def test_missing_metadata_file(publisher):
    data, _ = publisher.wdi()
    with pytest.raises(ParseError, match="no Metadata_Country_.*csv beside the data file") as info:
        wdi.parse([data])
    assert data.name in str(info.value)
    with pytest.raises(ParseError, match="no Metadata_Country_"):
        wdi.parse_countries([data])


def test_missing_data_file(publisher):
    _, meta = publisher.wdi()
    with pytest.raises(ParseError, match="no API_<code>_DS2_.*csv data file"):
        wdi.parse([meta])


def test_missing_tokens_are_not_errors(publisher):
    out = wdi.parse(publisher.wdi([("China", "CHN", "..", "n.a.", "77.5")]))
    assert out.values.tolist() == [["CHN", 2023, "IT.NET.USER.ZS", 77.5]]


def test_non_numeric_value_line_with_preamble(publisher):
    data, meta = publisher.wdi(preamble=True)
    publisher.replace(data, "75.61", "abc")
    # 4 preamble lines, the header on line 5, then ABW, AFE, CHN
    with pytest.raises(ParseError, match="non-numeric value 'abc' in column '2022' at line 8"):
        wdi.parse([data, meta])


def test_no_header_line(publisher):
    data, meta = publisher.wdi()
    data.write_text('"Data Source","World Development Indicators",\n\nEntity,Year\nChina,2000\n', encoding="utf-8")
    with pytest.raises(ParseError, match="no header line starting with 'Country Name'"):
        wdi.parse([data, meta])
