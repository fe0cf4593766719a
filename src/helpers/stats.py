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
import statsmodels.api as sm
from linearmodels import PanelOLS, PooledOLS
from scipy import stats as scipy_stats

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
    pvalues[positive] = 2 * scipy_stats.t.sf(np.abs(tvalues), fit.df_resid)
    return pvalues


def _fit_ols_hc3(data: pd.DataFrame, y: str, regressors: list[str]) -> Any:
    design = _with_constant(data[regressors])
    _check_design(design)
    # use_t: small cross-sections (≈190 countries at most) get t rather than normal quantiles.
    return sm.OLS(data[y].astype(float), design).fit(cov_type="HC3", use_t=True)


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


def _clustered_fit_options(model: PanelOLS | PooledOLS) -> dict[str, Any]:
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

# --- additions for notebook 02 -------------------------------------------------------------------

# --- additions for notebook 03 -------------------------------------------------------------------

# --- additions for notebook 04 -------------------------------------------------------------------
