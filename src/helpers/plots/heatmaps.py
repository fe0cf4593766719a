"""Heat maps: the share of countries with data, indicator by year."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd

from .. import i18n
from ._axes import _new_axes, _short_label


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
