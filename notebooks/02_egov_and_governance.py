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

# %% [markdown] tags=["lang-zh"]
# # 02 · 电子政务能否提升政府效能？
#
# **研究问题。** 一国的电子政务发展之后，其政府效能是否随之提高？这里的比较对象，一是该国自身的过去，二是同一
# 时期所有国家的共同变化。
#
# **所检验的论断。** 文章认为，数字政府建设能够“提高政府的效率和效能”（论断 b）。在国家之间，电子政务水平与
# 政府效能高度相关；这里要回答的是：这种相关在国家*内部*、随时间推移是否依然成立——若存在因果效应，这是必要
# 条件，但并不足以证明因果关系。
#
# **数据。** 联合国电子政务调查（电子政务发展指数 EGDI 及其分项在线服务指数 OSI；调查年份为 2003、2004、
# 2005、2008 年，此后每两年一期，直至 2024 年），世界银行全球治理指标（WGI，2024 年版，覆盖 1996—2023 年：
# 政府效能、监管质量、腐败控制、法治），以及作为控制变量的人均收入（联合国开发计划署按购买力平价计算的人均
# 国民总收入，取对数；该序列截至 2022 年，因此 2022 年及以前的每期调查都保留其样本国家）。
#
# **方法。** 构建“调查期 × 国家”面板，每期调查与同年的 WGI 估计值合并。并列比较五种估计方法，标准误均按国家
# 聚类：混合最小二乘（混合 OLS，反映跨国关联）；双向固定效应（国家效应与调查期效应：每个国家与自身比较，并剔除
# 所有国家共同的变动）；以*前一期*电子政务指数为解释变量的双向固定效应；相邻两期之间的一阶差分（含调查期效应）；
# 以及反向回归（以电子政务对滞后的治理水平回归）。“前一期”指该国有数值的上一期调查，通常相隔 1 至 4 年（若该国
# 缺席若干期则更久）。另有一图展示各国从首期到末期的变化，并逐期绘出中国的变化路径。

# %% tags=["parameters"]
lang: str = "en"  # report language: "en" or "zh"
output_dir: str = ""  # folder for figures, tables and results.json (empty: outputs/interactive/<notebook>)
governance_indicator: str = "GE.EST"  # one of GE.EST, RQ.EST, CC.EST, RL.EST (WGI estimates)
egov_indicator: str = "un_egov.egdi"  # one of un_egov.egdi, un_egov.osi
lag_editions: int = 1  # survey editions between e-government and governance in the lagged model
controls: list = ["hdr.gnipc"]  # codebook ids of control variables (empty: none)
start_year: int = 2003  # first survey edition (2003-2024)
end_year: int = 2022  # last survey edition (2003-2024)
highlight: list = ["CHN"]  # economies whose change paths are drawn (ISO3 codes or names)

# %%
import numpy as np
import pandas as pd

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
text = notebook.texts("02_egov_and_governance", lang)
plots.use_style(lang)

# %% [markdown] tags=["lang-en"]
# ## Building the edition panel
# One row per country and survey edition. Income-type controls (measured in dollars) enter in logs. Lags
# are taken on the full edition panel before the years are restricted, so the first edition in the window
# can use an earlier one as its lag.

# %% [markdown] tags=["lang-zh"]
# ## 构建调查期面板
# 每个国家的每期调查占一行。以美元计量的收入类控制变量取对数。滞后项在限定年份范围之前、基于完整的调查期
# 面板生成，因此窗口内的第一期调查也可以用更早的一期作为滞后值。

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

# %% [markdown] tags=["lang-en"]
# ## Sample
# Countries with each piece of data, by edition. Early editions did not assess some UN members; WGI did
# not rate some small states; a control series may end before the last edition, which removes the later
# editions from every model that uses it.

# %% [markdown] tags=["lang-zh"]
# ## 样本
# 各期调查中具备各项数据的国家/地区数。早期调查未评估部分联合国会员国，WGI 未对部分小国评分；控制变量序列
# 可能在最后一期调查之前就已结束，这会使所有使用该变量的模型失去较晚的几期调查。

# %%
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
headers = {"nb02_with_egov": text("with_egov"), "nb02_with_governance": text("with_governance"),
           "nb02_with_controls": text("with_controls"), "nb02_complete": text("complete")}
notebook.show(by_edition.rename(columns=headers), lang)

