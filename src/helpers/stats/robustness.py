"""The checks a referee runs on one within-country estimate, each as a function of the specification.

* :func:`wild_cluster_bootstrap` — p-value and interval from the wild cluster bootstrap with the null
  imposed (WCR; Cameron, Gelbach & Miller 2008), Rademacher or Webb weights;
* :func:`randomization_inference` — the estimate against those obtained when whole treatment paths are
  reassigned at random across entities;
* :func:`placebo_lead` — the next period's treatment added beside this period's: a future treatment
  should not "predict" today's outcome;
* :func:`oster_delta` — coefficient stability (Oster 2019): how strong selection on unobservables would
  have to be, relative to the observed controls, to explain the estimate away;
* :func:`heterogeneity_by_group` — the estimate in each group (e.g. income group) and a test that they
  are equal;
* :func:`bootstrap_family` — wild-bootstrap t statistics of several outcomes with common weights, for
  :func:`helpers.stats.romano_wolf`.

Country-specific linear trends are the estimator ``"twoway_fe_trends"`` of
:func:`helpers.stats.estimate_specification`. Every function takes the specification as
:func:`~helpers.stats.estimate_specification` does (``frame, outcome, treatment, controls, estimator``),
works on the same transformed equation (fixed effects partialled out exactly, so the bootstrap and the
permutations run on the within-transformed data, as pyfixest and fwildclusterboot do with absorbed
effects), is seeded and deterministic, and returns a :class:`CheckResult`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import fdtrc

from ._design import _long_panel, _regressor_names, _require_columns
from .panel import lag_within_entity
from .speccurve import SpecificationError, _Arrays, _Design, _design, _inference

WEIGHTS = ("rademacher", "webb")
# Webb's six-point distribution: ±√(1/2), ±1, ±√(3/2), each with probability 1/6 (mean 0, variance 1).
_WEBB = np.array([-math.sqrt(1.5), -1.0, -math.sqrt(0.5), math.sqrt(0.5), 1.0, math.sqrt(1.5)])


@dataclass(frozen=True)
class CheckResult:
    """One robustness check of one coefficient.

    Attributes
    ----------
    check : str
        Which check (``"wild_cluster_bootstrap"``, ``"randomization_inference"``, …).
    estimate : float
        The coefficient the check is about (the lead's for the placebo; the bias-adjusted β* for
        Oster's; the pooled one for heterogeneity); NaN when the check has none.
    pvalue : float
        The check's p-value (NaN for Oster's, which is not a test).
    ci_low, ci_high : float
        95 % interval where the check gives one, else NaN.
    details : dict
        Everything else the check computed (replications, null distribution, per-group table, …).
    """

    check: str
    estimate: float
    pvalue: float
    ci_low: float = math.nan
    ci_high: float = math.nan
    details: dict[str, Any] = field(default_factory=dict)


def _prepared(frame: pd.DataFrame, outcome: str, treatment: str, controls: Sequence[str], entity: str,
              time: str) -> tuple[_Arrays, list[str]]:
    """The specification's columns of ``frame`` as arrays, and its regressor names (treatment first)."""
    regressors = _regressor_names(treatment, controls)
    long = _long_panel(frame, entity, time)
    _require_columns(long, [outcome, *regressors])
    return _Arrays.of(long[[entity, time, outcome, *regressors]], entity, time), regressors


def _rng(seed: int) -> np.random.Generator:
    if not isinstance(seed, int | np.integer):
        raise TypeError(f"seed must be an int (every check is seeded), got {seed!r}")
    return np.random.default_rng(int(seed))


# --------------------------------------------------------------------------------------------------
# Wild cluster bootstrap
# --------------------------------------------------------------------------------------------------


