"""Column and series transforms: logs, within-group z-scores, values between observed years, and counts from shares."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._design import _YEAR_TOLERANCE, _clean_series, _require_columns


def log_columns(frame: pd.DataFrame, columns: Sequence[str], prefix: str = "log ") -> pd.DataFrame:
    """A copy of ``frame`` with the natural log of each of ``columns`` added as ``prefix + column``.

    Missing values stay missing.

    Raises
    ------
    KeyError
        A column is missing from ``frame``.
    ValueError
        A column holds a zero or negative value (its log is undefined); the message names the rows.
    """
    columns = [columns] if isinstance(columns, str) else list(columns)
    _require_columns(frame, columns)
    logged = frame.copy()
    for column in columns:
        values = pd.to_numeric(frame[column], errors="raise").astype(float)
        bad = values[values <= 0]
        if not bad.empty:
            raise ValueError(
                f"{column!r} has {len(bad)} value(s) ≤ 0, whose log is undefined, e.g. row "
                f"{bad.index[0]!r} = {bad.iloc[0]:g}"
            )
        logged[prefix + column] = np.log(values)
    return logged


def standardize_within(frame: pd.DataFrame, column: str, by: str) -> pd.Series:
    """``column`` as z-scores within each group of ``by``: (value − group mean) / group SD (ddof = 1).

    Used to put a regressor on a comparable scale across years whose cross-country spread differs
    (a coefficient on the z-score is the change per one standard deviation in that year). Missing
    values stay missing; groups with fewer than two values or no spread give NaN.
    """
    _require_columns(frame, [column, by])
    values = pd.to_numeric(frame[column], errors="raise").astype(float)
    grouped = values.groupby(frame[by])
    mean = grouped.transform("mean")
    spread = grouped.transform("std")  # ddof = 1; NaN for a single value
    spread = spread.where(spread > 0)
    return ((values - mean) / spread).rename(column)


def value_at(series: pd.Series, year: float | None) -> float | None:
    """The value of ``series`` in ``year``, linear between the observations around it.

    None when ``year`` is None or outside the first–last observed years (no extrapolation).
    """
    if year is None or not math.isfinite(year):
        return None
    years, values = _clean_series(series)
    if len(years) == 0 or year < years[0] or year > years[-1]:
        return None
    return float(np.interp(year, years, values))


def interpolate_at(series: pd.Series, year: float | None, log: bool = False) -> float:
    """The value of ``series`` (indexed by numeric years) at a possibly fractional ``year``.

    Linear interpolation between the two nearest non-missing observations (log-linear with ``log=True``,
    i.e. constant growth between them, for incomes). NaN when ``year`` is None/NaN, when it lies
    outside the observed years, or when ``log`` and a neighbouring value is not positive.

    Examples
    --------
    100 in 2000 and 400 in 2002: 250 at 2001 (linear), 200 at 2001 (``log=True``).
    """
    if year is None or not math.isfinite(year):
        return math.nan
    years, values = _clean_series(series)
    if len(values) == 0 or year < years[0] - _YEAR_TOLERANCE or year > years[-1] + _YEAR_TOLERANCE:
        return math.nan
    if not log:
        return float(np.interp(year, years, values))
    # The observations at or just before and at or just after `year` (the same one on an observed year).
    lower = int(np.searchsorted(years, year + _YEAR_TOLERANCE, side="right")) - 1
    upper = int(np.searchsorted(years, year - _YEAR_TOLERANCE, side="left"))
    low_value, high_value = values[lower], values[upper]
    if low_value <= 0 or high_value <= 0:
        return math.nan
    if lower == upper:
        return float(low_value)
    weight = (year - years[lower]) / (years[upper] - years[lower])
    return float(math.exp(math.log(low_value) + weight * (math.log(high_value) - math.log(low_value))))


@dataclass(frozen=True)
class CountFromShare:
    """A count from a share of a total, e.g. internet users = the share of people online × the population."""

    year: int
    #: The column the total came from (the first listed of those reaching ``year``).
    total_column: str
    total: float
    #: Percent of the total.
    share: float
    count: float


def count_from_share(frame: pd.DataFrame, share: str, totals: Sequence[str]) -> CountFromShare | None:
    """``share`` (percent) × a total, in the latest year for which some column of ``totals`` and ``share`` both
    have a value; on a tie, the first of ``totals`` (list the preferred series first). None when none does.

    Parameters
    ----------
    frame : one row per year (a ``year`` index or column) of one unit; columns ``share`` and ``totals`` (a
        missing column counts as no data).

    Examples
    --------
    >>> f = pd.DataFrame({"year": [2020, 2021], "net": [50.0, 60.0], "pop": [10.0, None], "pop2": [9.0, 11.0]})
    >>> count_from_share(f, "net", ["pop", "pop2"])
    CountFromShare(year=2021, total_column='pop2', total=11.0, share=60.0, count=6.6)
    """
    rows = frame.set_index("year") if "year" in frame.columns else frame
    if share not in rows:
        return None
    latest = [(rows[[share, column]].dropna().index.max(), column) for column in totals if column in rows]
    latest = [(year, column) for year, column in latest if not pd.isna(year)]
    if not latest:
        return None
    # max() keeps the first of equal years: the preferred series on a tie.
    year, column = max(latest, key=lambda pair: pair[0])
    percent, total = float(rows.loc[year, share]), float(rows.loc[year, column])
    return CountFromShare(year=int(year), total_column=column, total=total, share=percent,
                          count=percent / 100 * total)
