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

# %% tags=["parameters"]
lang = "en"
output_dir = ""
indicators = [
    "un_egov.egdi", "un_egov.osi", "GE.EST", "IT.NET.USER.ZS", "IT.NET.BBND.P2", "IT.CEL.SETS.P2",
    "hdr.hdi", "hdr.mys", "gapminder.income_per_person", "SP.URB.TOTL.IN.ZS", "NV.SRV.TOTL.ZS",
    "SL.AGR.EMPL.ZS", "gtmi.gtmi", "itu.idi",
]
first_year = 1990
last_year = 2024
country = "CHN"

# %%
from IPython.display import display

from helpers import coverage as cov
from helpers import i18n, notebook, outputs, params, plots
from helpers.data import country_table, load_panel

params.check_injected_parameters()  # papermill used directly: refuse misspelled names
lang = params.check_lang(lang)
indicators = params.check_indicators("indicators", indicators)
first_year, last_year = params.check_year_range("first_year, last_year", first_year, last_year, 1800, 2030)
(country,) = params.check_countries("country", [country])
out = params.output_dir(output_dir, "00_data_overview")
plots.use_style(lang)

# %%
countries = country_table()
members = set(countries.loc[countries["un_member"], "iso3"])
panel = load_panel(indicators, years=(first_year, last_year))
datasets = sorted(panel["source"].unique())
source_line = notebook.source_line(lang, indicators)

# %% [markdown]
# ## Coverage by indicator and year
# The share of UN member states with a value. Territories (e.g. Hong Kong, Puerto Rico) are in the panel but
# not in this denominator.

# %%
notebook.heading("coverage", lang)
coverage = cov.coverage_matrix(panel, members, first_year, last_year, order=indicators)
fig, ax = plots.coverage_heatmap(coverage, lang=lang)
plots.add_source_line(fig, source_line)
plots.save_figure(fig, out, "coverage_heatmap")
outputs.write_table(coverage.reset_index(), out, "coverage_by_indicator_year")
coverage_summary = cov.coverage_summary(panel, members)
display(notebook.localize_columns(coverage_summary, lang))

# %% [markdown]
# ## Sources, releases and checksums
# Every file the panel was built from, with its licence and the sha256 checked at fetch time.

# %%
notebook.heading("sources", lang)
sources_table = outputs.sources_table(outputs.provenance(datasets))
outputs.write_table(sources_table, out, "sources")
display(notebook.localize_columns(sources_table, lang))

# %% [markdown]
# ## What is missing, and why
# The UN survey marks countries it did not assess with 0 (stored here as missing and counted below). Other
# gaps are publisher gaps: WGI did not rate some small states in early years; HDR lacks some countries.

# %%
notebook.heading("missing", lang)
assessed = load_panel("un_egov.assessed")
not_assessed = cov.not_assessed_by_edition(assessed)
outputs.write_table(not_assessed, out, "un_egov_not_assessed")
display(notebook.localize_columns(not_assessed, lang))
missing_members = cov.members_without_data(panel, members)
outputs.write_table(missing_members, out, "members_without_data_latest_year")
display(notebook.localize_columns(missing_members, lang))

# %% [markdown]
# ## China's data completeness

# %%
china_completeness = cov.completeness(panel, country)
outputs.write_table(china_completeness, out, f"completeness_{country}")
display(notebook.localize_columns(china_completeness, lang))

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

# %% [markdown]
# ## What the data say

# %%
notebook.heading("verdict", lang)
wide_coverage = 150  # member states: "wide" coverage for the summary sentence
wide = coverage_summary[coverage_summary["members_latest_year"] >= wide_coverage]
thinnest = china_completeness.sort_values("share_of_years").iloc[0]
notebook.say(
    "overview_summary",
    lang,
    n_wide=len(wide),
    threshold=wide_coverage,
    n_all=len(coverage_summary),
    n_members=len(members),
    first_edition=int(not_assessed["year"].iloc[0]),
    na_first=int(not_assessed["not_assessed"].iloc[0]),
    last_edition=int(not_assessed["year"].iloc[-1]),
    na_last=int(not_assessed["not_assessed"].iloc[-1]),
    country=i18n.country_name(country, lang, countries),
    share=round(100 * china_completeness["years_with_data"].sum() / china_completeness["years_available"].sum()),
    thinnest=i18n.indicator_label(thinnest["indicator"], lang, with_unit=False),
    thinnest_share=round(100 * thinnest["share_of_years"]),
)

# %% [markdown]
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
