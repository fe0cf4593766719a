"""World Bank Worldwide Governance Indicators (WGI): the 2023 bulk CSV and the 2024 workbook.

The two releases have different layouts and are kept as two datasets (the 2024 release revises
earlier years):

- ``WGIData.csv`` (2023 release, 1996–2022) is the WDI-style bulk layout: one row per economy and
  series code (``GE.EST`` …), one column per year. Every line ends with a comma, which pandas reads
  as an empty ``Unnamed: 28`` column; only ``YYYY`` columns are read, so it is ignored.
- ``wgidataset.xlsx`` (2024 release, 1996–2023) is long: one row per economy, year and dimension
  (``cc``, ``ge``, ``pv``, ``rl``, ``rq``, ``va``) with ``estimate``, ``stddev``, ``pctrank`` …;
  '..' marks missing values. It has no country-code column, so names are harmonized with
  :func:`~helpers.data.countries.names_to_iso3`.

Aggregates: neither pinned file holds regional or income aggregates (214 economies, all countries or
territories). The one non-country is the Netherlands Antilles (code ``ANT``, name "Netherlands
Antilles (former)" in the workbook; values 2004–2013), dissolved in 2010 and withdrawn from ISO 3166:
it is dropped, as data/country_overrides.yaml drops it for name-keyed sources. Any other code that
country_converter does not know (e.g. an aggregate such as ``WLD`` in a future release) stops the
parse so it is reviewed. Kosovo keeps the World Bank code ``XKX``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..countries import names_to_iso3
from ..errors import ParseError
from ._common import (
    REFETCH,
    cell_text,
    check_codes,
    check_columns,
    codes_to_iso3,
    files_with_suffix,
    parse_files,
    read_csv_checked,
    read_first_sheet,
    tidy,
    to_number,
    year_columns,
)

#: series codes of the bulk CSV that the panel keeps (see data/codebook.yaml)
CSV_CODES = ["GE.EST", "RQ.EST", "CC.EST", "RL.EST", "VA.EST", "PV.EST", "GE.STD.ERR", "GE.PER.RNK"]

#: workbook ``indicator`` value -> prefix of the codebook id
DIMENSIONS = {"cc": "CC", "ge": "GE", "pv": "PV", "rl": "RL", "rq": "RQ", "va": "VA"}

#: workbook columns read; ``stddev`` and ``pctrank`` only for Government Effectiveness
XLSX_COLUMNS = ["countryname", "year", "indicator", "estimate", "stddev", "pctrank"]

#: codes in the bulk CSV that are not current countries, with the reason they are dropped
DROPPED_CODES = {"ANT": "Netherlands Antilles, dissolved 2010; its ISO 3166 code is withdrawn"}

#: the fix named when two rows share country, year and indicator
NAME_CLASH = "Two publisher names map to one ISO3 code: fix the mapping in data/country_overrides.yaml"


def parse_csv(paths: list[Path]) -> pd.DataFrame:
    """The 2023 bulk ``WGIData.csv`` (the ``.csv`` among ``paths``) -> tidy rows for :data:`CSV_CODES`.

    Countries only; :func:`parse_files` describes the output and the errors.
    """
    return parse_files(files_with_suffix(paths, ".csv", "WGI"), _parse_csv_file, duplicate_fix=NAME_CLASH)


def parse_xlsx(paths: list[Path]) -> pd.DataFrame:
    """The 2024 workbook ``wgidataset.xlsx`` (the ``.xlsx`` among ``paths``) -> the ids of :func:`parse_csv`.

    ``<DIM>.EST`` comes from ``estimate`` for the six dimensions; ``GE.STD.ERR`` and ``GE.PER.RNK``
    from ``stddev`` and ``pctrank`` of the Government Effectiveness rows. Countries only.
    """
    return parse_files(files_with_suffix(paths, ".xlsx", "WGI"), _parse_xlsx_file, duplicate_fix=NAME_CLASH)


def _parse_csv_file(path: Path) -> pd.DataFrame:
    raw = read_csv_checked(path, ["Country Code", "Indicator Code"])
    years = year_columns(raw)
    if not years:
        raise ParseError(path, "no year columns (YYYY)", REFETCH)
    codes = raw["Indicator Code"].str.strip()
    missing = [c for c in CSV_CODES if c not in set(codes)]
    if missing:
        raise ParseError(path, f"series {missing} not found in column 'Indicator Code'", REFETCH)
    # Convert every row before dropping any, so an error names the file's real line number.
    numeric = pd.DataFrame({y: to_number(raw[y], path, y) for y in years})
    numeric["iso3"] = _country_codes(raw["Country Code"], path).to_numpy()
    numeric["indicator"] = codes.to_numpy()
    keep = numeric["indicator"].isin(CSV_CODES) & numeric["iso3"].notna()
    long = numeric[keep].melt(id_vars=["iso3", "indicator"], var_name="year", value_name="value")
    return tidy(long)


def _country_codes(codes: pd.Series, path: Path) -> pd.Series:
    """ISO3 code per row, missing for :data:`DROPPED_CODES`; unknown codes raise ParseError."""
    codes = codes.str.strip()
    check_codes(codes, path, "Country Code")
    return codes_to_iso3(codes.where(~codes.isin(DROPPED_CODES)), path)


def _parse_xlsx_file(path: Path) -> pd.DataFrame:
    frame = read_first_sheet(path)
    check_columns(frame, XLSX_COLUMNS, path)
    text = frame[XLSX_COLUMNS].map(cell_text)
    # Spreadsheets often end with empty formatted rows: rows without a name are ignored (values blanked
    # rather than rows dropped, so errors still name the right spreadsheet row).
    named = text["countryname"].str.strip() != ""
    text.loc[~named, ["year", "estimate", "stddev", "pctrank"]] = ""
    year = to_number(text["year"], path, "year")
    if year[named].isna().any():
        row = year.index.get_loc(year[named & year.isna()].index[0]) + 2
        raise ParseError(path, f"missing year at row {row}", REFETCH)
    dims = text["indicator"].str.strip().str.lower()
    unknown = sorted(set(dims[named]) - set(DIMENSIONS))
    if unknown:
        raise ParseError(
            path, f"unexpected value(s) {unknown} in column 'indicator'; expected {sorted(DIMENSIONS)}", REFETCH
        )
    iso3 = pd.Series(None, index=text.index, dtype=object)
    iso3[named] = names_to_iso3(text.loc[named, "countryname"], path).to_numpy()
    base = pd.DataFrame({"iso3": iso3, "year": year})
    is_ge = dims == "ge"
    parts = [
        base.assign(indicator=dims.map(DIMENSIONS) + ".EST", value=to_number(text["estimate"], path, "estimate")),
        base.assign(indicator="GE.STD.ERR", value=to_number(text["stddev"], path, "stddev"))[is_ge],
        base.assign(indicator="GE.PER.RNK", value=to_number(text["pctrank"], path, "pctrank"))[is_ge],
    ]
    long = pd.concat(parts, ignore_index=True)
    # names_to_iso3 gives None for known non-countries (here: Netherlands Antilles (former)).
    return tidy(long[long["iso3"].notna()])


