"""Adjusting p-values for testing several hypotheses at once (family-wise error rate).

A claim tested on several outcomes passes "for k of m outcomes" only if each test survives the
others: these functions take the m raw p-values of one family and return adjusted ones, in the same
order, to be compared with the usual level (0.05). :func:`romano_wolf` uses the dependence
between the tests: it takes bootstrap statistics of the whole family (from
:func:`helpers.stats.bootstrap_family`, which resamples the estimator) instead of the p-values.
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


def romano_wolf(
    t_observed: Sequence[float] | Mapping[str, float] | pd.Series, t_bootstrap: np.ndarray
) -> pd.Series:
    """Romano–Wolf step-down adjusted p-values (two-sided) from bootstrap statistics of the family.

    The hypotheses are ordered by |t|, largest first; the j-th gets the share of bootstrap replications
    in which the largest |t*| among it and the hypotheses after it reaches its |t|,
    p_j = (1 + #{b: max_{k≥j} |t*_bk| ≥ |t_j|}) / (1 + B), and the p-values are made monotone in that
    order (Romano & Wolf 2005; Clarke, Romano & Wolf 2020, as Stata's ``rwolf``). It controls the
    family-wise error rate like Holm, and gains power when the tests are correlated (with identical
    tests it leaves each bootstrap p-value as it is; with independent ones it is close to Šidák's
    step-down).

    Parameters
    ----------
    t_observed : the m observed t statistics (a mapping or Series keeps its labels).
    t_bootstrap : array (B, m)
        Bootstrap t statistics centred on the null (e.g. (β* − β̂)/se* of an unrestricted bootstrap),
        the columns in the order of ``t_observed``, the rows sharing one resampling each.

    Returns
    -------
    pandas.Series
        Adjusted p-values, same index and order as ``t_observed``.
    """
    observed = pd.Series(t_observed, dtype="float64")
    boot = np.asarray(t_bootstrap, dtype=float)
    if boot.ndim != 2 or boot.shape[1] != len(observed):
        raise ValueError(f"t_bootstrap must be (replications, {len(observed)}), got shape {boot.shape}")
    if observed.isna().any() or np.isnan(boot).any():
        raise ValueError("t statistics must not be missing; drop the tests that could not be computed")
    if len(observed) == 0:
        return observed.copy()
    size = np.abs(observed.to_numpy())
    order = np.argsort(-size, kind="stable")
    boot_abs = np.abs(boot[:, order])
    # Running maximum from the right: the largest |t*| among hypotheses j, j+1, … of the ordering.
    tail_max = np.maximum.accumulate(boot_abs[:, ::-1], axis=1)[:, ::-1]
    raw = (1 + (tail_max >= size[order][None, :] - 1e-12).sum(axis=0)) / (1 + boot.shape[0])
    adjusted = np.empty(len(observed))
    adjusted[order] = np.maximum.accumulate(raw)
    return pd.Series(adjusted, index=observed.index)
