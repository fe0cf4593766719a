"""The project's one figure style and its chart builders.

Call :func:`use_style` once at the top of a notebook, build charts with the functions below (each
returns ``(fig, ax)`` with labelled axes, units, a title and a legend in ``lang``), add the data
sources with :func:`add_source_line` and write PNG + SVG with :func:`save_figure`::

    plots.use_style(lang)
    fig, ax = plots.scatter_with_fit(frame, "IT.NET.USER.ZS", "GE.EST", lang=lang, countries=countries)
    plots.add_source_line(fig, plots.source_text([("World Bank WDI", "2024"), ("World Bank WGI", "2024")], lang))
    plots.save_figure(fig, out_dir, "internet_vs_effectiveness")

Text is set in DejaVu Sans with Noto Sans CJK SC (from the ``mplfonts`` package) as the fallback font, so
Latin letters look the same in both languages and Chinese glyphs always exist. SVGs store glyphs as
paths, so they render on machines without either font.

Every name below is importable from ``helpers.plots`` itself; the modules say where it is defined.

Style (:mod:`helpers.plots.style`)
----------------------------------
PALETTE, TOL_LIGHT, MUTED, REFERENCE_COLOUR, SOURCE_GREY
    Okabe–Ito and Paul Tol's "light" colours, grey for countries not highlighted, reference lines and the
    source line.
REGION_COLOURS, HIGHLIGHT, EXTRA_HIGHLIGHTS, PROCESS_COLOURS
    World Bank regions (light colours); China and the selected country, then further highlighted countries
    (strong, darker colours); the four modernization processes.
highlight_colours
    Colours of highlighted countries (China vermillion, then blue, then the rest).
CJK_FONT_FILE, CJK_FONT_NAME, LATIN_FONT_NAME, FontMissingError, cjk_font_path, register_cjk_font
    The fonts, finding the Chinese one in ``mplfonts`` and registering it with matplotlib.
style_params, use_style
    The project's rcParams, and applying them.
source_text, add_source_line, SourceLine, SOURCE_SIZE, SOURCE_SIZE_MAX, wrap_to_width
    The "Source: …" line under a figure: readable size, wrapped, below everything else.

Saving (:mod:`helpers.plots.saving`)
------------------------------------
save_figure
    Byte-reproducible PNG + SVG, written atomically (and shown inside a notebook).
png_display_width, figure_alt_text
    Display width and alternative text of a saved figure.

Labels and axes (:mod:`helpers.plots.labels`)
---------------------------------------------
spread_apart, EndLabels, PointLabels, HALO
    Names at the ends of lines, and next to highlighted points, kept apart and clear of the data (with a
    white halo).
plain_log_axis
    A log axis labelled with plain numbers.
colour_row_labels
    Colour chosen y tick labels (e.g. China's name).

Chart builders
--------------
scatter_with_fit, scatter_grid, change_paths
    Scatter charts (:mod:`helpers.plots.scatter`).
line_trajectories, series_by_group, milestone_series
    Line charts (:mod:`helpers.plots.lines`).
coef_over_time, estimate_forest
    Estimates with confidence intervals (:mod:`helpers.plots.estimates`).
timeline, mark_before_data, mark_ranges
    Process timelines per country (:mod:`helpers.plots.timelines`).
coverage_heatmap
    Share of countries with data, indicator × year (:mod:`helpers.plots.heatmaps`).
dot_strip
    One strip of dots per category (:mod:`helpers.plots.strips`).
specification_curve_figure
    Sorted estimates with intervals above the matrix of choices (:mod:`helpers.plots.speccurve`).
"""

from __future__ import annotations

from .estimates import coef_over_time, estimate_forest
from .heatmaps import coverage_heatmap
from .labels import HALO, EndLabels, PointLabels, colour_row_labels, plain_log_axis, spread_apart
from .lines import line_trajectories, milestone_series, series_by_group
from .saving import figure_alt_text, png_display_width, save_figure
from .scatter import change_paths, scatter_grid, scatter_with_fit
from .speccurve import specification_curve_figure
from .strips import dot_strip
from .style import (
    CJK_FONT_FILE,
    CJK_FONT_NAME,
    EXTRA_HIGHLIGHTS,
    HIGHLIGHT,
    LATIN_FONT_NAME,
    MUTED,
    PALETTE,
    PROCESS_COLOURS,
    REFERENCE_COLOUR,
    REGION_COLOURS,
    SOURCE_GREY,
    SOURCE_SIZE,
    SOURCE_SIZE_MAX,
    TOL_LIGHT,
    FontMissingError,
    SourceLine,
    add_source_line,
    cjk_font_path,
    highlight_colours,
    register_cjk_font,
    source_text,
    style_params,
    use_style,
    wrap_to_width,
)
from .timelines import mark_before_data, mark_ranges, timeline

__all__ = [
    "CJK_FONT_FILE",
    "CJK_FONT_NAME",
    "EXTRA_HIGHLIGHTS",
    "HALO",
    "HIGHLIGHT",
    "LATIN_FONT_NAME",
    "MUTED",
    "PALETTE",
    "PROCESS_COLOURS",
    "REFERENCE_COLOUR",
    "REGION_COLOURS",
    "SOURCE_GREY",
    "SOURCE_SIZE",
    "SOURCE_SIZE_MAX",
    "TOL_LIGHT",
    "EndLabels",
    "FontMissingError",
    "PointLabels",
    "SourceLine",
    "add_source_line",
    "change_paths",
    "cjk_font_path",
    "coef_over_time",
    "colour_row_labels",
    "coverage_heatmap",
    "dot_strip",
    "estimate_forest",
    "figure_alt_text",
    "highlight_colours",
    "line_trajectories",
    "mark_before_data",
    "mark_ranges",
    "milestone_series",
    "plain_log_axis",
    "png_display_width",
    "register_cjk_font",
    "save_figure",
    "scatter_grid",
    "scatter_with_fit",
    "series_by_group",
    "source_text",
    "specification_curve_figure",
    "spread_apart",
    "style_params",
    "timeline",
    "use_style",
    "wrap_to_width",
]
