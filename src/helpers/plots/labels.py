"""Helpers for axes a chart already has: labels that keep apart (and clear of the data), plain log ticks,
coloured row labels."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
from matplotlib import patheffects
from matplotlib.transforms import Affine2D


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


#: A white outline behind label text, so that a name stays readable where it crosses dots, lines or grid.
HALO = (patheffects.withStroke(linewidth=3.0, foreground="white"),)


def _text_size(text: mpl.text.Text, renderer) -> tuple[float, float]:
    """Width and height in pixels of ``text`` as ``renderer`` draws it (its size does not depend on where it is).

    ``Text.get_window_extent`` is called on the base class: an annotation's own method would first place the
    annotation, which is what the label classes below are computing.
    """
    box = mpl.text.Text.get_window_extent(text, renderer)
    return box.width, box.height


def _leader_props(colour, shrink: float, relpos: tuple[float, float]) -> dict:
    """Arrow properties for a thin leader line from a moved label back to its point.

    The line starts :data:`_LEADER_GAP` points from ``relpos`` of the label's box (fractions of its width and
    height, a point on its edge) and stops ``shrink`` points short of the point.
    """
    # No patchA: matplotlib would clip the line at a padded box around the text by bisection, testing
    # thousands of points against the box — for every hidden leader too, each time a figure is measured
    # (most of a country profile's time went there). Starting on the box's edge and shrinking by the
    # pad does the same in closed form.
    return {"arrowstyle": "-", "color": colour, "linewidth": 0.7, "patchA": None, "shrinkA": _LEADER_GAP,
            "shrinkB": shrink, "relpos": relpos}


#: Points between a label's box and the start of its leader line (half the pad matplotlib puts around text).
_LEADER_GAP = 2.0


class _DrawTimeLabels:
    """Shared machinery: annotations whose text positions are computed from the final layout when drawn.

    Subclasses implement ``_layout(renderer) -> (corners, moved)``: the lower-left corner of every label
    in display pixels and whether each label was moved away from its natural place (it then gets a leader
    line). The layout is computed once per draw and cached by everything it depends on.
    """

    def __init__(self, ax: mpl.axes.Axes):
        self.ax = ax
        self._anchors: list[tuple[float, float]] = []
        self._texts: list[mpl.text.Annotation] = []
        self._cache: tuple | None = None

    def _annotate(self, text: str, x: float, y: float, shrink: float, relpos: tuple[float, float],
                  **text_kw) -> mpl.text.Annotation:
        index = len(self._anchors)
        self._anchors.append((float(x), float(y)))
        colour = text_kw.get("color", "black")
        text_kw.setdefault("path_effects", HALO)
        annotation = self.ax.annotate(
            text, (x, y), xytext=(0, 0), textcoords=lambda renderer: self._corner(index, renderer),
            ha="left", va="bottom", arrowprops=_leader_props(colour, shrink, relpos), **text_kw,
        )
        annotation.arrow_patch.set_visible(False)  # until a draw decides the label has moved
        self._texts.append(annotation)
        return annotation

    def _anchor_pixels(self) -> np.ndarray:
        return self.ax.transData.transform(np.array(self._anchors, dtype=float).reshape(-1, 2))

    def _cache_key(self, renderer) -> tuple:
        return (id(renderer), renderer.points_to_pixels(1.0), self._anchor_pixels().tobytes(), self.ax.bbox.bounds,
                tuple(t.get_text() for t in self._texts), tuple(t.get_fontsize() for t in self._texts))

    def layout(self, renderer) -> tuple[np.ndarray, np.ndarray]:
        """Lower-left corners of the labels (display pixels) and which labels were moved, for ``renderer``."""
        key = self._cache_key(renderer)
        if self._cache is None or self._cache[0] != key:
            corners, moved = self._layout(renderer)
            for text, is_moved in zip(self._texts, moved, strict=True):
                text.arrow_patch.set_visible(bool(is_moved))
            self._cache = (key, corners, moved)
        return self._cache[1], self._cache[2]

    def _layout(self, renderer) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - abstract
        raise NotImplementedError

    def _corner(self, index: int, renderer):
        corners, _ = self.layout(renderer)
        return Affine2D().translate(*corners[index])


class EndLabels(_DrawTimeLabels):
    """Names at the ends of lines, stacked so that they never print over each other.

    Positions are worked out when the figure is drawn, from the final axis limits and layout (an inverted
    axis, a constrained layout, a log scale all count), in display coordinates: there a label's height is
    its real text height whatever the axis scale, which data coordinates would only give on a linear axis.

    Lines that end within ``reach`` points of the rightmost of them (e.g. series ending in 2021, 2022 and
    2023) get their names in one column, right of all those ends, so that no name sits on a line that
    goes on further right; a lone label stands ``pad`` points right of its line's end, a column
    ``leader_pad`` points right of its rightmost end. Labels whose boxes would then overlap horizontally
    are spread vertically (:func:`spread_apart`) to at least their real text height plus ``gap`` points
    apart. A label that ends up off its line's end gets a thin leader line to it. All labels have a white
    halo (:data:`HALO`).
    """

    def __init__(self, ax: mpl.axes.Axes, gap: float = 2.0, reach: float = 40.0, pad: float = 5.0,
                 leader_pad: float = 14.0):
        super().__init__(ax)
        self.gap, self.reach, self.pad, self.leader_pad = gap, reach, pad, leader_pad

    def add(self, text: str, x: float, y: float, **text_kw) -> mpl.text.Annotation:
        """Annotate ``text`` just right of the data point (``x``, ``y``); keyword arguments go to the text."""
        # The leader joins the label's left end, where a reader's eye arrives from the line.
        return self._annotate(text, x, y, shrink=0.0, relpos=(0.0, 0.5), **text_kw)

    def positions(self, renderer) -> np.ndarray:
        """Display coordinates (pixels) of every label's left-centre point under the current layout."""
        corners, _ = self.layout(renderer)
        heights = np.array([_text_size(t, renderer)[1] for t in self._texts])
        return corners + np.column_stack([np.zeros_like(heights), heights / 2])

    def _layout(self, renderer) -> tuple[np.ndarray, np.ndarray]:
        to_pixels = renderer.points_to_pixels(1.0)
        anchors = self._anchor_pixels()
        sizes = np.array([_text_size(t, renderer) for t in self._texts]).reshape(-1, 2)
        widths, heights = sizes[:, 0], sizes[:, 1]
        left, column_end = np.empty(len(anchors)), np.empty(len(anchors))
        # Columns: from the rightmost line end leftwards, every end within ``reach`` of a column's right end.
        remaining = list(np.argsort(-anchors[:, 0], kind="stable"))
        while remaining:
            right = anchors[remaining[0], 0]
            column = [i for i in remaining if anchors[i, 0] >= right - self.reach * to_pixels]
            left[column] = right + (self.leader_pad if len(column) > 1 else self.pad) * to_pixels
            column_end[column] = right
            remaining = [i for i in remaining if i not in column]
        # Groups: labels whose boxes overlap horizontally (transitively); each is spread vertically.
        step = (float(heights.max()) if heights.size else 0.0) + self.gap * to_pixels
        bottoms = np.empty(len(anchors))
        order = np.argsort(left, kind="stable")
        group, group_right = [], -np.inf
        for index in [*order, None]:
            if index is None or left[index] > group_right:
                if group:
                    bottoms[group] = spread_apart(anchors[group, 1], step) - heights[group] / 2
                group, group_right = [], -np.inf
            if index is not None:
                group.append(index)
                group_right = max(group_right, left[index] + widths[index] + self.gap * to_pixels)
        # Off its line's end: moved vertically by more than a quarter of its height, or in a column whose
        # right end its own line does not reach. Then a leader line says which line it names.
        shifted = np.abs(bottoms + heights / 2 - anchors[:, 1]) > heights / 4
        moved = shifted | (anchors[:, 0] < column_end - 2 * to_pixels)
        return np.column_stack([left, bottoms]), moved


