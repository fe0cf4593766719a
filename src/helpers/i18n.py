"""Every user-facing label, in English and Chinese, looked up by a short key.

Notebooks and chart builders never hard-code a heading, axis label or legend entry: they call
:func:`t` (fixed labels), :func:`indicator_label` (codebook names and units) or :func:`country_name`
(the country table), so switching ``lang`` switches every word on a figure or table.

>>> t("coefficient", "zh")
'系数'
>>> t("change_since", "en", year=2010)
'Change since 2010'
"""

from __future__ import annotations

import string

import pandas as pd

from .errors import ParameterError
from .suggest import close_matches, did_you_mean

LANGS = ("en", "zh")

#: World Bank regions and income groups, in the order legends and tables list them. The keys are the
#: exact strings of the country table's ``region`` and ``income_group`` columns, so ``t(row.region, lang)``
#: works directly on the data.
REGIONS = (
    "East Asia & Pacific",
    "Europe & Central Asia",
    "Latin America & Caribbean",
    "Middle East & North Africa",
    "North America",
    "South Asia",
    "Sub-Saharan Africa",
)
INCOME_GROUPS = ("High income", "Upper middle income", "Lower middle income", "Low income")

#: The four processes of the "four modernizations in step" timeline (新型工业化、信息化、城镇化、农业现代化).
PROCESSES = ("industrialization", "informatization", "urbanization", "agricultural_modernization")

