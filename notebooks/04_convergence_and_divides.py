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
# # 04 · Convergence and divides: do latecomers catch up?
#
# **Question.** Do the digital gaps between countries close, can late adopters skip a technology, and how
# has China's e-government standing evolved against its peers?
#
# **Claims tested.** The essay argues that (c) latecomers can *leapfrog* (后发优势, "skip stages" with new
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

# %% tags=["parameters"]
lang = "en"
output_dir = ""
indicator = "IT.NET.USER.ZS"
start_year = 2000
end_year = 2022
groups = "region"
country = "CHN"
peers = ["IND", "BRA", "RUS", "ZAF", "USA"]

# %%
import math

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from helpers import i18n, notebook, outputs, params, plots, stats
from helpers.data import country_table, datasets_read, get_indicator, load_panel

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
plots.use_style(lang)

# %% [markdown]
# The sample is every economy the World Bank classifies (countries and territories with a region);
# aggregates such as "World" are excluded. Income groups are today's classification, not the one at the
# time of each observation.

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


def show(frame):
    """Display a table with headers in the notebook's language (label keys, codebook ids)."""
    display(frame.rename(columns=lambda column: i18n.label_for(COLUMN_KEYS.get(column, column), lang, False)))


def fmt(value, digits=2):
    return "–" if value is None or not math.isfinite(value) else f"{value:,.{digits}f}"


COLUMN_KEYS = {
    column: f"conv_col_{column}"
    for column in [
        "sample",
        "n",
        "mean",
        "sd",
        "cv",
        "p10",
        "p90",
        "p90_p10",
        "cohort_start",
        "cohort_end",
        "n_started",
        "n_completed",
        "median_duration",
        "n_eligible",
        "share_within",
        "n_economies",
        "share_leapfrog",
        "median_fixed_peak_value",
        "median_income_fixed_peak",
        "median_income_mobile_takeoff",
        "median_income_mobile_mass",
        "n_income_mobile_mass",
        "rank_share",
        "n_ranked",
        "edition",
    ]
}
COLUMN_KEYS.update(
    iso3="country",
    year="year",
    region="region",
    income_group="income_group",
    indicator="indicator",
    value="value",
    rank="rank",
)

# %% [markdown]
# ## σ-convergence: is the spread shrinking?
# Shares (a unit in %) are compared on the logit scale, log(p / (1 − p)): going from 1 % to 2 % is as large
# a step as going from 50 % to 67 %, so countries near 0 % or 100 % do not shrink the spread mechanically.
# Values below 0.5 % or above 99.5 % are clipped there. Other indicators are compared on the log scale. The
# *absolute* gap (90th minus 10th percentile, in the indicator's own unit — percentage points for shares) is
# reported next to it, because the two can move in opposite directions. The main series uses a constant
# set of economies (those observed in every year); the series over all economies with data shows how much
# entry and exit of countries matter.

# %%
notebook.heading("conv_sigma_heading", lang)
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
show(sigma[sigma["sample"] == "balanced"].drop(columns="sample").round(3))

# %%
scale = i18n.t(f"conv_scale_{transform}", lang)
gap_unit = (
    i18n.t("conv_pp", lang) if transform == "logit" else i18n.unit_label(get_indicator(indicator).unit, lang)
)
label_balanced = i18n.t("conv_all_balanced", lang, n=n_balanced)
label_all = i18n.t("conv_all_available", lang)
lines = pd.concat(
    [
        sigma.assign(group=sigma["sample"].map({"balanced": label_balanced, "all": label_all})),
        sigma_groups[sigma_groups["n"] >= MIN_GROUP].rename(columns={groups: "group"}),
    ]
)
fig, axes = plt.subplots(1, 2, figsize=(13, 4.8), layout="constrained")
panels = [
    ("sd", i18n.t("conv_sd_label", lang, scale=scale), i18n.t("conv_sigma_title", lang, scale=scale)),
    ("p90_p10", i18n.t("conv_gap_label", lang, unit=gap_unit), i18n.t("conv_gap_title", lang)),
]
for ax, (measure, ylabel, title) in zip(axes, panels, strict=True):
    plots.series_by_group(lines, y=measure, emphasis=[label_balanced, label_all], dashed=[label_all], lang=lang,
                          ylabel=ylabel, title=title, ax=ax)
