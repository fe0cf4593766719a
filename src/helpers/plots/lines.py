"""Line charts: country trajectories, one series per group, and small multiples of milestone series."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.lines import Line2D

from .. import i18n
from ._axes import (
    _display_name,
    _label_axes,
    _legend_right,
    _new_axes,
    _repeat_linestyles,
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

    The names at the line ends (:class:`~helpers.plots.labels.EndLabels`: never overlapping, with a white
    halo and a leader line when moved) replace legend entries: the legend only explains the grey lines.

    Parameters
    ----------
    frame : long format, one row per (group, x).
    y : value column; a codebook id gets the indicator's name and unit on the axis.
    highlight : ISO3 codes (values of ``group``) to colour with :func:`highlight_colours` and label.
    order_by : the column whose order joins a group's points (default ``x``). For a path through two
        measures, e.g. subscriptions against income per person, give the time column: a fall in income
        then draws the path going back instead of a zigzag.
    logx : a log x axis with plain tick labels; rows with ``x`` ≤ 0 are left out.
    legend_loc : where the legend ("Other countries", when there are grey lines) goes (matplotlib's ``loc``).
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
    dashes = _repeat_linestyles(colours)
    styles = {code: {"color": colours[code], "linewidth": 2.2, "linestyle": dashes[code], "zorder": 3}
              for code in highlighted}
    styles |= {code: {"color": REFERENCE_COLOUR, "linewidth": 1.8, "linestyle": "--", "zorder": 2}
               for code in references}
    end_labels = EndLabels(ax)
    for code, style in styles.items():
        part = data[data[group] == code]
        name = _display_name(code, lang, countries, frame)
        # The end label names the line, so the line has no legend entry of its own (a leading underscore
        # hides it from every legend, also one a notebook builds with ``get_legend_handles_labels``); the
        # name stays on the line as its ``gid``.
        ax.plot(part[x], part[y], label=f"_{name}", gid=name, **style)
        end_labels.add(name, part[x].iloc[-1], part[y].iloc[-1], fontsize=9, color=style["color"], zorder=4)
    handles = []
    if grey:
        handles.append(Line2D([], [], color=MUTED, linewidth=1.0, label=i18n.t("other_countries", lang)))
    # Always a legend, empty when every line is named at its end, so callers can move or remove it.
    ax.legend(handles=handles, loc=legend_loc)
    if logx:
        plain_log_axis(ax.xaxis)
    elif x == "year":
        _year_axis(ax.xaxis)
    _label_axes(ax, x, y, lang, xlabel, ylabel)
    ax.set_title(title or _short_label(y, lang))
    return fig, ax


#: Thick dark grey for summary series.
_EMPHASIS = "#5C5C5C"
#: Edge drawn around lines in (light) region colours.
_REGION_EDGE = "#7A7A7A"


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
        region = name in REGION_COLOURS
        colour = _EMPHASIS if strong else REGION_COLOURS.get(name) or next(spare, MUTED)
        width = 3.2 if strong else 1.6
        # Region colours are light (they are the context in scatter charts, see helpers.plots.style); a thin
        # dark edge keeps such a line visible on white.
        edge = [patheffects.Stroke(linewidth=width + 0.9, foreground=_REGION_EDGE), patheffects.Normal()]
        ax.plot(part[x], part[y], color=colour, linewidth=width,
                linestyle="--" if name in dashed else "-", marker="o", markersize=3 if strong else 2.8,
                path_effects=edge if region and not strong else None,
                label=_translate(name, lang), zorder=3 if strong else 2)
    if x == "year":
        _year_axis(ax.xaxis)
    _label_axes(ax, x, y, lang, xlabel, ylabel)
    if title:
        ax.set_title(title)
    _legend_right(ax)
    return fig, ax


#: A milestone panel whose data cover less than this share of the common year range gets its own range.
_OWN_RANGE_BELOW = 0.5


def _milestone_ranges(data: pd.DataFrame, panels: dict[str, str], panel: str, x: str,
                      first_year: float | None) -> list[tuple[float, float]]:
    """Year range of each :func:`milestone_series` panel (in ``panels`` order); see its Notes."""
    spans = {}
    for key in panels:
        years = data.loc[data[panel] == key, x]
        if not years.empty:
            spans[key] = (float(years.min()), float(years.max()))
    if not spans:
        return []
    start = first_year if first_year is not None else min(low for low, _ in spans.values())
    end = max(high for _, high in spans.values()) + 3  # room for the last dot
    ranges = []
    for key in panels:
        low, high = spans.get(key, (start, end))
        low = max(low, start)
        if high - low < _OWN_RANGE_BELOW * (end - start):
            margin = max(1.0, 0.04 * (high - low))
            ranges.append((low - margin, high + margin))
        else:
            ranges.append((start, end))
    return ranges


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
    first_year : left end of the year axes; earlier observations are cut off the chart only.

    Notes
    -----
    Panels share one year range (the earliest start, or ``first_year``, to the latest year) so that their
    timing can be compared, except a panel whose own data cover less than half of that range (e.g.
    internet use, from 1990, next to urbanization from 1800): squeezed into a corner of the shared axis it
    would hide its own data, so it gets its own range. Every panel labels its year axis.

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
    fig, axes = plt.subplots(n_rows, 2, figsize=(11.0, 3.6 * n_rows + 0.6), squeeze=False, layout="constrained")
    codes = list(dict.fromkeys(data[group]))
    colours = highlight_colours(codes)
    styles = _repeat_linestyles(colours)
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
        ax.set_xlabel(i18n.t("year", lang))
        _year_axis(ax.xaxis)
    for ax in list(axes.flat)[len(panels):]:
        fig.delaxes(ax)
    for ax, (low, high) in zip(axes.flat, _milestone_ranges(data, panels, panel, x, first_year), strict=False):
        ax.set_xlim(low, high)
    threshold_handle = Line2D([], [], color="#444444", linewidth=0.8, linestyle=":",
                              label=i18n.t("nb03_threshold", lang))
    fig.legend([*handles.values(), threshold_handle], [*handles, threshold_handle.get_label()],
               loc="outside right upper")
    if title:
        fig.suptitle(title)
    return fig, axes
