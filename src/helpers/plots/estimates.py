"""Charts of regression estimates with their confidence intervals against a zero line (a reference, not a legend entry)."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import i18n
from ._axes import _legend_right, _new_axes, _require_columns, _translate, _year_axis
from .style import PALETTE


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
    # Vermillion means China everywhere in the project, so estimator lines never take it.
    colours = [PALETTE[n] for n in ("blue", "orange", "bluish_green", "reddish_purple", "black", "sky_blue")]
    for i, (key, part) in enumerate(groups):
        part = part.sort_values(year)
        colour = colours[i % len(colours)]
        label = i18n.t("coefficient", lang) if key is None else _translate(key, lang)
        ax.fill_between(part[year], part[ci_low], part[ci_high], color=colour, alpha=0.18, linewidth=0)
        ax.plot(part[year], part[coef], color=colour, marker="o", markersize=4, linewidth=1.5, label=label)
    # The zero line is a reference the axis already labels (0), not a legend entry.
    ax.axhline(0, color="#444444", linewidth=0.9, linestyle=":", zorder=1)
    handles, _ = ax.get_legend_handles_labels()
    handles.append(Patch(color="#777777", alpha=0.3, label=i18n.t("ci_band", lang, level=ci_level)))
    ax.legend(handles=handles, loc="best")
    _year_axis(ax.xaxis)
    ax.set_xlabel(xlabel or i18n.t("year", lang))
    ax.set_ylabel(ylabel or i18n.t("coefficient", lang))
    ax.set_title(title or i18n.t("coef_by_year", lang))
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
    # The zero line is a reference the axis already labels (0), not a legend entry.
    ax.axvline(0, color="#444444", linewidth=0.9, linestyle=":", zorder=1)
    ax.set_yticks(rows, [str(value) for value in frame[label]])
    ax.set_ylim(len(frame) - 0.5, -0.5)
    ax.grid(axis="y", visible=False)
    handles, _ = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], color=colour, linewidth=2.0, label=i18n.t("ci_band", lang, level=ci_level)))
    _legend_right(ax, handles=handles)
    ax.set_xlabel(xlabel or i18n.t("coefficient", lang))
    if title:
        ax.set_title(title)
    return fig, ax
