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
# # 00 · Data overview: what the panel holds, and what is missing
#
# **Question.** Which indicators cover which countries and years, where are the gaps and why, and how
# complete is China's record? Every later notebook tests a claim of the essay *digital government
# construction drives Chinese-style modernization*; a claim can only be tested where the data exist, and
# a gap that is not random (small states, conflict countries, early survey editions) shapes every result.
#
# **Data.** The processed panel built by `make data` from the publishers' files (UN E-Government Survey,
# World Bank WGI and WDI, UNDP HDR, World Bank GTMI, ITU, QoG, Gapminder, Our World in Data).
#
# **Method.** Counting. For each indicator and year: the share of the 193 UN member states with a value.
# For the survey: how many members were *not assessed* per edition. For China: the share of years in which
# China has a value, among the years the indicator exists at all.

# %% [markdown] tags=["lang-zh"]
# # 00 · 数据概览：面板包含什么，缺少什么
#
# **研究问题。** 哪些指标覆盖了哪些国家和年份？缺口在哪里，原因何在？中国的数据记录有多完整？后续各笔记本
# 分别检验政策文章“数字政府建设推动中国式现代化”中的一项论断；论断只能在有数据之处加以检验，而非随机的
# 缺口（小国、冲突国家、早期调查年份）会左右每一项结果。
#
# **数据。** 由 `make data` 依据各发布机构原始文件构建的面板（联合国电子政务调查、世界银行全球治理指标
# 与世界发展指标、联合国开发计划署《人类发展报告》、世界银行政府科技成熟度指数、国际电信联盟、哥德堡
# 大学政府质量研究所、Gapminder、Our World in Data）。
#
# **方法。** 计数。对每个指标和年份，计算 193 个联合国会员国中有数据者所占比例；对电子政务调查，统计每期
# *未被评估*的会员国数量；对中国，计算在该指标存在的年份中，中国有数据的年份所占比例。

# %% tags=["parameters"]
lang: str = "en"  # report language: "en" or "zh"
output_dir: str = ""  # folder for figures, tables and results.json (empty: outputs/interactive/<notebook>)
indicators: list = [  # codebook ids to cover (see codebook_table())
    "un_egov.egdi", "un_egov.osi", "GE.EST", "IT.NET.USER.ZS", "IT.NET.BBND.P2", "IT.CEL.SETS.P2",
    "hdr.hdi", "hdr.mys", "gapminder.income_per_person", "SP.URB.TOTL.IN.ZS", "NV.SRV.TOTL.ZS",
    "SL.AGR.EMPL.ZS", "gtmi.gtmi", "itu.idi",
]
first_year: int = 1990  # first year of the coverage matrix
last_year: int = 2024  # last year of the coverage matrix
country: str = "CHN"  # economy whose completeness is shown: ISO3 code or name (English or Chinese)

# %%
from helpers import coverage as cov
from helpers import i18n, notebook, outputs, params, plots
from helpers.data import country_table, load_panel

params.check_injected_parameters()  # papermill used directly: refuse misspelled names
lang = params.check_lang(lang)
indicators = params.check_indicators("indicators", indicators)
first_year, last_year = params.check_year_range("first_year, last_year", first_year, last_year, 1800, 2030)
(country,) = params.check_countries("country", [country])
out = params.output_dir(output_dir, "00_data_overview")
text = notebook.texts("00_data_overview", lang)
plots.use_style(lang)

# %%
countries = country_table()
members = set(countries.loc[countries["un_member"], "iso3"])
panel = load_panel(indicators, years=(first_year, last_year))
datasets = sorted(panel["source"].unique())
source_line = notebook.source_line(lang, indicators)

# %% [markdown] tags=["lang-en"]
# ## Coverage by indicator and year
# The share of UN member states with a value. Territories (e.g. Hong Kong, Puerto Rico) are in the panel but
# not in this denominator.

# %% [markdown] tags=["lang-zh"]
# ## 各指标逐年覆盖率
# 有数据的联合国会员国所占比例。香港、波多黎各等地区在面板之中，但不计入此处的分母。

# %%
coverage = cov.coverage_matrix(panel, members, first_year, last_year, order=indicators)
fig, ax = plots.coverage_heatmap(coverage, lang=lang)
plots.add_source_line(fig, source_line)
plots.save_figure(fig, out, "coverage_heatmap")
outputs.write_table(coverage.reset_index(), out, "coverage_by_indicator_year")
coverage_summary = cov.coverage_summary(panel, members)
notebook.show(coverage_summary, lang)

# %% [markdown] tags=["lang-en"]
# ## Sources, releases and checksums
# Every file the panel was built from, with its licence and the sha256 checked at fetch time.

# %% [markdown] tags=["lang-zh"]
# ## 数据来源、版本与校验值
# 构建面板所用的每一个文件，附其许可协议及下载时核验的 sha256 校验值。

# %%
sources_table = outputs.sources_table(outputs.provenance(datasets))
outputs.write_table(sources_table, out, "sources")
notebook.show(outputs.sources_table(outputs.provenance(datasets), lang), lang)

