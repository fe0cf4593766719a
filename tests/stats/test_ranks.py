"""Tests for helpers.stats.ranks: a rank series summarized from its first, best and worst editions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import stats


def test_rank_trajectory_of_a_series_whose_worst_edition_is_in_the_middle():
    ranks = pd.Series([70.0, 60.0, np.nan, 80.0, 50.0, 80.0, 30.0], index=[2003, 2004, 2005, 2008, 2010, 2012, 2014])
    summary = stats.rank_trajectory(ranks)

    assert summary["editions"] == [2003, 2004, 2008, 2010, 2012, 2014]  # the missing edition is dropped
    assert summary["ranks"] == [70, 60, 80, 50, 80, 30]
    assert (summary["first_year"], summary["first_rank"]) == (2003, 70)
    assert (summary["last_year"], summary["last_rank"]) == (2014, 30)
    assert (summary["best_year"], summary["best_rank"]) == (2014, 30)
    assert (summary["worst_year"], summary["worst_rank"]) == (2008, 80)  # tied with 2012: the earliest
    assert summary["climb_from_first"] == 40 and summary["climb_from_worst"] == 50
    assert summary["starts_at_worst"] is False
    assert "rank_shares" not in summary
    assert stats.rank_in_edition(summary, 2012) == 80 and stats.rank_in_edition(summary, 2005) is None


def test_rank_trajectory_with_the_number_ranked():
    ranks = pd.Series([90, 60, 40], index=[2010, 2016, 2022])
    n_ranked = pd.Series([100, 200, 200], index=[2010, 2016, 2022])
    summary = stats.rank_trajectory(ranks.iloc[::-1], n_ranked)  # any order in, editions sorted out
    assert summary["editions"] == [2010, 2016, 2022] and summary["starts_at_worst"] is True
    assert summary["rank_shares"] == pytest.approx([0.9, 0.3, 0.2])
    assert summary["worst_share_year"] == 2010
    # The worst rank and the worst share can be different editions.
    shifted = stats.rank_trajectory(pd.Series([90, 120]), pd.Series([100, 200]))
    assert shifted["worst_year"] == 1 and shifted["worst_share_year"] == 0


@pytest.mark.parametrize(
    ("ranks", "n_ranked", "message"),
    [
        (pd.Series([np.nan, np.nan]), None, "no non-missing"),
        (pd.Series([3, 4], index=[2010, 2010]), None, "more than once"),
        (pd.Series([0, 4]), None, "start at 1"),
        (pd.Series([3, 4], index=[2010, 2012]), pd.Series([100], index=[2010]), "no count for editions \\[2012\\]"),
        (pd.Series([30, 4]), pd.Series([20, 100]), "smaller than the rank"),
    ],
)
def test_rank_trajectory_refuses_bad_input(ranks, n_ranked, message):
    with pytest.raises(ValueError, match=message):
        stats.rank_trajectory(ranks, n_ranked)
