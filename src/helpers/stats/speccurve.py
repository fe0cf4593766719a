"""Specification curves: one estimator family, many defensible choices, every estimate in one table.

:func:`estimate_specification` fits one specification with one of :data:`ESTIMATORS`;
:func:`specification_curve` fits every row of a grid of choices (outcome, treatment, controls, lag,
estimator, timing, sample) on prepared frames and returns one row per specification
(:data:`SPEC_COLUMNS`); :func:`curve_summary` reads the share that is positive and significant, and
the median, off a curve.

The estimators are written with numpy (Frisch–Waugh–Lovell: the fixed effects are partialled out
exactly, with group means for the entities and explicit dummies for the few time periods), because a
curve has thousands of specifications and a linearmodels fit per specification would take minutes.
The two-way FE slope and its standard error equal :func:`helpers.stats.twoway_fe` (linearmodels) to
1e-10, and first differences with time effects equal :func:`helpers.stats.first_differences`
(``time_effects=True``); the tests check both.

Inference (every estimator)
---------------------------
Standard errors are clustered by entity with the Stata small-sample factor G/(G−1)·(n−1)/(n−k), k the
number of slope coefficients plus the constant (absorbed effects are not counted), exactly as the panel
estimators of :mod:`.panel`. p-values and 95 % intervals use the t distribution with **G − 1 degrees of
freedom** (G = entities in the estimation sample), the usual convention for cluster-robust inference
(Cameron & Miller 2015, sect. VI), where :mod:`.panel` uses linearmodels' n − k. The estimates and
standard errors are therefore those of notebook 02; only the p-values and intervals are (slightly)
wider. With one observation per entity (long difference, cross-section) the clustered variance is
HC1 times G/(G−1)·(n−1)/n·n/(n−1) = HC1 (n = G).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import stdtr, stdtrit

from ._design import _long_panel, _regressor_names, _require_columns
from .results import CONFIDENCE_LEVEL, CONSTANT, RegressionResult

#: the columns of :func:`specification_curve`, in this order
SPEC_COLUMNS = [
    "claim",
    "outcome",
    "treatment",
    "controls",
    "lag",
    "estimator",
    "timing",
    "sample",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "pvalue",
    "nobs",
    "n_countries",
]

#: estimator name -> model name in the result. "cross_section" is pooled OLS on a frame that has one row
#: per entity (a single year), kept apart so a curve tells a cross-section from a pooled panel.
ESTIMATORS = {
    "pooled": "Pooled OLS",
    "twoway_fe": "Two-way FE",
    "twoway_fe_trends": "Two-way FE + entity trends",
    "first_differences": "First differences",
    "long_difference": "Long difference",
    "cross_section": "Cross-section OLS",
}

#: the grid columns that name a specification (the first eight of SPEC_COLUMNS)
GRID_COLUMNS = SPEC_COLUMNS[:8]

#: a frame column ``in_<sample>`` (boolean) marks the rows of a sample; the sample "all" needs none
SAMPLE_PREFIX = "in_"

# Relative size below which a regressor counts as absorbed by the effects (as linearmodels' check).
_ABSORBED = 1e-8


class SpecificationError(ValueError):
    """A specification that cannot be estimated on its data (too few rows, absorbed regressor, …)."""


@dataclass(frozen=True)
class _Arrays:
    """One frame as numpy arrays, so the many specifications of a curve share one conversion."""

    columns: dict[str, np.ndarray]
    entity: np.ndarray  # integer codes 0..G-1
    time: np.ndarray  # float times
    entity_labels: np.ndarray

    @classmethod
    def of(cls, frame: pd.DataFrame, entity: str, time: str) -> _Arrays:
        long = _long_panel(frame, entity, time)
        codes, labels = pd.factorize(long[entity], sort=True)
        columns = {}
        for name in long.columns:
            if name in (entity, time):
                continue
            values = long[name]
            if pd.api.types.is_bool_dtype(values) or pd.api.types.is_numeric_dtype(values):
                columns[name] = values.to_numpy(dtype=float, na_value=np.nan)
        return cls(columns, codes.astype(np.int64), long[time].to_numpy(dtype=float), np.asarray(labels))

    def column(self, name: str) -> np.ndarray:
        if name not in self.columns:
            raise KeyError(f"column {name!r} is not a numeric column of the frame; have {sorted(self.columns)}")
        return self.columns[name]


# --------------------------------------------------------------------------------------------------
# Linear algebra: partialling out effects, clustered inference
# --------------------------------------------------------------------------------------------------


def _group_sums(codes: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """Column sums of ``values`` (n × m) by group code -> (n_groups × m)."""
    return np.column_stack([np.bincount(codes, weights=values[:, j], minlength=n_groups)
                            for j in range(values.shape[1])]) if values.shape[1] else np.zeros((n_groups, 0))


def _demean(values: np.ndarray, codes: np.ndarray) -> np.ndarray:
    n_groups = int(codes.max()) + 1
    counts = np.bincount(codes, minlength=n_groups).astype(float)
    means = _group_sums(codes, values, n_groups) / counts[:, None]
    return values - means[codes]


def _detrend(values: np.ndarray, codes: np.ndarray, times: np.ndarray) -> np.ndarray:
    """Residuals of each entity's own regression of every column on a constant and a linear trend."""
    centred = _demean(values, codes)
    t_centred = _demean(times[:, None], codes)[:, 0]
    n_groups = int(codes.max()) + 1
    spread = np.bincount(codes, weights=t_centred**2, minlength=n_groups)
    cross = _group_sums(codes, centred * t_centred[:, None], n_groups)
    # An entity seen in one period has no trend to fit (its one row is absorbed by its intercept).
    slopes = np.divide(cross, spread[:, None], out=np.zeros_like(cross), where=spread[:, None] > 0)
    return centred - slopes[codes] * t_centred[:, None]


