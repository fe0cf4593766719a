"""Shared input checks of the estimators and measures (private to :mod:`helpers.stats`).

Column and design checks for regressions, the long-panel check, and the cleaning of a series indexed
by numeric years. Every module of the package may import these; they import nothing of it but
:mod:`.results`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .results import CONSTANT

_YEAR_TOLERANCE = 1e-9


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
