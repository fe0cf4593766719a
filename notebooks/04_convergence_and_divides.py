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
# # 04 · Convergence and divides: do latecomers catch up?
#
# **Question.** Do the digital gaps between countries close, can late adopters skip a technology, and how
# has China's e-government standing evolved against its peers?
#
# **Claims tested.** The essay argues that (c) latecomers can *leapfrog* (<span lang="zh">后发优势</span>, "skip stages" with new
# technology), (d) digital divides between countries are closing, and (e) China's digital government has
# risen fast (its climb in the UN E-Government Development Index, EGDI).
#
# **Data.** Internet use (World Bank WDI, mostly ITU estimates), mobile and fixed telephone subscriptions and
# income per person (Gapminder), the UN E-Government Survey 2003–2024 (EGDI, its rank and its four
# components), the World Bank GovTech Maturity Index (GTMI 2020, 2022, 2025) and the ITU ICT Development Index
# (IDI 2023–2025).
#
# **Method.** (1) σ-convergence: the spread across economies per year, *relative* (standard deviation of
# logit shares, or of logs for other indicators) and *absolute* (gap between the 90th and 10th percentile in
# the indicator's unit). (2) β-convergence: average annual growth regressed on the initial level (HC3
# standard errors), with the implied half-life of the gap. (3) Leapfrogging: for each economy, when mobile
# and fixed telephony passed fixed thresholds and at what income, with censoring made explicit. (4) Speed of
# late starters: years from 10 % to 50 % internet use, compared across start cohorts with a fixed follow-up
# window so that slow recent starters are not silently dropped. (5) E-government: EGDI, rank and components
# for the chosen country and its peers, group averages, the spread of EGDI per edition, GTMI and IDI.

# %% [markdown] tags=["lang-zh"]
# # 04 · 收敛与鸿沟：后来者能否赶上？
#
# **研究问题。** 国家之间的数字差距是否在缩小？后来者能否跳过某一代技术？与同类国家相比，中国的电子政务地位
# 如何演变？
#
# **所检验的论断。** 文章认为：（c）后来者可以借助新技术发挥后发优势，实现“蛙跳”（跨越式发展）；（d）国家
# 之间的数字鸿沟正在缩小；（e）中国数字政府建设进步很快（体现为其在联合国电子政务发展指数（EGDI）中的排名
# 上升）。
#
# **数据。** 互联网使用率（世界银行世界发展指标（WDI），主要为国际电信联盟（ITU）的估计）；移动电话和固定
# 电话订阅数以及人均收入（Gapminder）；2003—2024年各期联合国电子政务调查（EGDI 及其排名和四个分项）；世界
# 银行政府科技成熟度指数（GTMI，2020、2022、2025年）；国际电信联盟 ICT发展指数（IDI，2023—2025年）。
#
# **方法。** （1）σ收敛：每年各经济体之间的离散程度，分为*相对*差距（份额取 logit、其他指标取对数后的标准差）
# 和*绝对*差距（以指标原单位计的第90与第10百分位之差）。（2）β收敛：将年均增长对初始水平回归（HC3 稳健标准误），
# 并给出差距的隐含半衰期。（3）蛙跳：对每个经济体，确定移动电话和固定电话越过固定门槛的时间及当时的收入，并
# 明确标出删失。（4）后起者的普及速度：互联网使用率从10%升至50%所用的年数，按起步队列比较，并采用固定的追踪
# 窗口，以免近年起步而进展缓慢的经济体被悄然剔除。（5）电子政务：所选国家及对照国家的 EGDI、排名和分项，
# 分组平均值，每期 EGDI 的离散程度，以及 GTMI 和 IDI。

# %% tags=["parameters"]
lang: str = "en"  # report language: "en" or "zh"
output_dir: str = ""  # folder for figures, tables and results.json (empty: outputs/interactive/<notebook>)
indicator: str = "IT.NET.USER.ZS"  # the divide studied (see CONVERGENCE_INDICATORS in the notebook)
start_year: int = 2000  # first year (1990-2024)
end_year: int = 2022  # last year (1990-2024)
groups: str = "region"  # "region" or "income_group"
country: str = "CHN"  # economy followed in the leapfrogging and e-government sections
peers: list = ["IND", "BRA", "RUS", "ZAF", "USA"]  # economies compared with it

# %%
import math

import matplotlib.pyplot as plt
import pandas as pd

from helpers import i18n, notebook, outputs, params, plots, stats
from helpers.data import POPULATION_INDICATORS, country_table, datasets_read, get_indicator, load_panel

#: Indicators whose convergence can be studied here: shares (logit scale) and positive levels (log scale).
CONVERGENCE_INDICATORS = [
    "IT.NET.USER.ZS",
    "IT.CEL.SETS.P2",
    "IT.NET.BBND.P2",
    "IT.MLT.MAIN.P2",
    "SP.URB.TOTL.IN.ZS",
    "un_egov.egdi",
    "un_egov.osi",
    "un_egov.tii",
    "un_egov.hci",
    "hdr.hdi",
    "gapminder.income_per_person",
]
params.check_injected_parameters()  # papermill used directly: refuse misspelled names
lang = params.check_lang(lang)
indicator = params.check_indicator("indicator", indicator, CONVERGENCE_INDICATORS)
start_year, end_year = params.check_year_range("start_year, end_year", start_year, end_year, 1990, 2024)
if end_year - start_year < 5:
    raise params.ParameterError(
        f"start_year, end_year: {start_year}–{end_year} is too short to measure convergence; "
        "use a window of at least 5 years, e.g. start_year=2000, end_year=2022"
    )
groups = params.check_choice("groups", groups, ["region", "income_group"])
(country,) = params.check_countries("country", [country])
peers = [code for code in params.check_countries("peers", peers) if code != country]
out = params.output_dir(output_dir, "04_convergence_and_divides")
text = notebook.texts("04_convergence_and_divides", lang)
plots.use_style(lang)

# %% [markdown] tags=["lang-en"]
# The sample is every economy the World Bank classifies (countries and territories with a region);
# aggregates such as "World" are excluded. Income groups are today's classification, not the one at the
# time of each observation.

# %% [markdown] tags=["lang-zh"]
# 样本为世界银行划定了所属地区的全部经济体（包括国家和地区）；“世界”等汇总项不计在内。收入组别采用当前的
# 划分，而非各观测年份当时的划分。

# %%
countries = country_table()
meta = countries.loc[
    ~countries["is_aggregate"] & countries["region"].notna(), ["iso3", "region", "income_group"]
]
highlighted = [country, *peers]
transform = stats.transform_for_unit(get_indicator(indicator).unit)
EPS_PCT, EPS_ROBUST = 0.5, 0.1  # logit clipping (percent) and the robustness alternative
MIN_COUNTRIES = 30  # a year enters the convergence analysis only with at least this many economies
MIN_GROUP = 5  # groups with fewer economies (North America) stay in the tables but not in the figures


def name(code):
    return i18n.country_name(code, lang, countries)


