"""Estimators for the notebooks: pure functions from pandas objects to tables and dataclasses.

This module never reads files and never imports the data, plotting or run layers: notebooks load a
frame with :mod:`helpers.data`, pass it here and write what comes back.

Contents
--------
Regression results
    :class:`RegressionResult`, :func:`results_table`, :func:`results_table_numeric`,
    :func:`result_to_dict`.
Cross-sections (notebooks 01–02)
    :func:`ols_hc3`, :func:`residual_ranking`, :func:`coefficient_by_year`.
Panels (notebook 02)
    :func:`pooled_ols`, :func:`twoway_fe`, :func:`first_differences`, :func:`lag_within_entity`.
Convergence and thresholds (notebooks 03–04)
    :func:`logit_share`, :func:`sigma_convergence`, :func:`beta_convergence`,
    :func:`threshold_crossing`, :func:`crossings_all`, :func:`peak`, :func:`process_window`,
    :func:`overlap`.

Inference conventions
---------------------
* Cross-sectional OLS: HC3 standard errors (statsmodels), t distribution with n − k degrees of freedom
  for p-values and 95 % intervals.
* Panels (pooled OLS, two-way FE, first differences): linearmodels with standard errors clustered by
  entity and the Stata-style small-sample factor G/(G−1)·(n−1)/(n−k), where G is the number of
  entities and k the number of slope coefficients including the constant. Absorbed effects are *not*
  counted in k (entity effects are nested in the entity clusters; time effects are few relative to n),
  so the three panel estimators use one formula. p-values and intervals use the t distribution with
  linearmodels' residual degrees of freedom.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd
from scipy.special import stdtr
from statsmodels.regression.linear_model import OLS

# linearmodels is imported inside the panel estimators: it is slow to import, and short reports
# (country profiles, run by the hundred) only need OLS.

CONSTANT = "const"
CONFIDENCE_LEVEL = 0.95
# Observations closer than this (in years) count as consecutive annual data in threshold_crossing.
_ANNUAL_STEP = 1.0
_YEAR_TOLERANCE = 1e-9
# p-value cut-offs for the stars of results_table, from the most to the least significant.
_STAR_LEVELS = ((0.01, "***"), (0.05, "**"), (0.10, "*"))

Transform = Literal["logit", "log", "none"]
Direction = Literal["up", "down"]


# --------------------------------------------------------------------------------------------------
# Regression results
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegressionResult:
    """One fitted linear model, reduced to plain Python numbers.

    Attributes
    ----------
    dependent : str
        Name of the dependent variable (for first differences: the variable that was differenced).
    regressors : list of str
        The regressors asked for (``x`` then ``controls``), without the constant. ``params`` also
        holds ``"const"``.
    params, std_errors, pvalues : dict of str to float
        Coefficient, standard error and two-sided p-value by term.
    conf_int : dict of str to (float, float)
        95 % confidence interval by term.
    nobs : int
        Observations used (after dropping rows with missing values; for first differences, the
        number of differences).
    r2 : float
        R² of the estimated equation (for two-way FE: after removing both effects, linearmodels'
        ``rsquared``).
    r2_within : float or None
        Within-entity R² (linearmodels ``rsquared_within``) for fixed-effects models, else None.
    cov_type : str
        How the standard errors were computed, e.g. ``"HC3"`` or ``"clustered by iso3"``.
    model : str
        ``"OLS"``, ``"Pooled OLS"``, ``"Two-way FE"`` or ``"First differences"``.
    n_entities : int or None
        Entities in the estimation sample for panel models, else None.
    """

    dependent: str
    regressors: list[str]
    params: dict[str, float]
    std_errors: dict[str, float]
    pvalues: dict[str, float]
    conf_int: dict[str, tuple[float, float]]
    nobs: int
    r2: float
    r2_within: float | None
    cov_type: str
    model: str
    n_entities: int | None

    def to_row(self, term: str) -> dict[str, Any]:
        """The numbers of one term as a flat record (one row of :func:`results_table_numeric`).

        Raises
        ------
        KeyError
            If the model has no such term.
        """
        if term not in self.params:
            raise KeyError(f"term {term!r} is not in this {self.model} model; terms: {list(self.params)}")
        low, high = self.conf_int[term]
        return {
            "model": self.model,
            "dependent": self.dependent,
            "term": term,
            "coef": self.params[term],
            "se": self.std_errors[term],
            "pvalue": self.pvalues[term],
            "ci_low": low,
            "ci_high": high,
            "nobs": self.nobs,
            "r2": self.r2,
            "r2_within": self.r2_within,
            "n_entities": self.n_entities,
        }


def significance_stars(pvalue: float | None) -> str:
    """``"***"``, ``"**"``, ``"*"`` for p < 0.01, 0.05, 0.10; ``""`` otherwise or when undefined."""
    if pvalue is None or not math.isfinite(pvalue):
        return ""
    for cutoff, stars in _STAR_LEVELS:
        if pvalue < cutoff:
            return stars
    return ""


def _format_number(value: float | None, digits: int) -> str:
    if value is None or not math.isfinite(value):
        return ""
    return f"{value:.{digits}f}"


def results_table(
    results: Sequence[RegressionResult],
    terms: Sequence[str],
    column_names: Sequence[str] | None = None,
    digits: int = 3,
) -> pd.DataFrame:
    """Side-by-side coefficient table of several models, as strings ready to display or export.

    Parameters
    ----------
    results : sequence of RegressionResult
        One column each, in this order.
    terms : sequence of str
        Terms to show, in this order. A term a model does not have is left blank in its column.
    column_names : sequence of str, optional
        Column labels; default ``"(1)"``, ``"(2)"``, …
    digits : int
        Decimals for coefficients, standard errors and R².

    Returns
    -------
    pandas.DataFrame
        Rows: for each term the coefficient with stars (``*`` p<0.10, ``**`` p<0.05, ``***`` p<0.01)
        and, labelled ``"<term> (se)"``, the standard error in parentheses; then ``N``,
        ``Entities``, ``R²``, ``Within R²``, ``Model`` and ``SE`` (the covariance type). Every cell
        is a string; undefined values are ``""``.
    """
    if column_names is None:
        column_names = [f"({number})" for number in range(1, len(results) + 1)]
    if len(column_names) != len(results):
        raise ValueError(f"{len(column_names)} column names for {len(results)} results")
    columns = {}
    for name, result in zip(column_names, results, strict=True):
        cells: dict[str, str] = {}
        for term in terms:
            present = term in result.params
            coef = result.params.get(term)
            stars = significance_stars(result.pvalues.get(term)) if present else ""
            cells[term] = _format_number(coef, digits) + stars if present else ""
            cells[f"{term} (se)"] = f"({_format_number(result.std_errors[term], digits)})" if present else ""
        cells["N"] = str(result.nobs)
        cells["Entities"] = "" if result.n_entities is None else str(result.n_entities)
        cells["R²"] = _format_number(result.r2, digits)
        cells["Within R²"] = _format_number(result.r2_within, digits)
        cells["Model"] = result.model
        cells["SE"] = result.cov_type
        columns[name] = cells
    table = pd.DataFrame(columns)
    table.index.name = "row"
    return table


NUMERIC_COLUMNS = [
    "column",
    "model",
    "dependent",
    "term",
    "coef",
    "se",
    "pvalue",
    "ci_low",
    "ci_high",
    "nobs",
    "r2",
    "r2_within",
    "n_entities",
]


def results_table_numeric(
    results: Sequence[RegressionResult], terms: Sequence[str] | None = None
) -> pd.DataFrame:
    """Long numeric form of several models: one row per model and term (for CSV and results.json).

    Parameters
    ----------
    results : sequence of RegressionResult
    terms : sequence of str, optional
        Terms to keep (those a model lacks are skipped); default every term of every model.

    Returns
    -------
    pandas.DataFrame
        Columns ``column`` (1-based position of the model in ``results``, which tells apart two models
        of the same kind), ``model``, ``dependent``, ``term``, ``coef``, ``se``, ``pvalue``, ``ci_low``,
        ``ci_high``, ``nobs``, ``r2``, ``r2_within``, ``n_entities``.
    """
    rows = []
    for position, result in enumerate(results, start=1):
        wanted = list(result.params) if terms is None else [term for term in terms if term in result.params]
        rows.extend({"column": position, **result.to_row(term)} for term in wanted)
    table = pd.DataFrame(rows, columns=NUMERIC_COLUMNS)
    # Missing r2_within / n_entities (OLS) become NaN / <NA> so the columns stay numeric; counts stay
    # integers instead of turning into floats next to the NaNs.
    return table.astype(
        {
            "column": "int64",
            "nobs": "int64",
            "n_entities": "Int64",
            "coef": "float64",
            "se": "float64",
            "pvalue": "float64",
            "ci_low": "float64",
            "ci_high": "float64",
            "r2": "float64",
            "r2_within": "float64",
        }
    )


def _round_significant(value: float | None, digits: int = 10) -> float | None:
    # Rounding to 10 significant digits hides last-bit differences between BLAS builds and runs, so
    # results.json is byte-identical on reruns; non-finite numbers become null (valid JSON).
    if value is None or not math.isfinite(value):
        return None
    rounded = float(f"{value:.{digits}g}")
    return rounded + 0.0  # turns -0.0 into 0.0


def result_to_dict(result: RegressionResult, digits: int = 10) -> dict[str, Any]:
    """A JSON-serializable dict of plain floats and ints, rounded to ``digits`` significant digits.

    NaN and infinite numbers become None. Two calls on equal results give equal ``json.dumps`` output.
    """

    def by_term(values: dict[str, float]) -> dict[str, float | None]:
        return {term: _round_significant(value, digits) for term, value in values.items()}

    return {
        "model": result.model,
        "dependent": result.dependent,
        "regressors": list(result.regressors),
        "cov_type": result.cov_type,
        "nobs": int(result.nobs),
        "n_entities": None if result.n_entities is None else int(result.n_entities),
        "r2": _round_significant(result.r2, digits),
        "r2_within": _round_significant(result.r2_within, digits),
        "params": by_term(result.params),
        "std_errors": by_term(result.std_errors),
        "pvalues": by_term(result.pvalues),
        "conf_int": {
            term: [_round_significant(low, digits), _round_significant(high, digits)]
            for term, (low, high) in result.conf_int.items()
        },
    }


# --------------------------------------------------------------------------------------------------
# Shared input checks
# --------------------------------------------------------------------------------------------------


def _regressor_names(x: str, controls: Sequence[str]) -> list[str]:
    # A bare string would otherwise be iterated letter by letter.
    controls = [controls] if isinstance(controls, str) else list(controls)
    names = [x, *controls]
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        raise ValueError(f"regressors listed twice: {duplicated}")
    if CONSTANT in names:
        raise ValueError(f"{CONSTANT!r} is added automatically; do not pass it as a regressor")
    return names


def _require_columns(frame: pd.DataFrame, columns: Sequence[str]) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise KeyError(f"columns not in the frame: {missing}; available: {list(frame.columns)}")


def _complete_rows(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The used columns of the rows that have none of them missing."""
    _require_columns(frame, columns)
    return frame.loc[:, list(columns)].dropna()


