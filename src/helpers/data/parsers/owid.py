"""Our World in Data long-run history CSVs (``Entity,Year,<columns>``).

Entities are names (countries, regions, historical states): harmonized with
:func:`helpers.data.countries.names_to_iso3`, which drops the reviewed non-country list.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pandas as pd

from ..countries import names_to_iso3
from ..errors import ParseError
from ._common import REFETCH, parse_files, read_csv_checked, tidy, to_number


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    raw = read_csv_checked(path, ["Entity", "Year", *columns])
    frame = pd.DataFrame({c: to_number(raw[c], path, c) for c in columns})
    frame["iso3"] = names_to_iso3(raw["Entity"], path).to_numpy()
    frame["year"] = to_number(raw["Year"], path, "Year").to_numpy()
    return frame.dropna(subset=["iso3"])


def _long(frame: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    long = frame.melt(id_vars=["iso3", "year"], value_vars=list(mapping), var_name="column")
    long["indicator"] = long["column"].map(mapping)
    return tidy(long)


def _read_long(path: Path, mapping: dict[str, str]) -> pd.DataFrame:
    """The columns of ``mapping`` as tidy rows, as published (no derived values)."""
    return _long(_read(path, list(mapping)), mapping)


def _single_csv(paths: list[Path]) -> list[Path]:
    """The dataset's one CSV (its folder also holds README.md and datapackage.json)."""
    csvs = [Path(p) for p in paths if str(p).endswith(".csv")]
    if len(csvs) != 1:
        raise ParseError(paths[0] if paths else "owid/", f"expected one CSV, got {len(csvs)}", REFETCH)
    return csvs


MADDISON = {"GDP per capita": "maddison.gdppc", "Population": "maddison.population"}


def parse_maddison(paths: list[Path]) -> pd.DataFrame:
    """Maddison Project Database 2020: GDP per capita (2011 int. $) and population."""
    return parse_files(_single_csv(paths), partial(_read_long, mapping=MADDISON))


URBAN_LONG_RUN = {"Urban population (%) long-run to 2016 (OWID)": "owid.urban_share_long_run"}


def parse_urban_long_run(paths: list[Path]) -> pd.DataFrame:
    """Urban share back to 1500; the 'to 2016' column, i.e. without the 2050 projections."""
    return parse_files(_single_csv(paths), partial(_read_long, mapping=URBAN_LONG_RUN))


HRV_SHARES = {
    "Share of agriculture in GDP at current prices (Herrendorf et al. data)": "hrv.agr_va_share",
    "Share of industry in GDP at current prices (Herrendorf et al. data)": "hrv.ind_va_share",
    "Share of services in GDP at current prices (Herrendorf et al. data)": "hrv.srv_va_share",
}
# The publisher's column names have a double space before "(Herrendorf".
HRV_EMPLOYMENT = {
    "Number of people employed in agriculture  (Herrendorf et al. data)": "hrv.agr_emp_share",
    "Number of people employed in industry  (Herrendorf et al. data)": "hrv.ind_emp_share",
    "Number of people employed in services (Herrendorf et al. data)": "hrv.srv_emp_share",
}


def parse_hrv_sectors(paths: list[Path]) -> pd.DataFrame:
    """Herrendorf–Rogerson–Valentinyi sectors: output shares, and employment shares from counts.

    Employment shares are computed only for years where all three sector counts are present, so a
    missing sector never inflates the others.
    """
    return parse_files(_single_csv(paths), _hrv_sectors_file)


def _hrv_sectors_file(path: Path) -> pd.DataFrame:
    frame = _read(path, [*HRV_SHARES, *HRV_EMPLOYMENT])
    counts = frame[list(HRV_EMPLOYMENT)]
    total = counts.sum(axis=1, min_count=3)
    for column in HRV_EMPLOYMENT:
        frame[column] = 100 * counts[column] / total
    return _long(frame, {**HRV_SHARES, **HRV_EMPLOYMENT})


WUP_URBAN = "Urban population 1950-2050 (UN World Urbanization Prospects 2018)"
WUP_RURAL = "Rural population 1950-2050 (UN World Urbanization Prospects 2018)"
#: WUP 2018 figures after 2018 are projections, not observations.
WUP_LAST_OBSERVED_YEAR = 2018


def parse_wup(paths: list[Path]) -> pd.DataFrame:
    """UN WUP 2018 urban share (urban / (urban + rural) × 100), observed years only."""
    return parse_files(_single_csv(paths), _wup_file)


def _wup_file(path: Path) -> pd.DataFrame:
    frame = _read(path, [WUP_URBAN, WUP_RURAL])
    frame = frame[frame["year"] <= WUP_LAST_OBSERVED_YEAR].copy()
    frame["share"] = 100 * frame[WUP_URBAN] / (frame[WUP_URBAN] + frame[WUP_RURAL])
    return _long(frame, {"share": "SP.URB.TOTL.IN.ZS"})