# %% [markdown] tags=["lang-en"]
# ## What is missing, and why
# The UN survey marks countries it did not assess with 0 (stored here as missing and counted below). Other
# gaps are publisher gaps: WGI did not rate some small states in early years; HDR lacks some countries.

# %% [markdown] tags=["lang-zh"]
# ## 缺了什么，为何缺失
# 联合国电子政务调查将未评估的国家记为 0（此处存为缺失值，并在下表中计数）。其余缺口来自发布机构本身：
# 全球治理指标早年未对部分小国评分，《人类发展报告》缺少若干国家。

# %%
assessed = load_panel("un_egov.assessed")
not_assessed = cov.not_assessed_by_edition(assessed)
outputs.write_table(not_assessed, out, "un_egov_not_assessed")
notebook.show(not_assessed, lang)
missing_members = cov.members_without_data(panel, members)
outputs.write_table(missing_members, out, "members_without_data_latest_year")
notebook.show(missing_members, lang)

# %% [markdown] tags=["lang-en"]
# ## China's data completeness

# %% [markdown] tags=["lang-zh"]
# ## 中国数据的完整程度

# %%
china_completeness = cov.completeness(panel, country)
outputs.write_table(china_completeness, out, f"completeness_{country}")
notebook.show(china_completeness, lang)

# %%
results = {
    "parameters": {"indicators": indicators, "first_year": first_year, "last_year": last_year, "country": country},
    "coverage_latest_year": coverage_summary.set_index("indicator").to_dict(orient="index"),
    "un_egov_not_assessed": not_assessed.set_index("year")["not_assessed"].to_dict(),
    "completeness": china_completeness.set_index("indicator")["share_of_years"].to_dict(),
}
_ = outputs.write_results(out, results, outputs.provenance(datasets))

# %% keep_output=true
# NBVAL_CHECK_OUTPUT
notebook.key_results(results)

# %% [markdown] tags=["lang-en"]
# ## What the data say

# %% [markdown] tags=["lang-zh"]
# ## 数据结论

# %%
wide_coverage = 150  # member states: "wide" coverage for the summary sentence
wide = coverage_summary[coverage_summary["members_latest_year"] >= wide_coverage]
thinnest = china_completeness.sort_values("share_of_years").iloc[0]
text.say(
    "summary",
    n_wide=len(wide),
    threshold=wide_coverage,
    n_all=len(coverage_summary),
    n_members=len(members),
    first_edition=int(not_assessed["year"].iloc[0]),
    na_first=int(not_assessed["not_assessed"].iloc[0]),
    last_edition=int(not_assessed["year"].iloc[-1]),
    na_last=int(not_assessed["not_assessed"].iloc[-1]),
    country=i18n.country_name(country, lang, countries),
    share=china_completeness["years_with_data"].sum() / china_completeness["years_available"].sum(),
    thinnest=i18n.indicator_label(thinnest["indicator"], lang, with_unit=False),
    thinnest_share=thinnest["share_of_years"],
)

# %% [markdown] tags=["lang-en"]
# ## Caveats
# - Coverage counts values, not their quality: an ITU or WDI figure may be a model estimate, not a survey.
# - "Has data" is judged in the processed panel: values the validation dropped (see `data/corrections.yaml`)
#   count as missing.
# - Data vintages differ (WGI 2024 release, HDR 2023/24, WDI 2024, survey 2024); the latest year of each
#   indicator is where its coverage is thinnest, because publishers fill gaps with a lag.
#
# ## Try it yourself
# 1. Set `country = "IND"` (or a small island state such as `"TUV"`) and compare its completeness with China's.
# 2. Set `first_year = 1960` and add `"IT.MLT.MAIN.P2"` (fixed telephones) to `indicators`: which digital
#    series reach back before the internet?
# 3. Set `lang = "zh"` to get every heading, table header and figure label in Chinese.

# %% [markdown] tags=["lang-zh"]
# ## 注意事项
# - 覆盖率统计的是有无数值，而非数值质量：国际电信联盟或世界发展指标中的数字可能是模型估计，而非调查所得。
# - “有数据”以处理后的面板为准：验证环节剔除的数值（见 `data/corrections.yaml`）计为缺失。
# - 各数据的版本不同（全球治理指标 2024 年版、《人类发展报告》2023/24、世界发展指标 2024、电子政务调查
#   2024）；由于发布机构补齐数据存在滞后，每个指标最近一年的覆盖率最低。
#
# ## 动手试试
# 1. 设定 `country = "IND"`（或图瓦卢 `"TUV"` 等小岛国），将其完整程度与中国比较。
# 2. 设定 `first_year = 1960`，并在 `indicators` 中加入 `"IT.MLT.MAIN.P2"`（固定电话）：哪些数字化序列
#    能追溯到互联网出现之前？
# 3. 设定 `lang = "zh"`，所有标题、表头与图中标注即为中文。
