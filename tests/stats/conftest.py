"""Fixtures shared by the tests of helpers.stats."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest


@pytest.fixture
def cross_section() -> pd.DataFrame:
    rng = np.random.default_rng(42)
    n = 40
    frame = pd.DataFrame(
        {
            "iso3": [f"C{i:02d}" for i in range(n)],
            "x": rng.normal(size=n),
            "z": rng.normal(size=n),
        }
    )
    # Heteroskedastic noise so HC3 differs from the classical standard errors.
    frame["y"] = 1.0 + 2.0 * frame["x"] - 0.5 * frame["z"] + rng.normal(size=n) * (1 + frame["x"].abs())
    return frame