def _check_design(design: pd.DataFrame) -> None:
    """Refuse designs on which OLS/HC3 is undefined, with a message instead of a numpy warning."""
    n_obs, n_params = design.shape
    if n_obs <= n_params:
        raise ValueError(f"{n_obs} complete observations for {n_params} parameters: too few to estimate")
    matrix = design.to_numpy(dtype=float)
    if np.linalg.matrix_rank(matrix) < n_params:
        raise ValueError(f"regressors are collinear (rank < {n_params}): {list(design.columns)}")
    # HC3 divides each squared residual by (1 - leverage)²; an observation with leverage 1 (e.g. the
    # only one in a dummy category) makes it infinite.
    q_factor, _ = np.linalg.qr(matrix)
    leverage = (q_factor**2).sum(axis=1)
    if leverage.max() > 1 - 1e-10:
        row = design.index[int(leverage.argmax())]
        raise ValueError(
            f"observation {row!r} has leverage 1 (fitted exactly); HC3 standard errors are undefined"
        )


def _with_constant(regressors: pd.DataFrame) -> pd.DataFrame:
    return pd.concat(
        [pd.Series(1.0, index=regressors.index, name=CONSTANT), regressors.astype(float)], axis=1
    )


# --------------------------------------------------------------------------------------------------
# Cross-sectional OLS
# --------------------------------------------------------------------------------------------------


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
        result = ols_hc3(year_data, y, x, regressors[1:])
        low, high = result.conf_int[x]
        rows.append(
            {
                year_col: year,
                "coef": result.params[x],
                "se": result.std_errors[x],
                "pvalue": result.pvalues[x],
                "ci_low": low,
                "ci_high": high,
                "nobs": result.nobs,
                "r2": result.r2,
            }
        )
    table = pd.DataFrame(rows, columns=[year_col, "coef", "se", "pvalue", "ci_low", "ci_high", "nobs", "r2"])
    table.attrs["omitted_years"] = omitted
    return table


# --------------------------------------------------------------------------------------------------
# Panels
# --------------------------------------------------------------------------------------------------


def _long_panel(frame: pd.DataFrame, entity: str, time: str) -> pd.DataFrame:
    """``frame`` with ``entity`` and ``time`` as columns (they may come as index levels)."""
    in_index = [
        name for name in (entity, time) if name in (frame.index.names or []) and name not in frame.columns
    ]
    long = frame.reset_index(level=in_index) if in_index else frame
    _require_columns(long, [entity, time])
    if long[[entity, time]].isna().any().any():
        raise ValueError(f"{entity!r} or {time!r} has missing values")
    if long.duplicated([entity, time]).any():
        repeated = long.loc[long.duplicated([entity, time]), [entity, time]].head(5).to_dict("records")
        raise ValueError(
            f"several rows per ({entity}, {time}), e.g. {repeated}; pass one row per entity and time"
        )
    return long


def _clustered_fit_options(model) -> dict[str, Any]:
    from linearmodels import PanelOLS

    options: dict[str, Any] = {
        "cov_type": "clustered",
        "cluster_entity": True,
        # debiased (n-1)/(n-k) together with group_debias G/(G-1) is Stata's cluster-robust factor.
        "debiased": True,
        "group_debias": True,
    }
    if isinstance(model, PanelOLS):
        # Count no absorbed effects in k, whatever effects the model has, so pooled OLS, FE and FD
        # share one small-sample formula (see the module docstring).
        options.update(auto_df=False, count_effects=False)
    return options


