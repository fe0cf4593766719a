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
# # 01 · Digital development as a marker of modernization
#
# **Question.** Do countries that are further along in digital development also score higher on the usual
# yardsticks of modernization (income, human development, health, schooling, urbanization, a service
# economy)? And does digital development tell us anything about those outcomes that income does not already
# tell us?
#
# **Claim tested.** Claim (a) of the essay: *digital development is a marker of modernization* (<span lang="zh">数字化发展
# 是现代化的重要标志</span>). "Marker" is a descriptive claim: digital development should go together with
# modernization across countries. It is not a causal claim, and nothing below tests causation.
#
# **Data.** One cross-section (default 2022) of the processed panel: a digital indicator (default: individuals
# using the Internet, World Bank WDI; alternatives: fixed broadband and mobile subscriptions, UN EGDI),
# outcomes from UNDP HDR and WDI/Gapminder, and income per person (default: HDR GNI per capita, PPP). The
# sample is every economy in the country table that is not a regional or income aggregate (UN member states
# and territories) with the digital indicator and income in that year; optionally only some World Bank
# income groups.
#
# **Method.** Scatter plots with OLS lines. For each outcome, OLS with HC3 standard errors of the outcome on
# the digital indicator, then again with log income as a control, on the same countries: if the digital
# coefficient shrinks towards zero, the "marker" mostly restates income. A residual ranking (digital indicator
# on log income) shows who is digitally ahead of or behind its income level, and where China sits. Finally
# the coefficient for one headline outcome is re-estimated in every year with data.

# %% [markdown] tags=["lang-zh"]
# # 01 · 数字化发展是否为现代化的标志
#
# **研究问题。** 数字化发展程度较高的国家，在衡量现代化的常用指标（收入、人类发展、健康、教育、城镇化、
# 服务型经济）上是否也表现更好？在收入水平之外，数字化发展能否为这些结果提供额外的信息？
#
# **所检验的论断。** 文章的论断（a）：*数字化发展是现代化的重要标志*。“标志”是描述性论断，即在国家之间，
# 数字化发展应与现代化相伴而行；它并非因果论断，下文也不检验任何因果关系。
#
# **数据。** 处理后面板中的一个横截面（默认 2022 年）：一项数字化指标（默认为世界银行世界发展指标（WDI）
# 中的互联网用户占人口比例；亦可选固定宽带订阅数、移动电话订阅数或联合国电子政务发展指数（EGDI）），
# 来自联合国开发计划署《人类发展报告》（HDR）与 WDI、Gapminder 的结果变量，以及人均收入（默认为 HDR 的
# 按购买力平价计算的人均国民总收入）。样本为国家表中除地区汇总和收入组汇总以外、当年同时具有该数字化指标
# 和收入数据的全部经济体（联合国会员国及其他地区）；也可只选取世界银行的部分收入组别。
#
# **方法。** 绘制带 OLS 拟合线的散点图。对每个结果变量，先以数字化指标为解释变量作 OLS 回归（HC3 稳健
# 标准误），再在同一批国家上加入对数收入作为控制变量：如果数字化指标的系数向零收缩，所谓“标志”大体上只是
# 收入的另一种表述。以数字化指标对对数收入回归，按残差排序，可以看出哪些经济体的数字化程度高于或低于其
# 收入水平所预期的水平，以及中国所处的位置。最后，对一个核心结果变量，在每个有数据的年份重新估计该系数。

# %% tags=["parameters"]
lang: str = "en"  # report language: "en" or "zh"
output_dir: str = ""  # folder for figures, tables and results.json (empty: outputs/interactive/<notebook>)
year: int = 2022  # cross-section year
digital_indicator: str = "IT.NET.USER.ZS"  # one of IT.NET.USER.ZS, IT.NET.BBND.P2, IT.CEL.SETS.P2, un_egov.egdi
outcomes: list = ["hdr.gnipc", "hdr.hdi", "hdr.le", "SP.URB.TOTL.IN.ZS", "hdr.mys", "NV.SRV.TOTL.ZS"]  # codebook ids
headline_outcome: str = "hdr.hdi"  # one of the outcomes, drawn against the digital indicator
income_control: str = "hdr.gnipc"  # one of gapminder.income_per_person, hdr.gnipc, NY.GDP.PCAP.KD, maddison.gdppc
highlight: list = ["CHN", "USA", "IND"]  # economies labelled in the figures (ISO3 codes or names)
income_groups: list = []  # World Bank income groups to keep (empty: all)
min_obs_per_year: int = 30  # fewest economies a year needs in the year-by-year coefficients

# %%
import math
import textwrap

import pandas as pd

from helpers import i18n, notebook, outputs, params, plots, stats
from helpers.data import country_table, load_panel
from helpers.data.codebook import get_indicator