def _bootstrap_weights(kind: str, reps: int, groups: int, rng: np.random.Generator) -> tuple[np.ndarray, bool]:
    """(reps × G weights, enumerated?). Rademacher weights are enumerated when 2^G ≤ reps."""
    if kind not in WEIGHTS:
        raise ValueError(f"weights must be one of {WEIGHTS}, got {kind!r}")
    if reps < 1:
        raise ValueError(f"reps must be at least 1, got {reps}")
    if kind == "rademacher" and groups <= 20 and 2**groups <= reps:
        # Every sign vector once: the bootstrap distribution exactly, with no simulation error.
        grid = (np.arange(2**groups)[:, None] >> np.arange(groups)[None, :]) & 1
        return 2.0 * grid - 1.0, True
    if kind == "rademacher":
        return rng.choice(np.array([-1.0, 1.0]), size=(reps, groups)), False
    return rng.choice(_WEBB, size=(reps, groups)), False


def _cluster_totals(values: np.ndarray, clusters: np.ndarray, groups: int) -> np.ndarray:
    """Sums of the rows of ``values`` (n × B) by cluster -> G × B."""
    order = np.argsort(clusters, kind="stable")
    sorted_clusters = clusters[order]
    starts = np.flatnonzero(np.r_[True, sorted_clusters[1:] != sorted_clusters[:-1]])
    totals = np.zeros((groups, values.shape[1]))
    totals[sorted_clusters[starts]] = np.add.reduceat(values[order], starts, axis=0)
    return totals


def _bootstrap_t(design: _Design, column: int, y_star: np.ndarray, centre: float) -> np.ndarray:
    """Cluster-robust t statistics of one coefficient for every bootstrap sample (the columns of ``y_star``)."""
    x = design.x
    bread = np.linalg.inv(x.T @ x)
    weights_row = x @ bread[column]  # the coefficient is weights_row · y
    beta = weights_row @ y_star
    residuals = y_star - x @ (bread @ (x.T @ y_star))
    scores = _cluster_totals(weights_row[:, None] * residuals, design.clusters, design.groups)
    g, n, k = design.groups, design.n_counted, design.n_params
    variance = g / (g - 1) * (n - 1) / (n - k) * (scores**2).sum(axis=0)
    return (beta - centre) / np.sqrt(variance)


def _wcr_pvalue(design: _Design, column: int, beta0: float, weights: np.ndarray, observed_t: float) -> float:
    """Symmetric WCR p-value of H0: coefficient = beta0."""
    x = design.x
    others = np.delete(x, column, axis=1)
    shifted = design.y - beta0 * x[:, column]
    if others.shape[1]:
        gamma = np.linalg.lstsq(others, shifted, rcond=None)[0]
        restricted = others @ gamma
    else:
        restricted = np.zeros_like(shifted)
    residuals = shifted - restricted
    y_star = (restricted + beta0 * x[:, column])[:, None] + residuals[:, None] * weights.T[design.clusters]
    t_star = _bootstrap_t(design, column, y_star, beta0)
    return float(np.mean(np.abs(t_star) >= abs(observed_t) - 1e-12))


def wild_cluster_bootstrap(
    frame: pd.DataFrame,
    outcome: str,
    treatment: str,
    controls: Sequence[str] = (),
    estimator: str = "twoway_fe",
    *,
    reps: int = 999,
    weights: str = "rademacher",
    seed: int = 12,
    null: float = 0.0,
    interval: bool = True,
    entity: str = "iso3",
    time: str = "year",
) -> CheckResult:
    """Wild cluster bootstrap-t with the null imposed (WCR), clustered by entity.

    For H0: β = ``null`` the restricted model (the treatment's coefficient fixed at ``null``) is fitted on
    the transformed equation; bootstrap outcomes are its fitted values plus its residuals times one weight
    per cluster; each is re-estimated with the clustered t statistic of the estimator. The p-value is the
    share of bootstrap |t*| at least the observed |t| (symmetric). Rademacher weights are enumerated
    exactly when 2^G ≤ ``reps``; with few clusters (G < 12) use ``weights="webb"``.

    Parameters
    ----------
    interval : bool
        Also invert the test (the same weights for every hypothesised value) for a 95 % interval:
        the values β0 whose p-value is at least 0.05, found by bisection to 1e-4 standard errors.

    Returns
    -------
    CheckResult
        ``estimate`` the coefficient, ``pvalue`` the WCR p-value, ``ci_low``/``ci_high`` the inverted
        interval; ``details``: ``t`` (observed), ``reps`` (replications made), ``weights``,
        ``enumerated``, ``clusters``.
    """
    data, regressors = _prepared(frame, outcome, treatment, controls, entity, time)
    design = _design(data, outcome, regressors, estimator)
    column = design.names.index(treatment)
    fit = design.fit()
    beta, se = float(fit.params[column]), float(fit.se[column])
    draws, enumerated = _bootstrap_weights(weights, reps, design.groups, _rng(seed))

    def pvalue(beta0: float) -> float:
        return _wcr_pvalue(design, column, beta0, draws, (beta - beta0) / se)

    p = pvalue(null)
    low = high = math.nan
    if interval:
        low, high = (_invert(pvalue, beta, se, side) for side in (-1, 1))
    details = {"t": (beta - null) / se, "reps": len(draws), "weights": weights, "enumerated": enumerated,
               "clusters": design.groups, "null": null}
    return CheckResult("wild_cluster_bootstrap", beta, p, low, high, details)