def _fit_panel(
    data: pd.DataFrame,
    y: str,
    regressors: list[str],
    entity: str,
    time: str,
    *,
    model_name: str,
    entity_effects: bool,
    time_effects: bool,
    report_within: bool,
) -> RegressionResult:
    from linearmodels import PanelOLS, PooledOLS

    indexed = data.set_index([entity, time])
    exog = _with_constant(indexed[regressors])
    dependent = indexed[y].astype(float)
    if entity_effects or time_effects:
        model: PanelOLS | PooledOLS = PanelOLS(
            dependent, exog, entity_effects=entity_effects, time_effects=time_effects
        )
    else:
        model = PooledOLS(dependent, exog)
    fit = model.fit(**_clustered_fit_options(model))
    bounds = fit.conf_int(level=CONFIDENCE_LEVEL)
    return RegressionResult(
        dependent=y,
        regressors=regressors,
        params={term: float(value) for term, value in fit.params.items()},
        std_errors={term: float(value) for term, value in fit.std_errors.items()},
        pvalues={term: float(value) for term, value in fit.pvalues.items()},
        conf_int={
            term: (float(bounds.loc[term, "lower"]), float(bounds.loc[term, "upper"]))
            for term in fit.params.index
        },
        nobs=int(fit.nobs),
        r2=float(fit.rsquared),
        r2_within=float(fit.rsquared_within) if report_within else None,
        cov_type=f"clustered by {entity}",
        model=model_name,
        n_entities=int(data[entity].nunique()),
    )


def pooled_ols(
    frame: pd.DataFrame,
    y: str,
    x: str,
    controls: Sequence[str] = (),
    entity: str = "iso3",
    time: str = "year",
) -> RegressionResult:
    """Pooled OLS (constant, no effects) on a long panel, standard errors clustered by entity.

    ``entity`` and ``time`` may be columns or index levels; rows with a missing used value are dropped.
    """
    regressors = _regressor_names(x, controls)
    long = _long_panel(frame, entity, time)
    data = _complete_rows(long, [entity, time, y, *regressors])
    return _fit_panel(
        data,
        y,
        regressors,
        entity,
        time,
        model_name="Pooled OLS",
        entity_effects=False,
        time_effects=False,
        report_within=False,
    )


def twoway_fe(
    frame: pd.DataFrame,
    y: str,
    x: str,
    controls: Sequence[str] = (),
    entity: str = "iso3",
    time: str = "year",
) -> RegressionResult:
    """Two-way fixed effects (entity and time effects, linearmodels PanelOLS), clustered by entity.

    ``r2`` is linearmodels' R² after removing both effects; ``r2_within`` its within-entity R²
    (``rsquared_within``). The panel may be unbalanced. A regressor that does not vary within entities
    raises linearmodels' ``AbsorbingEffectError``.
    """
    regressors = _regressor_names(x, controls)
    long = _long_panel(frame, entity, time)
    data = _complete_rows(long, [entity, time, y, *regressors])
    return _fit_panel(
        data,
        y,
        regressors,
        entity,
        time,
        model_name="Two-way FE",
        entity_effects=True,
        time_effects=True,
        report_within=True,
    )


def first_differences(
    frame: pd.DataFrame,
    y: str,
    x: str,
    controls: Sequence[str] = (),
    entity: str = "iso3",
    time: str = "year",
    time_effects: bool = False,
    max_gap: float | None = None,
) -> RegressionResult:
    """First-difference regression: Δy on a constant and Δx (and Δcontrols), clustered by entity.

    Differences are taken between *consecutive complete observations of the same entity*: the rows are
    first restricted to those with all used values present, then each is differenced with the entity's
    previous such row, however many calendar years back it is. With the UN survey editions (2003, 2004,
    2005, 2008, …) this differences edition to edition; a country missing from 2005 contributes a
    2004→2008 difference. Differences are not annualized.

    Parameters
    ----------
    time_effects : bool
        Add effects for the period that ends each difference (absorbs edition-specific shifts such as a
        methodology change), estimated with PanelOLS; otherwise pooled OLS on the differences.
    max_gap : float, optional
        Drop differences spanning more than this many time units (e.g. ``max_gap=4`` keeps 2004→2008
        and drops 2008→2014). Default: keep all.

    Notes
    -----
    The constant is the average change common to all entities (a trend in levels). ``params`` keep the
    names of the undifferenced variables, so tables line them up with the levels models. ``nobs`` is
    the number of differences and ``n_entities`` the entities with at least one.
    """
    regressors = _regressor_names(x, controls)
    long = _long_panel(frame, entity, time)
    differenced = _consecutive_differences(long, [y, *regressors], entity, time)
    if max_gap is not None:
        differenced = differenced.loc[differenced["_gap"] <= max_gap]
    return _fit_panel(
        differenced.drop(columns="_gap"),
        y,
        regressors,
        entity,
        time,
        model_name="First differences",
        entity_effects=False,
        time_effects=time_effects,
        report_within=False,
    )


def _consecutive_differences(long: pd.DataFrame, columns: list[str], entity: str, time: str) -> pd.DataFrame:
    """Differences of ``columns`` between consecutive complete rows of each entity, dated by the later row.

    The column ``_gap`` holds the time between the two rows.
    """
    complete = _complete_rows(long, [entity, time, *columns]).sort_values([entity, time], kind="mergesort")
    by_entity = complete.groupby(entity, sort=False)
    changes = by_entity[columns].diff()
    changes.insert(0, time, complete[time])
    changes.insert(0, entity, complete[entity])
    changes["_gap"] = by_entity[time].diff()
    # The first row of every entity has nothing to difference with.
    return changes.dropna(subset=["_gap"])


def lag_within_entity(
    frame: pd.DataFrame,
    columns: str | Sequence[str],
    periods: int = 1,
    entity: str = "iso3",
    time: str = "year",
    with_time: bool = False,
) -> pd.DataFrame:
    """Add ``<col>_lag<k>``: the entity's k-th previous *available* value of each column.

    "Available" means the same entity has a non-missing value of that column; "previous" is by sorted
    time, not calendar distance. So in an annual frame where EGDI exists only in survey years, the 2008
    row's ``egdi_lag1`` is the 2005 value (or 2004 if 2005 is missing), and the 2006 row (no EGDI) also
    gets 2005. Rows with fewer than k earlier available values get NaN.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long panel; ``entity`` and ``time`` may be columns or index levels. One row per entity and time.
    columns : str or sequence of str
    periods : int
        k ≥ 1.
    with_time : bool
        Also add ``<col>_lag<k>_<time>``, the time of the lagged value, to see how far back it reaches.

    Returns
    -------
    pandas.DataFrame
        A copy of ``frame`` (same index and row order) with the new columns.
    """
    if periods < 1:
        raise ValueError(f"periods must be at least 1, got {periods}")
    columns = [columns] if isinstance(columns, str) else list(columns)
    long = _long_panel(frame, entity, time)
    _require_columns(long, columns)
    result = frame.copy()
    for column in columns:
        lagged_values, lagged_times = _previous_available(long, column, periods, entity, time)
        name = f"{column}_lag{periods}"
        new_names = [name, f"{name}_{time}"] if with_time else [name]
        clashes = [new for new in new_names if new in result.columns]
        if clashes:
            raise ValueError(f"columns {clashes} already exist")
        result[name] = lagged_values
        if with_time:
            result[f"{name}_{time}"] = lagged_times
    return result


def _previous_available(
    long: pd.DataFrame, column: str, periods: int, entity: str, time: str
) -> tuple[np.ndarray, np.ndarray]:
    """For every row (in ``long``'s order): value and time of the entity's k-th previous non-missing value."""
    work = pd.DataFrame(
        {"entity": long[entity].to_numpy(), "time": long[time].to_numpy(), "value": long[column].to_numpy()}
    )
    work = work.sort_values(["entity", "time"], kind="mergesort")
    available = work["value"].notna().astype(int)
    # How many non-missing values the entity has strictly before each row; the j-th one (0-based) is the
    # one a row with count c needs when j = c - k.
    count_before = available.groupby(work["entity"], sort=False).cumsum() - available
    wanted = work[["entity"]].assign(ordinal=count_before - periods, position=work.index)
    observations = work.loc[available == 1, ["entity", "time", "value"]].assign(
        ordinal=count_before[available == 1]
    )
    matched = wanted.merge(observations, on=["entity", "ordinal"], how="left").set_index("position")
    matched = matched.reindex(np.arange(len(work)))
    return matched["value"].to_numpy(), matched["time"].to_numpy()


