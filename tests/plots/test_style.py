"""Palette, highlight colours, the house style, the Chinese font and the source line."""

from __future__ import annotations

import itertools

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib import font_manager

from helpers import i18n, plots
from helpers.plots import style

OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


def test_palette_is_okabe_ito():
    assert set(plots.PALETTE.values()) == OKABE_ITO
    assert len(plots.PALETTE) == 8


def _linear_rgb(hex_colour: str) -> np.ndarray:
    rgb = np.array([int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)])
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of linear sRGB."""
    to_xyz = np.array([[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750],
                       [0.0193339, 0.1191920, 0.9503041]])
    t = to_xyz @ np.clip(linear_rgb, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _ciede2000(lab1, lab2) -> float:
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005), checked below against their test data."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    h1, h2 = np.degrees(np.arctan2(b1, a1)) % 360, np.degrees(np.arctan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_l, d_c, d_h = l2 - l1, c2 - c1, 2 * np.sqrt(c1 * c2) * np.sin(np.radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_mean = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_mean = (h1 + h2) / 2
    else:
        h_mean = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (1 - 0.17 * np.cos(np.radians(h_mean - 30)) + 0.24 * np.cos(np.radians(2 * h_mean))
         + 0.32 * np.cos(np.radians(3 * h_mean + 6)) - 0.20 * np.cos(np.radians(4 * h_mean - 63)))
    rotation = -2 * np.sqrt(c_mean**7 / (c_mean**7 + 25**7)) * np.sin(
        np.radians(60 * np.exp(-(((h_mean - 275) / 25) ** 2))))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / np.sqrt(20 + (l_mean - 50) ** 2)
    s_c, s_h = 1 + 0.045 * c_mean, 1 + 0.015 * c_mean * t
    return float(np.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + rotation * d_c / s_c * d_h / s_h))


#: Machado, Oliveira & Fernandes (2009) simulation of full protanopia, deuteranopia and tritanopia (linear RGB).
_COLOUR_BLINDNESS = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}


def _difference(first: str, second: str, vision: str | None = None) -> float:
    """ΔE00 between two hex colours as seen with normal vision or with ``vision`` simulated."""
    simulate = _COLOUR_BLINDNESS[vision] if vision else np.eye(3)
    return _ciede2000(_lab(simulate @ _linear_rgb(first)), _lab(simulate @ _linear_rgb(second)))


def test_ciede2000_matches_the_published_test_data():
    # Pairs 1, 7, 17 and 25 of Sharma, Wu & Dalal (2005), Table 1.
    for lab1, lab2, expected in [((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
                                 ((50, 0, 0), (50, -1, 2), 2.3669),
                                 ((50, 2.5, 0), (73, 25, -18), 27.1492),
                                 ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644)]:
        assert _ciede2000(np.array(lab1, float), np.array(lab2, float)) == pytest.approx(expected, abs=1e-4)


def _highlights() -> list[str]:
    """Every colour highlight_colours hands out, China's first."""
    return list(dict.fromkeys(plots.highlight_colours([f"C{i}" for i in range(12)] + ["CHN"]).values()))


def test_region_colours_are_distinct_and_from_tol_light():
    assert list(plots.REGION_COLOURS) == list(i18n.REGIONS)
    colours = list(plots.REGION_COLOURS.values())
    assert len(set(colours)) == 7 and set(colours) <= set(plots.TOL_LIGHT.values())
    assert plots.HIGHLIGHT["CHN"] == "#D55E00" and plots.HIGHLIGHT["selected"] == "#0072B2"