def _time_dummies(times: np.ndarray) -> np.ndarray:
    periods, codes = np.unique(times, return_inverse=True)
    dummies = np.zeros((len(times), len(periods)))
    dummies[np.arange(len(times)), codes] = 1.0
    return dummies[:, 1:]  # one period is the reference (its effect is in the entity means)


def _partial_out(matrix: np.ndarray, entity: np.ndarray, times: np.ndarray, *, trends: bool) -> np.ndarray:
    """``matrix`` net of entity effects (and entity trends) and time effects, exactly (FWL)."""
    both = np.hstack([matrix, _time_dummies(times)])
    within = _detrend(both, entity, times) if trends else _demean(both, entity)
    own, dummies = within[:, : matrix.shape[1]], within[:, matrix.shape[1]:]
    if dummies.shape[1] == 0:
        return own
    # The pseudo-inverse of the small T × T Gram matrix gives the projection even when some dummies are
    # collinear after demeaning (a period seen only in entities observed once); far cheaper than lstsq.
    coef = np.linalg.pinv(dummies.T @ dummies, hermitian=True) @ (dummies.T @ own)
    return own - dummies @ coef


@dataclass(frozen=True)
class _Fit:
    params: np.ndarray
    se: np.ndarray
    residuals: np.ndarray
    r2: float


def _cluster_fit(y: np.ndarray, design: np.ndarray, clusters: np.ndarray, n_counted: int, n_groups: int,
                 n_params: int, names: Sequence[str]) -> _Fit:
    """OLS of ``y`` on ``design`` with entity-clustered standard errors (Stata factor, see module doc).

    ``n_counted`` and ``n_params`` are the n and k of the small-sample factor (linearmodels counts every
    row and the constant even where the effects absorbed them).
    """
    if n_counted <= n_params or n_groups < 2:
        raise SpecificationError(f"{n_counted} observations in {n_groups} clusters for {n_params} parameters")
    gram = design.T @ design
    scale = np.sqrt(np.diag(gram))
    if np.any(scale == 0) or np.linalg.matrix_rank(gram / np.outer(scale, scale)) < design.shape[1]:
        raise SpecificationError(f"regressors are collinear or absorbed by the effects: {list(names)}")
    bread = np.linalg.inv(gram)
    params = bread @ (design.T @ y)
    residuals = y - design @ params
    scores = _group_sums(clusters, design * residuals[:, None], n_groups)
    factor = n_groups / (n_groups - 1) * (n_counted - 1) / (n_counted - n_params)
    covariance = factor * bread @ (scores.T @ scores) @ bread
    centred = y - y.mean()
    total = float(centred @ centred)
    r2 = 1 - float(residuals @ residuals) / total if total > 0 else math.nan
    return _Fit(params, np.sqrt(np.clip(np.diag(covariance), 0, None)), residuals, r2)


