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
# # 01 · Digital development as a marker of modernization
#
# **Question.** Do countries that are further along in digital development also score higher on the usual
# yardsticks of modernization (income, human development, health, schooling, urbanization, a service
# economy)? And does digital development tell us anything about those outcomes that income does not already
# tell us?
#
# **Claim tested.** Claim (a) of the essay: *digital development is a marker of modernization* (数字化发展
# 是现代化的重要标志). "Marker" is a descriptive claim: digital development should go together with
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

# %% tags=["parameters"]
lang = "en"
output_dir = ""
year = 2022
digital_indicator = "IT.NET.USER.ZS"
outcomes = ["hdr.gnipc", "hdr.hdi", "hdr.le", "SP.URB.TOTL.IN.ZS", "hdr.mys", "NV.SRV.TOTL.ZS"]
headline_outcome = "hdr.hdi"
income_control = "hdr.gnipc"
highlight = ["CHN", "USA", "IND"]
income_groups = []
min_obs_per_year = 30

# %%
import math
import textwrap

import pandas as pd
from IPython.display import display

from helpers import i18n, notebook, outputs, params, plots, stats
from helpers.data import country_table, load_panel
from helpers.data.codebook import get_indicator

DIGITAL = ("IT.NET.USER.ZS", "IT.NET.BBND.P2", "IT.CEL.SETS.P2", "un_egov.egdi")
INCOME = ("gapminder.income_per_person", "hdr.gnipc", "NY.GDP.PCAP.KD", "maddison.gdppc")
BOUNDED = {"IT.NET.USER.ZS": 100, "un_egov.egdi": 1}  # digital indicators with a natural maximum

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
plots.use_style(lang)

# %% [markdown]
# ## Data and sample
# Income outcomes and the income control are analysed in natural logs (a 10 % income difference means the
# same at every level); their axis labels say "log …". All other variables keep their units.

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
        return i18n.t("nb01_log_name", lang, name=short)
    return i18n.t("nb01_log_label", lang, name=short, unit=unit(name))


def unit(name: str) -> str:
    """The unit of a variable in ``lang``; logged variables read "log (…)"."""
    text = i18n.unit_label(get_indicator(name.removeprefix("log ")).unit, lang)
    return i18n.t("nb01_log_unit", lang, unit=text) if name.startswith("log ") else text


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
name_sep = i18n.t("nb01_name_sep", lang)
notebook.heading("nb01_h_sample", lang)
notebook.say(
    "nb01_sample", lang, n=len(sample), x=label(digital_indicator, False),
    income=label(income_control, False), year=year, n_members=int(sample["un_member"].sum()),
    n_other=int((~sample["un_member"]).sum()),
    groups=i18n.t("nb01_some_groups", lang, groups=name_sep.join(i18n.t(g, lang) for g in income_groups))
    if income_groups else i18n.t("nb01_all_groups", lang),
    logged=name_sep.join(label(f"log {v}", False) for v in logged),
)
missing_highlights = [code for code in highlight if code not in set(sample["iso3"])]
if missing_highlights:
    why = "nb01_missing_highlight_groups" if income_groups else "nb01_missing_highlight"
    notebook.say(why, lang, year=year, x=label(digital_indicator, False),
                 names=name_sep.join(i18n.country_name(c, lang, countries) for c in missing_highlights))

# %% [markdown]
# ## Outcomes against digital development
# One panel per outcome, every economy a dot coloured by World Bank region; the dashed line is the OLS fit
# (a visual guide: the regressions below give the estimates with standard errors).

