"""Timelines of processes per country (start to end, each end marked by how it is known)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import i18n
from ._axes import _legend_handles, _legend_right, _new_axes, _require_columns, _translate, _year_axis
from .style import MUTED, PALETTE, PROCESS_COLOURS, SOURCE_GREY


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


def _timeline_positions(frame: pd.DataFrame, country: str, start: str, processes: Sequence[str]):
    """Row of each country and height of each process band in a :func:`timeline` chart (and its marks)."""
    rows = list(dict.fromkeys(frame.dropna(subset=[start])[country]))
    return rows, 0.8 / max(len(processes), 1)


def _band_y(row: int, band: int, height: float) -> float:
    """Centre of process number ``band`` in country row ``row``.

    Processes sit side by side inside the country's band, first process on top.
    """
    return row - 0.4 + height * (band + 0.5)


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
    rows, height = _timeline_positions(data, country, start, order)
    fig, ax = _new_axes(ax, figsize=(8.0, max(2.5, 0.55 * len(rows) + 1.5)))

    for _, rec in data.iterrows():
        if rec[process] not in colours:
            raise ValueError(f"timeline: process {rec[process]!r} is not in processes={order}")
        y = _band_y(rows.index(rec[country]), order.index(rec[process]), height)
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
    _legend_right(ax, handles=handles)
    return fig, ax


def _timeline_row_label(value: object, lang: str, countries: pd.DataFrame | None) -> str:
    if countries is not None and (countries["iso3"] == value).any():
        return i18n.country_name(value, lang, countries)
    return _translate(value, lang)


def _marks_on_chart(frame: pd.DataFrame, marks: pd.DataFrame, processes: Sequence[str], country: str,
                    process: str, start: str):
    """(row of ``marks``, y of its process band) for the marks whose country and process are on the chart."""
    rows, height = _timeline_positions(frame, country, start, processes)
    order = list(processes)
    for _, rec in marks.iterrows():
        if rec[country] in rows and rec[process] in order:
            yield rec, _band_y(rows.index(rec[country]), order.index(rec[process]), height)


def _add_legend_entry(ax: mpl.axes.Axes, handle: Line2D) -> None:
    handles = _legend_handles(ax)
    handles.append(handle)
    _legend_right(ax, handles=handles)


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
    drawn = 0
    for rec, y in _marks_on_chart(frame, marks, processes, country, process, start):
        if pd.isna(rec[year]):
            continue
        colour = PROCESS_COLOURS.get(rec[process], SOURCE_GREY)
        ax.plot([float(rec[year])], [y], marker="<", markersize=7, markerfacecolor="white",
                markeredgecolor=colour, markeredgewidth=1.4, linestyle="none", zorder=4)
        drawn += 1
    _add_legend_entry(ax, Line2D([], [], marker="<", markerfacecolor="white", markeredgecolor="#555555",
                                 markeredgewidth=1.4, linestyle="none", label=i18n.t("nb03_ended_before_data", lang)))
    return drawn


def mark_ranges(
    ax: mpl.axes.Axes,
    frame: pd.DataFrame,
    ranges: pd.DataFrame,
    processes: Sequence[str],
    lang: str = "en",
    country: str = "country",
    process: str = "process",
    start: str = "start",
    low: str = "low",
    high: str = "high",
) -> int:
    """Add to a :func:`timeline` chart the years each drawn end can lie in: a capped whisker per end.

    An interpolated end is a point on a straight line between two observations; the whisker spans those
    observations, so a bar whose ends carry long whiskers is a duration the data know only loosely.

    Parameters
    ----------
    ax : the Axes :func:`timeline` returned.
    frame : the frame that was passed to :func:`timeline` (it fixes the row order).
    ranges : rows with ``country``, ``process``, ``low`` and ``high`` (finite years, low ≤ high), one per
        end to mark; countries without a row on the chart and rows with ``low == high`` are skipped.
    processes : the ``processes`` order passed to :func:`timeline`.

    Returns
    -------
    int
        Number of whiskers drawn.
    """
    i18n.check_lang(lang)
    _require_columns(ranges, [country, process, low, high], "mark_ranges")
    bad = ranges[~(ranges[low] <= ranges[high]) | ~np.isfinite(ranges[[low, high]].to_numpy(float)).all(axis=1)]
    if not bad.empty:
        first = bad.iloc[0]
        raise ValueError(f"mark_ranges: {first[country]} {first[process]} needs finite low ≤ high, "
                         f"got {first[low]}–{first[high]}")
    whisker = {"color": "black", "linewidth": 0.9, "alpha": 0.75, "marker": "|", "markersize": 6,
               "markeredgewidth": 0.9}
    drawn = 0
    for rec, y in _marks_on_chart(frame, ranges, processes, country, process, start):
        if rec[high] - rec[low] > 0:
            ax.plot([rec[low], rec[high]], [y, y], zorder=5, **whisker)
            drawn += 1
    _add_legend_entry(ax, Line2D([], [], label=i18n.t("nb03_range", lang), **whisker))
    return drawn
