"""The shared vocabulary, in English and Chinese: words that several notebooks and the chart builders use.

Table headers, regions, income groups, processes, statuses and chart labels are looked up by a short key
with :func:`t`; indicator names and units come from the codebook (:func:`indicator_label`), country names
from the country table (:func:`country_name`). A notebook's own sentences are not here: they live beside
the notebook (``notebooks/<name>.texts.yml``, read by :mod:`helpers.texts`).

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
    # --- chart labels the builders add themselves (legends, reference lines) ----------------------
    "path_over_time": {"en": "{country}, edition by edition", "zh": "{country}（逐期路径）"},
    "nb03_threshold": {"en": "Threshold", "zh": "阈值"},
    "nb03_ended_before_data": {"en": "Ended before the data begin", "zh": "在数据起始前已结束"},
    "nb03_range": {"en": "Years the observations allow", "zh": "观测值所允许的年份范围"},
    "strip_median": {"en": "Median", "zh": "中位数"},
    # --- comparisons, thresholds and statuses (table headers and values) -------------------------
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
    # --- specification curves (issue 12): the choices of a specification and their values ----------
    "spec_outcome": {"en": "Outcome", "zh": "结果变量"},
    "spec_treatment": {"en": "Treatment", "zh": "解释变量"},
    "spec_controls": {"en": "Controls", "zh": "控制变量"},
    "spec_lag": {"en": "Lag", "zh": "滞后"},
    "spec_estimator": {"en": "Estimator", "zh": "估计方法"},
    "spec_timing": {"en": "Timing", "zh": "时间匹配"},
    "spec_sample": {"en": "Sample", "zh": "样本"},
    "spec_lag_value": {"en": "lag {k}", "zh": "滞后 {k} 期"},
    "spec_lag_none": {"en": "none", "zh": "无"},
    "estimator_pooled": {"en": "Pooled OLS", "zh": "混合OLS"},
    "estimator_twoway_fe": {"en": "Two-way FE", "zh": "双向固定效应"},
    "estimator_twoway_fe_trends": {"en": "Two-way FE + country trends", "zh": "双向固定效应＋国家趋势"},
    "estimator_first_differences": {"en": "First differences", "zh": "一阶差分"},
    "estimator_long_difference": {"en": "Long difference", "zh": "长差分"},
    "estimator_cross_section": {"en": "Cross-section", "zh": "横截面"},
    "controls_none": {"en": "None", "zh": "无"},
    "controls_income": {"en": "Log income", "zh": "对数收入"},
    "controls_income_schooling_health": {"en": "Income, schooling, life expectancy",
                                         "zh": "收入、受教育年限、预期寿命"},
    "timing_same_year": {"en": "Same year", "zh": "同年"},
    "timing_year_before": {"en": "Year before publication", "zh": "发布前一年"},
    "sample_all": {"en": "All economies", "zh": "全部经济体"},
    "sample_high_income": {"en": "High income", "zh": "高收入"},
    "sample_upper_middle_income": {"en": "Upper middle income", "zh": "中等偏上收入"},
    "sample_lower_middle_income": {"en": "Lower middle income", "zh": "中等偏下收入"},
    "sample_low_income": {"en": "Low income", "zh": "低收入"},
    "sample_no_microstates": {"en": "Without microstates", "zh": "不含微型国家"},
    "spec_estimate": {"en": "Estimate (per unit of the treatment)", "zh": "估计值（解释变量每变动一个单位）"},
    "spec_rank": {"en": "Specifications, sorted by estimate", "zh": "各设定（按估计值排序）"},
    "spec_median": {"en": "Median {value}", "zh": "中位数 {value}"},
    "spec_positive_significant": {"en": "Positive, p < {alpha}", "zh": "正且 p < {alpha}"},
    "spec_negative_significant": {"en": "Negative, p < {alpha}", "zh": "负且 p < {alpha}"},
    "spec_not_significant": {"en": "p ≥ {alpha}", "zh": "p ≥ {alpha}"},
    "spec_summary": {"en": "{n} specifications · median {median} · positive and significant: {share}%",
                     "zh": "共 {n} 个设定 · 中位数 {median} · 正且显著：{share}%"},
    "spec_curve_title": {"en": "Specification curve", "zh": "设定曲线"},
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
    # --- verdicts of the claims registry (issue 12, notebook 06; data/claims.yaml) ----------------
    "supported": {"en": "supported", "zh": "得到支持"},
    "mixed": {"en": "mixed", "zh": "证据不一"},
    "not_supported": {"en": "not supported", "zh": "未得到支持"},
    "not_testable": {"en": "not testable", "zh": "无法检验"},
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
    # issue 12 (equal public services outcomes, HDR inequality indices)
    "% (Atkinson index)": "%（阿特金森指数）",
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


# --- issue 12 (notebook 04): large counts -------------------------------------------------------------
#: How each language groups a large count: billions in English, 亿 (10⁸) in Chinese.
BIG_COUNT_UNITS = {"en": (1e9, " billion"), "zh": (1e8, "亿")}


def big_count(value: float, lang: str, digits: int = 2) -> str:
    """A large count (people, users) as a reader of ``lang`` says it: ``1.39 billion`` / ``13.85亿``.

    None or NaN prints as "–".
    """
    check_lang(lang)
    if value is None or pd.isna(value):
        return "–"
    scale, unit = BIG_COUNT_UNITS[lang]
    return f"{value / scale:,.{digits}f}{unit}"
