"""Shared reading utilities and the skeleton of the publisher parsers.

Every parser returns a *tidy* frame with exactly the columns ``TIDY_COLUMNS``:
``iso3`` (str), ``year`` (int), ``indicator`` (str, a codebook id) and ``value`` (float), with no two
rows sharing ``KEY_COLUMNS``. The build adds ``source``. Parsers are pure functions of their input files.

Each parser has the same skeleton: pick the dataset's files among the paths it is given
(:func:`select_files`, :func:`files_with_suffix`), read each into tidy rows, concatenate and check the
keys (:func:`parse_files`). A publisher module supplies only the parts that differ: which files, how to
read one of them (its quirks), and the fix to name when two rows share a key.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..countries import names_to_iso3
from ..errors import ParseError

TIDY_COLUMNS = ["iso3", "year", "indicator", "value"]
#: columns that identify a row of a parser's output
KEY_COLUMNS = TIDY_COLUMNS[:3]
REFETCH = "Delete the file and run `make data` (or `digimod data fetch`) to fetch a fresh copy"


def read_csv_checked(
    path: str | Path,
    required: Iterable[str],
    *,
    skip_preamble_until: str | None = None,
    **read_csv_kwargs,
) -> pd.DataFrame:
    """Read a CSV as strings, failing with a clear :class:`ParseError` on bad input.

    Parameters
    ----------
    path : path of the file.
    required : columns that must be present (after stripping whitespace and a BOM).
    skip_preamble_until : if given, lines before the first line that starts with this text
        (quotes ignored) are skipped; lets one parser read files with or without a preamble.
    """
    path = Path(path)
    if not path.exists():
        raise ParseError(path, "file does not exist", REFETCH)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(
            path,
            f"not UTF-8 text (byte {exc.start}: {raw[exc.start:exc.start + 4]!r}); "
            "the file is corrupt or saved in another encoding",
            REFETCH,
        ) from None
    if not text.strip():
        raise ParseError(path, "file is empty", REFETCH)
    skiprows = 0
    if skip_preamble_until is not None:
        for i, line in enumerate(text.splitlines()):
            if line.lstrip('"').startswith(skip_preamble_until):
                skiprows = i
                break
        else:
            raise ParseError(path, f"no header line starting with {skip_preamble_until!r}", REFETCH)
    from io import StringIO

    try:
        frame = pd.read_csv(
            StringIO(text), dtype=str, keep_default_na=False, skiprows=skiprows, **read_csv_kwargs
        )
    except (pd.errors.ParserError, csv.Error, pd.errors.EmptyDataError) as exc:
        raise ParseError(path, f"malformed CSV ({exc}); the file may be truncated", REFETCH) from None
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    check_columns(frame, required, path)
    # 1-based file line of the first data row, so errors can point at the real line after a preamble.
    frame.attrs["first_data_line"] = skiprows + 2
    return frame


def check_columns(frame: pd.DataFrame, required: Iterable[str], path: str | Path) -> None:
    """Raise :class:`ParseError` listing the required columns missing from ``frame``."""
    missing = [c for c in required if c not in frame.columns]
    if missing:
        shown = ", ".join(map(str, list(frame.columns)[:12]))
        raise ParseError(
            path,
            f"missing column(s) {missing}; found: {shown}{' …' if frame.shape[1] > 12 else ''}",
            "The publisher may have changed the layout, or the file is truncated. " + REFETCH,
        )


_MISSING_TOKENS = {"", "..", "n.a.", "na", "nan", "-", "—", "…"}


def to_number(values: pd.Series, path: str | Path, column: str, *, row_offset: int = 2) -> pd.Series:
    """Convert strings to floats; missing tokens (``''``, ``..``, ``n.a.``) become NaN.

    Anything else that is not a number raises :class:`ParseError` naming the row (1-based line
    number in the file, assuming one header line unless ``row_offset`` says otherwise, e.g.
    ``frame.attrs["first_data_line"]`` from :func:`read_csv_checked`), the
    column and the offending text.
    """
    as_text = values.astype(str).str.strip()
    blank = as_text.str.lower().isin(_MISSING_TOKENS)
    numbers = pd.to_numeric(as_text.where(~blank), errors="coerce")
    bad = numbers.isna() & ~blank
    if bad.any():
        first = bad[bad].index[0]
        # Labels from read_csv are 0-based row numbers, and stay so after rows are filtered out.
        line = int(first) + row_offset if isinstance(first, int | np.integer) else first
        raise ParseError(
            path,
            f"non-numeric value {as_text[first]!r} in column {column!r} at line {line}",
            "Fix or refetch the file; if the publisher really uses this token for 'missing', "
            "add it to data/corrections.yaml with a reason",
        )
    return numbers.astype("float64")


_YEAR = re.compile(r"^\d{4}$")


def year_columns(frame: pd.DataFrame, prefix: str = "") -> list[str]:
    """Columns named ``<prefix>YYYY`` (e.g. ``1990`` or ``hdi_1990``)."""
    return [c for c in frame.columns if c.startswith(prefix) and _YEAR.match(c[len(prefix):])]


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` restricted to the tidy columns with canonical dtypes, dropping NaN values."""
    out = frame.loc[frame["value"].notna(), TIDY_COLUMNS].copy()
    out["iso3"] = out["iso3"].astype(str)
    out["year"] = out["year"].astype("int64")
    out["indicator"] = out["indicator"].astype(str)
    out["value"] = out["value"].astype("float64")
    return out.reset_index(drop=True)