# %% [markdown] tags=["lang-en"]
# ## Estimates side by side
# The e-government coefficient is the change in the WGI estimate (a score with a cross-country standard
# deviation of about 1) for a change of 1 in the 0–1 index, i.e. from the bottom to the top of the scale;
# the forest plot shows it per 0.1. The two-way FE columns report `linearmodels`' R² after removing both
# effects and its *within R²*, which judges the slope alone against each country's own average; the latter
# is negative when the edition effects, not the slope, carry the within-country variation.

# %% [markdown] tags=["lang-zh"]
# ## 各估计方法的结果对比
# 电子政务系数表示 0–1 指数变动 1（即从量表最低端到最高端）时 WGI 估计值（一种跨国标准差约为 1 的得分）的
# 变动；森林图按指数每变动 0.1 报告。双向固定效应各列报告 `linearmodels` 在剔除两类效应后计算的 R²，以及
# *组内 R²*——后者仅以斜率相对于各国自身均值的解释力来衡量；当国家内部的变动主要由调查期效应而非斜率承载时，
# 组内 R² 为负。

# %%
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
own_labels = {"nb02_twoway_fe_no_controls": text("twoway_fe_no_controls"), "lagged": text("model_lagged"),
              "reverse": text("model_reverse")}
model_label = {key: own_labels.get(key) or i18n.t(key, lang) for key in models}
fixed_effects = {"pooled_ols": text("none"), "first_differences": text("fe_differences")}


# %%
def term_label(term: str) -> str:
    """Display name of a regression term in `lang`."""
    for base, lagged in ((egov_indicator, lag_x), (governance_indicator, lag_g)):
        if term == lagged:
            return text("term_lag", name=i18n.indicator_label(base, lang, with_unit=False), k=lag_editions)
    if term.startswith("log "):
        return text("term_log", name=i18n.indicator_label(term[4:], lang, with_unit=False))
    return i18n.indicator_label(term, lang, with_unit=False)


def localized_table(results: dict) -> object:
    """results_table with every row label, header and text cell in `lang`."""
    terms = [egov_indicator, lag_x, lag_g, *control_terms]
    names = [f"({n}) {model_label[key]}" for n, key in enumerate(results, start=1)]
    table = stats.results_table(list(results.values()), terms, column_names=names)
    table.loc["dependent_variable"] = [term_label(r.dependent) for r in results.values()]
    table.loc["fixed_effects"] = [fixed_effects.get(key, text("fe_country_edition")) for key in results]
    table.loc["controls"] = [", ".join(term_label(c) for c in r.regressors[1:]) or text("none")
                             for r in results.values()]
    model_keys = {"Pooled OLS": "pooled_ols", "Two-way FE": "twoway_fe", "First differences": "first_differences"}
    table.loc["Model"] = [i18n.t(model_keys[value], lang) for value in table.loc["Model"]]
    table.loc["SE"] = text("clustered")
    rows = {"N": "n_obs", "Entities": "n_countries", "R²": "r2", "Within R²": "r2_within", "Model": "estimator",
            "dependent_variable": "dependent_variable", "fixed_effects": "fixed_effects", "controls": "controls"}
    labels = [text("se_row") if row.endswith(" (se)") else text("se_type") if row == "SE" else
              i18n.t(rows[row], lang) if row in rows else term_label(row) for row in table.index]
    return table.set_axis(labels, axis=0).reset_index(names=text("row"))


estimates = localized_table(models)
outputs.write_table(estimates, out, "estimates", latex=True)
notebook.show(estimates, lang)

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

# %% [markdown] tags=["lang-en"]
# The forest plot shows the forward estimates per 0.1 of the index with their 95 % confidence intervals
# (the reverse regression has different units and is in the table).

# %% [markdown] tags=["lang-zh"]
# 森林图给出各正向估计值（指数每变动 0.1）及其 95% 置信区间（反向回归的单位不同，仅列于上表）。

# %%
forward = [key for key in models if key != "reverse"]
forest = pd.DataFrame({"model_key": forward, "label": [model_label[key] for key in forward]})
for column in ("coef", "ci_low", "ci_high"):
    forest[column] = [key_rows[key][column] * STEP for key in forward]
short_egov = i18n.indicator_label(egov_indicator, lang, with_unit=False)
short_gov = i18n.indicator_label(governance_indicator, lang, with_unit=False)
fig, ax = plots.estimate_forest(
    forest, lang=lang,
    xlabel=text("forest_xlabel", y=short_gov, x=short_egov, step=STEP),
    title=text("forest_title", y=short_gov, x=short_egov),
)
plots.add_source_line(fig, source_line)
_ = plots.save_figure(fig, out, "estimates_forest")

