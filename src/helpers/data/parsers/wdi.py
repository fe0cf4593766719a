"""World Bank WDI bulk files: ``API_<code>_DS2_*.csv`` plus ``Metadata_Country_*.csv``.

The publisher's CSV starts with four preamble lines ("Data Source", "Last Updated Date" …); some
copies have them removed. Both are accepted by looking for the header line. Rows for aggregates
(regions, income groups, "World") are recognized from the country metadata, where their Region is
blank, and dropped from the panel; the metadata also feeds the country table.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pandas as pd

from ..errors import ParseError
from ._common import REFETCH, parse_files, read_csv_checked, tidy, to_number, year_columns

COUNTRY_COLUMNS = ["Country Code", "Region", "IncomeGroup", "TableName"]


def split_files(paths: list[Path]) -> tuple[list[Path], Path]:
    """Separate data files from the (single, shared) country metadata file."""
    paths = [Path(p) for p in paths]
    data = [p for p in paths if p.name.startswith("API_")]
    meta = [p for p in paths if p.name.startswith("Metadata_Country_")]
    if not data:
        raise ParseError(paths[0].parent if paths else "wb_wdi/", "no API_<code>_DS2_*.csv data file", REFETCH)
    if not meta:
        raise ParseError(data[0], "no Metadata_Country_*.csv beside the data file", REFETCH)
    # Metadata_Country is identical across indicator downloads of one vintage; use the newest name.
    return data, max(meta)


def parse_country_metadata(path: Path) -> pd.DataFrame:
    """Country metadata: iso3, name_en, region, income_group, is_aggregate."""
    raw = read_csv_checked(path, COUNTRY_COLUMNS)
    region = raw["Region"].str.strip()
    return pd.DataFrame(
        {
            "iso3": raw["Country Code"].str.strip(),
            "name_en": raw["TableName"].str.strip(),
            "region": region.where(region != "", None),
            "income_group": raw["IncomeGroup"].str.strip().replace("", None),
            "is_aggregate": region == "",
        }
    )


def parse_indicator_file(path: Path, aggregates: set[str]) -> pd.DataFrame:
    """One ``API_<code>_DS2_*.csv`` (with or without preamble) → tidy rows for countries only."""
    raw = read_csv_checked(
        path, ["Country Code", "Indicator Code"], skip_preamble_until="Country Name"
    )
    years = year_columns(raw)
    if not years:
        raise ParseError(path, "no year columns", REFETCH)
    first_line = raw.attrs["first_data_line"]
    raw = raw[~raw["Country Code"].isin(aggregates)]
    numeric = pd.DataFrame({y: to_number(raw[y], path, y, row_offset=first_line) for y in years})
    numeric["iso3"] = raw["Country Code"].to_numpy()
    numeric["indicator"] = raw["Indicator Code"].to_numpy()
    long = numeric.melt(id_vars=["iso3", "indicator"], var_name="year", value_name="value")
    return tidy(long)


def parse(paths: list[Path]) -> pd.DataFrame:
    """Parse every WDI data file found, dropping aggregates named in the country metadata."""
    data, meta = split_files(paths)
    countries = parse_country_metadata(meta)
    aggregates = set(countries.loc[countries["is_aggregate"], "iso3"])
    return parse_files(data, partial(parse_indicator_file, aggregates=aggregates))


def parse_countries(paths: list[Path]) -> pd.DataFrame:
    """The country table part that WDI provides (see :func:`parse_country_metadata`)."""
    meta = sorted(Path(p) for p in paths if Path(p).name.startswith("Metadata_Country_"))
    if not meta:
        raise ParseError(paths[0].parent if paths else "wb_wdi/", "no Metadata_Country_*.csv file", REFETCH)
    return parse_country_metadata(meta[-1])
