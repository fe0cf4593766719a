# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python (digimod)
#     language: python
#     name: digimod
# ---

# %% [markdown]
# # 03 · Serial or parallel? When four modernization processes began and ended
#
# **Question.** Did today's rich countries go through industrialization, urbanization, agricultural
# modernization and informatization one after another over some two centuries, while China went through all
# four at once?
#
# **Claim tested.** The essay says the West modernized "in series" (串联式) over roughly 200 years, whereas
# China's industrialization, urbanization, agricultural modernization and informatization advance "in
# parallel" (并联式), overlapping in time.
#
# **Data.** Long-run series spliced onto modern ones, country by country: urban population share (Our World
# in Data long-run series, which is UN World Urbanization Prospects from 1950 extended back with historical
# estimates, then the World Bank WDI series after its last year); sector shares of employment and of value
# added (Herrendorf, Rogerson & Valentinyi's long-run data for ten countries, then ILO modelled estimates
# from 1991 and WDI value added from 1960); internet users and fixed telephone lines (World Bank WDI via
# Gapminder).
#
# **Method.** Each process gets an explicit window with a start and an end milestone per country:
#
# | Process | Start | End |
# |---|---|---|
# | Industrialization | industry's share of employment (or of value added) first reaches `industry_threshold` | the year of its highest share (the peak) |
# | Urbanization | urban share first reaches `urban_thresholds[0]` | … first reaches `urban_thresholds[1]` |
# | Agricultural modernization | agriculture's share of employment first falls to `agri_employment_thresholds[0]` | … first falls to `agri_employment_thresholds[1]` |
# | Informatization | internet users first reach `internet_thresholds[0]` % of the population | … first reach `internet_thresholds[1]` % |
#
# Fixed telephones reaching `telephone_threshold` lines per 100 people are reported as a pre-internet marker.
# A milestone is **observed** (consecutive annual data), **interpolated** (linearly between two observations
# further apart; with `interpolate = False` only the interval is reported), or **censored**: already passed
# at the first observation ("before coverage") or not yet reached at the last ("not reached"). A censored
# milestone never gets a year; spans, durations and overlaps are then reported as bounds ("at least"), or
# as undetermined. Two summaries measure compression: the **span** from the first process start to the last
# process end, and the **overlap** of each pair of process windows.
#
# **Read this first.** Informatization as measured here can only start after about 1990, because the
# internet did not exist before. Any country whose other processes were still under way in the 1990s
# (China, but also India or Brazil) overlaps with informatization *by construction*, and any country that
# had finished them (Britain, the US) cannot. The notebook therefore also reports everything without
# informatization, and with fixed telephones as an earlier information marker.

# %% tags=["parameters"]
lang = "en"
output_dir = ""
countries = ["GBR", "USA", "FRA", "DEU", "JPN", "KOR", "CHN", "IND", "BRA"]
industry_measure = "employment"
industry_threshold = 20
urban_thresholds = [20, 50]
agri_employment_thresholds = [50, 20]
internet_thresholds = [10, 50]
telephone_threshold = 10
splice_prefer = "long"
interpolate = True

# %%
import functools
import math

import pandas as pd
from IPython.display import display

from helpers import i18n, notebook, outputs, params, plots, stats
from helpers.data import country_table, load_panel


def check_pair(name, values, falling=False, top=100):
    """Two thresholds in (0, top), rising (or falling for a share that declines)."""
    params.check_type(name, values, (list, tuple))
    if len(values) != 2:
        raise params.ParameterError(f"{name} must hold two thresholds [start, end], got {values!r}")
    for value in values:
        params.check_type(f"{name} entry", value, (int, float))
        if not 0 < value < top:
            raise params.ParameterError(f"{name} entries must lie strictly between 0 and {top}, got {value!r}")
    if (values[1] >= values[0]) if falling else (values[1] <= values[0]):
        order = "falling, e.g. [50, 20]" if falling else "rising, e.g. [20, 50]"
        raise params.ParameterError(f"{name} must be {order}; got {values!r}")
    return [float(value) for value in values]