DIGITAL = ("IT.NET.USER.ZS", "IT.NET.BBND.P2", "IT.CEL.SETS.P2", "un_egov.egdi")
INCOME = ("gapminder.income_per_person", "hdr.gnipc", "NY.GDP.PCAP.KD", "maddison.gdppc")
BOUNDED = {"IT.NET.USER.ZS": 100, "un_egov.egdi": 1}  # digital indicators with a natural maximum
# Composite outcomes built partly from log GNI per capita (the HDI's income index is one of its three
# dimensions): "controlling for income" explains part of them by construction.
INCOME_COMPONENT = {"hdr.hdi"}
SIGNIFICANT = 0.05  # level of every test below, before and after adjusting for the number of outcomes

params.check_injected_parameters()  # papermill used directly: refuse misspelled names
lang = params.check_lang(lang)
digital_indicator = params.check_indicator("digital_indicator", digital_indicator, DIGITAL)
income_control = params.check_indicator("income_control", income_control, INCOME)
outcomes = params.check_indicators("outcomes", outcomes)
if not outcomes or digital_indicator in outcomes:
    raise params.ParameterError(
        f"outcomes must be a non-empty list without the digital indicator {digital_indicator!r}, "
        f"got {outcomes}"
    )
headline_outcome = params.check_indicator("headline_outcome", headline_outcome, outcomes)
if headline_outcome in INCOME:
    raise params.ParameterError(
        f"headline_outcome {headline_outcome!r} is an income measure, so 'controlling for income' is not "
        f"defined for it; choose another of {[o for o in outcomes if o not in INCOME]}"
    )
countries = country_table()
# China is always highlighted; the chosen countries follow.
highlight = list(dict.fromkeys(["CHN", *params.check_countries("highlight", highlight, countries)]))
params.check_type("income_groups", income_groups, (list, tuple))
group_choices = [g for g in i18n.INCOME_GROUPS if g in set(countries["income_group"].dropna())]
income_groups = [params.check_choice("income_groups entry", g, group_choices) for g in income_groups]
min_obs_per_year = params.check_type("min_obs_per_year", min_obs_per_year, int)
if min_obs_per_year < 10:
    raise params.ParameterError(f"min_obs_per_year must be at least 10, got {min_obs_per_year}")
digital_years = load_panel(digital_indicator)["year"]
year = params.check_year("year", year, int(digital_years.min()), int(digital_years.max()))
out = params.output_dir(output_dir, "01_digital_vs_modernization")
text = notebook.texts("01_digital_vs_modernization", lang)
plots.use_style(lang)

# %% [markdown] tags=["lang-en"]
# ## Data and sample
# Income outcomes and the income control are analysed in natural logs (a 10 % income difference means the
# same at every level); their axis labels say "log …". All other variables keep their units.

# %% [markdown] tags=["lang-zh"]
# ## 数据与样本
# 收入类结果变量和收入控制变量均取自然对数进行分析（这样，收入相差 10% 在任何收入水平上含义相同），其坐标轴
# 标签注明“对数”。其余变量保留原有单位。

# %%
variables = list(dict.fromkeys([digital_indicator, income_control, *outcomes]))
tidy = load_panel(variables)
datasets = sorted(tidy["source"].unique())
economies = countries.loc[~countries["is_aggregate"]]
if income_groups:
    economies = economies[economies["income_group"].isin(income_groups)]
logged = [v for v in variables if v in INCOME]
panel = tidy.pivot(index=["iso3", "year"], columns="indicator", values="value").reset_index()
panel = panel.reindex(columns=["iso3", "year", *variables])  # an indicator without any value stays a column
panel = stats.log_columns(panel, logged)
panel = panel.merge(economies[["iso3", "region", "income_group", "un_member"]], on="iso3")
log_income = f"log {income_control}"
column = {o: f"log {o}" if o in INCOME else o for o in outcomes}


# %%
def label(name: str, with_unit: bool = True) -> str:
    """Axis/table label of a variable; logged variables read "log …"."""
    if not name.startswith("log "):
        return i18n.indicator_label(name, lang, with_unit=with_unit)
    short = i18n.indicator_label(name[4:], lang, with_unit=False)
    if not with_unit:
        return text("log_name", name=short)
    return text("log_label", name=short, unit=unit(name))


def unit(name: str) -> str:
    """The unit of a variable in ``lang``; logged variables read "log (…)"."""
    shown = i18n.unit_label(get_indicator(name.removeprefix("log ")).unit, lang)
    return text("log_unit", unit=shown) if name.startswith("log ") else shown


# %%
usable = panel.dropna(subset=[digital_indicator, log_income])
counts = usable.groupby("year").size()
enough = [int(y) for y in counts[counts >= min_obs_per_year].index]
sample = usable[usable["year"] == year].reset_index(drop=True)
if len(sample) < min_obs_per_year:
    raise params.ParameterError(
        f"year {year}: only {len(sample)} economies have both {digital_indicator} and {income_control} "
        f"(min_obs_per_year={min_obs_per_year}); years with enough: {enough}"
    )
