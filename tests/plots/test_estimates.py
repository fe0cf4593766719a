"""Estimates with confidence intervals."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection

from helpers import plots


def _legend_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_coef_over_time_band_zero_line_and_groups():
    years = list(range(2010, 2016))
    frame = pd.DataFrame({"year": years * 2, "coef": np.linspace(-0.1, 0.4, 12),
                          "model": ["pooled_ols"] * 6 + ["twoway_fe"] * 6})
    frame["ci_low"], frame["ci_high"] = frame["coef"] - 0.1, frame["coef"] + 0.1
    _fig, ax = plots.coef_over_time(frame, group="model", lang="en")
    assert len([c for c in ax.collections if isinstance(c, PolyCollection)]) == 2
    assert any(list(ln.get_ydata()) == [0, 0] for ln in ax.lines)
    legend = _legend_texts(ax)
    assert {"Pooled OLS", "Two-way fixed effects", "95% confidence interval"} <= set(legend)
    assert "Zero" not in legend  # the zero line is a reference, not a legend entry
    assert plots.HIGHLIGHT["CHN"] not in [ln.get_color() for ln in ax.lines]  # vermillion means China
    assert ax.get_xlabel() == "Year" and ax.get_ylabel() == "Coefficient"
    assert all(float(t).is_integer() for t in ax.get_xticks())


def test_estimate_forest_in_chinese():
    plots.use_style("zh")
    frame = pd.DataFrame({"label": ["混合OLS", "双向固定效应"], "coef": [0.26, 0.05],
                          "ci_low": [0.2, 0.01], "ci_high": [0.32, 0.09]})
    fig, ax = plots.estimate_forest(frame, lang="zh", title="标题")
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["混合OLS", "双向固定效应"]
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert "95%置信区间" in legend and "零线" not in legend
    assert any(list(ln.get_xdata()) == [0, 0] for ln in ax.lines)  # the zero line is still drawn
    plt.close(fig)
    with pytest.raises(ValueError, match="no estimates"):
        plots.estimate_forest(frame.iloc[0:0])
