"""Line charts: trajectories, reference lines, highlight colours."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers import plots


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_line_trajectories_grey_lines_and_labelled_highlights(countries):
    frame = pd.DataFrame(
        [(code, year, year - 2000 + i) for i, code in enumerate(["CHN", "USA", "A", "B", "C"])
         for year in range(2000, 2006)],
        columns=["iso3", "year", "IT.NET.USER.ZS"],
    )
    _fig, ax = plots.line_trajectories(frame, y="IT.NET.USER.ZS", highlight=("CHN", "USA"), countries=countries)
    (grey,) = ax.collections
    assert len(grey.get_segments()) == 3
    assert [ln.get_label() for ln in ax.lines] == ["China", "United States"]
    assert sorted(_texts(ax)) == ["China", "United States"]
    assert ax.get_ylabel() == "Individuals using the Internet (% of population)"


def test_line_trajectories_in_time_order_on_a_log_axis(countries):
    # Income falls in 2002: in time order the path goes back; sorted by x it would zigzag.
    frame = pd.DataFrame({
        "iso3": ["CHN"] * 4 + ["A"] * 3,
        "year": [2000, 2001, 2002, 2003, 2000, 2001, 2002],
        "income": [1000.0, 2000.0, 1500.0, 3000.0, 0.0, 500.0, 800.0],
        "phones": [1.0, 5.0, 6.0, 9.0, 2.0, 3.0, 4.0],
    })
    _fig, ax = plots.line_trajectories(frame, x="income", y="phones", highlight=("CHN",), order_by="year",
                                       logx=True, legend_loc="upper left", countries=countries)
    (china,) = ax.lines
    assert list(china.get_xdata()) == [1000.0, 2000.0, 1500.0, 3000.0]
    # The non-positive income cannot sit on a log axis: A's path starts at 500.
    (grey,) = ax.collections
    assert grey.get_segments()[0][:, 0].tolist() == [500.0, 800.0]
    assert ax.get_xscale() == "log" and ax.get_legend()._loc == 2  # 2 = upper left
    by_x = plots.line_trajectories(frame, x="income", y="phones", highlight=("CHN",), countries=countries)[1]
    assert list(by_x.lines[0].get_xdata()) == [1000.0, 1500.0, 2000.0, 3000.0]
    with pytest.raises(ValueError, match="x > 0"):
        plots.line_trajectories(frame[frame["income"] <= 0], x="income", y="phones", logx=True)


def test_line_trajectories_reference_lines_and_legend_without_other_countries(countries):
    frame = pd.DataFrame(
        [(code, year, year - 2000 + i) for i, code in enumerate(["CHN", "USA", "World median"])
         for year in range(2000, 2004)],
        columns=["iso3", "year", "IT.NET.USER.ZS"],
    )
    _fig, ax = plots.line_trajectories(frame, y="IT.NET.USER.ZS", highlight=("CHN", "USA"),
                                       reference=("World median",), countries=countries)
    reference = next(ln for ln in ax.lines if ln.get_label() == "World median")
    assert reference.get_linestyle() == "--" and reference.get_color() == plots.REFERENCE_COLOUR
    assert not ax.collections  # no other countries: no grey lines ...
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["China", "United States", "World median"]  # ... and no "Other countries" entry
    assert sorted(_texts(ax)) == ["China", "United States", "World median"]


def test_a_country_keeps_its_colour_when_another_highlight_has_no_data(countries):
    rows = [(code, year, float(year - 2000)) for code in ["CHN", "IND", "USA"] for year in range(2000, 2003)]
    frame = pd.DataFrame(rows, columns=["iso3", "year", "IT.NET.USER.ZS"])
    highlight = ("CHN", "IND", "USA")
    full = plots.line_trajectories(frame, y="IT.NET.USER.ZS", highlight=highlight, countries=countries)[1]
    without_india = plots.line_trajectories(frame[frame["iso3"] != "IND"], y="IT.NET.USER.ZS", highlight=highlight,
                                            countries=countries)[1]
    colour = {ln.get_label(): ln.get_color() for ln in full.lines}
    assert {ln.get_label(): ln.get_color() for ln in without_india.lines} == {
        "China": colour["China"], "United States": colour["United States"]}
    plt.close("all")
