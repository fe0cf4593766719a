"""The project's one figure style and its chart builders.

Call :func:`use_style` once at the top of a notebook, build charts with the functions below (each
returns ``(fig, ax)`` with labelled axes, units, a title and a legend in ``lang``), add the data
sources with :func:`add_source_line` and write PNG + SVG with :func:`save_figure`::

    plots.use_style(lang)
    fig, ax = plots.scatter_with_fit(frame, "IT.NET.USER.ZS", "GE.EST", lang=lang, countries=countries)
    plots.add_source_line(fig, plots.source_text([("World Bank WDI", "2024"), ("World Bank WGI", "2024")], lang))
    plots.save_figure(fig, out_dir, "internet_vs_effectiveness")

Text is set in DejaVu Sans with Noto Sans CJK SC (from the ``mplfonts`` package) as the fallback font, so
Latin letters look the same in both languages and Chinese glyphs always exist. SVGs store glyphs as
paths, so they render on machines without either font.
"""

from __future__ import annotations

import importlib.util
import io
import itertools
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from . import i18n
from .files import write_bytes_atomic

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


# --- sources and saving ---------------------------------------------------------------------------


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


def _in_notebook_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and shell.__class__.__name__ == "ZMQInteractiveShell"


def png_display_width(png: bytes, figure_dpi: float, png_dpi: float) -> int:
    """Width in screen pixels at which a PNG rendered at ``png_dpi`` shows as big as the figure at ``figure_dpi``.

    Reads the width from the PNG header (bytes 16–20 of the IHDR chunk).
    """
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    return max(1, round(int.from_bytes(png[16:20], "big") * figure_dpi / png_dpi))


def figure_alt_text(fig: mpl.figure.Figure, fallback: str) -> str:
    """A figure's alternative text for HTML reports: its titles, then its axis labels; else ``fallback``.

    E.g. ``"Individuals using the Internet; Year; Individuals using the Internet (% of population)"``. No
    words are added, so the text is in the figure's language.
    """
    texts = [fig.get_suptitle()]
    for ax in fig.axes:
        texts.append(ax.get_title())
    for ax in fig.axes:
        texts += [ax.get_xlabel(), ax.get_ylabel()]
    return "; ".join(t for t in dict.fromkeys(texts) if t) or fallback


def _render(fig: mpl.figure.Figure, fmt: str, metadata: dict) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, metadata=metadata, bbox_inches="tight")
    return buffer.getvalue()


def save_figure(fig: mpl.figure.Figure, out_dir: str | os.PathLike, name: str, show: bool = True) -> dict[str, Path]:
    """Write ``<out_dir>/<name>.png`` and ``.svg`` atomically and byte-reproducibly, then close ``fig``.

    Inside a running notebook the saved PNG is also displayed (``show``), so executed notebooks and
    their HTML reports carry exactly the file on disk, at the size the figure has on screen; outside a
    kernel nothing is displayed. Displaying the saved bytes, rather than letting the inline backend draw
    the figure once more, saves one rendering per figure.

    Each file is written to a temporary name in ``out_dir`` and renamed, so a reader never sees half a
    figure. Metadata that changes between runs (dates, matplotlib version) is left out, so rerunning
    a notebook on the same data gives identical files.

    Returns
    -------
    dict
        ``{"png": Path, "svg": Path}``.
    """
    if not name or Path(name).name != name or name in {".", ".."}:
        raise ValueError(f"figure name must be a plain file name without folders, got {name!r}")
    stem = name.removesuffix(".png").removesuffix(".svg")
    folder = Path(out_dir)
    metadata = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}
    try:
        rendered = {fmt: _render(fig, fmt, meta) for fmt, meta in metadata.items()}
    finally:
        plt.close(fig)
    written = {fmt: write_bytes_atomic(data, folder / f"{stem}.{fmt}") for fmt, data in rendered.items()}
    if show and _in_notebook_kernel():
        from IPython.display import Image, display

        png_dpi = mpl.rcParams["savefig.dpi"]
        png_dpi = fig.dpi if png_dpi == "figure" else float(png_dpi)
        display(Image(data=rendered["png"], width=png_display_width(rendered["png"], fig.dpi, png_dpi),
                      alt=figure_alt_text(fig, stem)))
    return written


# --- helpers for the builders ---------------------------------------------------------------------


def _new_axes(ax: mpl.axes.Axes | None, figsize: tuple[float, float] | None = None):
    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=figsize)
    return fig, ax


def _require_columns(frame: pd.DataFrame, columns: Iterable[str], builder: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"{builder} needs column(s) {missing}; the frame has {list(frame.columns)}")


def _display_name(code: str, lang: str, countries: pd.DataFrame | None, frame: pd.DataFrame) -> str:
    """Country name for a label: from ``countries``, else name columns in ``frame``, else the code."""
    for table in (countries, frame):
        if table is not None and {"iso3", "name_en"} <= set(table.columns) and (table["iso3"] == code).any():
            return i18n.country_name(code, lang, table)
    if code == "CHN":
        return i18n.t("china", lang)
    return str(code)


def _year_axis(axis) -> None:
    """Whole years only on a year axis (the default locator puts ticks at 2002.5)."""
    axis.set_major_locator(MaxNLocator(integer=True))


def _translate(value: object, lang: str) -> str:
    return i18n.t(value, lang) if i18n.has_label(value) else str(value)


def _short_label(column: str, lang: str) -> str:
    return i18n.label_for(column, lang, with_unit=False)


# --- chart builders -------------------------------------------------------------------------------