axes[0].get_legend().remove()  # one legend for both panels
fig.suptitle(
    i18n.t(
        "conv_sigma_suptitle",
        lang,
        indicator=i18n.indicator_label(indicator, lang, False),
        first=first,
        last=last,
    )
)
plots.add_source_line(fig, notebook.source_line(lang, [indicator]))
plots.save_figure(fig, out, "sigma_convergence")

# %% [markdown]
# ## β-convergence: do laggards grow faster?
# For every economy with a value in the first and the last year: the average annual change of the
# transformed value, regressed on its initial level. A negative slope β means that those who started lower
# grew faster; λ = −ln(1 + βT)/T is the implied rate at which the gap closes and ln 2/λ its half-life.

# %%
notebook.heading("conv_beta_heading", lang)
beta = stats.beta_convergence(values, indicator, first, last, transform=transform, eps_pct=EPS_PCT)
beta_eps = stats.beta_convergence(values, indicator, first, last, transform=transform, eps_pct=EPS_ROBUST)
clipped_first = int(
    ((values["year"] == first) & ((values[indicator] < EPS_PCT) | (values[indicator] > 100 - EPS_PCT))).sum()
)
beta_models = [beta.result] + ([beta_eps.result] if transform == "logit" else [])
beta_names = [i18n.t("conv_beta_main", lang)] + (
    [i18n.t("conv_beta_eps", lang, eps=EPS_ROBUST)] if transform == "logit" else []
)
beta_table = stats.results_table(beta_models, ["initial_level", "const"], beta_names)
outputs.write_table(beta_table.reset_index(), out, "beta_convergence", latex=True)
outputs.write_table(stats.results_table_numeric(beta_models), out, "beta_convergence_numeric")
outputs.write_table(beta.data, out, "beta_convergence_data")
display(beta_table)

# %%
scatter = beta.data.merge(meta, on="iso3")
fig, ax = plots.scatter_with_fit(
    scatter,
    "initial_level",
    "annual_change",
    highlight=highlighted,
    lang=lang,
    countries=countries,
    xlabel=i18n.t(
        "conv_beta_x", lang, scale=scale, indicator=i18n.indicator_label(indicator, lang, False), year=first
    ),
    ylabel=i18n.t("conv_beta_y", lang, scale=scale, first=first, last=last),
    title=i18n.t("conv_beta_title", lang, indicator=i18n.indicator_label(indicator, lang, False)),
)
plots.add_source_line(fig, notebook.source_line(lang, [indicator]))
plots.save_figure(fig, out, "beta_convergence")

# %% [markdown]
# ## Leapfrogging: mobile telephony before fixed lines
# For each economy (every year Gapminder holds): the year mobile subscriptions first passed 10 per
# 100 people (take-off) and 50 per 100 (mass adoption), the year fixed lines first passed 10 per 100 and the
# year they peaked, and income per person in each of those years. An economy *leapfrogged* if its fixed
# lines were still below 10 per 100 when mobile passed 10 per 100. Crossings are read from the data with
# their censoring: a threshold never reached, or passed before the data begin, gives no year (and no income).
# Gapminder's income series ends earlier than the subscription series, so the latest milestones have no income
# (counted below).

# %%
notebook.heading("conv_leapfrog_heading", lang)
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
show(by_income.assign(income_group=[i18n.t(group, lang) for group in by_income["income_group"]]).round(2))
income_last = int(phones.dropna(subset=[INCOME])["year"].max())
notebook.say(
    "conv_income_coverage",
    lang,
    last=income_last,
    mass=MASS,
    n=int((milestones["mobile_mass"] > income_last).sum()),
)

# %% [markdown]
# Did the latecomers reach mass telephony at a lower income than the early adopters? We compare the income
# at which low- and middle-income economies passed 50 mobile subscriptions per 100 with the income at which
# high-income economies' fixed lines peaked (their fixed-line saturation), by regressing log income on a
# latecomer dummy (HC3).

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
display(stats.results_table([saturation_fit], ["latecomer", "const"]))

# %%
fig, axes = plt.subplots(1, 2, figsize=(13, 5), layout="constrained", sharex=True)
for ax, series in zip(axes, [FIXED, MOBILE], strict=True):
    plots.line_trajectories(
        phones, x=INCOME, y=series, highlight=highlighted, lang=lang, countries=countries, ax=ax,
        order_by="year", logx=True, legend_loc="upper left",
    )