for outcome in outcomes:
    n_outcome = int(sample[column[outcome]].notna().sum())
    if n_outcome < min_obs_per_year:
        years_outcome = sorted(tidy.loc[tidy["indicator"] == outcome, "year"].unique())
        raise params.ParameterError(
            f"outcome {outcome!r} has only {n_outcome} economies in the {year} sample (min_obs_per_year="
            f"{min_obs_per_year}); it has data in {years_outcome[0] if years_outcome else '-'}–"
            f"{years_outcome[-1] if years_outcome else '-'}. Choose another year or drop it from outcomes."
        )
name_sep, list_sep = text("name_sep"), text("list_sep")
text.say(
    "sample", n=len(sample), x=label(digital_indicator, False),
    income=label(income_control, False), year=year, n_members=int(sample["un_member"].sum()),
    n_other=int((~sample["un_member"]).sum()),
    groups=text("some_groups", groups=name_sep.join(i18n.t(g, lang) for g in income_groups))
    if income_groups else text("all_groups"),
    logged=name_sep.join(label(f"log {v}", False) for v in logged),
)
missing_highlights = [code for code in highlight if code not in set(sample["iso3"])]
if missing_highlights:
    missing_names = name_sep.join(i18n.country_name(c, lang, countries) for c in missing_highlights)
    if income_groups:
        text.say("missing_highlight_groups", year=year, x=label(digital_indicator, False), names=missing_names)
    else:
        text.say("missing_highlight", year=year, x=label(digital_indicator, False), names=missing_names)

# %% [markdown] tags=["lang-en"]
# ## Outcomes against digital development
# One panel per outcome, every economy a dot coloured by World Bank region; the dashed line is the OLS fit
# (a visual guide: the regressions below give the estimates with standard errors).

# %% [markdown] tags=["lang-zh"]
# ## 各项发展结果与数字化发展
# 每个结果变量一幅分图，每个点代表一个经济体，按世界银行地区着色；虚线为 OLS 拟合线（仅作直观参考，估计值
# 及其标准误见下文回归结果）。

# %%
ys = [column[o] for o in outcomes]
fig, axes = plots.scatter_grid(
    sample, digital_indicator, ys, highlight=highlight, lang=lang, countries=countries,
    xlabel=label(digital_indicator), ylabels=[unit(y) for y in ys],
    titles=[textwrap.fill(label(y, False), 36) for y in ys],
    title=text("scatter_title", x=label(digital_indicator, False), year=year),
)
plots.add_source_line(fig, notebook.source_line(lang, [digital_indicator, *outcomes]))
_ = plots.save_figure(fig, out, "outcomes_vs_digital")

# %% [markdown] tags=["lang-en"]
# ## With and without income
# For each outcome: (1) OLS of the outcome on the digital indicator; (2) the same with log income added, on
# the same economies. Standard errors are HC3 (robust to heteroskedasticity); stars mark p < 0.10, 0.05,
# 0.01. Income outcomes get only column (1): controlling an income measure for income says nothing.

# %% [markdown] tags=["lang-zh"]
# ## 控制收入与不控制收入
# 对每个结果变量：（1）以结果变量对数字化指标作 OLS 回归；（2）在同一批经济体上加入对数收入后再回归。标准误
# 为 HC3 异方差稳健标准误；星号分别表示 p < 0.10、0.05、0.01。收入类结果变量只报告第（1）列：用收入去控制
# 收入指标本身，没有任何意义。

# %%
fits = {}
for outcome in outcomes:
    if outcome in INCOME:
        fits[outcome] = (stats.ols_hc3(sample, column[outcome], digital_indicator), None)
    else:
        fits[outcome] = stats.ols_with_and_without(sample, column[outcome], digital_indicator, [log_income])
models, header = [], []
for outcome, (simple, controlled) in fits.items():
    for result, with_income in ((simple, False), (controlled, True)):
        if result is not None:
            models.append(result)
            control = text("yes") if with_income else text("no")
            header.append((label(column[outcome], False), control))
terms = [digital_indicator, log_income]
regression_table = stats.results_table(models, terms, digits=4).drop(index=["Entities", "Within R²", "Model"])
row_labels = {digital_indicator: label(digital_indicator, False), log_income: label(log_income, False),
              "N": i18n.t("n_obs", lang), "R²": i18n.t("r2", lang), "SE": text("se_type")}
regression_table.index = [row_labels.get(r, "") for r in regression_table.index]  # "(se)" rows: no label
top_rows = pd.DataFrame(
    [[h[0] for h in header], [h[1] for h in header]], columns=regression_table.columns,
    index=[i18n.t("dependent_variable", lang), text("income_control")],
)
regression_table = pd.concat([top_rows, regression_table]).rename_axis("").reset_index()
outputs.write_table(regression_table, out, "regressions", latex=True)
outputs.write_table(stats.results_table_numeric(models, terms), out, "regressions_numeric")
notebook.show(regression_table, lang)

