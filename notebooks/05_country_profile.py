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

# %% tags=["parameters"]
lang = "en"
output_dir = ""
country = "CHN"
peers = []
year_range = [2000, 2024]

# %%
from IPython.display import display

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
    notebook.say("no_data_section", lang, country=name, what=what)
    results["sections"][what] = "no data"


notebook.heading("country_profile", lang, level=1, country=name)
if peers:
    notebook.say("peers_used", lang, peers=", ".join(i18n.country_name(p, lang, countries) for p in peers))
else:
    notebook.say("no_peers", lang, country=name)

# %% [markdown]
# ## Digital development vs peers and the world
# Each line is one country; the grey line labelled as the world median is the median across all countries
# with data in that year.

# %%
notebook.heading("profile_digital", lang)
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
    plots.save_figure(fig, out, f"digital_{indicator.replace('.', '_')}")
digital_table = prof.compare_latest(panel, country, peers, DIGITAL)
outputs.write_table(digital_table, out, "digital_latest")
display(notebook.localize_columns(digital_table, lang))
results["digital"] = digital_table

# %% [markdown]
# ## Modernization outcomes

# %%
notebook.heading("profile_outcomes", lang)
outcome_table = prof.compare_latest(panel, country, peers, OUTCOMES)
outputs.write_table(outcome_table, out, "outcomes_latest")
if outcome_table["value"].notna().any():
    datasets_used.update(panel.loc[panel["indicator"].isin(OUTCOMES), "source"].unique())
    display(notebook.localize_columns(outcome_table, lang))
else:
    no_data(i18n.t("profile_outcomes", lang))
results["outcomes"] = outcome_table

# %% [markdown]
# ## E-government: EGDI rank and components over the survey editions

# %%
notebook.heading("profile_egov", lang)
egov = prof.egov_path(panel, country)
if egov["un_egov.egdi"].notna().any():
    path = egov.dropna(subset=["un_egov.egdi"])
    outputs.write_table(path, out, "egov_path")
    display(notebook.localize_columns(path, lang))
    components = path.melt(id_vars="year", value_vars=EGOV[:5], var_name="iso3").dropna()
    components["iso3"] = [i18n.indicator_label(i, lang, with_unit=False) for i in components["iso3"]]
    fig, ax = plots.line_trajectories(components, y="value", highlight=list(components["iso3"].unique()),
                                      lang=lang, ylabel=i18n.indicator_unit("un_egov.egdi", lang),
                                      title=i18n.t("profile_egov", lang))
    plots.add_source_line(fig, source_line(panel[panel["indicator"].isin(EGOV)]))
    plots.save_figure(fig, out, "egov_components")
    first, last = path.iloc[0], path.iloc[-1]
    notebook.say("egov_sentence", lang, country=name, first=first["un_egov.egdi"], first_year=int(first["year"]),
                 first_rank=int(first["un_egov.rank"]), last=last["un_egov.egdi"], last_year=int(last["year"]),
                 last_rank=int(last["un_egov.rank"]))
    results["egov"] = path
else:
    no_data(i18n.t("profile_egov", lang))

# %% [markdown]
# ## Governance (Worldwide Governance Indicators, estimates from about −2.5 to 2.5)

# %%
notebook.heading("profile_governance", lang)
governance = in_range[(in_range["iso3"] == country) & in_range["indicator"].isin(GOVERNANCE)]
if governance.empty:
    no_data(i18n.t("profile_governance", lang))
else:
    governance_lines = governance.rename(columns={"iso3": "country", "indicator": "iso3"})
    governance_lines["iso3"] = [i18n.indicator_label(i, lang, with_unit=False) for i in governance_lines["iso3"]]
    fig, ax = plots.line_trajectories(governance_lines, y="value", highlight=list(governance_lines["iso3"].unique()),
                                      lang=lang, ylabel=i18n.indicator_unit("GE.EST", lang),
                                      title=i18n.t("profile_governance", lang))
    plots.add_source_line(fig, source_line(governance))
    plots.save_figure(fig, out, "governance")
    governance_table = prof.compare_latest(panel, country, peers, GOVERNANCE)
    outputs.write_table(governance_table, out, "governance_latest")
    display(notebook.localize_columns(governance_table, lang))
    results["governance"] = governance_table

# %% [markdown]
# ## Position in the cross-section: digital over- or under-achiever given income?
# Internet users regressed on log income per person across countries in the latest year the country has
# both (OLS); the residual says how far above or below the line the country sits.

# %%
notebook.heading("profile_position", lang)
both = load_panel(["IT.NET.USER.ZS", "gapminder.income_per_person"])
position = prof.cross_section_position(both, country, "IT.NET.USER.ZS", "gapminder.income_per_person")
if position is None:
    no_data(i18n.t("profile_position", lang))
else:
    datasets_used.update(both["source"].unique())
    notebook.say("position_sentence", lang, country=name, year=position["year"],
                 digital=i18n.indicator_label("IT.NET.USER.ZS", lang, with_unit=False),
                 direction=i18n.t("above" if position["residual"] >= 0 else "below", lang),
                 residual=position["residual"], rank=position["rank"], n=position["n"])
    results["position"] = position

# %% [markdown]
# ## Modernization milestones
# Urban share crossing 20% and 50%; agricultural employment falling below 50% and 20%; internet users
# crossing 10% and 50%; fixed telephones crossing 10 per 100. A crossing before the data start or not yet
# reached is censored and shown as such — never given an invented date.

# %%
notebook.heading("profile_timeline", lang)
milestone_spec = {
    "urbanization": (prof.series_of(panel, country, "SP.URB.TOTL.IN.ZS"), [20, 50], "up"),
    "agricultural_modernization": (prof.series_of(panel, country, "SL.AGR.EMPL.ZS"), [50, 20], "down"),
    "informatization": (prof.series_of(panel, country, "IT.NET.USER.ZS"), [10, 50], "up"),
    "telephones": (prof.series_of(panel, country, "IT.MLT.MAIN.P2"), [10], "up"),
}
milestone_table = prof.milestones(milestone_spec)
if (milestone_table["status"] == "no_data").all():
    no_data(i18n.t("profile_timeline", lang))
else:
    datasets_used.update(panel.loc[panel["indicator"].isin(MILESTONE_SERIES), "source"].unique())
    outputs.write_table(milestone_table, out, "milestones")
    display(notebook.localize_columns(milestone_table, lang))
results["milestones"] = milestone_table

# %% [markdown]
# ## Data gaps
# The share of years with a value for this country, among the years in which each indicator has any value.

# %%
notebook.heading("profile_gaps", lang)
gaps = cov.completeness(in_range, country)
outputs.write_table(gaps, out, "completeness")
display(notebook.localize_columns(gaps, lang))
results["completeness"] = gaps.set_index("indicator")["share_of_years"].to_dict()
_ = outputs.write_results(out, results, outputs.provenance(sorted(datasets_used)))

# %% keep_output=true
# NBVAL_CHECK_OUTPUT
notebook.key_results({k: results[k] for k in ("country", "peers", "sections", "position", "completeness") if k in results})

# %% [markdown]
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
