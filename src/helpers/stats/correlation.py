"""How closely two regressors move together across entities, before one is used to "control" the other.

When a regressor and its control correlate at ≈ 0.9, the coefficient on either one rests on the small
part of its variation the other does not share; :func:`pearson_correlation` gives that number with its
interval, so a reading can say it instead of leaving it implicit.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import ndtri

from ._design import _complete_rows
from .results import CONFIDENCE_LEVEL


def pearson_correlation(frame: pd.DataFrame, x: str, y: str) -> dict[str, Any]:
    """Pearson correlation of ``x`` and ``y`` over the rows that have both, with a Fisher-z interval.

    Returns
    -------
    dict
        ``r``, ``nobs``, ``ci_low`` and ``ci_high`` (95 %: tanh(atanh r ± z/√(n − 3)); NaN with fewer than
        four rows or |r| = 1 up to rounding) and ``shared_variance`` = r² (the share of either variable's cross-entity
        variance a straight line in the other accounts for).

    Raises
    ------
    KeyError
        A column is missing.
    ValueError
        Fewer than three complete rows, or a column without spread (the correlation is undefined).
    """
    data = _complete_rows(frame, [x, y]).astype(float)
    n = len(data)
    if n < 3:
        raise ValueError(f"{n} rows have both {x!r} and {y!r}: too few for a correlation")
    constant = [column for column in (x, y) if data[column].nunique() < 2]
    if constant:
        raise ValueError(f"{constant} has no spread in the rows used; the correlation is undefined")
    r = float(np.corrcoef(data[x].to_numpy(), data[y].to_numpy())[0, 1])
    low = high = math.nan
    # An exact line gives |r| = 1 up to rounding (0.9999999999999999), where atanh is infinite or meaningless.
    if n > 3 and abs(r) < 1 - 1e-12:
        half_width = float(ndtri(0.5 + CONFIDENCE_LEVEL / 2)) / math.sqrt(n - 3)
        low, high = math.tanh(math.atanh(r) - half_width), math.tanh(math.atanh(r) + half_width)
    return {"r": r, "nobs": n, "ci_low": low, "ci_high": high, "shared_variance": r * r}
