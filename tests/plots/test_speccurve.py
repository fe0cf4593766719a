"""The specification-curve figure."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from helpers import plots, stats


def small_curve() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = [dict(zip(("outcome", "treatment", "lag", "estimator", "sample"), combo, strict=True))
            for combo in itertools.product(["GE.EST", "RQ.EST"], ["un_egov.egdi", "un_egov.osi"], [0, 1],
                                           ["pooled", "twoway_fe"], ["all", "no_microstates"])]
    curve = pd.DataFrame(rows).assign(claim="b", controls="income", timing="same_year")
    curve["estimate"] = rng.normal(0.2, 0.3, len(curve))
    curve["se"] = 0.1
    curve["ci_low"], curve["ci_high"] = curve["estimate"] - 0.2, curve["estimate"] + 0.2
    curve["pvalue"] = np.where(curve["estimate"].abs() > 0.2, 0.01, 0.4)
    curve["nobs"], curve["n_countries"] = 100, 50
    return curve[stats.SPEC_COLUMNS]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sorted_estimates_above_the_matrix_of_choices(lang):
    plots.use_style(lang)
    curve = small_curve()
    _fig, (top, bottom) = plots.specification_curve_figure(curve, lang)
    points = np.concatenate([c.get_offsets()[:, 1] for c in top.collections if hasattr(c, "get_offsets")
                             and len(c.get_offsets()) and c.get_offsets().shape[1] == 2
                             and type(c).__name__ == "PathCollection"])
    assert sorted(points) == sorted(curve["estimate"])
    # The median line and the zero line.
    levels = {round(line.get_ydata()[0], 12) for line in top.lines}
    assert round(float(curve["estimate"].median()), 12) in levels and 0 in levels
    # One matrix row per value of each choice with more than one value (controls and timing are constant).
    labels = [t.get_text() for t in bottom.get_yticklabels()]
    assert len(labels) == 2 + 2 + 2 + 2 + 2
    expected = {"en": ["Two-way FE", "Without microstates", "lag 1", "Online Service Index (OSI)"],
                "zh": ["双向固定效应", "不含微型国家", "滞后 1 期", "在线服务指数"]}[lang]
    assert set(expected) <= set(labels)
    matrix = bottom.images[0].get_array()
    assert matrix.shape == (10, len(curve))
    assert ((matrix > 0).sum(axis=0) == 5).all()  # every specification made one choice per shown choice
    share = 100 * ((curve["estimate"] > 0) & (curve["pvalue"] < 0.05)).mean()
    assert f"{share:.0f}%" in top.get_title(loc="left")
    names = {t.get_text() for t in bottom.texts}
    assert names == ({"Outcome", "Treatment", "Lag", "Estimator", "Sample"} if lang == "en"
                     else {"结果变量", "解释变量", "滞后", "估计方法", "样本"})


def test_empty_or_incomplete_curves_are_refused():
    curve = small_curve()
    with pytest.raises(ValueError, match="no estimates"):
        plots.specification_curve_figure(curve.assign(estimate=np.nan))
    with pytest.raises(KeyError, match="pvalue"):
        plots.specification_curve_figure(curve.drop(columns="pvalue"))
