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
# # 02 · Does e-government raise government effectiveness?
#
# **Question.** When a country's e-government develops, does its government become more effective,
# compared with its own past and with what happened to all countries at the same time?
#
# **Claim tested.** The essay holds that digital government construction "raises the efficiency and
# effectiveness of government" (claim b). Across countries, e-government and effectiveness are strongly
# correlated; the question here is whether the correlation holds *within* countries over time, which a
# causal effect would require (but cannot prove).
#
# **Data.** UN E-Government Survey (EGDI and its Online Service Index, OSI; editions 2003, 2004, 2005,
# 2008 and every second year to 2024), World Bank Worldwide Governance Indicators (WGI 2024 release,
# 1996–2023: government effectiveness, regulatory quality, control of corruption, rule of law), and
# income per person as a control (UNDP's GNI per capita, PPP, logged; it runs to 2022, so every edition
# to 2022 keeps its countries).
#
# **Method.** A panel of survey editions × countries, each edition merged with the WGI estimate of the
# same year. Five estimators side by side, all with standard errors clustered by country: pooled OLS (the
# cross-country association); two-way fixed effects (country and edition effects: each country compared
# with itself, net of shifts common to all countries); the same with e-government from an *earlier*
# edition; first differences between consecutive editions (with edition effects); and the reverse
# direction (e-government on earlier governance). "One edition earlier" means the previous edition the
# country has a value for, which is one to four years back (more when a country missed editions). A
# chart shows each country's change between its first and last edition, with China's path drawn edition
# by edition.

# %% tags=["parameters"]
lang = "en"
output_dir = ""
governance_indicator = "GE.EST"
egov_indicator = "un_egov.egdi"
lag_editions = 1
controls = ["hdr.gnipc"]
start_year = 2003
end_year = 2022
highlight = ["CHN"]

# %%
import numpy as np
import pandas as pd
from IPython.display import display

from helpers import i18n, notebook, outputs, params, plots, stats
from helpers.data import country_table, datasets_read, load_panel
from helpers.data.codebook import get_indicator
from helpers.data.load import codebook_ids

GOVERNANCE = ["GE.EST", "RQ.EST", "CC.EST", "RL.EST"]
EGOV = ["un_egov.egdi", "un_egov.osi"]
STEP = 0.1  # coefficients are also reported per 0.1 of the 0–1 e-government index

params.check_injected_parameters()  # papermill used directly: refuse misspelled names
lang = params.check_lang(lang)
governance_indicator = params.check_indicator("governance_indicator", governance_indicator, GOVERNANCE)
egov_indicator = params.check_indicator("egov_indicator", egov_indicator, EGOV)
params.check_type("lag_editions", lag_editions, int)
if lag_editions < 1:
    raise params.ParameterError(f"lag_editions must be an int of at least 1 (survey editions back), got {lag_editions}")
controls = params.check_indicators("controls", controls)
clashing = [c for c in controls if c in (governance_indicator, egov_indicator)]
if clashing:
    raise params.ParameterError(f"controls must not repeat the outcome or the e-government index: {clashing}")
start_year, end_year = params.check_year_range("start_year, end_year", start_year, end_year, 2003, 2024)
highlight = params.check_countries("highlight", ["CHN", *highlight])  # China is always shown
out = params.output_dir(output_dir, "02_egov_and_governance")
plots.use_style(lang)

# %% [markdown]
# ## Building the edition panel
# One row per country and survey edition. Income-type controls (measured in dollars) enter in logs. Lags
# are taken on the full edition panel before the years are restricted, so the first edition in the window
# can use an earlier one as its lag.

# %%
countries = country_table()
economies = set(countries.loc[~countries["is_aggregate"], "iso3"])
editions = sorted(int(year) for year in load_panel(egov_indicator)["year"].unique())
panel = load_panel([egov_indicator, governance_indicator, *controls], years=editions, wide=True)
panel = panel[panel["iso3"].isin(economies)].reindex(
    columns=["iso3", "year", egov_indicator, governance_indicator, *controls]
)
control_terms = []
for control in controls:
    if "$" in get_indicator(control).unit:
        term = f"log {control}"
        panel[term] = np.log(panel[control].where(panel[control] > 0))
    else:
        term = control
    control_terms.append(term)
