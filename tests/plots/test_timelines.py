"""Process timelines per country."""

from __future__ import annotations

import matplotlib as mpl
import pandas as pd
import pytest

from helpers import i18n, plots


def _legend_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


@pytest.fixture
def processes() -> pd.DataFrame:
    return pd.DataFrame(
        {"country": ["CHN"] * 4 + ["USA"] * 4,
         "process": list(i18n.PROCESSES) * 2,
         "start": [1953, 1994, 1978, 1980, 1850, 1950, None, 1870],
         "end": [2015, None, 2011, 2020, 1960, 2005, None, 1940],
         "start_status": ["observed", "interpolated", "observed", "observed", "censored", "observed", None,
                          "interpolated"],
         "end_status": ["interpolated", "censored", "observed", "censored", "observed", "observed", None,
                        "observed"]}
    )


def test_timeline_draws_one_bar_per_started_process(processes, countries):
    plots.use_style("zh")
    _fig, ax = plots.timeline(processes, lang="zh", countries=countries)
    assert len(ax.patches) == 7  # USA urbanization has no start year
    assert [t.get_text() for t in ax.get_yticklabels()] == ["中国", "美国"]
    censored = [ln for ln in ax.lines if ln.get_marker() in {">", "<"}]
    assert len(censored) == 3  # CHN informatization end (missing end), CHN agri end, USA industrialization start
    legend = _legend_texts(ax)
    for key in ("observed", "interpolated", "censored", *i18n.PROCESSES):
        assert i18n.t(key, "zh") in legend
    colours = {mpl.colors.to_hex(p.get_facecolor()[:3]).upper() for p in ax.patches}
    assert len(colours) == 4


def test_timeline_rejects_unknown_status_and_backwards_bars(processes):
    bad = processes.assign(end_status=processes["end_status"].replace({"observed": "guessed"}))
    with pytest.raises(ValueError, match="guessed"):
        plots.timeline(bad)
    backwards = processes.assign(end=processes["end"].replace({2015: 1900}))
    with pytest.raises(ValueError, match=r"CHN industrialization ends \(1900.0\) before it starts \(1953.0\)"):
        plots.timeline(backwards)


def test_mark_ranges_draws_a_whisker_per_uncertain_end_and_a_legend_entry(processes, countries):
    plots.use_style("en")
    _fig, ax = plots.timeline(processes, lang="en", countries=countries, processes=list(i18n.PROCESSES))
    before = len(ax.lines)
    ranges = pd.DataFrame({"country": ["USA", "USA", "CHN", "GBR"],
                           "process": ["informatization", "informatization", "industrialization", "urbanization"],
                           "low": [1860.0, 1930.0, 2015.0, 1900.0], "high": [1880.0, 1950.0, 2015.0, 1950.0]})
    # CHN's range is a point and Britain is not on the chart: two whiskers.
    assert plots.mark_ranges(ax, processes, ranges, list(i18n.PROCESSES)) == 2
    whiskers = ax.lines[before:]
    assert [tuple(line.get_xdata()) for line in whiskers] == [(1860.0, 1880.0), (1930.0, 1950.0)]
    assert i18n.t("nb03_range", "en") in _legend_texts(ax)
    with pytest.raises(ValueError, match="USA informatization needs finite low ≤ high"):
        plots.mark_ranges(ax, processes, ranges.assign(high=[1850.0, 1950.0, 2015.0, 1950.0]), list(i18n.PROCESSES))
