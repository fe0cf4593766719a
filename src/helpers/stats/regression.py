"""Cross-sectional OLS with HC3 standard errors, and what is read off it.

:func:`ols_hc3` is the estimator; :func:`coefficient_by_year` repeats it year by year,
:func:`ols_with_and_without` fits it with and without controls on one sample
(:func:`coefficient_change` compares the two), and :func:`residual_ranking` / :func:`rank_position`
rank entities by how far they lie above or below the fitted line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import stdtr
from statsmodels.regression.linear_model import OLS

from ._design import _check_design, _complete_rows, _regressor_names, _require_columns, _with_constant
from .results import CONFIDENCE_LEVEL, RegressionResult


def _ols_pvalues(fit: Any) -> pd.Series:
    # With an exact fit a standard error can be exactly 0 and statsmodels' t = b / 0 would raise a
    # RuntimeWarning; the p-value of such a term is undefined, so it is NaN on purpose.
    if (fit.bse > 0).all():
        return fit.pvalues
    positive = fit.bse > 0
    tvalues = fit.params[positive] / fit.bse[positive]
    pvalues = pd.Series(np.nan, index=fit.params.index)
    # Two-sided t p-value: stdtr is Student's t CDF, so 2·P(T < −|t|) (cheaper to import than scipy.stats).
    pvalues[positive] = 2 * stdtr(fit.df_resid, -np.abs(tvalues))
    return pvalues


def _fit_ols_hc3(data: pd.DataFrame, y: str, regressors: list[str]) -> Any:
    design = _with_constant(data[regressors])
    _check_design(design)
    # use_t: small cross-sections (≈190 countries at most) get t rather than normal quantiles.
    return OLS(data[y].astype(float), design).fit(cov_type="HC3", use_t=True)


def ols_hc3(frame: pd.DataFrame, y: str, x: str, controls: Sequence[str] = ()) -> RegressionResult:
    """OLS of ``y`` on a constant, ``x`` and ``controls`` with HC3 standard errors.

    Rows with a missing value in any of the used columns are dropped. Inference uses the t
    distribution with n − k degrees of freedom.

    Raises
    ------
    KeyError
        A column is missing from ``frame``.
    ValueError
        Too few complete rows, collinear regressors, or an observation with leverage 1.
    """
    regressors = _regressor_names(x, controls)
    data = _complete_rows(frame, [y, *regressors])
    fit = _fit_ols_hc3(data, y, regressors)
    bounds = fit.conf_int(alpha=1 - CONFIDENCE_LEVEL)
    pvalues = _ols_pvalues(fit)
    return RegressionResult(
        dependent=y,
        regressors=regressors,
        params={term: float(value) for term, value in fit.params.items()},
        std_errors={term: float(value) for term, value in fit.bse.items()},
        pvalues={term: float(value) for term, value in pvalues.items()},
        conf_int={
            term: (float(bounds.loc[term, 0]), float(bounds.loc[term, 1])) for term in fit.params.index
        },
        nobs=int(fit.nobs),
        r2=float(fit.rsquared),
        r2_within=None,
        cov_type="HC3",
        model="OLS",
        n_entities=None,
    )


def residual_ranking(frame: pd.DataFrame, y: str, x: str, id_col: str = "iso3") -> pd.DataFrame:
    """Who does better or worse on ``y`` than ``x`` predicts: residuals of OLS of y on x (+ constant).

    Returns
    -------
    pandas.DataFrame
        Columns ``id_col``, ``y``, ``x``, ``fitted``, ``residual``, ``std_residual`` and ``rank``, sorted by
        residual, largest first. ``std_residual`` is the internally studentized residual
        e_i / (s·√(1 − h_ii)) (R's ``rstandard``), so high-leverage countries are not understated.
        ``rank`` 1 is the largest positive residual (the biggest over-achiever); ties are broken by id.

    Raises
    ------
    ValueError
        If an id appears twice among the complete rows.
    """
    data = _complete_rows(frame, [id_col, y, x])
    if data[id_col].duplicated().any():
        repeated = sorted(data.loc[data[id_col].duplicated(), id_col].astype(str).unique())
        raise ValueError(f"ids appear more than once: {repeated[:10]}; pass one row per {id_col}")
    fit = _fit_ols_hc3(data, y, [x])
    design = _with_constant(data[[x]]).to_numpy()
    q_factor, _ = np.linalg.qr(design)
    leverage = (q_factor**2).sum(axis=1)
    residual = fit.resid.to_numpy()
    scale = math.sqrt(float(fit.ssr) / float(fit.df_resid))
    table = pd.DataFrame(
        {
            id_col: data[id_col].to_numpy(),
            y: data[y].to_numpy(dtype=float),
            x: data[x].to_numpy(dtype=float),
            "fitted": fit.fittedvalues.to_numpy(),
            "residual": residual,
            "std_residual": residual / (scale * np.sqrt(1 - leverage)),
        }
    )
    # Sorting by id first and then (stably) by residual makes the order of tied residuals reproducible.
    table = table.sort_values(id_col, kind="mergesort").sort_values(
        "residual", ascending=False, kind="mergesort"
    )
    table["rank"] = np.arange(1, len(table) + 1)
    return table.reset_index(drop=True)


# The columns of coefficient_by_year after the year: a subset of RegressionResult.to_row's.
_BY_YEAR_COLUMNS = ["coef", "se", "pvalue", "ci_low", "ci_high", "nobs", "r2"]


def coefficient_by_year(
    frame: pd.DataFrame,
    y: str,
    x: str,
    controls: Sequence[str] = (),
    year_col: str = "year",
    min_obs: int = 20,
) -> pd.DataFrame:
    """The HC3 OLS coefficient of ``x`` estimated separately in every year.

    Years with fewer than ``min_obs`` complete rows are omitted (not reported as NaN), so a plot shows
    only estimates with a usable sample; their years and counts are kept in
    ``result.attrs["omitted_years"]`` as ``{year: n_complete_rows}``.

    Returns
    -------
    pandas.DataFrame
        Columns ``year_col``, ``coef``, ``se``, ``pvalue``, ``ci_low``, ``ci_high``, ``nobs``, ``r2``,
        one row per estimated year in increasing order.
    """
    regressors = _regressor_names(x, controls)
    data = _complete_rows(frame, [year_col, y, *regressors])
    rows = []
    omitted: dict[Any, int] = {}
    for year, year_data in data.groupby(year_col, sort=True):
        if len(year_data) < min_obs:
            omitted[year] = len(year_data)
            continue
        row = ols_hc3(year_data, y, x, regressors[1:]).to_row(x)
        rows.append({year_col: year, **{column: row[column] for column in _BY_YEAR_COLUMNS}})
    table = pd.DataFrame(rows, columns=[year_col, *_BY_YEAR_COLUMNS])
    table.attrs["omitted_years"] = omitted
    return table


def ols_with_and_without(
    frame: pd.DataFrame, y: str, x: str, controls: Sequence[str]
) -> tuple[RegressionResult, RegressionResult]:
    """HC3 OLS of ``y`` on ``x`` alone and on ``x`` plus ``controls``, both on the same rows.

    Rows missing ``y``, ``x`` or any control are dropped before *both* fits, so the change in the
    coefficient of ``x`` reflects the controls, not a different sample.

    Returns
    -------
    (simple, controlled) : tuple of RegressionResult
    """
    regressors = _regressor_names(x, controls)
    data = _complete_rows(frame, [y, *regressors])
    return ols_hc3(data, y, x), ols_hc3(data, y, x, regressors[1:])


def coefficient_change(simple: RegressionResult, controlled: RegressionResult, term: str) -> float | None:
    """Percent change of ``term``'s coefficient from ``simple`` to ``controlled``: 100·(c − s)/|s|.

    −40 means the coefficient shrank by 40 % of its size; a value below −100 means it changed sign.
    None when the simple coefficient is 0 (no relative change is defined).
    """
    before, after = simple.params[term], controlled.params[term]
    if before == 0:
        return None
    return 100.0 * (after - before) / abs(before)


def rank_position(ranking: pd.DataFrame, entity: str, id_col: str = "iso3") -> dict[str, Any] | None:
    """Where ``entity`` sits in a :func:`residual_ranking` table; None when it is not in the table.

    Returns
    -------
    dict
        ``rank`` (1 = largest positive residual), ``n`` (entities ranked), ``residual``,
        ``std_residual``, ``fitted`` and ``percentile``: the share of the other entities with a
        smaller residual, 100·(n − rank)/(n − 1) (100 for the top, 0 for the bottom; 50 for n = 1).
    """
    _require_columns(ranking, [id_col, "rank", "residual", "std_residual", "fitted"])
    rows = ranking.loc[ranking[id_col] == entity]
    if rows.empty:
        return None
    row = rows.iloc[0]
    n, rank = len(ranking), int(row["rank"])
    return {
        "rank": rank,
        "n": n,
        "residual": float(row["residual"]),
        "std_residual": float(row["std_residual"]),
        "fitted": float(row["fitted"]),
        "percentile": 50.0 if n == 1 else 100.0 * (n - rank) / (n - 1),
    }