# --------------------------------------------------------------------------------------------------
# Designs of the estimators
# --------------------------------------------------------------------------------------------------


def _complete(data: _Arrays, names: Sequence[str], rows: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """(values n × m of ``names``, row positions) of the rows with all of them present."""
    values = np.column_stack([data.column(name) for name in names])
    keep = ~np.isnan(values).any(axis=1)
    if rows is not None:
        keep &= rows
    positions = np.flatnonzero(keep)
    return values[positions], positions


def _recode(codes: np.ndarray) -> tuple[np.ndarray, int]:
    unique, recoded = np.unique(codes, return_inverse=True)
    return recoded.astype(np.int64), len(unique)


def _consecutive(values: np.ndarray, entity: np.ndarray, times: np.ndarray):
    """Differences between consecutive rows of each entity, dated by the later row."""
    order = np.lexsort((times, entity))
    values, entity, times = values[order], entity[order], times[order]
    same = entity[1:] == entity[:-1]
    return (values[1:] - values[:-1])[same], entity[1:][same], times[1:][same]


def _first_last(values: np.ndarray, entity: np.ndarray, times: np.ndarray):
    """Each entity's change between its first and last row (entities with ≥ 2 rows)."""
    order = np.lexsort((times, entity))
    values, entity = values[order], entity[order]
    starts = np.flatnonzero(np.r_[True, entity[1:] != entity[:-1]])
    ends = np.r_[starts[1:] - 1, len(entity) - 1]
    several = ends > starts
    return values[ends[several]] - values[starts[several]], entity[starts[several]]


def _estimate(data: _Arrays, y: str, regressors: list[str], estimator: str,
              rows: np.ndarray | None = None) -> tuple[_Fit, list[str], int, int]:
    """Fit one specification on ``data``; returns (fit, parameter names, nobs, entities)."""
    values, positions = _complete(data, [y, *regressors], rows)
    entity, times = data.entity[positions], data.time[positions]
    n_params = len(regressors) + 1
    if estimator in ("pooled", "cross_section"):
        if estimator == "cross_section" and len(np.unique(entity)) != len(entity):
            raise SpecificationError("cross_section needs one row per entity (one year); pass a one-year frame")
        codes, groups = _recode(entity)
        design = np.column_stack([np.ones(len(values)), values[:, 1:]])
        fit = _cluster_fit(values[:, 0], design, codes, len(values), groups, n_params, regressors)
        return fit, [CONSTANT, *regressors], len(values), groups
    if estimator in ("twoway_fe", "twoway_fe_trends"):
        if len(values) == 0:
            raise SpecificationError("no complete rows")
        codes, groups = _recode(entity)
        within = _partial_out(values, codes, times - times.mean(), trends=estimator == "twoway_fe_trends")
        _check_not_absorbed(within[:, 1:], values[:, 1:], regressors)
        fit = _cluster_fit(within[:, 0], within[:, 1:], codes, len(values), groups, n_params, regressors)
        return fit, list(regressors), len(values), groups
    if estimator == "first_differences":
        changes, entity_d, times_d = _consecutive(values, entity, times)
        if len(changes) == 0:
            raise SpecificationError("no entity has two complete rows to difference")
        codes, groups = _recode(entity_d)
        _, period = np.unique(times_d, return_inverse=True)
        # Effects for the period that ends each difference: one-way demeaning by period is exact.
        within = _demean(changes, period.astype(np.int64))
        _check_not_absorbed(within[:, 1:], changes[:, 1:], regressors)
        fit = _cluster_fit(within[:, 0], within[:, 1:], codes, len(changes), groups, n_params, regressors)
        return fit, list(regressors), len(changes), groups
    if estimator == "long_difference":
        changes, entity_d = _first_last(values, entity, times)
        codes, groups = _recode(entity_d)
        design = np.column_stack([np.ones(len(changes)), changes[:, 1:]])
        fit = _cluster_fit(changes[:, 0], design, codes, len(changes), groups, n_params, regressors)
        return fit, [CONSTANT, *regressors], len(changes), groups
    raise ValueError(f"unknown estimator {estimator!r}; choose one of {list(ESTIMATORS)}")


def _check_not_absorbed(within: np.ndarray, original: np.ndarray, names: Sequence[str]) -> None:
    for j, name in enumerate(names):
        before = float(np.abs(original[:, j]).max()) if len(original) else 0.0
        after = float(np.abs(within[:, j]).max()) if len(within) else 0.0
        if after <= _ABSORBED * max(before, 1.0):
            raise SpecificationError(f"{name!r} is absorbed by the effects (no variation left)")


def _inference(fit: _Fit, groups: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """p-values and 95 % bounds with G − 1 degrees of freedom."""
    df = groups - 1
    tvalues = np.divide(fit.params, fit.se, out=np.full_like(fit.params, np.nan), where=fit.se > 0)
    pvalues = 2 * stdtr(df, -np.abs(tvalues))
    half = stdtrit(df, 0.5 + CONFIDENCE_LEVEL / 2) * fit.se
    return pvalues, fit.params - half, fit.params + half


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------


def estimate_specification(
    frame: pd.DataFrame,
    outcome: str,
    treatment: str,
    controls: Sequence[str],
    estimator: str,
    *,
    entity: str = "iso3",
    time: str = "year",
) -> RegressionResult:
    """Fit one specification: ``outcome`` on ``treatment`` and ``controls`` with one of :data:`ESTIMATORS`.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long panel, one row per entity and time (``entity``/``time`` as columns or index levels); rows
        missing a used value are dropped.
    outcome, treatment : str
        Column names (a lagged treatment is its own column, e.g. ``egdi_lag1`` from
        :func:`helpers.stats.lag_within_entity`).
    controls : sequence of str
    estimator : str
        ``"pooled"`` (pooled OLS with a constant); ``"twoway_fe"`` (entity and time effects: equals
        :func:`helpers.stats.twoway_fe`); ``"twoway_fe_trends"`` (plus a linear trend per entity);
        ``"first_differences"`` (differences between consecutive complete rows of each entity, with
        effects for the period ending each difference: equals
        :func:`helpers.stats.first_differences` with ``time_effects=True``); ``"long_difference"``
        (each entity's change between its first and last complete row, OLS with a constant);
        ``"cross_section"`` (pooled OLS on a frame with one row per entity).

    Returns
    -------
    RegressionResult
        ``params`` hold the regressors (and ``const`` for the pooled, cross-section and
        long-difference models); ``r2`` is the R² of the transformed equation; ``r2_within`` None;
        ``nobs`` counts rows (differences for the difference estimators); ``n_entities`` the entities
        in the estimation sample. Inference as in the module docstring (G − 1 degrees of freedom).

    Raises
    ------
    SpecificationError
        Too few observations or clusters, or a regressor absorbed by the effects or collinear.
    """
    regressors = _regressor_names(treatment, controls)
    long = _long_panel(frame, entity, time)
    _require_columns(long, [outcome, *regressors])
    data = _Arrays.of(long[[entity, time, outcome, *regressors]], entity, time)
    fit, names, nobs, groups = _estimate(data, outcome, regressors, estimator)
    return _result(fit, names, nobs, groups, outcome, regressors, estimator, entity)


def _result(fit: _Fit, names: list[str], nobs: int, groups: int, outcome: str, regressors: list[str],
            estimator: str, entity: str) -> RegressionResult:
    pvalues, low, high = _inference(fit, groups)
    return RegressionResult(
        dependent=outcome,
        regressors=regressors,
        params=dict(zip(names, map(float, fit.params), strict=True)),
        std_errors=dict(zip(names, map(float, fit.se), strict=True)),
        pvalues=dict(zip(names, map(float, pvalues), strict=True)),
        conf_int={name: (float(a), float(b)) for name, a, b in zip(names, low, high, strict=True)},
        nobs=nobs,
        r2=fit.r2,
        r2_within=None,
        cov_type=f"clustered by {entity} (t with G-1 df)",
        model=ESTIMATORS[estimator],
        n_entities=groups,
    )


def treatment_column(treatment: str, lag: int) -> str:
    """The frame column of ``treatment`` lagged ``lag`` periods (``lag_within_entity``'s naming)."""
    return treatment if int(lag) == 0 else f"{treatment}_lag{int(lag)}"


def _control_terms(row: Mapping) -> list[str]:
    terms = row.get("control_terms")
    if terms is not None and not (isinstance(terms, float) and math.isnan(terms)):
        return list(terms)
    label = str(row["controls"]).strip()
    return [] if label in ("", "none") else [term.strip() for term in label.split("+")]


def specification_curve(
    frames: Mapping[str, pd.DataFrame] | pd.DataFrame,
    grid: pd.DataFrame,
    *,
    entity: str = "iso3",
    time: str = "year",
) -> pd.DataFrame:
    """Estimate every specification of ``grid``: one row per specification with :data:`SPEC_COLUMNS`.

    Parameters
    ----------
    frames : mapping of str to DataFrame, or one DataFrame
        Prepared long panels. Each grid row is fitted on ``frames[row.frame]`` if the grid has a
        ``frame`` column, else on ``frames[row.timing]`` (one frame per timing); a single DataFrame
        serves every row.
    grid : pandas.DataFrame
        One row per specification with the columns ``claim, outcome, treatment, controls, lag,
        estimator, timing, sample`` (:data:`GRID_COLUMNS`), and optionally ``frame`` and
        ``control_terms`` (a tuple of column names; default: ``controls`` read as ``"none"`` or
        column names joined by ``"+"``). The treatment column used is
        :func:`treatment_column` (``treatment``, ``lag``); the sample ``"all"`` uses every row, any
        other sample the rows where the boolean column ``in_<sample>`` is true.

    Returns
    -------
    pandas.DataFrame
        :data:`SPEC_COLUMNS`, in the grid's order; ``estimate`` is the treatment's coefficient per one
        unit of the treatment, inference as in the module docstring.

    Raises
    ------
    SpecificationError
        A specification cannot be estimated; the message names it (the grid should not contain it).
    """
    _require_columns(grid, GRID_COLUMNS)
    frames = {None: frames} if isinstance(frames, pd.DataFrame) else dict(frames)
    prepared: dict = {}
    rows = []
    for spec in grid.to_dict("records"):
        key = None if None in frames else spec.get("frame", spec["timing"])
        if key not in frames:
            raise KeyError(f"no frame {key!r} for specification {_describe(spec)}; frames: {list(frames)}")
        if key not in prepared:
            prepared[key] = _Arrays.of(frames[key], entity, time)
        data = prepared[key]
        x = treatment_column(spec["treatment"], spec["lag"])
        regressors = _regressor_names(x, _control_terms(spec))
        sample = str(spec["sample"])
        members = None if sample == "all" else data.column(SAMPLE_PREFIX + sample) > 0
        try:
            fit, names, nobs, groups = _estimate(data, spec["outcome"], regressors, spec["estimator"], members)
        except SpecificationError as exc:
            raise SpecificationError(f"{_describe(spec)}: {exc}") from None
        position = names.index(x)
        pvalues, low, high = _inference(fit, groups)
        rows.append({**{c: spec[c] for c in GRID_COLUMNS}, "estimate": fit.params[position],
                     "se": fit.se[position], "ci_low": low[position], "ci_high": high[position],
                     "pvalue": pvalues[position], "nobs": nobs, "n_countries": groups})
    curve = pd.DataFrame(rows, columns=SPEC_COLUMNS)
    return curve.astype({"lag": "int64", "nobs": "int64", "n_countries": "int64"})


def _describe(spec: Mapping) -> str:
    return ", ".join(f"{column}={spec[column]}" for column in GRID_COLUMNS if column in spec)


def curve_summary(curve: pd.DataFrame, alpha: float = 0.05) -> dict[str, float | int]:
    """What a specification curve says in five numbers.

    Returns
    -------
    dict
        ``n`` (specifications with an estimate), ``median`` (median estimate),
        ``share_positive_significant`` / ``share_negative_significant`` (share with an estimate of that
        sign and p < ``alpha``), ``share_positive`` (share with an estimate above 0). Shares of ``n``;
        NaN when ``n`` is 0.
    """
    _require_columns(curve, ["estimate", "pvalue"])
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie in (0, 1), got {alpha}")
    estimated = curve.dropna(subset=["estimate"])
    n = len(estimated)
    if n == 0:
        return {"n": 0, "median": math.nan, "share_positive_significant": math.nan,
                "share_negative_significant": math.nan, "share_positive": math.nan}
    significant = estimated["pvalue"] < alpha
    return {
        "n": n,
        "median": float(estimated["estimate"].median()),
        "share_positive_significant": float(((estimated["estimate"] > 0) & significant).mean()),
        "share_negative_significant": float(((estimated["estimate"] < 0) & significant).mean()),
        "share_positive": float((estimated["estimate"] > 0).mean()),
    }
