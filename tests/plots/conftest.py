"""Fixtures shared by the tests of :mod:`helpers.plots`."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import pytest


@pytest.fixture(autouse=True)
def _isolated_style():
    """Each test starts from matplotlib's defaults and leaves no figures open."""
    with mpl.rc_context():
        mpl.rcdefaults()
        yield
    plt.close("all")


@pytest.fixture
def countries() -> pd.DataFrame:
    return pd.DataFrame(
        {"iso3": ["CHN", "USA", "IND"], "name_en": ["China", "United States", "India"],
         "name_zh": ["中国", "美国", "印度"]}
    )
