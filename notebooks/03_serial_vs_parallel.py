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

# %% [markdown] tags=["lang-en"]
# # 03 · Serial or parallel? When four modernization processes began and ended
#
# **Question.** Did today's rich countries go through industrialization, urbanization, agricultural
# modernization and informatization one after another over some two centuries, while China went through all
# four at once?
#
# **Claim tested.** The essay says the West modernized "in series" (<span lang="zh">串联式</span>) over roughly 200 years, whereas
# China's industrialization, urbanization, agricultural modernization and informatization advance "in
# parallel" (<span lang="zh">并联式</span>), overlapping in time.
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
# process end, and the **overlap** of each pair of process windows. A third reading of "in series" is
# tested directly: **staggered onsets**, each process beginning clearly after the one before it in the
# essay's order. Because interpolated years rest on observations up to a century apart, every onset and
# duration is also given as the range the observations allow.
#
# **Read this first.** Informatization as measured here can only start after about 1990, because the
# internet did not exist before. Any country whose other processes were still under way in the 1990s
# (China, but also India or Brazil) overlaps with informatization *by construction*, and any country that
# had finished them (Britain, the US) cannot. The notebook therefore also reports everything without
# informatization, and with fixed telephones as an earlier information marker.

# %% [markdown] tags=["lang-zh"]
# # 03 · 串联式还是并联式？四大现代化进程的起止时间
#
# **研究问题。** 今天的发达国家是否在大约两个世纪里依次走过工业化、城镇化、农业现代化和信息化，而中国则是
# 四者同时推进？
#
# **所检验的论断。** 文章认为，西方发达国家的现代化是“串联式”的，工业化、城镇化、农业现代化、信息化顺序
# 发展，用了200多年时间；而中国的工业化、信息化、城镇化、农业现代化是“并联式”的，在时间上叠加发展。
#
# **数据。** 逐国将长期序列与现代序列拼接：城镇人口占比（Our World in Data 的长期序列，1950年以后即联合国
# 《世界城镇化展望》数据，此前以历史估计向前延伸；该序列最后一年之后接世界银行世界发展指标（WDI））；各产业
# 的就业占比与增加值占比（Herrendorf、Rogerson 和 Valentinyi 整理的十国长期数据，其后接国际劳工组织（ILO）
# 1991年起的模型估计和 WDI 1960年起的增加值数据）；互联网用户与固定电话线路（世界银行 WDI，经 Gapminder
# 获取）。
#
# **方法。** 为每个国家的每个进程划定一个明确的时间窗口，起点和终点各由一个里程碑确定：
#
# | 进程 | 起点 | 终点 |
# |---|---|---|
# | 工业化 | 工业就业占比（或增加值占比）首次达到 `industry_threshold` | 该占比达到最高值（峰值）的年份 |
# | 城镇化 | 城镇人口占比首次达到 `urban_thresholds[0]` | ……首次达到 `urban_thresholds[1]` |
# | 农业现代化 | 农业就业占比首次降至 `agri_employment_thresholds[0]` | ……首次降至 `agri_employment_thresholds[1]` |
# | 信息化 | 互联网用户首次达到人口的 `internet_thresholds[0]`% | ……首次达到 `internet_thresholds[1]`% |
#
# 固定电话达到每百人 `telephone_threshold` 线的年份，作为互联网出现之前的信息化标志另行报告。里程碑分三类：
# **观测值**（相邻年份均有数据）、**插值**（在相隔较远的两次观测之间线性插值；设定 `interpolate = False`
# 时只报告所在区间）和**删失**：首次观测时已经越过（“早于数据覆盖”），或到最后一次观测时仍未达到（“尚未
# 达到”）。删失的里程碑一律不给年份，跨度、历时和重叠随之以界限（“至少”）表示，或记为无法确定。衡量“压缩”
# 程度有两个指标：从第一个进程开始到最后一个进程结束的**跨度**，以及每两个进程窗口之间的**重叠**。对“串联式”
# 的第三种理解则直接加以检验：**起点相互错开**，即按文章所说的顺序，每个进程都在前一个进程开始之后明显较晚才
# 开始。由于插值年份所依据的两次观测可能相隔长达一个世纪，每个起点和历时还同时给出观测值所允许的范围。
#
# **请先读这一段。** 按这里的度量，信息化最早只能从1990年前后开始，因为此前还没有互联网。凡是其他进程在
# 1990年代仍在进行的国家（中国，也包括印度和巴西），都会*因定义本身*而与信息化重叠；已经完成这些进程的国家
# （英国、美国）则不可能与之重叠。因此，本笔记本还报告不含信息化的全部结果，以及以固定电话作为更早信息化
# 标志的结果。

# %% tags=["parameters"]
lang: str = "en"  # report language: "en" or "zh"
output_dir: str = ""  # folder for figures, tables and results.json (empty: outputs/interactive/<notebook>)
countries: list = ["GBR", "USA", "FRA", "DEU", "JPN", "KOR", "CHN", "IND", "BRA"]  # economies compared (ISO3 or names)
industry_measure: str = "employment"  # "employment" or "value_added" share of industry
industry_threshold: float = 20  # industry share (%) that marks industrialization
urban_thresholds: list = [20, 50]  # urban share (%) at the start and end of urbanization
agri_employment_thresholds: list = [50, 20]  # agricultural employment share (%) at start and end
internet_thresholds: list = [10, 50]  # internet users (% of population) at start and end of informatization
telephone_threshold: float = 10  # fixed telephones per 100 people (the pre-internet alternative)
splice_prefer: str = "long"  # where long-run and modern series overlap: "long" or "modern"
interpolate: bool = True  # date crossings between observations by linear interpolation
onset_gap: float = 10  # years by which an onset must follow the one before it to count as staggered

# %%
import dataclasses
import functools
import math

import pandas as pd

from helpers import i18n, notebook, outputs, params, plots, processes, stats
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
onset_gap = float(params.check_type("onset_gap", onset_gap, (int, float)))
if not 0 < onset_gap < 100:
    raise params.ParameterError(f"onset_gap must be a number of years between 0 and 100, e.g. 10; got {onset_gap}")
out = params.output_dir(output_dir, "03_serial_vs_parallel")
text = notebook.texts("03_serial_vs_parallel", lang)
plots.use_style(lang)

# %% [markdown] tags=["lang-en"]
# ## Data: one series per country and concept, spliced at a single cut
# Each concept has a long-run series and a modern one. With `splice_prefer = "long"` (the default) the
# long-run series is used wherever it exists, because it is one consistent source over the whole period,
# and the modern series only after the long-run series' last year (`"modern"` does the reverse). The two
# are never mixed year by year and levels are not adjusted: the table reports the level gap (modern minus
# long-run) in the common year nearest the cut, so a milestone close to the cut can be judged. The note
# under the table lists the countries whose series begin late.

