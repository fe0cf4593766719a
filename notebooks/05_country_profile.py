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
# # 05 · Country profile
#
# **Question.** Where does one country stand on digital development, modernization outcomes, e-government
# and governance — against its peers and the world — and what do its milestones look like?
#
# **Claim in view.** The essay's claims are about China, but a claim about a relationship is only
# convincing if it describes other countries too; this profile runs for every economy in the panel.
#
# **Data.** The processed panel (`make data`): WDI/ITU/Gapminder digital series, UNDP HDR, UN E-Government
# Survey 2003–2024, WGI 2024 release, Gapminder and OWID long-run series.
#
# **Method.** Descriptive comparisons (latest values, peer and world medians, ranks), the residual of the
# digital indicator on log income across countries (OLS), and threshold crossings with censoring. Sections
# without data for this country say so.

# %% [markdown] tags=["lang-zh"]
# # 05 · 国家概况
#
# **研究问题。** 一个国家在数字发展、现代化成果、电子政务与治理方面处于什么位置——与同类国家和全球相比
# 如何？它的现代化里程碑又是怎样的？
#
# **论断所及。** 文章的论断针对中国，但关于变量之间关系的论断，只有在其他国家同样成立时才有说服力；因此本
# 概况适用于面板中的每一个经济体。
#
# **数据。** 处理后的面板（`make data`）：世界发展指标、国际电信联盟与 Gapminder 的数字化序列，联合国开发
# 计划署《人类发展报告》，联合国电子政务调查（2003—2024），全球治理指标 2024 年版，以及 Gapminder 与
# Our World in Data 的长期历史序列。
#
# **方法。** 描述性比较（最新值、同类国家与全球中位数、排名）；在跨国横截面上以数字化指标对对数收入做
# 最小二乘回归，取该国残差；带删失处理的门槛跨越年份。该国无数据的部分会如实说明。

# %% tags=["parameters"]
lang: str = "en"  # report language: "en" or "zh"
output_dir: str = ""  # folder for figures, tables and results.json (empty: outputs/interactive/<notebook>)
country: str = "CHN"  # the economy profiled: ISO3 code or name (English or Chinese)
peers: list = []  # economies compared with it (empty: same region and income group, most populous first)
year_range: list = [2000, 2024]  # [first, last] years of the trajectories

# %%
from helpers import coverage as cov
from helpers import i18n, notebook, outputs, params, plots
from helpers import profile as prof
from helpers.data import country_table, load_panel

params.check_injected_parameters()  # papermill used directly: refuse misspelled names
lang = params.check_lang(lang)
(country,) = params.check_countries("country", [country])
peers = params.check_peers("peers", peers, country)
params.check_type("year_range", year_range, (list, tuple))
if len(year_range) != 2:
    raise params.ParameterError(f"year_range must be [first, last], got {year_range!r}")
first_year, last_year = params.check_year_range("year_range", year_range[0], year_range[1], 1990, 2030)
out = params.output_dir(output_dir, "05_country_profile")
text = notebook.texts("05_country_profile", lang)
plots.use_style(lang)

# %%
DIGITAL = ["IT.NET.USER.ZS", "IT.CEL.SETS.P2", "IT.NET.BBND.P2"]
OUTCOMES = ["gapminder.income_per_person", "hdr.hdi", "hdr.le", "hdr.mys", "SP.URB.TOTL.IN.ZS", "NV.SRV.TOTL.ZS"]
GOVERNANCE = ["GE.EST", "RQ.EST", "CC.EST", "RL.EST"]
EGOV = ["un_egov.egdi", "un_egov.osi", "un_egov.tii", "un_egov.hci", "un_egov.epi", "un_egov.rank"]
MILESTONE_SERIES = ["SP.URB.TOTL.IN.ZS", "SL.AGR.EMPL.ZS", "IT.NET.USER.ZS", "IT.MLT.MAIN.P2"]

countries = country_table()
name = i18n.country_name(country, lang, countries)
panel = load_panel([*DIGITAL, *OUTCOMES, *GOVERNANCE, *EGOV, *MILESTONE_SERIES, "gapminder.population"])
if not peers:
    peers = prof.default_peers(country, countries, panel, "gapminder.population")
in_range = panel[(panel["year"] >= first_year) & (panel["year"] <= last_year)]
datasets_used = set()
results = {"country": country, "peers": peers, "year_range": [first_year, last_year], "sections": {}}


def source_line(frame):
    datasets_used.update(frame["source"].unique())
    return notebook.source_line(lang, frame["indicator"].unique())


def no_data(what):
    text.say("no_data", country=name, what=what)
    results["sections"][what] = "no data"


if peers:
    separator = "、" if lang == "zh" else ", "
    text.say("subject", country=name, peers=separator.join(i18n.country_name(p, lang, countries) for p in peers))
else:
    text.say("subject_without_peers", country=name)

