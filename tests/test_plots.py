"""Figure style, fonts, reproducible saving and the chart builders."""

from __future__ import annotations

import warnings

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.collections import PolyCollection, QuadMesh

from helpers import i18n, plots

OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


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


# --- palette and style ----------------------------------------------------------------------------


def test_palette_is_okabe_ito():
    assert set(plots.PALETTE.values()) == OKABE_ITO
    assert len(plots.PALETTE) == 8


def test_region_colours_are_distinct_okabe_ito_and_leave_china_unique():
    assert list(plots.REGION_COLOURS) == list(i18n.REGIONS)
    colours = list(plots.REGION_COLOURS.values())
    assert len(set(colours)) == 7 and set(colours) <= OKABE_ITO
    assert plots.HIGHLIGHT["CHN"] == "#D55E00" and plots.HIGHLIGHT["CHN"] not in colours
    assert plots.HIGHLIGHT["selected"] == "#0072B2"


def test_highlight_colours_china_first_then_blue():
    colours = plots.highlight_colours(["USA", "CHN", "IND"])
    assert colours == {"USA": "#0072B2", "CHN": "#D55E00", "IND": "#E69F00"}


def test_use_style_sets_the_house_style():
    plots.use_style("zh")
    rc = mpl.rcParams
    assert rc["font.family"] == ["DejaVu Sans", "Noto Sans CJK SC"]
    assert rc["svg.fonttype"] == "path" and rc["svg.hashsalt"] == "digimod"
    assert rc["savefig.dpi"] == 150
    # Both fonts have U+2212 and DejaVu Sans (first in the list) draws it, so the true minus stays on.
    assert rc["axes.unicode_minus"]
    assert not rc["axes.spines.top"] and not rc["axes.spines.right"] and rc["axes.grid"]


def test_use_style_rejects_unknown_language():
    with pytest.raises(ValueError, match="'en', 'zh'"):
        plots.use_style("fr")


def test_cjk_font_is_registered_once():
    plots.use_style("en")
    plots.use_style("zh")
    path = plots.cjk_font_path()
    entries = [f for f in font_manager.fontManager.ttflist if f.fname == str(path)]
    assert entries and len({(f.name, f.weight) for f in entries}) == len(entries)
    found = font_manager.findfont(font_manager.FontProperties(family="Noto Sans CJK SC"), fallback_to_default=False)
    assert found == str(path)


def test_missing_font_says_run_make_setup(monkeypatch):
    monkeypatch.setattr(plots.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(plots.FontMissingError, match="make setup"):
        plots.use_style("zh")


# --- Chinese text, saving, reproducibility --------------------------------------------------------


def _chinese_figure():
    fig, ax = plt.subplots()
    ax.plot([-2, -1, 0, 1], [-0.5, 0.2, 0.1, 0.9], label=i18n.t("china", "zh"))
    ax.set_title("互联网用户与政府效能")
    ax.set_xlabel(i18n.indicator_label("GE.EST", "zh"))  # includes "≈ −2.5" (U+2212) and full-width brackets
    ax.set_ylabel(i18n.t("coefficient", "zh"))
    ax.legend()
    plots.add_source_line(fig, plots.source_text([("World Bank WGI", "2024")], "zh"))
    return fig


def test_chinese_figure_saves_png_and_svg_without_warnings(tmp_path):
    plots.use_style("zh")
    fig = _chinese_figure()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would be a UserWarning
        paths = plots.save_figure(fig, tmp_path / "figs", "chinese")
    assert set(paths) == {"png", "svg"}
    png, svg = paths["png"].read_bytes(), paths["svg"].read_text(encoding="utf-8")
    assert png.startswith(b"\x89PNG") and len(png) > 1000
    # Glyphs are paths (no <text>), and the Chinese ones come from Noto Sans CJK SC.
    assert "<text" not in svg and 'id="NotoSansCJKsc-Regular-' in svg and 'id="DejaVuSans-' in svg
    assert not plt.fignum_exists(fig.number)


def test_without_the_cjk_font_chinese_glyphs_would_be_missing(tmp_path):
    # The control for the test above: the warning filter really catches missing glyphs.
    plots.use_style("zh")
    mpl.rcParams["font.family"] = ["DejaVu Sans"]
    fig, ax = plt.subplots()
    ax.set_title("中国")
    with pytest.warns(UserWarning, match="missing from font"):
        fig.savefig(tmp_path / "x.png")


def test_saving_twice_is_byte_identical(tmp_path):
    plots.use_style("zh")
    first = plots.save_figure(_chinese_figure(), tmp_path / "a", "fig")
    second = plots.save_figure(_chinese_figure(), tmp_path / "b", "fig")
    for fmt in ("png", "svg"):
        assert first[fmt].read_bytes() == second[fmt].read_bytes(), fmt
    svg = first["svg"].read_text(encoding="utf-8")
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert b"Software" not in first["png"].read_bytes()


def test_save_figure_replaces_files_and_leaves_no_temporaries(tmp_path):
    plots.use_style("en")
    for _ in range(2):
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, 1])
        plots.save_figure(fig, tmp_path, "line")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["line.png", "line.svg"]