# %% [markdown] tags=["lang-en"]
# ## Within-country change, first to last edition
# Each point is one country: how much its e-government index and its governance score changed between
# its first and last edition in the window. China's path (and that of any other highlighted country) is
# drawn edition by edition from the origin. The dashed line is the OLS fit across countries (a long
# difference).

# %% [markdown] tags=["lang-zh"]
# ## 国家内部变化：从首期到末期
# 每个点代表一个国家：其电子政务指数和治理得分在窗口内首期与末期之间的变化量。中国（以及其他重点关注国家）的
# 路径从原点出发逐期绘出。虚线为各国之间的 OLS 拟合线（即长差分）。

# %%
x_change, y_change = f"{egov_indicator}_change", f"{governance_indicator}_change"
changes = stats.first_last_changes(sample, [egov_indicator, governance_indicator])
changes = changes.merge(countries[["iso3", "name_en", "name_zh", "region"]], on="iso3", how="left")
paths = stats.changes_since_first(sample[sample["iso3"].isin(highlight)], [egov_indicator, governance_indicator])
fig, ax = plots.change_paths(
    changes, paths, x_change, y_change, highlight=highlight, lang=lang, countries=countries,
    xlabel=text("change_axis", name=short_egov),
    ylabel=text("change_axis", name=short_gov),
    title=text("change_title", start=start_year, end=end_year),
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

# %% [markdown] tags=["lang-en"]
# WGI publishes a standard error with the government-effectiveness estimate. A country's first-to-last
# change is compared with 1.96 times the combined standard error of its two estimates.

# %% [markdown] tags=["lang-zh"]
# WGI 在公布政府效能估计值的同时给出其标准误。下面将每个国家从首期到末期的变化与其两期估计值合并标准误的
# 1.96 倍进行比较。

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

# %% [markdown] tags=["lang-en"]
# ## What the data say

# %% [markdown] tags=["lang-zh"]
# ## 数据结论

# %%
def per_step(key: str) -> dict:
    row = key_rows[key]
    return {"coef": row["coef"] * STEP, "low": row["ci_low"] * STEP, "high": row["ci_high"] * STEP,
            "p": stats.p_value_text(row["pvalue"]), "n": int(row["nobs"]), "k": int(row["n_entities"])}


def holds(key: str) -> bool:
    """Positive and significant at 5 %."""
    return bool(key_rows[key]["coef"] > 0 and key_rows[key]["pvalue"] < 0.05)


def verdict(key: str) -> str:
    return text("holds") if holds(key) else text("not_holds")


fe = key_rows["twoway_fe"]
n_countries = sample.dropna(subset=[egov_indicator, governance_indicator])["iso3"].nunique()
text.say("sample_note", n_countries=n_countries, first=window[0], last=window[-1], n_window=len(window))
if control_terms:
    fe_editions = editions_used["twoway_fe"]
    text.say("sample_controls", n_fe=len(fe_editions), fe_first=fe_editions[0], fe_last=fe_editions[-1])
text.say("fe_result", x=short_egov, y=short_gov, step=STEP, **per_step("twoway_fe"), sd=gov_sd, sd_year=last_with_gov)
text.say("pooled_result", step=STEP, **{f"pooled_{k}": v for k, v in per_step("pooled_ols").items()},
         ratio=key_rows["pooled_ols"]["coef"] / fe["coef"])
text.say(
    "robust_result", lag=lag_editions, step=STEP, gap_min=int(gaps.min()), gap_med=gaps.median(),
    gap_max=int(gaps.max()), **{f"lag_{k}": v for k, v in per_step("lagged").items()},
    **{f"fd_{k}": v for k, v in per_step("first_differences").items()},
    lag_verdict=verdict("lagged"), fd_verdict=verdict("first_differences"),
)
rev = key_rows["reverse"]
text.say(
    "reverse_result", x=short_egov, y=short_gov, lag=lag_editions, rev=rev["coef"], rev_low=rev["ci_low"],
    rev_high=rev["ci_high"], rev_p=stats.p_value_text(rev["pvalue"]), fwd_std=standardized["lagged"],
    rev_std=standardized["reverse"], rev_verdict=verdict("reverse"),
    comparison=text("rev_as_strong") if abs(standardized["reverse"]) >= abs(standardized["lagged"])
    else text("rev_weaker"),
)

# %%
for code, info in shown.items():
    text.say(
        "country_result", country=i18n.country_name(code, lang, countries), first=info["first_year"],
        last=info["last_year"], x=short_egov, y=short_gov, dx=info["egov_change"], dy=info["governance_change"],
        px=info["egov_change_pct_below"], py=info["governance_change_pct_below"], n=len(changes),
    )
ld = long_difference
text.say("long_difference", x=short_egov, y=short_gov, coef=ld.params[x_change] * STEP, step=STEP,
         low=ld.conf_int[x_change][0] * STEP, high=ld.conf_int[x_change][1] * STEP, n=ld.nobs)
if holds("twoway_fe") and holds("lagged") and holds("first_differences"):
    text.say("overall_all", x=short_egov, y=short_gov)
elif holds("twoway_fe") and holds("lagged"):
    text.say("overall_slow", x=short_egov, y=short_gov)
elif holds("twoway_fe") or holds("lagged"):
    text.say("overall_levels_only", x=short_egov, y=short_gov)
else:
    text.say("overall_none", x=short_egov, y=short_gov)

# %% [markdown] tags=["lang-en"]
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

# %% [markdown] tags=["lang-zh"]
# ## 这一设计能说明什么，不能说明什么
# - **固定效应能够剔除**一国不随时间变化的一切因素（历史、法律渊源、地理、政治制度），以及同一期调查中所有
#   国家共同受到的冲击（全球性冲击、调查方法的调整）。**它不能剔除**一国内部与电子政务同时发生的变化：收入
#   增长（已部分控制）、教育进步、行政改革运动，或同时改善二者的新一届领导层。这些正是主要的替代性解释。
# - **反向因果。** 可能是高效能的政府建设了电子政务，而不（仅）是反过来；反向回归一列检验的是，较早的治理
#   水平能否同样有力地预测较晚的电子政务水平。滞后项只是在时间上给数据排序，并不构成因果识别设计：两个序列
#   都具有很强的持续性。
# - **测量问题。** WGI 得分是基于主观感知的综合指标，附有标准误（见下文），且每年重新标准化为世界均值 0，
#   因此衡量的是*相对*位置；EGDI 同样是相对指标，每期调查都会部分地重新标准化。EGDI 是三个分项的平均值，
#   其中只有在线服务指数反映政府行为，人力资本指数（教育）和电信基础设施指数（网络连通）则不然。调查以
#   发布年份标注，而评估工作在此前数月完成。
# - **调查期少，样本不平衡。** 调查至多十余期，间隔不均，早期调查和小国存在缺失（见样本表）；由于两项指数在
#   相邻两期之间变动很小，一阶差分估计的噪声较大。
# - **相关不等于因果。** 国家内部的正向关联固然是因果效应会产生的结果，但共同驱动因素同样会产生这种关联。

# %%
if measurement:
    text.say("measurement", y=short_gov, se=measurement["median_se"], share=measurement["pct_within_noise"])
for code, info in shown.items():
    if "governance_noise_band" in info:
        text.say("measurement_country", country=i18n.country_name(code, lang, countries),
                 dy=info["governance_change"], band=info["governance_noise_band"])

# %% [markdown] tags=["lang-en"]
# ## Try it yourself
# 1. `egov_indicator = "un_egov.osi"`: the Online Service Index is the part of EGDI that measures what
#    governments put online. Does the within-country coefficient move?
# 2. `controls = []` or `controls = ["gapminder.income_per_person"]` (GDP per capita, which ends in 2019, so
#    the 2020 and 2022 editions drop out; see the sample table): how much does the fixed-effects estimate move?
# 3. `governance_indicator = "CC.EST"` (control of corruption) with `lag_editions = 2`: is a slower,
#    longer-run link visible, and is the reverse direction as strong?

# %% [markdown] tags=["lang-zh"]
# ## 动手试试
# 1. 设定 `egov_indicator = "un_egov.osi"`：在线服务指数是 EGDI 中衡量政府在线提供服务的部分。国家内部的
#    系数会发生变化吗？
# 2. 设定 `controls = []` 或 `controls = ["gapminder.income_per_person"]`（人均 GDP，该序列截至 2019 年，
#    因此 2020 年和 2022 年两期调查会被剔除，见样本表）：固定效应估计值会变化多少？
# 3. 设定 `governance_indicator = "CC.EST"`（腐败控制）并取 `lag_editions = 2`：能否看到更缓慢、更长期的
#    关联？反向关联是否同样强？
