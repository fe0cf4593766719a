"""Unit tests for helpers.data.countries.names_to_iso3 (overrides, non-countries, country_converter)."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import config
from helpers.data import countries
from helpers.data.countries import names_to_iso3
from helpers.data.errors import ParseError


@pytest.fixture
def overrides_file(tmp_path, monkeypatch):
    """A private country_overrides.yaml (the module caches it, so the caches are reset around the test)."""
    path = tmp_path / "my_overrides.yaml"
    path.write_text(
        "overrides:\n"
        "  Congo: {iso3: COD, reason: 'test: this publisher means the Democratic Republic'}\n"
        "  Kosovo: {iso3: XKX, reason: test}\n"
        "not_countries:\n"
        "  Southern Africa: 'UN sub-region; country_converter maps it to ZAF'\n"
        "  '  Padded region  ': test\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(config, "COUNTRY_OVERRIDES_FILE", path)
    countries._overrides.cache_clear()
    countries._valid_iso3.cache_clear()
    yield path
    countries._overrides.cache_clear()
    countries._valid_iso3.cache_clear()


# --- with the project's reviewed data/country_overrides.yaml -------------------------------------


def test_real_overrides_kosovo_and_regions():
    out = names_to_iso3(
        ["Kosovo", "World", "China", "Australia/New Zealand", "Micronesia (country)"], "f.csv"
    )
    assert out.tolist() == ["XKX", None, "CHN", None, "FSM"]


def test_real_not_countries_beat_country_converter():
    # country_converter alone maps these to ZAF and FSM
    out = names_to_iso3(["Southern Africa", "Micronesia (subregion)", "Czechoslovakia"], "f.csv")
    assert out.tolist() == [None, None, None]


# --- with a private overrides file ---------------------------------------------------------------


def test_override_wins_over_country_converter(overrides_file):
    # country_converter alone says Congo -> COG; the reviewed override says COD
    out = names_to_iso3(["Congo", "Kosovo", "Germany"], "f.csv")
    assert out.tolist() == ["COD", "XKX", "DEU"]


def test_not_countries_dropped_as_none(overrides_file):
    out = names_to_iso3(["Southern Africa", "France", "Padded region"], "f.csv")
    assert out.tolist() == [None, "FRA", None]
    assert out.iloc[0] is None


def test_whitespace_is_stripped_and_index_kept(overrides_file):
    names = pd.Series(["Iraq ", "  Ireland", "Kosovo\t"], index=[7, 3, 5])
    out = names_to_iso3(names, "f.csv")
    assert out.index.tolist() == [7, 3, 5]
    assert out.tolist() == ["IRQ", "IRL", "XKX"]


def test_repeated_names_map_consistently(overrides_file):
    out = names_to_iso3(["China", "China ", "Congo", "China"], "f.csv")
    assert out.tolist() == ["CHN", "CHN", "COD", "CHN"]


def test_unknown_name_raises_naming_file_and_fix(overrides_file):
    with pytest.raises(ParseError) as info:
        names_to_iso3(["China", "Narnia"], "owid/maddison.csv")
    message = str(info.value)
    assert "owid/maddison.csv" in message
    assert "1 name(s) not recognized as countries: ['Narnia']" in message
    assert "my_overrides.yaml" in message  # the fix points at the overrides file in use
    assert "not_countries" in message


def test_name_matching_two_countries_raises(overrides_file):
    # 'Australia/New Zealand' is not in this private not_countries list; country_converter returns
    # ['AUS', 'NZL'] for it, which must not be taken as a country.
    with pytest.raises(ParseError) as info:
        names_to_iso3(["Australia/New Zealand", "Narnia", "France"], "f.csv")
    assert "2 name(s) not recognized as countries: ['Australia/New Zealand', 'Narnia']" in str(info.value)


def test_single_ambiguous_name_raises(overrides_file):
    # one unconverted name: convert() returns the bare list, which must still be treated as ambiguous
    with pytest.raises(ParseError, match=r"\['Australia & New Zealand'\]"):
        names_to_iso3(["Australia & New Zealand"], "f.csv")


def test_chinese_names_from_the_overrides_file(tmp_path):
    path = tmp_path / "overrides.yaml"
    path.write_text("names_zh:\n  XKX: {name: 科索沃, reason: test}\n", encoding="utf-8")
    assert countries.chinese_names(path) == {"XKX": "科索沃"}
    path.write_text("overrides: {}\n", encoding="utf-8")
    assert countries.chinese_names(path) == {}
    assert countries.chinese_names()["XKX"] == "科索沃"  # the project's file