#: Headers of this notebook's own table columns (from its catalogue); ``iso3`` becomes the shared label key
#: ``country``. Shared headers (year, region, income group, indicator, value, rank, codebook ids) and
#: categories come from helpers.i18n through notebook.show.
HEADERS = {
    "iso3": "country",
    "n": text("col_n"),
    "mean": text("col_mean"),
    "sd": text("col_sd"),
    "cv": text("col_cv"),
    "p10": text("col_p10"),
    "p90": text("col_p90"),
    "p90_p10": text("col_p90_p10"),
    "cohort_start": text("col_cohort_start"),
    "cohort_end": text("col_cohort_end"),
    "median_start": text("col_median_start"),
    "n_started": text("col_n_started"),
    "n_completed": text("col_n_completed"),
    "median_duration": text("col_median_duration"),
    "n_eligible": text("col_n_eligible"),
    "share_within": text("col_share_within"),
    "n_economies": text("col_n_economies"),
    "share_leapfrog": text("col_share_leapfrog"),
    "median_fixed_peak_value": text("col_median_fixed_peak_value"),
    "median_income_fixed_peak": text("col_median_income_fixed_peak"),
    "median_income_mobile_takeoff": text("col_median_income_mobile_takeoff"),
    "median_income_mobile_mass": text("col_median_income_mobile_mass"),
    "n_income_mobile_mass": text("col_n_income_mobile_mass"),
    "rank_share": text("col_rank_share"),
    "n_ranked": text("col_n_ranked"),
    "eps_pct": text("col_eps_pct"),
    "n_clipped_start": text("col_n_clipped_start_sigma"),
    "sd_start": text("col_sd_start"),
    "sd_end": text("col_sd_end"),
    "change": text("col_change"),
    "direction": text("col_direction"),
    "n_clipped_start_beta": text("col_n_clipped_start_beta"),
    "beta": text("col_beta"),
    "ci_low": text("col_ci_low"),
    "ci_high": text("col_ci_high"),
    "half_life": text("col_half_life"),
    "quantity": text("col_quantity"),
    "amount": text("col_amount"),
    "basis": text("col_basis"),
}


def show_table(frame, decimals):
    """``notebook.show`` after country names and this notebook's own headers (``decimals`` by column name)."""
    shown = frame.assign(iso3=frame["iso3"].map(name)) if "iso3" in frame.columns else frame
    if isinstance(decimals, dict):
        decimals = {HEADERS.get(column, column): digits for column, digits in decimals.items()}
    notebook.show(shown.rename(columns=HEADERS), lang, decimals)


def show_regression(table):
    """A ``stats.results_table`` for readers: rows in ``lang``, without the rows an OLS leaves empty."""
    rows = {"initial_level": text("term_initial_level", scale=scale), "latecomer": text("term_latecomer"),
            "const": text("term_const"), "N": i18n.t("n_obs", lang), "R²": i18n.t("r2", lang),
            "Model": i18n.t("estimator", lang), "SE": text("se_type")}
    shown = table.drop(index=["Entities", "Within R²"])
    labels = ["" if row.endswith(" (se)") else rows[row] for row in shown.index]  # "(se)" rows: no label
    notebook.show(shown.set_axis(labels).reset_index(names=""), lang)

# %% [markdown] tags=["lang-en"]
# ## σ-convergence: is the spread shrinking?
# Shares (a unit in %) are compared on the logit scale, log(p / (1 − p)): going from 1 % to 2 % is as large
# a step as going from 50 % to 67 %, so countries near 0 % or 100 % do not shrink the spread mechanically.
# Values below 0.5 % or above 99.5 % are clipped there (a choice: the section after β-convergence repeats
# both measures for other clipping constants). Other indicators are compared on the log scale. The
# *absolute* gap (90th minus 10th percentile, in the indicator's own unit — percentage points for shares) is
# reported next to it, because the two can move in opposite directions. The main series uses a constant
# set of economies (those observed in every year); the series over all economies with data shows how much
# entry and exit of countries matter.

# %% [markdown] tags=["lang-zh"]
# ## σ收敛：差距是否在缩小？
# 份额类指标（单位为%）在 logit 尺度 log(p / (1 − p)) 上比较：从1%升到2%与从50%升到67%被视为同样大的一步，
# 因此接近0%或100%的国家不会机械地压低离散程度。低于0.5%或高于99.5%的数值按这两个值截断（这是一种人为选择：
# β收敛之后的一节用其他截断值重算这两种度量）。其他指标在对数尺度上比较。与之并列报告*绝对*差距（第90百分位减第10百分位，以指标本身的单位计，份额即为百分点），因为二者的
# 变化方向可能相反。主序列使用固定的经济体集合（每年都有数据者）；基于所有当年有数据的经济体的序列，则显示
# 经济体进出样本的影响有多大。

# %%
values = load_panel(indicator, years=(start_year, end_year), wide=True).merge(meta, on="iso3")
n_nonpositive = int((values[indicator] <= 0).sum()) if transform == "log" else 0
values = values[values[indicator] > 0] if transform == "log" else values
per_year = values.groupby("year")["iso3"].nunique()
years = sorted(int(year) for year in per_year[per_year >= MIN_COUNTRIES].index)
if len(years) < 2:
    raise params.ParameterError(
        f"{indicator} has at least {MIN_COUNTRIES} economies in fewer than two years within "
        f"{start_year}–{end_year}; widen the years or choose another indicator"
    )
first, last = years[0], years[-1]
values = values[values["year"].isin(years)]
observed_every_year = values.groupby("iso3")["year"].nunique() == len(years)
balanced = values[values["iso3"].isin(observed_every_year[observed_every_year].index)]
n_balanced = balanced["iso3"].nunique()
sigma = pd.concat(
    [
        stats.sigma_convergence(balanced, indicator, transform=transform, eps_pct=EPS_PCT).assign(
            sample="balanced"
        ),
        stats.sigma_convergence(values, indicator, transform=transform, eps_pct=EPS_PCT).assign(sample="all"),
    ]
)
sigma_groups = stats.sigma_convergence(
    balanced, indicator, group=groups, transform=transform, eps_pct=EPS_PCT
)
outputs.write_table(sigma, out, "sigma_convergence")
outputs.write_table(sigma_groups, out, f"sigma_convergence_by_{groups}")
balanced_sigma = sigma[sigma["sample"] == "balanced"].drop(columns="sample")
gap_digits = 1 if balanced_sigma["p90_p10"].max() >= 10 else 3  # percentage points vs. indices on 0–1
raw_columns = ("mean", "p10", "p90", "p90_p10")  # in the indicator's unit; sd and cv: 3 decimals
show_table(balanced_sigma, {"sd": 3, "cv": 3} | {column: gap_digits for column in raw_columns})

# %%
scale = text("scale_logit") if transform == "logit" else text("scale_log")
gap_unit = text("pp") if transform == "logit" else i18n.unit_label(get_indicator(indicator).unit, lang)
label_balanced = text("all_balanced", n=n_balanced)
label_all = text("all_available")
lines = pd.concat(
    [
        sigma.assign(group=sigma["sample"].map({"balanced": label_balanced, "all": label_all})),
        sigma_groups[sigma_groups["n"] >= MIN_GROUP].rename(columns={groups: "group"}),
    ]
)
fig, axes = plt.subplots(1, 2, figsize=(13, 4.8), layout="constrained")
panels = [
    ("sd", text("sd_label", scale=scale), text("sigma_title", scale=scale)),
    ("p90_p10", text("gap_label", unit=gap_unit), text("gap_title")),
]
for ax, (measure, ylabel, title) in zip(axes, panels, strict=True):
    plots.series_by_group(lines, y=measure, emphasis=[label_balanced, label_all], dashed=[label_all], lang=lang,
                          ylabel=ylabel, title=title, ax=ax)
axes[0].get_legend().remove()  # one legend for both panels
fig.suptitle(text("sigma_suptitle", indicator=i18n.indicator_label(indicator, lang, False), first=first, last=last))
plots.add_source_line(fig, notebook.source_line(lang, [indicator]))
_ = plots.save_figure(fig, out, "sigma_convergence")

