"""Tests for the notebook-02 additions to helpers.stats (and its two charts), with hand-computed answers."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers import plots, stats


@pytest.fixture
def small_panel() -> pd.DataFrame:
    # A: complete in 2003, 2005, 2008 (2004 lacks y); B: first complete row is 2004; C: one complete row.
    return pd.DataFrame(
        {
            "iso3": ["A", "A", "A", "A", "B", "B", "B", "C", "C"],
            "year": [2003, 2004, 2005, 2008, 2003, 2004, 2008, 2003, 2004],
            "x": [0.2, 0.3, 0.4, 0.6, np.nan, 0.5, 0.45, 0.1, np.nan],
            "y": [-1.0, np.nan, -0.5, 0.0, 1.0, 1.2, 1.5, 0.3, 0.4],
        }
    )


def test_changes_since_first_uses_the_first_complete_row(small_panel):
    paths = stats.changes_since_first(small_panel, ["x", "y"])
    assert list(paths.columns) == ["iso3", "year", "first_year", "x", "x_change", "y", "y_change"]
    assert list(zip(paths["iso3"], paths["year"], strict=True)) == [
        ("A", 2003), ("A", 2005), ("A", 2008), ("B", 2004), ("B", 2008), ("C", 2003)
    ]
    a = paths[paths["iso3"] == "A"]
    np.testing.assert_allclose(a["x_change"], [0.0, 0.2, 0.4])
    np.testing.assert_allclose(a["y_change"], [0.0, 0.5, 1.0])
    b = paths[paths["iso3"] == "B"]
    assert (b["first_year"] == 2004).all()  # 2003 lacks x, so B's baseline is 2004
    np.testing.assert_allclose(b["x_change"], [0.0, -0.05])
    np.testing.assert_allclose(b["y_change"], [0.0, 0.3])


def test_changes_since_first_accepts_an_index_and_a_single_column(small_panel):
    paths = stats.changes_since_first(small_panel.set_index(["iso3", "year"]), "x")
    assert len(paths) == 7  # every row with x
    assert paths.loc[(paths["iso3"] == "B") & (paths["year"] == 2008), "x_change"].item() == pytest.approx(-0.05)


def test_first_last_changes_are_long_differences(small_panel):
    table = stats.first_last_changes(small_panel, ["x", "y"])
    assert list(table["iso3"]) == ["A", "B"]  # C has a single complete row
    a = table.set_index("iso3").loc["A"]
    assert (a["first_year"], a["last_year"], a["n_obs"]) == (2003, 2008, 3)
    assert a["x_first"] == pytest.approx(0.2) and a["x_last"] == pytest.approx(0.6)
    assert a["x_change"] == pytest.approx(0.4) and a["y_change"] == pytest.approx(1.0)
    b = table.set_index("iso3").loc["B"]
    assert b["y_change"] == pytest.approx(0.3) and b["first_year"] == 2004


def test_first_last_changes_refuses_duplicate_rows(small_panel):
    with pytest.raises(ValueError, match="several rows"):
        stats.first_last_changes(pd.concat([small_panel, small_panel.head(1)]), ["x", "y"])


def _fake_result(coef: float, nobs: int) -> stats.RegressionResult:
    return stats.RegressionResult(
        dependent="y", regressors=["x"], params={"x": coef}, std_errors={"x": 0.1}, pvalues={"x": 0.5},
        conf_int={"x": (coef - 0.2, coef + 0.2)}, nobs=nobs, r2=0.0, r2_within=0.0, cov_type="test",
        model="Two-way FE", n_entities=2,
    )


def test_within_standardized_coef_by_hand():
    frame = pd.DataFrame({"iso3": ["A", "A", "B", "B"], "year": [1, 2, 1, 2],
                          "x": [1.0, 3.0, 0.0, 4.0], "y": [2.0, 6.0, 1.0, 1.0]})
    # Demeaned x: −1, 1, −2, 2 → sd √2.5; demeaned y: −2, 2, 0, 0 → sd √2 (population sd, ddof 0).
    value = stats.within_standardized_coef(frame, _fake_result(0.5, 4))
    assert value == pytest.approx(0.5 * math.sqrt(2.5) / math.sqrt(2.0))


def test_within_standardized_coef_matches_an_independent_computation():
    rng = np.random.default_rng(3)
    index = pd.MultiIndex.from_product([[f"E{i}" for i in range(12)], range(2000, 2006)], names=["iso3", "year"])
    frame = pd.DataFrame(index=index).reset_index()
    effect = frame["iso3"].map({f"E{i}": rng.normal() * 2 for i in range(12)})
    frame["x"] = rng.normal(size=len(frame)) + effect
    frame["y"] = 0.8 * frame["x"] + effect + rng.normal(size=len(frame))
    frame.loc[[3, 17], "y"] = np.nan  # the estimation sample excludes these rows
    result = stats.twoway_fe(frame, "y", "x")
    used = frame.dropna()
    x_within = used["x"] - used.groupby("iso3")["x"].transform("mean")
    y_within = used["y"] - used.groupby("iso3")["y"].transform("mean")
    expected = result.params["x"] * np.std(x_within) / np.std(y_within)
    assert stats.within_standardized_coef(frame, result) == pytest.approx(expected, rel=1e-12)


def test_within_standardized_coef_checks_its_inputs():
    frame = pd.DataFrame({"iso3": ["A", "A", "B", "B"], "year": [1, 2, 1, 2],
                          "x": [1.0, 3.0, 0.0, 4.0], "y": [2.0, 6.0, 1.0, 1.0]})
    with pytest.raises(ValueError, match="pass the fitted frame"):
        stats.within_standardized_coef(frame, _fake_result(0.5, 3))
    with pytest.raises(KeyError, match="'z'"):
        stats.within_standardized_coef(frame, _fake_result(0.5, 4), term="z")
    flat = frame.assign(y=[1.0, 1.0, 2.0, 2.0])
    with pytest.raises(ValueError, match="does not vary"):
        stats.within_standardized_coef(flat, _fake_result(0.5, 4))


# --- the notebook's two charts (smoke tests: they draw, label and keep the highlight colours) -------


def test_change_paths_draws_the_cloud_and_the_highlighted_path(small_panel):
    plots.use_style("en")
    changes = stats.first_last_changes(small_panel, ["x", "y"]).assign(region="Europe & Central Asia")
    paths = stats.changes_since_first(small_panel, ["x", "y"])
    fig, ax = plots.change_paths(changes, paths, "x_change", "y_change", highlight=["A"], title="t")
    path_lines = [line for line in ax.get_lines() if line.get_label() == "A, edition by edition"]
    assert len(path_lines) == 1
    np.testing.assert_allclose(path_lines[0].get_xdata(), [0.0, 0.2, 0.4])
    assert path_lines[0].get_color() == plots.highlight_colours(["A"])["A"]
    assert "A, edition by edition" in [text.get_text() for text in ax.get_legend().get_texts()]
    plt.close(fig)


def test_estimate_forest_in_chinese():
    plots.use_style("zh")
    frame = pd.DataFrame({"label": ["混合OLS", "双向固定效应"], "coef": [0.26, 0.05],
                          "ci_low": [0.2, 0.01], "ci_high": [0.32, 0.09]})
    fig, ax = plots.estimate_forest(frame, lang="zh", title="标题")
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["混合OLS", "双向固定效应"]
    assert "95%置信区间" in [text.get_text() for text in ax.get_legend().get_texts()]
    plt.close(fig)
    with pytest.raises(ValueError, match="no estimates"):
        plots.estimate_forest(frame.iloc[0:0])
