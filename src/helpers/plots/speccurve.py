"""The specification-curve figure: sorted estimates with their intervals above the matrix of choices."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.lines import Line2D
from matplotlib.transforms import blended_transform_factory

from .. import i18n
from ._axes import _require_columns
from .style import MUTED, PALETTE, REFERENCE_COLOUR

#: the choice columns drawn as rows of the matrix, top to bottom
CHOICES = ("outcome", "treatment", "controls", "lag", "estimator", "timing", "sample")
# Status colours: positive and significant (blue), negative and significant (orange: vermillion is
# China's colour everywhere in the project), not significant (grey).
_COLOURS = {"positive": PALETTE["blue"], "negative": PALETTE["orange"], "neither": MUTED}
# Above this many specifications the points are rasterized inside the SVG (which stays small).
_RASTERIZE_ABOVE = 1500


def _value_label(choice: str, value: object, lang: str) -> str:
    """The display name of one value of one choice, in ``lang``."""
    if choice == "lag":
        k = int(value)
        return i18n.t("spec_lag_none", lang) if k == 0 else i18n.t("spec_lag_value", lang, k=k)
    key = f"{choice}_{value}"
    if i18n.has_label(key):
        return i18n.t(key, lang)
    return i18n.label_for(str(value), lang, with_unit=False)


def _status(curve: pd.DataFrame, alpha: float) -> np.ndarray:
    significant = curve["pvalue"].to_numpy() < alpha
    estimate = curve["estimate"].to_numpy()
    return np.where(significant & (estimate > 0), "positive",
                    np.where(significant & (estimate < 0), "negative", "neither"))


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) positions of the runs of True in ``mask``."""
    edges = np.diff(np.r_[0, mask.astype(int), 0])
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1, strict=True))