# %%
summary_rows = []
for outcome, (simple, controlled) in fits.items():
    summary_rows.append({
        "outcome": column[outcome],
        "coef_simple": simple.params[digital_indicator],
        "p_simple": simple.pvalues[digital_indicator],
        "r2_simple": simple.r2,
        "coef_controlled": controlled.params[digital_indicator] if controlled else math.nan,
        "p_controlled": controlled.pvalues[digital_indicator] if controlled else math.nan,
        "r2_controlled": controlled.r2 if controlled else math.nan,
        "change_pct": stats.coefficient_change(simple, controlled, digital_indicator) if controlled else math.nan,
        "n_obs": simple.nobs,
    })
coefficient_summary = pd.DataFrame(summary_rows)
outputs.write_table(coefficient_summary, out, "digital_coefficient_summary")
headers = {
    "outcome": text("outcome"), "coef_simple": text("coef_simple"), "p_simple": text("p_simple"),
    "r2_simple": text("r2_simple"), "coef_controlled": text("coef_controlled"),
    "p_controlled": text("p_controlled"), "r2_controlled": text("r2_controlled"), "change_pct": text("change_pct"),
}
shown = coefficient_summary.assign(outcome=[label(c, False) for c in coefficient_summary["outcome"]])
# Coefficients are per unit of the digital indicator (e.g. per percentage point of internet use): 4 decimals.
decimals = {"coef_simple": 4, "coef_controlled": 4, "p_simple": 3, "p_controlled": 3, "r2_simple": 2,
            "r2_controlled": 2, "change_pct": 1}
notebook.show(shown.rename(columns=headers), lang, decimals={headers[c]: d for c, d in decimals.items()})

# %% [markdown] tags=["lang-en"]
# ## How much is "beyond income"?
# Three things limit what the controlled coefficients can say. (1) The digital indicator and log income
# move together across countries; when they correlate closely, the coefficient "given income" is estimated
# from the small part of the digital indicator that income does not predict. (2) The Human Development
# Index contains log GNI per capita (its income index is one of its three dimensions), so part of its fit
# with an income control is built in; outcomes without an income component (life expectancy, schooling,
# urbanization, the service share) are listed apart from it. (3) Several outcomes are tested at once: with
# five tests at the 5 % level, the chance that at least one passes by luck is well above 5 %. The table
# gives each outcome's raw p-value of the digital coefficient with income controlled and the p-values
# adjusted for the whole family of non-income outcomes (Holm's step-down method, and the stricter
# Bonferroni correction); "passes" means a positive coefficient with p < 0.05.

# %% [markdown] tags=["lang-zh"]
# ## “收入之外”的信息究竟有多少？
# 有三点限制了控制收入后的系数所能说明的问题。（1）数字化指标与对数收入在国家之间高度同步；二者相关性越高，
# “控制收入后”的系数就越是只依靠数字化指标中无法由收入预测的那一小部分变异来估计。（2）人类发展指数本身包含
# 对数人均国民总收入（收入指数是其三个维度之一），因此在控制收入时，它的拟合优度有一部分是由构造决定的；不含
# 收入成分的结果变量（预期寿命、受教育年限、城镇化、服务业占比）与之分开列出。（3）同时检验多个结果变量：在 5%
# 水平上做五次检验，至少有一次仅凭偶然通过的概率远高于 5%。下表给出控制收入后数字化系数的原始 p 值，以及在全部
# 非收入类结果变量这一检验族内调整后的 p 值（Holm 逐步法，以及更严格的 Bonferroni 校正）；“通过”指系数为正且
# p < 0.05。

# %%
collinearity = stats.pearson_correlation(sample, digital_indicator, log_income)
family = coefficient_summary.dropna(subset=["p_controlled"]).reset_index(drop=True)
family = family.assign(
    income_component=[o.removeprefix("log ") in INCOME_COMPONENT for o in family["outcome"]],
    p_holm=stats.holm(family["p_controlled"]).to_numpy(),
    p_bonferroni=stats.bonferroni(family["p_controlled"]).to_numpy(),
)
for method, pvalues in (("raw", "p_controlled"), ("holm", "p_holm"), ("bonferroni", "p_bonferroni")):
    family[f"pass_{method}"] = (family["coef_controlled"] > 0) & (family[pvalues] < SIGNIFICANT)
family = family.sort_values("income_component", kind="mergesort")  # outcomes without an income part first
outputs.write_table(family, out, "multiple_testing")