# %% [markdown] tags=["lang-en"]
# ## β-convergence: do laggards grow faster?
# For every economy with a value in the first and the last year: the average annual change of the
# transformed value, regressed on its initial level. A negative slope β means that those who started lower
# grew faster; λ = −ln(1 + βT)/T is the implied rate at which the gap closes and ln 2/λ its half-life.

# %% [markdown] tags=["lang-zh"]
# ## β收敛：落后者是否增长更快？
# 对首末两年都有数据的每个经济体，将其变换后数值的年均变化对初始水平回归。斜率 β 为负，说明起点较低者增长
# 更快；λ = −ln(1 + βT)/T 为差距缩小的隐含速度，ln 2/λ 为差距的半衰期。

# %%
beta = stats.beta_convergence(values, indicator, first, last, transform=transform, eps_pct=EPS_PCT)
beta_eps = stats.beta_convergence(values, indicator, first, last, transform=transform, eps_pct=EPS_ROBUST)
beta_models = [beta.result] + ([beta_eps.result] if transform == "logit" else [])
beta_names = [text("beta_main")] + ([text("beta_eps", eps=EPS_ROBUST)] if transform == "logit" else [])
beta_table = stats.results_table(beta_models, ["initial_level", "const"], beta_names)
outputs.write_table(beta_table.reset_index(), out, "beta_convergence", latex=True)
outputs.write_table(stats.results_table_numeric(beta_models), out, "beta_convergence_numeric")
outputs.write_table(beta.data, out, "beta_convergence_data")
show_regression(beta_table)

# %%
scatter = beta.data.merge(meta, on="iso3")
fig, ax = plots.scatter_with_fit(
    scatter,
    "initial_level",
    "annual_change",
    highlight=highlighted,
    lang=lang,
    countries=countries,
    xlabel=text("beta_x", scale=scale, indicator=i18n.indicator_label(indicator, lang, False), year=first),
    ylabel=text("beta_y", scale=scale, first=first, last=last),
    title=text("beta_title", indicator=i18n.indicator_label(indicator, lang, False)),
)
plots.add_source_line(fig, notebook.source_line(lang, [indicator]))
_ = plots.save_figure(fig, out, "beta_convergence")

# %% [markdown] tags=["lang-en"]
# ## How much does the clipping constant decide?
# On the logit scale a share of 0 % has to be set to some small value first, and in the first years many
# economies had almost no internet users: whether they count as 0.1 % or 2 % decides how far below the
# others they sit. The table repeats σ (same constant sample as above) and β (same economies as the
# regression) for several clipping constants, the default among them. For indicators on the log scale
# nothing is clipped and the table is skipped.

# %% [markdown] tags=["lang-zh"]
# ## 截断值在多大程度上决定了结论？
# 在 logit 尺度上，0%的份额必须先被设为某个很小的正数；而在早期年份，许多经济体几乎没有互联网用户：把它们记为
# 0.1%还是2%，决定了它们与其他经济体相距多远。下表用若干截断值（包括默认值）重新计算σ（与上文相同的固定样本）
# 和β（与回归相同的经济体）。对数尺度上的指标不涉及截断，因此不列此表。

# %%
CLIP_GRID = sorted({0.1, 0.25, 1.0, 2.0, EPS_PCT, EPS_ROBUST})  # percent; the default and the robustness value included
if transform == "logit":
    clipping = stats.sigma_convergence_sensitivity(balanced, indicator, CLIP_GRID, start=first, end=last).merge(
        stats.beta_convergence_sensitivity(values, indicator, first, last, CLIP_GRID), on="eps_pct",
        suffixes=("", "_beta"),
    )
    clipping["direction"] = clipping["sign"].map({-1: text("dir_narrowed"), 0: text("dir_unchanged"),
                                                  1: text("dir_widened")})
    outputs.write_table(clipping, out, "sigma_clipping_sensitivity")
    shown_columns = ["eps_pct", "n_clipped_start", "sd_start", "sd_end", "change", "direction",
                     "n_clipped_start_beta", "beta", "ci_low", "ci_high", "half_life"]
    show_table(clipping[shown_columns], {"eps_pct": 2, "sd_start": 3, "sd_end": 3, "change": 3, "beta": 4,
                                         "ci_low": 4, "ci_high": 4, "half_life": 0})

# %%
if transform == "logit":
    clip_lines = pd.concat(
        clipping[["eps_pct", f"sd_{when}"]].rename(columns={f"sd_{when}": "sd"}).assign(group=str(year))
        for when, year in (("start", first), ("end", last))
    )
    fig, ax = plots.series_by_group(clip_lines, x="eps_pct", y="sd", lang=lang, xlabel=text("clip_x"),
                                    ylabel=text("sd_label", scale=scale), title=text("clip_title", first=first,
                                                                                     last=last))
    ax.set_xscale("log")
    ax.axvline(EPS_PCT, color="#5C5C5C", linestyle=":", linewidth=1.2)  # the default constant
    plots.add_source_line(fig, notebook.source_line(lang, [indicator]))
    _ = plots.save_figure(fig, out, "sigma_clipping_sensitivity")

# %% [markdown] tags=["lang-en"]
# ## Leapfrogging: mobile telephony before fixed lines
# For each economy (every year Gapminder holds): the year mobile subscriptions first passed 10 per
# 100 people (take-off) and 50 per 100 (mass adoption), the year fixed lines first passed 10 per 100 and the
# year they peaked, and income per person in each of those years. An economy *leapfrogged* if its fixed
# lines were still below 10 per 100 when mobile passed 10 per 100. Crossings are read from the data with
# their censoring: a threshold never reached, or passed before the data begin, gives no year (and no income).
# Gapminder's income series ends earlier than the subscription series, so the latest milestones have no income
# (counted below).

# %% [markdown] tags=["lang-zh"]
# ## 蛙跳：移动电话先于固定电话
# 对每个经济体（Gapminder 收录的全部年份），确定移动电话订阅数首次超过每百人10部（起步）和每百人50部（普及）
# 的年份、固定电话首次超过每百人10线的年份及其达到峰值的年份，以及上述各年份的人均收入。若移动电话超过每百人
# 10部时固定电话仍低于每百人10线，即认为该经济体实现了*蛙跳*。越过各门槛的时间直接从数据中读取，并标明删失：
# 从未达到的门槛，或在数据开始之前已被越过的门槛，都不给年份（也就没有对应的收入）。Gapminder 的收入序列比
# 订阅数序列结束得早，因此最近的一些里程碑没有收入数据（数量见下文）。