def spread_apart(positions: Sequence[float], gap: float) -> np.ndarray:
    """Move positions as little as possible (least squares) so that any two are at least ``gap`` apart.

    Order is kept. Overlapping neighbours form a block spaced exactly ``gap`` apart and centred on
    the mean of the positions its members asked for; blocks that then overlap merge.

    Examples
    --------
    >>> spread_apart([0.0, 1.0, 10.0], gap=4.0).tolist()
    [-1.5, 2.5, 10.0]
    """
    wished = np.asarray(positions, dtype=float)
    order = np.argsort(wished, kind="stable")
    blocks: list[list[float]] = []  # each block: the wished positions of its members, in order
    for value in wished[order]:
        blocks.append([value])
        while len(blocks) > 1:
            low, high = blocks[-2], blocks[-1]
            low_top = float(np.mean(low)) + (len(low) - 1) / 2 * gap
            high_bottom = float(np.mean(high)) - (len(high) - 1) / 2 * gap
            if high_bottom - low_top >= gap:
                break
            blocks[-2:] = [low + high]
    result = np.empty_like(wished)
    if blocks:
        result[order] = np.concatenate(
            [float(np.mean(b)) + (np.arange(len(b)) - (len(b) - 1) / 2) * gap for b in blocks]
        )
    return result


class EndLabels:
    """Names at the ends of lines, moved apart vertically when drawn, so that they do not print over each other.

    Positions are worked out at draw time, from the final axis limits and layout (an inverted axis, a
    constrained layout, a log scale all count). Labels whose anchors are within ``reach`` points of each
    other horizontally are spread to at least ``gap`` points apart vertically.
    """

    def __init__(self, ax: mpl.axes.Axes, gap: float = 11.0, reach: float = 80.0, pad: float = 5.0):
        self.ax, self.gap, self.reach, self.pad = ax, gap, reach, pad
        self._anchors: list[tuple[float, float]] = []

    def add(self, text: str, x: float, y: float, **text_kw):
        """Annotate ``text`` just right of the data point (``x``, ``y``); keyword arguments go to the text."""
        index = len(self._anchors)
        self._anchors.append((float(x), float(y)))
        return self.ax.annotate(text, (x, y), xytext=(0, 0), textcoords=lambda renderer: self._place(index, renderer),
                                va="center", **text_kw)

    def positions(self, renderer=None) -> np.ndarray:
        """Display coordinates (pixels) of every label's left-centre point under the current layout."""
        to_pixels = renderer.points_to_pixels(1.0) if renderer is not None else self.ax.figure.dpi / 72
        anchors = self.ax.transData.transform(np.array(self._anchors))
        placed = anchors.copy()
        placed[:, 0] += self.pad * to_pixels
        # Groups of labels that could touch horizontally; each group is spread vertically on its own.
        order = np.argsort(anchors[:, 0], kind="stable")
        group = [order[0]]
        for previous, current in itertools.pairwise(order):
            if anchors[current, 0] - anchors[previous, 0] > self.reach * to_pixels:
                placed[group, 1] = spread_apart(anchors[group, 1], self.gap * to_pixels)
                group = []
            group.append(current)
        placed[group, 1] = spread_apart(anchors[group, 1], self.gap * to_pixels)
        return placed

    def _place(self, index: int, renderer):
        from matplotlib.transforms import Affine2D

        x, y = self.positions(renderer)[index]
        return Affine2D().translate(x, y)


def plain_log_axis(axis) -> None:
    """Put ``axis`` on a log scale labelled with plain numbers (1,000; 2,000; 5,000; 10,000 …).

    Matplotlib's default log labels are mathtext (``$10^{3}$``), which the project style switches off
    (``text.parse_math = False``) and would therefore print literally.
    """
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    if axis is axis.axes.xaxis:
        axis.axes.set_xscale("log")
    else:
        axis.axes.set_yscale("log")
    axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}" if value >= 1 else f"{value:g}"))
    axis.set_minor_formatter(NullFormatter())


def scatter_with_fit(
    frame: pd.DataFrame,
    x: str,
    y: str,
    label_col: str = "iso3",
    colour_col: str | None = "region",
    highlight: Sequence[str] = ("CHN",),
    fit: bool = True,
    logx: bool = False,
    lang: str = "en",
    xlabel: str | None = None,
    ylabel: str | None = None,
    title: str | None = None,
    countries: pd.DataFrame | None = None,
    ax: mpl.axes.Axes | None = None,
):
    """Scatter of ``y`` on ``x``, one colour per region, with an OLS line and named highlights.

    Parameters
    ----------
    frame : one row per country, with columns ``x``, ``y``, ``label_col`` and (optionally) ``colour_col``.
    x, y : column names; codebook ids get the indicator's name and unit as axis labels.
    label_col : column holding ISO3 codes (matched against ``highlight`` and used to look up names).
    colour_col : categorical column for colours (World Bank regions get :data:`REGION_COLOURS`);
        ``None`` draws every point grey.
    highlight : codes drawn larger, in :func:`highlight_colours`, and labelled with their names
        (a code without both values is not drawn, like any other country).
    fit : draw the OLS line of ``y`` on ``x`` (on ``log10(x)`` when ``logx``). It is a visual guide;
        notebooks report the regression with standard errors separately.
    logx : logarithmic x axis (non-positive ``x`` values are dropped from the chart).
    countries : country table (``iso3, name_en, name_zh``) for names; by default name columns in
        ``frame`` are used if present, else the codes.

    Returns
    -------
    (Figure, Axes)
    """
    i18n.check_lang(lang)
    needed = [x, y, label_col] + ([colour_col] if colour_col else [])
    _require_columns(frame, needed, "scatter_with_fit")
    data = frame.dropna(subset=[x, y])
    if logx:
        data = data[data[x] > 0]
    if data.empty:
        raise ValueError(f"scatter_with_fit: no rows with both {x!r} and {y!r}")
    fig, ax = _new_axes(ax)
    highlighted = [code for code in highlight if (data[label_col] == code).any()]
    rest = data[~data[label_col].isin(highlighted)]

    handles = []
    if colour_col:
        categories = rest[colour_col].astype("object").where(rest[colour_col].notna(), None)
        order = [r for r in REGION_COLOURS if (categories == r).any()]
        order += sorted({c for c in categories.dropna() if c not in REGION_COLOURS})
        extra = iter(c for c in PALETTE.values() if c not in REGION_COLOURS.values())
        for category in order + ([None] if categories.isna().any() else []):
            part = rest[categories.isna()] if category is None else rest[categories == category]
            colour = MUTED if category is None else REGION_COLOURS.get(category) or next(extra, MUTED)
            label = i18n.t("not_classified", lang) if category is None else _translate(category, lang)
            handles.append(
                ax.scatter(part[x], part[y], s=22, color=colour, edgecolor="#333333", linewidth=0.3,
                           alpha=0.85, label=label, zorder=2)
            )
    else:
        handles.append(
            ax.scatter(rest[x], rest[y], s=22, color=MUTED, edgecolor="none", zorder=2,
                       label=i18n.t("other_countries", lang))
        )

    if fit and len(data) >= 2:
        xs = np.log10(data[x].to_numpy(float)) if logx else data[x].to_numpy(float)
        slope, intercept = np.polyfit(xs, data[y].to_numpy(float), 1)
        grid = np.linspace(xs.min(), xs.max(), 100)
        (line,) = ax.plot(10**grid if logx else grid, intercept + slope * grid, color="#444444",
                          linewidth=1.2, linestyle="--", label=i18n.t("fitted_line", lang), zorder=1)
        handles.append(line)

    colours = highlight_colours(highlight)  # from the full list: same colours in every chart
    for code in highlighted:
        row = data[data[label_col] == code].iloc[0]
        ax.scatter([row[x]], [row[y]], s=90, color=colours[code], edgecolor="black", linewidth=0.8, zorder=4)
        ax.annotate(_display_name(code, lang, countries, frame), (row[x], row[y]), xytext=(6, 6),
                    textcoords="offset points", fontsize=9, color=colours[code], zorder=5)

    if logx:
        plain_log_axis(ax.xaxis)
    ax.set_xlabel(xlabel or i18n.label_for(x, lang))
    ax.set_ylabel(ylabel or i18n.label_for(y, lang))
    ax.set_title(title or i18n.t("vs_title", lang, y=_short_label(y, lang), x=_short_label(x, lang)))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    return fig, ax


