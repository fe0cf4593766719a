"""Labels kept apart: at the ends of lines, and next to highlighted points in a cloud of dots."""

from __future__ import annotations

import itertools

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.transforms import Bbox

from helpers import plots


def test_spread_apart_moves_least_and_keeps_order():
    assert plots.spread_apart([0.0, 1.0, 10.0], gap=4.0).tolist() == [-1.5, 2.5, 10.0]
    assert plots.spread_apart([5.0, 0.0, 20.0], gap=3.0).tolist() == [5.0, 0.0, 20.0]  # already apart
    rng = np.random.default_rng(0)
    wished = rng.normal(size=30)
    placed = plots.spread_apart(wished, gap=0.5)
    order = np.argsort(wished, kind="stable")
    assert np.all(np.diff(placed[order]) >= 0.5 - 1e-9)
    # Least squares within a block: the mean position does not move.
    assert placed.mean() == pytest.approx(wished.mean())
    assert plots.spread_apart([], gap=1.0).size == 0


def _text_boxes(texts, renderer) -> list:
    # The text itself, without the (possibly hidden) leader line an annotation's extent also covers.
    return [mpl.text.Text.get_window_extent(t, renderer) for t in texts]


def _overlapping(boxes) -> list[tuple[int, int]]:
    return [(i, j) for i, j in itertools.combinations(range(len(boxes)), 2) if boxes[i].overlaps(boxes[j])]


def test_end_labels_do_not_overlap_when_drawn_even_on_an_inverted_axis():
    fig, ax = plt.subplots(figsize=(4, 3))
    labels = plots.EndLabels(ax)
    texts = [labels.add(name, 2024, value) for name, value in [("A", 40.0), ("B", 41.0), ("Cg", 42.5), ("D", 90.0)]]
    ax.set_xlim(2000, 2025)
    ax.set_ylim(100, 0)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = _text_boxes(texts, renderer)
    assert not _overlapping(boxes)
    # Spaced by the real text height (with descenders) plus the gap, not by a fixed guess.
    centres = sorted((b.y0 + b.y1) / 2 for b in boxes[:3])
    height = max(b.height for b in boxes)
    assert np.all(np.diff(centres) >= height + 1.5 * fig.dpi / 72 - 0.5)
    # Inverted: the larger value sits lower, and D (far from the others) stays at its own height.
    assert (boxes[2].y0 + boxes[2].y1) / 2 < (boxes[0].y0 + boxes[0].y1) / 2
    assert (boxes[3].y0 + boxes[3].y1) / 2 == pytest.approx(ax.transData.transform((2024, 90.0))[1], abs=0.5)
    # The moved labels have leader lines; D, at its line's end, has none.
    assert [t.arrow_patch.get_visible() for t in texts] == [True, False, True, False]
    plt.close(fig)


def test_end_labels_of_lines_ending_in_different_years_share_one_column_with_leaders():
    # Fiji and Mongolia end a year before the others: their names go right of every line end, not over
    # the last segment of the lines that go on, and leader lines join them to their ends.
    fig, ax = plt.subplots(figsize=(6, 4), dpi=150)
    ax.set_xlim(2000, 2024)
    ax.set_ylim(0, 100)
    labels = plots.EndLabels(ax)
    ends = [("Malaysia", 2023, 97.7), ("Thailand", 2023, 89.5), ("World median", 2023, 89.9), ("Fiji", 2022, 85.0),
            ("Mongolia", 2022, 84.0), ("China", 2023, 77.5)]
    texts = [labels.add(name, x, y, fontsize=9) for name, x, y in ends]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = _text_boxes(texts, renderer)
    assert not _overlapping(boxes)
    assert len({round(b.x0, 3) for b in boxes}) == 1
    assert boxes[0].x0 > ax.transData.transform((2023, 0))[0]
    fiji = texts[3]
    assert fiji.arrow_patch.get_visible()
    plt.close(fig)


def test_end_labels_never_overlap_even_when_their_lines_end_far_apart():
    # Paths on a log axis end at very different x: each name stays near its own end (no column across the
    # chart), and wide names that would reach over the next ones are spread vertically.
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.set_xscale("log")
    ax.set_xlim(500, 100_000)
    ax.set_ylim(0, 200)
    labels = plots.EndLabels(ax)
    ends = [("India", 6_500, 83), ("South Africa", 13_000, 157), ("Brazil", 15_000, 97),
            ("Russian Federation", 27_000, 160), ("United States", 60_000, 104), ("China", 17_000, 122)]
    texts = [labels.add(name, x, y) for name, x, y in ends]
    fig.canvas.draw()
    boxes = _text_boxes(texts, fig.canvas.get_renderer())
    assert not _overlapping(boxes)
    india = boxes[0]
    assert india.x0 < ax.transData.transform((10_000, 0))[0]  # India's name is not moved to the right edge
    plt.close(fig)


def test_point_labels_keep_clear_of_each_other_the_highlighted_points_and_the_axes():
    rng = np.random.default_rng(3)
    xs, ys = rng.uniform(0, 10, 300), rng.uniform(0, 10, 300)
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.scatter(xs, ys, s=22)
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    labels = plots.PointLabels(ax)
    labels.avoid(xs, ys)
    # Three highlighted points close together in a dense cloud, one at the top-right corner.
    points = [("China", 5.0, 5.0), ("United States", 5.3, 5.1), ("India", 4.8, 5.2), ("Corner", 9.9, 9.9)]
    texts = [labels.add(name, x, y, color="#D55E00") for name, x, y in points]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = _text_boxes(texts, renderer)
    assert not _overlapping(boxes)
    half = labels.marker_size / 2 * fig.dpi / 72
    for x, y in ax.transData.transform([(x, y) for _, x, y in points]):
        marker = Bbox.from_extents(x - half, y - half, x + half, y + half)
        assert not any(box.overlaps(marker) for box in boxes)
    assert all(ax.bbox.x0 <= b.x0 and b.x1 <= ax.bbox.x1 and ax.bbox.y0 <= b.y0 and b.y1 <= ax.bbox.y1 for b in boxes)
    # Above the dots, with a halo; a label pushed away from its point has a leader line.
    assert all(t.get_zorder() > 4 and t.get_path_effects() for t in texts)
    near = [max(abs((b.x0 + b.x1) / 2 - x), abs((b.y0 + b.y1) / 2 - y)) for b, (x, y) in
            zip(boxes, ax.transData.transform([(x, y) for _, x, y in points]), strict=True)]
    for text, distance, box in zip(texts, near, boxes, strict=True):
        if distance > box.width / 2 + half + 12 * fig.dpi / 72:
            assert text.arrow_patch.get_visible()
    plt.close(fig)


def test_point_labels_are_placed_the_same_on_every_draw():
    fig, ax = plt.subplots()
    ax.scatter([1, 2, 3], [1, 2, 3])
    labels = plots.PointLabels(ax)
    labels.avoid([1, 2, 3], [1, 2, 3])
    text = labels.add("China", 2, 2)
    fig.canvas.draw()
    first = mpl.text.Text.get_window_extent(text, fig.canvas.get_renderer()).bounds
    fig.canvas.draw()
    assert mpl.text.Text.get_window_extent(text, fig.canvas.get_renderer()).bounds == first
    plt.close(fig)
