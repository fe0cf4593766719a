"""Quality of Government Basic dataset, cross-section, January 2024 (``qog_bas_cs_jan24.csv``).

One row per country (194 in the pinned file, keyed by ``ccodealp`` = ISO3) and several hundred
variables prefixed by their original source. Only two are read: ``ti_cpi`` (Transparency
International's Corruption Perceptions Index, 0–100) and ``vdem_polyarchy`` (V-Dem's electoral
democracy index, 0–1). Blank cells are missing values. There are no aggregate rows, and all 194 codes
of the pinned file are current ISO3 codes; as QoG keeps historical codes for states that no longer
exist in other files, every code is checked against country_converter and an unknown one stops the
parse instead of entering the panel.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ._common import check_codes, codes_to_iso3, parse_files, read_csv_checked, select_files, tidy, to_number

#: publisher column -> codebook id
INDICATORS = {"ti_cpi": "qog.ti_cpi", "vdem_polyarchy": "qog.vdem_polyarchy"}

#: A cross-section has no year column. Its ti_cpi values equal Transparency International's CPI 2020
#: (Denmark 88, China 42, USA 67; CPI 2022 has Denmark 90, China 45, USA 69), so the rows are stored
#: at 2020; data/codebook.yaml's notes say the same.
REFERENCE_YEAR = 2020


def parse(paths: list[Path]) -> pd.DataFrame:
    """The QoG Basic cross-section (normally one CSV) -> tidy rows for :data:`INDICATORS` at
    :data:`REFERENCE_YEAR`.

    Countries only; :func:`parse_files` describes the output and the errors.
    """
    files = select_files(paths, missing="no QoG cross-section CSV found", folder="qog")
    return parse_files(files, _parse_file)


def _parse_file(path: Path) -> pd.DataFrame:
    raw = read_csv_checked(path, ["ccodealp", *INDICATORS])
    values = pd.DataFrame({col: to_number(raw[col], path, col) for col in INDICATORS})
    values["iso3"] = _iso3(raw["ccodealp"], path).to_numpy()
    values["year"] = REFERENCE_YEAR
    long = values.melt(id_vars=["iso3", "year"], var_name="column", value_name="value")
    long["indicator"] = long["column"].map(INDICATORS)
    return tidy(long)


def _iso3(codes: pd.Series, path: Path) -> pd.Series:
    """Check that every ``ccodealp`` is a known ISO3 code (unknown codes raise ParseError)."""
    codes = codes.str.strip()
    check_codes(codes, path, "ccodealp")
    return codes_to_iso3(codes, path)