def specification_curve_figure(
    curve: pd.DataFrame,
    lang: str = "en",
    *,
    alpha: float = 0.05,
    choices: tuple[str, ...] = CHOICES,
    title: str | None = None,
    ylabel: str | None = None,
):
    """A specification curve: every estimate, sorted, with its 95 % interval, above the choices that made it.

    Top panel: the estimates in increasing order with their intervals, coloured by sign and
    significance (p < ``alpha``), the background shaded behind the positive-and-significant ones, a
    dashed line at the median and a dotted one at zero; the subtitle gives the count, the median and
    the share positive and significant. Bottom panel: one row per value of each choice (outcome,
    treatment, controls, lag, estimator, timing, sample; a choice with a single value is left out), a
    mark in the column of every specification that made that choice, in the specification's colour.

    Parameters
    ----------
    curve : the output of :func:`helpers.stats.specification_curve` (``estimate``, ``ci_low``,
        ``ci_high``, ``pvalue`` and the choice columns).
    lang : ``"en"`` or ``"zh"``: every label (choices, estimators, samples, indicators) in that language.

    Returns
    -------
    (Figure, (Axes, Axes))
        The estimates' axes and the matrix's axes.
    """
    i18n.check_lang(lang)
    _require_columns(curve, ["estimate", "ci_low", "ci_high", "pvalue", *choices], "specification_curve_figure")
    data = curve.dropna(subset=["estimate"]).sort_values("estimate", kind="mergesort").reset_index(drop=True)
    if data.empty:
        raise ValueError("specification_curve_figure: no estimates to draw")
    shown = [c for c in choices if data[c].nunique() > 1]
    # Values in the order of the curve's rows (the grid's), lags in increasing order.
    values = {c: sorted(pd.unique(curve[c].dropna())) if c == "lag" else list(pd.unique(curve[c].dropna()))
              for c in shown}
    values = {c: [v for v in vs if (data[c] == v).any()] for c, vs in values.items()}
    n_rows = sum(len(v) for v in values.values())
    fig, (top, bottom) = plt.subplots(
        2, 1, sharex=True, figsize=(10.0, 3.8 + 0.2 * n_rows),
        gridspec_kw={"height_ratios": [3.2, max(1.0, 0.2 * n_rows)], "hspace": 0.06},
    )
    status = _status(data, alpha)
    positions = np.arange(len(data))
    many = len(data) > _RASTERIZE_ABOVE
    # One collection for every run of positive-and-significant estimates (a curve of 10 000 specifications
    # has a thousand runs: one patch each made drawing, and the SVG, several times slower).
    runs = [(start - 0.5, end - start + 1.0) for start, end in _runs(status == "positive")]
    if runs:
        top.broken_barh(runs, (0, 1), transform=top.get_xaxis_transform(), color=_COLOURS["positive"], alpha=0.08,
                        linewidth=0, zorder=0, rasterized=many)
    for name, colour in _COLOURS.items():
        rows = status == name
        if rows.any():
            top.vlines(positions[rows], data.loc[rows, "ci_low"], data.loc[rows, "ci_high"], color=colour,
                       alpha=0.35 if many else 0.6, linewidth=0.4 if many else 1.0, zorder=2, rasterized=many)
            top.scatter(positions[rows], data.loc[rows, "estimate"], s=2 if many else 10, color=colour, zorder=3,
                        linewidths=0, rasterized=many)
    median = float(data["estimate"].median())
    top.axhline(median, color=REFERENCE_COLOUR, linestyle="--", linewidth=1.0, zorder=4)
    top.axhline(0, color=REFERENCE_COLOUR, linestyle=":", linewidth=0.9, zorder=1)
    share = 100 * float((status == "positive").mean())
    top.set_title((title or i18n.t("spec_curve_title", lang)) + "\n" + i18n.t(
        "spec_summary", lang, n=f"{len(data):,}", median=f"{median:.3g}", share=f"{share:.0f}"), loc="left")
    top.set_ylabel(ylabel or i18n.t("spec_estimate", lang))
    handles = [Line2D([], [], marker="o", linestyle="", color=_COLOURS[key], label=i18n.t(label, lang, alpha=alpha))
               for key, label in (("positive", "spec_positive_significant"), ("negative", "spec_negative_significant"),
                                  ("neither", "spec_not_significant"))]
    handles.append(Line2D([], [], color=REFERENCE_COLOUR, linestyle="--",
                          label=i18n.t("spec_median", lang, value=f"{median:.3g}")))
    top.legend(handles=handles, loc="upper left", fontsize="small", frameon=False)
    _choice_matrix(bottom, data, status, shown, values, lang)
    bottom.set_xlabel(i18n.t("spec_rank", lang))
    bottom.set_xlim(-0.5, len(data) - 0.5)
    return fig, (top, bottom)


def _choice_matrix(ax: mpl.axes.Axes, data: pd.DataFrame, status: np.ndarray, shown: list[str],
                   values: dict[str, list], lang: str) -> None:
    """One row per choice value; the cell of a specification that made the choice in its status colour."""
    codes = {"neither": 1, "positive": 2, "negative": 3}
    status_code = np.array([codes[s] for s in status])
    rows, labels, bands = [], [], []
    for choice in shown:
        first = len(rows)
        for value in values[choice]:
            rows.append(np.where(data[choice].to_numpy() == value, status_code, 0))
            labels.append(_value_label(choice, value, lang))
        bands.append((choice, first, len(rows) - 1))
    colours = ListedColormap(["white", _COLOURS["neither"], _COLOURS["positive"], _COLOURS["negative"]])
    ax.imshow(np.vstack(rows), aspect="auto", interpolation="nearest", cmap=colours, vmin=0, vmax=3,
              extent=(-0.5, len(data) - 0.5, len(rows) - 0.5, -0.5))
    ax.set_yticks(range(len(labels)), labels, fontsize="small")
    ax.grid(False)
    place = blended_transform_factory(ax.transAxes, ax.transData)
    for choice, first, last in bands:
        if first > 0:
            ax.axhline(first - 0.5, color=REFERENCE_COLOUR, linewidth=0.6)
        ax.text(1.01, (first + last) / 2, i18n.t(f"spec_{choice}", lang), transform=place, ha="left",
                va="center", fontsize="small", color=REFERENCE_COLOUR)  # no bold: the CJK font has none
