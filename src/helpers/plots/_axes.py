"""Private helpers shared by the chart builders: new axes, column checks, names, labels and legends."""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator

from .. import i18n


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


def _label_axes(ax: mpl.axes.Axes, x: str, y: str, lang: str, xlabel: str | None, ylabel: str | None) -> None:
    """Axis labels as given, else the columns' indicator names and units (codebook ids) or the column names."""
    ax.set_xlabel(xlabel or i18n.label_for(x, lang))
    ax.set_ylabel(ylabel or i18n.label_for(y, lang))


def _legend_handles(ax: mpl.axes.Axes) -> list:
    """The handles of the legend ``ax`` already has (none without one), to extend and draw again."""
    legend = ax.get_legend()
    return list(legend.legend_handles) if legend is not None else []


def _legend_right(ax: mpl.axes.Axes, **legend_kw) -> mpl.legend.Legend:
    """The legend outside the axes, top-aligned to the right of it (``savefig.bbox = "tight"`` keeps it in)."""
    return ax.legend(**legend_kw, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)



def _repeat_linestyles(colours: dict[str, str]) -> dict[str, str]:
    """Line style per key of ``colours``: solid the first time a colour is used, then dashed, dash-dotted …

    Highlight colours repeat after seven countries; the style keeps two lines of one colour apart.
    """
    styles, uses = {}, {}
    for key, colour in colours.items():
        styles[key] = ("-", "--", "-.", ":")[uses.get(colour, 0) % 4]
        uses[colour] = uses.get(colour, 0) + 1
    return styles
