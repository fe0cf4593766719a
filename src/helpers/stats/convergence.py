"""Convergence across entities: sigma (does the spread shrink?) and beta (do laggards grow faster?).

Shares in percent are compared on the logit scale (:func:`logit_share`), other positive indicators
on the log scale; :func:`transform_for_unit` picks the scale from a codebook unit. The logit needs a
clipping constant for 0 % and 100 %; :func:`clipped_count` says how many values it touches and
:func:`sigma_convergence_sensitivity` / :func:`beta_convergence_sensitivity` repeat both measures
over several constants, because a floor near 0 % decides how far apart the earliest laggards are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from ._design import _complete_rows, _long_panel
from .regression import ols_hc3
from .results import RegressionResult

Transform = Literal["logit", "log", "none"]


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
    n_clipped_start, n_clipped_end : int or None
        Logit only (None otherwise): how many of the regression's entities had a start (end) value
        outside [eps_pct, 100 − eps_pct] and were clipped (:func:`clipped_count`) — counted on the
        same entities as the regression, not on every entity observed in that year.
    eps_pct : float or None
        The clipping constant used (logit only).
    """

    result: RegressionResult
    beta: float
    convergence_rate: float | None
    half_life: float | None
    start: int
    end: int
    transform: str
    data: pd.DataFrame = field(compare=False, repr=False)
    n_clipped_start: int | None = None
    n_clipped_end: int | None = None
    eps_pct: float | None = None


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
    logit = transform == "logit"
    return BetaConvergence(
        result=result,
        beta=beta,
        convergence_rate=rate,
        half_life=None if rate is None else math.log(2) / rate,
        start=start,
        end=end,
        transform=transform,
        data=data,
        n_clipped_start=clipped_count(wide[start], eps_pct) if logit else None,
        n_clipped_end=clipped_count(wide[end], eps_pct) if logit else None,
        eps_pct=eps_pct if logit else None,
    )


def _convergence_rate(beta: float, span: float) -> float | None:
    remaining = 1 + beta * span  # share of the initial gap left after `span` years
    if beta >= 0 or remaining <= 0:
        return None
    return -math.log(remaining) / span


def transform_for_unit(unit: str) -> Transform:
    """The convergence scale for an indicator's codebook unit: ``"logit"`` for percent shares, else ``"log"``.

    A unit that starts with ``"%"`` (e.g. ``"% of population"``) is a share bounded by 0 and 100, whose
    spread is compared on the logit scale; anything else (per 100 people, index, dollars) is positive and
    unbounded above in principle, and compared on the log scale.
    """
    return "logit" if str(unit).strip().startswith("%") else "log"


def clipped_count(pct: Any, eps_pct: float = 0.5) -> int:
    """How many shares (in percent) :func:`logit_share` clips: values below ``eps_pct`` or above 100 − ``eps_pct``.

    Missing values are not counted; a value equal to a bound is not changed by the clipping and not counted.

    Raises
    ------
    ValueError
        If eps_pct is not in (0, 50).
    """
    if not 0 < eps_pct < 50:
        raise ValueError(f"eps_pct must be between 0 and 50 percent, got {eps_pct}")
    values = np.asarray(pct, dtype=float)
    return int(((values < eps_pct) | (values > 100 - eps_pct)).sum())


#: Columns of :func:`sigma_convergence_sensitivity`.
SIGMA_SENSITIVITY_COLUMNS = [
    "eps_pct", "start", "end", "n_start", "n_end", "sd_start", "sd_end", "change", "sign",
    "n_clipped_start", "n_clipped_end",
]
#: Columns of :func:`beta_convergence_sensitivity`.
BETA_SENSITIVITY_COLUMNS = [
    "eps_pct", "beta", "ci_low", "ci_high", "pvalue", "half_life", "nobs", "n_clipped_start", "n_clipped_end",
]


def _check_eps_values(eps_values: Any) -> list[float]:
    eps = [float(value) for value in ([eps_values] if np.isscalar(eps_values) else eps_values)]
    if not eps:
        raise ValueError("eps_values is empty; pass clipping constants in percent, e.g. [0.1, 0.5, 1, 2]")
    if len(set(eps)) < len(eps):
        raise ValueError(f"eps_values lists a constant twice: {eps}")
    return eps