LABELS: dict[str, dict[str, str]] = {
    # --- section headings ------------------------------------------------------------------------
    "summary": {"en": "Summary", "zh": "摘要"},
    "question": {"en": "Question", "zh": "研究问题"},
    "claim": {"en": "Claim tested", "zh": "所检验的论断"},
    "data": {"en": "Data", "zh": "数据"},
    "method": {"en": "Method", "zh": "方法"},
    "results": {"en": "Results", "zh": "结果"},
    "robustness": {"en": "Robustness checks", "zh": "稳健性检验"},
    "caveats": {"en": "Caveats", "zh": "注意事项"},
    "verdict": {"en": "What the data say", "zh": "数据结论"},
    "parameters": {"en": "Parameters", "zh": "参数"},
    "sources": {"en": "Sources", "zh": "资料来源"},
    # --- sources line (figures) ------------------------------------------------------------------
    "source": {"en": "Source", "zh": "资料来源"},
    "source_line": {"en": "Source: {sources}. digimod.", "zh": "资料来源：{sources}。digimod。"},
    "source_separator": {"en": "; ", "zh": "；"},
    # --- axes and table headers ------------------------------------------------------------------
    "year": {"en": "Year", "zh": "年份"},
    "yes": {"en": "yes", "zh": "是"},
    "no": {"en": "no", "zh": "否"},
    "country": {"en": "Country", "zh": "国家/地区"},
    "region": {"en": "Region", "zh": "地区"},
    "income_group": {"en": "Income group", "zh": "收入组别"},
    "indicator": {"en": "Indicator", "zh": "指标"},
    "value": {"en": "Value", "zh": "数值"},
    "unit": {"en": "Unit", "zh": "单位"},
    "rank": {"en": "Rank", "zh": "排名"},
    "rank_of": {"en": "Rank {rank} of {n}", "zh": "第{rank}名（共{n}个）"},
    "latest_value": {"en": "Latest value", "zh": "最新值"},
    "change_since": {"en": "Change since {year}", "zh": "自{year}年以来的变化"},
    "vs_title": {"en": "{y} vs {x}", "zh": "{y}与{x}"},
    # --- regression tables -----------------------------------------------------------------------
    "coefficient": {"en": "Coefficient", "zh": "系数"},
    "std_error": {"en": "Std. error", "zh": "标准误"},
    "ci_low": {"en": "CI lower", "zh": "置信区间下限"},
    "ci_high": {"en": "CI upper", "zh": "置信区间上限"},
    "ci_band": {"en": "{level}% confidence interval", "zh": "{level}%置信区间"},
    "p_value": {"en": "p-value", "zh": "p值"},
    "n_obs": {"en": "Observations", "zh": "观测数"},
    "n_countries": {"en": "Countries", "zh": "国家/地区数"},
    "r2": {"en": "R²", "zh": "R²"},
    "r2_within": {"en": "Within R²", "zh": "组内R²"},
    "estimator": {"en": "Estimator", "zh": "估计方法"},
    "dependent_variable": {"en": "Dependent variable", "zh": "因变量"},
    "controls": {"en": "Controls", "zh": "控制变量"},
    "fixed_effects": {"en": "Fixed effects", "zh": "固定效应"},
    "coef_by_year": {"en": "Coefficient by year", "zh": "各年份系数"},
    "pooled_ols": {"en": "Pooled OLS", "zh": "混合OLS"},
    "twoway_fe": {"en": "Two-way fixed effects", "zh": "双向固定效应"},
    "first_differences": {"en": "First differences", "zh": "一阶差分"},
    "lagged": {"en": "Lagged regressor", "zh": "滞后解释变量"},
    "reverse": {"en": "Reverse direction", "zh": "反向回归"},
    "residual": {"en": "Residual", "zh": "残差"},
    "fitted_line": {"en": "OLS fit", "zh": "OLS拟合线"},
    "zero_line": {"en": "Zero", "zh": "零线"},
    # --- legend entries --------------------------------------------------------------------------
    "china": {"en": "China", "zh": "中国"},
    "world": {"en": "World", "zh": "世界"},
    "other_countries": {"en": "Other countries", "zh": "其他国家/地区"},
    "not_classified": {"en": "Not classified", "zh": "未分类"},
    "over_achiever": {"en": "Over-achiever", "zh": "超出预期"},
    "under_achiever": {"en": "Under-achiever", "zh": "低于预期"},
    # --- data coverage ---------------------------------------------------------------------------
    "coverage": {"en": "Coverage", "zh": "覆盖率"},
    "coverage_share": {"en": "Share of countries with data", "zh": "有数据的国家/地区占比"},
    "coverage_title": {"en": "Data coverage by indicator and year", "zh": "各指标各年份的数据覆盖率"},
    "missing": {"en": "Missing", "zh": "缺失"},
    "not_assessed": {"en": "Not assessed", "zh": "未评估"},
    "assessed": {"en": "Assessed", "zh": "已评估"},
    "listed": {"en": "Listed", "zh": "列入数"},
    "n_missing": {"en": "Number missing", "zh": "缺失数"},
    "first_year": {"en": "First year", "zh": "起始年份"},
    "last_year": {"en": "Last year", "zh": "最近年份"},
    "members_latest_year": {"en": "UN members with data (last year)", "zh": "有数据的联合国会员国（最近年份）"},
    "members_any_year": {"en": "UN members with data (any year)", "zh": "有数据的联合国会员国（任一年份）"},
    "years_with_data": {"en": "Years with data", "zh": "有数据的年数"},
    "years_available": {"en": "Years available", "zh": "可得年数"},
    "share_of_years": {"en": "Share of years", "zh": "年份占比"},
    # --- sources table ---------------------------------------------------------------------------
    "dataset": {"en": "Dataset", "zh": "数据集"},
    "publisher": {"en": "Publisher", "zh": "发布机构"},
    "release": {"en": "Release", "zh": "版本"},
    "licence": {"en": "Licence", "zh": "许可协议"},
    "file": {"en": "File", "zh": "文件"},
    "sha256": {"en": "SHA-256", "zh": "SHA-256校验值"},
    "accessed": {"en": "Accessed", "zh": "获取日期"},
    # --- notebook sentences (numbers filled in by the notebook) ----------------------------------
    "path_over_time": {"en": "{country}, edition by edition", "zh": "{country}（逐期路径）"},
    # --- notebook 03 (serial vs parallel modernization) ----------------------------------------
    "nb03_splices": {"en": "Splicing long-run and modern series", "zh": "长期序列与现代序列的拼接"},
    "nb03_milestones": {"en": "Milestones by country and process", "zh": "各国各进程的里程碑"},
    "nb03_durations": {"en": "How long each process took", "zh": "各进程历时"},
    "nb03_compression": {"en": "Compression: span and overlap", "zh": "压缩程度：跨度与重叠"},
    "nb03_sensitivity": {"en": "Sensitivity to thresholds and definitions", "zh": "对阈值与定义的敏感性"},
    "nb03_series_title": {"en": "The series behind the milestones", "zh": "里程碑所依据的数据序列"},
    "nb03_percent": {"en": "%", "zh": "%"},
    "nb03_threshold": {"en": "Threshold", "zh": "阈值"},
    "nb03_ended_before_data": {"en": "Ended before the data begin", "zh": "在数据起始前已结束"},
    "nb03_urban": {"en": "Urban population share (%)", "zh": "城镇人口占比（%）"},
    "nb03_agri_emp": {"en": "Agriculture, share of employment (%)", "zh": "农业就业占比（%）"},
    "nb03_ind_emp": {"en": "Industry, share of employment (%)", "zh": "工业就业占比（%）"},
    "nb03_agri_va": {"en": "Agriculture, share of GDP (%)", "zh": "农业增加值占GDP比重（%）"},
    "nb03_ind_va": {"en": "Industry, share of GDP (%)", "zh": "工业增加值占GDP比重（%）"},
    "nb03_internet": {"en": "Internet users (% of population)", "zh": "互联网用户占人口比例（%）"},
    "nb03_telephone": {"en": "Fixed telephones (per 100 people)", "zh": "固定电话（每百人）"},
    "nb03_country": {"en": "Country", "zh": "国家/地区"},
    "nb03_process": {"en": "Process", "zh": "进程"},
    "nb03_milestone": {"en": "Milestone", "zh": "里程碑"},
    "nb03_status": {"en": "Status", "zh": "状态"},
    "nb03_bound": {"en": "Censoring year", "zh": "删失年份"},
    "nb03_gap_years": {"en": "Years between observations", "zh": "相邻观测间隔（年）"},
    "nb03_n_crossings": {"en": "Crossings", "zh": "穿越次数"},
    "nb03_start": {"en": "Start", "zh": "起点"},
    "nb03_end": {"en": "End", "zh": "终点"},
    "nb03_marker": {"en": "Marker", "zh": "标志"},
    "nb03_interval": {"en": "Interval only", "zh": "仅知区间"},
    "nb03_before_coverage": {"en": "Before coverage", "zh": "早于数据覆盖"},
    "nb03_not_reached": {"en": "Not reached (after coverage)", "zh": "尚未达到（晚于数据覆盖）"},
    "nb03_no_data": {"en": "No data", "zh": "无数据"},
    "nb03_censored": {"en": "Censored", "zh": "删失"},
    "nb03_duration": {"en": "Duration (years)", "zh": "历时（年）"},
    "nb03_duration_low": {"en": "Duration, at least", "zh": "历时下限"},
    "nb03_duration_high": {"en": "Duration, at most", "zh": "历时上限"},
    "nb03_agri_output_share_start": {"en": "Agriculture % of GDP at start", "zh": "起点时农业占GDP%"},
    "nb03_agri_output_share_end": {"en": "Agriculture % of GDP at end", "zh": "终点时农业占GDP%"},
    "nb03_scope": {"en": "Processes", "zh": "进程范围"},
    "nb03_all": {"en": "All four", "zh": "全部四项"},
    "nb03_classic": {"en": "Classic three", "zh": "传统三项"},
    "nb03_span": {"en": "Span (years)", "zh": "跨度（年）"},
    "nb03_span_low": {"en": "Span, at least", "zh": "跨度下限"},
    "nb03_span_high": {"en": "Span, at most", "zh": "跨度上限"},
    "nb03_n_pairs": {"en": "Pairs", "zh": "进程对数"},
    "nb03_n_overlap": {"en": "Overlapping", "zh": "重叠"},
    "nb03_n_disjoint": {"en": "Disjoint", "zh": "不重叠"},
    "nb03_n_undetermined": {"en": "Undetermined", "zh": "无法确定"},
    "nb03_process_a": {"en": "Process A", "zh": "进程A"},
    "nb03_process_b": {"en": "Process B", "zh": "进程B"},
    "nb03_overlap": {"en": "Overlap", "zh": "重叠"},
    "nb03_overlap_low": {"en": "Overlap, at least", "zh": "重叠下限"},
    "nb03_overlap_high": {"en": "Overlap, at most", "zh": "重叠上限"},
    "nb03_relation": {"en": "Relation", "zh": "关系"},
    "nb03_disjoint": {"en": "Disjoint", "zh": "不重叠"},
    "nb03_undetermined": {"en": "Undetermined", "zh": "无法确定"},
    "nb03_series": {"en": "Series", "zh": "序列"},
    "nb03_splice_year": {"en": "Splice year", "zh": "拼接年份"},
    "nb03_common_years": {"en": "Common years", "zh": "重合年数"},
    "nb03_gap_at_splice": {"en": "Gap at splice (points)", "zh": "拼接处差值（百分点）"},
    "nb03_mean_gap": {"en": "Mean gap (points)", "zh": "平均差值（百分点）"},
    "nb03_variant": {"en": "Variant", "zh": "方案"},
    "nb03_variant_default": {"en": "Parameters as set", "zh": "当前参数"},
    "nb03_variant_urban": {"en": "Urban thresholds 30/60 %", "zh": "城镇化阈值30%/60%"},
    "nb03_variant_agri": {"en": "Agricultural thresholds 40/10 %", "zh": "农业就业阈值40%/10%"},
    "nb03_variant_internet": {"en": "Internet thresholds 20/75 %", "zh": "互联网阈值20%/75%"},
    "nb03_variant_industry": {"en": "Other industry measure", "zh": "另一种工业化度量"},
    "nb03_variant_telephone": {"en": "Informatization from fixed telephones", "zh": "以固定电话起算信息化"},
    "nb03_variant_classic": {"en": "Classic three processes only", "zh": "仅传统三项进程"},
    "nb03_separator": {"en": "; ", "zh": "；"},
    "nb03_none_selected": {"en": "none", "zh": "无"},
    "nb03_span_exact": {"en": "{years} years", "zh": "{years}年"},
    "nb03_span_at_least": {"en": "at least {years} years", "zh": "至少{years}年"},
    "nb03_span_between": {"en": "between {low} and {high} years", "zh": "{low}至{high}年"},
    "nb03_span_unknown": {"en": "not determined by the data", "zh": "无法由数据确定"},
    "nb03_coverage_note": {
        "en": "No long-run sector data for: {countries}. Their employment shares begin in {emp_year} and their "
              "value-added shares in {va_year}, so sector milestones passed before then are censored, not dated. "
              "Long-run urban series that begin after 1900: {late_urban}.",
        "zh": "以下国家没有长期产业数据：{countries}。其就业占比数据始于{emp_year}年，增加值占比数据始于{va_year}年，"
              "因此在此之前已经越过的产业里程碑只能作删失处理，无法确定年份。1900年以后才开始的长期城镇化序列：{late_urban}。",
    },
    "nb03_year_item": {"en": "{country} ({year})", "zh": "{country}（{year}年）"},
    "nb03_verdict_west_undetermined": {
        "en": "Verdict on the West: none of the early industrializers' classic pairs can be settled with these data "
              "(or no early industrializer is selected).",
        "zh": "关于西方的结论：现有数据无法判定早期工业化国家任何一对传统进程的关系（或未选择早期工业化国家）。",
    },
    "nb03_verdict_china_undetermined": {
        "en": "Verdict on China: undetermined: no pair of its process windows certainly overlaps or is certainly "
              "disjoint with these data and parameters.",
        "zh": "关于中国的结论：无法判定：在现有数据和参数下，没有任何一对进程窗口可以确定重叠或不重叠。",
    },
    "nb03_country_item": {"en": "{country} {value}", "zh": "{country}{value}"},
    "nb03_censored_item": {"en": "{process} ({milestone}: {status})", "zh": "{process}（{milestone}：{status}）"},
    "nb03_start_status": {"en": "Start status", "zh": "起点状态"},
    "nb03_end_status": {"en": "End status", "zh": "终点状态"},
    "nb03_sensitivity_note": {
        "en": "Each cell: span in years (≥ = at least, open-ended; a range when both ends are uncertain) | "
              "pairs of process windows that certainly overlap / all pairs.",
        "zh": "每格：跨度（年；≥表示至少、上不封顶；两端均不确定时为区间）| 确定重叠的进程对数/全部进程对数。",
    },
    "nb03_result_span": {
        "en": "From the first process start to the last process end, China's four processes span {china} "
              "(processes not yet ended in China's data: {open}). Early industrializers: {early}. Late "
              "developers: {late}.",
        "zh": "从第一个进程开始到最后一个进程结束，中国四项进程的跨度为{china}（在中国数据中尚未结束的进程：{open}）。"
              "早期工业化国家：{early}。后发国家：{late}。",
    },
    "nb03_result_urban": {
        "en": "Where both ends are in the data the speed can be compared directly: urbanization from {low} % to "
              "{high} % took {china} in China; early industrializers: {early}; late developers: {late}.",
        "zh": "在起止点均有数据的情况下可以直接比较速度：城镇化率从{low}%升至{high}%，中国用了{china}；"
              "早期工业化国家：{early}；后发国家：{late}。",
    },
    "nb03_result_overlap": {
        "en": "Of China's {n_pairs} pairs of process windows, {chn_n_overlap} certainly overlap, {chn_n_disjoint} "
              "are certainly disjoint and {chn_n_undetermined} cannot be settled with the data. In the early "
              "industrializers, {early_overlap} of {early_pairs} pairs certainly overlap ({early_disjoint} "
              "disjoint, {early_undetermined} undetermined); in the late developers, {late_overlap} of "
              "{late_pairs} ({late_disjoint} disjoint, {late_undetermined} undetermined).",
        "zh": "在中国的{n_pairs}对进程窗口中，{chn_n_overlap}对确定重叠，{chn_n_disjoint}对确定不重叠，"
              "{chn_n_undetermined}对无法用现有数据判定。早期工业化国家的{early_pairs}对中有{early_overlap}对确定"
              "重叠（{early_disjoint}对不重叠，{early_undetermined}对无法确定）；后发国家的{late_pairs}对中有"
              "{late_overlap}对（{late_disjoint}对不重叠，{late_undetermined}对无法确定）。",
    },
    "nb03_result_classic": {
        "en": "Internet use first reached {threshold} % between {first} and {last} in these countries, so "
              "informatization overlaps with another process only where that process was still under way then: "
              "{chn_info} of China's 3 pairs with informatization overlap, against {early_info} of the "
              "{n_early} early industrializers' pairs with it. Leaving informatization out, China's three classic "
              "processes span {china} and {chn_overlap} of {chn_pairs} pairs overlap; in the early "
              "industrializers {early_overlap} of {early_pairs} classic pairs certainly overlap "
              "({early_undetermined} undetermined), with spans of {early}.",
        "zh": "这些国家的互联网用户比例首次达到{threshold}%的时间在{first}年至{last}年之间，因此只有当时仍在进行的"
              "进程才会与信息化重叠：中国与信息化相关的3对进程中有{chn_info}对重叠，而{n_early}个早期工业化国家"
              "与信息化相关的进程对中有{early_info}对重叠。若不计信息化，中国传统三项进程的跨度为{china}，"
              "{chn_pairs}对中有{chn_overlap}对重叠；早期工业化国家的{early_pairs}对传统进程中有{early_overlap}对"
              "确定重叠（{early_undetermined}对无法确定），跨度分别为：{early}。",
    },
    "nb03_result_telephone": {
        "en": "Dating informatization instead from fixed telephones reaching {threshold} lines per 100 people "
              "(China: {chn_year}), {chn_overlap} of China's {chn_pairs} pairs overlap and {early_overlap} of the "
              "early industrializers' {early_pairs}.",
        "zh": "若改以固定电话达到每百人{threshold}线作为信息化起点（中国：{chn_year}年），中国{chn_pairs}对进程中有"
              "{chn_overlap}对重叠，早期工业化国家{early_pairs}对中有{early_overlap}对重叠。",
    },
    "nb03_result_censoring": {
        "en": "{n_censored} of the {n_all} start and end milestones lie outside the data (before coverage or not "
              "yet reached) and {n_sparse} are interpolated between observations more than {gap} years apart. "
              "China's censored milestones: {chn_censored}.",
        "zh": "在{n_all}个起止里程碑中，有{n_censored}个落在数据范围之外（早于数据覆盖或尚未达到），有{n_sparse}个"
              "是在相隔超过{gap}年的观测之间插值得到的。中国的删失里程碑：{chn_censored}。",
    },
    "nb03_verdict_west_parallel": {
        "en": "Verdict on the West: the data do not support \"in series\" for industrialization, urbanization and "
              "agricultural modernization. In the early industrializers {overlap} of the {determined} classic "
              "pairs that the data can settle ran at the same time.",
        "zh": "关于西方的结论：数据不支持工业化、城镇化和农业现代化“串联式”推进的说法。在早期工业化国家中，"
              "可以判定的{determined}对传统进程中有{overlap}对在时间上重叠。",
    },
    "nb03_verdict_west_serial": {
        "en": "Verdict on the West: the data are consistent with \"in series\": only {overlap} of the {determined} "
              "classic pairs that the data can settle overlapped in the early industrializers.",
        "zh": "关于西方的结论：数据与“串联式”一致：在早期工业化国家可判定的{determined}对传统进程中，只有{overlap}对重叠。",
    },
    "nb03_verdict_china_parallel": {
        "en": "Verdict on China: consistent with \"in parallel\": {overlap} of its {pairs} pairs of process "
              "windows certainly overlap and none is disjoint.",
        "zh": "关于中国的结论：与“并联式”一致：{pairs}对进程窗口中有{overlap}对确定重叠，没有不重叠的。",
    },
    "nb03_verdict_china_not_parallel": {
        "en": "Verdict on China: not clearly \"in parallel\": {overlap} of its {pairs} pairs of process windows "
              "certainly overlap and at least one pair is disjoint.",
        "zh": "关于中国的结论：并不明显属于“并联式”：{pairs}对进程窗口中有{overlap}对确定重叠，且至少有一对不重叠。",
    },
    "nb03_verdict_mechanical": {
        "en": "The sharpest contrast, China's overlap with informatization, is largely a matter of timing: the "
              "internet arrived around 1990 for everyone, so whether it overlaps depends on whether the other "
              "processes were still under way then. Compression, the same transition in fewer years, can only be "
              "judged where both ends are in the data, as for urbanization above.",
        "zh": "最鲜明的差别——中国各进程与信息化的重叠——很大程度上取决于时间先后：互联网对所有国家都是在1990年前后"
              "出现的，是否重叠取决于其他进程当时是否仍在进行。压缩程度（以更少年份完成同样的转变）只能在起止点"
              "均有数据时判断，如上文的城镇化。",
    },
    # --- notebook 04 (convergence and divides) -------------------------------------------------
    "conv_sigma_heading": {
        "en": "σ-convergence: is the spread shrinking?",
        "zh": "σ收敛：各国差距是否在缩小？",
    },
    "conv_beta_heading": {
        "en": "β-convergence: do laggards grow faster?",
        "zh": "β收敛：落后者是否增长更快？",
    },
    "conv_leapfrog_heading": {
        "en": "Leapfrogging: mobile before fixed lines",
        "zh": "跨越式发展：移动电话先于固定电话",
    },
    "conv_speed_heading": {"en": "Speed of late starters", "zh": "后起者的普及速度"},
    "conv_egov_heading": {
        "en": "E-government trajectory: {country} and peers",
        "zh": "电子政务发展轨迹：{country}与对照国家",
    },
    "conv_scale_logit": {"en": "logit", "zh": "logit"},
    "conv_scale_log": {"en": "log", "zh": "对数"},
    "conv_pp": {"en": "percentage points", "zh": "百分点"},
    "conv_list_sep": {"en": ", ", "zh": "，"},
    "strip_median": {"en": "Median", "zh": "中位数"},
    "conv_sd_label": {"en": "Standard deviation ({scale} scale)", "zh": "标准差（{scale}尺度）"},
    "conv_gap_label": {"en": "90th minus 10th percentile ({unit})", "zh": "第90百分位减第10百分位（{unit}）"},
    "conv_sigma_title": {"en": "Relative spread ({scale} scale)", "zh": "相对差距（{scale}尺度）"},
    "conv_gap_title": {"en": "Absolute gap", "zh": "绝对差距"},
    "conv_all_balanced": {"en": "All, observed every year (N = {n})", "zh": "全部（每年均有数据，N = {n}）"},
    "conv_all_available": {"en": "All with data that year", "zh": "全部（当年有数据者）"},
    "conv_sigma_suptitle": {
        "en": "{indicator}: spread across economies, {first}–{last}",
        "zh": "{indicator}：各经济体之间的差距，{first}–{last}年",
    },
    "conv_beta_main": {"en": "Main", "zh": "主要结果"},
    "conv_beta_eps": {"en": "Logit clipped at {eps}%", "zh": "logit截断于{eps}%"},
    "conv_beta_x": {"en": "{indicator}, {year} ({scale} scale)", "zh": "{year}年{indicator}（{scale}尺度）"},
    "conv_beta_y": {
        "en": "Average annual change, {first}–{last} ({scale} scale)",
        "zh": "{first}–{last}年平均每年变化（{scale}尺度）",
    },
    "conv_beta_title": {"en": "β-convergence: {indicator}", "zh": "β收敛：{indicator}"},
    "conv_phone_suptitle": {
        "en": "Telephone subscriptions against income per person, all economies",
        "zh": "各经济体电话订阅数与人均收入",
    },
    "conv_milestone_fixed_peak": {"en": "Fixed-line peak · {group}", "zh": "固定电话峰值 · {group}"},
    "conv_milestone_mobile_mass": {
        "en": "Mobile {mass} per 100 · {group}",
        "zh": "移动电话达每百人{mass}部 · {group}",
    },
    "conv_milestone_title": {
        "en": "Income per person when each milestone was reached",
        "zh": "达到各里程碑时的人均收入",
    },
    "conv_cohort_x": {
        "en": "Year internet use passed {low}% (cohort)",
        "zh": "互联网使用率超过{low}%的年份（队列）",
    },
    "conv_share_within": {
        "en": "Reached {high}% within {horizon} years (%)",
        "zh": "{horizon}年内达到{high}%的比例（%）",
    },
    "conv_median_duration": {
        "en": "Median years from {low}% to {high}% (completed)",
        "zh": "从{low}%到{high}%的年数中位数（已完成者）",
    },
    "conv_speed_suptitle": {
        "en": "How fast did internet use rise from {low}% to {high}%?",
        "zh": "互联网使用率从{low}%升至{high}%用了多久？",
    },
    "conv_cohorts": {"en": "Start cohorts", "zh": "起始队列"},
    "conv_egdi_suptitle": {
        "en": "E-Government Development Index: {country} and peers",
        "zh": "电子政务发展指数：{country}与对照国家",
    },
    "conv_components_title": {
        "en": "EGDI components and the E-Participation Index",
        "zh": "电子政务发展指数分项及电子参与指数",
    },
    "conv_group_mean": {"en": "Average EGDI by {groups}", "zh": "按{groups}分组的平均电子政务发展指数"},
    "conv_egdi_sd": {
        "en": "Standard deviation of EGDI across countries",
        "zh": "各国电子政务发展指数的标准差",
    },
    "conv_world_mean": {"en": "Average of all countries", "zh": "所有国家平均值"},
    "conv_income_coverage": {
        "en": (
            "Income per person ends in {last}: {n} economies passed {mass} mobile subscriptions per 100 "
            "later and have no income for that milestone."
        ),
        "zh": (
            "人均收入数据止于{last}年：有{n}个经济体在此之后移动电话订阅数才超过每百人{mass}部，该里程碑没有"
            "收入数据。"
        ),
    },
    "conv_col_sample": {"en": "Sample", "zh": "样本"},
    "conv_col_n": {"en": "Economies", "zh": "经济体数"},
    "conv_col_mean": {"en": "Mean", "zh": "均值"},
    "conv_col_sd": {"en": "SD (transformed)", "zh": "标准差（变换后）"},
    "conv_col_cv": {"en": "Coefficient of variation", "zh": "变异系数"},
    "conv_col_p10": {"en": "10th percentile", "zh": "第10百分位"},
    "conv_col_p90": {"en": "90th percentile", "zh": "第90百分位"},
    "conv_col_p90_p10": {"en": "90th − 10th percentile", "zh": "第90减第10百分位"},
    "conv_col_cohort_start": {"en": "Cohort from", "zh": "队列起始"},
    "conv_col_cohort_end": {"en": "Cohort to (excl.)", "zh": "队列截止（不含）"},
    "conv_col_n_started": {"en": "Started", "zh": "已起步数"},
    "conv_col_n_completed": {"en": "Completed", "zh": "已完成数"},
    "conv_col_median_duration": {"en": "Median years (completed)", "zh": "年数中位数（已完成者）"},
    "conv_col_n_eligible": {"en": "Followed long enough", "zh": "观察期足够者"},
    "conv_col_share_within": {"en": "Share within window", "zh": "窗口期内达到的比例"},
    "conv_col_n_economies": {"en": "Economies", "zh": "经济体数"},
    "conv_col_share_leapfrog": {"en": "Share leapfrogging", "zh": "跨越式发展比例"},
    "conv_col_median_fixed_peak_value": {
        "en": "Median fixed-line peak (per 100)",
        "zh": "固定电话峰值中位数（每百人）",
    },
    "conv_col_median_income_fixed_peak": {
        "en": "Median income at fixed-line peak",
        "zh": "固定电话峰值时的人均收入中位数",
    },
    "conv_col_median_income_mobile_takeoff": {
        "en": "Median income at mobile take-off",
        "zh": "移动电话起步时的人均收入中位数",
    },
    "conv_col_median_income_mobile_mass": {
        "en": "Median income at mobile mass adoption",
        "zh": "移动电话普及时的人均收入中位数",
    },
    "conv_col_n_income_mobile_mass": {
        "en": "N (mobile mass adoption with income)",
        "zh": "样本数（移动电话普及且有收入数据）",
    },
    "conv_col_rank_share": {"en": "Rank / countries ranked", "zh": "排名/参评国家数"},
    "conv_col_n_ranked": {"en": "Countries ranked", "zh": "参评国家数"},
    "conv_col_edition": {"en": "Edition", "zh": "版次"},
    "conv_narrowed": {"en": "so this gap narrowed", "zh": "即该差距缩小了"},
    "conv_widened": {"en": "so this gap widened", "zh": "即该差距扩大了"},
    "conv_sigma_relative": {
        "en": (
            "Relative gaps: across the {n} economies observed every year from {first} to {last}, the "
            "standard deviation of {indicator} on the {scale} scale went from {sd0} to {sd1} (highest: "
            "{sdmax} in {ymax}), {verdict}."
        ),
        "zh": (
            "相对差距：在{first}–{last}年每年均有数据的{n}个经济体中，{indicator}在{scale}尺度上的标准差从{sd"
            "0}变为{sd1}（最高为{ymax}年的{sdmax}），{verdict}。"
        ),
    },
    "conv_sigma_absolute": {
        "en": (
            "Absolute gaps: the distance between the 90th and the 10th percentile went from {g0} to {g1} "
            "{unit} (widest: {gmax} in {ymax}), {verdict}."
        ),
        "zh": "绝对差距：第90与第10百分位之差从{g0}变为{g1}{unit}（最大为{ymax}年的{gmax}），{verdict}。",
    },
    "conv_sigma_agree": {
        "en": "The relative and the absolute measure point the same way.",
        "zh": "相对差距与绝对差距的变化方向一致。",
    },
    "conv_sigma_disagree": {
        "en": (
            "The relative and the absolute measure point in different directions: laggards grew faster in "
            "proportion while the distance in the indicator's own unit did not shrink the same way, so "
            "whether \"the divide closed\" depends on which gap one means."
        ),
        "zh": (
            "相对差距与绝对差距的变化方向不同：落后者按比例增长更快，但以指标本身单位计算的差距并未同样缩小，"
            "因此“鸿沟是否缩小”取决于所指的是哪一种差距。"
        ),
    },
    "conv_beta_sentence": {
        "en": (
            "β-convergence: regressing the average annual change of the {scale} value from {first} to {last} "
            "on its {first} level gives β = {beta} (95% CI {lo} to {hi}, HC3, N = {n}). {verdict}"
        ),
        "zh": (
            "β收敛：将{first}–{last}年{scale}值的年均变化对{first}年水平回归，得到β = {beta}（95%置信区间{lo}"
            "至{hi}，HC3，N = {n}）。{verdict}"
        ),
    },
    "conv_beta_converge": {
        "en": (
            "Economies that started lower grew faster; the implied half-life of the gap is about {half_life} "
            "years."
        ),
        "zh": "起点较低的经济体增长更快；隐含的差距半衰期约为{half_life}年。",
    },
    "conv_beta_diverge": {
        "en": "Economies that started higher grew faster: divergence, not convergence.",
        "zh": "起点较高的经济体增长更快：这是发散而非收敛。",
    },
    "conv_beta_unclear": {
        "en": "The confidence interval includes zero: no clear evidence that laggards grew faster.",
        "zh": "置信区间包含零：没有明确证据表明落后者增长更快。",
    },
    "conv_beta_robust": {
        "en": (
            "Robustness: {n_clipped} economies were below {eps_main}% (or above {inv}%) in {first} and are "
            "clipped there; clipping at {eps}% instead gives β = {beta} and a half-life of about {half_life} "
            "years."
        ),
        "zh": (
            "稳健性：{first}年有{n_clipped}个经济体低于{eps_main}%（或高于{inv}%），被截断于该值；改为截断于{"
            "eps}%时，β = {beta}，半衰期约为{half_life}年。"
        ),
    },
    "conv_share_of_group": {
        "en": "{share}% of economies in the {group} group",
        "zh": "{group}经济体的{share}%",
    },
    "conv_leapfrog_sentence": {
        "en": (
            "Leapfrogging: when mobile subscriptions passed {take_off} per 100 people, fixed lines were "
            "still below {take_off} per 100 in {shares}."
        ),
        "zh": (
            "跨越式发展：在移动电话订阅数超过每百人{take_off}部时，固定电话仍低于每百人{take_off}部的比例为："
            "{shares}。"
        ),
    },
    "conv_saturation_sentence": {
        "en": (
            "High-income economies' fixed lines peaked at a median of {peak} per 100 people, at a median "
            "income of {inc_early} international $ (N = {n_early}); low- and middle-income economies passed "
            "{mass} mobile subscriptions per 100 at a median income of {inc_late} (N = {n_late}). On average "
            "the latecomers got there at {ratio} times the income (difference in log income {diff}, 95% CI "
            "{lo} to {hi}): {verdict}."
        ),
        "zh": (
            "高收入经济体的固定电话在人均收入中位数为{inc_early}国际元时达到峰值（峰值中位数为每百人{peak}部"
            "，N = {n_early}）；中低收入经济体在人均收入中位数为{inc_late}时移动电话订阅数超过每百人{mass}部"
            "（N = {n_late}）。平均而言，后来者达到这一水平时的收入是前者的{ratio}倍（对数收入之差{diff}，95%"
            "置信区间{lo}至{hi}）：{verdict}。"
        ),
    },
    "conv_country_leapfrog": {
        "en": (
            "{country}'s mobile subscriptions passed {take_off} per 100 in {year}, when it had {fixed} fixed "
            "lines per 100: {verdict}. {peak_text}"
        ),
        "zh": (
            "{country}的移动电话订阅数在{year}年超过每百人{take_off}部，当时固定电话为每百人{fixed}部：{verdi"
            "ct}。{peak_text}"
        ),
    },
    "conv_fixed_peak_interior": {
        "en": "Its fixed lines peaked at {peak} per 100 in {peak_year}.",
        "zh": "其固定电话在{peak_year}年达到每百人{peak}部的峰值。",
    },
    "conv_fixed_peak_open": {
        "en": "Its fixed lines have not been seen to peak (highest: {peak} per 100 in {peak_year}).",
        "zh": "其固定电话尚未出现可观测的峰值（最高为{peak_year}年的每百人{peak}部）。",
    },
    "conv_did_leapfrog": {"en": "it leapfrogged by this definition", "zh": "按此定义属于跨越式发展"},
    "conv_did_not_leapfrog": {
        "en": "by this definition it did not leapfrog (fixed lines had already passed the threshold)",
        "zh": "按此定义不属于跨越式发展（固定电话已先超过该门槛）",
    },
    "conv_lower_income": {
        "en": "mass telephony came at a much lower income, as the leapfrogging claim says",
        "zh": "大众电话普及发生在低得多的收入水平上，与跨越式发展的论断一致",
    },
    "conv_not_lower_income": {
        "en": "the data do not show mass telephony arriving at a lower income",
        "zh": "数据并未显示大众电话普及发生在更低的收入水平上",
    },
    "conv_speed_sentence": {
        "en": (
            "Speed: among economies followed for at least {horizon} years after passing {low}% internet use, "
            "{s_first}% of the {c_first} cohort reached {high}% within {horizon} years, against {s_last}% of "
            "the {c_last} cohort (linear probability per later start year: {slope} percentage points, 95% CI "
            "{lo} to {hi}, N = {n}). {verdict}"
        ),
        "zh": (
            "速度：在互联网使用率超过{low}%后至少被观察{horizon}年的经济体中，{c_first}年队列有{s_first}%在{h"
            "orizon}年内达到{high}%，{c_last}年队列为{s_last}%（起步每晚一年，概率变化{slope}个百分点，95%置"
            "信区间{lo}至{hi}，N = {n}）。{verdict}"
        ),
    },
    "conv_speed_faster": {"en": "Later starters were faster.", "zh": "起步越晚者普及越快。"},
    "conv_speed_slower": {
        "en": "Later starters were not faster: the earliest (mostly high-income) adopters were the quickest.",
        "zh": "起步较晚者并不更快：最早起步者（多为高收入经济体）普及最快。",
    },
    "conv_speed_unclear": {
        "en": "There is no clear trend across cohorts.",
        "zh": "各队列之间没有明确的趋势。",
    },
    "conv_egov_sentence": {
        "en": (
            "E-government: {country}'s EGDI rank went from {r0} of {n0} in {y0} to {r1} of {n1} in {y1} "
            "(from the top {p0}% to the top {p1}% of countries ranked) and its EGDI from {e0} to {e1}. Its "
            "largest component gain was in the {component} ({c0} to {c1}); its weakest EGDI component in "
            "{y1} was the {weakest} ({w1})."
        ),
        "zh": (
            "电子政务：{country}的电子政务发展指数排名从{y0}年的第{r0}名（共{n0}个）变为{y1}年的第{r1}名（共{"
            "n1}个），即从前{p0}%变为前{p1}%；指数从{e0}变为{e1}。提升最大的分项是{component}（从{c0}到{c1}）"
            "；{y1}年最弱的分项是{weakest}（{w1}）。"
        ),
    },
    "conv_egov_missing": {
        "en": "{country} has no EGDI rank in the data.",
        "zh": "数据中没有{country}的电子政务发展指数排名。",
    },
    "conv_peer_entry": {"en": "{name} ({rank})", "zh": "{name}（{rank}）"},
    "conv_peer_sentence": {
        "en": "Ranks in {year} among the selected countries: {order}.",
        "zh": "{year}年所选国家的排名：{order}。",
    },
    "conv_egdi_spread": {
        "en": (
            "The standard deviation of EGDI across countries was {sd0} in {y0} and {sd1} in {y1}; since "
            "every edition rescales its components, this describes the survey's scale as much as the real "
            "spread."
        ),
        "zh": (
            "各国电子政务发展指数的标准差在{y0}年为{sd0}，在{y1}年为{sd1}；由于每期调查都会重新标准化各分项，"
            "这一数值既反映真实差距，也反映调查的尺度。"
        ),
    },
    "conv_score_entry": {
        "en": "{value} in {year} (rank {rank} of {n})",
        "zh": "{year}年{value}（第{rank}名，共{n}个）",
    },
    "conv_not_available": {"en": "not available", "zh": "无数据"},
    "conv_scores_sentence": {
        "en": "{country}'s GovTech Maturity Index: {gtmi}. ITU ICT Development Index: {idi}.",
        "zh": "{country}的政府科技成熟度指数：{gtmi}。国际电联信息通信技术发展指数：{idi}。",
    },
    # --- notebook 05 (country profile) ----------------------------------------------------------
    "world_median": {"en": "World median", "zh": "全球中位数"},
    "peer_median": {"en": "Peer median", "zh": "同类国家中位数"},
    "world_rank": {"en": "World rank", "zh": "全球排名"},
    "threshold": {"en": "Threshold", "zh": "阈值"},
    "status": {"en": "Status", "zh": "状态"},
    "process": {"en": "Process", "zh": "进程"},
    "above": {"en": "above", "zh": "高于"},
    "below": {"en": "below", "zh": "低于"},
    # --- timeline (start/end status of each process) ---------------------------------------------
    "timeline_title": {"en": "When each process started and ended", "zh": "各进程的起止时间"},
    "observed": {"en": "Observed", "zh": "观测值"},
    "interpolated": {"en": "Interpolated", "zh": "插值"},
    "censored": {"en": "Censored (beyond the data)", "zh": "删失（超出数据范围）"},
    # Crossing statuses (helpers.stats.thresholds.CrossingStatus) and directions, as table values.
    "interval": {"en": "Between observations", "zh": "介于两次观测之间"},
    "before_coverage": {"en": "Before the data start", "zh": "早于数据起点"},
    "not_reached": {"en": "Not reached", "zh": "尚未达到"},
    "no_data": {"en": "No data", "zh": "无数据"},
    "direction": {"en": "Direction", "zh": "方向"},
    "up": {"en": "rising", "zh": "上升"},
    "down": {"en": "falling", "zh": "下降"},
    "bound": {"en": "Bound (censored)", "zh": "删失界限"},
    "telephones": {"en": "Telephones", "zh": "电话普及"},
    "industrialization": {"en": "Industrialization", "zh": "工业化"},
    "informatization": {"en": "Informatization", "zh": "信息化"},
    "urbanization": {"en": "Urbanization", "zh": "城镇化"},
    "agricultural_modernization": {"en": "Agricultural modernization", "zh": "农业现代化"},
    # --- World Bank regions ----------------------------------------------------------------------
    "East Asia & Pacific": {"en": "East Asia & Pacific", "zh": "东亚与太平洋"},
    "Europe & Central Asia": {"en": "Europe & Central Asia", "zh": "欧洲与中亚"},
    "Latin America & Caribbean": {"en": "Latin America & Caribbean", "zh": "拉丁美洲与加勒比"},
    "Middle East & North Africa": {"en": "Middle East & North Africa", "zh": "中东与北非"},
    "North America": {"en": "North America", "zh": "北美"},
    "South Asia": {"en": "South Asia", "zh": "南亚"},
    "Sub-Saharan Africa": {"en": "Sub-Saharan Africa", "zh": "撒哈拉以南非洲"},
    # --- World Bank income groups ----------------------------------------------------------------
    "High income": {"en": "High income", "zh": "高收入"},
    "Upper middle income": {"en": "Upper middle income", "zh": "中等偏上收入"},
    "Lower middle income": {"en": "Lower middle income", "zh": "中等偏下收入"},
    "Low income": {"en": "Low income", "zh": "低收入"},
}