panel = stats.lag_within_entity(panel, [egov_indicator, governance_indicator], lag_editions, with_time=True)
sample = panel[panel["year"].between(start_year, end_year)].reset_index(drop=True)
window = [year for year in editions if start_year <= year <= end_year]
if len(window) < 2 or sample.dropna(subset=[egov_indicator, governance_indicator])["year"].nunique() < 2:
    both = sorted(int(year) for year in panel.dropna(subset=[egov_indicator, governance_indicator])["year"].unique())
    raise params.ParameterError(
        f"start_year, end_year = {start_year}, {end_year} hold fewer than two survey editions with both "
        f"indicators; the editions with both are {both}. Widen the window."
    )
if lag_editions >= len(editions) - 1:
    raise params.ParameterError(f"lag_editions = {lag_editions} leaves nothing to estimate with {len(editions)} editions")
datasets = datasets_read([egov_indicator, governance_indicator, *controls])
source_line = notebook.source_line(lang, [egov_indicator, governance_indicator, *controls])

# %% [markdown]
# ## Sample
# Countries with each piece of data, by edition. Early editions did not assess some UN members; WGI did
# not rate some small states; a control series may end before the last edition, which removes the later
# editions from every model that uses it.

# %%
notebook.heading("nb02_sample", lang)
lag_x = f"{egov_indicator}_lag{lag_editions}"
lag_g = f"{governance_indicator}_lag{lag_editions}"
by_edition = sample.groupby("year").agg(
    nb02_with_egov=(egov_indicator, "count"),
    nb02_with_governance=(governance_indicator, "count"),
)
complete = sample.dropna(subset=[egov_indicator, governance_indicator, *control_terms])
if control_terms:
    by_edition["nb02_with_controls"] = sample.dropna(subset=control_terms).groupby("year").size()
by_edition["nb02_complete"] = complete.groupby("year").size()
by_edition = by_edition.fillna(0).astype(int).reset_index()
outputs.write_table(by_edition, out, "sample_by_edition")
display(notebook.localize_columns(by_edition, lang))

# %% [markdown]
# ## Estimates side by side
# The e-government coefficient is the change in the WGI estimate (a score with a cross-country standard
# deviation of about 1) for a change of 1 in the 0–1 index, i.e. from the bottom to the top of the scale;
# the forest plot shows it per 0.1. The two-way FE columns report linearmodels' R² after removing both
# effects and its *within R²*, which judges the slope alone against each country's own average; the latter
# is negative when the edition effects, not the slope, carry the within-country variation.

# %%
notebook.heading("nb02_estimates", lang)
models = {"pooled_ols": stats.pooled_ols(sample, governance_indicator, egov_indicator, control_terms)}
models["twoway_fe"] = stats.twoway_fe(sample, governance_indicator, egov_indicator, control_terms)
if control_terms:
    models["nb02_twoway_fe_no_controls"] = stats.twoway_fe(sample, governance_indicator, egov_indicator)
models["lagged"] = stats.twoway_fe(sample, governance_indicator, lag_x, control_terms)
models["first_differences"] = stats.first_differences(
    sample, governance_indicator, egov_indicator, control_terms, time_effects=True
)
models["reverse"] = stats.twoway_fe(sample, egov_indicator, lag_g, control_terms)
key_term = {key: result.regressors[0] for key, result in models.items()}
model_label = {key: i18n.t({"lagged": "nb02_model_lagged", "reverse": "nb02_model_reverse"}.get(key, key), lang)
               for key in models}
fixed_effects = {"pooled_ols": "nb02_none", "first_differences": "nb02_fe_differences"}


