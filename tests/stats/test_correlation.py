"""Tests for helpers.stats.correlation: Pearson's r with a Fisher-z interval, against numpy and by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import stats


def test_pearson_correlation_matches_numpy_and_the_fisher_interval():
    rng = np.random.default_rng(12)
    x = rng.normal(size=200)
    frame = pd.DataFrame({"x": x, "y": 0.9 * x + rng.normal(scale=0.4, size=200)})
    frame.loc[5, "y"] = np.nan  # one incomplete row is left out
    result = stats.pearson_correlation(frame, "x", "y")

    complete = frame.dropna()
    r = np.corrcoef(complete["x"], complete["y"])[0, 1]
    assert result["nobs"] == 199 and result["r"] == pytest.approx(r, rel=1e-12)
    half = 1.959963984540054 / math.sqrt(199 - 3)
    assert result["ci_low"] == pytest.approx(math.tanh(math.atanh(r) - half), rel=1e-10)
    assert result["ci_high"] == pytest.approx(math.tanh(math.atanh(r) + half), rel=1e-10)
    assert result["ci_low"] < result["r"] < result["ci_high"]
    assert result["shared_variance"] == pytest.approx(r * r)


def test_pearson_correlation_edge_cases():
    exact = stats.pearson_correlation(pd.DataFrame({"x": [1.0, 2, 3, 4, 5], "y": [3.0, 5, 7, 9, 11]}), "x", "y")
    assert exact["r"] == pytest.approx(1.0) and math.isnan(exact["ci_low"]) and math.isnan(exact["ci_high"])
    with pytest.raises(ValueError, match="too few"):
        stats.pearson_correlation(pd.DataFrame({"x": [1.0, 2.0], "y": [1.0, 3.0]}), "x", "y")
    with pytest.raises(ValueError, match="no spread"):
        stats.pearson_correlation(pd.DataFrame({"x": [1.0, 1, 1, 1], "y": [1.0, 2, 3, 4]}), "x", "y")
    with pytest.raises(KeyError, match="columns not in the frame"):
        stats.pearson_correlation(pd.DataFrame({"x": [1.0]}), "x", "z")