# %%
family_headers = {
    "outcome": text("col_outcome"), "income_component": text("col_income_component"),
    "coef_controlled": text("col_coef_controlled"), "p_controlled": text("col_p_controlled"),
    "p_holm": text("col_p_holm"), "p_bonferroni": text("col_p_bonferroni"), "pass_raw": text("col_pass_raw"),
    "pass_holm": text("col_pass_holm"), "pass_bonferroni": text("col_pass_bonferroni"),
}
family_columns = list(family_headers)
shown = family[family_columns].assign(outcome=[label(c, False) for c in family["outcome"]])
# p-values with 4 decimals: an adjusted 0.0498 passes at 0.05 and must not print as 0.050.
notebook.show(shown.rename(columns=family_headers), lang,
              decimals={family_headers[c]: 4 for c in ("coef_controlled", "p_controlled", "p_holm", "p_bonferroni")})

# %%
clean = family[~family["income_component"]]
counts = {f"k_{m}": int(family[f"pass_{m}"].sum()) for m in ("raw", "holm", "bonferroni")}
counts |= {f"clean_{m}": int(clean[f"pass_{m}"].sum()) for m in ("raw", "holm", "bonferroni")}
counts |= {"m": len(family), "m_clean": len(clean)}
text.say("collinearity", year=year, x=label(digital_indicator, False), income=label(log_income, False),
         r=collinearity["r"], lo=collinearity["ci_low"], hi=collinearity["ci_high"], n=collinearity["nobs"],
         shared=collinearity["shared_variance"], rest=1 - collinearity["shared_variance"])
built_in = family.loc[family["income_component"], "outcome"]
if not built_in.empty:
    text.say("mechanical", names=name_sep.join(label(o, False) for o in built_in))
text.say("family_counts", **counts, names=name_sep.join(label(o, False) for o in clean["outcome"]) or text("none"))
narrow = family[family["pass_holm"] & ~family["pass_bonferroni"]]
if not narrow.empty:
    text.say("holm_not_bonferroni", items=list_sep.join(
        text("p_item", name=label(o, False), p=p) for o, p in zip(narrow["outcome"], narrow["p_holm"], strict=True)))

# %% [markdown] tags=["lang-en"]
# ## Digital over- and under-achievers, given income
# The digital indicator regressed on log income; the residual is how far an economy's digital development is
# above (+) or below (−) what its income predicts. The standardized residual divides by the residual
# standard deviation (allowing for leverage). Rank 1 is the largest over-achiever.

# %% [markdown] tags=["lang-zh"]
# ## 按收入水平衡量的数字化超预期者与低于预期者
# 以数字化指标对对数收入回归，残差表示一个经济体的数字化发展高于（+）或低于（−）其收入水平预测值的程度。
# 标准化残差为残差除以残差标准差（已考虑杠杆值）。排名第 1 者超出预期最多。

# %%
ranking = stats.residual_ranking(sample, digital_indicator, log_income)
ranking_model = stats.ols_hc3(sample, digital_indicator, log_income)
positions = {code: stats.rank_position(ranking, code) for code in highlight}
fig, ax = plots.scatter_with_fit(
    sample, income_control, digital_indicator, highlight=highlight, logx=True, lang=lang, countries=countries,
    xlabel=text("log_scale", label=label(income_control)), ylabel=label(digital_indicator),
    title=text("income_title", y=label(digital_indicator, False), x=label(income_control, False), year=year),
)
plots.add_source_line(fig, notebook.source_line(lang, [digital_indicator, income_control]))
_ = plots.save_figure(fig, out, "digital_vs_income")

# %%
ranked = ranking.merge(sample[["iso3", income_control, "region", "income_group"]], on="iso3")
ranked["country"] = [i18n.country_name(c, lang, countries) for c in ranked["iso3"]]
ranked["group"] = ""
ranked.loc[ranked["rank"] <= 10, "group"] = "over_achiever"
ranked.loc[ranked["rank"] > len(ranked) - 10, "group"] = "under_achiever"
ranked.loc[ranked["iso3"].isin(highlight) & (ranked["group"] == ""), "group"] = "nb01_highlighted"
columns = ["group", "rank", "iso3", "country", "region", "income_group", digital_indicator, income_control,
           "fitted", "residual", "std_residual"]
outputs.write_table(ranked[columns], out, "digital_residual_ranking")
outputs.write_table(ranked.loc[ranked["group"] != "", columns], out, "digital_residual_ranking_top_bottom")
shown = ranked.loc[ranked["group"] != "", columns].drop(columns="iso3")
shown["group"] = shown["group"].replace({"nb01_highlighted": text("highlighted")})
headers = {"group": text("group"), "fitted": text("predicted"), "std_residual": text("std_residual"),
           digital_indicator: label(digital_indicator), income_control: label(income_control)}
x_decimals = 3 if digital_indicator == "un_egov.egdi" else 1  # the EGDI is an index 0–1, the others are rates
decimals = {digital_indicator: x_decimals, income_control: 0, "fitted": x_decimals, "residual": x_decimals,
            "std_residual": 2}
notebook.show(shown.rename(columns=headers), lang, decimals={headers.get(c, c): d for c, d in decimals.items()})