params.check_injected_parameters()  # papermill used directly: refuse misspelled names
lang = params.check_lang(lang)
countries = params.check_countries("countries", countries)
if "CHN" not in countries:
    raise params.ParameterError(f"countries must include 'CHN' (the claim is about China), got {countries}")
industry_measure = params.check_choice("industry_measure", industry_measure, ["employment", "value_added"])
industry_threshold = float(params.check_type("industry_threshold", industry_threshold, (int, float)))
if not 0 < industry_threshold < 100:
    raise params.ParameterError(f"industry_threshold must be a share between 0 and 100, got {industry_threshold}")
urban_thresholds = check_pair("urban_thresholds", urban_thresholds)
agri_employment_thresholds = check_pair("agri_employment_thresholds", agri_employment_thresholds, falling=True)
internet_thresholds = check_pair("internet_thresholds", internet_thresholds)
telephone_threshold = float(params.check_type("telephone_threshold", telephone_threshold, (int, float)))
if not 0 < telephone_threshold < 150:
    raise params.ParameterError(f"telephone_threshold must be between 0 and 150 lines per 100, got {telephone_threshold}")
splice_prefer = params.check_choice("splice_prefer", splice_prefer, ["long", "modern"])
interpolate = params.check_type("interpolate", interpolate, bool)
out = params.output_dir(output_dir, "03_serial_vs_parallel")
plots.use_style(lang)

# %% [markdown]
# ## Data: one series per country and concept, spliced at a single cut
# Each concept has a long-run series and a modern one. With `splice_prefer = "long"` (the default) the
# long-run series is used wherever it exists, because it is one consistent source over the whole period,
# and the modern series only after the long-run series' last year (`"modern"` does the reverse). The two
# are never mixed year by year and levels are not adjusted: the table reports the level gap (modern minus
# long-run) in the common year nearest the cut, so a milestone close to the cut can be judged. The note
# under the table lists the countries whose series begin late.

# %%
SERIES = {  # concept: (long-run indicator or None, modern indicator)
    "urban": ("owid.urban_share_long_run", "SP.URB.TOTL.IN.ZS"),
    "agri_emp": ("hrv.agr_emp_share", "SL.AGR.EMPL.ZS"),
    "ind_emp": ("hrv.ind_emp_share", "SL.IND.EMPL.ZS"),
    "agri_va": ("hrv.agr_va_share", "NV.AGR.TOTL.ZS"),
    "ind_va": ("hrv.ind_va_share", "NV.IND.TOTL.ZS"),
    "internet": (None, "IT.NET.USER.ZS"),
    "telephone": (None, "IT.MLT.MAIN.P2"),
}
indicators = [code for pair in SERIES.values() for code in pair if code]
panel = load_panel(indicators, countries=countries)
table = country_table()
datasets = sorted(panel["source"].unique())
source_line = notebook.source_line(lang, indicators)
name = functools.partial(i18n.country_name, lang=lang, countries_frame=table)
by_key = {key: part.set_index("year")["value"] for key, part in panel.groupby(["iso3", "indicator"])}


def raw(iso3, indicator):
    return by_key.get((iso3, indicator), pd.Series(dtype=float)) if indicator else pd.Series(dtype=float)


splices = {
    (iso3, concept): stats.splice_series(raw(iso3, long_id), raw(iso3, modern_id), prefer=splice_prefer)
    for iso3 in countries for concept, (long_id, modern_id) in SERIES.items()
}
series = {key: splice.series for key, splice in splices.items()}

# %%
def show(frame):
    """Display a table in ``lang``: country names, translated labels and headers."""
    shown = frame.copy()
    if "country" in shown.columns:
        shown["country"] = [name(code) for code in shown["country"]]
    for column in shown.columns[shown.dtypes == object]:
        shown[column] = [label(value) for value in shown[column]]
    shown = shown.rename(columns={column: label(column) for column in shown.columns})
    with pd.option_context("display.max_rows", 200, "display.max_columns", 30):
        display(shown.round(1))


