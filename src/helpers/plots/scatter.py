"""Scatter charts of one indicator against another, one point per country, with an OLS guide line."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import i18n
from ._axes import (
    _display_name,
    _label_axes,
    _legend_handles,
    _legend_right,
    _new_axes,
    _require_columns,
    _short_label,
    _translate,
)
from .labels import PointLabels, plain_log_axis
from .style import MUTED, REGION_COLOURS, TOL_LIGHT, highlight_colours


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
        (a code without both values is not drawn, like any other country). The names are placed by
        :class:`~helpers.plots.labels.PointLabels`: above the dots, with a white halo, off every other
        name and highlighted point, with a leader line when moved away.
    fit : draw the OLS line of ``y`` on ``x`` (on ``log10(x)`` when ``logx``). It is a visual guide;
        notebooks report the regression with standard errors separately.
    logx : logarithmic x axis (non-positive ``x`` values are dropped from the chart).
    countries : country table (``iso3, name_en, name_zh``) for names; by default name columns in
        ``frame`` are used if present, else the codes.

    Returns
    -------
    (Figure, Axes)
    """
    fig, ax, _labels = _scatter(frame, x, y, label_col, colour_col, highlight, fit, logx, lang, xlabel, ylabel,
                                title, countries, ax)
    return fig, ax


#: Marker areas (points²) of ordinary and highlighted countries' dots.
_DOT_AREA, _HIGHLIGHT_AREA = 22.0, 90.0


def _scatter(frame, x, y, label_col, colour_col, highlight, fit, logx, lang, xlabel, ylabel, title, countries, ax):
    """:func:`scatter_with_fit`, also returning the :class:`PointLabels` that name its highlights (to extend)."""
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
        # Categories that are not World Bank regions take the light colours regions leave, never a
        # highlight colour.
        extra = iter(c for c in TOL_LIGHT.values() if c not in REGION_COLOURS.values())
        for category in order + ([None] if categories.isna().any() else []):
            part = rest[categories.isna()] if category is None else rest[categories == category]
            colour = MUTED if category is None else REGION_COLOURS.get(category) or next(extra, MUTED)
            label = i18n.t("not_classified", lang) if category is None else _translate(category, lang)
            handles.append(
                ax.scatter(part[x], part[y], s=_DOT_AREA, color=colour, edgecolor="#333333", linewidth=0.3,
                           alpha=0.85, label=label, zorder=2)
            )
    else:
        handles.append(
            ax.scatter(rest[x], rest[y], s=_DOT_AREA, color=MUTED, edgecolor="none", zorder=2,
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
    labels = PointLabels(ax, marker_size=np.sqrt(_HIGHLIGHT_AREA), dot_size=np.sqrt(_DOT_AREA))
    labels.avoid(data[x], data[y])
    for code in highlighted:
        row = data[data[label_col] == code].iloc[0]
        ax.scatter([row[x]], [row[y]], s=_HIGHLIGHT_AREA, color=colours[code], edgecolor="black", linewidth=0.8,
                   zorder=4)
        labels.add(_display_name(code, lang, countries, frame), row[x], row[y], fontsize=9, color=colours[code])

    if logx:
        plain_log_axis(ax.xaxis)
    _label_axes(ax, x, y, lang, xlabel, ylabel)
    ax.set_title(title or i18n.t("vs_title", lang, y=_short_label(y, lang), x=_short_label(x, lang)))
    _legend_right(ax, handles=handles)
    return fig, ax, labels


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
    fig, ax, labels = _scatter(changes, x, y, label_col, colour_col, highlight, True, False, lang, xlabel, ylabel,
                               title, countries, ax)
    ax.axhline(0, color="#444444", linewidth=0.8, linestyle=":", zorder=1)
    ax.axvline(0, color="#444444", linewidth=0.8, linestyle=":", zorder=1)
    drawn = changes.dropna(subset=[x, y])
    highlighted = [code for code in highlight if (drawn[label_col] == code).any()]
    colours = highlight_colours(highlight)
    handles = _legend_handles(ax)
    for code in highlighted:
        part = paths[paths[label_col] == code].dropna(subset=[x, y]).sort_values(time)
        (line,) = ax.plot(part[x], part[y], color=colours[code], linewidth=1.4, marker="o", markersize=3.5,
                          zorder=3, label=i18n.t("path_over_time", lang,
                                                 country=_display_name(code, lang, countries, changes)))
        labels.avoid(part[x], part[y])
        # The years are placed like the country names (after them): apart from each other and clear of
        # the path's points, with a leader line when a crowded stretch pushes one away.
        for _, row in part.iterrows():
            labels.add(str(int(row[time])), row[x], row[y], fontsize=7, color=colours[code])
        handles.append(line)
    _legend_right(ax, handles=handles)
    return fig, ax


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