fig.suptitle(i18n.t("conv_phone_suptitle", lang))
plots.add_source_line(fig, notebook.source_line(lang, [MOBILE, FIXED, INCOME]))
plots.save_figure(fig, out, "leapfrog_paths")

# %%
strip_rows = []
for group in i18n.INCOME_GROUPS:
    members = milestones[milestones["income_group"] == group]
    fixed_label = i18n.t("conv_milestone_fixed_peak", lang, group=i18n.t(group, lang))
    mobile_label = i18n.t("conv_milestone_mobile_mass", lang, mass=MASS, group=i18n.t(group, lang))
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
    title=i18n.t("conv_milestone_title", lang),
)
plots.add_source_line(fig, notebook.source_line(lang, [MOBILE, FIXED, INCOME]))
plots.save_figure(fig, out, "leapfrog_income_at_milestones")

# %% [markdown]
# ## Speed of late starters
# Years from 10 % to 50 % of people online, by the year an economy passed 10 % (its cohort). Averaging only
# the completed spells would flatter recent cohorts: their slow members have not reached 50 % yet and would
# drop out. So the comparison uses a fixed window: among economies observed for at least 8 years after
# passing 10 %, the share that reached 50 % within those 8 years. A linear probability model of that
# outcome on the start year (HC3) summarizes the trend.

# %%
notebook.heading("conv_speed_heading", lang)
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
show(cohorts.round(3))

# %%
cohort_lines = cohorts.assign(group=i18n.t("conv_cohorts", lang), share_pct=100 * cohorts["share_within"])
fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
panels = [
    ("share_pct", i18n.t("conv_share_within", lang, high=HIGH, horizon=HORIZON)),
    ("median_duration", i18n.t("conv_median_duration", lang, low=LOW, high=HIGH)),
]
for ax, (measure, ylabel) in zip(axes, panels, strict=True):
    plots.series_by_group(cohort_lines, x="median_start", y=measure, lang=lang,
                          xlabel=i18n.t("conv_cohort_x", lang, low=LOW), ylabel=ylabel, ax=ax)
    ax.get_legend().remove()
fig.suptitle(i18n.t("conv_speed_suptitle", lang, low=LOW, high=HIGH))
plots.add_source_line(fig, notebook.source_line(lang, [INTERNET]))
plots.save_figure(fig, out, "internet_adoption_speed")

# %% [markdown]
# ## E-government trajectory
# EGDI is the average of three components: online services (OSI), telecommunication infrastructure (TII)
# and human capital (HCI); the E-Participation Index (EPI) is published alongside. Ranks are among the
# countries assessed in each edition (fewer in the early editions than today), so the rank is also shown as
# a share of the countries ranked. The component panels compare the chosen countries with the unweighted
# average of all countries assessed.

# %%
notebook.heading("conv_egov_heading", lang, country=name(country))
EGDI, RANK = "un_egov.egdi", "un_egov.rank"
COMPONENTS = ["un_egov.osi", "un_egov.tii", "un_egov.hci", "un_egov.epi"]
egov = load_panel([EGDI, RANK, *COMPONENTS], wide=True).merge(meta, on="iso3")
n_ranked = egov.groupby("year")[RANK].count().rename("n_ranked")
path = egov[egov["iso3"].isin(highlighted)].merge(n_ranked, on="year")
path["rank_share"] = path[RANK] / path["n_ranked"]
outputs.write_table(path, out, "egov_paths")
show(path[path["iso3"] == country][["year", EGDI, RANK, "n_ranked", "rank_share", *COMPONENTS]].round(3))

# %%
fig, axes = plt.subplots(1, 2, figsize=(13, 4.8), layout="constrained")
plots.line_trajectories(egov, y=EGDI, highlight=highlighted, lang=lang, countries=countries, ax=axes[0])
plots.line_trajectories(path, y=RANK, highlight=highlighted, lang=lang, countries=countries, ax=axes[1])
axes[0].get_legend().set_loc("upper left")  # a fixed place: "best" is slow with 190 lines
axes[1].get_legend().remove()
axes[1].invert_yaxis()
fig.suptitle(i18n.t("conv_egdi_suptitle", lang, country=name(country)))
plots.add_source_line(fig, notebook.source_line(lang, [EGDI]))
plots.save_figure(fig, out, "egdi_trajectory")

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
        label=i18n.t("conv_world_mean", lang),
    )
    ax.get_legend().remove()  # one legend for the four panels, beside them