# %%
MOBILE, FIXED, INCOME = "IT.CEL.SETS.P2", "IT.MLT.MAIN.P2", "gapminder.income_per_person"
TAKE_OFF, MASS = 10, 50  # subscriptions per 100 people
phones = load_panel([MOBILE, FIXED, INCOME], wide=True).merge(meta, on="iso3")
milestones = stats.adoption_milestones(phones, MOBILE, FIXED, INCOME, take_off=TAKE_OFF, mass=MASS).merge(
    meta, on="iso3"
)
outputs.write_table(milestones, out, "leapfrog_milestones")
by_income = (
    milestones.groupby("income_group")
    .agg(
        n_economies=("iso3", "size"),
        share_leapfrog=("leapfrog", lambda flags: flags.dropna().astype(float).mean()),
        median_fixed_peak_value=("fixed_peak_value", "median"),
        median_income_fixed_peak=("income_at_fixed_peak", "median"),
        median_income_mobile_takeoff=("income_at_mobile_takeoff", "median"),
        median_income_mobile_mass=("income_at_mobile_mass", "median"),
        n_income_mobile_mass=("income_at_mobile_mass", "count"),
    )
    .reindex(list(i18n.INCOME_GROUPS))
    .reset_index()
)
outputs.write_table(by_income, out, "leapfrog_by_income_group")
incomes = ("median_income_fixed_peak", "median_income_mobile_takeoff", "median_income_mobile_mass")
show_table(by_income, {"share_leapfrog": 2, "median_fixed_peak_value": 1} | dict.fromkeys(incomes, 0))
income_last = int(phones.dropna(subset=[INCOME])["year"].max())
text.say("income_coverage", last=income_last, mass=MASS, n=int((milestones["mobile_mass"] > income_last).sum()))

# %% [markdown] tags=["lang-en"]
# Did the latecomers reach mass telephony at a lower income than the early adopters? We compare the income
# at which low- and middle-income economies passed 50 mobile subscriptions per 100 with the income at which
# high-income economies' fixed lines peaked (their fixed-line saturation), by regressing log income on a
# latecomer dummy (HC3).

# %% [markdown] tags=["lang-zh"]
# 后来者是否在更低的收入水平上实现了电话普及？我们比较两组收入：中低收入经济体移动电话订阅数超过每百人50部
# 时的收入，与高收入经济体固定电话达到峰值（即固定电话饱和）时的收入；方法是将对数收入对“后来者”虚拟变量
# 回归（HC3）。

# %%
early = milestones.loc[milestones["income_group"] == "High income", ["iso3", "income_at_fixed_peak"]]
late = milestones.loc[
    milestones["income_group"].isin(i18n.INCOME_GROUPS[1:]), ["iso3", "income_at_mobile_mass"]
]
saturation = pd.concat(
    [
        early.rename(columns={"income_at_fixed_peak": "income"}).assign(latecomer=0.0),
        late.rename(columns={"income_at_mobile_mass": "income"}).assign(latecomer=1.0),
    ]
).dropna()
saturation["log_income"] = saturation["income"].apply(math.log)
saturation_fit = stats.ols_hc3(saturation, "log_income", "latecomer")
outputs.write_table(
    stats.results_table([saturation_fit], ["latecomer", "const"]).reset_index(),
    out,
    "leapfrog_income_comparison",
    latex=True,
)
outputs.write_table(stats.results_table_numeric([saturation_fit]), out, "leapfrog_income_comparison_numeric")
show_regression(stats.results_table([saturation_fit], ["latecomer", "const"]))

# %%
fig, axes = plt.subplots(1, 2, figsize=(13, 5), layout="constrained", sharex=True)
for ax, series in zip(axes, [FIXED, MOBILE], strict=True):
    plots.line_trajectories(
        phones, x=INCOME, y=series, highlight=highlighted, lang=lang, countries=countries, ax=ax,
        order_by="year", logx=True, legend_loc="upper left",
    )
fig.suptitle(text("phone_suptitle"))
plots.add_source_line(fig, notebook.source_line(lang, [MOBILE, FIXED, INCOME]))
_ = plots.save_figure(fig, out, "leapfrog_paths")

# %%
strip_rows = []
for group in i18n.INCOME_GROUPS:
    members = milestones[milestones["income_group"] == group]
    fixed_label = text("milestone_fixed_peak", group=i18n.t(group, lang))
    mobile_label = text("milestone_mobile_mass", mass=MASS, group=i18n.t(group, lang))
    strip_rows.append(members.assign(milestone=fixed_label, income=members["income_at_fixed_peak"]))
    strip_rows.append(members.assign(milestone=mobile_label, income=members["income_at_mobile_mass"]))
strip = pd.concat(strip_rows)
fig, ax = plots.dot_strip(
    strip,
    "income",
    "milestone",
    order=list(dict.fromkeys(strip["milestone"])),
    highlight=highlighted,
    logx=True,
    lang=lang,
    countries=countries,
    xlabel=i18n.indicator_label(INCOME, lang),
    title=text("milestone_title"),
)
plots.add_source_line(fig, notebook.source_line(lang, [MOBILE, FIXED, INCOME]))
_ = plots.save_figure(fig, out, "leapfrog_income_at_milestones")

# %% [markdown] tags=["lang-en"]
# ## Speed of late starters
# Years from 10 % to 50 % of people online, by the year an economy passed 10 % (its cohort). Averaging only
# the completed spells would flatter recent cohorts: their slow members have not reached 50 % yet and would
# drop out. So the comparison uses a fixed window: among economies observed for at least 8 years after
# passing 10 %, the share that reached 50 % within those 8 years. A linear probability model of that
# outcome on the start year (HC3) summarizes the trend.

# %% [markdown] tags=["lang-zh"]
# ## 后起者的普及速度
# 按经济体互联网使用率超过10%的年份（即其所属队列），统计从10%升至50%所用的年数。如果只对已完成的过程求平均，
# 就会美化近期队列：其中进展缓慢的经济体尚未达到50%，会从样本中消失。因此比较采用固定窗口：在越过10%之后至少
# 被观察8年的经济体中，计算8年内达到50%的比例。再用线性概率模型将这一结果对起步年份回归（HC3），以概括趋势。

# %%
INTERNET, LOW, HIGH, HORIZON = "IT.NET.USER.ZS", 10, 50, 8
COHORT_EDGES = [1990, 2000, 2004, 2008, 2012, 2016, 2025]
internet = load_panel(INTERNET, wide=True).merge(meta, on="iso3")
spells = stats.adoption_spells(internet, INTERNET, LOW, HIGH).merge(meta, on="iso3")
cohorts = stats.spell_cohorts(spells, COHORT_EDGES, HORIZON)
eligible = stats.reached_within(spells, HORIZON).query("eligible").astype({"reached": float})
speed_fit = stats.ols_hc3(eligible, "reached", "start")
outputs.write_table(spells, out, "internet_spells")
outputs.write_table(cohorts, out, "internet_spell_cohorts")
outputs.write_table(stats.results_table_numeric([speed_fit]), out, "internet_speed_lpm_numeric")
show_table(cohorts, {"median_start": 1, "median_duration": 1, "share_within": 3})

# %%
cohort_lines = cohorts.assign(group=text("cohorts"), share_pct=100 * cohorts["share_within"])
fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
panels = [
    ("share_pct", text("share_within", high=HIGH, horizon=HORIZON)),
    ("median_duration", text("median_duration", low=LOW, high=HIGH)),
]
for ax, (measure, ylabel) in zip(axes, panels, strict=True):
    plots.series_by_group(cohort_lines, x="median_start", y=measure, lang=lang,
                          xlabel=text("cohort_x", low=LOW), ylabel=ylabel, ax=ax)
    ax.get_legend().remove()
fig.suptitle(text("speed_suptitle", low=LOW, high=HIGH))
plots.add_source_line(fig, notebook.source_line(lang, [INTERNET]))
_ = plots.save_figure(fig, out, "internet_adoption_speed")

# %% [markdown] tags=["lang-en"]
# ## E-government trajectory
# EGDI is the average of three components: online services (OSI), telecommunication infrastructure (TII)
# and human capital (HCI); the E-Participation Index (EPI) is published alongside. Ranks are among the
# countries assessed in each edition (fewer in the early editions than today), so the rank is also shown as
# a share of the countries ranked. The component panels compare the chosen countries with the unweighted
# average of all countries assessed.