# %%
def term_label(term: str) -> str:
    """Display name of a regression term in `lang`."""
    for base, lagged in ((egov_indicator, lag_x), (governance_indicator, lag_g)):
        if term == lagged:
            return i18n.t("nb02_term_lag", lang, name=i18n.indicator_label(base, lang, with_unit=False), k=lag_editions)
    if term.startswith("log "):
        return i18n.t("nb02_term_log", lang, name=i18n.indicator_label(term[4:], lang, with_unit=False))
    return i18n.indicator_label(term, lang, with_unit=False)


def localized_table(results: dict) -> object:
    """results_table with every row label, header and text cell in `lang`."""
    terms = [egov_indicator, lag_x, lag_g, *control_terms]
    names = [f"({n}) {model_label[key]}" for n, key in enumerate(results, start=1)]
    table = stats.results_table(list(results.values()), terms, column_names=names)
    table.loc["dependent_variable"] = [term_label(r.dependent) for r in results.values()]
    table.loc["fixed_effects"] = [i18n.t(fixed_effects.get(key, "nb02_fe_country_edition"), lang) for key in results]
    table.loc["controls"] = [", ".join(term_label(c) for c in r.regressors[1:]) or i18n.t("nb02_none", lang)
                             for r in results.values()]
    model_keys = {"Pooled OLS": "pooled_ols", "Two-way FE": "twoway_fe", "First differences": "first_differences"}
    table.loc["Model"] = [i18n.t(model_keys[value], lang) for value in table.loc["Model"]]
    table.loc["SE"] = i18n.t("nb02_clustered", lang)
    rows = {"N": "n_obs", "Entities": "n_countries", "R²": "r2", "Within R²": "r2_within", "Model": "estimator",
            "SE": "nb02_se_type", "dependent_variable": "dependent_variable", "fixed_effects": "fixed_effects",
            "controls": "controls"}
    labels = [i18n.t("nb02_se_row", lang) if row.endswith(" (se)") else
              i18n.t(rows[row], lang) if row in rows else term_label(row) for row in table.index]
    return table.set_axis(labels, axis=0).reset_index(names=i18n.t("nb02_row", lang))


estimates = localized_table(models)
outputs.write_table(estimates, out, "estimates", latex=True)
display(estimates)

# %%
numeric = stats.results_table_numeric(list(models.values()))
numeric.insert(1, "model_key", [list(models)[column - 1] for column in numeric["column"]])
outputs.write_table(numeric, out, "estimates_numeric")
rows = numeric.set_index(["model_key", "term"])
key_rows = {key: rows.loc[(key, term)] for key, term in key_term.items()}
editions_used = {
    key: sorted(int(y) for y in sample.dropna(subset=[r.dependent, *r.regressors])["year"].unique())
    for key, r in models.items()
}
standardized = {key: stats.within_standardized_coef(sample, models[key])
                for key in models if key not in ("pooled_ols", "first_differences")}

# %% [markdown]
# The forest plot shows the forward estimates per 0.1 of the index with their 95 % confidence intervals
# (the reverse regression has different units and is in the table).

# %%
forward = [key for key in models if key != "reverse"]
forest = pd.DataFrame({"model_key": forward, "label": [model_label[key] for key in forward]})
for column in ("coef", "ci_low", "ci_high"):
    forest[column] = [key_rows[key][column] * STEP for key in forward]
short_egov = i18n.indicator_label(egov_indicator, lang, with_unit=False)
short_gov = i18n.indicator_label(governance_indicator, lang, with_unit=False)
fig, ax = plots.estimate_forest(
    forest, lang=lang,
    xlabel=i18n.t("nb02_forest_xlabel", lang, y=short_gov, x=short_egov, step=STEP),
    title=i18n.t("nb02_forest_title", lang, y=short_gov, x=short_egov),
)
plots.add_source_line(fig, source_line)
_ = plots.save_figure(fig, out, "estimates_forest")