def _invert(pvalue, beta: float, se: float, side: int, level: float = 0.05) -> float:
    """The bound on ``side`` (−1 lower, +1 upper) where the bootstrap p-value falls to ``level``."""
    inside, outside = beta, beta + side * 2 * se
    steps = 0
    while pvalue(outside) >= level:
        inside, outside = outside, outside + side * 2 * se
        steps += 1
        if steps > 20:
            return side * math.inf
    while abs(outside - inside) > 1e-4 * se:
        middle = (inside + outside) / 2
        if pvalue(middle) >= level:
            inside = middle
        else:
            outside = middle
    return (inside + outside) / 2


def bootstrap_family(
    frame: pd.DataFrame,
    outcomes: Sequence[str],
    treatment: str,
    controls: Sequence[str] = (),
    estimator: str = "twoway_fe",
    *,
    reps: int = 999,
    weights: str = "rademacher",
    seed: int = 12,
    entity: str = "iso3",
    time: str = "year",
) -> tuple[np.ndarray, np.ndarray]:
    """Observed and wild-cluster-bootstrap t statistics of one treatment on several outcomes.

    The bootstrap is unrestricted (WCU) and the statistics are centred on each estimate,
    t* = (β* − β̂)/se*, so they describe the joint null distribution :func:`helpers.stats.romano_wolf`
    needs. One weight per cluster and replication, shared by all outcomes (clusters are matched by
    entity), so the dependence between the outcomes' estimates is kept.

    Returns
    -------
    (t_observed, t_bootstrap) : arrays of shape (m,) and (reps, m), outcomes in the given order.
    """
    if not outcomes:
        raise ValueError("outcomes is empty")
    long = _long_panel(frame, entity, time)
    labels = np.sort(long[entity].unique())
    draws, _ = _bootstrap_weights(weights, reps, len(labels), _rng(seed))
    observed, boot = [], []
    for outcome in outcomes:
        data, regressors = _prepared(long, outcome, treatment, controls, entity, time)
        design = _design(data, outcome, regressors, estimator)
        column = design.names.index(treatment)
        fit = design.fit()
        # Each cluster's weight is its entity's, so every outcome's bootstrap shares the draws.
        cluster_weights = draws[:, np.searchsorted(labels, data.entity_labels[design.entities])]
        y_star = (design.x @ fit.params)[:, None] + fit.residuals[:, None] * cluster_weights.T[design.clusters]
        observed.append(fit.params[column] / fit.se[column])
        boot.append(_bootstrap_t(design, column, y_star, float(fit.params[column])))
    return np.array(observed), np.column_stack(boot)


# --------------------------------------------------------------------------------------------------
# Randomization inference and the placebo lead
# --------------------------------------------------------------------------------------------------


