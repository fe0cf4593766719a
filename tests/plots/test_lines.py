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
    assert [ln.get_gid() for ln in ax.lines] == ["China", "United States"]
    assert sorted(_texts(ax)) == ["China", "United States"]
    # The names at the line ends replace the legend entries: the legend only explains the grey lines.
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Other countries"]
    assert all(ln.get_label().startswith("_") for ln in ax.lines)
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
    reference = next(ln for ln in ax.lines if ln.get_gid() == "World median")
    assert reference.get_linestyle() == "--" and reference.get_color() == plots.REFERENCE_COLOUR
    assert not ax.collections  # no other countries: no grey lines ...
    # ... so the legend is empty (every line is named at its end), but there, for callers to move or remove.
    assert ax.get_legend() is not None and ax.get_legend().get_texts() == []
    assert sorted(_texts(ax)) == ["China", "United States", "World median"]
    # A line a notebook adds afterwards without an end label still gets a figure legend entry; the
    # end-labelled lines do not repeat their names there.
    ax.plot([2000, 2003], [1, 2], label="Average of all countries")
    assert ax.get_legend_handles_labels()[1] == ["Average of all countries"]


def test_a_country_keeps_its_colour_when_another_highlight_has_no_data(countries):
    rows = [(code, year, float(year - 2000)) for code in ["CHN", "IND", "USA"] for year in range(2000, 2003)]
    frame = pd.DataFrame(rows, columns=["iso3", "year", "IT.NET.USER.ZS"])
    highlight = ("CHN", "IND", "USA")
    full = plots.line_trajectories(frame, y="IT.NET.USER.ZS", highlight=highlight, countries=countries)[1]
    without_india = plots.line_trajectories(frame[frame["iso3"] != "IND"], y="IT.NET.USER.ZS", highlight=highlight,
                                            countries=countries)[1]
    colour = {ln.get_gid(): ln.get_color() for ln in full.lines}
    assert {ln.get_gid(): ln.get_color() for ln in without_india.lines} == {
        "China": colour["China"], "United States": colour["United States"]}
    plt.close("all")


def test_line_trajectories_dash_a_repeated_highlight_colour():
    codes = [f"C{i}" for i in range(8)]
    frame = pd.DataFrame([(code, year, float(i + year - 2000)) for i, code in enumerate(codes) for year in (2000, 2001)],
                         columns=["iso3", "year", "value"])
    _fig, ax = plots.line_trajectories(frame, highlight=codes)
    styles = {ln.get_gid(): (ln.get_color(), ln.get_linestyle()) for ln in ax.lines}
    assert styles["C6"][0] == styles["C0"][0] and styles["C0"][1] == "-" and styles["C6"][1] == "--"
    assert len(set(styles.values())) == len(codes)


def _milestone_frame() -> pd.DataFrame:
    rows = [("urban", "GBR", year, 10 + (year - 1800) / 4) for year in range(1800, 2024, 10)]
    rows += [("urban", "CHN", year, 5 + (year - 1900) / 3) for year in range(1900, 2024, 5)]
    rows += [("internet", code, year, float(year - 1990) * (3 if code == "GBR" else 2))
             for code in ("GBR", "CHN") for year in range(1990, 2024)]
    return pd.DataFrame(rows, columns=["panel", "iso3", "year", "value"])


def test_milestone_series_gives_late_starting_panels_their_own_year_range():
    fig, axes = plots.milestone_series(
        _milestone_frame(), panels={"urban": "Urban", "internet": "Internet"},
        thresholds={"urban": [50], "internet": [10, 50]}, ylabels={"urban": "%", "internet": "%"},
    )
    urban, internet = axes.flat[0], axes.flat[1]
    assert urban.get_xlim()[0] <= 1800 and urban.get_xlim()[1] >= 2023
    low, high = internet.get_xlim()
    assert 1985 <= low <= 1990 and 2023 <= high <= 2026  # its data fill the panel, not a corner of 1800–2025
    assert not internet.get_shared_x_axes().joined(urban, internet)
    assert all(ax.get_xlabel() == "Year" and ax.get_ylabel() == "%" for ax in (urban, internet))
    plt.close(fig)