# %% [markdown] tags=["lang-zh"]
# ## 数据：每个国家、每个概念一条序列，在单一断点处拼接
# 每个概念都有一条长期序列和一条现代序列。在 `splice_prefer = "long"`（默认）时，凡有长期序列之处都用长期
# 序列，因为它在整个时期内出自同一来源、口径一致；现代序列只用于长期序列最后一年之后（`"modern"` 则正好相反）。
# 两条序列从不逐年混用，也不调整水平：表中给出距断点最近的共同年份上两者的水平差（现代序列减长期序列），据此
# 可以判断靠近断点的里程碑是否可靠。表下的说明列出序列起始较晚的国家。

# %%
SERIES = processes.SERIES  # concept: (long-run indicator or None, modern indicator)
indicators = processes.indicators()
panel = load_panel(indicators, countries=countries)
table = country_table()
datasets = sorted(panel["source"].unique())
source_line = notebook.source_line(lang, indicators)
name = functools.partial(i18n.country_name, lang=lang, countries_frame=table)
observed = processes.observed_series(panel)
splices = processes.splice_concepts(panel, countries, prefer=splice_prefer)
series = {key: splice.series for key, splice in splices.items()}


def raw(iso3, indicator):
    return observed.get((iso3, indicator), pd.Series(dtype=float))

# %%
#: Column headers and categories of this notebook's own tables (the shared ones, such as country, year,
#: process, status, threshold and the statuses observed / interpolated, come from helpers.i18n).
HEADERS = {
    "series": text("col_series"), "splice_year": text("col_splice_year"), "common_years": text("col_common_years"),
    "gap_at_splice": text("col_gap_at_splice"), "mean_gap": text("col_mean_gap"),
    "milestone": text("col_milestone"), "bound": text("col_bound"), "gap_years": text("col_gap_years"),
    "n_crossings": text("col_n_crossings"), "start": text("col_start"), "end": text("col_end"),
    "start_status": text("col_start_status"), "end_status": text("col_end_status"),
    "duration": text("col_duration"), "duration_low": text("col_duration_low"),
    "duration_high": text("col_duration_high"), "censored": text("col_censored"),
    "agri_output_share_start": text("col_agri_output_share_start"),
    "agri_output_share_end": text("col_agri_output_share_end"), "scope": text("col_scope"),
    "span": text("col_span"), "span_low": text("col_span_low"), "span_high": text("col_span_high"),
    "n_pairs": text("col_n_pairs"), "n_overlap": text("col_n_overlap"), "n_disjoint": text("col_n_disjoint"),
    "n_undetermined": text("col_n_undetermined"), "process_a": text("col_process_a"),
    "process_b": text("col_process_b"), "overlap": text("col_overlap"), "overlap_low": text("col_overlap_low"),
    "overlap_high": text("col_overlap_high"), "relation": text("col_relation"), "variant": text("col_variant"),
    "duration_min": text("col_duration_min"), "duration_max": text("col_duration_max"), "gap": text("col_gap"),
    "share": text("col_share_in_series"), "group_reading": text("col_group_reading"),
    "china_sequence": text("col_china_sequence"), "china_reading": text("col_china_reading"),
}
VALUES = {
    "urban": text("series_urban"), "agri_emp": text("series_agri_emp"), "ind_emp": text("series_ind_emp"),
    "agri_va": text("series_agri_va"), "ind_va": text("series_ind_va"), "internet": text("series_internet"),
    "telephone": text("series_telephone"),
    "start": text("milestone_start"), "end": text("milestone_end"), "marker": text("milestone_marker"),
    "overlap": text("relation_overlap"), "disjoint": text("relation_disjoint"),
    "undetermined": text("relation_undetermined"), "all": text("scope_all"), "classic": text("scope_classic"),
    "variant_default": text("variant_default"), "variant_urban": text("variant_urban"),
    "variant_agri": text("variant_agri"), "variant_internet": text("variant_internet"),
    "variant_industry": text("variant_industry"), "variant_telephone": text("variant_telephone"),
    "variant_classic": text("variant_classic"),
    "variant_no_interpolation": text("variant_no_interpolation"), "variant_order_only": text("variant_order_only"),
    "staggered": text("relation_staggered"), "not_staggered": text("relation_not_staggered"),
    "in_series": text("sequence_in_series"), "not_in_series": text("sequence_not_in_series"),
    "compressed": text("reading_compressed"), "not_compressed": text("reading_not_compressed"),
}
sep, none = text("separator"), text("none")


def label(value):
    """A category in ``lang``: this notebook's own (from its catalogue), else a shared label, else as given."""
    if value in VALUES:
        return VALUES[value]
    return i18n.t(value, lang) if i18n.has_label(value) else value


def show_table(frame):
    """``notebook.show`` (one decimal), after country names and this notebook's own headers and categories."""
    shown = frame.copy()
    if "country" in shown.columns:
        shown["country"] = [name(code) for code in shown["country"]]
    for column in shown.columns[shown.dtypes == object]:
        shown[column] = [VALUES.get(value, value) for value in shown[column]]
    notebook.show(shown.rename(columns=HEADERS), lang, decimals=1)


splice_table = pd.DataFrame([
    {"country": iso3, "series": concept, "long_run": SERIES[concept][0] or "", "modern": SERIES[concept][1],
     "first_year": s.series.index.min() if len(s.series) else None,
     "last_year": s.series.index.max() if len(s.series) else None,
     "splice_year": s.splice_year, "common_years": s.common_years, "gap_at_splice": s.gap_at_splice,
     "mean_gap": s.mean_gap}
    for (iso3, concept), s in splices.items()
])
outputs.write_table(splice_table, out, "splices")
show_table(splice_table[splice_table["long_run"] != ""].drop(columns=["long_run", "modern"]))
short = [c for c in countries if raw(c, "hrv.agr_emp_share").empty]
late_urban = [c for c in countries if raw(c, "owid.urban_share_long_run").index.min() > 1900]
text.say(
    "coverage_note",
    countries=sep.join(name(c) for c in short) or none,
    emp_year=min((raw(c, "SL.AGR.EMPL.ZS").index.min() for c in short), default=None),
    va_year=min((raw(c, "NV.AGR.TOTL.ZS").index.min() for c in short), default=None),
    late_urban=sep.join(
        text("year_item", country=name(c), year=raw(c, "owid.urban_share_long_run").index.min())
        for c in late_urban) or none,
)