def randomization_inference(
    frame: pd.DataFrame,
    outcome: str,
    treatment: str,
    controls: Sequence[str] = (),
    estimator: str = "twoway_fe",
    *,
    reps: int = 999,
    seed: int = 12,
    entity: str = "iso3",
    time: str = "year",
) -> CheckResult:
    """Randomization inference: reassign whole treatment paths across entities, re-estimate, compare.

    Each replication gives every entity the treatment path (its values by time) of another entity drawn
    by a random permutation; outcomes and controls stay. Rows whose new treatment is missing drop out,
    as they would for a real entity with that path. The p-value is (1 + #{|b_perm| ≥ |b|}) / (1 + reps)
    (two-sided, the observed assignment counted once).

    Returns
    -------
    CheckResult
        ``estimate`` the observed coefficient, ``pvalue``; ``details``: ``reps``, ``null_quantiles`` (2.5,
        50, 97.5 % of the permutation estimates), ``null_sd``.
    """
    data, regressors = _prepared(frame, outcome, treatment, controls, entity, time)
    observed = _design(data, outcome, regressors, estimator)
    beta = float(observed.fit().params[observed.names.index(treatment)])
    periods, period_codes = np.unique(data.time, return_inverse=True)
    paths = np.full((len(data.entity_labels), len(periods)), np.nan)
    paths[data.entity, period_codes] = data.column(treatment)
    rng = _rng(seed)
    permuted = []
    for _ in range(reps):
        donors = rng.permutation(len(data.entity_labels))
        columns = {**data.columns, treatment: paths[donors][data.entity, period_codes]}
        shuffled = _Arrays(columns, data.entity, data.time, data.entity_labels)
        try:
            design = _design(shuffled, outcome, regressors, estimator)
        except SpecificationError:
            continue  # an assignment that leaves too little to estimate is not a draw of the statistic
        coefficient = np.linalg.lstsq(design.x, design.y, rcond=None)[0][design.names.index(treatment)]
        permuted.append(coefficient)
    null = np.array(permuted)
    if len(null) == 0:
        raise SpecificationError("no permutation could be estimated")
    pvalue = (1 + np.sum(np.abs(null) >= abs(beta) - 1e-12)) / (1 + len(null))
    details = {"reps": len(null), "null_quantiles": np.quantile(null, [0.025, 0.5, 0.975]).tolist(),
               "null_sd": float(null.std(ddof=1)) if len(null) > 1 else math.nan}
    return CheckResult("randomization_inference", beta, float(pvalue), details=details)


def placebo_lead(
    frame: pd.DataFrame,
    outcome: str,
    treatment: str,
    controls: Sequence[str] = (),
    estimator: str = "twoway_fe",
    *,
    leads: int = 1,
    entity: str = "iso3",
    time: str = "year",
) -> CheckResult:
    """The treatment ``leads`` periods ahead (next available value) added beside the treatment.

    If the estimate reflects an effect of the treatment, the future treatment should add nothing once
    today's is in the model; a clearly non-zero lead points to anticipation, reverse causality or a
    common trend.

    Returns
    -------
    CheckResult
        ``estimate``, ``pvalue``, ``ci_low``/``ci_high`` of the lead (G − 1 degrees of freedom);
        ``details``: the contemporaneous coefficient beside the lead (``treatment_estimate``,
        ``treatment_pvalue``), ``nobs``, ``n_entities``, ``lead_column``.
    """
    long = _long_panel(frame, entity, time)
    _require_columns(long, [treatment])
    # The next available value is the previous available one with time reversed.
    reversed_time = long[[entity, time, treatment]].assign(**{time: -long[time]})
    lead_column = f"{treatment}_lead{leads}"
    lead = lag_within_entity(reversed_time, treatment, leads, entity, time)[f"{treatment}_lag{leads}"]
    with_lead = long.assign(**{lead_column: lead.to_numpy()})
    data, regressors = _prepared(with_lead, outcome, treatment, [lead_column, *controls], entity, time)
    design = _design(data, outcome, regressors, estimator)
    fit = design.fit()
    pvalues, low, high = _inference(fit, design.groups)
    at, now = design.names.index(lead_column), design.names.index(treatment)
    details = {"treatment_estimate": float(fit.params[now]), "treatment_pvalue": float(pvalues[now]),
               "nobs": design.n_counted, "n_entities": design.groups, "lead_column": lead_column}
    return CheckResult("placebo_lead", float(fit.params[at]), float(pvalues[at]), float(low[at]), float(high[at]),
                       details)