# %% [markdown] tags=["lang-zh"]
# ## 电子政务发展轨迹
# EGDI 是三个分项的平均值：在线服务指数（OSI）、电信基础设施指数（TII）和人力资本指数（HCI）；电子参与指数
# （EPI）与之一同发布。排名是在每期参评国家中的名次（早期各期的参评国家少于现在），因此同时给出名次占参评国家
# 数的比例。分项图将所选国家与全部参评国家的简单平均值相比较。

# %%
EGDI, RANK = "un_egov.egdi", "un_egov.rank"
COMPONENTS = ["un_egov.osi", "un_egov.tii", "un_egov.hci", "un_egov.epi"]
egov = load_panel([EGDI, RANK, *COMPONENTS], wide=True).merge(meta, on="iso3")
n_ranked = egov.groupby("year")[RANK].count().rename("n_ranked")
path = egov[egov["iso3"].isin(highlighted)].merge(n_ranked, on="year")
path["rank_share"] = path[RANK] / path["n_ranked"]
outputs.write_table(path, out, "egov_paths")
show_table(path[path["iso3"] == country][["year", EGDI, RANK, "n_ranked", "rank_share", *COMPONENTS]], 3)
own_ranks = path[path["iso3"] == country].dropna(subset=[RANK]).set_index("year")
trajectory = stats.rank_trajectory(own_ranks[RANK], own_ranks["n_ranked"]) if not own_ranks.empty else None
# The edition the essay's climb of China ("78th → 35th") is read from: the essay's choice, not data (the
# ranks themselves come from the survey).
ESSAY_RANK_FROM = 2012
essay_from_rank = stats.rank_in_edition(trajectory, ESSAY_RANK_FROM) if trajectory and country == "CHN" else None

# %%
fig, axes = plt.subplots(1, 2, figsize=(13, 4.8), layout="constrained")
plots.line_trajectories(egov, y=EGDI, highlight=highlighted, lang=lang, countries=countries, ax=axes[0])
plots.line_trajectories(path, y=RANK, highlight=highlighted, lang=lang, countries=countries, ax=axes[1])
axes[0].get_legend().set_loc("upper left")  # a fixed place: "best" is slow with 190 lines
axes[1].get_legend().remove()
axes[1].invert_yaxis()
fig.suptitle(text("egdi_suptitle", country=name(country)))
plots.add_source_line(fig, notebook.source_line(lang, [EGDI]))
_ = plots.save_figure(fig, out, "egdi_trajectory")

# %%
world_mean = egov.groupby("year")[COMPONENTS].mean()
fig, axes = plt.subplots(2, 2, figsize=(12, 8.5), layout="constrained", sharex=True)
for ax, component in zip(axes.ravel(), COMPONENTS, strict=True):
    plots.line_trajectories(
        path,
        y=component,
        highlight=highlighted,
        lang=lang,
        countries=countries,
        ax=ax,
        xlabel=i18n.t("year", lang),
        ylabel=i18n.unit_label(get_indicator(component).unit, lang),
    )
    ax.plot(
        world_mean.index,
        world_mean[component],
        color="#5C5C5C",
        linestyle="--",
        linewidth=1.6,
        label=text("world_mean"),
    )
    ax.get_legend().remove()  # one legend for the four panels, beside them
fig.legend(handles=axes[0, 0].get_legend_handles_labels()[0], loc="outside right upper")
fig.suptitle(text("components_title"))
plots.add_source_line(fig, notebook.source_line(lang, [EGDI]))
_ = plots.save_figure(fig, out, "egdi_components")

# %% [markdown] tags=["lang-en"]
# Group averages and the spread of EGDI across countries, per edition. Each edition normalizes its components
# afresh (and the methodology was revised, e.g. the Human Capital Index added years of schooling in the 2014
# edition), so the *level* of EGDI and its spread are comparable across editions only roughly; ranks within
# an edition are comparable.

# %% [markdown] tags=["lang-zh"]
# 各期 EGDI 的分组平均值，以及 EGDI 在各国之间的离散程度。每期调查都会重新标准化各分项（方法也有修订，例如
# 人力资本指数自2014年版起纳入了受教育年限），因此 EGDI 的*水平*及其离散程度只能跨期大致比较；同一期内的排名
# 则可以比较。

# %%
world = i18n.t("world", lang)
egdi_by_group = egov.groupby(["year", groups])[EGDI].mean().reset_index().rename(columns={groups: "group"})
egdi_world = egov.groupby("year")[EGDI].mean().reset_index().assign(group=world)
egdi_sd = pd.concat(
    [
        stats.sigma_convergence(egov, EGDI, transform="none").assign(group=world),
        stats.sigma_convergence(egov, EGDI, group=groups, transform="none").rename(columns={groups: "group"}),
    ]
)
outputs.write_table(egdi_sd, out, "egdi_dispersion")
egdi_sd = egdi_sd[egdi_sd["n"] >= MIN_GROUP]
fig, axes = plt.subplots(1, 2, figsize=(13, 4.8), layout="constrained")
plots.series_by_group(
    pd.concat([egdi_world, egdi_by_group]),
    y=EGDI,
    emphasis=[world],
    lang=lang,
    title=text("group_mean", groups=i18n.t(groups, lang)),
    ax=axes[0],
)
axes[0].get_legend().remove()
plots.series_by_group(
    egdi_sd,
    y="sd",
    emphasis=[world],
    lang=lang,
    ylabel=text("egdi_sd"),
    title=text("egdi_sd"),
    ax=axes[1],
)
plots.add_source_line(fig, notebook.source_line(lang, [EGDI]))
_ = plots.save_figure(fig, out, "egdi_groups")
show_table(egdi_sd[egdi_sd["group"] == world].drop(columns="group"), 3)

# %% [markdown] tags=["lang-en"]
# GovTech Maturity (World Bank) and ICT Development (ITU) scores, with the rank among all economies scored
# in that edition.

# %% [markdown] tags=["lang-zh"]
# 政府科技成熟度指数（GTMI，世界银行）和 ICT发展指数（IDI，国际电信联盟）的得分，以及在当期所有参评经济体中的
# 排名。

# %%
scores = load_panel(["gtmi.gtmi", "itu.idi"]).merge(meta[["iso3"]], on="iso3")
scores["rank"] = scores.groupby(["indicator", "year"])["value"].rank(ascending=False, method="min")
scores["n"] = scores.groupby(["indicator", "year"])["value"].transform("count")
score_table = scores[scores["iso3"].isin(highlighted)].sort_values(["indicator", "iso3", "year"])
score_table = score_table[["indicator", "iso3", "year", "value", "rank", "n"]]
outputs.write_table(score_table, out, "gtmi_idi")
show_table(score_table, {"value": 3})

# %% [markdown] tags=["lang-en"]
# ## "More than 1 billion real-name users": the essay's figure beside the data
# The essay cites the number of real-name users of the national government service platform. No source in
# these data counts platform users, so the figure cannot be tested here; it can only be set beside what the
# data hold for China: its population and its internet users (the WDI share of individuals using the
# Internet times the population), in the latest year for which the panel has both. The population is the UN
# World Population Prospects series as the Human Development Report carries it (1990–2022); Gapminder's and
# Maddison's series end earlier and are used only where they reach a later year. A real-name account is
# not a person online in a given year (accounts accumulate, and can be opened on someone's behalf), so the
# comparison bounds plausibility; it does not measure use.