# %%
notebook.heading("nb01_h_scatter", lang, x=label(digital_indicator, False), year=year)
ys = [column[o] for o in outcomes]
fig, axes = plots.scatter_grid(
    sample, digital_indicator, ys, highlight=highlight, lang=lang, countries=countries,
    xlabel=label(digital_indicator), ylabels=[unit(y) for y in ys],
    titles=[textwrap.fill(label(y, False), 36) for y in ys],
    title=i18n.t("nb01_scatter_title", lang, x=label(digital_indicator, False), year=year),
)
plots.add_source_line(fig, notebook.source_line(lang, [digital_indicator, *outcomes]))
plots.save_figure(fig, out, "outcomes_vs_digital")

# %% [markdown]
# ## With and without income
# For each outcome: (1) OLS of the outcome on the digital indicator; (2) the same with log income added, on
# the same economies. Standard errors are HC3 (robust to heteroskedasticity); stars mark p < 0.10, 0.05,
# 0.01. Income outcomes get only column (1): controlling an income measure for income says nothing.

# %%
notebook.heading("nb01_h_regressions", lang, x=label(digital_indicator, False))
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
            control = i18n.t("nb01_yes" if with_income else "nb01_no", lang)
            header.append((label(column[outcome], False), control))
terms = [digital_indicator, log_income]
regression_table = stats.results_table(models, terms, digits=4).drop(index=["Entities", "Within R²", "Model"])
row_labels = {digital_indicator: label(digital_indicator, False), log_income: label(log_income, False),
              "N": i18n.t("n_obs", lang), "R²": i18n.t("r2", lang), "SE": i18n.t("nb01_se_type", lang)}
regression_table.index = [row_labels.get(r, "") for r in regression_table.index]  # "(se)" rows: no label
top_rows = pd.DataFrame(
    [[h[0] for h in header], [h[1] for h in header]], columns=regression_table.columns,
    index=[i18n.t("dependent_variable", lang), i18n.t("nb01_income_control", lang)],
)
regression_table = pd.concat([top_rows, regression_table]).rename_axis("").reset_index()
outputs.write_table(regression_table, out, "regressions", latex=True)
outputs.write_table(stats.results_table_numeric(models, terms), out, "regressions_numeric")
display(regression_table)

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
shown = coefficient_summary.assign(outcome=[label(c, False) for c in coefficient_summary["outcome"]])
shown = shown.rename(columns={c: f"nb01_{c}" for c in shown.columns if c != "n_obs"})
display(notebook.localize_columns(shown, lang).round(4))

# %% [markdown]
# ## Digital over- and under-achievers, given income
# The digital indicator regressed on log income; the residual is how far an economy's digital development is
# above (+) or below (−) what its income predicts. The standardized residual divides by the residual
# standard deviation (allowing for leverage). Rank 1 is the largest over-achiever.

# %%
notebook.heading("nb01_h_ranking", lang, x=label(digital_indicator, False))
ranking = stats.residual_ranking(sample, digital_indicator, log_income)
ranking_model = stats.ols_hc3(sample, digital_indicator, log_income)
positions = {code: stats.rank_position(ranking, code) for code in highlight}
fig, ax = plots.scatter_with_fit(
    sample, income_control, digital_indicator, highlight=highlight, logx=True, lang=lang, countries=countries,
    xlabel=i18n.t("nb01_log_scale", lang, label=label(income_control)), ylabel=label(digital_indicator),
    title=i18n.t("nb01_income_title", lang, y=label(digital_indicator, False),
                 x=label(income_control, False), year=year),
)
plots.add_source_line(fig, notebook.source_line(lang, [digital_indicator, income_control]))
plots.save_figure(fig, out, "digital_vs_income")

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
shown = ranked.loc[ranked["group"] != "", columns].copy()
for name in ("group", "region", "income_group"):
    shown[name] = [i18n.t(v, lang) if i18n.has_label(v) else "" for v in shown[name]]
shown = shown.rename(columns={
    "group": "nb01_group", "fitted": "nb01_predicted", "std_residual": "nb01_std_residual",
    digital_indicator: label(digital_indicator), income_control: label(income_control),
})
display(notebook.localize_columns(shown, lang).drop(columns="iso3").round(3))

