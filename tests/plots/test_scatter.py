"""Scatter charts with a fit line and named highlights."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers import i18n, plots, stats


@pytest.fixture
def cross_section() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    codes = [f"C{i:02d}" for i in range(20)] + ["CHN", "USA", "IND"]
    regions = [*i18n.REGIONS, None]
    return pd.DataFrame(
        {"iso3": codes, "region": [regions[i % len(regions)] for i in range(len(codes))],
         "IT.NET.USER.ZS": rng.uniform(5, 99, len(codes)), "GE.EST": rng.normal(0, 1, len(codes))}
    )


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def _legend_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


@pytest.mark.parametrize(
    ("lang", "names", "xlabel"),
    [
        ("en", ["China", "United States"], "Individuals using the Internet (% of population)"),
        ("zh", ["中国", "美国"], "互联网用户占人口比例（占人口的%）"),
    ],
)
def test_scatter_labels_highlighted_countries(cross_section, countries, lang, names, xlabel, tmp_path):
    plots.use_style(lang)
    fig, ax = plots.scatter_with_fit(
        cross_section, "IT.NET.USER.ZS", "GE.EST", highlight=("CHN", "USA"), lang=lang, countries=countries
    )
    assert sorted(_texts(ax)) == sorted(names)
    assert ax.get_xlabel() == xlabel and ax.get_ylabel().startswith(i18n.indicator_label("GE.EST", lang, False))
    assert ax.get_title()
    legend = _legend_texts(ax)
    assert i18n.t("East Asia & Pacific", lang) in legend and i18n.t("fitted_line", lang) in legend
    assert i18n.t("not_classified", lang) in legend  # the row without a region
    china = [c for c in ax.collections if len(c.get_offsets()) == 1 and c.get_sizes()[0] > 50]
    assert {mpl.colors.to_hex(c.get_facecolor()[0]).upper() for c in china} == {"#D55E00", "#0072B2"}
    assert plots.save_figure(fig, tmp_path, "scatter")["svg"].stat().st_size > 0


def test_scatter_fit_line_is_the_ols_line():
    frame = pd.DataFrame({"iso3": list("ABCDE"), "region": ["South Asia"] * 5, "x": [1.0, 2, 3, 4, 5]})
    frame["y"] = 2 * frame["x"] + 1
    _fig, ax = plots.scatter_with_fit(frame, "x", "y", highlight=())
    (line,) = [ln for ln in ax.lines if ln.get_label() == i18n.t("fitted_line", "en")]
    np.testing.assert_allclose(line.get_ydata(), 2 * line.get_xdata() + 1)
    assert ax.get_xlabel() == "x" and ax.get_title() == "y vs x"


def test_scatter_logx_drops_non_positive_values():
    frame = pd.DataFrame({"iso3": ["A", "B", "C", "D"], "region": ["South Asia"] * 4, "x": [0.0, 10, 100, 1000],
                          "y": [1.0, 2, 3, 4]})
    _fig, ax = plots.scatter_with_fit(frame, "x", "y", highlight=(), logx=True)
    assert ax.get_xscale() == "log"
    assert sum(len(c.get_offsets()) for c in ax.collections) == 3


def test_scatter_names_without_a_country_table_fall_back_to_frame_columns(cross_section):
    frame = cross_section.assign(name_en=cross_section["iso3"].replace({"IND": "India"}), name_zh=None)
    _fig, ax = plots.scatter_with_fit(frame, "IT.NET.USER.ZS", "GE.EST", highlight=("IND",), lang="zh")
    assert _texts(ax) == ["India"]


def test_change_paths_draws_the_cloud_and_the_highlighted_path():
    # A: complete in 2003, 2005, 2008 (2004 lacks y); B: first complete row is 2004; C: one complete row.
    small_panel = pd.DataFrame({"iso3": ["A", "A", "A", "A", "B", "B", "B", "C", "C"],
                                "year": [2003, 2004, 2005, 2008, 2003, 2004, 2008, 2003, 2004],
                                "x": [0.2, 0.3, 0.4, 0.6, np.nan, 0.5, 0.45, 0.1, np.nan],
                                "y": [-1.0, np.nan, -0.5, 0.0, 1.0, 1.2, 1.5, 0.3, 0.4]})
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


def test_highlight_names_stay_readable_in_a_dense_cloud():
    # Twenty highlighted-free dots piled on China and the United States: the names go where they cover
    # neither each other nor a highlighted point, above the dots, with a white halo.
    rng = np.random.default_rng(2)
    frame = pd.DataFrame({"iso3": [f"C{i:03d}" for i in range(200)] + ["CHN", "USA"],
                          "region": ["East Asia & Pacific"] * 202,
                          "x": np.r_[rng.normal(50, 3, 200), 50.0, 51.0], "y": np.r_[rng.normal(5, 0.3, 200), 5.0, 5.1]})
    plots.use_style("en")
    fig, ax = plots.scatter_with_fit(frame, "x", "y", highlight=("CHN", "USA"), countries=pd.DataFrame(
        {"iso3": ["CHN", "USA"], "name_en": ["China", "United States"], "name_zh": ["中国", "美国"]}))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    names = [t for t in ax.texts if t.get_text() in {"China", "United States"}]
    boxes = [mpl.text.Text.get_window_extent(t, renderer) for t in names]
    assert len(boxes) == 2 and not boxes[0].overlaps(boxes[1])
    points = ax.transData.transform([(50.0, 5.0), (51.0, 5.1)])
    assert not any(box.contains(*point) for box in boxes for point in points)
    dots = max(c.get_zorder() for c in ax.collections)
    assert all(t.get_zorder() > dots and t.get_path_effects() for t in names)
    plt.close(fig)


def test_region_and_highlight_colours_in_a_scatter_never_coincide(cross_section, countries):
    _fig, ax = plots.scatter_with_fit(cross_section, "IT.NET.USER.ZS", "GE.EST", highlight=("CHN", "USA", "IND"),
                                      countries=countries)
    def faces(big: bool) -> set[str]:
        return {mpl.colors.to_hex(c.get_facecolor()[0]).upper() for c in ax.collections
                if len(c.get_offsets()) and (c.get_sizes()[0] > 50) == big}

    highlighted, context = faces(big=True), faces(big=False)
    assert highlighted == set(plots.highlight_colours(("CHN", "USA", "IND")).values())
    assert context <= {*plots.REGION_COLOURS.values(), plots.MUTED} and not highlighted & context
    plt.close("all")