# --------------------------------------------------------------------------------------------------
# Convergence
# --------------------------------------------------------------------------------------------------


def logit_share(pct: Any, eps_pct: float = 0.5) -> Any:
    """Logit of a share given in percent: log(p / (1 − p)) with p = pct / 100.

    Shares are clipped to [eps_pct, 100 − eps_pct] percent first, so 0 % and 100 % (common for internet
    use or urbanization at the extremes) give finite values (±5.29 for the default 0.5 %) instead of
    ±infinity. NaN stays NaN. A Series keeps its index and name.

    Raises
    ------
    ValueError
        If a value is outside [0, 100] (probably a share in 0–1 or a data error) or eps_pct is not in
        (0, 50).
    """
    if not 0 < eps_pct < 50:
        raise ValueError(f"eps_pct must be between 0 and 50 percent, got {eps_pct}")
    values = np.asarray(pct, dtype=float)
    finite = values[~np.isnan(values)]
    if finite.size and (finite.min() < 0 or finite.max() > 100):
        raise ValueError(
            f"shares must be percentages in [0, 100]; got values from {finite.min()} to {finite.max()}"
        )
    share = np.clip(values, eps_pct, 100 - eps_pct) / 100
    logits = np.log(share / (1 - share))
    if isinstance(pct, pd.Series):
        return pd.Series(logits, index=pct.index, name=pct.name)
    return float(logits) if logits.ndim == 0 else logits


def _transform(values: pd.Series, transform: str, eps_pct: float = 0.5) -> pd.Series:
    if transform == "logit":
        return logit_share(values, eps_pct=eps_pct)
    if transform == "log":
        if (values <= 0).any():
            raise ValueError(f"log transform needs positive values; {int((values <= 0).sum())} are ≤ 0")
        return np.log(values.astype(float))
    if transform == "none":
        return values.astype(float)
    raise ValueError(f"transform must be 'logit', 'log' or 'none', got {transform!r}")


def sigma_convergence(
    frame: pd.DataFrame,
    value: str,
    by: str = "year",
    group: str | None = None,
    transform: Transform = "logit",
    eps_pct: float = 0.5,
) -> pd.DataFrame:
    """Dispersion of ``value`` across entities, per ``by`` (and ``group``): does the spread shrink?

    Returns
    -------
    pandas.DataFrame
        One row per ``by`` (and ``group``) value with columns ``n`` (non-missing values), ``mean`` (raw),
        ``sd`` (sample standard deviation, ddof=1, of the *transformed* value), ``cv`` (coefficient of
        variation of the raw values: raw sd / raw mean), ``p10``, ``p90`` and ``p90_p10`` (raw
        percentiles with linear interpolation and their absolute gap in raw units). ``sd`` and ``cv`` are
        NaN for a single value.

    Notes
    -----
    The logit (percent shares, see :func:`logit_share`) keeps countries near 0 % or 100 % from shrinking
    the raw spread mechanically; the raw ``cv`` and ``p90_p10`` are reported alongside for readers.
    """
    keys = [by] if group is None else [by, group]
    data = _complete_rows(frame, [*keys, value])
    data = data.assign(_transformed=_transform(data[value], transform, eps_pct))
    grouped = data.groupby(keys, sort=True, observed=True)
    table = grouped.agg(
        n=(value, "size"),
        mean=(value, "mean"),
        sd=("_transformed", "std"),
        sd_raw=(value, "std"),
        p10=(value, lambda values: values.quantile(0.10)),
        p90=(value, lambda values: values.quantile(0.90)),
    )
    table["cv"] = table["sd_raw"] / table["mean"]
    table["p90_p10"] = table["p90"] - table["p10"]
    return table.reset_index()[[*keys, "n", "mean", "sd", "cv", "p10", "p90", "p90_p10"]]


@dataclass(frozen=True)
class BetaConvergence:
    """Result of :func:`beta_convergence`.

    Attributes
    ----------
    result : RegressionResult
        HC3 OLS of ``annual_change`` on ``initial_level`` (both in transformed units).
    beta : float
        The slope; negative means initially lower entities grew faster (convergence).
    convergence_rate : float or None
        λ per year implied by beta over the period T = end − start: λ = −ln(1 + βT) / T
        (Barro & Sala-i-Martin). None when beta ≥ 0 or when 1 + βT ≤ 0 (overshooting: the regression
        implies the ranking reversed, so no exponential rate fits).
    half_life : float or None
        ln 2 / λ in years: time to close half the gap to the common steady state. None when λ is.
    start, end : int
    transform : str
    data : pandas.DataFrame
        One row per entity: entity, start value, end value, ``initial_level``, ``annual_change``.
    """

    result: RegressionResult
    beta: float
    convergence_rate: float | None
    half_life: float | None
    start: int
    end: int
    transform: str
    data: pd.DataFrame = field(compare=False, repr=False)


def beta_convergence(
    frame: pd.DataFrame,
    value: str,
    start: int,
    end: int,
    entity: str = "iso3",
    time: str = "year",
    transform: Transform = "logit",
    eps_pct: float = 0.5,
) -> BetaConvergence:
    """Beta convergence: regress annualized growth between ``start`` and ``end`` on the initial level.

    annual_change = (T(value_end) − T(value_start)) / (end − start), regressed with HC3 OLS on
    initial_level = T(value_start), where T is the transform (logit of a percent share, log, or none).
    Only entities with a value in both years are used.
    """
    if end <= start:
        raise ValueError(f"end ({end}) must be after start ({start})")
    long = _long_panel(frame, entity, time)
    both = _complete_rows(long.loc[long[time].isin([start, end])], [entity, time, value])
    wide = both.pivot(index=entity, columns=time, values=value).dropna()
    if start not in wide.columns or end not in wide.columns:
        raise ValueError(f"no entity has {value!r} in both {start} and {end}")
    span = end - start
    initial = _transform(wide[start], transform, eps_pct)
    final = _transform(wide[end], transform, eps_pct)
    data = pd.DataFrame(
        {
            entity: wide.index.to_numpy(),
            f"{value}_{start}": wide[start].to_numpy(dtype=float),
            f"{value}_{end}": wide[end].to_numpy(dtype=float),
            "initial_level": initial.to_numpy(),
            "annual_change": ((final - initial) / span).to_numpy(),
        }
    )
    result = ols_hc3(data, "annual_change", "initial_level")
    beta = result.params["initial_level"]
    rate = _convergence_rate(beta, span)
    return BetaConvergence(
        result=result,
        beta=beta,
        convergence_rate=rate,
        half_life=None if rate is None else math.log(2) / rate,
        start=start,
        end=end,
        transform=transform,
        data=data,
    )


def _convergence_rate(beta: float, span: float) -> float | None:
    remaining = 1 + beta * span  # share of the initial gap left after `span` years
    if beta >= 0 or remaining <= 0:
        return None
    return -math.log(remaining) / span


# --------------------------------------------------------------------------------------------------
# Thresholds, peaks and process windows
# --------------------------------------------------------------------------------------------------


