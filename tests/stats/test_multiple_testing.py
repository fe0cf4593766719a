"""Holm and Bonferroni adjustments against hand-computed values and statsmodels' multipletests."""

import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests

from helpers import stats


def test_holm_by_hand():
    # sorted: 0.01*3 = 0.03, 0.02*2 = 0.04, 0.04*1 = 0.04 (monotone: stays 0.04)
    adjusted = stats.holm({"a": 0.04, "b": 0.01, "c": 0.02})
    assert adjusted.to_dict() == pytest.approx({"a": 0.04, "b": 0.03, "c": 0.04})


def test_holm_is_monotone_and_capped():
    adjusted = stats.holm([0.5, 0.001, 0.3, 0.9])
    assert adjusted.max() <= 1.0
    order = np.argsort([0.5, 0.001, 0.3, 0.9])
    assert list(adjusted.to_numpy()[order]) == sorted(adjusted.to_numpy()[order])


@pytest.mark.parametrize("seed", range(5))
def test_matches_statsmodels(seed):
    raw = np.random.default_rng(seed).uniform(0, 0.2, size=7)
    assert stats.holm(raw).to_numpy() == pytest.approx(multipletests(raw, method="holm")[1])
    assert stats.bonferroni(raw).to_numpy() == pytest.approx(multipletests(raw, method="bonferroni")[1])


def test_missing_values_stay_missing_and_are_not_counted():
    adjusted = stats.bonferroni(pd.Series([0.01, math.nan, 0.02]))
    assert adjusted.iloc[0] == pytest.approx(0.02) and math.isnan(adjusted.iloc[1])
    assert stats.holm([math.nan]).isna().all()


def test_bad_pvalue_names_it():
    with pytest.raises(ValueError, match=r"\[0, 1\].*1\.5"):
        stats.holm([0.2, 1.5])