def label(value):
    for key in (f"nb03_{value}", value):
        if i18n.has_label(key):
            return i18n.t(key, lang)
    return value


splice_table = pd.DataFrame([
    {"country": iso3, "series": concept, "long_run": SERIES[concept][0] or "", "modern": SERIES[concept][1],
     "first_year": s.series.index.min() if len(s.series) else None,
     "last_year": s.series.index.max() if len(s.series) else None,
     "splice_year": s.splice_year, "common_years": s.common_years, "gap_at_splice": s.gap_at_splice,
     "mean_gap": s.mean_gap}
    for (iso3, concept), s in splices.items()
])
outputs.write_table(splice_table, out, "splices")
notebook.heading("nb03_splices", lang)
show(splice_table[splice_table["long_run"] != ""].drop(columns=["long_run", "modern"]))
short = [c for c in countries if raw(c, "hrv.agr_emp_share").empty]
late_urban = [c for c in countries if raw(c, "owid.urban_share_long_run").index.min() > 1900]
notebook.say(
    "nb03_coverage_note", lang,
    countries=i18n.t("nb03_separator", lang).join(name(c) for c in short) or i18n.t("nb03_none_selected", lang),
    emp_year=min((raw(c, "SL.AGR.EMPL.ZS").index.min() for c in short), default="–"),
    va_year=min((raw(c, "NV.AGR.TOTL.ZS").index.min() for c in short), default="–"),
    late_urban=i18n.t("nb03_separator", lang).join(
        i18n.t("nb03_year_item", lang, country=name(c), year=raw(c, "owid.urban_share_long_run").index.min())
        for c in late_urban) or i18n.t("nb03_none_selected", lang),
)

# %% [markdown]
# ## The series behind the milestones
# Dots are observations; long straight segments between isolated dots are the sparse early estimates a
# pre-1900 milestone is interpolated from. Dotted lines are the thresholds. The chart starts in 1790; the
# urban series' earlier benchmarks (from 1500) are used for the milestones but not drawn.

# %%
industry_key = "ind_emp" if industry_measure == "employment" else "ind_va"
PANELS = {"urban": urban_thresholds, "agri_emp": agri_employment_thresholds,
          industry_key: [industry_threshold], "internet": internet_thresholds}
long_series = pd.concat(
    [pd.DataFrame({"panel": concept, "iso3": iso3, "year": s.index, "value": s.to_numpy()})
     for (iso3, concept), s in series.items() if concept in PANELS]
)
fig, _ = plots.milestone_series(
    long_series, {key: label(key) for key in PANELS}, PANELS,
    {key: i18n.t("nb03_percent", lang) for key in PANELS}, lang=lang, countries=table,
    title=i18n.t("nb03_series_title", lang), first_year=1790,
)
plots.add_source_line(fig, source_line)
_ = plots.save_figure(fig, out, "milestone_series")

# %% [markdown]
# ## Milestones
# `measure` turns one country's series into the start and end milestone of each process (the definitions
# in the table at the top). Every milestone keeps its status; `n_crossings` counts how often the threshold
# was crossed in the stated direction (more than one means the share dipped back and crossed again; only
# the first crossing is used).

# %%
PROCESSES = ["industrialization", "urbanization", "agricultural_modernization", "informatization"]
SETTINGS = {
    "industry_measure": industry_measure, "industry_threshold": industry_threshold, "urban": urban_thresholds,
    "agri": agri_employment_thresholds, "internet": internet_thresholds, "telephone": telephone_threshold,
    "info_from_telephone": False, "processes": PROCESSES,
}


