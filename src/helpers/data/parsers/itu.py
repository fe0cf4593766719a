"""ITU: the ICT Development Index workbook and the DataHub export of Internet users (i99H).

``IDIDataset.xlsx`` has one sheet per IDI edition (``IDI 2025 Data``, ``IDI 2024 Data``,
``IDI 2023 Data``) plus ``Definitions``. Each edition sheet has a title block and two to three header
rows; the row holding ``Iso3`` names the columns, and the IDI score is the column whose header
contains ``ICT Development Index (IDI)`` (the indicator columns before it share headers such as
"Individuals using the Internet (%)", so columns are found by header, not position). The year
stored is the edition from the sheet name; the codebook notes that an edition's indicator values
refer to two years earlier. Cells may carry footnote marks (``†`` ITU estimate, ``‡`` lagged value,
``*`` on Palestine) and ``n.a.``/``n.p.`` (not available/not published), read as missing.

``individuals-using-the-internet.csv`` is ITU DataHub's long export: one row per economy and year
(``entityIso``, ``dataYear``, ``dataValue``) for series ``i99H``. It holds economies only, no regional
aggregates (checked on the pinned file: 228 entities, no repeated economy-year).

Non-ISO codes, checked on the pinned files: ITU uses its own codes for a few economies, recoded by
:data:`LEGACY_CODES`; Ascension (``ASC``) is dropped: it is part of Saint Helena, Ascension and
Tristan da Cunha (ISO ``SHN``), whose ``SHN`` rows in the same file are St. Helena alone, so the two
series cannot be merged. Every other code must be known to country_converter, so an aggregate or a
new code stops the parse instead of entering the panel.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import ParseError
from ._common import (
    REFETCH,
    cell_text,
    codes_to_iso3,
    files_with_suffix,
    parse_files,
    read_csv_checked,
    read_xlsx_sheets,
    tidy,
    to_number,
)

#: IDI editions the workbook must hold, one sheet each
EDITIONS = (2023, 2024, 2025)
SHEET_NAME = re.compile(r"^IDI (\d{4}) Data$")
IDI_HEADER = "ICT Development Index (IDI)"

#: ITU codes that are not ISO 3166 -> ISO3
LEGACY_CODES = {
    "AAA": "GGY",  # Guernsey (DataHub)
    "GBJ": "JEY",  # Jersey (DataHub)
    "KSO": "XKX",  # Kosovo (DataHub); XKX as in the World Bank data
    "WBG": "PSE",  # "Palestine*" in the IDI 2023 and 2024 sheets (the 2025 sheet uses PSE)
}

#: codes dropped on purpose, with the reason
DROPPED_CODES = {"ASC": "Ascension: part of SHN, whose rows in the same file are St. Helena only"}

#: DataHub series code of Individuals using the Internet (%)
INTERNET_SERIES = "i99H"
INTERNET_COLUMNS = ["seriesCode", "entityIso", "dataYear", "dataValue"]

_FOOTNOTE_MARKS = re.compile(r"[†‡*]")
_NOT_PUBLISHED = {"n.p.", "n.p"}


def parse_idi(paths: list[Path]) -> pd.DataFrame:
    """``IDIDataset.xlsx`` (the ``.xlsx`` among ``paths``) -> ``itu.idi`` rows, year = IDI edition.

    Economies only; :func:`parse_files` describes the output and the errors.
    """
    return parse_files(files_with_suffix(paths, ".xlsx", "ITU"), _parse_idi_file)


def parse_internet(paths: list[Path]) -> pd.DataFrame:
    """The DataHub export ``individuals-using-the-internet.csv`` (the ``.csv`` among ``paths``) ->
    ``IT.NET.USER.ZS`` rows.

    Economies only, as :func:`parse_idi`.
    """
    return parse_files(files_with_suffix(paths, ".csv", "ITU"), _parse_internet_file)


# --- IDI workbook ---------------------------------------------------------------------------------


def _parse_idi_file(path: Path) -> pd.DataFrame:
    sheets = _read_edition_sheets(path)
    return pd.concat([_parse_edition(rows, year, path) for year, rows in sheets.items()], ignore_index=True)


def _parse_edition(rows: list[tuple], year: int, path: Path) -> pd.DataFrame:
    """One edition sheet -> tidy ``itu.idi`` rows."""
    where = f"{path}, sheet 'IDI {year} Data'"
    header_at = _header_row(rows, where)
    header = [cell_text(c) for c in rows[header_at]]
    code_col = next(i for i, h in enumerate(header) if h.casefold() == "iso3")
    idi_cols = [i for i, h in enumerate(header) if IDI_HEADER.casefold() in h.casefold()]
    if len(idi_cols) != 1:
        raise ParseError(where, f"expected one column headed {IDI_HEADER!r}, found {len(idi_cols)}", REFETCH)
    body = rows[header_at + 1:]
    codes = pd.Series([cell_text(r[code_col]) if code_col < len(r) else "" for r in body], dtype=object)
    cells = pd.Series([r[idi_cols[0]] if idi_cols[0] < len(r) else None for r in body], dtype=object)
    # Economy rows have a three-letter code; the others are sub-header rows ("Score"), notes and
    # blank rows. Their cells are blanked rather than dropped, so errors name the real spreadsheet row.
    economy = codes.str.fullmatch(r"[A-Za-z]{3}")
    text = cells.map(_idi_text).where(economy, "")
    values = to_number(text, where, IDI_HEADER, row_offset=header_at + 2)
    frame = pd.DataFrame({"iso3": _iso3(codes.where(economy), where), "year": year, "value": values})
    frame["indicator"] = "itu.idi"
    return tidy(frame[economy & frame["iso3"].notna()])


def _read_edition_sheets(path: Path) -> dict[int, list[tuple]]:
    """Rows of each ``IDI YYYY Data`` sheet, keyed by edition; every edition in :data:`EDITIONS`."""

    def choose(sheetnames: list[str]) -> list[str]:
        found = {int(m.group(1)): name for name in sheetnames if (m := SHEET_NAME.match(name.strip()))}
        missing = [f"IDI {y} Data" for y in EDITIONS if y not in found]
        if missing:
            raise ParseError(path, f"missing sheet(s) {missing}; found {sheetnames}", REFETCH)
        return [found[y] for y in EDITIONS]

    sheets = read_xlsx_sheets(path, choose)
    return {int(SHEET_NAME.match(name.strip()).group(1)): rows for name, rows in sheets.items()}

def _header_row(rows: list[tuple], where: str) -> int:
    """Index of the first row with a cell reading ``Iso3`` (the title block above varies by edition)."""
    for i, row in enumerate(rows[:30]):
        if any(cell_text(c).casefold() == "iso3" for c in row):
            return i
    raise ParseError(where, "no header row with an 'Iso3' column in the first 30 rows", REFETCH)


def _idi_text(value: object) -> str:
    """Cell -> text for :func:`to_number`: footnote marks stripped, ``n.p.`` read as missing."""
    if value is None:
        return ""
    text = _FOOTNOTE_MARKS.sub("", str(value)).strip()
    return "" if text.lower() in _NOT_PUBLISHED else text


# --- DataHub export -------------------------------------------------------------------------------


def _parse_internet_file(path: Path) -> pd.DataFrame:
    raw = read_csv_checked(path, INTERNET_COLUMNS)
    series = raw["seriesCode"].str.strip()
    other = sorted(set(series) - {INTERNET_SERIES})
    if other:
        raise ParseError(path, f"series {other} in column 'seriesCode'; expected only {INTERNET_SERIES!r}", REFETCH)
    year = to_number(raw["dataYear"], path, "dataYear")
    if year.isna().any():
        line = year.index.get_loc(year[year.isna()].index[0]) + 2
        raise ParseError(path, f"missing dataYear at line {line}", REFETCH)
    frame = pd.DataFrame(
        {
            "iso3": _iso3(raw["entityIso"].str.strip(), path).to_numpy(),
            "year": year,
            "indicator": "IT.NET.USER.ZS",
            "value": to_number(raw["dataValue"], path, "dataValue"),
        }
    )
    return tidy(frame[frame["iso3"].notna()])


# --- shared ---------------------------------------------------------------------------------------


def _iso3(codes: pd.Series, where: str | Path) -> pd.Series:
    """Recode :data:`LEGACY_CODES`, drop :data:`DROPPED_CODES` (-> None); unknown codes raise."""
    upper = codes.str.upper()
    malformed = upper.dropna()[~upper.dropna().str.fullmatch(r"[A-Z]{3}")]
    if len(malformed):
        raise ParseError(where, f"economy code {malformed.iloc[0]!r} is not a three-letter code", REFETCH)
    return codes_to_iso3(upper.where(~upper.isin(DROPPED_CODES)).replace(LEGACY_CODES), where)


