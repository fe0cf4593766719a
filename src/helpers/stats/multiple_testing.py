"""Adjusting p-values for testing several hypotheses at once (family-wise error rate).

A claim tested on several outcomes passes "for k of m outcomes" only if each test survives the
others: these functions take the m raw p-values of one family and return adjusted ones, in the same
order, to be compared with the usual level (0.05). Resampling-based adjustments that use the
dependence between the tests (Romano–Wolf) need the estimator itself and live beside it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd


def _as_pvalues(pvalues: Sequence[float] | Mapping[str, float] | pd.Series) -> pd.Series:
    series = pd.Series(pvalues, dtype="float64")
    bad = series[(series < 0) | (series > 1)]
    if not bad.empty:
        raise ValueError(f"p-values must lie in [0, 1]; got {bad.to_dict()}")
    return series


def bonferroni(pvalues: Sequence[float] | Mapping[str, float] | pd.Series) -> pd.Series:
    """Bonferroni: each p-value times the number of tests (non-missing ones), capped at 1.

    Parameters
    ----------
    pvalues : the raw p-values of one family (a mapping or Series keeps its labels). Missing values
        stay missing and do not count as tests.

    Returns
    -------
    pandas.Series
        Adjusted p-values, same index and order as the input.
    """
    raw = _as_pvalues(pvalues)
    tests = int(raw.notna().sum())
    return (raw * tests).clip(upper=1.0)


def holm(pvalues: Sequence[float] | Mapping[str, float] | pd.Series) -> pd.Series:
    """Holm's step-down adjustment: controls the family-wise error rate like Bonferroni, never less powerful.

    The i-th smallest of m p-values is multiplied by (m − i + 1); adjusted values are made monotone
    (running maximum in the sorted order) and capped at 1 (Holm 1979).

    Parameters
    ----------
    pvalues : the raw p-values of one family (a mapping or Series keeps its labels). Missing values
        stay missing and do not count as tests.

    Returns
    -------
    pandas.Series
        Adjusted p-values, same index and order as the input.
    """
    raw = _as_pvalues(pvalues)
    present = raw.dropna()
    m = len(present)
    if m == 0:
        return raw.copy()
    order = np.argsort(present.to_numpy(), kind="stable")
    sorted_p = present.to_numpy()[order]
    stepped = np.maximum.accumulate(sorted_p * (m - np.arange(m)))
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(stepped, 1.0)
    out = raw.copy()
    out.loc[present.index] = adjusted
    return out
