"""Joining a long-run series and a modern one of the same concept at a single cut: :func:`splice_series`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from ._design import _clean_series

SplicePreference = Literal["long", "modern"]


def _year_series(series: pd.Series) -> pd.Series:
    """The non-missing values of ``series``, sorted by year, indexed by int years when all are whole."""
    years, values = _clean_series(series)
    index = years.astype("int64") if np.all(years == np.round(years)) else years
    return pd.Series(values, index=pd.Index(index, name="year"), dtype=float)


@dataclass(frozen=True)
class Splice:
    """A long-run series joined to a modern one at a single cut. Built by :func:`splice_series`.

    Attributes
    ----------
    series : pandas.Series
        The combined values, indexed by year (sorted, no NaN).
    origin : pandas.Series
        ``"long"`` or ``"modern"`` for each year of ``series``: which input the value comes from.
    prefer : str
        ``"long"``: the long-run series is used wherever it has years, the modern one only after the
        long-run series' last year. ``"modern"``: the modern series is used from its first year on, the
        long-run one only before it.
    splice_year : float or None
        The first year taken from the later piece (the switch of source); None when nothing was switched
        (one input is empty or adds no years).
    common_years : int
        Years in which both inputs have a value.
    gap_at_splice : float or None
        modern − long in the common year nearest the cut (the last common year for ``prefer="long"``,
        the first for ``"modern"``): the level jump the splice would hide. None without common years.
    mean_gap : float or None
        Mean of modern − long over all common years; None without common years.
    """

    series: pd.Series = field(repr=False)
    origin: pd.Series = field(repr=False)
    prefer: str
    splice_year: float | None
    common_years: int
    gap_at_splice: float | None
    mean_gap: float | None


def splice_series(long_run: pd.Series, modern: pd.Series, prefer: SplicePreference = "long") -> Splice:
    """Join a long-run series and a modern series of the same concept at one cut, without level changes.

    Parameters
    ----------
    long_run, modern : pandas.Series
        Values indexed by numeric years; NaNs are dropped. Either may be empty.
    prefer : ``"long"`` or ``"modern"``
        Which series wins where both exist. ``"long"`` keeps every long-run year and appends the modern
        years after the long-run series' last year; ``"modern"`` keeps every modern year and prepends the
        long-run years before the modern series' first year. The two are never mixed year by year, so the
        combined series changes source once at most.

    Returns
    -------
    Splice
        The combined series, the origin of each value and the level gap between the inputs where they
        overlap (reported, not corrected: a threshold crossing near the cut may be shifted by it).

    Examples
    --------
    long 1900: 10, 1950: 20, 2000: 40 and modern 2000: 42, 2010: 50 with ``prefer="long"`` give
    1900: 10, 1950: 20, 2000: 40, 2010: 50; the splice year is 2010 and the gap at the splice 2.
    """
    if prefer not in ("long", "modern"):
        raise ValueError(f"prefer must be 'long' or 'modern', got {prefer!r}")
    long_part, modern_part = _year_series(long_run), _year_series(modern)
    if prefer == "long":
        kept = modern_part[modern_part.index > long_part.index.max()] if len(long_part) else modern_part
        pieces = [(long_part, "long"), (kept, "modern")]
    else:
        kept = long_part[long_part.index < modern_part.index.min()] if len(modern_part) else long_part
        pieces = [(kept, "long"), (modern_part, "modern")]
    pieces = [(values, name) for values, name in pieces if len(values)]
    combined = pd.concat([values for values, _ in pieces]) if pieces else pd.Series(dtype=float)
    origin = pd.concat([pd.Series(name, index=values.index) for values, name in pieces]) if pieces else (
        pd.Series(dtype=object)
    )
    combined.index.name = origin.index.name = "year"
    switched = len(pieces) == 2
    splice_year = float(pieces[1][0].index.min()) if switched else None
    common = long_part.index.intersection(modern_part.index)
    gaps = modern_part[common] - long_part[common]
    if len(common):
        nearest = common.max() if prefer == "long" else common.min()
        gap_at_splice, mean_gap = float(gaps[nearest]), float(gaps.mean())
    else:
        gap_at_splice = mean_gap = None
    return Splice(
        series=combined.astype(float),
        origin=origin,
        prefer=prefer,
        splice_year=splice_year,
        common_years=len(common),
        gap_at_splice=gap_at_splice,
        mean_gap=mean_gap,
    )