# %% [markdown]
# ## The association year by year
# The headline outcome on the digital indicator, estimated separately in every year with at least
# `min_obs_per_year` economies, with and without log income (same economies in both). The spread of digital
# indicators across countries changes enormously over time (almost no one was online in 1995), so the plot
# shows the coefficient per one cross-country standard deviation of the digital indicator in that year; the
# coefficients in the indicator's own units are in the CSV.

# %%
notebook.heading("nb01_h_over_time", lang)
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
per_sd["specification"] = [i18n.t("nb01_with_income" if w else "nb01_without_income", lang)
                           for w in per_sd["income_control"]]
fig, ax = plots.coef_over_time(
    per_sd, group="specification", lang=lang,
    ylabel=i18n.t("nb01_coef_ylabel", lang, x=label(digital_indicator, False)),
    title=i18n.t("nb01_coef_title", lang, y=label(headline, False), x=label(digital_indicator, False)),
)
plots.add_source_line(fig, notebook.source_line(lang, [digital_indicator, income_control, headline_outcome]))
plots.save_figure(fig, out, "coefficient_by_year")


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
notebook.key_results({key: results[key] for key in ("sample", "outcomes", "residual_ranking")})

# %% [markdown]
# ## What the data say

# %%
notebook.heading("verdict", lang)
significant = 0.05
list_sep = i18n.t("nb01_list_sep", lang)


def number(value):
    return f"{value:.3g}"


def positive_significant(result):
    if result is None:
        return False
    return result.params[digital_indicator] > 0 and result.pvalues[digital_indicator] < significant


controlled_fits = {o: fit for o, fit in fits.items() if fit[1] is not None}
n_sig = sum(positive_significant(simple) for simple, _ in fits.values())
sig_ctrl = [o for o, (_, controlled) in controlled_fits.items() if positive_significant(controlled)]
changes = [stats.coefficient_change(s, c, digital_indicator) for s, c in controlled_fits.values()]
r2s = [simple.r2 for simple, _ in fits.values()]
median_change = f"{pd.Series(changes, dtype=float).median():.0f}"
notebook.say(
    "nb01_overall", lang, year=year, x=label(digital_indicator, False), n_sig=n_sig, n=len(fits),
    r2_min=f"{min(r2s):.2f}", r2_max=f"{max(r2s):.2f}", n_sig_ctrl=len(sig_ctrl), n_ctrl=len(controlled_fits),
    list_sig=name_sep.join(label(column[o], False) for o in sig_ctrl) or i18n.t("nb01_none", lang),
    list_not=name_sep.join(label(column[o], False) for o in controlled_fits if o not in sig_ctrl)
    or i18n.t("nb01_none", lang),
    median_change=median_change,
)

# %%
simple, controlled = fits[headline_outcome]
spread = float(sample.dropna(subset=[headline])[digital_indicator].std())
change = stats.coefficient_change(simple, controlled, digital_indicator)
same_sign = (simple.params[digital_indicator] > 0) == (controlled.params[digital_indicator] > 0)
if not same_sign:
    change_text = i18n.t("nb01_flips", lang)
else:
    change_text = i18n.t("nb01_shrinks" if change < 0 else "nb01_grows", lang, pct=f"{abs(change):.0f}")
was, now = (r.pvalues[digital_indicator] < significant for r in (simple, controlled))
significance = {(True, True): "nb01_sig_remains", (True, False): "nb01_sig_lost",
                (False, True): "nb01_sig_gained", (False, False): "nb01_sig_never"}[(was, now)]