# %% [markdown] tags=["lang-en"]
# ## The series behind the milestones
# Dots are observations; long straight segments between isolated dots are the sparse early estimates a
# pre-1900 milestone is interpolated from. Dotted lines are the thresholds. The chart starts in 1790; the
# urban series' earlier benchmarks (from 1500) are used for the milestones but not drawn.

# %% [markdown] tags=["lang-zh"]
# ## 里程碑所依据的数据序列
# 圆点为观测值；孤立圆点之间的长直线段，就是1900年以前的里程碑据以插值的稀疏早期估计。点线为阈值。图从1790年
# 画起；城镇化序列更早的基准估计（始于1500年）参与确定里程碑，但没有画出。

# %%
industry_key = "ind_emp" if industry_measure == "employment" else "ind_va"
PANELS = {"urban": urban_thresholds, "agri_emp": agri_employment_thresholds,
          industry_key: [industry_threshold], "internet": internet_thresholds}
long_series = pd.concat(
    [pd.DataFrame({"panel": concept, "iso3": iso3, "year": s.index, "value": s.to_numpy()})
     for (iso3, concept), s in series.items() if concept in PANELS]
)
fig, _ = plots.milestone_series(
    long_series, {key: VALUES[key] for key in PANELS}, PANELS,
    {key: text("percent") for key in PANELS}, lang=lang, countries=table,
    title=text("series_title"), first_year=1790,
)
plots.add_source_line(fig, source_line)
_ = plots.save_figure(fig, out, "milestone_series")

# %% [markdown] tags=["lang-en"]
# ## Milestones
# `processes.milestones` turns each country's series into the start and end milestone of each process (the definitions
# in the table at the top). Every milestone keeps its status; `n_crossings` counts how often the threshold
# was crossed in the stated direction (more than one means the share dipped back and crossed again; only
# the first crossing is used).

# %% [markdown] tags=["lang-zh"]
# ## 里程碑
# `processes.milestones` 把每个国家的序列转换为每个进程的起点和终点里程碑（定义见开头的表格）。每个里程碑都保留其状态；
# “越过次数”（`n_crossings`）统计阈值沿指定方向被越过了几次（大于1表示占比曾回落后再次越过；只采用第一次）。

# %%
PROCESSES, CLASSIC = list(processes.PROCESSES), list(processes.CLASSIC)
EARLY = [c for c in ["GBR", "USA", "FRA", "DEU"] if c in countries]
LATE = [c for c in ["JPN", "KOR"] if c in countries]
definition = processes.ProcessDefinition(
    industry_threshold=industry_threshold, urban=urban_thresholds, agri=agri_employment_thresholds,
    internet=internet_thresholds, telephone=telephone_threshold, industry_measure=industry_measure,
    processes=PROCESSES, interpolate=interpolate,
)
milestones = processes.milestones(series, countries, definition)
#: The same milestones dated only where consecutive observations date them: their possible years are the
#: bounds of every interpolated year (see "How long each process took").
observed_only = processes.milestones(series, countries, dataclasses.replace(definition, interpolate=False))
telephones = {iso3: processes.marker(series, iso3, "telephone", telephone_threshold, interpolate) for iso3 in countries}

# %%
milestone_table = processes.milestone_table(milestones, definition, {c: {"telephone": telephones[c]} for c in countries})
outputs.write_table(milestone_table, out, "milestones")
show_table(milestone_table.drop(columns=["measure", "interval_low", "interval_high"]))

# %% [markdown] tags=["lang-en"]
# ## Coverage: whose data carry the comparison
# Each cell gives the years of the series a process is measured with (after splicing) and how many of
# its two milestones the data date (located, or bounded between two observations); the rest are
# censored. The sentence below counts, for the early industrializers' three classic processes, whose
# milestones are dated at all.

# %% [markdown] tags=["lang-zh"]
# ## 数据覆盖：比较究竟建立在哪些国家的数据之上
# 每格给出度量该进程所用序列（拼接之后）的起止年份，以及两个里程碑中有几个能由数据确定年份（已定位，或限定在
# 两次观测之间）；其余为删失。下面一句统计早期工业化国家三项传统进程的里程碑中，究竟有哪些能够确定年份。

# %%
coverage = pd.DataFrame([
    {"country": iso3, "process": process, "measure": definition.measure_of(process),
     "first_year": series[iso3, definition.measure_of(process)].index.min(),
     "last_year": series[iso3, definition.measure_of(process)].index.max(),
     "n_dated": sum(c.located or c.status == "interval" for c, *_ in milestones[iso3][process])}
    for iso3 in countries for process in PROCESSES
])
outputs.write_table(coverage, out, "coverage")
cells = coverage.assign(cell=[text("coverage_cell", first=r.first_year, last=r.last_year, n=r.n_dated)
                              for r in coverage.itertuples()])
show_table(cells.pivot(index="country", columns="process", values="cell").loc[countries, PROCESSES]
           .rename(columns=label).reset_index())

# %%
n_classic = 2 * len(CLASSIC)  # start and end milestones per country
west_dated = coverage[coverage["process"].isin(CLASSIC)].groupby("country")["n_dated"].sum().reindex(EARLY)
mainly = [c for c in EARLY if west_dated[c] >= n_classic / 2]
first_year = coverage.set_index(["country", "measure"])["first_year"]
if EARLY:  # without an early industrializer there is nothing to count (the onset section says so)
    text.say(
        "result_coverage", n_all=n_classic * len(EARLY), n_dated=int(west_dated.sum()),
        by_country=sep.join(text("count_item", country=name(c), n=west_dated[c], of=n_classic) for c in EARLY) or none,
        first_years=sep.join(text("first_years_item", country=name(c), urban=first_year[c, "urban"],
                                  sector=first_year[c, "agri_emp"]) for c in EARLY) or none,
        mainly=sep.join(name(c) for c in mainly) or none,
        mainly_share=west_dated[mainly].sum() / west_dated.sum() if west_dated.sum() else None,
    )

# %% [markdown] tags=["lang-en"]
# ## Timeline
# One row per country, one bar per process from its start to its end milestone. Filled dots are observed
# ends, hollow dots interpolated ones; arrows mark ends beyond the data (the bar shows only the part the data
# cover). A hollow left triangle marks a process that had already ended when the data begin. A capped
# whisker spans the observations around an interpolated end (or a sparse peak): the end may lie anywhere
# on it, so a bar with long whiskers is a duration the data know only loosely.