def measure(iso3, settings):
    """{process: (start crossing, end crossing, series, threshold or None, direction)} for one country."""
    crossing = functools.partial(stats.threshold_crossing, interpolate=interpolate)
    s = {concept: series[iso3, concept] for concept in SERIES}
    industry = s["ind_emp" if settings["industry_measure"] == "employment" else "ind_va"]
    (u0, u1), (a0, a1), (i0, i1) = settings["urban"], settings["agri"], settings["internet"]
    info_series, info_threshold = (s["telephone"], settings["telephone"]) if settings["info_from_telephone"] else (
        s["internet"], i0)
    return {
        "industrialization": ((crossing(industry, settings["industry_threshold"]), industry,
                               settings["industry_threshold"], "up"), (stats.peak_crossing(industry), industry, None, "up")),
        "urbanization": ((crossing(s["urban"], u0), s["urban"], u0, "up"), (crossing(s["urban"], u1), s["urban"], u1, "up")),
        "agricultural_modernization": ((crossing(s["agri_emp"], a0, "down"), s["agri_emp"], a0, "down"),
                                       (crossing(s["agri_emp"], a1, "down"), s["agri_emp"], a1, "down")),
        "informatization": ((crossing(info_series, info_threshold), info_series, info_threshold, "up"),
                            (crossing(s["internet"], i1), s["internet"], i1, "up")),
    }


milestones = {iso3: measure(iso3, SETTINGS) for iso3 in countries}
telephones = {iso3: stats.threshold_crossing(series[iso3, "telephone"], telephone_threshold, interpolate=interpolate)
              for iso3 in countries}

# %%
MEASURES = {"industrialization": industry_key, "urbanization": "urban", "agricultural_modernization": "agri_emp",
            "informatization": "internet"}
rows = []
for iso3, found in milestones.items():
    for process, ends in found.items():
        for side, (crossing, values, threshold, direction) in zip(["start", "end"], ends, strict=True):
            n = len(stats.crossings_all(values, threshold, direction)) if threshold is not None else None
            rows.append({"country": iso3, "process": process, "milestone": side, "measure": MEASURES[process],
                         "threshold": threshold, **stats.crossing_record(crossing), "n_crossings": n})
    rows.append({"country": iso3, "process": "telephone", "milestone": "marker", "measure": "telephone",
                 "threshold": telephone_threshold, **stats.crossing_record(telephones[iso3]),
                 "n_crossings": len(stats.crossings_all(series[iso3, "telephone"], telephone_threshold))})
milestone_table = pd.DataFrame(rows)
outputs.write_table(milestone_table, out, "milestones")
notebook.heading("nb03_milestones", lang)
show(milestone_table.drop(columns=["measure", "interval_low", "interval_high"]))

# %% [markdown]
# ## Timeline
# One row per country, one bar per process from its start to its end milestone. Filled dots are observed
# ends, hollow dots interpolated ones; arrows mark ends beyond the data (the bar shows only the part the data
# cover). A hollow left triangle marks a process that had already ended when the data begin.

# %%
def bar_end(crossing, side):
    """(year to draw, timeline status) for one end; "before" = the whole window precedes the data."""
    if crossing.located:
        return crossing.year, crossing.status
    if crossing.status == "interval":  # only the certain part of the process is drawn
        return (crossing.interval[1] if side == "start" else crossing.interval[0]), "censored"
    if crossing.status == "before_coverage":
        return (crossing.bound, "censored") if side == "start" else (crossing.bound, "before")
    if crossing.status == "not_reached" and side == "end":
        return crossing.bound, "censored"
    return math.nan, None


bars, before = [], []
for iso3 in countries:
    for process, ((start, *_), (end, *_)) in milestones[iso3].items():
        (x0, s0), (x1, s1) = bar_end(start, "start"), bar_end(end, "end")
        if s1 == "before":
            before.append({"country": iso3, "process": process, "year": x1})
            (x0, s0), (x1, s1) = (math.nan, None), (math.nan, None)
        bars.append({"country": iso3, "process": process, "start": x0, "end": max(x0, x1),
                     "start_status": s0, "end_status": s1})
bars = pd.DataFrame(bars)
fig, ax = plots.timeline(bars, lang=lang, countries=table, processes=PROCESSES)
plots.mark_before_data(ax, bars, pd.DataFrame(before, columns=["country", "process", "year"]), PROCESSES, lang)
plots.colour_row_labels(ax, {name("CHN"): plots.HIGHLIGHT["CHN"]})
drawn = pd.concat([bars["start"], bars["end"], pd.Series([b["year"] for b in before], dtype=float)])
ax.set_xlim(drawn.min() - 6, drawn.max() + 6)  # room for the end markers
plots.add_source_line(fig, source_line)
_ = plots.save_figure(fig, out, "timeline")