def coef_over_time(
    frame: pd.DataFrame,
    year: str = "year",
    coef: str = "coef",
    ci_low: str = "ci_low",
    ci_high: str = "ci_high",
    group: str | None = None,
    ci_level: int = 95,
    lang: str = "en",
    xlabel: str | None = None,
    ylabel: str | None = None,
    title: str | None = None,
    ax: mpl.axes.Axes | None = None,
):
    """Coefficient estimates by year with their confidence band and a zero line.

    Parameters
    ----------
    frame : one row per year (per group), with the estimate and the CI bounds.
    group : optional column splitting the lines (e.g. estimator keys such as ``"pooled_ols"``, which are
        translated); each group gets its own palette colour.
    ci_level : confidence level the bounds correspond to, for the legend.

    Returns
    -------
    (Figure, Axes)
    """
    i18n.check_lang(lang)
    _require_columns(frame, [year, coef, ci_low, ci_high] + ([group] if group else []), "coef_over_time")
    fig, ax = _new_axes(ax)
    groups = [(None, frame)] if group is None else list(frame.groupby(group, sort=False))
    colours = [PALETTE[n] for n in ("blue", "vermillion", "bluish_green", "orange", "reddish_purple", "black")]
    for i, (key, part) in enumerate(groups):
        part = part.sort_values(year)
        colour = colours[i % len(colours)]
        label = i18n.t("coefficient", lang) if key is None else _translate(key, lang)
        ax.fill_between(part[year], part[ci_low], part[ci_high], color=colour, alpha=0.18, linewidth=0)
        ax.plot(part[year], part[coef], color=colour, marker="o", markersize=4, linewidth=1.5, label=label)
    ax.axhline(0, color="#444444", linewidth=0.9, linestyle=":", label=i18n.t("zero_line", lang))
    handles, _ = ax.get_legend_handles_labels()
    handles.append(Patch(color="#777777", alpha=0.3, label=i18n.t("ci_band", lang, level=ci_level)))
    ax.legend(handles=handles, loc="best")
    _year_axis(ax.xaxis)
    ax.set_xlabel(xlabel or i18n.t("year", lang))
    ax.set_ylabel(ylabel or i18n.t("coefficient", lang))
    ax.set_title(title or i18n.t("coef_by_year", lang))
    return fig, ax


def _status_check(frame: pd.DataFrame, columns: Sequence[str]) -> None:
    allowed = {"observed", "interpolated", "censored"}
    for column in columns:
        bad = sorted(set(frame[column].dropna()) - allowed)
        if bad:
            raise ValueError(f"timeline: {column} must be one of {sorted(allowed)}, got {bad}")


def _draw_end(ax, x: float, y: float, status: str, colour: str, side: str) -> None:
    """Mark one end of a bar: filled dot = observed, hollow dot = interpolated, arrow = censored."""
    if status == "censored":
        ax.plot([x], [y], marker=">" if side == "end" else "<", markersize=7, color=colour,
                markeredgecolor="black", markeredgewidth=0.6, zorder=4, linestyle="none")
    elif status == "interpolated":
        ax.plot([x], [y], marker="o", markersize=5, markerfacecolor="white", markeredgecolor=colour,
                markeredgewidth=1.2, zorder=4, linestyle="none")
    else:
        ax.plot([x], [y], marker="o", markersize=5, color=colour, markeredgecolor="black",
                markeredgewidth=0.5, zorder=4, linestyle="none")