# %% [markdown] tags=["lang-zh"]
# ## 时间线
# 每个国家一行，每个进程一根横条，从起点里程碑画到终点里程碑。实心圆点表示观测到的端点，空心圆点表示插值得到的
# 端点；箭头表示端点超出数据范围（横条只画出数据覆盖的部分）。空心的左向三角形表示数据开始之前就已结束的进程。
# 带端帽的细线（须线）覆盖插值端点（或稀疏数据中的峰值）前后的两次观测：端点可以落在须线上的任何位置，
# 因此须线较长的横条，其历时只能粗略确定。

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
ranges = pd.DataFrame(
    [{"country": iso3, "process": process, "low": low, "high": high}
     for iso3 in countries for process, ends in milestones[iso3].items()
     for side, (crossing, *_) in zip(["start", "end"], ends, strict=True) if crossing.located
     for low, high in [stats.crossing_bounds(observed_only[iso3][process][side == "end"][0])]],
    columns=["country", "process", "low", "high"])
plots.mark_ranges(ax, bars, ranges, PROCESSES, lang)
plots.colour_row_labels(ax, {name("CHN"): plots.HIGHLIGHT["CHN"]})
drawn = pd.concat([bars["start"], bars["end"], ranges["low"], ranges["high"],
                   pd.Series([b["year"] for b in before], dtype=float)])
ax.set_xlim(drawn.min() - 6, drawn.max() + 6)  # room for the end markers
plots.add_source_line(fig, source_line)
_ = plots.save_figure(fig, out, "timeline")

# %% [markdown] tags=["lang-en"]
# ## How long each process took
# `duration` is end minus start when both are located; otherwise `duration_low`/`duration_high` bound it
# (an empty upper bound means "open": the process started before the data or has not ended). An
# interpolated end is a straight line between two observations that may lie decades apart, so a
# duration is only known within bounds: `duration_min`/`duration_max` are the shortest and longest
# durations the observations allow, each end anywhere between the observations around it (the result
# with `interpolate = False`; a sparse peak likewise lies between its neighbouring observations). For
# agricultural modernization the table also gives agriculture's share of output (value added) at the two
# employment milestones: how much less of GDP than of jobs agriculture still accounted for.

# %% [markdown] tags=["lang-zh"]
# ## 各进程历时多久
# 起止两端都已确定时，“历时”（`duration`）即终点减起点；否则以“历时下限”和“历时上限”（`duration_low`、
# `duration_high`）给出其范围（上限为空表示“开放”：进程开始于数据之前，或尚未结束）。对农业现代化，表中还给出
# 两个就业里程碑处农业占产出（增加值）的比重：农业在 GDP 中的份额比在就业中的份额低多少。
#
# 插值得到的端点只是两次观测之间的一条直线，而这两次观测可能相隔数十年，因此历时只能确定在一定范围之内。
# 表中“观测值允许的最短历时”和“观测值允许的最长历时”（`duration_min`、`duration_max`）假定每个端点可以
# 落在其前后两次观测之间的任何位置，与 `interpolate = False` 时的结果相同；稀疏数据中的峰值同样可以落在
# 相邻两次观测之间。

# %%
windows, wide_windows = processes.windows(milestones), processes.windows(observed_only)


def finite(value):
    return value if value is not None and math.isfinite(value) else None


durations = []
for iso3, found in windows.items():
    for process, window in found.items():
        (low, high), (shortest, longest) = stats.duration_bounds(window), stats.duration_bounds(wide_windows[iso3][process])
        start, end = milestones[iso3][process][0][0], milestones[iso3][process][1][0]
        row = {"country": iso3, "process": process, "start": window.start, "start_status": start.status,
               "end": window.end, "end_status": end.status, "duration": window.duration, "duration_low": low, "duration_high": finite(high),
               "duration_min": shortest, "duration_max": finite(longest), "censored": window.censored}
        if process == "agricultural_modernization":
            row["agri_output_share_start"] = stats.value_at(series[iso3, "agri_va"], window.start)
            row["agri_output_share_end"] = stats.value_at(series[iso3, "agri_va"], window.end)
        durations.append(row)
duration_table = pd.DataFrame(durations)
outputs.write_table(duration_table, out, "durations")
show_table(duration_table)

# %%
WIDE_RANGE = 20  # years between the shortest and longest duration beyond which a duration is called loose
dated = duration_table[duration_table["duration"].notna()]
loose = dated[dated["duration_max"] - dated["duration_min"] > WIDE_RANGE]
text.say("result_duration_ranges", n_dated=len(dated), n_loose=len(loose), wide=WIDE_RANGE,
         loose=sep.join(text("range_item", country=name(r.country), process=label(r.process), years=r.duration,
                             low=r.duration_min, high=r.duration_max) for r in loose.itertuples()) or none)

# %% [markdown] tags=["lang-en"]
# ## Compression: span and overlap
# The **span** runs from the first process start to the last process end; with censored ends it is a range
# (`span_low` to `span_high`, empty = open). A pair of processes **overlaps** when the smallest overlap
# compatible with the data is positive, is **disjoint** when even the largest is zero, and is otherwise
# **undetermined**. "Classic" leaves informatization out (see "Read this first").

# %% [markdown] tags=["lang-zh"]
# ## 压缩程度：跨度与重叠
# **跨度**指从第一个进程开始到最后一个进程结束的时间；端点删失时，跨度是一个区间（从“跨度下限”到“跨度上限”，
# 即 `span_low` 至 `span_high`，空白表示上不封顶）。一对进程中，若与数据相容的最小重叠为正，即为**重叠**；若
# 连最大可能的重叠也为零，即为**不重叠**；其余情形为**无法确定**。“传统三项”不含信息化（见“请先读这一段”）。

# %%
span_rows, overlap_frames, compressed = [], [], {}
for iso3, found in windows.items():
    for scope, listed in (("all", PROCESSES), ("classic", CLASSIC)):
        span, pairs, counts = processes.compression(found, listed)
        compressed[iso3, scope] = (span, pairs, counts)
        span_rows.append({"country": iso3, "scope": scope, "span": span.span, "span_low": span.low,
                          "span_high": finite(span.high), "n_pairs": len(pairs), **counts})
    overlap_frames.append(compressed[iso3, "all"][1].assign(country=iso3))
span_table = pd.DataFrame(span_rows)
overlap_table = pd.concat(overlap_frames)[["country", *stats.OVERLAP_COLUMNS]]
overlap_table["overlap_high"] = [finite(value) for value in overlap_table["overlap_high"]]
outputs.write_table(span_table, out, "spans")
outputs.write_table(overlap_table, out, "overlaps")
show_table(span_table)
show_table(overlap_table[overlap_table["country"] == "CHN"])

