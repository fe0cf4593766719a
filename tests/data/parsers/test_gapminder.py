"""Unit tests for helpers.data.parsers.gapminder on a small synthetic DDF folder."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.data.errors import ParseError
from helpers.data.parsers import gapminder
from helpers.data.parsers._common import TIDY_COLUMNS

ENTITY_HEADER = (
    "country,g77_and_oecd_countries,income_3groups,income_groups,is--country,iso3166_1_alpha2,"
    "iso3166_1_alpha3,iso3166_1_numeric,iso3166_2,landlocked,latitude,longitude,main_religion_2008,name,"
    "un_sdg_ldc,un_sdg_region,un_state,unhcr_region,unicef_region,unicode_region_subtag,west_and_rest,"
    "world_4region,world_6region\n"
)
ENTITY_ROWS = (
    "abkh,others,,,TRUE,,,,,,,,,Abkhazia,,,FALSE,,,,,europe,europe_central_asia\n"
    "abw,others,high_income,high_income,TRUE,AW,ABW,533,,coastline,12.5,-69.96667,christian,Aruba,"
    "un_not_least_developed,un_latin_america_and_the_caribbean,FALSE,unhcr_americas,,AW,,americas,america\n"
    "chn,g77,middle_income,upper_middle_income,TRUE,CN,CHN,156,,coastline,35.0,105.0,eastern_religions,China,"
    "un_not_least_developed,un_eastern_and_south_eastern_asia,TRUE,unhcr_asia_pacific,eap,CN,rest,asia,"
    "east_asia_pacific\n"
    'kor,others,high_income,high_income,TRUE,KR,KOR,410,,coastline,37.5,127.5,christian,"Korea, South",'
    "un_not_least_developed,un_eastern_and_south_eastern_asia,TRUE,unhcr_asia_pacific,eap,KR,rest,asia,"
    "east_asia_pacific\n"
)
ZH = "country,name\nabkh,阿布哈茲\nabw,阿鲁巴\nchn,中国\n"


def ddf(root, points: dict[str, str], *, chinese: bool = True):
    """Write a DDF folder; ``points`` maps concept -> datapoint rows (after the header)."""
    (root / "datapoints").mkdir(parents=True)
    entity = root / gapminder.ENTITY_FILE
    entity.write_text(ENTITY_HEADER + ENTITY_ROWS, encoding="utf-8")
    paths = [entity]
    if chinese:
        (root / "lang" / "zh-CN").mkdir(parents=True)
        zh = root / "lang" / "zh-CN" / gapminder.ENTITY_FILE
        zh.write_text(ZH, encoding="utf-8")
        paths.append(zh)
    for concept, rows in points.items():
        path = root / "datapoints" / f"ddf--datapoints--{concept}--by--geo--time.csv"
        path.write_text(f"geo,time,{concept}\n{rows}", encoding="utf-8")
        paths.append(path)
    return paths


def test_geo_to_iso3_uses_entity_file(tmp_path):
    paths = ddf(tmp_path / "gapminder", {})
    # abkh has no iso3166_1_alpha3: not in the map
    assert gapminder.geo_to_iso3(paths) == {"abw": "ABW", "chn": "CHN", "kor": "KOR"}


def test_geo_to_iso3_without_entity_file(tmp_path):
    paths = ddf(tmp_path / "gapminder", {"internet_users": "chn,2020,70.4\n"})
    with pytest.raises(ParseError, match="ddf--entities--geo--country.csv is missing"):
        gapminder.parse(paths[2:])  # only the Chinese entity file and the datapoints


def test_parse_maps_geo_and_drops_uncoded_entities(tmp_path):
    paths = ddf(
        tmp_path / "gapminder",
        {
            "internet_users": "abkh,2020,40\nabw,1996,2.77\nchn,2020,70.4\nchn,2021,\nasia,2020,50\n",
            "cell_phones_per_100_people": "kor,2022,141.97\n",
        },
    )
    out = gapminder.parse(paths)
    assert list(out.columns) == TIDY_COLUMNS
    assert out["year"].dtype == np.int64 and out["value"].dtype == np.float64
    assert out.values.tolist() == [
        ["ABW", 1996, "IT.NET.USER.ZS", 2.77],
        ["CHN", 2020, "IT.NET.USER.ZS", 70.4],
        ["KOR", 2022, "IT.CEL.SETS.P2", 141.97],
    ]


def test_population_projections_after_2024_dropped(tmp_path):
    paths = ddf(
        tmp_path / "gapminder",
        {
            "total_population_with_projections": "chn,1800,321675013\nchn,2024,1419321278\nchn,2025,1416096094\n"
            "chn,2100,633355935\nabw,2024,107624\n"
        },
    )
    out = gapminder.parse(paths)
    assert out.values.tolist() == [
        ["CHN", 1800, "gapminder.population", 321675013.0],
        ["CHN", 2024, "gapminder.population", 1419321278.0],
        ["ABW", 2024, "gapminder.population", 107624.0],
    ]


def test_other_concepts_keep_years_after_2024(tmp_path):
    paths = ddf(tmp_path / "gapminder", {"income_per_person_long_series": "chn,2030,30000\n"})
    assert gapminder.parse(paths).values.tolist() == [["CHN", 2030, "gapminder.income_per_person", 30000.0]]


def test_unknown_concept_file(tmp_path):
    paths = ddf(tmp_path / "gapminder", {"happiness_score": "chn,2020,5.1\n"})
    with pytest.raises(ParseError, match="concept 'happiness_score' has no codebook id") as info:
        gapminder.parse(paths)
    assert "ddf--datapoints--happiness_score--by--geo--time.csv" in str(info.value)
    assert "gapminder.CONCEPTS" in str(info.value)


def test_malformed_datapoints_file_name(tmp_path):
    paths = ddf(tmp_path / "gapminder", {})
    bad = tmp_path / "gapminder" / "datapoints" / "ddf--datapoints--internet_users.csv"
    bad.write_text("geo,time,internet_users\nchn,2020,1\n", encoding="utf-8")
    with pytest.raises(ParseError, match="not a DDF datapoints file name"):
        gapminder.parse([*paths, bad])


def test_no_datapoints(tmp_path):
    paths = ddf(tmp_path / "gapminder", {})
    with pytest.raises(ParseError, match=r"no ddf--datapoints--\*\.csv files"):
        gapminder.parse(paths)


def test_non_numeric_value(tmp_path):
    paths = ddf(tmp_path / "gapminder", {"internet_users": "abw,1996,2.77\nchn,2020,seventy\n"})
    with pytest.raises(ParseError, match="non-numeric value 'seventy' in column 'internet_users' at line 3"):
        gapminder.parse(paths)


def test_parse_countries_joins_chinese_names(tmp_path):
    paths = ddf(tmp_path / "gapminder", {"internet_users": "chn,2020,70.4\n"})
    table = gapminder.parse_countries(paths)
    assert list(table.columns) == ["iso3", "name_en", "name_zh"]
    assert table["iso3"].tolist() == ["ABW", "CHN", "KOR"]
    assert table["name_en"].tolist() == ["Aruba", "China", "Korea, South"]
    assert table["name_zh"].tolist()[:2] == ["阿鲁巴", "中国"]
    assert table.loc[table["iso3"] == "CHN", "name_zh"].item() == "中国"
    # KOR has no Chinese name in this file: kept, with a missing name_zh
    assert table["name_zh"].isna().tolist() == [False, False, True]


def test_parse_countries_without_chinese_file(tmp_path):
    paths = ddf(tmp_path / "gapminder", {}, chinese=False)
    with pytest.raises(ParseError, match=r"\(Chinese names\) is missing"):
        gapminder.parse_countries(paths)


def test_folder_below_a_directory_named_lang(tmp_path):
    paths = ddf(tmp_path / "lang" / "gapminder", {"internet_users": "chn,2020,70.4\n"})
    assert gapminder.parse(paths).values.tolist() == [["CHN", 2020, "IT.NET.USER.ZS", 70.4]]