# %% [markdown] tags=["lang-zh"]
# ## “实名用户超过10亿”：文章的数字与数据并列
# 文章引用了全国一体化政务服务平台的实名用户数。本数据中没有任何来源统计平台用户，因此无法在此检验这一数字，
# 只能把它与数据中关于中国的数值并列：总人口，以及互联网用户数（WDI 的互联网用户占人口比例乘以总人口），取面板中
# 二者同时可得的最近年份。总人口采用《人类发展报告》所载的联合国《世界人口展望》序列（1990—2022年）；
# Gapminder 和麦迪森的序列结束得更早，只在其年份更晚时才会采用。实名账户并不等同于某一年中实际上网的人（账户
# 会逐年累积，也可能由他人代为注册），因此这一比较只能判断数字是否合乎情理，并不衡量实际使用情况。

# %%
china_people = load_panel([INTERNET, *POPULATION_INDICATORS], countries="CHN", wide=True).set_index("year")
users = stats.count_from_share(china_people, INTERNET, POPULATION_INDICATORS)  # the latest year with both
people_year, people_series, people, online = users.year, users.total_column, users.total, users.count
share_year = int(china_people[INTERNET].last_valid_index())

# %%
real_name = pd.DataFrame({
    "quantity": [text("essay_figure"), text("population_row", year=people_year),
                 text("internet_users_row", year=people_year)],
    "amount": [text("real_name_claim"), i18n.big_count(people, lang), i18n.big_count(online, lang)],
    "basis": [text("essay_basis"), i18n.indicator_label(people_series, lang, False),
              text("users_basis", share=users.share)],
})
show_table(real_name, {})
cited = outputs.source_pairs(datasets_read([people_series]), lang)  # the population's publisher, named in the sentence
text.say("real_name_sentence", year=people_year, people=i18n.big_count(people, lang),
         source=text("list_separator").join(publisher for publisher, _ in cited),
         online=i18n.big_count(online, lang), share_year=share_year,
         share=china_people.loc[share_year, INTERNET], claim=text("real_name_claim"))

# %% [markdown] tags=["lang-en"]
# ## Regional imbalance within China: not testable with these data
# The essay also speaks of imbalances between China's regions (east and west, city and countryside). Every
# series in this panel is national: one value per economy and year, no province. So nothing here can say
# whether the gaps *within* China narrow. The data that could test it are provincial series: internet
# penetration and broadband users by province (National Bureau of Statistics, *China Statistical
# Yearbook*; CNNIC's *Statistical Report on Internet Development in China*, which has given provincial
# penetration rates in many editions) and provincial e-government scores, such as the annual assessment of
# provincial governments' integrated online government services by the e-government research centre of the
# Party School of the CPC Central Committee (National Academy of Governance). Their coverage and methods
# change between editions and would need checking before use; none of them is in the mirrored data.

# %% [markdown] tags=["lang-zh"]
# ## 中国国内的区域不平衡：本数据无法检验
# 文章还谈到中国国内的区域发展不平衡（东西部之间、城乡之间）。本面板中的所有序列都是全国层面的：每个经济体每年
# 一个数值，没有省级数据。因此，这里的分析无法回答中国*国内*的差距是否在缩小。能够检验这一点的是省级序列：
# 分省的互联网普及率和宽带接入用户数（国家统计局《中国统计年鉴》；中国互联网络信息中心（CNNIC）《中国互联网络
# 发展状况统计报告》，其多期报告给出了分省普及率），以及省级电子政务评分，例如中共中央党校（国家行政学院）电子
# 政务研究中心每年发布的省级政府一体化政务服务能力调查评估。这些资料的覆盖范围和方法在各期之间有所变化，使用前
# 需要核实；镜像数据中均不包含这些资料。


# %%
def by_year(frame, column):
    return {int(year): value for year, value in zip(frame["year"], frame[column], strict=True)}


main_sigma = sigma[sigma["sample"] == "balanced"]
all_sigma = sigma[sigma["sample"] == "all"]
country_path = path[path["iso3"] == country].sort_values("year")
results = {
    "parameters": {
        "indicator": indicator,
        "start_year": start_year,
        "end_year": end_year,
        "groups": groups,
        "country": country,
        "peers": peers,
    },
    "transform": transform,
    "years_used": [first, last],
    "sigma": {
        "n_balanced": n_balanced,
        "sd_balanced": by_year(main_sigma, "sd"),
        "p90_p10_balanced": by_year(main_sigma, "p90_p10"),
        "sd_all": by_year(all_sigma, "sd"),
        "p90_p10_all": by_year(all_sigma, "p90_p10"),
        "n_all": by_year(all_sigma, "n"),
        "by_group": {
            group: {
                "sd_first": part["sd"].iloc[0],
                "sd_last": part["sd"].iloc[-1],
                "n": int(part["n"].iloc[-1]),
            }
            for group, part in sigma_groups.groupby(groups)
        },
    },
    "beta": {
        **stats.result_to_dict(beta.result),
        "beta": beta.beta,
        "convergence_rate": beta.convergence_rate,
        "half_life": beta.half_life,
        "robust_eps": {
            "eps_pct": EPS_ROBUST,
            "beta": beta_eps.beta,
            "half_life": beta_eps.half_life,
            "se": beta_eps.result.std_errors["initial_level"],
        }
        if transform == "logit"
        else None,
        "n_clipped_first_year": beta.n_clipped_start,  # among the regression's economies
        "n_nonpositive_dropped": n_nonpositive,
    },
    "leapfrog": {
        "take_off": TAKE_OFF,
        "mass": MASS,
        "by_income_group": by_income.set_index("income_group").to_dict(orient="index"),
        "income_comparison": {
            **stats.result_to_dict(saturation_fit),
            "ratio": math.exp(saturation_fit.params["latecomer"]),
            "n_early": int((saturation["latecomer"] == 0).sum()),
            "n_late": int((saturation["latecomer"] == 1).sum()),
            "median_income_early": saturation.loc[saturation["latecomer"] == 0, "income"].median(),
            "median_income_late": saturation.loc[saturation["latecomer"] == 1, "income"].median(),
        },
        "country": milestones[milestones["iso3"].isin(highlighted)]
        .drop(columns=["region"])
        .set_index("iso3")
        .to_dict(orient="index"),
    },
    "adoption_speed": {
        "low": LOW,
        "high": HIGH,
        "horizon": HORIZON,
        "cohorts": cohorts,
        "lpm": stats.result_to_dict(speed_fit),
    },
    "egov": {
        "rank": by_year(country_path, RANK),
        "n_ranked": {int(year): int(n) for year, n in n_ranked.items()},
        "egdi": by_year(country_path, EGDI),
        "components": {component: by_year(country_path, component) for component in COMPONENTS},
        "peer_ranks": {code: by_year(part, RANK) for code, part in path.groupby("iso3")},
        "egdi_sd": by_year(egdi_sd[egdi_sd["group"] == world], "sd"),
    },
    "clipping": clipping.to_dict(orient="records") if transform == "logit" else None,
    "egov_rank_trajectory": trajectory,
    "essay_rank_from": {"edition": ESSAY_RANK_FROM, "rank": essay_from_rank} if country == "CHN" else None,
    "real_name": {
        "year": int(people_year), "population_series": people_series, "population": people,
        "internet_share": users.share, "internet_users": online,
        "latest_share_year": share_year, "latest_share": china_people.loc[share_year, INTERNET],
    },
    "gtmi": {
        code: by_year(part, "value")
        for code, part in score_table[score_table["indicator"] == "gtmi.gtmi"].groupby("iso3")
    },
    "idi": {
        code: by_year(part, "value")
        for code, part in score_table[score_table["indicator"] == "itu.idi"].groupby("iso3")
    },
}
datasets = datasets_read([indicator, MOBILE, FIXED, INCOME, INTERNET, EGDI, RANK, *COMPONENTS, "gtmi.gtmi", "itu.idi",
                          people_series])