# %% [markdown] tags=["lang-en"]
# ## Staggered onsets: did the processes begin one after another?
# Overlapping windows are one reading of "in series"; another is that the processes *began* one after
# another, in the essay's order: industrialization, then urbanization, then agricultural modernization,
# then informatization. The onset of a process is its start milestone. Each onset is known only within
# bounds: between the observations around it when interpolated, open on one side when censored.
#
# The statistic (`stats.onset_order_test`, fixed before the data are read):
# 1. The **gap** between successive onsets in the stated order, with its smallest and largest value
#    over all onset years the data allow. A gap is **staggered** when even the smallest is at least
#    `onset_gap` years, **not staggered** when even the largest is shorter (simultaneous, too close, or
#    in the reverse order), and otherwise undetermined.
# 2. A country's onsets are **in series** when every gap is staggered, **not in series** when at least
#    one is certainly not, and otherwise undetermined.
# 3. For the early industrializers, the **share in series**, as bounds (undetermined countries counted
#    out, then in). The reading is "staggered" when even the lower bound exceeds one half, "not
#    staggered" when even the upper bound is below one half, and otherwise undetermined.
# 4. For China, the **onset spread** (last minus first onset) against each early industrializer's:
#    certainly shorter, certainly not shorter, or undetermined. China's onsets read as "compressed"
#    when the share of early industrializers with a certainly longer spread exceeds one half (lower
#    bound), "not compressed" when its upper bound is below one half, and otherwise undetermined.
#
# Both are computed for all four processes and for the classic three (informatization's onset is fixed
# near 1995 for everyone; see "Read this first").

# %% [markdown] tags=["lang-zh"]
# ## 错开的起点：各进程是否一个接一个地开始？
# 进程窗口是否重叠，是理解“串联式”的一种方式；另一种理解是，各进程按照文章所说的顺序依次*开始*：先工业化，
# 再城镇化，然后农业现代化，最后信息化。一个进程的起点就是它的起点里程碑。每个起点都只能确定在一定范围之内：
# 插值得到的起点落在前后两次观测之间，删失的起点则有一侧是开放的。
#
# 检验统计量（`stats.onset_order_test`，在看数据之前即已确定）：
# 1. 按上述顺序，相邻两个起点之间的**间隔**，以及在数据所允许的全部起点年份下它的最小值和最大值。若连最小
#    间隔也不短于 `onset_gap` 年，该间隔即为**错开**；若连最大间隔也短于此（同时开始、相距过近或顺序颠倒），
#    即为**未错开**；其余情形为无法确定。
# 2. 若一个国家的每个间隔都是错开的，其起点即为**串联**；若至少有一个间隔确定未错开，即为**非串联**；其余情形
#    为无法确定。
# 3. 对早期工业化国家，计算**串联国家所占比例**，以界限表示（先把无法确定的国家算作非串联，再算作串联）。若
#    连下限也超过一半，结论为“错开”；若连上限也低于一半，结论为“未错开”；其余情形为无法确定。
# 4. 对中国，将其**起点跨度**（最后一个起点减第一个起点）与每个早期工业化国家比较：确定更短、确定不更短，或
#    无法确定。若起点跨度确定长于中国的早期工业化国家所占比例超过一半（按下限），中国的起点即为“压缩”；若其
#    上限也低于一半，即为“未压缩”；其余情形为无法确定。
#
# 两项检验都分别针对全部四项进程和传统三项进程计算（对所有国家而言，信息化的起点都固定在1995年前后，见
# “请先读这一段”）。

# %%
def onset_test(found, bounds, listed, min_gap):
    """Onset table (every country) and the order test (early industrializers against China; None without them)."""
    onsets = stats.onset_table(processes.starts(found, listed, countries), processes.starts(bounds, listed, countries))
    test = stats.onset_order_test(onsets, listed, group=EARLY, target="CHN", min_gap=min_gap) if EARLY else None
    return onsets, test


onsets, onset_order = {}, {}
for scope, listed in (("all", PROCESSES), ("classic", CLASSIC)):
    onsets[scope], onset_order[scope] = onset_test(milestones, observed_only, listed, onset_gap)
sequences = {scope: stats.onset_sequences(onsets[scope], listed, onset_gap)
             for scope, listed in (("all", PROCESSES), ("classic", CLASSIC))}
onset_gaps = stats.onset_gaps(onsets["all"], PROCESSES, onset_gap)
outputs.write_table(onsets["all"].rename(columns={"entity": "country"}), out, "onsets")
outputs.write_table(onset_gaps.rename(columns={"entity": "country"}), out, "onset_gaps")
_ = outputs.write_table(pd.concat([frame.assign(scope=scope) for scope, frame in sequences.items()])
                        .rename(columns={"entity": "country"}), out, "onset_sequences")


# %%
def years_cell(point, low, high):
    """'1869 (1850–1890)', '≤1991', '≥2023', '1850–1890' or '–': a year and the years the data allow."""
    known = not pd.isna(point)
    if math.isinf(low) and math.isinf(high):
        return text("open")
    if math.isinf(low) or math.isinf(high):
        return f"≤{high:.0f}" if math.isinf(low) else f"≥{low:.0f}"
    if not known:
        return text("range", low=low, high=high)
    return f"{point:.0f}" if high - low < 1 else f"{point:.0f} ({text('range', low=low, high=high)})"


def range_words(point, low, high):
    """A duration or spread in words: exact, between two bounds, at least, or not determined."""
    if math.isfinite(high) and high - low < 1e-9:
        return text("span_exact", years=low)
    if not math.isfinite(high):
        return text("span_unknown") if low <= 0 else text("span_at_least", years=low)
    if pd.isna(point):
        return text("span_between", low=low, high=high)
    return text("span_point_between", years=point, low=low, high=high)


onset_cells = onsets["all"].assign(cell=[years_cell(r.onset, r.onset_low, r.onset_high)
                                         for r in onsets["all"].itertuples()])
onset_view = onset_cells.pivot(index="entity", columns="process", values="cell").loc[countries, PROCESSES]
onset_view = onset_view.rename(columns=label)
for scope, (sequence_header, spread_header) in {
        "all": (text("col_sequence_all"), text("col_spread_all")),
        "classic": (text("col_sequence_classic"), text("col_spread_classic"))}.items():
    chosen = sequences[scope].set_index("entity").loc[countries]
    onset_view[sequence_header] = [label(v) for v in chosen["sequence"]]
    onset_view[spread_header] = [years_cell(r.spread, r.spread_low, r.spread_high) for r in chosen.itertuples()]
show_table(onset_view.rename_axis("country").reset_index())
gap_view = onset_gaps.rename(columns={"entity": "country"}).assign(
    process_a=lambda f: f["process_a"].map(label), process_b=lambda f: f["process_b"].map(label),
    gap=[years_cell(r.gap, r.gap_low, r.gap_high) for r in onset_gaps.itertuples()])
