"""UN E-Government Survey country data (``EGOV_DATA_<year>.csv``) and the Data360 wide files.

Publisher quirks handled here:
- country names carry trailing spaces (stripped) and are names, not codes (harmonized to ISO3);
- an EGDI of exactly 0 means *not assessed in that edition*: every index and the rank of that row
  are stored as missing. Zeros in a component (EPI, OSI, HCI, TII) of an assessed country are kept:
  the components are min–max normalized, so the lowest-scoring country legitimately gets 0.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..countries import names_to_iso3
from ..errors import ParseError
from ._common import (
    REFETCH,
    TIDY_COLUMNS,
    melt_years,
    parse_files,
    read_csv_checked,
    select_files,
    tidy,
    to_number,
)

#: publisher column -> codebook id
EGOV_COLUMNS = {
    "E-Government Rank": "un_egov.rank",
    "E-Government Index": "un_egov.egdi",
    "E-Participation Index": "un_egov.epi",
    "Online Service Index": "un_egov.osi",
    "Human Capital Index": "un_egov.hci",
    "Telecommunication Infrastructure Index": "un_egov.tii",
}

#: Data360 INDICATOR code -> codebook id
DATA360_INDICATORS = {
    "UN_EGDI_EGDI": "un_egov.egdi",
    "UN_EGDI_OSI": "un_egov.osi",
    "UN_EGDI_HCI": "un_egov.hci",
    "UN_EGDI_TII": "un_egov.tii",
    # Data360 spells the TII code "TTI" in its INDICATOR column (the file is named ..._TII_WIDEF.csv).
    "UN_EGDI_TTI": "un_egov.tii",
}


def parse_edition(path: Path) -> pd.DataFrame:
    """Parse one ``EGOV_DATA_<year>.csv`` into tidy rows."""
    raw = read_csv_checked(path, ["Survey Year", "Country Name", *EGOV_COLUMNS])
    years = to_number(raw["Survey Year"], path, "Survey Year")
    if years.isna().any() or years.nunique() != 1:
        found = sorted(int(y) for y in years.dropna().unique())
        raise ParseError(path, f"expected one survey year, found {found}", REFETCH)
    numbers = pd.DataFrame({col: to_number(raw[col], path, col) for col in EGOV_COLUMNS})
    not_assessed = numbers["E-Government Index"] == 0
    # Kept as its own indicator so "missing because not assessed" stays distinguishable from "absent";
    # a blank EGDI says nothing either way.
    assessed = (~not_assessed).astype("float64").where(numbers["E-Government Index"].notna())
    numbers.loc[not_assessed, :] = float("nan")
    numbers["assessed"] = assessed
    numbers["iso3"] = names_to_iso3(raw["Country Name"], path).to_numpy()
    numbers["year"] = int(years.iloc[0])
    long = numbers.melt(id_vars=["iso3", "year"], var_name="column", value_name="value")
    long["indicator"] = long["column"].map({**EGOV_COLUMNS, "assessed": "un_egov.assessed"})
    return tidy(long.dropna(subset=["iso3"]))


def parse(paths: list[Path]) -> pd.DataFrame:
    """Every ``EGOV_DATA_<year>.csv`` edition among ``paths`` -> one tidy frame (see :func:`parse_files`)."""
    files = select_files(
        paths,
        lambda p: p.name.startswith("EGOV_DATA_"),
        missing="no EGOV_DATA_<year>.csv files",
        folder="un_egov",
    )
    return parse_files(files, parse_edition)


def parse_data360(paths: list[Path]) -> pd.DataFrame:
    """The World Bank Data360 republication (``UN_EGDI_*_WIDEF.csv``, wide by edition) -> one tidy frame."""
    files = select_files(paths, missing="no UN_EGDI_*_WIDEF.csv files", folder="un_egov")
    return parse_files(files, _parse_data360_file, combine=_drop_not_assessed)


def _parse_data360_file(path: Path) -> pd.DataFrame:
    raw = read_csv_checked(path, ["REF_AREA", "INDICATOR"])
    unknown = set(raw["INDICATOR"]) - set(DATA360_INDICATORS)
    if unknown:
        raise ParseError(path, f"unexpected INDICATOR value(s) {sorted(unknown)}", REFETCH)
    frames = [
        melt_years(rows, path, id_column="REF_AREA", indicator=DATA360_INDICATORS[code])
        for code, rows in raw.groupby("INDICATOR")
    ]
    # A file with a header only adds no rows (pd.concat refuses an empty list).
    return pd.concat(frames, ignore_index=True) if frames else tidy(pd.DataFrame(columns=TIDY_COLUMNS))


def _drop_not_assessed(rows: pd.DataFrame) -> pd.DataFrame:
    """No index for a country-edition whose EGDI is 0, in any of the Data360 files.

    Data360 republishes the survey's 0 = "not assessed" too (with the HCI/TII of such countries), so the
    rule of :func:`parse_edition` applies; it needs the EGDI file's rows, hence it runs on all files' rows.
    """
    egdi = rows[rows["indicator"] == "un_egov.egdi"]
    not_assessed = egdi.loc[egdi["value"] == 0, ["iso3", "year"]]
    flagged = rows.merge(not_assessed, on=["iso3", "year"], how="left", indicator=True)["_merge"] == "both"
    return rows[~flagged.to_numpy()].reset_index(drop=True)
