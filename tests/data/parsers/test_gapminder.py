"""Gapminder quirks (helpers.data.parsers.gapminder); test_contract.py checks what every parser must do."""

from __future__ import annotations

import pytest

from helpers.data.errors import ParseError
from helpers.data.parsers import gapminder


def test_geo_to_iso3_uses_entity_file(publisher):
    # abkh has no iso3166_1_alpha3: not in the map
    assert gapminder.geo_to_iso3(publisher.gapminder({})) == {"abw": "ABW", "chn": "CHN", "kor": "KOR"}


def test_geo_to_iso3_without_entity_file(publisher):
    paths = publisher.gapminder({"internet_users": "chn,2020,70.4\n"})
    english = paths[0].parents[1] / gapminder.ENTITY_FILE
    with pytest.raises(ParseError, match="ddf--entities--geo--country.csv is missing"):
        gapminder.parse([p for p in paths if p != english])  # the Chinese entity file and the datapoints


def test_parse_maps_geo_and_drops_uncoded_entities(publisher):
    assert gapminder.parse(publisher.gapminder()).values.tolist() == [
        ["ABW", 1996, "IT.NET.USER.ZS", 2.77],
        ["CHN", 2020, "IT.NET.USER.ZS", 70.4],  # no abkh (no ISO code), no chn 2021 (blank), no asia
        ["KOR", 2022, "IT.CEL.SETS.P2", 141.97],
    ]


def test_population_projections_after_2024_dropped(publisher):
    rows = "chn,1800,321675013\nchn,2024,1419321278\nchn,2025,1416096094\nchn,2100,633355935\nabw,2024,107624\n"
    assert gapminder.parse(publisher.gapminder({"total_population_with_projections": rows})).values.tolist() == [
        ["CHN", 1800, "gapminder.population", 321675013.0],
        ["CHN", 2024, "gapminder.population", 1419321278.0],
        ["ABW", 2024, "gapminder.population", 107624.0],
    ]


def test_other_concepts_keep_years_after_2024(publisher):
    paths = publisher.gapminder({"income_per_person_long_series": "chn,2030,30000\n"})
    assert gapminder.parse(paths).values.tolist() == [["CHN", 2030, "gapminder.income_per_person", 30000.0]]


def test_unknown_concept_file(publisher):
    with pytest.raises(ParseError, match="concept 'happiness_score' has no codebook id") as info:
        gapminder.parse(publisher.gapminder({"happiness_score": "chn,2020,5.1\n"}))
    assert "ddf--datapoints--happiness_score--by--geo--time.csv" in str(info.value)
    assert "gapminder.CONCEPTS" in str(info.value)


def test_malformed_datapoints_file_name(publisher):
    paths = publisher.gapminder({})
    bad = paths[0].parent / "datapoints" / "ddf--datapoints--internet_users.csv"
    bad.write_text("geo,time,internet_users\nchn,2020,1\n", encoding="utf-8")
    with pytest.raises(ParseError, match="not a DDF datapoints file name"):
        gapminder.parse([*paths, bad])


def test_no_datapoints(publisher):
    with pytest.raises(ParseError, match=r"gapminder: no ddf--datapoints--\*\.csv files"):
        gapminder.parse(publisher.gapminder({}))


def test_parse_countries_joins_chinese_names(publisher):
    table = gapminder.parse_countries(publisher.gapminder())
    assert list(table.columns) == ["iso3", "name_en", "name_zh"]
    assert table["iso3"].tolist() == ["ABW", "CHN", "KOR"]
    assert table["name_en"].tolist() == ["Aruba", "China", "Korea, South"]
    # KOR has no Chinese name in this file: kept, with a missing name_zh
    assert table["name_zh"].tolist()[:2] == ["阿鲁巴", "中国"]
    assert table["name_zh"].isna().tolist() == [False, False, True]


def test_parse_countries_without_chinese_file(publisher):
    with pytest.raises(ParseError, match=r"\(Chinese names\) is missing"):
        gapminder.parse_countries(publisher.gapminder({}, chinese=False))


def test_folder_below_a_directory_named_lang(publisher):
    paths = publisher.gapminder({"internet_users": "chn,2020,70.4\n"}, folder="lang/gapminder")
    assert gapminder.parse(paths).values.tolist() == [["CHN", 2020, "IT.NET.USER.ZS", 70.4]]