def test_save_figure_rejects_paths_as_names(tmp_path):
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="plain file name"):
        plots.save_figure(fig, tmp_path, "sub/fig")


def test_source_text_in_both_languages():
    sources = [("UN DESA E-Government Survey", "2024"), ("World Bank WDI", "2024"), ("Gapminder", "")]
    assert plots.source_text(sources, "en") == (
        "Source: UN DESA E-Government Survey (2024); World Bank WDI (2024); Gapminder. digimod."
    )
    assert plots.source_text(sources[:2], "zh") == (
        "资料来源：UN DESA E-Government Survey (2024)；World Bank WDI (2024)。digimod。"
    )
    with pytest.raises(ValueError, match="at least one"):
        plots.source_text([], "en")


def test_add_source_line_replaces_the_previous_one():
    fig, _ = plt.subplots()
    plots.add_source_line(fig, "Source: A.")
    text = plots.add_source_line(fig, "Source: B.")
    lines = [t for t in fig.texts if t.get_gid() == "source-line"]
    assert lines == [text] and text.get_text() == "Source: B." and text.get_color() == plots.SOURCE_GREY


# --- chart builders -------------------------------------------------------------------------------


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


@pytest.fixture
def processes() -> pd.DataFrame:
    return pd.DataFrame(
        {"country": ["CHN"] * 4 + ["USA"] * 4,
         "process": list(i18n.PROCESSES) * 2,
         "start": [1953, 1994, 1978, 1980, 1850, 1950, None, 1870],
         "end": [2015, None, 2011, 2020, 1960, 2005, None, 1940],
         "start_status": ["observed", "interpolated", "observed", "observed", "censored", "observed", None,
                          "interpolated"],
         "end_status": ["interpolated", "censored", "observed", "censored", "observed", "observed", None,
                        "observed"]}
    )


def test_timeline_draws_one_bar_per_started_process(processes, countries):
    plots.use_style("zh")
    _fig, ax = plots.timeline(processes, lang="zh", countries=countries)
    assert len(ax.patches) == 7  # USA urbanization has no start year
    assert [t.get_text() for t in ax.get_yticklabels()] == ["中国", "美国"]
    censored = [ln for ln in ax.lines if ln.get_marker() in {">", "<"}]
    assert len(censored) == 3  # CHN informatization end (missing end), CHN agri end, USA industrialization start
    legend = _legend_texts(ax)
    for key in ("observed", "interpolated", "censored", *i18n.PROCESSES):
        assert i18n.t(key, "zh") in legend
    colours = {mpl.colors.to_hex(p.get_facecolor()[:3]).upper() for p in ax.patches}
    assert len(colours) == 4


def test_timeline_rejects_unknown_status_and_backwards_bars(processes):
    bad = processes.assign(end_status=processes["end_status"].replace({"observed": "guessed"}))
    with pytest.raises(ValueError, match="guessed"):
        plots.timeline(bad)
    backwards = processes.assign(end=processes["end"].replace({2015: 1900}))
    with pytest.raises(ValueError, match=r"CHN industrialization ends \(1900.0\) before it starts \(1953.0\)"):
        plots.timeline(backwards)


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
    assert ax.get_xlabel() == "Year" and ax.get_ylabel() == "Coefficient"
    assert all(float(t).is_integer() for t in ax.get_xticks())