# %% [markdown] tags=["lang-en"]
# ## Digital development vs peers and the world
# Each line is one country; the grey line labelled as the world median is the median across all countries
# with data in that year.

# %% [markdown] tags=["lang-zh"]
# ## 数字发展：与同类国家及全球比较
# 每条线代表一个国家；标为全球中位数的灰线，是当年所有有数据国家的中位数。

# %%
for indicator in DIGITAL:
    lines = prof.trajectories(in_range, indicator, [country, *peers])
    if lines.empty or not (lines["iso3"] == country).any():
        no_data(i18n.indicator_label(indicator, lang, with_unit=False))
        continue
    world = i18n.t("world_median", lang)
    lines["iso3"] = lines["iso3"].replace({"WLD": world})
    fig, ax = plots.line_trajectories(lines, y="value", highlight=[country, *peers], reference=[world], lang=lang,
                                      ylabel=i18n.indicator_label(indicator, lang), countries=countries,
                                      title=i18n.indicator_label(indicator, lang, with_unit=False))
    plots.add_source_line(fig, source_line(in_range[in_range["indicator"] == indicator]))
    _ = plots.save_figure(fig, out, f"digital_{indicator.replace('.', '_')}")
digital_table = prof.compare_latest(panel, country, peers, DIGITAL)
outputs.write_table(digital_table, out, "digital_latest")
notebook.show(digital_table, lang)
results["digital"] = digital_table

# %% [markdown] tags=["lang-en"]
# ## Modernization outcomes

# %% [markdown] tags=["lang-zh"]
# ## 现代化成果

# %%
outcome_table = prof.compare_latest(panel, country, peers, OUTCOMES)
outputs.write_table(outcome_table, out, "outcomes_latest")
if outcome_table["value"].notna().any():
    datasets_used.update(panel.loc[panel["indicator"].isin(OUTCOMES), "source"].unique())
    notebook.show(outcome_table, lang)
else:
    no_data(text("outcomes"))
results["outcomes"] = outcome_table

# %% [markdown] tags=["lang-en"]
# ## E-government: EGDI rank and components over the survey editions

# %% [markdown] tags=["lang-zh"]
# ## 电子政务：历次调查中的 EGDI 排名与分项指数

# %%
egov = prof.egov_path(panel, country)
if egov["un_egov.egdi"].notna().any():
    path = egov.dropna(subset=["un_egov.egdi"])
    outputs.write_table(path, out, "egov_path")
    notebook.show(path, lang, decimals=3)
    components = path.melt(id_vars="year", value_vars=EGOV[:5], var_name="iso3").dropna()
    components["iso3"] = [i18n.indicator_label(i, lang, with_unit=False) for i in components["iso3"]]
    fig, ax = plots.line_trajectories(components, y="value", highlight=list(components["iso3"].unique()),
                                      lang=lang, ylabel=i18n.indicator_unit("un_egov.egdi", lang),
                                      title=text("egov"))
    plots.add_source_line(fig, source_line(panel[panel["indicator"].isin(EGOV)]))
    _ = plots.save_figure(fig, out, "egov_components")
    first, last = path.iloc[0], path.iloc[-1]
    text.say("egov_path", country=name, first=first["un_egov.egdi"], first_year=int(first["year"]),
                 first_rank=int(first["un_egov.rank"]), last=last["un_egov.egdi"], last_year=int(last["year"]),
                 last_rank=int(last["un_egov.rank"]))
    results["egov"] = path
else:
    no_data(text("egov"))

# %% [markdown] tags=["lang-en"]
# ## Governance (Worldwide Governance Indicators, estimates from about −2.5 to 2.5)

# %% [markdown] tags=["lang-zh"]
# ## 治理（全球治理指标，估计值约在 −2.5 至 2.5 之间）

# %%
governance = in_range[(in_range["iso3"] == country) & in_range["indicator"].isin(GOVERNANCE)]
if governance.empty:
    no_data(text("governance"))
else:
    governance_lines = governance.rename(columns={"iso3": "country", "indicator": "iso3"})
    governance_lines["iso3"] = [i18n.indicator_label(i, lang, with_unit=False) for i in governance_lines["iso3"]]
    fig, ax = plots.line_trajectories(governance_lines, y="value", highlight=list(governance_lines["iso3"].unique()),
                                      lang=lang, ylabel=i18n.indicator_unit("GE.EST", lang),
                                      title=text("governance"))
    plots.add_source_line(fig, source_line(governance))
    _ = plots.save_figure(fig, out, "governance")
    governance_table = prof.compare_latest(panel, country, peers, GOVERNANCE)
    outputs.write_table(governance_table, out, "governance_latest")
    notebook.show(governance_table, lang)
    results["governance"] = governance_table

# %% [markdown] tags=["lang-en"]
# ## Position in the cross-section: digital over- or under-achiever given income?
# Internet users regressed on log income per person across countries in the latest year the country has
# both (OLS); the residual says how far above or below the line the country sits.