_ = outputs.write_results(out, results, outputs.provenance(datasets))

# %% keep_output=true
# NBVAL_CHECK_OUTPUT
notebook.key_results({key: results[key] for key in ("sigma", "beta", "leapfrog", "adoption_speed", "gtmi", "idi",
                                                    "clipping", "egov_rank_trajectory", "essay_rank_from",
                                                    "real_name")})

# %% [markdown] tags=["lang-en"]
# ## What the data say

# %% [markdown] tags=["lang-zh"]
# ## 数据结论

# %%
sd0, sd1 = main_sigma["sd"].iloc[0], main_sigma["sd"].iloc[-1]
g0, g1 = main_sigma["p90_p10"].iloc[0], main_sigma["p90_p10"].iloc[-1]
widest = main_sigma.loc[main_sigma["p90_p10"].idxmax()]
highest = main_sigma.loc[main_sigma["sd"].idxmax()]
relative_closing, absolute_closing = sd1 < sd0, g1 < g0
text.say(
    "sigma_relative",
    n=n_balanced,
    first=first,
    last=last,
    indicator=i18n.indicator_label(indicator, lang, False),
    scale=scale,
    sd0=sd0,
    sd1=sd1,
    sdmax=highest["sd"],
    ymax=int(highest["year"]),
    verdict=text("narrowed") if relative_closing else text("widened"),
)
text.say(
    "sigma_absolute",
    g0=g0,
    g1=g1,
    digits=gap_digits,  # the templates' precision: {g0:,.{digits}f}
    unit=gap_unit,
    gmax=widest["p90_p10"],
    ymax=int(widest["year"]),
    verdict=text("narrowed") if absolute_closing else text("widened"),
)
if relative_closing == absolute_closing:
    text.say("sigma_agree")
else:
    text.say("sigma_disagree")
if transform == "logit":
    def constants(rows):
        return text("eps_separator").join(text("eps_entry", eps=eps) for eps in rows["eps_pct"])

    narrowing, widening = clipping[clipping["sign"] < 0], clipping[clipping["sign"] > 0]
    if narrowing.empty or widening.empty:
        text.say("clipping_robust", n=len(clipping), constants=constants(clipping), first=first, last=last,
                 verdict=text("narrowed") if widening.empty else text("widened"))
    else:
        text.say("clipping_depends", first=first, last=last, narrowed=constants(narrowing),
                 widened=constants(widening), eps_main=EPS_PCT)
    converging = clipping["ci_high"] < 0
    beta_range = {"n_conv": int(converging.sum()), "n": len(clipping), "b_min": clipping["beta"].min(),
                  "b_max": clipping["beta"].max(), "h_min": clipping["half_life"].min(),
                  "h_max": clipping["half_life"].max()}
    if converging.all():
        text.say("clipping_beta_all", **beta_range)
    else:
        text.say("clipping_beta_some", **beta_range)

# %%
low_ci, high_ci = beta.result.conf_int["initial_level"]
if high_ci < 0:
    beta_verdict = text("beta_converge", half_life=beta.half_life)
elif low_ci > 0:
    beta_verdict = text("beta_diverge")
else:
    beta_verdict = text("beta_unclear")
text.say(
    "beta_sentence",
    scale=scale,
    first=first,
    last=last,
    beta=beta.beta,
    lo=low_ci,
    hi=high_ci,
    n=beta.result.nobs,
    verdict=beta_verdict,
)
if transform == "logit":
    text.say(
        "beta_robust",
        eps=EPS_ROBUST,
        eps_main=EPS_PCT,
        inv=100 - EPS_PCT,
        n_clipped=beta.n_clipped_start,
        n=beta.result.nobs,
        first=first,
        beta=beta_eps.beta,
        half_life=beta_eps.half_life,
    )

# %%
shares = text("list_separator").join(
    text("share_of_group", share=row.share_leapfrog, group=i18n.t(row.income_group, lang))
    for row in by_income.itertuples()
    if pd.notna(row.share_leapfrog)
)
text.say("leapfrog_sentence", take_off=TAKE_OFF, shares=shares)
own = milestones.set_index("iso3").loc[country] if country in set(milestones["iso3"]) else None
if own is not None and pd.notna(own["leapfrog"]):
    peak = {"peak": own["fixed_peak_value"], "peak_year": own["fixed_peak"]}
    text.say(
        "country_leapfrog",
        country=name(country),
        take_off=TAKE_OFF,
        year=own["mobile_takeoff"],
        fixed=own["fixed_at_mobile_takeoff"],
        peak_text=text("fixed_peak_interior", **peak) if own["fixed_peak_status"] == "interior" else text(
            "fixed_peak_open", **peak),
        verdict=text("did_leapfrog") if own["leapfrog"] else text("did_not_leapfrog"),
    )
comparison = results["leapfrog"]["income_comparison"]
low_ci, high_ci = saturation_fit.conf_int["latecomer"]
text.say(
    "saturation_sentence",
    peak=by_income.set_index("income_group").loc["High income", "median_fixed_peak_value"],
    inc_early=comparison["median_income_early"],
    n_early=comparison["n_early"],
    mass=MASS,
    inc_late=comparison["median_income_late"],
    n_late=comparison["n_late"],
    ratio=comparison["ratio"],
    diff=saturation_fit.params["latecomer"],
    lo=low_ci,
    hi=high_ci,
    verdict=text("lower_income") if high_ci < 0 else text("not_lower_income"),
)

# %%
observable = cohorts[cohorts["n_eligible"] > 0]
first_cohort, last_cohort = observable.iloc[0], observable.iloc[-1]
low_ci, high_ci = speed_fit.conf_int["start"]
if low_ci > 0:
    speed_verdict = text("speed_faster")
elif high_ci < 0:
    speed_verdict = text("speed_slower")
else:
    speed_verdict = text("speed_unclear")
text.say(
    "speed_sentence",
    low=LOW,
    high=HIGH,
    horizon=HORIZON,
    first_from=int(first_cohort.cohort_start),
    first_to=int(first_cohort.cohort_end) - 1,  # cohort_end is exclusive
    s_first=first_cohort.share_within,
    last_from=int(last_cohort.cohort_start),
    last_to=int(last_cohort.cohort_end) - 1,
    s_last=last_cohort.share_within,
    slope=100 * speed_fit.params["start"],  # percentage points per year
    lo=100 * low_ci,
    hi=100 * high_ci,
    n=speed_fit.nobs,
    verdict=speed_verdict,
)

# %%
ranked = country_path.dropna(subset=[RANK])
if ranked.empty:
    text.say("egov_missing", country=name(country))