# %% [markdown]
# ## How long each process took
# `duration` is end minus start when both are located; otherwise `duration_low`/`duration_high` bound it
# (an empty upper bound means "open": the process started before the data or has not ended). For
# agricultural modernization the table also gives agriculture's share of output (value added) at the two
# employment milestones: how much less of GDP than of jobs agriculture still accounted for.

# %%
windows = {iso3: {p: stats.process_window(ends[0][0], ends[1][0]) for p, ends in found.items()}
           for iso3, found in milestones.items()}


def finite(value):
    return value if value is not None and math.isfinite(value) else None


durations = []
for iso3, found in windows.items():
    for process, window in found.items():
        low, high = stats.duration_bounds(window)
        start, end = milestones[iso3][process][0][0], milestones[iso3][process][1][0]
        row = {"country": iso3, "process": process, "start": window.start, "start_status": start.status,
               "end": window.end, "end_status": end.status, "duration": window.duration, "duration_low": low, "duration_high": finite(high),
               "censored": window.censored}
        if process == "agricultural_modernization":
            row["agri_output_share_start"] = stats.value_at(series[iso3, "agri_va"], window.start)
            row["agri_output_share_end"] = stats.value_at(series[iso3, "agri_va"], window.end)
        durations.append(row)
duration_table = pd.DataFrame(durations)
outputs.write_table(duration_table, out, "durations")
notebook.heading("nb03_durations", lang)
show(duration_table)

# %% [markdown]
# ## Compression: span and overlap
# The **span** runs from the first process start to the last process end; with censored ends it is a range
# (`span_low` to `span_high`, empty = open). A pair of processes **overlaps** when the smallest overlap
# compatible with the data is positive, is **disjoint** when even the largest is zero, and is otherwise
# **undetermined**. "Classic" leaves informatization out (see "Read this first").

# %%
def compression(found, processes):
    """Span bounds and overlap counts of one country's windows for the listed processes."""
    chosen = {p: found[p] for p in processes}
    span = stats.process_span(list(chosen.values()))
    pairs = stats.overlap_pairs(chosen)
    counts = pairs["relation"].value_counts()
    return span, pairs, {f"n_{kind}": int(counts.get(kind, 0)) for kind in ("overlap", "disjoint", "undetermined")}


CLASSIC = PROCESSES[:3]
span_rows, overlap_frames, compressed = [], [], {}
for iso3, found in windows.items():
    for scope, processes in (("all", PROCESSES), ("classic", CLASSIC)):
        span, pairs, counts = compression(found, processes)
        compressed[iso3, scope] = (span, pairs, counts)
        span_rows.append({"country": iso3, "scope": scope, "span": span.span, "span_low": span.low,
                          "span_high": finite(span.high), "n_pairs": len(pairs), **counts})
    overlap_frames.append(compressed[iso3, "all"][1].assign(country=iso3))
span_table = pd.DataFrame(span_rows)
overlap_table = pd.concat(overlap_frames)[["country", *stats.OVERLAP_COLUMNS]]
overlap_table["overlap_high"] = [finite(value) for value in overlap_table["overlap_high"]]
outputs.write_table(span_table, out, "spans")
outputs.write_table(overlap_table, out, "overlaps")
notebook.heading("nb03_compression", lang)
show(span_table)
show(overlap_table[overlap_table["country"] == "CHN"])

# %% [markdown]
# ## Sensitivity: thresholds and definitions are conventions
# The same spans and overlap counts under other documented choices (each row changes one thing against the
# parameters above): higher urban thresholds, lower agricultural thresholds, later internet milestones, the
# other industry measure, informatization dated from fixed telephones instead of the internet, and the
# classic three processes only.