show_table(gap_view.drop(columns=["gap_low", "gap_high"]))

# %%
def gap_words(iso3, frame):
    part = frame[frame["entity"] == iso3]
    return sep.join(text("gap_item", a=label(r.process_a), b=label(r.process_b),
                         gap=years_cell(r.gap, r.gap_low, r.gap_high), relation=label(r.relation))
                    for r in part.itertuples()) or none


def spread_words(test):
    listed = test.sequences[test.sequences["entity"] != test.target]
    return sep.join(text("country_item", country=name(r.entity), value=range_words(r.spread, r.spread_low, r.spread_high))
                    for r in listed.itertuples()) or none


def onset_values(test):
    own = test.sequences.set_index("entity").loc["CHN"]
    relations = test.spread_comparison["relation"].value_counts()
    return {"gap": onset_gap, "n_in": test.n_in_series, "n_not": test.n_not_in_series,
            "n_undetermined": test.n_undetermined, "n_early": len(EARLY), "low": test.share_in_series[0],
            "high": test.share_in_series[1], "china": label(test.target_sequence),
            "china_gaps": gap_words("CHN", test.gaps),
            "china_spread": range_words(own["spread"], own["spread_low"], own["spread_high"]),
            "early_spreads": spread_words(test), "n_shorter": int(relations.get("shorter", 0)),
            "n_not_shorter": int(relations.get("not_shorter", 0))}


if EARLY:
    text.say("result_onsets_all", **onset_values(onset_order["all"]))
    text.say("result_onsets_classic", **onset_values(onset_order["classic"]))
else:
    text.say("onsets_no_early")

# %% [markdown] tags=["lang-en"]
# ## Sensitivity: thresholds and definitions are conventions
# The same spans and overlap counts under other documented choices (each row changes one thing against the
# parameters above): higher urban thresholds, lower agricultural thresholds, later internet milestones, the
# other industry measure, informatization dated from fixed telephones instead of the internet, the
# classic three processes only, and no interpolation (every milestone between observations more than a
# year apart becomes the interval between them).
#
# Each cell: span in years (≥ = at least, open-ended; a range when both ends are uncertain) | pairs of
# process windows that certainly overlap / all pairs. The second table gives the onset-order test under
# the same variants (and with `onset_gap` = 1 year, which tests the order alone): the share of early
# industrializers in series as bounds, the reading, China's sequence and China's reading.

# %% [markdown] tags=["lang-zh"]
# ## 敏感性：阈值与定义都是约定
# 在其他有据可查的设定下重新计算跨度与重叠计数（每一行相对于上面的参数只改动一处）：提高城镇化阈值、降低农业
# 就业阈值、推后互联网里程碑、换用另一种工业化度量、以固定电话而非互联网起算信息化、只看传统三项进程，以及不做
# 插值（凡落在相隔一年以上的两次观测之间的里程碑，都改为这两次观测之间的区间）。
#
# 每格的含义：跨度（年；≥ 表示至少、上不封顶；两端都不确定时为区间）| 确定重叠的进程对数/全部进程对数。第二张表
# 给出同样各方案下（外加 `onset_gap` 取1年、只检验先后顺序的方案）的起点顺序检验结果：早期工业化国家中串联国家
# 所占比例的界限、相应结论、中国的起点序列，以及关于中国的结论。

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
    "variant_no_interpolation": {"interpolate": False},
}
sensitivity_rows, onset_rows = [], []
for variant, change in {**VARIANTS, "variant_order_only": {}}.items():
    settings = dataclasses.replace(definition, **change)
    found = processes.milestones(series, countries, settings)
    bounds = processes.milestones(series, countries, dataclasses.replace(settings, interpolate=False))
    test = onset_test(found, bounds, settings.processes, 1.0 if variant == "variant_order_only" else onset_gap)[1]
    onset_rows += [{"variant": variant, "share_low": test.share_in_series[0], "share_high": test.share_in_series[1],
                    "group_reading": test.group_reading, "china_sequence": test.target_sequence,
                    "china_reading": test.target_reading}] if test else []
    found_windows = processes.windows(found)
    for iso3 in countries if variant in VARIANTS else []:
        span, pairs, counts = processes.compression(found_windows[iso3], settings.processes)
        sensitivity_rows.append({"variant": variant, "country": iso3, "span": span.span, "span_low": span.low,
                                 "span_high": finite(span.high), "n_pairs": len(pairs), **counts})
sensitivity = pd.DataFrame(sensitivity_rows)
onset_sensitivity = pd.DataFrame(onset_rows, columns=["variant", "share_low", "share_high", "group_reading",
                                                     "china_sequence", "china_reading"])
outputs.write_table(sensitivity, out, "sensitivity")
outputs.write_table(onset_sensitivity, out, "onset_sensitivity")


def span_cell(row):
    return f"{row.span_low:.0f}" if row.span is not None and not pd.isna(row.span) else (
        f"≥{row.span_low:.0f}" if pd.isna(row.span_high) else f"{row.span_low:.0f}–{row.span_high:.0f}")


summary = sensitivity.assign(cell=[f"{span_cell(r)} | {r.n_overlap}/{r.n_pairs}" for r in sensitivity.itertuples()])
summary = summary.pivot(index="variant", columns="country", values="cell").loc[list(VARIANTS), countries]
show_table(summary.rename(columns=name).reset_index())
show_table(onset_sensitivity.assign(share=[text("share_range", low=r.share_low, high=r.share_high)
                                           for r in onset_sensitivity.itertuples()])
           .drop(columns=["share_low", "share_high"])[["variant", "share", "group_reading", "china_sequence",
                                                         "china_reading"]])

# %% [markdown] tags=["lang-en"]
# ## Results file

# %% [markdown] tags=["lang-zh"]
# ## 结果文件

# %%
def onset_record(test):
    """The onset-order test as results.json keeps it (what notebook 06 reads for claim c)."""
    return {"order": list(test.order), "min_gap": test.min_gap, "group": list(test.group), "target": test.target,
            "share_in_series": list(test.share_in_series), "n_in_series": test.n_in_series,
            "n_not_in_series": test.n_not_in_series, "n_undetermined": test.n_undetermined,
            "group_reading": test.group_reading, "target_sequence": test.target_sequence,
            "share_shorter": list(test.share_shorter), "target_reading": test.target_reading,
            "sequences": {r["entity"]: {k: v for k, v in r.items() if k != "entity"}
                          for r in test.sequences.to_dict("records")},
            "gaps": {f"{r['entity']}|{r['process_a']}|{r['process_b']}": {k: r[k] for k in ("gap", "gap_low", "gap_high", "relation")}
                     for r in test.gaps.to_dict("records")}}


