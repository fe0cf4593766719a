"""World Bank GovTech Maturity Index (GTMI): group indices for the 2020, 2022 and 2025 editions.

``groups_data.xlsx`` has one sheet, long by edition: ``year``, ``country_code``, ``country_name``,
``grp`` (maturity group A–D), ``gtmi`` and the four group indices ``cgsi``, ``psdi``, ``dcei``,
``gtei`` (0–1). The year is the edition year, as the codebook says.

Publisher quirks handled here:

- Below the data the sheet holds notes: group thresholds, counts and two unlabeled numbers, with
  numbers such as ``0.75`` in ``country_code``. Rows whose ``country_code`` is not a three-letter
  code are these notes, not economies, and are dropped. There are no aggregate rows with letter
  codes; any letter code that country_converter does not know stops the parse, so one would be
  reviewed rather than kept.
- The 2020 edition uses old World Bank codes for six economies (:data:`LEGACY_CODES`), and all
  editions use ``WBG`` for West Bank and Gaza; they are recoded to ISO3.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import ParseError
from ._common import (
    REFETCH,
    check_columns,
    codes_to_iso3,
    parse_files,
    read_first_sheet,
    select_files,
    tidy,
    to_number,
)

#: publisher column -> codebook id
INDICATORS = {
    "gtmi": "gtmi.gtmi",
    "cgsi": "gtmi.cgsi",
    "psdi": "gtmi.psdi",
    "dcei": "gtmi.dcei",
    "gtei": "gtmi.gtei",
}

#: World Bank codes that are not ISO 3166 -> ISO3
LEGACY_CODES = {
    "ADO": "AND",  # Andorra (2020 edition)
    "KSV": "XKX",  # Kosovo: XKX is the code the rest of the World Bank data (WDI, WGI) uses
    "ROM": "ROU",  # Romania (2020 edition)
    "TMP": "TLS",  # Timor-Leste, former East Timor code (2020 edition)
    "WBG": "PSE",  # West Bank and Gaza / "Palestine" (all editions)
    "ZAR": "COD",  # Congo, Dem. Rep., former Zaire code (2020 edition)
}


#: the fix named when two rows share country, year and indicator
CODE_CLASH = (
    "Two codes map to one ISO3 code (see LEGACY_CODES in parsers/gtmi.py) or the file repeats rows; " + REFETCH
)


def parse(paths: list[Path]) -> pd.DataFrame:
    """``groups_data.xlsx`` (normally one workbook) -> tidy rows for :data:`INDICATORS`, year = edition.

    Economies only; :func:`parse_files` describes the output and the errors.
    """
    files = select_files(paths, missing="no groups_data.xlsx found", folder="wb_gtmi")
    return parse_files(files, _parse_file, duplicate_fix=CODE_CLASH)


def _parse_file(path: Path) -> pd.DataFrame:
    sheet = read_first_sheet(path)
    check_columns(sheet, ["year", "country_code", *INDICATORS], path)
    text = sheet.map(lambda v: "" if v is None else str(v).strip())
    codes = text["country_code"]
    economy = codes.str.fullmatch(r"[A-Za-z]{3}")
    # Blank the note rows instead of dropping them, so conversion errors name the real spreadsheet row.
    text.loc[~economy, ["year", *INDICATORS]] = ""
    year = to_number(text["year"], path, "year")
    if year[economy].isna().any():
        row = year.index.get_loc(year[economy & year.isna()].index[0]) + 2
        raise ParseError(path, f"missing year at row {row}", REFETCH)
    values = pd.DataFrame({col: to_number(text[col], path, col) for col in INDICATORS})
    values["iso3"] = _iso3(codes.where(economy), path).to_numpy()
    values["year"] = year
    long = values[economy].melt(id_vars=["iso3", "year"], var_name="column", value_name="value")
    long["indicator"] = long["column"].map(INDICATORS)
    return tidy(long)


def _iso3(codes: pd.Series, path: Path) -> pd.Series:
    """Recode :data:`LEGACY_CODES`; every resulting code must be known to country_converter."""
    return codes_to_iso3(codes.str.upper().replace(LEGACY_CODES), path)