# %%
other_measure = "value_added" if industry_measure == "employment" else "employment"
VARIANTS = {
    "variant_default": {},
    "variant_urban": {"urban": [30.0, 60.0]},
    "variant_agri": {"agri": [40.0, 10.0]},
    "variant_internet": {"internet": [20.0, 75.0]},
    "variant_industry": {"industry_measure": other_measure},
    "variant_telephone": {"info_from_telephone": True},
    "variant_classic": {"processes": CLASSIC},
}
sensitivity_rows = []
for variant, change in VARIANTS.items():
    settings = {**SETTINGS, **change}
    for iso3 in countries:
        found = {p: stats.process_window(s[0], e[0]) for p, (s, e) in measure(iso3, settings).items()}
        span, pairs, counts = compression(found, settings["processes"])
        sensitivity_rows.append({"variant": variant, "country": iso3, "span": span.span, "span_low": span.low,
                                 "span_high": finite(span.high), "n_pairs": len(pairs), **counts})
sensitivity = pd.DataFrame(sensitivity_rows)
outputs.write_table(sensitivity, out, "sensitivity")
notebook.heading("nb03_sensitivity", lang)


def span_cell(row):
    return f"{row.span_low:.0f}" if row.span is not None and not pd.isna(row.span) else (
        f"≥{row.span_low:.0f}" if pd.isna(row.span_high) else f"{row.span_low:.0f}–{row.span_high:.0f}")


summary = sensitivity.assign(cell=[f"{span_cell(r)} | {r.n_overlap}/{r.n_pairs}" for r in sensitivity.itertuples()])
summary = summary.pivot(index="variant", columns="country", values="cell").loc[list(VARIANTS), countries]
notebook.say("nb03_sensitivity_note", lang)
display(summary.rename(index=label, columns=name))

# %% [markdown]
# ## Results file

# %%
EARLY = [c for c in ["GBR", "USA", "FRA", "DEU"] if c in countries]
LATE = [c for c in ["JPN", "KOR"] if c in countries]


def span_record(span):
    return {"span": span.span, "low": span.low, "high": finite(span.high),
            "first_start": list(span.first_start), "last_end": list(span.last_end)}


results = {
    "parameters": {"countries": countries, "industry_measure": industry_measure,
                   "industry_threshold": industry_threshold, "urban_thresholds": urban_thresholds,
                   "agri_employment_thresholds": agri_employment_thresholds,
                   "internet_thresholds": internet_thresholds, "telephone_threshold": telephone_threshold,
                   "splice_prefer": splice_prefer, "interpolate": interpolate},
    "groups": {"early_industrializers": EARLY, "late_developers": LATE},
    "milestones": {iso3: {p: {side: stats.crossing_record(ends[i][0]) for i, side in enumerate(["start", "end"])}
                          for p, ends in found.items()} for iso3, found in milestones.items()},
    "telephone": {iso3: stats.crossing_record(crossing) for iso3, crossing in telephones.items()},
    "durations": {iso3: {r["process"]: {k: v for k, v in r.items() if k not in ("country", "process")}
                         for r in durations if r["country"] == iso3} for iso3 in countries},
    "spans": {iso3: {scope: span_record(compressed[iso3, scope][0]) for scope in ("all", "classic")}
              for iso3 in countries},
    "overlap_counts": {iso3: {scope: compressed[iso3, scope][2] for scope in ("all", "classic")}
                       for iso3 in countries},
    "overlaps": {iso3: {f"{r.process_a}|{r.process_b}": {"overlap": r.overlap, "low": r.overlap_low,
                                                         "high": finite(r.overlap_high), "relation": r.relation}
                        for r in compressed[iso3, "all"][1].itertuples()} for iso3 in countries},
    "splices": {f"{iso3}|{concept}": {"splice_year": s.splice_year, "common_years": s.common_years,
                                      "gap_at_splice": s.gap_at_splice, "mean_gap": s.mean_gap}
                for (iso3, concept), s in splices.items() if SERIES[concept][0]},
    "sensitivity": {v: {r["country"]: {k: r[k] for k in ("span", "span_low", "span_high", "n_pairs", "n_overlap",
                                                        "n_disjoint", "n_undetermined")}
                        for r in sensitivity_rows if r["variant"] == v} for v in VARIANTS},
}
_ = outputs.write_results(out, results, outputs.provenance(datasets))