def timeline(
    frame: pd.DataFrame,
    country: str = "country",
    process: str = "process",
    start: str = "start",
    end: str = "end",
    start_status: str = "start_status",
    end_status: str = "end_status",
    lang: str = "en",
    countries: pd.DataFrame | None = None,
    processes: Sequence[str] | None = None,
    xlabel: str | None = None,
    title: str | None = None,
    ax: mpl.axes.Axes | None = None,
):
    """One row per country, one horizontal bar per process from its start year to its end year.

    Ends are marked by how they are known: a filled dot when observed, a hollow dot when interpolated
    between data points, an outward arrow when censored (the process began before, or continues after,
    the data). A missing ``end`` is drawn to the last year in the frame and treated as censored; rows
    without a ``start`` (the process has not begun within the data) are not drawn.

    Parameters
    ----------
    frame : one row per (country, process) with ``start``/``end`` years and their statuses
        (``"observed"``, ``"interpolated"`` or ``"censored"``).
    country : column with ISO3 codes (named via ``countries``) or display names; rows keep the frame's order.
    process : column with process keys (:data:`helpers.i18n.PROCESSES` are translated and coloured
        with :data:`PROCESS_COLOURS`); other values are shown as given.
    processes : order of the processes within a row and in the legend (default: order of appearance).

    Returns
    -------
    (Figure, Axes)
    """
    i18n.check_lang(lang)
    _require_columns(frame, [country, process, start, end, start_status, end_status], "timeline")
    _status_check(frame, [start_status, end_status])
    data = frame.dropna(subset=[start])
    if data.empty:
        raise ValueError("timeline: no row has a start year")
    backwards = data[data[end] < data[start]]
    if not backwards.empty:
        first = backwards.iloc[0]
        raise ValueError(
            f"timeline: {first[country]} {first[process]} ends ({first[end]}) before it starts ({first[start]})"
        )
    last_year = float(np.nanmax(data[[start, end]].to_numpy(float)))
    order = list(processes) if processes else list(dict.fromkeys(data[process]))
    spare = iter(c for c in PALETTE.values() if c not in PROCESS_COLOURS.values())
    colours = {p: PROCESS_COLOURS.get(p) or next(spare, MUTED) for p in order}
    rows = list(dict.fromkeys(data[country]))
    height = 0.8 / max(len(order), 1)
    fig, ax = _new_axes(ax, figsize=(8.0, max(2.5, 0.55 * len(rows) + 1.5)))

    for _, rec in data.iterrows():
        if rec[process] not in colours:
            raise ValueError(f"timeline: process {rec[process]!r} is not in processes={order}")
        row = rows.index(rec[country])
        # Processes sit side by side inside the country's band, first process on top.
        y = row - 0.4 + height * (order.index(rec[process]) + 0.5)
        begin = float(rec[start])
        finish, finish_status = (float(rec[end]), rec[end_status]) if pd.notna(rec[end]) else (last_year, "censored")
        colour = colours[rec[process]]
        ax.barh(y, max(finish - begin, 0.0), left=begin, height=height * 0.85, color=colour, alpha=0.85,
                edgecolor="none", zorder=3)
        _draw_end(ax, begin, y, rec[start_status] if pd.notna(rec[start_status]) else "observed", colour, "start")
        _draw_end(ax, finish, y, finish_status if pd.notna(finish_status) else "observed", colour, "end")

    ax.set_yticks(range(len(rows)), [_timeline_row_label(r, lang, countries) for r in rows])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(axis="y", visible=False)
    _year_axis(ax.xaxis)
    ax.set_xlabel(xlabel or i18n.t("year", lang))
    ax.set_ylabel(i18n.t("country", lang))
    ax.set_title(title or i18n.t("timeline_title", lang))
    handles = [Patch(color=colours[p], label=_translate(p, lang)) for p in order]
    handles += [
        Line2D([], [], marker="o", color="#555555", markeredgecolor="black", markeredgewidth=0.5,
               linestyle="none", label=i18n.t("observed", lang)),
        Line2D([], [], marker="o", markerfacecolor="white", markeredgecolor="#555555", markeredgewidth=1.2,
               linestyle="none", label=i18n.t("interpolated", lang)),
        Line2D([], [], marker=">", color="#555555", markeredgecolor="black", markeredgewidth=0.6,
               linestyle="none", label=i18n.t("censored", lang)),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    return fig, ax


def _timeline_row_label(value: object, lang: str, countries: pd.DataFrame | None) -> str:
    if countries is not None and (countries["iso3"] == value).any():
        return i18n.country_name(value, lang, countries)
    return _translate(value, lang)


def coverage_heatmap(
    matrix: pd.DataFrame,
    lang: str = "en",
    xlabel: str | None = None,
    ylabel: str | None = None,
    title: str | None = None,
    ax: mpl.axes.Axes | None = None,
):
    """Share of countries with data, indicator (rows) × year (columns), shares in [0, 1].

    Row labels that are codebook ids are shown as indicator names. Missing cells are drawn in
    light grey. Cells are vector rectangles, so the SVG stays sharp and small.

    Returns
    -------
    (Figure, Axes)
    """
    i18n.check_lang(lang)
    values = matrix.to_numpy(dtype=float)
    finite = values[np.isfinite(values)]
    if finite.size and (finite.min() < 0 or finite.max() > 1):
        raise ValueError(
            f"coverage_heatmap expects shares between 0 and 1, got {finite.min():g} to {finite.max():g}"
        )
    n_rows, n_cols = values.shape
    fig, ax = _new_axes(ax, figsize=(max(6.0, 0.28 * n_cols + 3.5), max(2.5, 0.35 * n_rows + 1.5)))
    cmap = mpl.colormaps["viridis"].with_extremes(bad="#EEEEEE")
    mesh = ax.pcolormesh(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=1, edgecolors="white",
                         linewidth=0.5)
    step = max(1, int(np.ceil(n_cols / 20)))
    ax.set_xticks(np.arange(n_cols)[::step] + 0.5, [str(c) for c in matrix.columns[::step]], rotation=90)
    ax.set_yticks(np.arange(n_rows) + 0.5, [_short_label(str(r), lang) for r in matrix.index])
    ax.set_ylim(n_rows, 0)
    ax.grid(False)
    ax.set_xlabel(xlabel or i18n.t("year", lang))
    ax.set_ylabel(ylabel or i18n.t("indicator", lang))
    ax.set_title(title or i18n.t("coverage_title", lang))
    bar = fig.colorbar(mesh, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label(i18n.t("coverage_share", lang))
    bar.outline.set_visible(False)
    return fig, ax


def line_trajectories(
    frame: pd.DataFrame,
    x: str = "year",
    y: str = "value",
    group: str = "iso3",
    highlight: Sequence[str] = ("CHN",),
    lang: str = "en",
    xlabel: str | None = None,
    ylabel: str | None = None,
    title: str | None = None,
    countries: pd.DataFrame | None = None,
    ax: mpl.axes.Axes | None = None,
    *,
    order_by: str | None = None,
    logx: bool = False,
    legend_loc: str = "best",
    reference: Sequence[str] = (),
):
    """Every group's trajectory as a thin grey line; highlighted groups coloured and named at their last point.

    Parameters
    ----------
    frame : long format, one row per (group, x).
    y : value column; a codebook id gets the indicator's name and unit on the axis.
    highlight : ISO3 codes (values of ``group``) to colour with :func:`highlight_colours` and label.
    order_by : the column whose order joins a group's points (default ``x``). For a path through two
        measures, e.g. subscriptions against income per person, give the time column: a fall in income
        then draws the path going back instead of a zigzag.
    logx : a log x axis with plain tick labels; rows with ``x`` ≤ 0 are left out.
    legend_loc : where the legend goes (matplotlib's ``loc``).
    reference : groups drawn as a dashed dark line and named like highlights, without taking a highlight
        colour, e.g. a world median (a group listed in both is drawn as a reference).

    Returns
    -------
    (Figure, Axes)
    """
    from matplotlib.collections import LineCollection

    i18n.check_lang(lang)
    order = order_by or x
    _require_columns(frame, list(dict.fromkeys([x, y, group, order])), "line_trajectories")
    data = frame.dropna(subset=[x, y]).sort_values([group, order])
    if logx:
        data = data[data[x] > 0]
    if data.empty:
        raise ValueError(f"line_trajectories: no rows with both {x!r} and {y!r}" + (" and x > 0" if logx else ""))
    fig, ax = _new_axes(ax)
    present = set(data[group])
    references = [code for code in dict.fromkeys(reference) if code in present]
    highlighted = [code for code in dict.fromkeys(highlight) if code in present and code not in references]
    # One collection for the grey lines draws (and saves as SVG) far faster than one line per group.
    others = data[~data[group].isin(highlighted + references)].groupby(group, sort=True)
    grey = [part[[x, y]].to_numpy(float) for _, part in others]
    if grey:
        ax.add_collection(LineCollection(grey, colors=MUTED, linewidths=0.7, alpha=0.6, zorder=1))
        ax.autoscale_view()
    colours = highlight_colours(c for c in highlight if c not in references)
    styles = {code: {"color": colours[code], "linewidth": 2.2, "zorder": 3} for code in highlighted}
    styles |= {code: {"color": REFERENCE_COLOUR, "linewidth": 1.8, "linestyle": "--", "zorder": 2}
               for code in references}
    end_labels = EndLabels(ax)
    for code, style in styles.items():
        part = data[data[group] == code]
        name = _display_name(code, lang, countries, frame)
        ax.plot(part[x], part[y], label=name, **style)
        end_labels.add(name, part[x].iloc[-1], part[y].iloc[-1], fontsize=9, color=style["color"], zorder=4)
    handles = ax.get_legend_handles_labels()[0]
    if grey:
        handles.append(Line2D([], [], color=MUTED, linewidth=1.0, label=i18n.t("other_countries", lang)))
    ax.legend(handles=handles, loc=legend_loc)
    if logx:
        plain_log_axis(ax.xaxis)
    elif x == "year":
        _year_axis(ax.xaxis)
    ax.set_xlabel(xlabel or i18n.label_for(x, lang))
    ax.set_ylabel(ylabel or i18n.label_for(y, lang))
    ax.set_title(title or _short_label(y, lang))
    return fig, ax


# --- charts for notebook 02 -----------------------------------------------------------------------


def change_paths(
    changes: pd.DataFrame,
    paths: pd.DataFrame,
    x: str,
    y: str,
    label_col: str = "iso3",
    colour_col: str | None = "region",
    highlight: Sequence[str] = ("CHN",),
    time: str = "year",
    lang: str = "en",
    xlabel: str | None = None,
    ylabel: str | None = None,
    title: str | None = None,
    countries: pd.DataFrame | None = None,
    ax: mpl.axes.Axes | None = None,
):
    """Long differences of every country as a cloud, and the highlighted countries' paths through time.

    Each point is one country's change in ``x`` and ``y`` between its first and last observation
    (drawn by :func:`scatter_with_fit`, with the OLS line across countries). Highlighted countries also
    get their path: the change since the first observation at every observation, joined by a line in
    the country's highlight colour from (0, 0) to its point, each vertex labelled with its time.

    Parameters
    ----------
    changes : one row per country with the changes ``x`` and ``y``, ``label_col`` and ``colour_col``.
    paths : one row per (country, time) with ``x`` and ``y`` as changes since the country's first
        observation, ``label_col`` and ``time``.

    Returns
    -------
    (Figure, Axes)
    """
    _require_columns(paths, [x, y, label_col, time], "change_paths")
    fig, ax = scatter_with_fit(
        changes, x, y, label_col=label_col, colour_col=colour_col, highlight=highlight, lang=lang,
        xlabel=xlabel, ylabel=ylabel, title=title, countries=countries, ax=ax,
    )
    ax.axhline(0, color="#444444", linewidth=0.8, linestyle=":", zorder=1)
    ax.axvline(0, color="#444444", linewidth=0.8, linestyle=":", zorder=1)
    drawn = changes.dropna(subset=[x, y])
    highlighted = [code for code in highlight if (drawn[label_col] == code).any()]
    colours = highlight_colours(highlight)
    legend = ax.get_legend()
    handles = list(legend.legend_handles) if legend is not None else []
    for code in highlighted:
        part = paths[paths[label_col] == code].dropna(subset=[x, y]).sort_values(time)
        (line,) = ax.plot(part[x], part[y], color=colours[code], linewidth=1.4, marker="o", markersize=3.5,
                          zorder=3, label=i18n.t("path_over_time", lang,
                                                 country=_display_name(code, lang, countries, changes)))
        for _, row in part.iterrows():
            ax.annotate(str(int(row[time])), (row[x], row[y]), xytext=(-4, 4), textcoords="offset points",
                        ha="right", fontsize=6.5, color=colours[code], zorder=5)
        handles.append(line)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    return fig, ax


def estimate_forest(
    frame: pd.DataFrame,
    label: str = "label",
    coef: str = "coef",
    ci_low: str = "ci_low",
    ci_high: str = "ci_high",
    ci_level: int = 95,
    lang: str = "en",
    xlabel: str | None = None,
    title: str | None = None,
    ax: mpl.axes.Axes | None = None,
):
    """Point estimates with their confidence intervals, one row per model (first row on top), and a zero line.

    Parameters
    ----------
    frame : one row per estimate with a display ``label``, the estimate and its CI bounds.
    ci_level : the confidence level of the bounds, for the legend.

    Returns
    -------
    (Figure, Axes)
    """
    i18n.check_lang(lang)
    _require_columns(frame, [label, coef, ci_low, ci_high], "estimate_forest")
    if frame.empty:
        raise ValueError("estimate_forest: no estimates to draw")
    fig, ax = _new_axes(ax, figsize=(8.0, max(2.5, 0.5 * len(frame) + 1.5)))
    rows = np.arange(len(frame))
    colour = PALETTE["blue"]
    ax.hlines(rows, frame[ci_low], frame[ci_high], color=colour, linewidth=2.0, zorder=2)
    ax.plot(frame[coef], rows, "o", color=colour, markeredgecolor="black", markeredgewidth=0.5, zorder=3,
            label=i18n.t("coefficient", lang))
    ax.axvline(0, color="#444444", linewidth=0.9, linestyle=":", zorder=1, label=i18n.t("zero_line", lang))
    ax.set_yticks(rows, [str(value) for value in frame[label]])
    ax.set_ylim(len(frame) - 0.5, -0.5)
    ax.grid(axis="y", visible=False)
    handles, _ = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], color=colour, linewidth=2.0, label=i18n.t("ci_band", lang, level=ci_level)))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    ax.set_xlabel(xlabel or i18n.t("coefficient", lang))
    if title:
        ax.set_title(title)
    return fig, ax