# %% [markdown]
# ## Within-country change, first to last edition
# Each point is one country: how much its e-government index and its governance score changed between
# its first and last edition in the window. China's path (and that of any other highlighted country) is
# drawn edition by edition from the origin. The dashed line is the OLS fit across countries (a long
# difference).

# %%
notebook.heading("nb02_changes", lang)
x_change, y_change = f"{egov_indicator}_change", f"{governance_indicator}_change"
changes = stats.first_last_changes(sample, [egov_indicator, governance_indicator])
changes = changes.merge(countries[["iso3", "name_en", "name_zh", "region"]], on="iso3", how="left")
paths = stats.changes_since_first(sample[sample["iso3"].isin(highlight)], [egov_indicator, governance_indicator])
fig, ax = plots.change_paths(
    changes, paths, x_change, y_change, highlight=highlight, lang=lang, countries=countries,
    xlabel=i18n.t("nb02_change_axis", lang, name=short_egov),
    ylabel=i18n.t("nb02_change_axis", lang, name=short_gov),
    title=i18n.t("nb02_change_title", lang, start=start_year, end=end_year),
)
plots.add_source_line(fig, notebook.source_line(lang, [egov_indicator, governance_indicator]))
_ = plots.save_figure(fig, out, "change_paths")
outputs.write_table(changes, out, "country_changes")
long_difference = stats.ols_hc3(changes, y_change, x_change)

# %%
shown = {}
for code in highlight:
    row = changes.loc[changes["iso3"] == code]
    if row.empty:
        continue
    row = row.iloc[0]
    shown[code] = {
        "first_year": int(row["first_year"]), "last_year": int(row["last_year"]),
        "egov_first": row[f"{egov_indicator}_first"], "egov_last": row[f"{egov_indicator}_last"],
        "egov_change": row[x_change], "governance_change": row[y_change],
        "egov_change_pct_below": 100 * (changes[x_change] < row[x_change]).mean(),
        "governance_change_pct_below": 100 * (changes[y_change] < row[y_change]).mean(),
        "path": paths.loc[paths["iso3"] == code, ["year", x_change, y_change]],
    }
gaps = (sample["year"] - sample[f"{lag_x}_year"]).dropna()
last_with_gov = int(sample.dropna(subset=[governance_indicator])["year"].max())
gov_sd = float(sample.loc[sample["year"] == last_with_gov, governance_indicator].std())

# %% [markdown]
# WGI publishes a standard error with the government-effectiveness estimate. A country's first-to-last
# change is compared with 1.96 times the combined standard error of its two estimates.

# %%
measurement = None
se_indicator = governance_indicator.replace(".EST", ".STD.ERR")
if se_indicator in codebook_ids():
    errors = load_panel(se_indicator, years=window, wide=True).set_index(["iso3", "year"])[se_indicator]
    noise = changes.assign(
        se_first=errors.reindex(list(zip(changes["iso3"], changes["first_year"], strict=True))).to_numpy(),
        se_last=errors.reindex(list(zip(changes["iso3"], changes["last_year"], strict=True))).to_numpy(),
    ).dropna(subset=["se_first", "se_last"])
    noise["band"] = 1.96 * np.sqrt(noise["se_first"] ** 2 + noise["se_last"] ** 2)
    measurement = {
        "median_se": float(np.median(noise[["se_first", "se_last"]])),
        "pct_within_noise": 100 * (noise[y_change].abs() < noise["band"]).mean(),
        "n_countries": len(noise),
    }
    for code, info in shown.items():
        if (noise["iso3"] == code).any():
            info["governance_noise_band"] = noise.loc[noise["iso3"] == code, "band"].iloc[0]

# %%
def model_record(key: str) -> dict:
    """The key term of one model for results.json (per STEP too, except the reverse model: other units)."""
    row = key_rows[key]
    record = {name: row[name] for name in ("coef", "se", "pvalue", "ci_low", "ci_high", "nobs", "n_entities",
                                           "r2", "r2_within")}
    if key != "reverse":
        record.update({f"{name}_per_step": row[name] * STEP for name in ("coef", "ci_low", "ci_high")})
    return {**record, "term": key_term[key], "standardized_within": standardized.get(key),
            "editions_used": editions_used[key], "full": stats.result_to_dict(models[key])}


