"""UNDP Human Development Report 2023/24: composite indices, complete time series (CSV).

One row per country, wide by indicator and year (``hdi_1990`` … ``gnipc_2022``). Publisher quirks:

- Units: total population (``pop_total_YYYY``) is in millions; it is converted to people (:data:`SCALES`).

- Encoding: the file UNDP serves is Windows-1252/Latin-1 (``C\\xf4te d'Ivoire``), not UTF-8, which is
  why users read it with ``encoding="latin1"``; re-saved copies are UTF-8 with a BOM. The bytes are
  decoded as UTF-8 first and, only if that fails, as Windows-1252 (:data:`ENCODINGS`): valid UTF-8 is
  never mistaken for Windows-1252, while a Windows-1252 file almost never decodes as UTF-8. Only the
  ``iso3`` and numeric columns are used, so a wrongly decoded name could not change the output anyway.
- Aggregates (human-development groups, UNDP regions, World) are rows whose ``iso3`` starts with
  ``ZZ`` (``ZZA.VHHD`` … ``ZZK.WORLD``): dropped. Every other code must be an ISO3 code known to
  country_converter, so a new kind of aggregate stops the parse instead of entering the panel.
"""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pandas as pd

from ..errors import ParseError
from ._common import REFETCH, check_codes, check_columns, codes_to_iso3, melt_years, parse_files, select_files

#: column prefix (``<prefix>YYYY``) -> codebook id. The inequality columns (2010–2022 only) are the
#: Atkinson inequality in life expectancy / in education (%), their average with income inequality
#: (coefficient of human inequality, %) and the inequality-adjusted HDI. A prefix is matched from the
#: start of the name, so ``hdi_`` does not take ``ihdi_2010`` nor ``le_`` take ``ineq_le_2010``.
INDICATORS = {
    "hdi_": "hdr.hdi", "le_": "hdr.le", "eys_": "hdr.eys", "mys_": "hdr.mys", "gnipc_": "hdr.gnipc",
    "ineq_le_": "hdr.ineq_le", "ineq_edu_": "hdr.ineq_edu", "coef_ineq_": "hdr.coef_ineq", "ihdi_": "hdr.ihdi",
    "pop_total_": "hdr.pop_total",
}

#: codebook id -> factor to the codebook's unit. HDR gives total population (UN World Population
#: Prospects, 1990–2022) in millions (China 2022: 1425.887337); the panel keeps people, as
#: ``gapminder.population`` and ``maddison.population`` do, so populations from different publishers compare.
SCALES = {"hdr.pop_total": 1_000_000}

#: encodings tried in order (see the module docstring)
ENCODINGS = ("utf-8-sig", "cp1252")

#: prefix of UNDP's aggregate codes
AGGREGATE_PREFIX = "ZZ"


def parse(paths: list[Path]) -> pd.DataFrame:
    """The HDR composite-indices time series (normally one CSV) -> tidy rows for :data:`INDICATORS`.

    Countries only; :func:`parse_files` describes the output and the errors.
    """
    files = select_files(paths, missing="no HDR composite-indices CSV found", folder="undp_hdr")
    return parse_files(files, _parse_file)


def _parse_file(path: Path) -> pd.DataFrame:
    raw = _read_csv(path)
    check_columns(raw, ["iso3"], path)
    codes = raw["iso3"].str.strip()
    countries = _country_codes(codes, path)
    # Melt the whole frame (aggregates included) so a conversion error names the file's real line,
    # then keep the country rows.
    frames = [
        melt_years(raw.assign(iso3=codes), path, id_column="iso3", indicator=ind, prefix=prefix)
        for prefix, ind in INDICATORS.items()
    ]
    long = pd.concat(frames, ignore_index=True)
    long["value"] *= long["indicator"].map(SCALES).fillna(1.0)
    return long[long["iso3"].isin(countries)].reset_index(drop=True)


def _read_csv(path: Path) -> pd.DataFrame:
    """Read the CSV as strings, decoding with the first of :data:`ENCODINGS` that fits."""
    if not path.exists():
        raise ParseError(path, "file does not exist", REFETCH)
    text = _decode(path)
    if not text.strip():
        raise ParseError(path, "file is empty", REFETCH)
    try:
        frame = pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, csv.Error, pd.errors.EmptyDataError) as exc:
        raise ParseError(path, f"malformed CSV ({exc}); the file may be truncated", REFETCH) from None
    short = _first_short_line(text, frame.shape[1])
    if short is not None:
        raise ParseError(
            path, f"line {short} has fewer fields than the header; the file is truncated or malformed", REFETCH
        )
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    return frame


def _first_short_line(text: str, width: int) -> int | None:
    """Line number of the first record with fewer than ``width`` fields, if any.

    pandas fills the missing fields of a short record with ``''`` (read as missing), so a file cut in
    the middle of a line would silently lose that line's last values; count the fields instead.
    """
    reader = csv.reader(StringIO(text))
    next(reader, None)
    for row in reader:
        if row and len(row) < width:
            return reader.line_num
    return None


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            error = exc
    raise ParseError(
        path,
        f"neither UTF-8 nor Windows-1252 text (byte {error.start}: {raw[error.start:error.start + 4]!r}); "
        "the file is corrupt",
        REFETCH,
    )


def _country_codes(codes: pd.Series, path: Path) -> set[str]:
    """The ISO3 codes of country rows; aggregates (``ZZ…``) are left out, unknown codes raise."""
    countries = codes[~codes.str.startswith(AGGREGATE_PREFIX)]
    check_codes(countries, path, "iso3")
    codes_to_iso3(countries, path)  # only to stop on a code country_converter does not know
    return set(countries)