#: Chinese for the codebook's units. A unit missing here is shown in English (still correct, just
#: not translated), so a new codebook entry never breaks a Chinese figure.
UNITS_ZH: dict[str, str] = {
    "index 0–1": "指数，0–1",
    "1 = assessed / 0 = not assessed": "1 = 参与评估 / 0 = 未评估",
    "rank (1 = best)": "排名，1 = 最佳",
    "score (≈ −2.5 to 2.5)": "得分，约 −2.5 至 2.5",
    "score units": "得分单位",
    "percentile 0–100": "百分位，0–100",
    "years": "年",
    "2017 PPP $": "2017年购买力平价美元",
    "score 0–100": "得分，0–100",
    "score 0–100 (100 = clean)": "得分，0–100，100 = 最清廉",
    "% of population": "占人口的%",
    "% of total population": "占总人口的%",
    "% of GDP": "占GDP的%",
    "% of employment": "占就业的%",
    "% of people 15+": "占15岁及以上人口的%",
    "per 100 people": "每百人",
    "constant US$": "不变价美元",
    "kWh per capita": "人均千瓦时",
    "constant 2017 international $": "2017年不变价国际元",
    "2011 international $": "2011年国际元",
    "people": "人",
}


class LabelKeyError(KeyError):
    """Unknown label key; the message lists close matches."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


def check_lang(lang: object, name: str = "lang") -> str:
    """Return ``lang`` if it is one of :data:`LANGS`, else raise :class:`ParameterError` listing them."""
    if lang not in LANGS:
        raise ParameterError(
            f"{name} must be one of {', '.join(map(repr, LANGS))}, got {lang!r}.{did_you_mean(lang, LANGS)}"
        )
    return lang


def _unknown_label(key: str) -> LabelKeyError:
    hints = close_matches(key, LABELS, ignore_case=False)
    hint = f" Did you mean: {', '.join(map(repr, hints))}?" if hints else ""
    return LabelKeyError(f"unknown label key {key!r}.{hint} Add it to helpers.i18n.LABELS in both languages.")


def t(key: str, lang: str, **fmt) -> str:
    """The label ``key`` in ``lang``, with ``{placeholders}`` filled from ``fmt``.

    Parameters
    ----------
    key : a key of :data:`LABELS` (e.g. ``"coefficient"`` or a region name such as ``"South Asia"``).
    lang : ``"en"`` or ``"zh"``.
    **fmt : values for the label's placeholders, e.g. ``t("change_since", "en", year=2010)``.

    Raises
    ------
    KeyError
        Unknown key (:class:`LabelKeyError`, listing close matches).
    ValueError
        Unknown language, or a placeholder without a value.
    """
    check_lang(lang)
    if key not in LABELS:
        raise _unknown_label(key)
    text = LABELS[key][lang]
    needed = {field for _, field, _, _ in string.Formatter().parse(text) if field}
    missing = sorted(needed - set(fmt))
    if missing:
        raise ValueError(f"label {key!r} needs values for {', '.join(missing)}, e.g. t({key!r}, {lang!r}, {missing[0]}=...)")
    return text.format(**fmt) if needed else text


def has_label(key: object) -> bool:
    """True if ``key`` is a label key (lets callers translate data values only when they can)."""
    return isinstance(key, str) and key in LABELS


def unit_label(unit: str, lang: str) -> str:
    """A codebook unit in ``lang`` (English when no translation is recorded)."""
    check_lang(lang)
    return UNITS_ZH.get(unit, unit) if lang == "zh" else unit


def indicator_unit(indicator_id: str, lang: str) -> str:
    """A codebook indicator's unit as an axis label, e.g. ``Score (≈ −2.5 to 2.5)`` or ``指数 0–1``."""
    from .data.codebook import get_indicator

    unit = unit_label(get_indicator(indicator_id).unit, lang)
    return unit[:1].upper() + unit[1:]