def test_coverage_heatmap_labels_rows_and_checks_shares():
    matrix = pd.DataFrame([[0.1, 0.5, np.nan], [1.0, 0.9, 0.8]], index=["un_egov.egdi", "custom"],
                          columns=[2020, 2021, 2022])
    _fig, ax = plots.coverage_heatmap(matrix, lang="zh")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["电子政务发展指数", "custom"]
    assert any(isinstance(c, QuadMesh) for c in ax.collections)
    with pytest.raises(ValueError, match="between 0 and 1"):
        plots.coverage_heatmap(matrix * 100)


def test_line_trajectories_grey_lines_and_labelled_highlights(countries):
    frame = pd.DataFrame(
        [(code, year, year - 2000 + i) for i, code in enumerate(["CHN", "USA", "A", "B", "C"])
         for year in range(2000, 2006)],
        columns=["iso3", "year", "IT.NET.USER.ZS"],
    )
    _fig, ax = plots.line_trajectories(frame, y="IT.NET.USER.ZS", highlight=("CHN", "USA"), countries=countries)
    (grey,) = ax.collections
    assert len(grey.get_segments()) == 3
    assert [ln.get_label() for ln in ax.lines] == ["China", "United States"]
    assert sorted(_texts(ax)) == ["China", "United States"]
    assert ax.get_ylabel() == "Individuals using the Internet (% of population)"


def test_line_trajectories_in_time_order_on_a_log_axis(countries):
    # Income falls in 2002: in time order the path goes back; sorted by x it would zigzag.
    frame = pd.DataFrame({
        "iso3": ["CHN"] * 4 + ["A"] * 3,
        "year": [2000, 2001, 2002, 2003, 2000, 2001, 2002],
        "income": [1000.0, 2000.0, 1500.0, 3000.0, 0.0, 500.0, 800.0],
        "phones": [1.0, 5.0, 6.0, 9.0, 2.0, 3.0, 4.0],
    })
    _fig, ax = plots.line_trajectories(frame, x="income", y="phones", highlight=("CHN",), order_by="year",
                                       logx=True, legend_loc="upper left", countries=countries)
    (china,) = ax.lines
    assert list(china.get_xdata()) == [1000.0, 2000.0, 1500.0, 3000.0]
    # The non-positive income cannot sit on a log axis: A's path starts at 500.
    (grey,) = ax.collections
    assert grey.get_segments()[0][:, 0].tolist() == [500.0, 800.0]
    assert ax.get_xscale() == "log" and ax.get_legend()._loc == 2  # 2 = upper left
    by_x = plots.line_trajectories(frame, x="income", y="phones", highlight=("CHN",), countries=countries)[1]
    assert list(by_x.lines[0].get_xdata()) == [1000.0, 1500.0, 2000.0, 3000.0]
    with pytest.raises(ValueError, match="x > 0"):
        plots.line_trajectories(frame[frame["income"] <= 0], x="income", y="phones", logx=True)


def test_png_display_width_shows_the_figure_at_screen_size(tmp_path):
    fig, _ = plt.subplots(figsize=(4, 3), dpi=100)
    fig.savefig(tmp_path / "f.png", dpi=150)
    plt.close(fig)
    png = (tmp_path / "f.png").read_bytes()
    assert plots.png_display_width(png, figure_dpi=100, png_dpi=150) == 400
    with pytest.raises(ValueError, match="not a PNG"):
        plots.png_display_width(b"<svg/>", 100, 150)


def test_in_a_kernel_save_figure_displays_the_saved_png(tmp_path, monkeypatch):
    import IPython.display

    plots.use_style("en")
    shown = []
    monkeypatch.setattr(plots, "_in_notebook_kernel", lambda: True)
    monkeypatch.setattr(IPython.display, "display", shown.append)
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1], [0, 1])
    paths = plots.save_figure(fig, tmp_path, "line")
    (image,) = shown
    assert image.data == paths["png"].read_bytes()
    assert image.alt == "line"  # no titles or labels: the figure's name
    # 150-dpi file shown at the figure's 100-dpi size (bbox "tight" trims a little).
    assert 300 < image.width <= 420