fig.legend(handles=axes[0, 0].get_legend_handles_labels()[0], loc="outside right upper")
fig.suptitle(i18n.t("conv_components_title", lang))
plots.add_source_line(fig, notebook.source_line(lang, [EGDI]))
plots.save_figure(fig, out, "egdi_components")

# %% [markdown]
# Group averages and the spread of EGDI across countries, per edition. Each edition normalizes its components
# afresh (and the methodology was revised, e.g. the Human Capital Index added years of schooling in the 2014
# edition), so the *level* of EGDI and its spread are comparable across editions only roughly; ranks within
# an edition are comparable.

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
    title=i18n.t("conv_group_mean", lang, groups=i18n.t(groups, lang)),
    ax=axes[0],
)
axes[0].get_legend().remove()
plots.series_by_group(
    egdi_sd,
    y="sd",
    emphasis=[world],
    lang=lang,
    ylabel=i18n.t("conv_egdi_sd", lang),
    title=i18n.t("conv_egdi_sd", lang),
    ax=axes[1],
)
plots.add_source_line(fig, notebook.source_line(lang, [EGDI]))
plots.save_figure(fig, out, "egdi_groups")
show(egdi_sd[egdi_sd["group"] == world].drop(columns="group").round(3))

# %% [markdown]
# GovTech Maturity (World Bank) and ICT Development (ITU) scores, with the rank among all economies scored
# in that edition.

# %%
scores = load_panel(["gtmi.gtmi", "itu.idi"]).merge(meta[["iso3"]], on="iso3")
scores["rank"] = scores.groupby(["indicator", "year"])["value"].rank(ascending=False, method="min")
scores["n"] = scores.groupby(["indicator", "year"])["value"].transform("count")
score_table = scores[scores["iso3"].isin(highlighted)].sort_values(["indicator", "iso3", "year"])
score_table = score_table[["indicator", "iso3", "year", "value", "rank", "n"]]
outputs.write_table(score_table, out, "gtmi_idi")
show(
    score_table.assign(
        iso3=score_table["iso3"].map(name),
        indicator=[i18n.indicator_label(i, lang, False) for i in score_table["indicator"]],
    ).round(3)
)


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
        "n_clipped_first_year": clipped_first if transform == "logit" else None,
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
    "gtmi": {
        code: by_year(part, "value")
        for code, part in score_table[score_table["indicator"] == "gtmi.gtmi"].groupby("iso3")
    },
    "idi": {
        code: by_year(part, "value")
        for code, part in score_table[score_table["indicator"] == "itu.idi"].groupby("iso3")
    },
}
datasets = datasets_read([indicator, MOBILE, FIXED, INCOME, INTERNET, EGDI, RANK, *COMPONENTS, "gtmi.gtmi", "itu.idi"])
_ = outputs.write_results(out, results, outputs.provenance(datasets))

# %% keep_output=true
# NBVAL_CHECK_OUTPUT
notebook.key_results({key: results[key] for key in ("sigma", "beta", "leapfrog", "adoption_speed", "gtmi", "idi")})

# %% [markdown]
# ## What the data say

# %%
notebook.heading("verdict", lang)
sd0, sd1 = main_sigma["sd"].iloc[0], main_sigma["sd"].iloc[-1]
g0, g1 = main_sigma["p90_p10"].iloc[0], main_sigma["p90_p10"].iloc[-1]
widest = main_sigma.loc[main_sigma["p90_p10"].idxmax()]
highest = main_sigma.loc[main_sigma["sd"].idxmax()]
gap_digits = 1 if widest["p90_p10"] >= 10 else 3  # percentage points vs. indices on 0–1
relative_closing, absolute_closing = sd1 < sd0, g1 < g0
notebook.say(
    "conv_sigma_relative",
    lang,
    n=n_balanced,
    first=first,
    last=last,
    indicator=i18n.indicator_label(indicator, lang, False),
    scale=scale,
    sd0=fmt(sd0),
    sd1=fmt(sd1),
    sdmax=fmt(highest["sd"]),
    ymax=int(highest["year"]),
    verdict=i18n.t("conv_narrowed" if relative_closing else "conv_widened", lang),
)
notebook.say(
    "conv_sigma_absolute",
    lang,
    g0=fmt(g0, gap_digits),
    g1=fmt(g1, gap_digits),
    unit=gap_unit,
    gmax=fmt(widest["p90_p10"], gap_digits),
    ymax=int(widest["year"]),
    verdict=i18n.t("conv_narrowed" if absolute_closing else "conv_widened", lang),
)
notebook.say("conv_sigma_agree" if relative_closing == absolute_closing else "conv_sigma_disagree", lang)

