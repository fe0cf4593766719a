"""Dot strips: the distribution of a value across countries, one strip per category."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from .. import i18n
from ._axes import _display_name, _legend_right, _new_axes, _require_columns, _translate
from .labels import HALO, plain_log_axis
from .style import MUTED, highlight_colours


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
                        textcoords="offset points", ha="center", fontsize=8, color=colour, zorder=6,
                        path_effects=HALO)
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
    _legend_right(ax, handles=handles)
    return fig, ax
