"""Palette, highlight colours, the house style, the Chinese font and the source line."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest
from matplotlib import font_manager

from helpers import i18n, plots
from helpers.plots import style

OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


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
    monkeypatch.setattr(style.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(plots.FontMissingError, match="make setup"):
        plots.use_style("zh")


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