# %%
low_ci, high_ci = beta.result.conf_int["initial_level"]
beta_verdict = (
    "conv_beta_converge" if high_ci < 0 else "conv_beta_diverge" if low_ci > 0 else "conv_beta_unclear"
)
notebook.say(
    "conv_beta_sentence",
    lang,
    scale=scale,
    first=first,
    last=last,
    beta=fmt(beta.beta, 4),
    lo=fmt(low_ci, 4),
    hi=fmt(high_ci, 4),
    n=beta.result.nobs,
    verdict=i18n.t(beta_verdict, lang, half_life=fmt(beta.half_life, 0) if beta.half_life else "–"),
)
if transform == "logit":
    notebook.say(
        "conv_beta_robust",
        lang,
        eps=EPS_ROBUST,
        eps_main=EPS_PCT,
        inv=100 - EPS_PCT,
        n_clipped=clipped_first,
        first=first,
        beta=fmt(beta_eps.beta, 4),
        half_life=fmt(beta_eps.half_life, 0) if beta_eps.half_life else "–",
    )

# %%
shares = i18n.t("conv_list_sep", lang).join(
    i18n.t(
        "conv_share_of_group",
        lang,
        share=fmt(100 * row.share_leapfrog, 0),
        group=i18n.t(row.income_group, lang),
    )
    for row in by_income.itertuples()
    if pd.notna(row.share_leapfrog)
)
notebook.say("conv_leapfrog_sentence", lang, take_off=TAKE_OFF, shares=shares)
own = milestones.set_index("iso3").loc[country] if country in set(milestones["iso3"]) else None
if own is not None and pd.notna(own["leapfrog"]):
    notebook.say(
        "conv_country_leapfrog",
        lang,
        country=name(country),
        take_off=TAKE_OFF,
        year=f"{own['mobile_takeoff']:.0f}",
        fixed=fmt(own["fixed_at_mobile_takeoff"], 1),
        peak_text=i18n.t(
            "conv_fixed_peak_interior" if own["fixed_peak_status"] == "interior" else "conv_fixed_peak_open",
            lang,
            peak=fmt(own["fixed_peak_value"], 1),
            peak_year=f"{own['fixed_peak']:.0f}",
        ),
        verdict=i18n.t("conv_did_leapfrog" if own["leapfrog"] else "conv_did_not_leapfrog", lang),
    )
comparison = results["leapfrog"]["income_comparison"]
low_ci, high_ci = saturation_fit.conf_int["latecomer"]
notebook.say(
    "conv_saturation_sentence",
    lang,
    peak=fmt(by_income.set_index("income_group").loc["High income", "median_fixed_peak_value"], 0),
    inc_early=fmt(comparison["median_income_early"], 0),
    n_early=comparison["n_early"],
    mass=MASS,
    inc_late=fmt(comparison["median_income_late"], 0),
    n_late=comparison["n_late"],
    ratio=fmt(comparison["ratio"], 2),
    diff=fmt(saturation_fit.params["latecomer"]),
    lo=fmt(low_ci),
    hi=fmt(high_ci),
    verdict=i18n.t("conv_lower_income" if high_ci < 0 else "conv_not_lower_income", lang),
)

# %%
observable = cohorts[cohorts["n_eligible"] > 0]
first_cohort, last_cohort = observable.iloc[0], observable.iloc[-1]
low_ci, high_ci = speed_fit.conf_int["start"]
speed_verdict = (
    "conv_speed_faster" if low_ci > 0 else "conv_speed_slower" if high_ci < 0 else "conv_speed_unclear"
)
notebook.say(
    "conv_speed_sentence",
    lang,
    low=LOW,
    high=HIGH,
    horizon=HORIZON,
    c_first=f"{int(first_cohort.cohort_start)}–{int(first_cohort.cohort_end) - 1}",
    s_first=fmt(100 * first_cohort.share_within, 0),
    c_last=f"{int(last_cohort.cohort_start)}–{int(last_cohort.cohort_end) - 1}",
    s_last=fmt(100 * last_cohort.share_within, 0),
    slope=fmt(100 * speed_fit.params["start"], 1),
    lo=fmt(100 * low_ci, 1),
    hi=fmt(100 * high_ci, 1),
    n=speed_fit.nobs,
    verdict=i18n.t(speed_verdict, lang),
)