def sigma_convergence_sensitivity(
    frame: pd.DataFrame,
    value: str,
    eps_values: Any,
    start: Any = None,
    end: Any = None,
    by: str = "year",
) -> pd.DataFrame:
    """σ-convergence of a percent share on the logit scale, once per clipping constant: start vs end.

    Parameters
    ----------
    frame : long frame with ``by`` and ``value`` (a share in percent); pass the sample the main result
        uses (e.g. the entities observed in every year), since each constant is applied to the same rows.
    value : the share column.
    eps_values : clipping constants in percent (each in (0, 50)), e.g. ``[0.1, 0.5, 1, 2]``.
    start, end : the two ``by`` values compared (default: the first and the last in ``frame``).
    by : the period column.

    Returns
    -------
    pandas.DataFrame
        One row per constant, in the order given, with :data:`SIGMA_SENSITIVITY_COLUMNS`: ``n_start``
        and ``n_end`` values, ``sd_start`` and ``sd_end`` (sample SD of the logits, as
        :func:`sigma_convergence`), ``change`` = sd_end − sd_start, ``sign`` (−1 the spread narrowed,
        +1 it widened, 0 unchanged) and ``n_clipped_start`` / ``n_clipped_end`` (:func:`clipped_count`).

    Raises
    ------
    ValueError
        No rows in ``start`` or ``end``, ``end`` not after ``start``, or a bad clipping constant.
    """
    eps = _check_eps_values(eps_values)
    data = _complete_rows(frame, [by, value])
    periods = sorted(data[by].unique())
    if not periods:
        raise ValueError(f"no non-missing {value!r} values in the frame")
    start = periods[0] if start is None else start
    end = periods[-1] if end is None else end
    if not end > start:
        raise ValueError(f"end ({end}) must be after start ({start})")
    first, last = data.loc[data[by] == start, value], data.loc[data[by] == end, value]
    if first.empty or last.empty:
        raise ValueError(f"no {value!r} values in {start if first.empty else end}; periods present: {periods}")
    rows = []
    for eps_pct in eps:
        sd_start = float(logit_share(first, eps_pct).std())
        sd_end = float(logit_share(last, eps_pct).std())
        change = sd_end - sd_start
        rows.append({
            "eps_pct": eps_pct, "start": start, "end": end, "n_start": len(first), "n_end": len(last),
            "sd_start": sd_start, "sd_end": sd_end, "change": change, "sign": int(np.sign(change)),
            "n_clipped_start": clipped_count(first, eps_pct), "n_clipped_end": clipped_count(last, eps_pct),
        })
    return pd.DataFrame(rows, columns=SIGMA_SENSITIVITY_COLUMNS)


def beta_convergence_sensitivity(
    frame: pd.DataFrame,
    value: str,
    start: int,
    end: int,
    eps_values: Any,
    entity: str = "iso3",
    time: str = "year",
) -> pd.DataFrame:
    """:func:`beta_convergence` on the logit scale, once per clipping constant.

    Parameters
    ----------
    frame, value, start, end, entity, time : as :func:`beta_convergence` (``value`` a share in percent).
    eps_values : clipping constants in percent (each in (0, 50)).

    Returns
    -------
    pandas.DataFrame
        One row per constant, in the order given, with :data:`BETA_SENSITIVITY_COLUMNS`: ``beta`` and its
        95 % interval and p-value (HC3), ``half_life`` (NaN when none is implied), ``nobs`` and the
        clipped counts of the regression's entities in the start and end years.
    """
    rows = []
    for eps_pct in _check_eps_values(eps_values):
        fit = beta_convergence(frame, value, start, end, entity=entity, time=time, transform="logit",
                               eps_pct=eps_pct)
        low, high = fit.result.conf_int["initial_level"]
        rows.append({
            "eps_pct": eps_pct, "beta": fit.beta, "ci_low": low, "ci_high": high,
            "pvalue": fit.result.pvalues["initial_level"],
            "half_life": math.nan if fit.half_life is None else fit.half_life, "nobs": fit.result.nobs,
            "n_clipped_start": fit.n_clipped_start, "n_clipped_end": fit.n_clipped_end,
        })
    return pd.DataFrame(rows, columns=BETA_SENSITIVITY_COLUMNS)
