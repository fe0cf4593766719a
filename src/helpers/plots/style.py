"""The project's one figure style: palette, highlight colours, fonts, rcParams and the source line.

Every chart builder in :mod:`helpers.plots` colours from the constants here, so a country keeps its
colour across charts and notebooks.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import matplotlib as mpl
import numpy as np
from matplotlib import font_manager
from matplotlib.transforms import Bbox, IdentityTransform

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
#: Paul Tol's "light" scheme (Tol 2021, *Colour Schemes*, SRON/EPS/TN/09-002), colour-blind safe. Its pale
#: grey (#DDDDDD) is left out: grey means "not highlighted" or "no category" in this project.
TOL_LIGHT: dict[str, str] = {
    "light_blue": "#77AADD",
    "orange": "#EE8866",
    "light_yellow": "#EEDD88",
    "pink": "#FFAABB",
    "light_cyan": "#99DDFF",
    "mint": "#44BB99",
    "pear": "#BBCC33",
    "olive": "#AAAA00",
}
#: Countries that are not highlighted, and cells/points without a category.
MUTED = "#B8B8B8"
#: Reference lines (a world median, a peer-group mean): dashed, dark grey, never a highlight colour.
REFERENCE_COLOUR = "#444444"
#: The source line: 7.0 : 1 against white, above the 4.5 : 1 that WCAG 2 AA asks of normal-size text.
SOURCE_GREY = "#595959"

# Regions and highlighted countries are told apart by lightness first, hue second. Regions are the
# context, so they take light colours (Tol "light", CIELAB L* 67–88) that recede behind the highlights;
# highlighted countries take strong, darker colours (L* ≤ 61): the Okabe–Ito colours that a light
# region colour is not close to, then the darkest colours of Tol's other schemes. A lightness gap
# survives every kind of colour-vision deficiency, which mostly removes hue contrast.
# tests/plots/test_style.py measures the gaps (CIEDE2000, also under simulated protanopia, deuteranopia
# and tritanopia): every highlight differs from every region by ΔE00 ≥ 15 in normal vision and ≥ 8
# under each simulation, and highlights differ from each other by more.
# Tol's orange is the one light colour left out: it is the closest to China's vermillion.
REGION_COLOURS: dict[str, str] = {
    "East Asia & Pacific": TOL_LIGHT["pink"],
    "Europe & Central Asia": TOL_LIGHT["light_blue"],
    "Latin America & Caribbean": TOL_LIGHT["mint"],
    "Middle East & North Africa": TOL_LIGHT["light_yellow"],
    "North America": TOL_LIGHT["olive"],
    "South Asia": TOL_LIGHT["light_cyan"],
    "Sub-Saharan Africa": TOL_LIGHT["pear"],
}
#: China always vermillion; the country a notebook is about (its ``country`` parameter) blue.
HIGHLIGHT: dict[str, str] = {"CHN": PALETTE["vermillion"], "selected": PALETTE["blue"]}
#: Further highlighted countries, after China and the selected country, take these in order: Okabe–Ito
#: reddish purple and black, then Tol's dark green ("dark" scheme), indigo and wine ("muted" scheme).
#: Okabe–Ito orange, sky blue, bluish green and yellow are as light as the region colours (or, for bluish
#: green, as close to Tol's mint), so they are not used for countries.
EXTRA_HIGHLIGHTS: tuple[str, ...] = (PALETTE["reddish_purple"], PALETTE["black"], "#225522", "#332288", "#882255")

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
    """Colours for highlighted countries: China vermillion, the first other one blue, then :data:`EXTRA_HIGHLIGHTS`.

    Chart builders colour from the whole ``highlight`` list they are given, present in the data or not,
    so a report that passes the same list to every chart keeps each country's colour throughout.
    """
    others = [HIGHLIGHT["selected"], *EXTRA_HIGHLIGHTS]
    colours: dict[str, str] = {}
    n_others = 0
    for code in dict.fromkeys(codes):
        if code == "CHN":
            colours[code] = HIGHLIGHT["CHN"]
        else:
            # Beyond seven highlights colours repeat; line charts dash the repeats, and name labels tell
            # every point and line apart.
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


#: Source-line type size in points for a figure (its drawn content) up to 8 inches wide: at the 100 dpi the
#: project shows figures at, that is 12-pixel type, the smallest that reads comfortably.
SOURCE_SIZE = 8.5
#: Wider figures are shrunk to the page width (about 800–1000 pixels) in reports, so their source line
#: grows in proportion to stay as legible, up to this size.
SOURCE_SIZE_MAX = 10.0
_SOURCE_WIDTH = 8.0  # inches: the width at which SOURCE_SIZE applies
_SOURCE_GAP = 6.0  # points between the lowest drawn element and the source line

# Lines may break at spaces and between Chinese characters (each with the full-width punctuation after it,
# which must not start a line); a Latin word keeps the full-width punctuation that follows it.
_CJK = "\u2e80-\u2fff\u3040-\u9fff\uac00-\ud7af\uf900-\ufaff"
_FULL_WIDTH_PUNCTUATION = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
_TOKENS = re.compile(
    f"[{_CJK}][{_FULL_WIDTH_PUNCTUATION}]*|[{_FULL_WIDTH_PUNCTUATION}]+"
    f"|[^\\s{_CJK}{_FULL_WIDTH_PUNCTUATION}]+[{_FULL_WIDTH_PUNCTUATION}]*|\\s+"
)


def wrap_to_width(text: str, width: float, measure: Callable[[str], float]) -> str:
    """Break ``text`` into lines no wider than ``width`` (as ``measure`` reports widths), at spaces or CJK characters.

    A word wider than ``width`` on its own stays whole on its line. Existing line breaks are kept.

    Examples
    --------
    >>> wrap_to_width("Source: one two three.", 10, len).splitlines()
    ['Source:', 'one two', 'three.']
    """
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _TOKENS.findall(paragraph):
            candidate = line + token
            if line.strip() and not token.isspace() and measure(candidate.rstrip()) > width:
                lines.append(line.rstrip())
                line = token
            else:
                line = candidate if line or not token.isspace() else ""
        lines.append(line.rstrip())
    return "\n".join(lines)


def _drawn_bbox(fig: mpl.figure.Figure, renderer, exclude: mpl.artist.Artist) -> Bbox:
    """Display-space box around everything ``fig`` draws (its axes, legends, titles) except ``exclude``."""
    boxes = [ax.get_tightbbox(renderer) for ax in fig.axes if ax.get_visible()]
    boxes += [artist.get_tightbbox(renderer) for artist in fig.get_children()
              if artist is not exclude and artist is not fig.patch and artist not in fig.axes
              and artist.get_visible() and artist.get_in_layout() and artist.get_gid() != "source-line"]
    boxes = [box for box in boxes if box is not None and box.width > 0 and np.isfinite(box.bounds).all()]
    return Bbox.union(boxes) if boxes else fig.bbox


class SourceLine(mpl.text.Text):
    """The figure's source line: placed, sized and wrapped when the figure is drawn.

    It sits :data:`_SOURCE_GAP` points below the lowest thing the figure draws (tick labels, an x label, a
    legend below the axes), starting at its left edge, so it never overlaps the axes or their labels
    whatever the layout. Its lines are as wide as the drawn figure, broken at spaces (and between Chinese
    characters); its type is :data:`SOURCE_SIZE` points, more for figures wider than 8 inches (see
    :data:`SOURCE_SIZE_MAX`), in :data:`SOURCE_GREY`. ``savefig(bbox_inches="tight")`` includes it.
    """

    def __init__(self, fig: mpl.figure.Figure, text: str):
        super().__init__(0, 0, text, ha="left", va="top", color=SOURCE_GREY, fontsize=SOURCE_SIZE,
                         gid="source-line", transform=IdentityTransform())
        self.set_figure(fig)
        self.source = text

    def _place(self, renderer) -> None:
        fig = self.get_figure(root=True)
        box = _drawn_bbox(fig, renderer, self)
        inches = box.width / fig.dpi
        self.set_fontsize(float(np.clip(SOURCE_SIZE * inches / _SOURCE_WIDTH, SOURCE_SIZE, SOURCE_SIZE_MAX)))
        self.set_position((box.x0, box.y0 - renderer.points_to_pixels(_SOURCE_GAP)))
        prop = self.get_fontproperties()
        wrapped = wrap_to_width(self.source, box.width,
                                lambda line: renderer.get_text_width_height_descent(line, prop, ismath=False)[0])
        if wrapped != self.get_text():
            self.set_text(wrapped)

    def get_window_extent(self, renderer=None, dpi=None):
        # docstring inherited
        renderer = renderer or self._renderer or self.get_figure(root=True)._get_renderer()
        self._place(renderer)
        return super().get_window_extent(renderer, dpi)

    def draw(self, renderer):
        # docstring inherited
        self._place(renderer)
        super().draw(renderer)


def add_source_line(fig: mpl.figure.Figure, text: str) -> SourceLine:
    """Write ``text`` as the figure's source line (:class:`SourceLine`), under everything else it draws.

    Calling again replaces the previous line.
    """
    for old in [artist for artist in fig.get_children() if artist.get_gid() == "source-line"]:
        old.remove()
    return fig.add_artist(SourceLine(fig, text))