# %% [markdown] tags=["lang-en"]
# ## The association year by year
# The headline outcome on the digital indicator, estimated separately in every year with at least
# `min_obs_per_year` economies, with and without log income (same economies in both). The spread of digital
# indicators across countries changes enormously over time (almost no one was online in 1995), so the plot
# shows the coefficient per one cross-country standard deviation of the digital indicator in that year; the
# coefficients in the indicator's own units are in the CSV.

# %% [markdown] tags=["lang-zh"]
# ## 逐年的关联
# 在每个至少有 `min_obs_per_year` 个经济体的年份，分别以核心结果变量对数字化指标回归，并比较控制与不控制
# 对数收入两种设定（两者使用同一批经济体）。数字化指标在各国间的离散程度随时间变化极大（1995 年几乎没有人
# 上网），因此图中显示的是数字化指标每高出当年一个跨国标准差所对应的系数；以指标原始单位计的系数见 CSV 文件。

# %%
headline = column[headline_outcome]
over_time = panel.dropna(subset=[headline, digital_indicator, log_income]).copy()
z_column = f"{digital_indicator} (z)"
over_time[z_column] = stats.standardize_within(over_time, digital_indicator, "year")
parts = []
for scale, x in (("per_sd", z_column), ("raw", digital_indicator)):
    for with_income, controls in ((False, []), (True, [log_income])):
        estimates = stats.coefficient_by_year(over_time, headline, x, controls, min_obs=min_obs_per_year)
        parts.append(estimates.assign(scale=scale, income_control=with_income))
omitted_years = estimates.attrs["omitted_years"]
by_year = pd.concat(parts, ignore_index=True)
outputs.write_table(by_year, out, "coefficient_by_year")
per_sd = by_year[by_year["scale"] == "per_sd"].copy()
per_sd["specification"] = [text("with_income") if w else text("without_income") for w in per_sd["income_control"]]
fig, ax = plots.coef_over_time(
    per_sd, group="specification", lang=lang,
    ylabel=text("coef_ylabel", x=label(digital_indicator, False)),
    title=text("coef_title", y=label(headline, False), x=label(digital_indicator, False)),
)
plots.add_source_line(fig, notebook.source_line(lang, [digital_indicator, income_control, headline_outcome]))
_ = plots.save_figure(fig, out, "coefficient_by_year")


# %%
def coefficient_record(result, term=digital_indicator):
    if result is None:
        return None
    row = result.to_row(term)
    record = {k: row[k] for k in ("coef", "se", "pvalue", "ci_low", "ci_high", "nobs", "r2")}
    if log_income in result.params:
        record.update(income_coef=result.params[log_income], income_se=result.std_errors[log_income],
                      income_pvalue=result.pvalues[log_income])
    return record


def by_year_records(scale, with_income):
    part = by_year[(by_year["scale"] == scale) & (by_year["income_control"] == with_income)]
    return part.drop(columns=["scale", "income_control"]).to_dict(orient="records")


results = {
    "parameters": {
        "year": year, "digital_indicator": digital_indicator, "outcomes": outcomes,
        "headline_outcome": headline_outcome, "income_control": income_control, "highlight": highlight,
        "income_groups": income_groups, "min_obs_per_year": min_obs_per_year,
    },
    "sample": {
        "year": year, "n_economies": len(sample), "n_un_members": int(sample["un_member"].sum()),
        "iso3": sorted(sample["iso3"]), "missing_highlights": missing_highlights,
    },
    "log_transformed": logged,
    "outcomes": {
        outcome: {
            "dependent": column[outcome],
            "simple": coefficient_record(simple),
            "controlled": coefficient_record(controlled),
            "change_pct": (
                stats.coefficient_change(simple, controlled, digital_indicator) if controlled else None
            ),
        }
        for outcome, (simple, controlled) in fits.items()
    },
    "beyond_income": {
        "correlation_with_log_income": collinearity,
        "income_component": sorted(INCOME_COMPONENT & set(outcomes)),
        "tests": family[["outcome", *family_columns[1:]]].to_dict(orient="records"),
        "counts": counts,
    },
    "residual_ranking": {
        "model": coefficient_record(ranking_model, log_income),
        "china": positions["CHN"],
        "highlights": positions,
        "top10": ranking.head(10)["iso3"].tolist(),
        "bottom10": ranking.tail(10)["iso3"].tolist(),
    },
    "coefficient_by_year": {
        "outcome": headline_outcome,
        "per_sd": {
            "without_income": by_year_records("per_sd", False),
            "with_income": by_year_records("per_sd", True),
        },
        "raw": {
            "without_income": by_year_records("raw", False), "with_income": by_year_records("raw", True),
        },
        "omitted_years": omitted_years,
    },
}
_ = outputs.write_results(out, results, outputs.provenance(datasets))

# %% keep_output=true
# NBVAL_CHECK_OUTPUT
notebook.key_results({key: results[key] for key in ("sample", "outcomes", "beyond_income", "residual_ranking")})