# --- charts for notebook 01 -----------------------------------------------------------------------


def scatter_grid(
    frame: pd.DataFrame,
    x: str,
    ys: Sequence[str],
    label_col: str = "iso3",
    colour_col: str | None = "region",
    highlight: Sequence[str] = ("CHN",),
    lang: str = "en",
    xlabel: str | None = None,
    ylabels: Sequence[str] | None = None,
    titles: Sequence[str] | None = None,
    title: str | None = None,
    countries: pd.DataFrame | None = None,
    ncols: int = 3,
):
    """A grid of :func:`scatter_with_fit` panels, one per column of ``ys`` against the same ``x``.

    Each panel has its own OLS line and named highlights; the region legend is drawn once, to the
    right of the grid. Panels without data in ``ys`` raise like :func:`scatter_with_fit`.

    Parameters
    ----------
    ys : the y columns, one panel each, filled row by row.
    ylabels, titles : per-panel y-axis labels and titles (default: the indicator label and name).
    title : the figure's overall title.
    ncols : panels per row (fewer when there are fewer panels).

    Returns
    -------
    (Figure, numpy array of Axes)
        The axes of the drawn panels, in the order of ``ys``.
    """
    i18n.check_lang(lang)
    ys = list(ys)
    if not ys:
        raise ValueError("scatter_grid needs at least one y column")
    for name, values in (("ylabels", ylabels), ("titles", titles)):
        if values is not None and len(values) != len(ys):
            raise ValueError(f"scatter_grid: {len(values)} {name} for {len(ys)} y columns")
    ncols = max(1, min(ncols, len(ys)))
    nrows = -(-len(ys) // ncols)
    fig, grid = plt.subplots(nrows, ncols, figsize=(4.4 * ncols, 3.8 * nrows + 0.6), squeeze=False,
                             layout="constrained")
    axes = grid.ravel()
    legend: dict[str, object] = {}
    for i, (y, ax) in enumerate(zip(ys, axes, strict=False)):
        scatter_with_fit(
            frame, x, y, label_col=label_col, colour_col=colour_col, highlight=highlight, lang=lang,
            xlabel=xlabel, ylabel=ylabels[i] if ylabels is not None else None,
            title=titles[i] if titles is not None else _short_label(y, lang), countries=countries, ax=ax,
        )
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            legend.setdefault(label, handle)
        ax.get_legend().remove()
    for ax in axes[len(ys):]:
        fig.delaxes(ax)
    fig.legend(list(legend.values()), list(legend), loc="outside right upper")
    if title:
        fig.suptitle(title)
    return fig, axes[: len(ys)]


# --- charts for notebook 03 -----------------------------------------------------------------------


def _timeline_positions(frame: pd.DataFrame, country: str, start: str, processes: Sequence[str]):
    """Row of each country and height of each process band, exactly as :func:`timeline` lays them out."""
    rows = list(dict.fromkeys(frame.dropna(subset=[start])[country]))
    return rows, 0.8 / max(len(processes), 1)


def mark_before_data(
    ax: mpl.axes.Axes,
    frame: pd.DataFrame,
    marks: pd.DataFrame,
    processes: Sequence[str],
    lang: str = "en",
    country: str = "country",
    process: str = "process",
    start: str = "start",
    year: str = "year",
) -> int:
    """Add processes that ended before their data begin to a :func:`timeline` chart.

    :func:`timeline` cannot draw a window whose both ends precede the data (it has no start year). This
    puts a hollow left-pointing triangle at the first year of data in the process's place ("ended at or
    before this year") and adds it to the legend.

    Parameters
    ----------
    ax : the Axes :func:`timeline` returned.
    frame : the frame that was passed to :func:`timeline` (it fixes the row order).
    marks : rows with ``country``, ``process`` and ``year`` (the first year of data); countries without a
        row on the chart are skipped.
    processes : the ``processes`` order passed to :func:`timeline`.

    Returns
    -------
    int
        Number of markers drawn.
    """
    i18n.check_lang(lang)
    _require_columns(marks, [country, process, year], "mark_before_data")
    rows, height = _timeline_positions(frame, country, start, processes)
    order = list(processes)
    drawn = 0
    for _, rec in marks.iterrows():
        if rec[country] not in rows or rec[process] not in order or pd.isna(rec[year]):
            continue
        y = rows.index(rec[country]) - 0.4 + height * (order.index(rec[process]) + 0.5)
        colour = PROCESS_COLOURS.get(rec[process], SOURCE_GREY)
        ax.plot([float(rec[year])], [y], marker="<", markersize=7, markerfacecolor="white",
                markeredgecolor=colour, markeredgewidth=1.4, linestyle="none", zorder=4)
        drawn += 1
    legend = ax.get_legend()
    handles = list(legend.legend_handles) if legend is not None else []
    handles.append(Line2D([], [], marker="<", markerfacecolor="white", markeredgecolor="#555555",
                          markeredgewidth=1.4, linestyle="none", label=i18n.t("nb03_ended_before_data", lang)))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    return drawn


def colour_row_labels(ax: mpl.axes.Axes, colours: dict[str, str]) -> None:
    """Colour the y tick labels whose text is a key of ``colours`` (e.g. China's name in vermillion)."""
    for label in ax.get_yticklabels():
        if label.get_text() in colours:
            label.set_color(colours[label.get_text()])


def milestone_series(
    frame: pd.DataFrame,
    panels: dict[str, str],
    thresholds: dict[str, Sequence[float]],
    ylabels: dict[str, str],
    lang: str = "en",
    countries: pd.DataFrame | None = None,
    panel: str = "panel",
    group: str = "iso3",
    x: str = "year",
    y: str = "value",
    title: str | None = None,
    first_year: float | None = None,
):
    """Small multiples of the series behind threshold milestones, one panel per series, thresholds dashed.

    Every country in ``frame`` gets its own line (China vermillion and thicker, the others in
    :func:`highlight_colours` order, dashed once the colours repeat) with a dot at each observation, so
    sparse early estimates are visible as isolated dots joined by long straight segments.

    Parameters
    ----------
    frame : long format with ``panel``, ``group``, ``x`` and ``y`` columns.
    panels : panel key → panel title, in display order (two columns of panels).
    thresholds : panel key → threshold values drawn as dashed horizontal lines.
    ylabels : panel key → y axis label.
    first_year : left end of the (shared) year axis; earlier observations are cut off the chart only.

    Returns
    -------
    (Figure, array of Axes)
    """
    i18n.check_lang(lang)
    _require_columns(frame, [panel, group, x, y], "milestone_series")
    data = frame.dropna(subset=[x, y])
    if data.empty:
        raise ValueError("milestone_series: no rows with values")
    n_rows = int(np.ceil(len(panels) / 2))
    fig, axes = plt.subplots(n_rows, 2, figsize=(11.0, 3.4 * n_rows + 0.6), sharex=True, squeeze=False,
                             layout="constrained")
    codes = list(dict.fromkeys(data[group]))
    colours = highlight_colours(codes)
    styles, seen = {}, set()
    for code in codes:
        styles[code] = "--" if colours[code] in seen else "-"
        seen.add(colours[code])
    handles = {}
    for ax, (key, panel_title) in zip(axes.flat, panels.items(), strict=False):
        part = data[data[panel] == key]
        for code, rows in part.groupby(group, sort=False):
            rows = rows.sort_values(x)
            name = _display_name(code, lang, countries, frame)
            china = code == "CHN"
            (line,) = ax.plot(rows[x], rows[y], color=colours[code], linestyle=styles[code],
                              linewidth=2.4 if china else 1.2, marker="o", markersize=2.2,
                              zorder=3 if china else 2, label=name)
            handles.setdefault(name, line)
        for value in thresholds.get(key, ()):
            ax.axhline(value, color="#444444", linewidth=0.8, linestyle=":", zorder=1)
        ax.set_title(panel_title)
        ax.set_ylabel(ylabels.get(key, ""))
        _year_axis(ax.xaxis)
    for ax in list(axes.flat)[len(panels):]:
        fig.delaxes(ax)
    for ax in axes[-1]:
        ax.set_xlabel(i18n.t("year", lang))
    if first_year is not None:
        axes.flat[0].set_xlim(left=first_year, right=float(data[x].max()) + 3)
    threshold_handle = Line2D([], [], color="#444444", linewidth=0.8, linestyle=":",
                              label=i18n.t("nb03_threshold", lang))
    fig.legend([*handles.values(), threshold_handle], [*handles, threshold_handle.get_label()],
               loc="outside right upper")
    if title:
        fig.suptitle(title)
    return fig, axes


# --- charts for notebook 04 -----------------------------------------------------------------------

#: Thick dark grey for summary series (distinct from North America's black in REGION_COLOURS).
_EMPHASIS = "#5C5C5C"


def series_by_group(
    frame: pd.DataFrame,
    x: str = "year",
    y: str = "value",
    group: str = "group",
    emphasis: Sequence[str] = (),
    dashed: Sequence[str] = (),
    lang: str = "en",
    xlabel: str | None = None,
    ylabel: str | None = None,
    title: str | None = None,
    ax: mpl.axes.Axes | None = None,
):
    """One line per group (e.g. a dispersion measure per region and year), each named in the legend.

    Parameters
    ----------
    frame : long format, one row per (group, x).
    group : column of group names; names that are label keys (World Bank regions and income groups,
        ``"world"``) are translated. Regions get :data:`REGION_COLOURS`, other groups the palette in order
        (without vermillion, which is China's).
    emphasis : groups drawn thick and dark grey (e.g. the all-country series), listed first in the legend.
    dashed : groups drawn with a dashed line (e.g. the same measure on another sample).

    Returns
    -------
    (Figure, Axes)
    """
    i18n.check_lang(lang)
    _require_columns(frame, [x, y, group], "series_by_group")
    data = frame.dropna(subset=[x, y])
    if data.empty:
        raise ValueError(f"series_by_group: no rows with both {x!r} and {y!r}")
    fig, ax = _new_axes(ax)
    # Regions and income groups in their usual order (richest first), other names in order of appearance.
    canonical = [*i18n.REGIONS, *i18n.INCOME_GROUPS]
    found = list(dict.fromkeys(data[group]))
    names = [n for n in emphasis if n in found]
    names += [n for n in canonical if n in found and n not in names]
    names += [n for n in found if n not in names]
    # Vermillion stays reserved for China, as everywhere in the project.
    spare = iter(
        PALETTE[n] for n in ("blue", "orange", "bluish_green", "reddish_purple", "sky_blue", "yellow")
    )
    for name in names:
        part = data[data[group] == name].sort_values(x)
        strong = name in emphasis
        colour = _EMPHASIS if strong else REGION_COLOURS.get(name) or next(spare, MUTED)
        ax.plot(part[x], part[y], color=colour, linewidth=3.2 if strong else 1.4,
                linestyle="--" if name in dashed else "-", marker="o", markersize=3 if strong else 2.5,
                label=_translate(name, lang), zorder=3 if strong else 2)
    if x == "year":
        _year_axis(ax.xaxis)
    ax.set_xlabel(xlabel or i18n.label_for(x, lang))
    ax.set_ylabel(ylabel or i18n.label_for(y, lang))
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    return fig, ax


def dot_strip(
    frame: pd.DataFrame,
    value: str,
    category: str,
    label_col: str = "iso3",
    order: Sequence[str] | None = None,
    highlight: Sequence[str] = ("CHN",),
    logx: bool = False,
    lang: str = "en",
    countries: pd.DataFrame | None = None,
    xlabel: str | None = None,
    title: str | None = None,
    ax: mpl.axes.Axes | None = None,
):
    """One horizontal strip of dots per category, its median marked by a bar; highlights named.

    Parameters
    ----------
    frame : one row per (entity, category) with ``value``.
    category : column of row names (label keys are translated; other text is shown as given).
    order : categories from top to bottom (default: order of appearance).
    highlight : codes in ``label_col`` drawn large in :func:`highlight_colours` and named.
    logx : logarithmic value axis (non-positive values dropped).

    Returns
    -------
    (Figure, Axes)

    Notes
    -----
    Dots are spread vertically by a fixed pattern (not random), so the figure is identical on reruns.
    """
    i18n.check_lang(lang)
    _require_columns(frame, [value, category, label_col], "dot_strip")
    data = frame.dropna(subset=[value, category])
    if logx:
        data = data[data[value] > 0]
    if data.empty:
        raise ValueError(f"dot_strip: no rows with {value!r}")
    rows = list(order) if order is not None else list(dict.fromkeys(data[category]))
    fig, ax = _new_axes(ax, figsize=(8.0, max(2.5, 0.6 * len(rows) + 1.4)))
    colours = highlight_colours(highlight)
    for position, name in enumerate(rows):
        part = data[data[category] == name].sort_values(label_col)
        if part.empty:
            continue
        # Golden-ratio offsets: an even, deterministic spread within the row.
        offsets = ((np.arange(len(part)) * 0.618034) % 1.0 - 0.5) * 0.5
        muted = ~part[label_col].isin(list(colours))
        ax.scatter(part.loc[muted, value], position + offsets[muted.to_numpy()], s=14, color=MUTED,
                   edgecolor="none", zorder=2)
        median = float(part[value].median())
        ax.plot([median, median], [position - 0.32, position + 0.32], color="black", linewidth=2.2, zorder=3)
        hits = part[part[label_col].isin(list(colours))].sort_values(value)
        # Names alternate above and below the row so that neighbours do not print over each other.
        for number, (code, x_value) in enumerate(zip(hits[label_col], hits[value], strict=True)):
            colour = colours[code]
            ax.scatter([x_value], [position], s=60, color=colour, edgecolor="black", linewidth=0.7, zorder=4)
            ax.annotate(_display_name(code, lang, countries, frame), (x_value, position),
                        xytext=(0, 7 if number % 2 == 0 else -8), va="bottom" if number % 2 == 0 else "top",
                        textcoords="offset points", ha="center", fontsize=8, color=colour, zorder=5)
    if logx:
        plain_log_axis(ax.xaxis)
    ax.set_yticks(range(len(rows)), [_translate(r, lang) for r in rows])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(xlabel or i18n.label_for(value, lang))
    if title:
        ax.set_title(title)
    handles = [
        Line2D([], [], marker="o", color=MUTED, linestyle="none", label=i18n.t("other_countries", lang)),
        Line2D([], [], color="black", linewidth=2.2, label=i18n.t("strip_median", lang)),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    return fig, ax