CrossingStatus = Literal["observed", "interpolated", "interval", "before_coverage", "not_reached", "no_data"]
LOCATED = ("observed", "interpolated")


@dataclass(frozen=True)
class Crossing:
    """When a series first reached a threshold.

    Attributes
    ----------
    year : float or None
        The crossing year when it is located: the first observed year at/past the threshold
        (``"observed"``) or the linearly interpolated, possibly fractional year (``"interpolated"``).
    status : str
        * ``"observed"``: the year before the first year at/past the threshold is observed and on the
          other side (consecutive annual data); ``year`` is that first year.
        * ``"interpolated"``: the two observations around the crossing are more than one year apart;
          ``year`` is where the straight line between them meets the threshold.
        * ``"interval"``: as "interpolated" but with ``interpolate=False``: ``year`` is None and
          ``interval`` says where the crossing lies.
        * ``"before_coverage"``: already at/past the threshold at the first observation
          (left-censored); ``year`` is None and ``bound`` is the first observed year ("on or before").
        * ``"not_reached"``: never at/past the threshold up to the last observation (right-censored);
          ``bound`` is the last observed year ("after").
        * ``"no_data"``: the series is empty or all NaN.
    bound : float or None
        The censoring year for "before_coverage" and "not_reached", else None.
    interval : (float, float) or None
        (last observed year before, first observed year at/past) for located crossings and "interval".
    threshold : float
    direction : str
        ``"up"``: at/past means value ≥ threshold; ``"down"``: value ≤ threshold.
    """

    year: float | None
    status: CrossingStatus
    bound: float | None = None
    interval: tuple[float, float] | None = None
    threshold: float = math.nan
    direction: Direction = "up"

    @property
    def located(self) -> bool:
        """True when ``year`` is known (observed or interpolated)."""
        return self.status in LOCATED