def melt_years(
    frame: pd.DataFrame,
    path: str | Path,
    *,
    id_column: str,
    indicator: str,
    prefix: str = "",
) -> pd.DataFrame:
    """Turn a wide ``<prefix>YYYY`` frame into tidy rows for one indicator."""
    years = year_columns(frame, prefix)
    if not years:
        raise ParseError(path, f"no year columns named {prefix}YYYY", REFETCH)
    # Convert column by column so an error names the real line and column of the file.
    numeric = pd.DataFrame({col: to_number(frame[col], path, col) for col in years})
    numeric["iso3"] = frame[id_column].to_numpy()
    long = numeric.melt(id_vars="iso3", var_name="year", value_name="value")
    long["year"] = long["year"].str[len(prefix):].astype(int)
    long["indicator"] = indicator
    return tidy(long)


def select_files(
    paths: Iterable[str | Path], keep: Callable[[Path], bool] | None = None, *, missing: str, folder: str
) -> list[Path]:
    """The files among ``paths`` that ``keep`` accepts (all by default), in the order given.

    Parameters
    ----------
    paths : files matched by the dataset's globs (a source folder may hold files of other datasets).
    keep : which of them the parser reads.
    missing : the problem to report when none is left, e.g. ``"no EGOV_DATA_<year>.csv files"``.
    folder : where to point the error when ``paths`` is empty (otherwise: the folder of the first path).

    Raises
    ------
    ParseError
        If no file is left, naming the folder and how to refetch.
    """
    paths = [Path(p) for p in paths]
    files = [p for p in paths if keep is None or keep(p)]
    if not files:
        raise ParseError(paths[0].parent if paths else Path(folder), missing, REFETCH)
    return files


def files_with_suffix(paths: list[Path], suffix: str, source: str) -> list[Path]:
    """The files among ``paths`` with ``suffix`` (a source folder may hold a CSV and a workbook)."""
    return select_files(
        paths,
        lambda p: p.suffix.lower() == suffix,
        missing=f"no {source} {suffix} file among {[Path(p).name for p in paths]}",
        folder=source,
    )


def parse_files(
    files: Sequence[Path],
    read_file: Callable[[Path], pd.DataFrame],
    *,
    combine: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    duplicate_fix: str = REFETCH,
) -> pd.DataFrame:
    """The skeleton of every parser: read each file into tidy rows, concatenate, check the keys.

    Parameters
    ----------
    files : the files to read, in order; at least one (from :func:`select_files` or
        :func:`files_with_suffix`, which raise a :class:`ParseError` when there is none).
    read_file : one file -> tidy frame (see :func:`tidy`); the publisher's quirks live here.
    combine : a rule over the rows of all files, applied before the key check (e.g. one that needs an
        indicator from another file of the dataset).
    duplicate_fix : the fix named when two rows share country, year and indicator, e.g. where the
        name-to-ISO3 mapping that made two publisher rows one country lives.

    Returns
    -------
    pandas.DataFrame
        Tidy frame (``iso3``, ``year``, ``indicator``, ``value``): the rows of each file in file order.
        Rows are not sorted: the build sorts the whole panel once.

    Raises
    ------
    ParseError
        From ``read_file`` (naming the file), or naming the first file if two rows share a key.
    """
    frame = pd.concat([read_file(Path(p)) for p in files], ignore_index=True)
    if combine is not None:
        frame = combine(frame)
    return check_unique(frame, files[0], duplicate_fix)


