"""Helpers for axes a chart already has: labels that keep apart, plain log ticks, coloured row labels."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import matplotlib as mpl
import numpy as np


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


def colour_row_labels(ax: mpl.axes.Axes, colours: dict[str, str]) -> None:
    """Colour the y tick labels whose text is a key of ``colours`` (e.g. China's name in vermillion)."""
    for label in ax.get_yticklabels():
        if label.get_text() in colours:
            label.set_color(colours[label.get_text()])
