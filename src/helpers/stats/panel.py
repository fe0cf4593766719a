"""Panel estimators and panel measures on long frames (one row per entity and time).

Estimators (pooled OLS, two-way fixed effects, first differences; standard errors clustered by entity,
see the inference conventions of :mod:`helpers.stats`), lags by previous available observation, paths
and long differences since each entity's first complete row, and fixed-effects slopes in within-entity
standard deviations.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._design import _complete_rows, _long_panel, _regressor_names, _require_columns, _with_constant
from .results import CONFIDENCE_LEVEL, RegressionResult

# linearmodels is imported inside the panel estimators: it is slow to import, and short reports
# (country profiles, run by the hundred) only need OLS.


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
        # share one small-sample formula (see the inference conventions of helpers.stats).
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


def _fit_levels(
    frame: pd.DataFrame,
    y: str,
    x: str,
    controls: Sequence[str],
    entity: str,
    time: str,
    *,
    model_name: str,
    effects: bool,
) -> RegressionResult:
    """Pooled OLS (``effects=False``) or two-way FE (entity and time effects) on the levels of a panel.

    The one path of :func:`pooled_ols` and :func:`twoway_fe`: check the regressors and the panel, keep
    the complete rows, fit; two-way FE also reports the within-entity R².
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
        model_name=model_name,
        entity_effects=effects,
        time_effects=effects,
        report_within=effects,
    )


def pooled_ols(
    frame: pd.DataFrame, y: str, x: str, controls: Sequence[str] = (),
    entity: str = "iso3", time: str = "year",
) -> RegressionResult:
    """Pooled OLS (constant, no effects) on a long panel, standard errors clustered by entity.

    ``entity`` and ``time`` may be columns or index levels; rows with a missing used value are dropped.
    """
    return _fit_levels(frame, y, x, controls, entity, time, model_name="Pooled OLS", effects=False)


def twoway_fe(
    frame: pd.DataFrame, y: str, x: str, controls: Sequence[str] = (),
    entity: str = "iso3", time: str = "year",
) -> RegressionResult:
    """Two-way fixed effects (entity and time effects, linearmodels PanelOLS), clustered by entity.

    ``r2`` is linearmodels' R² after removing both effects; ``r2_within`` its within-entity R²
    (``rsquared_within``). The panel may be unbalanced. A regressor that does not vary within entities
    raises linearmodels' ``AbsorbingEffectError``.
    """
    return _fit_levels(frame, y, x, controls, entity, time, model_name="Two-way FE", effects=True)


def first_differences(
    frame: pd.DataFrame, y: str, x: str, controls: Sequence[str] = (),
    entity: str = "iso3", time: str = "year", time_effects: bool = False, max_gap: float | None = None,
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
