"""Gapminder Systema Globalis (DDF): datapoint files and country entities with Chinese names.

Datapoint files are ``geo,time,<concept>`` with lower-case geo ids. Geo ids are mapped to ISO3 with
the entity file's own ``iso3166_1_alpha3`` column (not by guessing from the id), so Gapminder-only
entities without an ISO code (e.g. ``abkh`` Abkhazia) are dropped on purpose.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import pandas as pd

from ..errors import ParseError
from ._common import REFETCH, parse_files, read_csv_checked, select_files, tidy, to_number

#: Gapminder concept -> codebook id (WDI code where Gapminder republishes a WDI/ILO/UIS series)
CONCEPTS = {
    "agriculture_percent_of_gdp": "NV.AGR.TOTL.ZS",
    "industry_percent_of_gdp": "NV.IND.TOTL.ZS",
    "services_percent_of_gdp": "NV.SRV.TOTL.ZS",
    "agriculture_workers_percent_of_employment": "SL.AGR.EMPL.ZS",
    "industry_workers_percent_of_employment": "SL.IND.EMPL.ZS",
    "service_workers_percent_of_employment": "SL.SRV.EMPL.ZS",
    "urban_population_percent_of_total": "SP.URB.TOTL.IN.ZS",
    "internet_users": "IT.NET.USER.ZS",
    "cell_phones_per_100_people": "IT.CEL.SETS.P2",
    "broadband_subscribers_per_100_people": "IT.NET.BBND.P2",
    "fixed_line_subscribers_per_100_people": "IT.MLT.MAIN.P2",
    "gdppercapita_us_inflation_adjusted": "NY.GDP.PCAP.KD",
    "electricity_use_per_person": "EG.USE.ELEC.KH.PC",
    "literacy_rate_adult_total_percent_of_people_ages_15_and_above": "SE.ADT.LITR.ZS",
    "income_per_person_long_series": "gapminder.income_per_person",
    "total_population_with_projections": "gapminder.population",
}

#: Gapminder's population file runs to 2100; later years are UN projections, not observations.
LAST_OBSERVED_POPULATION_YEAR = 2024

ENTITY_FILE = "ddf--entities--geo--country.csv"
_LOCALE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")


def _concept_of(path: Path) -> str:
    # ddf--datapoints--<concept>--by--geo--time.csv
    parts = path.name.split("--")
    if len(parts) < 5 or parts[1] != "datapoints":
        raise ParseError(path, "not a DDF datapoints file name (ddf--datapoints--<concept>--by--geo--time.csv)")
    return parts[2]


def _is_entity_file(path: Path, *, translated: bool) -> bool:
    # Translations live in lang/<locale>/ (e.g. lang/zh-CN/); look only at those two folders, so a
    # dataset stored below some unrelated folder called "lang" is not mistaken for a translation.
    in_lang = path.parent.parent.name == "lang" and _LOCALE.match(path.parent.name) is not None
    return path.name == ENTITY_FILE and in_lang == translated


def geo_to_iso3(paths: list[Path]) -> dict[str, str]:
    """Map Gapminder geo ids to ISO3 using the English entity file."""
    entity = [Path(p) for p in paths if _is_entity_file(Path(p), translated=False)]
    if not entity:
        raise ParseError("gapminder/", f"{ENTITY_FILE} is missing", REFETCH)
    raw = read_csv_checked(entity[0], ["country", "iso3166_1_alpha3", "name"])
    coded = raw[raw["iso3166_1_alpha3"].str.len() == 3]
    return dict(zip(coded["country"], coded["iso3166_1_alpha3"].str.upper(), strict=True))


def parse_datapoints(path: Path, geo_map: dict[str, str]) -> pd.DataFrame:
    """One datapoints file → tidy rows (geo ids without an ISO code are dropped)."""
    concept = _concept_of(path)
    if concept not in CONCEPTS:
        raise ParseError(path, f"concept {concept!r} has no codebook id", "Add it to gapminder.CONCEPTS")
    raw = read_csv_checked(path, ["geo", "time", concept])
    frame = pd.DataFrame(
        {
            "iso3": raw["geo"].map(geo_map),
            "year": to_number(raw["time"], path, "time"),
            "value": to_number(raw[concept], path, concept),
            "indicator": CONCEPTS[concept],
        }
    )
    if concept == "total_population_with_projections":
        frame = frame[frame["year"] <= LAST_OBSERVED_POPULATION_YEAR]
    return tidy(frame.dropna(subset=["iso3", "year"]))


def parse(paths: list[Path]) -> pd.DataFrame:
    """Parse every Systema Globalis datapoints file given."""
    paths = [Path(p) for p in paths]
    geo_map = geo_to_iso3(paths)
    points = select_files(
        paths,
        lambda p: p.name.startswith("ddf--datapoints--"),
        missing="no ddf--datapoints--*.csv files",
        folder="gapminder",
    )
    return parse_files(points, partial(parse_datapoints, geo_map=geo_map))


def parse_countries(paths: list[Path]) -> pd.DataFrame:
    """Country names from Gapminder: iso3, name_en (Gapminder spelling), name_zh."""
    paths = [Path(p) for p in paths]
    geo_map = geo_to_iso3(paths)
    english = read_csv_checked(
        next(p for p in paths if _is_entity_file(p, translated=False)), ["country", "name"]
    )
    chinese_files = [p for p in paths if _is_entity_file(p, translated=True) and p.parent.name == "zh-CN"]
    if not chinese_files:
        raise ParseError("gapminder/lang/zh-CN/", f"{ENTITY_FILE} (Chinese names) is missing", REFETCH)
    chinese = read_csv_checked(chinese_files[0], ["country", "name"])
    table = english[["country", "name"]].merge(
        chinese[["country", "name"]], on="country", how="left", suffixes=("_en", "_zh")
    )
    table["iso3"] = table["country"].map(geo_map)
    table = table.dropna(subset=["iso3"])
    return table[["iso3", "name_en", "name_zh"]].reset_index(drop=True)
