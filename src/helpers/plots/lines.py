"""Line charts: country trajectories, one series per group, and small multiples of milestone series."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from .. import i18n
from ._axes import (
    _display_name,
    _label_axes,
    _legend_right,
    _new_axes,
    _require_columns,
    _short_label,
    _translate,
    _year_axis,
)
from .labels import EndLabels, plain_log_axis
from .style import MUTED, PALETTE, REFERENCE_COLOUR, REGION_COLOURS, highlight_colours


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
    _label_axes(ax, x, y, lang, xlabel, ylabel)
    ax.set_title(title or _short_label(y, lang))
    return fig, ax


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
    _label_axes(ax, x, y, lang, xlabel, ylabel)
    if title:
        ax.set_title(title)
    _legend_right(ax)
    return fig, ax


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