# %% [markdown] tags=["lang-en"]
# ## What the data say

# %% [markdown] tags=["lang-zh"]
# ## 数据结论

# %%
def positive_significant(result):
    if result is None:
        return False
    return result.params[digital_indicator] > 0 and result.pvalues[digital_indicator] < SIGNIFICANT


controlled_fits = {o: fit for o, fit in fits.items() if fit[1] is not None}
n_sig = sum(positive_significant(simple) for simple, _ in fits.values())
sig_ctrl = [o for o, (_, controlled) in controlled_fits.items() if positive_significant(controlled)]
changes = [stats.coefficient_change(s, c, digital_indicator) for s, c in controlled_fits.values()]
r2s = [simple.r2 for simple, _ in fits.values()]
median_change = pd.Series(changes, dtype=float).median()
text.say(
    "overall", year=year, x=label(digital_indicator, False), n_sig=n_sig, n=len(fits),
    r2_min=min(r2s), r2_max=max(r2s), n_sig_ctrl=len(sig_ctrl), n_ctrl=len(controlled_fits),
    list_sig=name_sep.join(label(column[o], False) for o in sig_ctrl) or text("none"),
    list_not=name_sep.join(label(column[o], False) for o in controlled_fits if o not in sig_ctrl) or text("none"),
    median_change=median_change,
)

# %%
simple, controlled = fits[headline_outcome]
spread = float(sample.dropna(subset=[headline])[digital_indicator].std())
change = stats.coefficient_change(simple, controlled, digital_indicator)
same_sign = (simple.params[digital_indicator] > 0) == (controlled.params[digital_indicator] > 0)
if not same_sign:
    change_text = text("flips")
elif change < 0:
    change_text = text("shrinks", pct=abs(change))
else:
    change_text = text("grows", pct=abs(change))
was, now = (r.pvalues[digital_indicator] < SIGNIFICANT for r in (simple, controlled))
significance = {(True, True): text("sig_remains"), (True, False): text("sig_lost"),
                (False, True): text("sig_gained"), (False, False): text("sig_never")}[(was, now)]
p_controlled = controlled.pvalues[digital_indicator]
text.say(
    "headline", y=label(headline, False), x=label(digital_indicator, False), sd=spread,
    unit=i18n.unit_label(get_indicator(digital_indicator).unit, lang),
    b=simple.params[digital_indicator] * spread,
    lo=simple.conf_int[digital_indicator][0] * spread,
    hi=simple.conf_int[digital_indicator][1] * spread,
    bc=controlled.params[digital_indicator] * spread,
    loc=controlled.conf_int[digital_indicator][0] * spread,
    hic=controlled.conf_int[digital_indicator][1] * spread,
    p=stats.p_value_text(p_controlled),
    change=change_text, significance=significance,
)

# %%
china = positions["CHN"]
if china is None:
    text.say("china_absent", country=i18n.country_name("CHN", lang, countries), x=label(digital_indicator, False),
             year=year)
else:
    value = float(sample.loc[sample["iso3"] == "CHN", digital_indicator].iloc[0])
    text.say(
        "china_rank", country=i18n.country_name("CHN", lang, countries), x=label(digital_indicator, False),
        value=value, fitted=china["fitted"], gap=abs(china["residual"]),
        direction=text("above") if china["residual"] >= 0 else text("below"),
        std=china["std_residual"], rank=china["rank"], n=china["n"], share=china["percentile"],
    )
others = [code for code in highlight if code != "CHN" and positions[code] is not None]
items = [
    text("rank_item", country=i18n.country_name(c, lang, countries), rank=positions[c]["rank"],
         std=positions[c]["std_residual"])
    for c in others
]
if items:
    text.say("other_ranks", items=list_sep.join(items))

# %%
with_income = per_sd[per_sd["income_control"]]
without_income = per_sd[~per_sd["income_control"]]


def n_positive_significant(table):
    return int(((table["coef"] > 0) & (table["pvalue"] < SIGNIFICANT)).sum())


text.say(
    "time", first=int(per_sd["year"].min()), last=int(per_sd["year"].max()), n_years=len(with_income),
    y=label(headline, False), x=label(digital_indicator, False), n_sig=n_positive_significant(without_income),
    n_sig_ctrl=n_positive_significant(with_income), min_c=with_income["coef"].min(),
    max_c=with_income["coef"].max(),
)
if omitted_years:
    text.say("omitted", min_obs=min_obs_per_year, years=name_sep.join(str(y) for y in omitted_years))

# %%
# "Beyond income" is judged after Holm's adjustment, on the outcomes without a built-in income part (all
# tested outcomes when every one has such a part).
k, n_basis = (counts["clean_holm"], counts["m_clean"]) if counts["m_clean"] else (counts["k_holm"], counts["m"])
verdict_values = {"x": label(digital_indicator, False), "k": k, "n_basis": n_basis, "k_raw": counts["k_raw"],
                  "k_holm": counts["k_holm"], "k_bonferroni": counts["k_bonferroni"], "m": counts["m"],
                  "median_change": median_change}