p_controlled = controlled.pvalues[digital_indicator]
notebook.say(
    "nb01_headline", lang, y=label(headline, False), x=label(digital_indicator, False), sd=number(spread),
    unit=i18n.unit_label(get_indicator(digital_indicator).unit, lang),
    b=number(simple.params[digital_indicator] * spread),
    lo=number(simple.conf_int[digital_indicator][0] * spread),
    hi=number(simple.conf_int[digital_indicator][1] * spread),
    bc=number(controlled.params[digital_indicator] * spread),
    loc=number(controlled.conf_int[digital_indicator][0] * spread),
    hic=number(controlled.conf_int[digital_indicator][1] * spread),
    p="p < 0.001" if p_controlled < 0.001 else f"p = {p_controlled:.3f}",
    change=change_text, significance=i18n.t(significance, lang),
)

# %%
china = positions["CHN"]
if china is None:
    notebook.say("nb01_china_absent", lang, country=i18n.country_name("CHN", lang, countries),
                 x=label(digital_indicator, False), year=year)
else:
    value = float(sample.loc[sample["iso3"] == "CHN", digital_indicator].iloc[0])
    notebook.say(
        "nb01_china_rank", lang, country=i18n.country_name("CHN", lang, countries),
        x=label(digital_indicator, False), value=number(value), fitted=number(china["fitted"]),
        gap=number(abs(china["residual"])),
        direction=i18n.t("nb01_above" if china["residual"] >= 0 else "nb01_below", lang),
        std=f"{china['std_residual']:.2f}", rank=china["rank"], n=china["n"],
        share=f"{china['percentile']:.0f}",
    )
others = [code for code in highlight if code != "CHN" and positions[code] is not None]
items = [
    i18n.t("nb01_rank_item", lang, country=i18n.country_name(c, lang, countries), rank=positions[c]["rank"],
           std=f"{positions[c]['std_residual']:.2f}")
    for c in others
]
if items:
    notebook.say("nb01_other_ranks", lang, items=list_sep.join(items))

# %%
with_income = per_sd[per_sd["income_control"]]
without_income = per_sd[~per_sd["income_control"]]


def n_positive_significant(table):
    return int(((table["coef"] > 0) & (table["pvalue"] < significant)).sum())


notebook.say(
    "nb01_time", lang, first=int(per_sd["year"].min()), last=int(per_sd["year"].max()),
    n_years=len(with_income),
    y=label(headline, False), x=label(digital_indicator, False), n_sig=n_positive_significant(without_income),
    n_sig_ctrl=n_positive_significant(with_income), min_c=number(with_income["coef"].min()),
    max_c=number(with_income["coef"].max()),
)
if omitted_years:
    notebook.say("nb01_omitted", lang, min_obs=min_obs_per_year,
                 years=name_sep.join(str(y) for y in omitted_years))

# %%
k = len(sig_ctrl)
if n_sig <= len(fits) / 2:  # a marker should go with most outcomes
    notebook.say("nb01_verdict_none", lang, x=label(digital_indicator, False), n_sig=n_sig, n=len(fits))
else:
    verdict = "nb01_verdict_beyond" if k > len(controlled_fits) / 2 else "nb01_verdict_income"
    notebook.say(verdict, lang, x=label(digital_indicator, False), k=k, n_ctrl=len(controlled_fits),
                 median_change=median_change)

# %% [markdown]
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

# %%
bound = BOUNDED.get(digital_indicator)
over_bound = int((ranking["fitted"] > bound).sum()) if bound is not None else 0
if over_bound:
    notebook.say("nb01_ceiling", lang, n=over_bound, n_all=len(ranking), x=label(digital_indicator, False),
                 max=bound)

# %% [markdown]
# ## Try it yourself
# 1. Set `digital_indicator = "un_egov.egdi"` (the UN E-Government Development Index, the essay's "digital
#    government"): is it more or less informative than internet use once income is controlled?
# 2. Set `income_groups = ["Low income", "Lower middle income"]`: does the marker hold among poorer countries
#    only, where digital adoption varies most?
# 3. Set `year = 2010` (or `income_control = "gapminder.income_per_person"` with `year = 2019`) and compare
#    China's residual rank and the coefficient table with today's.