else:
    start, end = ranked.iloc[0], ranked.iloc[-1]
    gains = {c: end[c] - start[c] for c in COMPONENTS if pd.notna(end[c]) and pd.notna(start[c])}
    best = max(gains, key=gains.get)
    weakest = min((c for c in COMPONENTS[:3] if pd.notna(end[c])), key=lambda c: end[c])
    text.say(
        "egov_sentence",
        country=name(country),
        y0=int(start["year"]),
        y1=int(end["year"]),
        r0=int(start[RANK]),
        n0=int(start["n_ranked"]),
        r1=int(end[RANK]),
        n1=int(end["n_ranked"]),
        p0=start["rank_share"],
        p1=end["rank_share"],
        e0=start[EGDI],
        e1=end[EGDI],
        component=i18n.indicator_label(best, lang, False),
        c0=start[best],
        c1=end[best],
        weakest=i18n.indicator_label(weakest, lang, False),
        w1=end[weakest],
    )
    text.say(
        "rank_series",
        country=name(country),
        series=text("list_separator").join(
            text("rank_entry", year=year, rank=rank, n=int(own_ranks.loc[year, "n_ranked"]))
            for year, rank in zip(trajectory["editions"], trajectory["ranks"], strict=True)
        ),
        worst_year=trajectory["worst_year"],
        worst_rank=trajectory["worst_rank"],
        worst_share_year=trajectory["worst_share_year"],
        first_year=trajectory["first_year"],
        climb_first=trajectory["climb_from_first"],
        climb_worst=trajectory["climb_from_worst"],
        last_year=trajectory["last_year"],
    )
    if essay_from_rank is not None:
        essay_reading = {"year": ESSAY_RANK_FROM, "rank": essay_from_rank, "last_year": trajectory["last_year"],
                         "last_rank": trajectory["last_rank"], "climb": essay_from_rank - trajectory["last_rank"],
                         "worst_year": trajectory["worst_year"], "climb_first": trajectory["climb_from_first"]}
        if essay_from_rank == trajectory["worst_rank"]:
            text.say("essay_rank_worst", **essay_reading)
        else:
            text.say("essay_rank_not_worst", **essay_reading)
    latest = path[path["year"] == end["year"]].dropna(subset=[RANK]).sort_values(RANK)
    text.say(
        "peer_sentence",
        year=int(end["year"]),
        order=text("list_separator").join(
            text("peer_entry", name=name(code), rank=int(rank))
            for code, rank in zip(latest["iso3"], latest[RANK], strict=True)
        ),
    )
egdi_spread = egdi_sd[egdi_sd["group"] == world]
text.say(
    "egdi_spread",
    y0=int(egdi_spread["year"].iloc[0]),
    y1=int(egdi_spread["year"].iloc[-1]),
    sd0=egdi_spread["sd"].iloc[0],
    sd1=egdi_spread["sd"].iloc[-1],
)


def score_text(code, indicator_id):
    rows = score_table[(score_table["iso3"] == code) & (score_table["indicator"] == indicator_id)]
    if rows.empty:
        return text("not_available")
    return text("list_separator").join(
        text("score_entry", value=row.value, year=row.year, rank=int(row.rank), n=int(row.n))
        for row in rows.itertuples()
    )


text.say(
    "scores_sentence",
    country=name(country),
    gtmi=score_text(country, "gtmi.gtmi"),
    idi=score_text(country, "itu.idi"),
)

# %% [markdown] tags=["lang-en"]
# ## Caveats
# - **Correlation, not causation.** Convergence and leapfrogging are descriptions of how countries moved;
#   they do not say that any policy (digital government included) caused the movement.
# - **Relative versus absolute gaps.** The logit (or log) spread and the percentage-point gap answer different
#   questions and can disagree; which one "the divide" means is a choice, not a finding. Clipping shares at
#   0.5 % sets a floor for countries with almost no internet users in the first year; the clipping table
#   above shows whether the direction of the relative gap survives other floors.
# - **Composition.** Economies enter the data at different times (new states, late statistics); the
#   constant-sample series removes this, at the cost of dropping economies with gaps. β-convergence uses the
#   economies observed in both end years.
# - **Measurement.** Internet use and subscriptions are largely ITU estimates; subscriptions count SIM cards,
#   not people (hence values above 100 per 100). Income groups are today's classification, and Gapminder's
#   income series ends before the subscription series.
# - **Leapfrogging design.** Comparing the income at which latecomers passed 50 mobile subscriptions per 100
#   with the income at which rich countries' fixed lines peaked compares different technologies and eras;
#   it shows that mass telephony came at lower income, not why.
# - **E-government indices.** EGDI components are normalized within each edition and the methodology changed
#   across 2003–2024, so levels and their spread are only roughly comparable over time; ranks depend on how
#   many countries were assessed. GTMI and IDI have few editions, and IDI changed its method in 2023. A climb
#   in rank depends on the edition it is read from; the sentences above give the whole series.
# - **National data only.** Nothing here is sub-national (see the section on regional imbalance), and the
#   platform's real-name users are the essay's figure, not a series in these data.
#
# ## Try it yourself
# 1. Set `indicator = "IT.CEL.SETS.P2"` (mobile subscriptions, log scale): do relative and absolute gaps agree
#    for a technology that has saturated?
# 2. Set `groups = "income_group"`: within which income group is the internet divide widest, and is it
#    closing?
# 3. Set `country = "IND"` and `peers = ["CHN", "IDN", "BGD", "PAK"]`, or `lang = "zh"` for Chinese labels.

# %% [markdown] tags=["lang-zh"]
# ## 注意事项
# - **是相关，不是因果。** 收敛与蛙跳描述的是各国如何变化，并不说明任何政策（包括数字政府）导致了这种变化。
# - **相对差距与绝对差距。** logit（或对数）尺度上的离散程度与百分点差距回答的是不同的问题，二者可能得出相反的
#   结论；“数字鸿沟”指哪一种，是一种选择，而不是研究发现。把份额截断在0.5%，相当于为首年几乎没有互联网用户的
#   国家设定了下限；上文的截断值敏感性表显示，换用其他下限后相对差距的变化方向是否依然成立。
# - **样本构成。** 各经济体进入数据的时间不同（新独立的国家、统计起步较晚的国家）；固定样本序列消除了这一影响，
#   代价是剔除了数据有缺口的经济体。β收敛使用首末两年都有数据的经济体。
# - **测量。** 互联网使用率和订阅数主要是国际电信联盟的估计；订阅数统计的是 SIM 卡而不是人数（因此会出现每百人
#   超过100的数值）。收入组别是当前的划分，且 Gapminder 的收入序列比订阅数序列结束得早。
# - **蛙跳的研究设计。** 把后来者移动电话超过每百人50部时的收入，与富国固定电话达到峰值时的收入相比，比较的是
#   不同的技术、不同的时代；它表明大众电话普及发生在更低的收入水平上，但不能说明原因。
# - **电子政务指数。** EGDI 的各分项在每期内部标准化，且2003—2024年间方法有所变化，因此其水平和离散程度只能
#   跨期大致比较；排名还取决于参评国家的数量。GTMI 和 IDI 的期数很少，且 IDI 自2023年起改变了方法。排名的
#   升幅取决于从哪一期算起；上文给出了完整的排名序列。
# - **只有全国数据。** 本文没有任何省级或地区级数据（见“区域不平衡”一节）；平台实名用户数是文章给出的数字，
#   而不是本数据中的序列。
#
# ## 动手试试
# 1. 设定 `indicator = "IT.CEL.SETS.P2"`（移动电话订阅数，对数尺度）：对一项已经饱和的技术，相对差距与绝对
#    差距的结论是否一致？
# 2. 设定 `groups = "income_group"`：互联网鸿沟在哪个收入组内最大？它是否在缩小？
# 3. 设定 `country = "IND"` 和 `peers = ["CHN", "IDN", "BGD", "PAK"]`，从印度的角度看同样的问题；设定
#    `lang = "en"` 可得到英文版。