def indicator_label(indicator_id: str, lang: str, with_unit: bool = True) -> str:
    """Axis/table label for a codebook indicator, e.g. ``Individuals using the Internet (% of population)``.

    Parameters
    ----------
    indicator_id : a codebook id (or English name; see :func:`helpers.data.codebook.get_indicator`).
    lang : ``"en"`` uses ``name``, ``"zh"`` uses ``name_zh`` (with full-width brackets around the unit).
    with_unit : append the unit in brackets.

    Raises
    ------
    helpers.data.errors.UnknownKeyError
        Unknown indicator, with close matches.
    """
    check_lang(lang)
    from .data.codebook import get_indicator  # lazy: reading the codebook is only needed here

    ind = get_indicator(indicator_id)
    name = ind.name_zh if lang == "zh" else ind.name
    if not with_unit:
        return name
    unit = unit_label(ind.unit, lang)
    return f"{name}（{unit}）" if lang == "zh" else f"{name} ({unit})"


def label_for(key: str, lang: str, with_unit: bool = True) -> str:
    """Best label for a column or value: a label key, else a codebook indicator, else ``key`` itself.

    Chart builders use this for column names, so ``"year"`` becomes "Year"/"年份", ``"GE.EST"``
    becomes the indicator's name with its unit, and anything else is shown as given.
    """
    check_lang(lang)
    if has_label(key):
        return t(key, lang)
    from .data.errors import UnknownKeyError

    try:
        return indicator_label(key, lang, with_unit=with_unit)
    except UnknownKeyError:
        return str(key)


def country_name(iso3: str, lang: str, countries_frame: pd.DataFrame) -> str:
    """The country's name in ``lang`` from a country table (columns ``iso3, name_en, name_zh``).

    Chinese falls back to English when ``name_zh`` is missing or empty, so a label is never blank.

    Raises
    ------
    KeyError
        ``iso3`` is not in the table.
    """
    check_lang(lang)
    rows = countries_frame.loc[countries_frame["iso3"] == iso3]
    if rows.empty:
        raise LabelKeyError(f"country {iso3!r} is not in the country table ({len(countries_frame)} rows)")
    row = rows.iloc[0]
    if lang == "zh":
        zh = row.get("name_zh")
        if isinstance(zh, str) and zh.strip():
            return zh
    return str(row["name_en"])