if collinearity["shared_variance"] > 0.5:  # income accounts for most of the digital indicator's variance
    text.say("thin_margin", x=label(digital_indicator, False), r=collinearity["r"],
             shared=collinearity["shared_variance"])
if n_sig <= len(fits) / 2:  # a marker should go with most outcomes
    text.say("verdict_none", x=label(digital_indicator, False), n_sig=n_sig, n=len(fits))
elif k > n_basis / 2:
    text.say("verdict_beyond", **verdict_values)
else:
    text.say("verdict_income", **verdict_values)

# %% [markdown] tags=["lang-en"]
# ## Caveats
# - A marker is not a cause. The regressions describe which countries have what; they cannot say whether
#   digital development raises income or human development, whether richer, healthier, better-schooled and
#   more urban societies adopt digital technology faster, or (most likely) both. Digital adoption and income
#   are jointly determined, so "controlling for income" is itself a descriptive split, not an experiment.
# - Sample composition: one year, the economies with both the digital indicator and income that year
#   (small states and conflict countries are missing more often); income groups are the World Bank's current
#   classification, not the one of the year analysed. Results can change with the year and the groups.
# - Data vintages: HDR 2023/24, WDI 2024 and Gapminder releases end in different years (HDR in 2022,
#   Gapminder's long income series in 2019), and publishers revise back-years.
# - Measurement: internet users is an ITU/World Bank estimate, often modelled rather than surveyed; the
#   subscription series count SIM cards and contracts, not people (mobile subscriptions exceed 100 per 100
#   people); the EGDI is a composite that itself contains telecommunication and human-capital components.
# - A straight line is a simplification: the digital indicator saturates at the top (see below), and the
#   outcomes are bounded (HDI, shares).

# %% [markdown] tags=["lang-zh"]
# ## 注意事项
# - 标志不等于原因。回归只描述了哪些国家具备哪些特征，无法回答是数字化发展提高了收入或人类发展水平，还是
#   更富裕、更健康、受教育程度更高、城镇化程度更高的社会更快地采用数字技术，抑或（最有可能）二者兼而有之。
#   数字技术的普及与收入是共同决定的，因此“控制收入”本身也只是一种描述性的分解，而非实验。
# - 样本构成：只取一个年份，且仅包括当年同时具有数字化指标和收入数据的经济体（小国和冲突国家更常缺失）；
#   收入组别采用世界银行当前的分类，而非所分析年份的分类。结果可能随所选年份和收入组别而变化。
# - 数据版本：《人类发展报告》2023/24、WDI 2024 与 Gapminder 各版本的截止年份不同（HDR 截至 2022 年，
#   Gapminder 的长期收入序列截至 2019 年），且发布机构会修订以往年份的数据。
# - 测量问题：互联网用户比例是国际电信联盟与世界银行的估计值，往往来自模型推算而非调查；订阅数序列统计的
#   是 SIM 卡和合约数而非人数（移动电话订阅数可超过每百人 100 部）；EGDI 是综合指数，本身就包含电信基础
#   设施和人力资本分项。
# - 直线只是一种简化：数字化指标在高端趋于饱和（见下文），而结果变量也有上下界（如人类发展指数和各类比例）。

# %%
bound = BOUNDED.get(digital_indicator)
over_bound = int((ranking["fitted"] > bound).sum()) if bound is not None else 0
if over_bound:
    text.say("ceiling", n=over_bound, n_all=len(ranking), x=label(digital_indicator, False), max=bound)

# %% [markdown] tags=["lang-en"]
# ## Try it yourself
# 1. Set `digital_indicator = "un_egov.egdi"` (the UN E-Government Development Index, the essay's "digital
#    government"): is it more or less informative than internet use once income is controlled?
# 2. Set `income_groups = ["Low income", "Lower middle income"]`: does the marker hold among poorer countries
#    only, where digital adoption varies most?
# 3. Set `year = 2010` (or `income_control = "gapminder.income_per_person"` with `year = 2019`) and compare
#    China's residual rank and the coefficient table with today's.

# %% [markdown] tags=["lang-zh"]
# ## 动手试试
# 1. 设定 `digital_indicator = "un_egov.egdi"`（联合国电子政务发展指数，对应文章所说的“数字政府”）：控制
#    收入之后，它比互联网使用率提供的信息更多还是更少？
# 2. 设定 `income_groups = ["Low income", "Lower middle income"]`：只看数字技术普及差异最大的较贫穷国家，
#    “标志”的说法是否依然成立？
# 3. 设定 `year = 2010`（或设定 `income_control = "gapminder.income_per_person"` 并取 `year = 2019`），
#    将中国的残差排名和系数表与当前结果比较。