def span_record(span):
    return {"span": span.span, "low": span.low, "high": finite(span.high),
            "first_start": list(span.first_start), "last_end": list(span.last_end)}


results = {
    "parameters": {"countries": countries, "industry_measure": industry_measure,
                   "industry_threshold": industry_threshold, "urban_thresholds": urban_thresholds,
                   "agri_employment_thresholds": agri_employment_thresholds,
                   "internet_thresholds": internet_thresholds, "telephone_threshold": telephone_threshold,
                   "splice_prefer": splice_prefer, "interpolate": interpolate, "onset_gap": onset_gap},
    "groups": {"early_industrializers": EARLY, "late_developers": LATE},
    "milestones": {iso3: {p: {side: stats.crossing_record(ends[i][0]) for i, side in enumerate(["start", "end"])}
                          for p, ends in found.items()} for iso3, found in milestones.items()},
    "telephone": {iso3: stats.crossing_record(marker.crossing) for iso3, marker in telephones.items()},
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
    "coverage": {iso3: {r["process"]: {k: r[k] for k in ("first_year", "last_year", "n_dated")}
                        for r in coverage.to_dict("records") if r["country"] == iso3} for iso3 in countries},
    "onsets": {iso3: {r["process"]: {"onset": r["onset"], "low": r["onset_low"], "high": r["onset_high"]}
                      for r in onsets["all"].to_dict("records") if r["entity"] == iso3} for iso3 in countries},
    "onset_order": {scope: onset_record(test) for scope, test in onset_order.items() if test},
    "onset_sensitivity": {r["variant"]: {k: v for k, v in r.items() if k != "variant"}
                          for r in onset_sensitivity.to_dict("records")},
}
_ = outputs.write_results(out, results, outputs.provenance(datasets))

# %% keep_output=true
# NBVAL_CHECK_OUTPUT
notebook.key_results({key: results[key] for key in ("milestones", "spans", "overlap_counts", "onsets")}
                     | {"onset_order": {scope: {k: v for k, v in test.items() if k not in ("sequences", "gaps")}
                                        for scope, test in results["onset_order"].items()}})

# %% [markdown] tags=["lang-en"]
# ## What the data say

# %% [markdown] tags=["lang-zh"]
# ## 数据结论

# %%
def span_words(span):
    return text("span_exact", years=span.span) if span.span is not None else range_words(math.nan, span.low, span.high)


def group_spans(group, scope):
    listed = [text("country_item", country=name(c), value=span_words(compressed[c, scope][0])) for c in group]
    return sep.join(listed) or none


def group_counts(group, scope):
    parts = [compressed[c, scope][2] for c in group]
    return {kind: sum(p[f"n_{kind}"] for p in parts) for kind in ("overlap", "disjoint", "undetermined")} | {
        "pairs": sum(len(compressed[c, scope][1]) for c in group)}


chn, early, late = compressed["CHN", "all"], group_counts(EARLY, "all"), group_counts(LATE, "all")
still_open = [label(p) for p, w in windows["CHN"].items() if w.end is None and w.end_range[1] == math.inf]
text.say("result_span", china=span_words(chn[0]), early=group_spans(EARLY, "all"), late=group_spans(LATE, "all"),
         open=sep.join(still_open) or none)


def urban_durations(group):
    words = [span_words(stats.process_span([windows[c]["urbanization"]])) for c in group]
    return sep.join(text("country_item", country=name(c), value=w) for c, w in zip(group, words, strict=True)) or none


text.say("result_urban", low=urban_thresholds[0], high=urban_thresholds[1],
         china=span_words(stats.process_span([windows["CHN"]["urbanization"]])), early=urban_durations(EARLY),
         late=urban_durations(LATE))
text.say("result_overlap", n_pairs=len(chn[1]), **{f"chn_{k}": v for k, v in chn[2].items()},
         **{f"early_{k}": v for k, v in early.items()}, **{f"late_{k}": v for k, v in late.items()})

# %%
chn3, early3 = compressed["CHN", "classic"], group_counts(EARLY, "classic")
info_starts = [c.year for c in (milestones[iso3]["informatization"][0][0] for iso3 in countries) if c.located]


def info_overlaps(iso3):
    pairs = compressed[iso3, "all"][1]
    return int((pairs[(pairs["process_b"] == "informatization")]["relation"] == "overlap").sum())


text.say(
    "result_classic", threshold=internet_thresholds[0],
    first=min(info_starts) if info_starts else None, last=max(info_starts) if info_starts else None,
    china=span_words(chn3[0]), chn_overlap=chn3[2]["n_overlap"], chn_pairs=len(chn3[1]),
    early=group_spans(EARLY, "classic"), early_overlap=early3["overlap"], early_pairs=early3["pairs"],
    early_undetermined=early3["undetermined"], chn_info=info_overlaps("CHN"),
    early_info=sum(info_overlaps(c) for c in EARLY), n_early=len(EARLY),
)
tel = sensitivity[sensitivity["variant"] == "variant_telephone"].set_index("country")
text.say("result_telephone", threshold=telephone_threshold,
         chn_overlap=int(tel.loc["CHN", "n_overlap"]), chn_pairs=int(tel.loc["CHN", "n_pairs"]),
         early_overlap=int(tel.loc[EARLY, "n_overlap"].sum()), early_pairs=int(tel.loc[EARLY, "n_pairs"].sum()),
         chn_year=telephones["CHN"].crossing.year if telephones["CHN"].crossing.located else None)

# %%
main = milestone_table[milestone_table["milestone"] != "marker"]
censored = main[~main["status"].isin(stats.LOCATED)]
SPARSE_GAP = 10  # years between observations beyond which an interpolated year is called sparse
sparse = main[(main["status"] == "interpolated") & (main["gap_years"] > SPARSE_GAP)]
chn_censored = censored[censored["country"] == "CHN"]
text.say(
    "result_censoring", n_censored=len(censored), n_all=len(main), n_sparse=len(sparse), gap=SPARSE_GAP,
    chn_censored=sep.join(text("censored_item", process=label(r.process), milestone=label(r.milestone),
                               status=label(r.status)) for r in chn_censored.itertuples()) or none,
)

# %%
early_classic_determined = early3["overlap"] + early3["disjoint"]
if early_classic_determined == 0:
    text.say("verdict_west_undetermined")
elif early3["overlap"] > early3["disjoint"]:
    text.say("verdict_west_parallel", overlap=early3["overlap"], determined=early_classic_determined)
else:
    text.say("verdict_west_serial", overlap=early3["overlap"], determined=early_classic_determined)