# --------------------------------------------------------------------------------------------------
# Coefficient stability (Oster 2019)
# --------------------------------------------------------------------------------------------------


def oster_delta(
    frame: pd.DataFrame,
    outcome: str,
    treatment: str,
    controls: Sequence[str],
    estimator: str = "twoway_fe",
    *,
    r_max: float | None = None,
    r_max_factor: float = 1.3,
    beta: float = 0.0,
    entity: str = "iso3",
    time: str = "year",
) -> CheckResult:
    """Oster's (2019) coefficient stability: δ for β = ``beta`` and the bias-adjusted β* for δ = 1.

    The short regression (treatment only) and the controlled one are fitted on the same rows of the
    transformed equation (for fixed-effects estimators the R² are within R², as Oster recommends when
    fixed effects are in both). δ* is the exact solution of Oster's Proposition 2 (as in psacalc /
    robomit's ``osterdelstar``): how much stronger than the observed controls the selection on
    unobservables must be for the true coefficient to be ``beta``; |δ*| > 1 is the usual bar. β* is
    Oster's approximation β̂ − (β̊ − β̂)(R_max − R̂)/(R̂ − R̊) (˚ short, ˆ controlled) for δ = 1.

    Parameters
    ----------
    controls : the observed controls (at least one).
    r_max : the R² of a hypothetical regression with every unobservable; default
        min(1, ``r_max_factor`` · R̂) (Oster's 1.3 rule).

    Returns
    -------
    CheckResult
        ``estimate`` β*, ``pvalue`` NaN (not a test); ``details``: ``delta``, ``beta_short``,
        ``beta_controlled``, ``r2_short``, ``r2_controlled``, ``r_max``, ``sigma_y2``, ``sigma_x2``,
        ``tau_x2`` (residual variance of the treatment given the controls), ``nobs``.
    """
    controls = [controls] if isinstance(controls, str) else list(controls)
    if not controls:
        raise ValueError("oster_delta needs at least one observed control")
    data, regressors = _prepared(frame, outcome, treatment, controls, entity, time)
    full = _design(data, outcome, regressors, estimator)
    # The short and auxiliary regressions on the same transformed rows as the controlled one.
    names = full.names
    x_col = names.index(treatment)
    control_cols = [names.index(c) for c in controls]
    constant = [0] if names[0] == "const" else []
    y, x = full.y, full.x

    def ols(target: np.ndarray, columns: list[int]) -> tuple[np.ndarray, float]:
        coef = np.linalg.lstsq(x[:, columns], target, rcond=None)[0]
        residual = target - x[:, columns] @ coef
        centred = target - target.mean()
        return coef, 1 - float(residual @ residual) / float(centred @ centred)

    short_coef, r_short = ols(y, [*constant, x_col])
    long_coef, r_long = ols(y, [*constant, x_col, *control_cols])
    b_short = float(short_coef[len(constant)])
    b_long = float(long_coef[len(constant)])
    aux_coef, _ = ols(x[:, x_col], [*constant, *control_cols])
    tau = float(np.var(x[:, x_col] - x[:, [*constant, *control_cols]] @ aux_coef))
    sigma_y, sigma_x = float(np.var(y)), float(np.var(x[:, x_col]))
    r_max = min(1.0, r_max_factor * r_long) if r_max is None else float(r_max)
    if not r_long < r_max <= 1:
        raise ValueError(f"r_max must lie in (R² of the controlled regression = {r_long:.4f}, 1], got {r_max}")
    bt = b_long - beta
    a = bt * sigma_y * (sigma_x - tau) + sigma_y * sigma_x * (b_short - b_long)
    b = bt**3 * (sigma_x * tau - tau**2) + bt**2 * sigma_x * tau * (b_short - b_long)
    c = (bt * sigma_y * tau * (r_long - r_short) + bt * sigma_x * tau * (b_short - b_long) ** 2
         + bt**3 * (sigma_x * tau - tau**2) + 2 * bt**2 * sigma_x * tau * (b_short - b_long))
    denominator = a * (r_max - r_long) + b
    delta = c / denominator if denominator != 0 else math.inf
    moved = r_long - r_short
    beta_star = b_long - (b_short - b_long) * (r_max - r_long) / moved if moved != 0 else math.nan
    details = {"delta": delta, "beta_short": b_short, "beta_controlled": b_long, "r2_short": r_short,
               "r2_controlled": r_long, "r_max": r_max, "sigma_y2": sigma_y, "sigma_x2": sigma_x,
               "tau_x2": tau, "nobs": full.n_counted, "beta_hypothesis": beta}
    return CheckResult("oster_delta", beta_star, math.nan, details=details)