results = {
    "parameters": {
        "governance_indicator": governance_indicator, "egov_indicator": egov_indicator,
        "lag_editions": lag_editions, "controls": controls, "control_terms": control_terms,
        "start_year": start_year, "end_year": end_year, "highlight": highlight, "step": STEP,
    },
    "editions": window,
    "models": {key: model_record(key) for key in models},
    "long_difference": stats.result_to_dict(long_difference),
    "lag_gap_years": {"min": gaps.min(), "median": gaps.median(), "max": gaps.max()},
    "governance_sd_last_edition": {"year": last_with_gov, "sd": gov_sd},
    "changes": shown,
    "measurement": measurement,
    "n_countries_with_change": len(changes),
}
_ = outputs.write_results(out, results, outputs.provenance(datasets))

# %% keep_output=true
# NBVAL_CHECK_OUTPUT
notebook.key_results({key: results[key] for key in ("editions", "models", "long_difference", "n_countries_with_change")})

# %% [markdown]
# ## What the data say

# %%
notebook.heading("verdict", lang)


def num(value: float, digits: int = 3, sign: bool = True) -> str:
    return f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"


def pval(value: float) -> str:
    return "p < 0.001" if value < 0.001 else f"p = {value:.3f}"


def per_step(key: str) -> dict:
    row = key_rows[key]
    return {"coef": num(row["coef"] * STEP), "low": num(row["ci_low"] * STEP), "high": num(row["ci_high"] * STEP),
            "p": pval(row["pvalue"]), "n": int(row["nobs"]), "k": int(row["n_entities"])}


def holds(key: str) -> bool:
    """Positive and significant at 5 %."""
    return bool(key_rows[key]["coef"] > 0 and key_rows[key]["pvalue"] < 0.05)


fe = key_rows["twoway_fe"]
n_countries = sample.dropna(subset=[egov_indicator, governance_indicator])["iso3"].nunique()
notebook.say("nb02_sample_note", lang, n_countries=n_countries, first=window[0], last=window[-1], n_window=len(window))
if control_terms:
    fe_editions = editions_used["twoway_fe"]
    notebook.say("nb02_sample_controls", lang, n_fe=len(fe_editions), fe_first=fe_editions[0], fe_last=fe_editions[-1])
notebook.say("nb02_fe_result", lang, x=short_egov, y=short_gov, step=STEP, **per_step("twoway_fe"),
             sd=num(gov_sd, 2, sign=False), sd_year=last_with_gov)
notebook.say("nb02_pooled_result", lang, step=STEP, **{f"pooled_{k}": v for k, v in per_step("pooled_ols").items()},
             ratio=num(key_rows["pooled_ols"]["coef"] / fe["coef"], 1, sign=False))
notebook.say(
    "nb02_robust_result", lang, lag=lag_editions, step=STEP, gap_min=int(gaps.min()), gap_med=num(gaps.median(), 0, False),
    gap_max=int(gaps.max()), **{f"lag_{k}": v for k, v in per_step("lagged").items()},
    **{f"fd_{k}": v for k, v in per_step("first_differences").items()},
    lag_verdict=i18n.t("nb02_holds" if holds("lagged") else "nb02_not_holds", lang),
    fd_verdict=i18n.t("nb02_holds" if holds("first_differences") else "nb02_not_holds", lang),
)
rev = key_rows["reverse"]
notebook.say(
    "nb02_reverse_result", lang, x=short_egov, y=short_gov, lag=lag_editions, rev=num(rev["coef"]), rev_low=num(rev["ci_low"]),
    rev_high=num(rev["ci_high"]), rev_p=pval(rev["pvalue"]), fwd_std=num(standardized["lagged"], 2),
    rev_std=num(standardized["reverse"], 2),
    rev_verdict=i18n.t("nb02_holds" if holds("reverse") else "nb02_not_holds", lang),
    comparison=i18n.t("nb02_rev_as_strong" if abs(standardized["reverse"]) >= abs(standardized["lagged"])
                      else "nb02_rev_weaker", lang),
)