# %% keep_output=true
# NBVAL_CHECK_OUTPUT
notebook.key_results({key: results[key] for key in ("milestones", "spans", "overlap_counts")})

# %% [markdown]
# ## What the data say

# %%
notebook.heading("verdict", lang)
sep = i18n.t("nb03_separator", lang)


def span_words(span):
    if span.span is not None:
        return i18n.t("nb03_span_exact", lang, years=round(span.span))
    if span.low == 0 and not math.isfinite(span.high):
        return i18n.t("nb03_span_unknown", lang)
    if not math.isfinite(span.high):
        return i18n.t("nb03_span_at_least", lang, years=round(span.low))
    return i18n.t("nb03_span_between", lang, low=round(span.low), high=round(span.high))


def group_spans(group, scope):
    listed = [i18n.t("nb03_country_item", lang, country=name(c), value=span_words(compressed[c, scope][0]))
              for c in group]
    return sep.join(listed) or i18n.t("nb03_none_selected", lang)


def group_counts(group, scope):
    parts = [compressed[c, scope][2] for c in group]
    return {kind: sum(p[f"n_{kind}"] for p in parts) for kind in ("overlap", "disjoint", "undetermined")} | {
        "pairs": sum(len(compressed[c, scope][1]) for c in group)}


chn, early, late = compressed["CHN", "all"], group_counts(EARLY, "all"), group_counts(LATE, "all")
still_open = [label(p) for p, w in windows["CHN"].items() if w.end is None and w.end_range[1] == math.inf]
notebook.say("nb03_result_span", lang, china=span_words(chn[0]), early=group_spans(EARLY, "all"),
             late=group_spans(LATE, "all"), open=sep.join(still_open) or i18n.t("nb03_none_selected", lang))


def urban_durations(group):
    words = [span_words(stats.process_span([windows[c]["urbanization"]])) for c in group]
    return sep.join(i18n.t("nb03_country_item", lang, country=name(c), value=w) for c, w in zip(group, words,
                    strict=True)) or i18n.t("nb03_none_selected", lang)


notebook.say("nb03_result_urban", lang, low=round(urban_thresholds[0]), high=round(urban_thresholds[1]),
             china=span_words(stats.process_span([windows["CHN"]["urbanization"]])), early=urban_durations(EARLY),
             late=urban_durations(LATE))
notebook.say("nb03_result_overlap", lang, n_pairs=len(chn[1]), **{f"chn_{k}": v for k, v in chn[2].items()},
             **{f"early_{k}": v for k, v in early.items()}, **{f"late_{k}": v for k, v in late.items()})

# %%
chn3, early3 = compressed["CHN", "classic"], group_counts(EARLY, "classic")
info_starts = [c.year for c in (milestones[iso3]["informatization"][0][0] for iso3 in countries) if c.located]


def info_overlaps(iso3):
    pairs = compressed[iso3, "all"][1]
    return int((pairs[(pairs["process_b"] == "informatization")]["relation"] == "overlap").sum())


notebook.say(
    "nb03_result_classic", lang, threshold=round(internet_thresholds[0]),
    first=round(min(info_starts)) if info_starts else "–", last=round(max(info_starts)) if info_starts else "–",
    china=span_words(chn3[0]), chn_overlap=chn3[2]["n_overlap"], chn_pairs=len(chn3[1]),
    early=group_spans(EARLY, "classic"), early_overlap=early3["overlap"], early_pairs=early3["pairs"],
    early_undetermined=early3["undetermined"], chn_info=info_overlaps("CHN"),
    early_info=sum(info_overlaps(c) for c in EARLY), n_early=len(EARLY),
)
tel = sensitivity[sensitivity["variant"] == "variant_telephone"].set_index("country")
notebook.say("nb03_result_telephone", lang, threshold=round(telephone_threshold),
             chn_overlap=int(tel.loc["CHN", "n_overlap"]), chn_pairs=int(tel.loc["CHN", "n_pairs"]),
             early_overlap=int(tel.loc[EARLY, "n_overlap"].sum()), early_pairs=int(tel.loc[EARLY, "n_pairs"].sum()),
             chn_year=round(telephones["CHN"].year) if telephones["CHN"].located else "–")