if chn[2]["n_disjoint"] > 0:
    text.say("verdict_china_not_parallel", overlap=chn[2]["n_overlap"], pairs=len(chn[1]))
elif chn[2]["n_overlap"] > 0:
    text.say("verdict_china_parallel", overlap=chn[2]["n_overlap"], pairs=len(chn[1]))
else:
    text.say("verdict_china_undetermined")


# %%
def say_onset_verdicts(scope, test):
    """The verdicts the onset-order test's readings select (rules in stats.onset_order_test)."""
    west = {"scope": label(scope), "low": test.share_in_series[0], "high": test.share_in_series[1], "gap": onset_gap}
    if test.group_reading == "staggered":
        text.say("verdict_onsets_west_staggered", **west)
    elif test.group_reading == "not_staggered":
        text.say("verdict_onsets_west_not_staggered", **west)
    else:
        text.say("verdict_onsets_west_undetermined", **west)
    china = {"scope": label(scope), "low": test.share_shorter[0], "high": test.share_shorter[1]}
    if test.target_reading == "compressed":
        text.say("verdict_onsets_china_compressed", **china)
    elif test.target_reading == "not_compressed":
        text.say("verdict_onsets_china_not_compressed", **china)
    else:
        text.say("verdict_onsets_china_undetermined", **china)


for scope, test in onset_order.items() if EARLY else []:
    say_onset_verdicts(scope, test)

# %% [markdown] tags=["lang-en"]
# The sharpest contrast, China's overlap with informatization, is largely a matter of timing: the internet
# arrived around 1990 for everyone, so whether it overlaps depends on whether the other processes were still
# under way then. Compression, the same transition in fewer years, can only be judged where both ends are in
# the data, as for urbanization above.

# %% [markdown] tags=["lang-zh"]
# 最鲜明的差别——中国各进程与信息化的重叠——在很大程度上只是时间先后问题：互联网对所有国家来说都是在1990年
# 前后出现的，是否与之重叠，取决于其他进程当时是否仍在进行。至于“压缩”（用更短的时间完成同样的转变），只有在
# 起止两端都有数据时才能判断，如上文的城镇化。

# %% [markdown] tags=["lang-en"]
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
# - **Onsets and durations are ranges.** An interpolated year is a straight line between two observations
#   up to a century apart; the onset table, the duration table and the whiskers of the timeline give the
#   years the observations allow, and the onset-order test decides only what holds for all of them.
# - **Few countries carry the West.** The coverage sentence counts whose milestones are dated at all:
#   where a series starts after the milestones were passed, that country adds nothing to the comparison
#   but an open bound.
# - **Description, not causation.** Timing and overlap say nothing about whether one process drove another,
#   or about the role of digital government.
#
# ## Try it yourself
# 1. Set `industry_measure = "value_added"`: industry's share of GDP peaked earlier than its share of jobs in
#    many countries. Does China's industrialization window close?
# 2. Set `urban_thresholds = [30, 70]` and `agri_employment_thresholds = [40, 10]`: which milestones move
#    beyond the data, and do the overlap counts change?
# 3. Set `interpolate = False`: every milestone between observations more than a year apart becomes an
#    interval; look at how many spans and overlaps are still determined (the sensitivity table has this
#    row too).
# 4. Set `onset_gap = 1`: the onset-order test then asks only whether the processes began in the stated
#    order. Which countries change from undetermined to in series?

# %% [markdown] tags=["lang-zh"]
# ## 注意事项
# - **与信息化的重叠在很大程度上是机械的。** 互联网使用率要到1990年前后才可能超过10%。在此之前已完成工业化和
#   城镇化的国家不可能与之重叠，尚未完成的国家则必然重叠；这说明的是一个国家在什么时候发展，而不是怎样发展。
#   敏感性表中“仅传统三项进程”和“以固定电话起算信息化”两行表明，这一对比在多大程度上取决于此。
# - **早期数据是稀疏的估计。** 1900年以前，城镇化和产业序列是相隔十年甚至更久的基准估计（历史重建，而非调查）；
#   这一时期插值得到的里程碑，只是两个估计值之间的一条直线。里程碑表中的“相邻观测间隔”（`gap_years`）给出两者
#   相隔多远。
# - **数据覆盖范围决定了能说什么。** 若一条序列开始时阈值已被越过（见拼接表下方的说明：部分国家没有长期产业
#   数据，英国的长期城镇化序列直到第二次世界大战以后才开始），该里程碑只作删失处理，不给年份。删失的里程碑从不
#   填补：跨度变为“至少”，重叠可能仍无法确定；一个看起来“重叠较少”的国家，也许只是早期历史落在了数据之外。
# - **拼接与数据来源。** 长期序列与现代序列在单一断点处衔接，不做水平调整；拼接表列出两者的差值（部分产业占比
#   相差几个百分点），这可能使靠近断点的里程碑发生移动。国际劳工组织的就业占比是模型估计；各国对“城镇”的定义
#   也不尽相同。
# - **阈值只是约定。** 城镇化率20%/50%、农业就业占比50%/20%都是取整的约定值，而非自然的分界点；工业占比的峰值
#   只有落在数据区间内部时才是真正的转折点。敏感性表显示了哪些结论在其他设定下依然成立。
# - **起点和历时都是区间。** 插值年份只是两次观测之间的一条直线，而两次观测可能相隔长达一个世纪；起点表、历时
#   表和时间线上的须线都给出观测值所允许的年份范围，起点顺序检验只认定对其中所有年份都成立的结论。
# - **西方一侧只靠少数国家支撑。** 数据覆盖一节的统计说明了哪些国家的里程碑能够确定年份：若一条序列开始时
#   里程碑早已越过，该国除了一个开放的界限之外，对比较毫无贡献。
# - **是描述，不是因果。** 时间先后与重叠既不能说明某一进程是否推动了另一进程，也不能说明数字政府起了什么作用。
#
# ## 动手试试
# 1. 设定 `industry_measure = "value_added"`：在许多国家，工业占 GDP 比重的峰值早于其就业占比的峰值。中国的
#    工业化窗口是否因此闭合？
# 2. 设定 `urban_thresholds = [30, 70]` 和 `agri_employment_thresholds = [40, 10]`：哪些里程碑移出了数据范围？
#    重叠计数是否改变？
# 3. 设定 `interpolate = False`：凡是落在相隔一年以上的两次观测之间的里程碑都变为区间；看看还有多少跨度和重叠
#    能够确定（敏感性表中也有这一行）。
# 4. 设定 `onset_gap = 1`：起点顺序检验此时只问各进程是否按所述顺序开始。哪些国家会从“无法确定”变为“串联”？