# %%
for code, info in shown.items():
    notebook.say(
        "nb02_country_result", lang, country=i18n.country_name(code, lang, countries), first=info["first_year"],
        last=info["last_year"], x=short_egov, y=short_gov, dx=num(info["egov_change"]),
        dy=num(info["governance_change"]), px=round(info["egov_change_pct_below"]),
        py=round(info["governance_change_pct_below"]), n=len(changes),
    )
ld = long_difference
notebook.say("nb02_long_difference", lang, x=short_egov, y=short_gov, coef=num(ld.params[x_change] * STEP), step=STEP,
             low=num(ld.conf_int[x_change][0] * STEP), high=num(ld.conf_int[x_change][1] * STEP), n=ld.nobs)
if holds("twoway_fe") and holds("lagged") and holds("first_differences"):
    overall = "nb02_overall_all"
elif holds("twoway_fe") and holds("lagged"):
    overall = "nb02_overall_slow"
elif holds("twoway_fe") or holds("lagged"):
    overall = "nb02_overall_levels_only"
else:
    overall = "nb02_overall_none"
notebook.say(overall, lang, x=short_egov, y=short_gov)

# %% [markdown]
# ## What this design can and cannot show
# - **Fixed effects remove** everything about a country that does not change (history, legal origin,
#   geography, political system) and everything that hits all countries in the same edition (global
#   shocks, the survey's changes of method). **They do not remove** what changes within a country at the
#   same time as e-government: income growth (partly controlled), education, administrative reform drives
#   or a new leadership that improves both. Those are the main alternative explanations.
# - **Reverse causality.** Effective governments may build e-government, not (only) the other way round;
#   the reverse-direction column asks whether earlier governance predicts later e-government as strongly.
#   Lags order the data in time but do not make a causal design: both series are persistent.
# - **Measurement.** WGI scores are perception-based composites with standard errors (below), rescaled
#   every year to a world mean of 0, so they measure *relative* standing; EGDI is also relative and partly
#   re-normalized each edition. EGDI averages three components, of which only the Online Service Index is
#   government action: the Human Capital Index (schooling) and the Telecommunication Infrastructure Index
#   (connectivity) are not. The survey is dated by its publication year; its assessment is made in the months before.
# - **Few editions, unbalanced sample.** A dozen survey editions at most, unevenly spaced, with early editions
#   and small states missing (see the sample table); first differences are noisy because both indices move little between editions.
# - **Correlation is not causation.** A positive within-country association is what an effect would
#   produce, but also what a common driver would produce.

# %%
notebook.heading("caveats", lang)
if measurement:
    notebook.say("nb02_measurement", lang, y=short_gov, se=num(measurement["median_se"], 2, False),
                 share=round(measurement["pct_within_noise"]))
for code, info in shown.items():
    if "governance_noise_band" in info:
        notebook.say("nb02_measurement_country", lang, country=i18n.country_name(code, lang, countries),
                     dy=num(info["governance_change"]), band=num(info["governance_noise_band"], 3, False))

# %% [markdown]
# ## Try it yourself
# 1. `egov_indicator = "un_egov.osi"`: the Online Service Index is the part of EGDI that measures what
#    governments put online. Does the within-country coefficient move?
# 2. `controls = []` or `controls = ["gapminder.income_per_person"]` (GDP per capita, which ends in 2019, so
#    the 2020 and 2022 editions drop out; see the sample table): how much does the fixed-effects estimate move?
# 3. `governance_indicator = "CC.EST"` (control of corruption) with `lag_editions = 2`: is a slower,
#    longer-run link visible, and is the reverse direction as strong?