# %%
main = milestone_table[milestone_table["milestone"] != "marker"]
censored = main[~main["status"].isin(stats.LOCATED)]
SPARSE_GAP = 10  # years between observations beyond which an interpolated year is called sparse
sparse = main[(main["status"] == "interpolated") & (main["gap_years"] > SPARSE_GAP)]
chn_censored = censored[censored["country"] == "CHN"]
notebook.say(
    "nb03_result_censoring", lang, n_censored=len(censored), n_all=len(main), n_sparse=len(sparse), gap=SPARSE_GAP,
    chn_censored=sep.join(i18n.t("nb03_censored_item", lang, process=label(r.process), milestone=label(r.milestone),
                                 status=label(r.status)) for r in chn_censored.itertuples())
    or i18n.t("nb03_none_selected", lang),
)

# %%
early_classic_determined = early3["overlap"] + early3["disjoint"]
if early_classic_determined == 0:
    west = "nb03_verdict_west_undetermined"
else:
    west = "nb03_verdict_west_parallel" if early3["overlap"] > early3["disjoint"] else "nb03_verdict_west_serial"
if chn[2]["n_disjoint"] > 0:
    china = "nb03_verdict_china_not_parallel"
else:
    china = "nb03_verdict_china_parallel" if chn[2]["n_overlap"] > 0 else "nb03_verdict_china_undetermined"
notebook.say(west, lang, overlap=early3["overlap"], determined=early_classic_determined)
notebook.say(china, lang, overlap=chn[2]["n_overlap"], pairs=len(chn[1]))
notebook.say("nb03_verdict_mechanical", lang)

# %% [markdown]
# ## Caveats
# - **The overlap with informatization is largely mechanical.** Internet use can only pass 10 % after about
#   1990. A country that finished industrializing and urbanizing earlier cannot overlap with it, and one that
#   had not must; this says when a country developed, not how. The classic-three and telephone rows of the
#   sensitivity table show how much of the contrast rests on this.
# - **Early data are sparse estimates.** Before 1900 the urban and sector series are benchmark estimates a
#   decade or more apart (historical reconstructions, not surveys); an interpolated milestone there is a
#   straight line between two guesses. The milestone table's `gap_years` says how far apart they are.
# - **Coverage decides what can be said.** Where a series begins after a threshold was passed (see the
#   note under the splice table: some countries have no long-run sector data, and Britain's long-run urban
#   series begins only after the Second World War), the milestone is censored, not dated. Censored
#   milestones are never filled in: spans become "at least", overlaps may stay undetermined, and a country
#   that looks "less overlapping" may simply be one whose early history lies outside the data.
# - **Splices and sources.** Long-run and modern series are joined at one cut without level adjustment; the
#   splice table shows the gaps (a few points for some sector shares), which can move a milestone near the
#   cut. ILO employment shares are modelled estimates; national definitions of "urban" differ.
# - **Thresholds are conventions.** 20 %/50 % urban or 50 %/20 % agricultural employment are round numbers,
#   not natural breakpoints; the peak of industry's share is a turning point only when it is interior to the
#   data. The sensitivity table shows which conclusions survive other choices.
# - **Description, not causation.** Timing and overlap say nothing about whether one process drove another,
#   or about the role of digital government.
#
# ## Try it yourself
# 1. Set `industry_measure = "value_added"`: industry's share of GDP peaked earlier than its share of jobs in
#    many countries. Does China's industrialization window close?
# 2. Set `urban_thresholds = [30, 70]` and `agri_employment_thresholds = [40, 10]`: which milestones move
#    beyond the data, and do the overlap counts change?
# 3. Set `interpolate = False`: every milestone between observations more than a year apart becomes an
#    interval; look at how many spans and overlaps are still determined.
