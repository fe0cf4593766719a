"""Labels kept apart at the ends of lines."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

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


def test_end_labels_do_not_overlap_when_drawn_even_on_an_inverted_axis():
    fig, ax = plt.subplots(figsize=(4, 3))
    labels = plots.EndLabels(ax)
    texts = [labels.add(name, 2024, value) for name, value in [("A", 40.0), ("B", 41.0), ("C", 42.5), ("D", 90.0)]]
    ax.set_xlim(2000, 2025)
    ax.set_ylim(100, 0)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    centres = [t.get_window_extent(renderer).y0 + t.get_window_extent(renderer).height / 2 for t in texts]
    gap_px = 11.0 * fig.dpi / 72
    close = sorted(centres[:3])
    assert np.all(np.diff(close) >= gap_px - 0.5)
    # Inverted: the larger value sits lower, and D (far from the others) stays at its own height.
    assert centres[2] < centres[0]
    assert centres[3] == pytest.approx(ax.transData.transform((2024, 90.0))[1], abs=0.5)
    plt.close(fig)