def _clean_series(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Years (float) and values of the non-missing observations, sorted by year."""
    present = series.dropna()
    # Dates would silently become nanoseconds under to_numeric; the convention here is numeric years.
    if isinstance(present.index, pd.DatetimeIndex | pd.PeriodIndex):
        raise TypeError("index the series by numeric years (e.g. series.index.year), not by dates")
    years = pd.to_numeric(pd.Series(present.index), errors="raise").to_numpy(dtype=float)
    if len(np.unique(years)) != len(years):
        raise ValueError("the series has the same year twice")
    order = np.argsort(years, kind="stable")
    return years[order], present.to_numpy(dtype=float)[order]


def _past(values: np.ndarray, threshold: float, direction: str) -> np.ndarray:
    if direction == "up":
        return values >= threshold
    if direction == "down":
        return values <= threshold
    raise ValueError(f"direction must be 'up' or 'down', got {direction!r}")


def crossings_all(
    series: pd.Series, threshold: float, direction: Direction = "up", interpolate: bool = True
) -> list[Crossing]:
    """Every crossing of ``threshold`` in ``direction``, in time order (re-crossings after dips too).

    The first element is a "before_coverage" crossing if the series starts at/past the threshold. An
    empty list means no crossing (see :func:`threshold_crossing` for the censoring status).
    """
    years, values = _clean_series(series)
    past = _past(values, threshold, direction)
    found: list[Crossing] = []
    if len(values) and past[0]:
        found.append(
            Crossing(None, "before_coverage", bound=float(years[0]), threshold=threshold, direction=direction)
        )
    for after in np.flatnonzero(past[1:] & ~past[:-1]) + 1:
        found.append(
            _located_crossing(
                years[after - 1],
                values[after - 1],
                years[after],
                values[after],
                threshold,
                direction,
                interpolate,
            )
        )
    return found


def _located_crossing(
    year_before: float,
    value_before: float,
    year_after: float,
    value_after: float,
    threshold: float,
    direction: Direction,
    interpolate: bool,
) -> Crossing:
    interval = (float(year_before), float(year_after))
    if year_after - year_before <= _ANNUAL_STEP + _YEAR_TOLERANCE:
        # Annual data date an event to a year; we do not pretend to know the month.
        return Crossing(
            float(year_after), "observed", interval=interval, threshold=threshold, direction=direction
        )
    if not interpolate:
        return Crossing(None, "interval", interval=interval, threshold=threshold, direction=direction)
    # value_after != value_before because one is past the threshold and the other is not.
    fraction = (threshold - value_before) / (value_after - value_before)
    year = float(year_before + fraction * (year_after - year_before))
    return Crossing(year, "interpolated", interval=interval, threshold=threshold, direction=direction)


def threshold_crossing(
    series: pd.Series, threshold: float, direction: Direction = "up", interpolate: bool = True
) -> Crossing:
    """The first time ``series`` reaches ``threshold`` (value ≥ threshold for "up", ≤ for "down").

    NaNs are dropped first and the index must be numeric years. Only the *first* crossing counts: a
    later dip back and re-crossing is ignored (use :func:`crossings_all` to see them). A crossing
    between observations more than one year apart is interpolated linearly in time (status
    "interpolated"), or reported as an interval with ``interpolate=False``; between consecutive years
    it is the first year at/past the threshold (status "observed"). A series that starts at/past the
    threshold is "before_coverage", one that never gets there "not_reached" (a single observation is
    one or the other), an empty one "no_data". See :class:`Crossing` for the fields.

    Examples
    --------
    8 % in 2000 and 12 % in 2002 cross 10 % upwards at 2001.0 ("interpolated").
    """
    years, values = _clean_series(series)
    if len(values) == 0:
        return Crossing(None, "no_data", threshold=threshold, direction=direction)
    found = crossings_all(series, threshold, direction, interpolate)
    if found:
        return found[0]
    return Crossing(None, "not_reached", bound=float(years[-1]), threshold=threshold, direction=direction)


class Peak(NamedTuple):
    """Result of :func:`peak`; unpacks as ``year, value, status``."""

    year: float | None
    value: float | None
    status: Literal["interior", "at_end", "at_start", "no_data"]


def peak(series: pd.Series) -> Peak:
    """Year and value of the maximum of ``series`` (NaNs dropped) and whether it is a real peak.

    ``year`` is the first year the maximum is attained. ``status``:

    * ``"at_end"``: the maximum is attained at the last observation (the series may still rise: right-
      censored, not evidence of a peak). A single observation is reported this way.
    * ``"at_start"``: attained at the first observation but not at the last (the peak may lie before
      coverage: left-censored).
    * ``"interior"``: attained only strictly inside the coverage: an observed peak.
    * ``"no_data"``: empty or all NaN (year and value None).
    """
    years, values = _clean_series(series)
    if len(values) == 0:
        return Peak(None, None, "no_data")
    top = values.max()
    first = int(np.argmax(values == top))
    if values[-1] == top:
        status = "at_end"
    elif first == 0:
        status = "at_start"
    else:
        status = "interior"
    return Peak(float(years[first]), float(top), status)


@dataclass(frozen=True)
class Window:
    """A process between two crossings (e.g. urban share from 20 % to 50 %). Built by :func:`process_window`.

    Attributes
    ----------
    start, end : float or None
        Crossing years when located, else None.
    duration : float or None
        end − start when both are located, else None.
    censored : bool
        True when either end is not located (before coverage, not reached, interval or no data).
    start_range, end_range : (float, float)
        The years each end can lie in given the data: a point for located crossings, the interval for
        "interval", (−inf, first year] for "before_coverage", [last year, inf) for "not_reached",
        (−inf, inf) for "no_data". Used by :func:`overlap` to settle censored cases when possible.
    """

    start: float | None
    end: float | None
    duration: float | None
    censored: bool
    start_range: tuple[float, float]
    end_range: tuple[float, float]


def _possible_years(crossing: Crossing) -> tuple[float, float]:
    if crossing.located:
        return (crossing.year, crossing.year)
    if crossing.status == "interval":
        return crossing.interval
    if crossing.status == "before_coverage":
        return (-math.inf, crossing.bound)
    if crossing.status == "not_reached":
        return (crossing.bound, math.inf)
    return (-math.inf, math.inf)


def process_window(start: Crossing, end: Crossing) -> Window:
    """The window from ``start`` to ``end`` crossing, with its duration when both are located.

    Raises
    ------
    ValueError
        If both are located and ``end`` is before ``start`` (the window is mis-specified).
    """
    if start.located and end.located and end.year < start.year:
        raise ValueError(f"the end crossing ({end.year}) is before the start crossing ({start.year})")
    both_located = start.located and end.located
    return Window(
        start=start.year,
        end=end.year,
        duration=end.year - start.year if both_located else None,
        censored=not both_located,
        start_range=_possible_years(start),
        end_range=_possible_years(end),
    )


def _overlap_length(start_a: float, end_a: float, start_b: float, end_b: float) -> float:
    length = min(end_a, end_b) - max(start_a, start_b)
    # inf − inf (both windows unbounded on the same side) is NaN: the overlap cannot be bounded.
    return math.nan if math.isnan(length) else max(0.0, length)


def overlap(window_a: Window, window_b: Window) -> float | None:
    """Years during which both processes were under way; 0.0 if disjoint; None when undetermined.

    With censored ends the overlap is computed for the earliest and latest possible years of each end
    (:attr:`Window.start_range`, :attr:`Window.end_range`): when the smallest and largest possible
    overlaps agree (e.g. certainly disjoint, or one window lies inside the known part of the other) that
    value is returned, otherwise None.
    """
    # Overlap grows with later ends and earlier starts, so these two combinations bound it.
    smallest = _overlap_length(
        window_a.start_range[1], window_a.end_range[0], window_b.start_range[1], window_b.end_range[0]
    )
    largest = _overlap_length(
        window_a.start_range[0], window_a.end_range[1], window_b.start_range[0], window_b.end_range[1]
    )
    if math.isnan(smallest) or math.isnan(largest):
        return None
    if not math.isclose(smallest, largest, abs_tol=_YEAR_TOLERANCE):
        return None
    return smallest


# --- additions for notebook 01 -------------------------------------------------------------------


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


# --- additions for notebook 02 -------------------------------------------------------------------


def changes_since_first(
    frame: pd.DataFrame, columns: str | Sequence[str], entity: str = "iso3", time: str = "year"
) -> pd.DataFrame:
    """Each entity's path: the change of every column since the entity's first complete row.

    Only rows with all ``columns`` present count ("complete"); the first complete row of an entity is
    its baseline, so its changes are 0.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long panel, one row per entity and time; ``entity`` and ``time`` may be columns or index levels.
    columns : str or sequence of str

    Returns
    -------
    pandas.DataFrame
        Columns ``entity``, ``time``, ``first_<time>`` (the baseline time), each column and
        ``<column>_change``; one row per complete row, sorted by entity and time.
    """
    columns = [columns] if isinstance(columns, str) else list(columns)
    long = _long_panel(frame, entity, time)
    complete = _complete_rows(long, [entity, time, *columns]).sort_values([entity, time], kind="mergesort")
    by_entity = complete.groupby(entity, sort=False)
    paths = complete[[entity, time]].copy()
    paths[f"first_{time}"] = by_entity[time].transform("first")
    for column in columns:
        paths[column] = complete[column].astype(float)
        paths[f"{column}_change"] = complete[column].astype(float) - by_entity[column].transform("first")
    return paths.reset_index(drop=True)


def first_last_changes(
    frame: pd.DataFrame, columns: str | Sequence[str], entity: str = "iso3", time: str = "year"
) -> pd.DataFrame:
    """Long differences: every column's change between each entity's first and last complete row.

    Entities with fewer than two complete rows are left out (they have no change to report).

    Returns
    -------
    pandas.DataFrame
        One row per entity with ``entity``, ``first_<time>``, ``last_<time>``, ``n_obs`` (complete rows),
        and for each column ``<column>_first``, ``<column>_last`` and ``<column>_change``; sorted by
        entity.
    """
    columns = [columns] if isinstance(columns, str) else list(columns)
    paths = changes_since_first(frame, columns, entity, time)
    by_entity = paths.groupby(entity, sort=True)
    table = pd.DataFrame(
        {
            f"first_{time}": by_entity[time].first(),
            f"last_{time}": by_entity[time].last(),
            "n_obs": by_entity[time].size(),
        }
    )
    for column in columns:
        table[f"{column}_first"] = by_entity[column].first()
        table[f"{column}_last"] = by_entity[column].last()
        table[f"{column}_change"] = by_entity[f"{column}_change"].last()
    table = table.loc[table["n_obs"] >= 2]
    return table.reset_index()


def within_standardized_coef(
    frame: pd.DataFrame,
    result: RegressionResult,
    term: str | None = None,
    entity: str = "iso3",
    time: str = "year",
) -> float:
    """A fixed-effects slope in within-entity standard deviations: b · sd_w(x) / sd_w(y).

    sd_w is the standard deviation of the entity-demeaned values on the result's estimation sample
    (the rows of ``frame`` with the dependent variable and every regressor present). It tells how many
    within-entity SDs of ``y`` go with one within-entity SD of ``x``, which makes slopes of differently
    scaled variables comparable, e.g. a regression and its reverse.

    Parameters
    ----------
    frame : pandas.DataFrame
        The frame the result was fitted on.
    result : RegressionResult
    term : str, optional
        The regressor to standardize; default the first regressor (``x``).

    Raises
    ------
    ValueError
        If the complete rows of ``frame`` are not as many as ``result.nobs`` (not the fitted frame), or
        a within-entity standard deviation is 0.
    """
    term = result.regressors[0] if term is None else term
    if term not in result.params:
        raise KeyError(f"term {term!r} is not in this {result.model} model; terms: {list(result.params)}")
    long = _long_panel(frame, entity, time)
    data = _complete_rows(long, [entity, time, result.dependent, *result.regressors])
    if len(data) != result.nobs:
        raise ValueError(
            f"{len(data)} complete rows for {result.nobs} observations in the result: pass the fitted frame"
        )
    spreads = {}
    for column in (term, result.dependent):
        values = data[column].astype(float)
        spreads[column] = float((values - values.groupby(data[entity]).transform("mean")).std(ddof=0))
        if spreads[column] == 0:
            raise ValueError(f"{column!r} does not vary within {entity}")
    return result.params[term] * spreads[term] / spreads[result.dependent]

# --- additions for notebook 03 -------------------------------------------------------------------

# Splicing a long-run series onto a modern one, peaks as window ends, and bounds for censored windows.

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


def peak_crossing(series: pd.Series) -> Crossing:
    """The peak of ``series`` as the end of a rise-and-peak process, in :class:`Crossing` form.

    Lets :func:`process_window` use a peak as a window end with the usual censoring rules (see
    :func:`peak` for the statuses):

    * ``"interior"`` → ``"observed"`` at the peak year (the highest observation; with sparse data the true
      peak may lie between observations).
    * ``"at_end"`` → ``"not_reached"`` with ``bound`` = last year: still at its maximum, no peak yet.
    * ``"at_start"`` → ``"before_coverage"`` with ``bound`` = first year: the peak may predate the data.
    * ``"no_data"`` → ``"no_data"``.
    """
    top = peak(series)
    if top.status == "no_data":
        return Crossing(None, "no_data")
    years, _ = _clean_series(series)
    if top.status == "interior":
        return Crossing(top.year, "observed", interval=(top.year, top.year))
    if top.status == "at_end":
        return Crossing(None, "not_reached", bound=float(years[-1]))
    return Crossing(None, "before_coverage", bound=float(years[0]))


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


def duration_bounds(window: Window) -> tuple[float, float]:
    """Shortest and longest duration a window can have given its censored ends.

    ``(duration, duration)`` when both ends are located; the longest may be ``inf`` (an end not reached
    or a start before coverage). The shortest is never below 0.
    """
    low = window.end_range[0] - window.start_range[1]
    high = window.end_range[1] - window.start_range[0]
    low = 0.0 if math.isnan(low) else max(0.0, low)
    return low, (math.inf if math.isnan(high) else max(low, high))


def overlap_bounds(window_a: Window, window_b: Window) -> tuple[float, float]:
    """Smallest and largest possible overlap (years) of two windows given their censored ends.

    :func:`overlap` returns the overlap only when these agree; the bounds still settle whether two
    processes *certainly* ran at the same time (smallest > 0) or certainly did not (largest = 0). The
    largest may be ``inf``.
    """
    smallest = _overlap_length(
        window_a.start_range[1], window_a.end_range[0], window_b.start_range[1], window_b.end_range[0]
    )
    largest = _overlap_length(
        window_a.start_range[0], window_a.end_range[1], window_b.start_range[0], window_b.end_range[1]
    )
    smallest = 0.0 if math.isnan(smallest) else smallest
    return smallest, (math.inf if math.isnan(largest) else max(smallest, largest))


OVERLAP_COLUMNS = ["process_a", "process_b", "overlap", "overlap_low", "overlap_high", "relation"]


def overlap_pairs(windows: dict[str, Window]) -> pd.DataFrame:
    """Every pair of windows with its overlap and whether the processes certainly ran at the same time.

    Returns
    -------
    pandas.DataFrame
        One row per pair (in the order of ``windows``): ``process_a``, ``process_b``, ``overlap``
        (:func:`overlap`, NaN when undetermined), ``overlap_low``/``overlap_high``
        (:func:`overlap_bounds`) and ``relation``: ``"overlap"`` (smallest possible overlap > 0),
        ``"disjoint"`` (largest possible overlap 0) or ``"undetermined"``.
    """
    names = list(windows)
    rows = []
    for position, name_a in enumerate(names):
        for name_b in names[position + 1:]:
            low, high = overlap_bounds(windows[name_a], windows[name_b])
            length = overlap(windows[name_a], windows[name_b])
            if low > _YEAR_TOLERANCE:
                relation = "overlap"
            elif high <= _YEAR_TOLERANCE:
                relation = "disjoint"
            else:
                relation = "undetermined"
            rows.append((name_a, name_b, math.nan if length is None else length, low, high, relation))
    return pd.DataFrame(rows, columns=OVERLAP_COLUMNS).astype(
        {"overlap": "float64", "overlap_low": "float64", "overlap_high": "float64"}
    )


@dataclass(frozen=True)
class Span:
    """From the first process start to the last process end, over several windows. See :func:`process_span`.

    Attributes
    ----------
    first_start : (float, float)
        Earliest and latest possible year of the first start among the windows.
    last_end : (float, float)
        Earliest and latest possible year of the last end.
    low, high : float
        Shortest and longest possible span (``high`` may be ``inf``; ``low`` ≥ 0).
    span : float or None
        The span when the bounds agree (every relevant end is located), else None.
    """

    first_start: tuple[float, float]
    last_end: tuple[float, float]
    low: float
    high: float
    span: float | None


def process_span(windows: Sequence[Window]) -> Span:
    """Years from the first start to the last end of a set of process windows, with censoring bounds.

    The first start lies between the smallest earliest-possible start and the smallest latest-possible
    start; the last end likewise with the largest ends. A start before coverage leaves the span open
    upwards ("at least"), a process not finished leaves the last end open. Windows whose process has not
    started (start not reached) still count with their possible years.

    Raises
    ------
    ValueError
        With no windows.
    """
    if not windows:
        raise ValueError("process_span needs at least one window")
    first_start = (min(w.start_range[0] for w in windows), min(w.start_range[1] for w in windows))
    last_end = (max(w.end_range[0] for w in windows), max(w.end_range[1] for w in windows))
    low = last_end[0] - first_start[1]
    high = last_end[1] - first_start[0]
    low = 0.0 if math.isnan(low) else max(0.0, low)
    high = math.inf if math.isnan(high) else max(low, high)
    determined = math.isfinite(high) and math.isclose(low, high, abs_tol=_YEAR_TOLERANCE)
    return Span(first_start=first_start, last_end=last_end, low=low, high=high, span=low if determined else None)

def crossing_record(crossing: Crossing) -> dict[str, Any]:
    """A :class:`Crossing` as a flat dict for tables and results.json.

    Keys: ``year`` (None unless located), ``status``, ``bound`` (censoring year or None),
    ``interval_low``/``interval_high`` (the observations around the crossing, or None) and ``gap_years``
    (their distance: how far an interpolated year rests on a straight line; None without an interval).
    """
    low, high = crossing.interval if crossing.interval is not None else (None, None)
    return {
        "year": crossing.year,
        "status": crossing.status,
        "bound": crossing.bound,
        "interval_low": low,
        "interval_high": high,
        "gap_years": None if low is None else high - low,
    }



# --- additions for notebook 04 -------------------------------------------------------------------
def transform_for_unit(unit: str) -> Transform:
    """The convergence scale for an indicator's codebook unit: ``"logit"`` for percent shares, else ``"log"``.

    A unit that starts with ``"%"`` (e.g. ``"% of population"``) is a share bounded by 0 and 100, whose
    spread is compared on the logit scale; anything else (per 100 people, index, dollars) is positive and
    unbounded above in principle, and compared on the log scale.
    """
    return "logit" if str(unit).strip().startswith("%") else "log"


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


SPELL_COLUMNS = [
    "start", "start_status", "end", "end_status", "duration", "censored", "last_year", "follow_up",
]


def adoption_spells(
    frame: pd.DataFrame,
    value: str,
    low: float,
    high: float,
    entity: str = "iso3",
    time: str = "year",
) -> pd.DataFrame:
    """How long each entity took to go from ``low`` to ``high`` (first upward crossings, with censoring).

    Parameters
    ----------
    frame : long panel with ``entity``, ``time`` (numeric years) and ``value``; one row per entity-year.
    low, high : thresholds, ``low < high`` (e.g. 10 and 50 percent of people online).

    Returns
    -------
    pandas.DataFrame
        One row per entity with a value: ``entity``; ``start`` and ``end`` (crossing years of ``low`` and
        ``high`` from :func:`threshold_crossing`, NaN when not located) with ``start_status`` and
        ``end_status``; ``duration`` (end − start when both are located, else NaN); ``censored`` (either end
        not located); ``last_year`` (last observed year); ``follow_up`` (last_year − start: how long the
        entity could be watched after starting; NaN when the start is not located). Sorted by entity.
    """
    if not low < high:
        raise ValueError(f"low ({low}) must be below high ({high})")
    long = _long_panel(frame, entity, time)
    data = _complete_rows(long, [entity, time, value])
    rows = []
    for key, part in data.groupby(entity, sort=True):
        series = part.set_index(time)[value]
        start = threshold_crossing(series, low)
        end = threshold_crossing(series, high)
        window = process_window(start, end)
        last_year = float(series.index.max())
        rows.append(
            {
                entity: key,
                "start": start.year if start.located else math.nan,
                "start_status": start.status,
                "end": end.year if end.located else math.nan,
                "end_status": end.status,
                "duration": math.nan if window.duration is None else window.duration,
                "censored": window.censored,
                "last_year": last_year,
                "follow_up": last_year - start.year if start.located else math.nan,
            }
        )
    return pd.DataFrame(rows, columns=[entity, *SPELL_COLUMNS])


def reached_within(spells: pd.DataFrame, horizon: float) -> pd.DataFrame:
    """Flag, censoring-safely, which entities reached the end threshold within ``horizon`` years of starting.

    An entity is ``eligible`` when its start is located and it was observed for at least ``horizon``
    years afterwards (``follow_up >= horizon``): only then could a slow adopter have been seen to be
    slow. Among eligible entities ``reached`` is True when the end is located and ``duration <= horizon``.
    Comparing the share reached across start cohorts is free of the bias that drops late, slow starters
    from an average of completed durations.

    Returns
    -------
    pandas.DataFrame
        A copy of ``spells`` (from :func:`adoption_spells`) with boolean ``eligible`` and ``reached``
        (False for entities that are not eligible).
    """
    if horizon <= 0:
        raise ValueError(f"horizon must be positive, got {horizon}")
    _require_columns(spells, ["start", "duration", "follow_up"])
    result = spells.copy()
    eligible = result["start"].notna() & (result["follow_up"] >= horizon - _YEAR_TOLERANCE)
    reached = eligible & result["duration"].notna() & (result["duration"] <= horizon + _YEAR_TOLERANCE)
    result["eligible"] = eligible.astype(bool)
    result["reached"] = reached.astype(bool)
    return result


def spell_cohorts(spells: pd.DataFrame, edges: Sequence[float], horizon: float) -> pd.DataFrame:
    """Summarize :func:`adoption_spells` by start cohort.

    Parameters
    ----------
    edges : increasing cohort boundaries; cohort i holds starts in ``[edges[i], edges[i+1])``. Starts
        outside ``[edges[0], edges[-1])`` are left out.
    horizon : years for :func:`reached_within`.

    Returns
    -------
    pandas.DataFrame
        One row per cohort: ``cohort_start``, ``cohort_end`` (exclusive), ``median_start`` (median start
        year of its members, a better plotting position than the bounds), ``n_started`` (located starts),
        ``n_completed`` (end located), ``median_duration`` (of completed spells; biased towards fast
        adopters in recent cohorts, read with ``share_within``), ``n_eligible`` and ``share_within``
        (share of eligible entities that reached the end within ``horizon`` years; NaN without eligible
        entities).
    """
    from itertools import pairwise  # local: keeps this section's edits out of the shared imports

    edges = list(edges)
    if len(edges) < 2 or any(b <= a for a, b in pairwise(edges)):
        raise ValueError(f"edges must be at least two increasing numbers, got {edges}")
    flagged = reached_within(spells, horizon)
    rows = []
    for first, last in pairwise(edges):
        part = flagged[(flagged["start"] >= first) & (flagged["start"] < last)]
        completed = part["duration"].dropna()
        eligible = part[part["eligible"]]
        rows.append(
            {
                "cohort_start": first,
                "cohort_end": last,
                "median_start": float(part["start"].median()) if len(part) else math.nan,
                "n_started": len(part),
                "n_completed": len(completed),
                "median_duration": float(completed.median()) if len(completed) else math.nan,
                "n_eligible": len(eligible),
                "share_within": float(eligible["reached"].mean()) if len(eligible) else math.nan,
            }
        )
    return pd.DataFrame(rows)


MILESTONE_COLUMNS = [
    "mobile_takeoff", "mobile_takeoff_status", "mobile_mass", "mobile_mass_status",
    "fixed_takeoff", "fixed_takeoff_status", "fixed_peak", "fixed_peak_value", "fixed_peak_status",
    "fixed_at_mobile_takeoff", "leapfrog",
    "income_at_mobile_takeoff", "income_at_mobile_mass", "income_at_fixed_takeoff", "income_at_fixed_peak",
]


def adoption_milestones(
    frame: pd.DataFrame,
    mobile: str,
    fixed: str,
    income: str,
    take_off: float = 10.0,
    mass: float = 50.0,
    entity: str = "iso3",
    time: str = "year",
) -> pd.DataFrame:
    """Per entity: when mobile and fixed telephony took off, when fixed lines peaked, and at what income.

    Parameters
    ----------
    frame : long panel with ``mobile`` and ``fixed`` (subscriptions per 100 people) and ``income``
        (positive, e.g. GDP per person), one row per entity-year.
    take_off, mass : thresholds per 100 people for "take-off" and "mass adoption".

    Returns
    -------
    pandas.DataFrame
        One row per entity with any mobile or fixed value, sorted by entity:

        * ``mobile_takeoff``, ``mobile_mass``, ``fixed_takeoff``: first upward crossing years of
          ``take_off`` / ``mass`` (:func:`threshold_crossing`; NaN when not located) and their
          ``*_status``;
        * ``fixed_peak``, ``fixed_peak_value``, ``fixed_peak_status``: :func:`peak` of fixed lines (the
          year is kept whatever the status; only ``"interior"`` is an observed peak);
        * ``fixed_at_mobile_takeoff``: fixed lines per 100 in the mobile take-off year (linear
          interpolation);
        * ``leapfrog`` (nullable boolean): fixed lines were still below ``take_off`` when mobile passed it;
          missing when either is unknown;
        * ``income_at_*``: ``income`` in the year of each milestone, log-linearly interpolated
          (:func:`interpolate_at`); NaN when the milestone is not located (or, for the peak, not
          interior) or falls outside the income data.
    """
    long = _long_panel(frame, entity, time)
    _require_columns(long, [mobile, fixed, income])
    rows = []
    for key, part in long.sort_values(time).groupby(entity, sort=True):
        series = part.set_index(time)
        if series[[mobile, fixed]].isna().all().all():
            continue
        mob, fix, inc = series[mobile], series[fixed], series[income]
        crossings = {
            "mobile_takeoff": threshold_crossing(mob, take_off),
            "mobile_mass": threshold_crossing(mob, mass),
            "fixed_takeoff": threshold_crossing(fix, take_off),
        }
        row: dict[str, Any] = {entity: key}
        for name, crossing in crossings.items():
            row[name] = crossing.year if crossing.located else math.nan
            row[f"{name}_status"] = crossing.status
        top = peak(fix)
        row["fixed_peak"] = math.nan if top.year is None else top.year
        row["fixed_peak_value"] = math.nan if top.value is None else top.value
        row["fixed_peak_status"] = top.status
        row["fixed_at_mobile_takeoff"] = interpolate_at(fix, row["mobile_takeoff"])
        fixed_then = row["fixed_at_mobile_takeoff"]
        row["leapfrog"] = pd.NA if math.isnan(fixed_then) else bool(fixed_then < take_off)
        for name in crossings:
            row[f"income_at_{name}"] = interpolate_at(inc, row[name], log=True)
        interior = top.status == "interior"
        row["income_at_fixed_peak"] = interpolate_at(inc, top.year, log=True) if interior else math.nan
        rows.append(row)
    table = pd.DataFrame(rows, columns=[entity, *MILESTONE_COLUMNS])
    table["leapfrog"] = table["leapfrog"].astype("boolean")
    return table