# --------------------------------------------------------------------------------------------------
# Heterogeneity
# --------------------------------------------------------------------------------------------------


def heterogeneity_by_group(
    frame: pd.DataFrame,
    outcome: str,
    treatment: str,
    controls: Sequence[str] = (),
    estimator: str = "twoway_fe",
    *,
    group: str,
    min_entities: int = 10,
    entity: str = "iso3",
    time: str = "year",
) -> CheckResult:
    """The coefficient in each group of entities, and a test that it is the same in all of them.

    Each group is estimated on its own (its own time effects and control coefficients), so the groups'
    estimates are independent (disjoint clusters) and their equality is tested with Cochran's Q,
    Q = Σ w_g (b_g − b̄)², w_g = 1/se_g², b̄ the precision-weighted mean, referred to F(q, G_min − 1) as
    Q/q (q = groups − 1; G_min the clusters of the smallest group: conservative with few clusters). This
    equals a Wald test in one model with every coefficient and every time effect interacted with the
    group; a model with common time effects would also attribute group-specific trends to the slopes.

    Parameters
    ----------
    group : column of ``frame`` naming each row's group (constant within an entity, e.g. income group);
        rows without a group are left out.
    min_entities : groups with fewer entities are left out of both the table and the test.

    Returns
    -------
    CheckResult
        ``estimate`` the coefficient on all rows with a group, its interval, ``pvalue`` of the equality
        test; ``details``: ``groups`` (a DataFrame: group, estimate, se, ci_low, ci_high, pvalue, nobs,
        n_entities), ``q`` (Cochran's Q), ``df``, ``weighted_mean``, ``left_out`` (groups too small).
    """
    from .speccurve import estimate_specification

    long = _long_panel(frame, entity, time)
    _require_columns(long, [group])
    long = long[long[group].notna()]
    sizes = long.groupby(group)[entity].nunique()
    kept = sorted(str(g) for g in sizes[sizes >= min_entities].index)
    if len(kept) < 2:
        raise SpecificationError(f"fewer than two groups with {min_entities} entities or more: {sizes.to_dict()}")
    long = long[long[group].astype(str).isin(kept)]
    rows = []
    for name in kept:
        result = estimate_specification(long[long[group].astype(str) == name], outcome, treatment, controls,
                                        estimator, entity=entity, time=time)
        low, high = result.conf_int[treatment]
        rows.append({"group": name, "estimate": result.params[treatment], "se": result.std_errors[treatment],
                     "ci_low": low, "ci_high": high, "pvalue": result.pvalues[treatment], "nobs": result.nobs,
                     "n_entities": result.n_entities})
    table = pd.DataFrame(rows)
    weights = 1 / table["se"] ** 2
    mean = float((weights * table["estimate"]).sum() / weights.sum())
    q_stat = float((weights * (table["estimate"] - mean) ** 2).sum())
    df = (len(table) - 1, int(table["n_entities"].min()) - 1)
    overall = estimate_specification(long, outcome, treatment, controls, estimator, entity=entity, time=time)
    details = {"groups": table, "q": q_stat, "df": df, "weighted_mean": mean,
               "left_out": sorted(str(g) for g in sizes[sizes < min_entities].index)}
    low, high = overall.conf_int[treatment]
    return CheckResult("heterogeneity_by_group", overall.params[treatment],
                       float(fdtrc(df[0], df[1], q_stat / df[0])), low, high, details)