def test_spread_apart_moves_least_and_keeps_order():
    assert plots.spread_apart([0.0, 1.0, 10.0], gap=4.0).tolist() == [-1.5, 2.5, 10.0]
    assert plots.spread_apart([5.0, 0.0, 20.0], gap=3.0).tolist() == [5.0, 0.0, 20.0]  # already apart
    rng = np.random.default_rng(0)
    wished = rng.normal(size=30)
    placed = plots.spread_apart(wished, gap=0.5)
    order = np.argsort(wished, kind="stable")
    assert np.all(np.diff(placed[order]) >= 0.5 - 1e-9)
    # Least squares within a block: the mean position does not move.
    assert placed.mean() == pytest.approx(wished.mean())
    assert plots.spread_apart([], gap=1.0).size == 0


def test_end_labels_do_not_overlap_when_drawn_even_on_an_inverted_axis():
    fig, ax = plt.subplots(figsize=(4, 3))
    labels = plots.EndLabels(ax)
    texts = [labels.add(name, 2024, value) for name, value in [("A", 40.0), ("B", 41.0), ("C", 42.5), ("D", 90.0)]]
    ax.set_xlim(2000, 2025)
    ax.set_ylim(100, 0)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    centres = [t.get_window_extent(renderer).y0 + t.get_window_extent(renderer).height / 2 for t in texts]
    gap_px = 11.0 * fig.dpi / 72
    close = sorted(centres[:3])
    assert np.all(np.diff(close) >= gap_px - 0.5)
    # Inverted: the larger value sits lower, and D (far from the others) stays at its own height.
    assert centres[2] < centres[0]
    assert centres[3] == pytest.approx(ax.transData.transform((2024, 90.0))[1], abs=0.5)
    plt.close(fig)


def test_line_trajectories_reference_lines_and_legend_without_other_countries(countries):
    frame = pd.DataFrame(
        [(code, year, year - 2000 + i) for i, code in enumerate(["CHN", "USA", "World median"])
         for year in range(2000, 2004)],
        columns=["iso3", "year", "IT.NET.USER.ZS"],
    )
    _fig, ax = plots.line_trajectories(frame, y="IT.NET.USER.ZS", highlight=("CHN", "USA"),
                                       reference=("World median",), countries=countries)
    reference = next(ln for ln in ax.lines if ln.get_label() == "World median")
    assert reference.get_linestyle() == "--" and reference.get_color() == plots.REFERENCE_COLOUR
    assert not ax.collections  # no other countries: no grey lines ...
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["China", "United States", "World median"]  # ... and no "Other countries" entry
    assert sorted(_texts(ax)) == ["China", "United States", "World median"]


def test_a_country_keeps_its_colour_when_another_highlight_has_no_data(countries):
    rows = [(code, year, float(year - 2000)) for code in ["CHN", "IND", "USA"] for year in range(2000, 2003)]
    frame = pd.DataFrame(rows, columns=["iso3", "year", "IT.NET.USER.ZS"])
    highlight = ("CHN", "IND", "USA")
    full = plots.line_trajectories(frame, y="IT.NET.USER.ZS", highlight=highlight, countries=countries)[1]
    without_india = plots.line_trajectories(frame[frame["iso3"] != "IND"], y="IT.NET.USER.ZS", highlight=highlight,
                                            countries=countries)[1]
    colour = {ln.get_label(): ln.get_color() for ln in full.lines}
    assert {ln.get_label(): ln.get_color() for ln in without_india.lines} == {
        "China": colour["China"], "United States": colour["United States"]}
    plt.close("all")


def test_figure_alt_text_lists_titles_then_axis_labels():
    fig, axes = plt.subplots(1, 2)
    fig.suptitle("互联网用户")
    axes[0].set_title("Fixed")
    axes[1].set_title("Mobile")
    axes[0].set(xlabel="Income", ylabel="per 100 people")
    axes[1].set(xlabel="Income", ylabel="per 100 people")
    assert plots.figure_alt_text(fig, "fallback") == "互联网用户; Fixed; Mobile; Income; per 100 people"
    plt.close(fig)