@pytest.mark.parametrize("vision", [None, *_COLOUR_BLINDNESS])
def test_every_highlight_colour_differs_clearly_from_every_region_colour_and_each_other(vision):
    # The threshold is Tol's and Okabe–Ito's own: within each palette, simulated colour-blind vision
    # brings the closest pair to about ΔE00 8; with normal vision 15 is far beyond a just noticeable
    # difference (about 1). Measured minima: 15.8 (reddish purple vs pink), 8.5 under deuteranopia
    # (vermillion vs olive); between highlights 23.9 and 11.8 (indigo vs wine under protanopia).
    highlights, regions = _highlights(), list(plots.REGION_COLOURS.values())
    assert len(highlights) == 7
    to_regions = min(_difference(h, r, vision) for h in highlights for r in regions)
    between = min(_difference(a, b, vision) for a, b in itertools.combinations(highlights, 2))
    assert to_regions >= (15 if vision is None else 8)
    assert between >= (20 if vision is None else 10)
    # Grey means "not highlighted": no highlight colour is close to it. (Light region colours are clearly
    # apart from grey in normal vision only; colour-blind readers tell them apart by the legend.)
    assert min(_difference(c, plots.MUTED, vision) for c in highlights) >= (15 if vision is None else 8)
    if vision is None:
        assert min(_difference(c, plots.MUTED) for c in regions) >= 15


def test_highlight_colours_are_darker_than_every_region_colour():
    # The split is by lightness first: it survives every colour-vision deficiency.
    lightness = {c: _lab(_linear_rgb(c))[0] for c in _highlights() + list(plots.REGION_COLOURS.values())}
    assert max(lightness[c] for c in _highlights()) < min(lightness[c] for c in plots.REGION_COLOURS.values())


def test_highlight_colours_china_first_then_blue():
    colours = plots.highlight_colours(["USA", "CHN", "IND"])
    assert colours == {"USA": "#0072B2", "CHN": "#D55E00", "IND": "#CC79A7"}
    many = plots.highlight_colours([f"C{i}" for i in range(8)])
    assert many["C6"] == many["C0"]  # six colours for countries other than China, then they repeat


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


def _source_lines(fig):
    return [artist for artist in fig.get_children() if artist.get_gid() == "source-line"]


def test_add_source_line_replaces_the_previous_one():
    fig, _ = plt.subplots()
    plots.add_source_line(fig, "Source: A.")
    text = plots.add_source_line(fig, "Source: B.")
    assert _source_lines(fig) == [text] and text.get_text() == "Source: B." and text.get_color() == plots.SOURCE_GREY


def _contrast_with_white(hex_colour: str) -> float:
    luminance = float(np.array([0.2126, 0.7152, 0.0722]) @ _linear_rgb(hex_colour))
    return 1.05 / (luminance + 0.05)


def test_source_line_is_readable_wrapped_and_below_everything_else(tmp_path):
    plots.use_style("en")
    assert _contrast_with_white(plots.SOURCE_GREY) >= 4.5  # WCAG 2 AA for normal-size text
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot([0, 1], [0, 1])
    ax.set_xticks([0, 0.5, 1], ["a long rotated tick label", "b", "c"], rotation=90)  # reaches below the figure
    ax.set_xlabel("x label (unit)")
    long = plots.source_text([(f"Publisher number {i} with a long title", "2024") for i in range(8)], "en")
    line = plots.add_source_line(fig, long)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = line.get_window_extent(renderer)
    drawn = [ax.get_tightbbox(renderer), ax.xaxis.label.get_window_extent(renderer)]
    assert all(box.y1 < other.y0 for other in drawn)  # under the tick labels and the x label
    assert "\n" in line.get_text() and line.get_text().replace("\n", " ") == long
    assert box.width <= ax.get_tightbbox(renderer).width + 1
    assert line.get_fontsize() >= plots.SOURCE_SIZE >= 8.5
    # Kept in the saved image, whole.
    plots.save_figure(fig, tmp_path, "wrapped")


def test_source_line_grows_with_wide_figures_up_to_a_limit():
    sizes = []
    for width in (6, 11, 30):
        fig, _ax = plt.subplots(figsize=(width, 3))
        line = plots.add_source_line(fig, "Source: A.")
        fig.canvas.draw()
        sizes.append(line.get_fontsize())
        plt.close(fig)
    assert sizes[0] == plots.SOURCE_SIZE < sizes[1] < sizes[2] == plots.SOURCE_SIZE_MAX


def test_wrap_breaks_chinese_between_characters_but_not_before_punctuation():
    text = "资料来源：联合国经济和社会事务部 (2024)；世界银行 (2024)。digimod。"
    lines = plots.wrap_to_width(text, 8, len).splitlines()
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(not line.startswith(("：", "；", "。")) for line in lines)
    assert plots.wrap_to_width("one\ntwo three", 100, len) == "one\ntwo three"