#: Where a point's label may go, in order of preference: the eight directions around the point (right
#: side first, as readers look for a name after its point), at growing distances (points beyond the marker).
_DIRECTIONS = ((1, 1), (1, 0), (1, -1), (-1, 1), (-1, 0), (-1, -1), (0, 1), (0, -1))
_RINGS = (2.0, 9.0, 18.0, 30.0, 45.0, 62.0)
# Costs of a candidate place. Covering another label or a highlighted point must never happen while any
# other place is free; leaving the axes is nearly as bad (the label would sit on tick labels or the
# legend); covering ordinary dots is allowed, a little, because the halo keeps the name readable there.
_COST_LABEL, _COST_MARKER, _COST_OUTSIDE, _COST_DOT, _COST_RING, _COST_DIRECTION = 1e6, 1e6, 1e4, 5.0, 4.0, 0.5


def _overlap(box: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Whether ``box`` ``[x0, y0, x1, y1]`` overlaps each row of ``others`` (same layout)."""
    if others.size == 0:
        return np.zeros(0, dtype=bool)
    return ((box[0] < others[:, 2]) & (others[:, 0] < box[2]) & (box[1] < others[:, 3]) & (others[:, 1] < box[3]))


class PointLabels(_DrawTimeLabels):
    """Names of highlighted points, placed when drawn where they cover neither each other nor a highlighted point.

    Each label is tried at the eight places around its point, nearest first, and at growing distances; it
    takes the cheapest place: never over another label or any highlighted point, inside the axes, over as
    few of the other dots (``avoid``) as possible, and as close as possible. Labels are placed in the
    order they were added (China first in this project), so the first gets the best place. A label placed
    beyond the nearest ring gets a thin leader line to its point. All labels have a white halo
    (:data:`HALO`) and are drawn above the dots. The choice is deterministic: the same figure gives the
    same places.

    Parameters
    ----------
    ax : the axes.
    marker_size : diameter in points of the highlighted markers (labels keep clear of them).
    dot_size : diameter in points of the other dots (a dot counts as covered when its disc touches a label).
    """

    def __init__(self, ax: mpl.axes.Axes, marker_size: float = 9.5, dot_size: float = 4.7):
        super().__init__(ax)
        self.marker_size, self.dot_size = marker_size, dot_size
        self._obstacles = np.empty((0, 2))

    def add(self, text: str, x: float, y: float, **text_kw) -> mpl.text.Annotation:
        """Name the highlighted point (``x``, ``y``); keyword arguments go to the text (e.g. ``color``)."""
        text_kw.setdefault("zorder", 6)
        return self._annotate(text, x, y, shrink=self.marker_size / 2, relpos=(0.5, 0.5), **text_kw)

    def avoid(self, xs, ys) -> None:
        """Data points the labels should not cover (the other dots, a path's vertices)."""
        points = np.column_stack([np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)])
        self._obstacles = np.vstack([self._obstacles, points[np.isfinite(points).all(axis=1)]])

    def _cache_key(self, renderer) -> tuple:
        return (*super()._cache_key(renderer), self._obstacles.shape)

    def _layout(self, renderer) -> tuple[np.ndarray, np.ndarray]:
        to_pixels = renderer.points_to_pixels(1.0)
        anchors = self._anchor_pixels()
        dots = self.ax.transData.transform(self._obstacles) if len(self._obstacles) else np.empty((0, 2))
        dots = dots[np.isfinite(dots).all(axis=1)]
        half = self.marker_size / 2 * to_pixels
        markers = np.hstack([anchors - half, anchors + half])
        dot_radius = self.dot_size / 2 * to_pixels
        frame = self.ax.bbox
        margin = 2.0 * to_pixels  # air between two labels, and between a label and a marker
        placed = np.empty((0, 4))
        corners, moved = np.empty_like(anchors), np.zeros(len(anchors), dtype=bool)
        for index, (ax_, ay) in enumerate(anchors):
            width, height = _text_size(self._texts[index], renderer)
            best = None
            for ring, distance in enumerate(_RINGS):
                d = half + distance * to_pixels
                for rank, (dx, dy) in enumerate(_DIRECTIONS):
                    # Diagonal places sit at the same distance along both axes, scaled so the label's
                    # nearest corner is about ``d`` from the point.
                    along = d * (0.75 if dx and dy else 1.0)
                    x0 = ax_ + along if dx > 0 else ax_ - along - width if dx < 0 else ax_ - width / 2
                    y0 = ay + along if dy > 0 else ay - along - height if dy < 0 else ay - height / 2
                    box = np.array([x0, y0, x0 + width, y0 + height])
                    padded = box + np.array([-margin, -margin, margin, margin])
                    cost = _COST_RING * ring + _COST_DIRECTION * rank
                    cost += _COST_LABEL * _overlap(padded, placed).sum()
                    cost += _COST_MARKER * _overlap(padded, markers).sum()
                    outside = (max(frame.x0 - box[0], 0) + max(box[2] - frame.x1, 0)
                               + max(frame.y0 - box[1], 0) + max(box[3] - frame.y1, 0))
                    cost += _COST_OUTSIDE * outside / max(width, height)
                    if len(dots):
                        near_x = np.clip(dots[:, 0], box[0], box[2])
                        near_y = np.clip(dots[:, 1], box[1], box[3])
                        covered = np.hypot(dots[:, 0] - near_x, dots[:, 1] - near_y) < dot_radius
                        cost += _COST_DOT * covered.sum()
                    if best is None or cost < best[0]:
                        best = (cost, box, ring)
            _, box, ring = best
            corners[index] = box[:2]
            moved[index] = ring > 0
            placed = np.vstack([placed, box])
        return corners, moved


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
