"""The project's one figure style: palette, highlight colours, fonts, rcParams and the source line.

Every chart builder in :mod:`helpers.plots` colours from the constants here, so a country keeps its
colour across charts and notebooks.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Sequence
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

from .. import i18n

# --- colours --------------------------------------------------------------------------------------

#: Okabe & Ito (2008) colour-blind-safe palette.
PALETTE: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
#: Countries that are not highlighted, and cells/points without a category.
MUTED = "#B8B8B8"
#: Reference lines (a world median, a peer-group mean): dashed, dark grey, never a highlight colour.
REFERENCE_COLOUR = "#444444"
SOURCE_GREY = "#666666"

#: Vermillion is kept out of the region colours so China is always unmistakable.
REGION_COLOURS: dict[str, str] = {
    "East Asia & Pacific": PALETTE["orange"],
    "Europe & Central Asia": PALETTE["sky_blue"],
    "Latin America & Caribbean": PALETTE["bluish_green"],
    "Middle East & North Africa": PALETTE["yellow"],
    "North America": PALETTE["black"],
    "South Asia": PALETTE["reddish_purple"],
    "Sub-Saharan Africa": PALETTE["blue"],
}
#: China always vermillion; the country a notebook is about (its ``country`` parameter) blue.
HIGHLIGHT: dict[str, str] = {"CHN": PALETTE["vermillion"], "selected": PALETTE["blue"]}
#: Further highlighted countries, after China and the selected country, take these in order.
_EXTRA_HIGHLIGHTS = ("orange", "bluish_green", "reddish_purple", "sky_blue", "black", "yellow")

PROCESS_COLOURS: dict[str, str] = {
    "industrialization": PALETTE["blue"],
    "informatization": PALETTE["bluish_green"],
    "urbanization": PALETTE["orange"],
    "agricultural_modernization": PALETTE["reddish_purple"],
}

# --- fonts and style ------------------------------------------------------------------------------

CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
CJK_FONT_NAME = "Noto Sans CJK SC"
LATIN_FONT_NAME = "DejaVu Sans"


class FontMissingError(RuntimeError):
    """The Chinese font shipped by ``mplfonts`` cannot be found."""


def cjk_font_path() -> Path:
    """Path of Noto Sans CJK SC inside the installed ``mplfonts`` package.

    ``find_spec`` locates the package without importing it: importing ``mplfonts`` pulls in its
    font-management CLI, which we do not need.
    """
    spec = importlib.util.find_spec("mplfonts")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / "fonts" / CJK_FONT_FILE
        if path.is_file():
            return path
    raise FontMissingError(
        f"the Chinese font {CJK_FONT_FILE} was not found (it ships with the `mplfonts` package"
        f"{', looked in ' + ', '.join(folders) if folders else ', which is not installed'}). "
        "Run `make setup` to install the pinned dependencies."
    )


def register_cjk_font() -> Path:
    """Make Noto Sans CJK SC known to matplotlib (once per process) and return its path."""
    path = cjk_font_path()
    # addfont appends on every call; registering twice would only grow the font list.
    if not any(Path(entry.fname) == path for entry in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(str(path))
    return path


def style_params(lang: str = "en") -> dict[str, object]:
    """The rcParams :func:`use_style` sets (exposed for ``matplotlib.rc_context``)."""
    i18n.check_lang(lang)
    return {
        # Matplotlib ≥ 3.6 falls back glyph by glyph along font.family: Latin text keeps DejaVu Sans,
        # Chinese characters come from Noto Sans CJK SC. Both fonts have U+2212, so the true minus
        # sign stays on in both languages.
        "font.family": [LATIN_FONT_NAME, CJK_FONT_NAME],
        "axes.unicode_minus": True,
        "font.size": 10,
        "axes.titlesize": 12,
        "axes.labelsize": 10,
        "xtick.labelsize": 9,
        "ytick.labelsize": 9,
        "legend.fontsize": 9,
        "legend.frameon": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.axisbelow": True,
        "grid.color": "#E3E3E3",
        "grid.linewidth": 0.6,
        "axes.prop_cycle": mpl.cycler(color=list(PALETTE.values())[1:] + [PALETTE["black"]]),
        "figure.figsize": (8.0, 5.0),
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "savefig.bbox": "tight",
        "savefig.pad_inches": 0.15,
        "svg.fonttype": "path",
        # A fixed salt makes SVG element ids (clip paths, glyphs) identical from run to run.
        "svg.hashsalt": "digimod",
        # Labels come from data (codebook names contain "$"), so "$...$" must not turn into mathtext.
        "text.parse_math": False,
    }


def use_style(lang: str = "en") -> None:
    """Apply the project style and register the Chinese font.

    Parameters
    ----------
    lang : ``"en"`` or ``"zh"``; both get the same look (the font fallback covers Chinese).

    Raises
    ------
    FontMissingError
        ``mplfonts`` (which ships the Chinese font) is not installed: run ``make setup``.
    ValueError
        Unknown language.
    """
    settings = style_params(lang)
    register_cjk_font()
    mpl.rcParams.update(settings)


def highlight_colours(codes: Iterable[str]) -> dict[str, str]:
    """Colours for highlighted countries: China vermillion, the first other one blue, then the rest.

    Chart builders colour from the whole ``highlight`` list they are given, present in the data or not,
    so a report that passes the same list to every chart keeps each country's colour throughout.
    """
    others = [HIGHLIGHT["selected"], *(PALETTE[name] for name in _EXTRA_HIGHLIGHTS)]
    colours: dict[str, str] = {}
    n_others = 0
    for code in dict.fromkeys(codes):
        if code == "CHN":
            colours[code] = HIGHLIGHT["CHN"]
        else:
            # Beyond eight highlights colours repeat; the name labels still tell the lines apart.
            colours[code] = others[n_others % len(others)]
            n_others += 1
    return colours


# --- source line ----------------------------------------------------------------------------------


def source_text(sources: Sequence[tuple[str, str]], lang: str) -> str:
    """The figure's sources line, e.g. ``Source: UN DESA E-Government Survey (2024); World Bank WDI (2024). digimod.``

    Parameters
    ----------
    sources : (publisher/title, release) pairs; an empty release prints the title alone.
    lang : ``"zh"`` starts with "资料来源：" and uses Chinese punctuation.
    """
    if not sources:
        raise ValueError("source_text needs at least one (title, release) pair: every figure names its data")
    parts = [f"{title} ({release})" if str(release).strip() else str(title) for title, release in sources]
    return i18n.t("source_line", lang, sources=i18n.t("source_separator", lang).join(parts))


def add_source_line(fig: mpl.figure.Figure, text: str) -> mpl.text.Text:
    """Write ``text`` in small grey type under the figure's bottom-left corner.

    It sits just below the figure box (``savefig.bbox = "tight"`` grows the saved image to include
    it), so it never overlaps tick labels. Calling again replaces the previous line.
    """
    for old in [t for t in fig.texts if t.get_gid() == "source-line"]:
        old.remove()
    return fig.text(
        0.01, 0.0, text, ha="left", va="top", fontsize=7, color=SOURCE_GREY, gid="source-line", wrap=True
    )