# %%
ranked = country_path.dropna(subset=[RANK])
if ranked.empty:
    notebook.say("conv_egov_missing", lang, country=name(country))
else:
    start, end = ranked.iloc[0], ranked.iloc[-1]
    gains = {c: end[c] - start[c] for c in COMPONENTS if pd.notna(end[c]) and pd.notna(start[c])}
    best = max(gains, key=gains.get)
    weakest = min((c for c in COMPONENTS[:3] if pd.notna(end[c])), key=lambda c: end[c])
    notebook.say(
        "conv_egov_sentence",
        lang,
        country=name(country),
        y0=int(start["year"]),
        y1=int(end["year"]),
        r0=int(start[RANK]),
        n0=int(start["n_ranked"]),
        r1=int(end[RANK]),
        n1=int(end["n_ranked"]),
        p0=fmt(100 * start["rank_share"], 0),
        p1=fmt(100 * end["rank_share"], 0),
        e0=fmt(start[EGDI]),
        e1=fmt(end[EGDI]),
        component=i18n.indicator_label(best, lang, False),
        c0=fmt(start[best]),
        c1=fmt(end[best]),
        weakest=i18n.indicator_label(weakest, lang, False),
        w1=fmt(end[weakest]),
    )
    latest = path[path["year"] == end["year"]].dropna(subset=[RANK]).sort_values(RANK)
    notebook.say(
        "conv_peer_sentence",
        lang,
        year=int(end["year"]),
        order=i18n.t("conv_list_sep", lang).join(
            i18n.t("conv_peer_entry", lang, name=name(code), rank=int(rank))
            for code, rank in zip(latest["iso3"], latest[RANK], strict=True)
        ),
    )
egdi_spread = egdi_sd[egdi_sd["group"] == world]
notebook.say(
    "conv_egdi_spread",
    lang,
    y0=int(egdi_spread["year"].iloc[0]),
    y1=int(egdi_spread["year"].iloc[-1]),
    sd0=fmt(egdi_spread["sd"].iloc[0]),
    sd1=fmt(egdi_spread["sd"].iloc[-1]),
)


def score_text(code, indicator_id):
    rows = score_table[(score_table["iso3"] == code) & (score_table["indicator"] == indicator_id)]
    if rows.empty:
        return i18n.t("conv_not_available", lang)
    return i18n.t("conv_list_sep", lang).join(
        i18n.t(
            "conv_score_entry", lang, value=fmt(row.value), year=row.year, rank=int(row.rank), n=int(row.n)
        )
        for row in rows.itertuples()
    )


notebook.say(
    "conv_scores_sentence",
    lang,
    country=name(country),
    gtmi=score_text(country, "gtmi.gtmi"),
    idi=score_text(country, "itu.idi"),
)

# %% [markdown]
# ## Caveats
# - **Correlation, not causation.** Convergence and leapfrogging are descriptions of how countries moved;
#   they do not say that any policy (digital government included) caused the movement.
# - **Relative versus absolute gaps.** The logit (or log) spread and the percentage-point gap answer different
#   questions and can disagree; which one "the divide" means is a choice, not a finding. Clipping shares at
#   0.5 % sets a floor for countries with almost no internet users in the first year (see the robustness
#   sentence above).
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
#   many countries were assessed. GTMI and IDI have few editions, and IDI changed its method in 2023.
#
# ## Try it yourself
# 1. Set `indicator = "IT.CEL.SETS.P2"` (mobile subscriptions, log scale): do relative and absolute gaps agree
#    for a technology that has saturated?
# 2. Set `groups = "income_group"`: within which income group is the internet divide widest, and is it
#    closing?
# 3. Set `country = "IND"` and `peers = ["CHN", "IDN", "BGD", "PAK"]`, or `lang = "zh"` for Chinese labels.