# %% [markdown] tags=["lang-zh"]
# ## 横截面中的位置：按收入水平衡量，数字发展是超出还是落后于预期？
# 在该国两项数据齐备的最近一年，以跨国互联网用户比例对人均收入的对数做最小二乘回归；残差表示该国位于拟合线
# 之上或之下多远。

# %%
both = load_panel(["IT.NET.USER.ZS", "gapminder.income_per_person"])
position = prof.cross_section_position(both, country, "IT.NET.USER.ZS", "gapminder.income_per_person")
if position is None:
    no_data(text("position_title"))
else:
    datasets_used.update(both["source"].unique())
    text.say("position", country=name, year=position["year"],
                 digital=i18n.indicator_label("IT.NET.USER.ZS", lang, with_unit=False),
                 direction=i18n.t("above" if position["residual"] >= 0 else "below", lang),
                 residual=position["residual"], rank=position["rank"], n=position["n"])
    results["position"] = position

# %% [markdown] tags=["lang-en"]
# ## Modernization milestones
# Urban share crossing 20% and 50%; agricultural employment falling below 50% and 20%; internet users
# crossing 10% and 50%; fixed telephones crossing 10 per 100. A crossing before the data start or not yet
# reached is censored and shown as such — never given an invented date.

# %% [markdown] tags=["lang-zh"]
# ## 现代化里程碑
# 城镇人口比例越过 20% 与 50%；农业就业比例降至 50% 与 20% 以下；互联网用户比例越过 10% 与 50%；固定电话
# 越过每百人 10 部。发生在数据起始之前或尚未达到的跨越按删失处理并如实标注，绝不编造日期。

# %%
milestone_spec = {
    "urbanization": (prof.series_of(panel, country, "SP.URB.TOTL.IN.ZS"), [20, 50], "up"),
    "agricultural_modernization": (prof.series_of(panel, country, "SL.AGR.EMPL.ZS"), [50, 20], "down"),
    "informatization": (prof.series_of(panel, country, "IT.NET.USER.ZS"), [10, 50], "up"),
    "telephones": (prof.series_of(panel, country, "IT.MLT.MAIN.P2"), [10], "up"),
}
milestone_table = prof.milestones(milestone_spec)
if (milestone_table["status"] == "no_data").all():
    no_data(text("milestones"))
else:
    datasets_used.update(panel.loc[panel["indicator"].isin(MILESTONE_SERIES), "source"].unique())
    outputs.write_table(milestone_table, out, "milestones")
    notebook.show(milestone_table, lang)
results["milestones"] = milestone_table

# %% [markdown] tags=["lang-en"]
# ## Data gaps
# The share of years with a value for this country, among the years in which each indicator has any value.

# %% [markdown] tags=["lang-zh"]
# ## 数据缺口
# 在各指标有任何数值的年份中，该国有数据的年份所占比例。

# %%
gaps = cov.completeness(in_range, country)
outputs.write_table(gaps, out, "completeness")
notebook.show(gaps, lang)
results["completeness"] = gaps.set_index("indicator")["share_of_years"].to_dict()
_ = outputs.write_results(out, results, outputs.provenance(sorted(datasets_used)))

# %% keep_output=true
# NBVAL_CHECK_OUTPUT
notebook.key_results({k: results[k] for k in ("country", "peers", "sections", "position", "completeness") if k in results})

# %% [markdown] tags=["lang-en"]
# ## Caveats
# - Peers default to the same World Bank region and income group (the most populous first); comparisons
#   with them are descriptive, not causal.
# - Latest values come from different years for different indicators; the table shows each year.
# - The residual position depends on the income measure (Gapminder GDP per capita, PPP) and on which
#   countries report in that year.
# - Milestones use modern series (from 1960 or 1991); for earlier crossings see notebook 03, which splices
#   long-run history series.
#
# ## Try it yourself
# 1. `country = "IND"` with `peers = ["CHN", "BGD", "PAK"]`: how does India's internet curve compare?
# 2. `country = "Tuvalu"`: a small state with sparse data — which sections say "no data"?
# 3. `lang = "zh"` for a Chinese report.

# %% [markdown] tags=["lang-zh"]
# ## 注意事项
# - 同类国家默认取同一世界银行地区与收入组别中的国家（人口多者优先）；与它们的比较是描述性的，并非因果。
# - 各指标的最新值来自不同年份；表中列出了各自的年份。
# - 残差位置取决于收入的衡量方式（Gapminder 按购买力平价计的人均 GDP），也取决于当年有哪些国家报告数据。
# - 里程碑使用现代序列（始于 1960 年或 1991 年）；更早的跨越见笔记本 03，它拼接了长期历史序列。
#
# ## 动手试试
# 1. `country = "IND"`，`peers = ["CHN", "BGD", "PAK"]`：印度的互联网曲线与之相比如何？
# 2. `country = "Tuvalu"`：一个数据稀疏的小国——哪些部分显示“没有数据”？
# 3. `lang = "zh"` 即得中文报告。