def check_unique(frame: pd.DataFrame, path: str | Path, fix: str = REFETCH) -> pd.DataFrame:
    """Return ``frame``; raise if two rows share country, year and indicator (a repeated row, or two
    publisher names or codes mapped to one ISO3 code)."""
    dup = frame[frame.duplicated(KEY_COLUMNS, keep=False)]
    if len(dup):
        shown = dup.head(6)[KEY_COLUMNS].to_dict("records")
        raise ParseError(path, f"{len(dup)} rows share country, year and indicator, e.g. {shown}", fix)
    return frame


def check_codes(codes: pd.Series, path: str | Path, column: str) -> None:
    """Raise :class:`ParseError` naming the line of the first code that is not three capital letters.

    ``codes`` keeps the labels :func:`read_csv_checked` gave (0-based data rows), also when it is a
    subset of the file's rows, so the line named is the file's.
    """
    malformed = codes[~codes.str.fullmatch(r"[A-Z]{3}")]
    if len(malformed):
        line = int(malformed.index[0]) + 2
        problem = f"{column!r} {malformed.iloc[0]!r} at line {line} is not a three-letter code"
        raise ParseError(path, problem, REFETCH)


def codes_to_iso3(codes: pd.Series, where: str | Path) -> pd.Series:
    """Map publisher codes (already recoded where the publisher is not ISO) to ISO3; missing stays missing.

    :func:`~helpers.data.countries.names_to_iso3` accepts ISO3 codes and stops on any it does not know
    (an aggregate, a historical code, a typo), so such a code is reviewed instead of entering the panel.
    """
    known = codes.dropna().unique()
    mapping = dict(zip(known, names_to_iso3(known, where), strict=True))
    return codes.map(mapping)


def cell_text(value: object) -> str:
    """A workbook cell as text for :func:`to_number` (``None`` → ``''``; ``str(float)`` round-trips)."""
    return "" if value is None else str(value).strip()


def read_xlsx_sheets(
    path: str | Path, choose: Callable[[list[str]], list[str]] | None = None
) -> dict[str, list[tuple]]:
    """Rows (tuples of cell values) of the worksheets ``choose(sheetnames)`` picks (default: the first).

    Every way a damaged workbook can fail becomes a :class:`ParseError` naming the file.
    """
    import openpyxl

    path = Path(path)
    if not path.exists():
        raise ParseError(path, "file does not exist", REFETCH)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    # Damaged workbooks surface as many types (fuzzing the pinned files gave BadZipFile, OSError,
    # zlib.error, XML ParseError, KeyError, ValueError, NotImplementedError); only openpyxl runs here.
    except Exception as exc:  # noqa: BLE001
        raise ParseError(path, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})", REFETCH) from None
    try:
        names = choose(list(book.sheetnames)) if choose else list(book.sheetnames[:1])
        return {name: list(book[name].iter_rows(values_only=True)) for name in names}
    except ParseError:
        raise
    # A damaged sheet part only fails while its rows are streamed, with the same variety of types.
    except Exception as exc:  # noqa: BLE001
        raise ParseError(path, f"corrupt worksheet ({type(exc).__name__}: {exc})", REFETCH) from None
    finally:
        book.close()


def read_first_sheet(path: str | Path) -> pd.DataFrame:
    """The first worksheet as a frame of raw cell values (header = first row).

    openpyxl in read-only mode streams the sheet XML; on the 2.5 MB 2024 WGI workbook it takes about
    1.7 s against 2.2 s for ``pandas.read_excel`` (which adds type inference on top of the same reader).
    """
    (rows,) = read_xlsx_sheets(path).values()
    if not rows:
        raise ParseError(path, "the first worksheet is empty", REFETCH)
    header = [cell_text(c) for c in rows[0]]
    width = len(header)
    body = [tuple(r[:width]) + (None,) * (width - len(r)) for r in rows[1:]]
    return pd.DataFrame(body, columns=header, dtype=object)
