"""A rank over editions (1 = best): where it started, its best and worst editions, and the climb from each.

A climb read between two chosen editions depends on the starting one: read from the worst edition it is
the largest the series allows. :func:`rank_trajectory` puts the whole series and those reference points
side by side so a reading can say where it starts.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def _clean_ranks(ranks: pd.Series, name: str) -> pd.Series:
    series = pd.to_numeric(pd.Series(ranks), errors="raise").dropna()
    if series.empty:
        raise ValueError(f"{name} has no non-missing value")
    if series.index.duplicated().any():
        repeated = sorted(series.index[series.index.duplicated()].unique().tolist())
        raise ValueError(f"{name}: editions appear more than once: {repeated}; pass one value per edition")
    if (series < 1).any():
        raise ValueError(f"{name}: ranks start at 1 (the best); got {series[series < 1].to_dict()}")
    return series.sort_index()


def rank_trajectory(ranks: pd.Series, n_ranked: pd.Series | None = None) -> dict[str, Any]:
    """Summarize one entity's rank across editions (index: edition year; 1 = best).

    Parameters
    ----------
    ranks : rank per edition; missing editions are dropped.
    n_ranked : optional number of entities ranked per edition (same index), for the rank as a share of
        those ranked (editions with more entities make the same rank a better position).

    Returns
    -------
    dict
        ``editions`` (years, increasing) and ``ranks`` (same order); ``first_year``/``first_rank``,
        ``last_year``/``last_rank``, ``best_year``/``best_rank``, ``worst_year``/``worst_rank`` (ties: the
        earliest such edition); ``climb_from_first`` = first_rank − last_rank and ``climb_from_worst`` =
        worst_rank − last_rank (places gained; positive = better now); ``starts_at_worst``: whether the
        first edition is the worst. With ``n_ranked``: ``rank_shares`` (rank / n_ranked per edition) and
        ``worst_share_year`` (the edition with the largest rank share; ties: the earliest).

    Raises
    ------
    ValueError
        No rank, an edition listed twice, a rank below 1, or ``n_ranked`` missing an edition or smaller
        than the rank.
    """
    series = _clean_ranks(ranks, "ranks")
    years = [int(year) if float(year).is_integer() else year for year in series.index]
    values = series.to_numpy(dtype=float)
    worst, best = int(np.argmax(values)), int(np.argmin(values))  # argmax/argmin: the first (earliest) tie
    summary: dict[str, Any] = {
        "editions": years,
        "ranks": [int(v) for v in values],
        "first_year": years[0],
        "first_rank": int(values[0]),
        "last_year": years[-1],
        "last_rank": int(values[-1]),
        "best_year": years[best],
        "best_rank": int(values[best]),
        "worst_year": years[worst],
        "worst_rank": int(values[worst]),
        "climb_from_first": int(values[0] - values[-1]),
        "climb_from_worst": int(values[worst] - values[-1]),
        "starts_at_worst": worst == 0,
    }
    if n_ranked is not None:
        counts = pd.to_numeric(pd.Series(n_ranked), errors="raise").reindex(series.index)
        if counts.isna().any():
            raise ValueError(f"n_ranked has no count for editions {counts.index[counts.isna()].tolist()}")
        if (counts < series).any():
            raise ValueError("n_ranked is smaller than the rank in some editions; pass the number ranked")
        shares = (series / counts).to_numpy(dtype=float)
        summary["rank_shares"] = [float(share) for share in shares]
        summary["worst_share_year"] = years[int(np.argmax(shares))]
    return summary


def rank_in_edition(summary: dict[str, Any], year: Any) -> int | None:
    """The rank of a :func:`rank_trajectory` summary in ``year``; None when that edition has no rank."""
    lookup = dict(zip(summary["editions"], summary["ranks"], strict=True))
    return lookup.get(year)
