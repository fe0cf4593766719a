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
# # 06 · The essay's claims and what the data say: verdicts by declared rules
#
# **Question.** Notebooks 01–04 each test one claim of the essay. Which of its claims survive the checks a
# referee would ask for — many defensible specifications instead of one, a correction for testing several
# outcomes, country-specific trends — and which do not, or cannot be tested with these data?
#
# **Claims tested.** The claims registry (`data/claims.yaml`) states each claim: (a) digital development
# is a marker of modernization; (b) digital government raises government effectiveness (b1), improves
# the business environment (b2) and equalises access to basic public services (b3); (c) the West
# modernized "in series", China "in parallel"; (d) digital divides between countries are closing;
# (e) China's e-government rose fast. The statements are paraphrases of the essay's claims as notebooks
# 01–04 summarise them, not quotations.
#
# **Data.** The processed panel, read through the same helpers as notebooks 01–04: UN E-Government Survey
# 2003–2024, World Bank WGI 2024 release, UNDP HDR (including its inequality indices, 2010–2022), WDI and
# Gapminder series, and the long-run series of notebook 03.
#
# **Method.** Registry → tests → rules. For every claim the registry declares, *before any estimate was
# seen*, the estimand, a primary specification, the threats to validity and a decision rule: what makes
# the claim supported, mixed, not supported or not testable. This notebook computes the evidence each rule
# reads — for (a) and (b) the primary estimate, Holm's adjustment across the claim's outcomes, the
# specification curve and the robustness checks; for (c) notebook 03's process windows and onset order;
# for (d) notebook 04's convergence measures over several clipping constants; for (e) the whole rank
# series — and applies the rules. No verdict is typed in: each is computed from its rule and the data.

# %% [markdown] tags=["lang-zh"]
# # 06 · 文章的论断与数据结论：按事先声明的规则作出判定
#
# **研究问题。** 第01—04篇各自检验了文章的一项论断。在审稿人会要求的检验之下——以众多同样站得住的设定代替
# 单一设定、对多个结果变量的检验进行校正、加入国家特定趋势——哪些论断依然成立，哪些不成立，哪些无法用这些
# 数据检验？
#
# **所检验的论断。** 论断登记表（`data/claims.yaml`）逐条列出：（a）数字化发展是现代化的重要标志；（b）
# 数字政府建设提升政府效能（b1）、优化营商环境（b2）、促进基本公共服务均等化（b3）；（c）西方的现代化是
# “串联式”的，中国则是“并联式”的；（d）国家之间的数字鸿沟正在缩小；（e）中国电子政务进步很快。这些表述
# 是按第01—04篇的概括对文章论断的转述，并非原文引语。
#
# **数据。** 处理后的面板，经由与第01—04篇相同的工具读取：联合国电子政务调查（2003—2024年）、世界银行
# 全球治理指标（WGI，2024年版）、联合国开发计划署《人类发展报告》（含其2010—2022年的不平等指数）、世界发展
# 指标与 Gapminder 序列，以及第03篇使用的长期历史序列。
#
# **方法。** 登记表 → 检验 → 规则。对每项论断，登记表都在*看到任何估计值之前*声明了估计对象、主要设定、
# 效度威胁和判定规则：怎样算得到支持、证据不一、未得到支持或无法检验。本篇计算每条规则所需的证据——对（a）
# 和（b），是主要估计、对该论断各结果变量的 Holm 校正、设定曲线和稳健性检验；对（c），是第03篇的进程窗口与
# 起步顺序；对（d），是第04篇在多个截断常数下的收敛度量；对（e），是完整的排名序列——然后应用规则。任何
# 判定都不是手工写入的：每一项都由其规则和数据计算得出。

# %% tags=["parameters"]
lang: str = "en"  # report language: "en" or "zh"
output_dir: str = ""  # folder for figures, tables and results.json (empty: outputs/interactive/<notebook>)
seed: int = 12  # seed of the resampling checks (wild bootstrap, randomization inference, Romano–Wolf)
reps: int = 999  # replications of each resampling check
alpha: float = 0.05  # level of the specification-curve shares ("positive and significant")

# %%
import pandas as pd

from helpers import notebook, outputs, params, plots, stats
from helpers.claims import evidence as ev
from helpers.claims import frames as cf
from helpers.claims import rules
from helpers.claims.registry import load_registry
from helpers.data import datasets_read

params.check_injected_parameters()  # papermill used directly: refuse misspelled names
lang = params.check_lang(lang)
params.check_type("seed", seed, int)
params.check_type("alpha", alpha, float)
params.check_type("reps", reps, int)
if reps < 99:
    raise params.ParameterError(f"reps must be at least 99 for a p-value at the 1 % level to mean anything; got {reps}")
if not 0 < alpha < 1:
    raise params.ParameterError(f"alpha must be a level between 0 and 1, e.g. 0.05; got {alpha}")
out = params.output_dir(output_dir, "06_claims_and_verdicts")
text = notebook.texts("06_claims_and_verdicts", lang)
plots.use_style(lang)
registry = load_registry()
HEADERS = {"claim": text("col_claim"), "statement": text("col_statement"), "estimand": text("col_estimand"),
           "rule_type": text("col_rule_type"), "check": text("col_check"), "estimate": text("col_estimate"),
           "pvalue": text("col_pvalue"), "adjusted_pvalue": text("col_adjusted_pvalue"),
           "romano_wolf_pvalue": text("col_romano_wolf_pvalue"), "nobs": text("col_nobs"),
           "eps_pct": text("col_eps_pct"), "n_start": text("col_n_start"), "sd_start": text("col_sd_start"),
           "sd_end": text("col_sd_end"), "change": text("col_change"), "n_clipped_start": text("col_n_clipped_start"),
           "verdict": text("col_verdict"), "rule": text("col_rule"), "main_threat": text("col_main_threat"),
           "would_change_if": text("col_would_change_if")}
VALUES = {**{kind: rules.rule_name(kind, lang, registry) for kind in rules.EVIDENCE_TYPES},
          **{name: check[lang] for name, check in registry.checks.items()}, "primary": text("check_primary")}

# %% [markdown] tags=["lang-en"]
# ## The registry
# Each claim, what is estimated, and the type of rule that decides it (the thresholds are in
# `data/claims.yaml`, beside a description of each rule type).

# %% [markdown] tags=["lang-zh"]
# ## 论断登记表
# 各项论断、所估计的对象，以及作出判定的规则类型（具体阈值见 `data/claims.yaml`，其中对每类规则都有文字说明）。

# %%
claims_table = pd.DataFrame([{"claim": c.id, "statement": c.statement[lang], "estimand": c.estimand[lang],
                              "rule_type": VALUES[c.rule_type]} for c in registry.claims.values()])
notebook.show(claims_table, lang, headers=HEADERS)

# %% [markdown] tags=["lang-en"]
# ## Claims (a) and (b): specification curves
# Every combination of the choices a careful analyst could defend — outcome, treatment (EGDI or one of its
# three components; the GovTech Maturity Index for b), controls, lag, estimator, timing and sample — is
# estimated (`helpers.claims.frames`, `stats.specification_curve`). Estimates are per one unit of the
# treatment index; standard errors are clustered by country, with G − 1 degrees of freedom.

# %% [markdown] tags=["lang-zh"]
# ## 论断（a）与（b）：设定曲线
# 对审慎的分析者可以辩护的每一种选择组合——结果变量、处理变量（EGDI 或其三个分项之一；论断 b 另有政府科技
# 成熟度指数）、控制变量、滞后期、估计方法、时点和样本——逐一估计（`helpers.claims.frames`、
# `stats.specification_curve`）。估计值均以处理指数每变动1个单位计；标准误按国家聚类，自由度取 G − 1。

# %%
frames = {"a": cf.claim_a_frames(), "b": cf.claim_b_frames()}
curves = {"a": stats.specification_curve(frames["a"], cf.claim_a_grid()),
          "b": stats.specification_curve(frames["b"], cf.claim_b_grid())}
curve = pd.concat(curves.values(), ignore_index=True)
outputs.write_table(curve, out, "specification_curve")
summaries = {family: stats.curve_summary(part, alpha) for family, part in curves.items()}
for family, summary in summaries.items():
    text.say("curve_summary", claim=family, **summary)

# %% [markdown] tags=["lang-en"]
# ### The specification curve of claim (a)
# Each column is one specification: its estimate and 95 % interval above, the choices that made it below.
# The estimates of (a) are per percentage point (internet use, broadband, mobile) or per unit of the EGDI,
# so the treatment choice also changes the scale.

# %% [markdown] tags=["lang-zh"]
# ### 论断（a）的设定曲线
# 每一列代表一个设定：上方为其估计值与95%置信区间，下方为构成该设定的各项选择。论断（a）的估计值以每个百分点
# （互联网普及率、宽带、移动电话）或 EGDI 每变动1个单位计，因此处理变量的选择也改变了量纲。

# %%
fig, _ = plots.specification_curve_figure(curves["a"], lang, alpha=alpha, title=text("curve_title_a"))
plots.add_source_line(fig, notebook.source_line(lang, cf.claim_a_indicators()))
_ = plots.save_figure(fig, out, "specification_curve_a")
text.say("curve_caption", claim="a", **summaries["a"])

# %% [markdown] tags=["lang-en"]
# ### The specification curve of claim (b)
# The outcomes of b1–b3 together; on the inequality indices (b3) the claim predicts a negative slope, so
# for them "positive and significant" counts against the claim.

# %% [markdown] tags=["lang-zh"]
# ### 论断（b）的设定曲线
# b1—b3 的结果变量合在一起；对不平等指数（b3），论断预期的斜率为负，因此对它们而言“为正且显著”是不利于论断的
# 证据。

# %%
fig, _ = plots.specification_curve_figure(curves["b"], lang, alpha=alpha, title=text("curve_title_b"))
plots.add_source_line(fig, notebook.source_line(lang, cf.claim_b_indicators()))
_ = plots.save_figure(fig, out, "specification_curve_b")
text.say("curve_caption", claim="b", **summaries["b"])

# %% [markdown] tags=["lang-en"]
# ## Robustness of the primary specifications
# Each effect claim's primary specification and the battery of checks the registry names
# (`data/claims.yaml`, `checks:`): the same specification with country-specific linear trends; the wild
# cluster bootstrap p-value (null imposed, Rademacher weights, by country); randomization inference
# (whole treatment paths permuted across countries); the placebo lead (the next edition's index beside
# this one's: a future index should add nothing); Oster's δ (how much stronger than the observed
# controls selection on unobservables would have to be to explain the estimate away; the estimate column
# shows δ); and the test that the slope is equal across income groups (reported, required by no rule).
# The resampling checks use `reps` replications and the notebook's `seed`. The primary row gives the
# p-value adjusted across the claim's family of outcomes (claim a: its five outcomes; claims b1–b3
# together) by Holm, which the rules read, and by Romano–Wolf, which keeps the dependence between the
# outcomes' estimates (a joint wild bootstrap).

# %% [markdown] tags=["lang-zh"]
# ## 主要设定的稳健性
# 每项效应类论断的主要设定，以及登记表（`data/claims.yaml` 中的 `checks:`）列出的一组稳健性检验：加入国家
# 特定线性趋势的同一设定；按国家聚类、施加原假设、采用 Rademacher 权重的野聚类自助法 p 值；随机化推断（在
# 国家之间置换整条处理路径）；安慰剂前导检验（在本期指数之外加入下一期指数：未来的指数不应有解释力）；Oster
# δ（不可观测因素的选择效应须比已观测控制变量强多少倍，才能把估计值完全解释掉；估计值一列显示的是 δ）；以及
# 各收入组斜率相同的检验（仅作报告，没有规则要求它）。重抽样类检验使用 `reps` 次重复和本篇的 `seed`。
# “主要设定”一行给出在该论断结果变量族内校正后的 p 值（论断 a：其五个结果变量；论断 b1—b3 合为一族）：规则
# 读取的是 Holm 校正值；Romano–Wolf 校正值通过联合野自助法保留了各结果变量估计值之间的相关性。

# %%
effect_ids = [c.id for c in registry.claims.values() if c.rule_type == "effect"]
family_of = {cid: "a" if cid == "a" else "b" for cid in effect_ids}
primary_rows = {cid: cf.primary_specification(cid, registry) for cid in effect_ids}
claim_frames = {cid: frames[family_of[cid]] for cid in effect_ids}
battery = {cid: ev.robustness_checks(claim_frames[cid], primary_rows[cid], seed=seed, reps=reps,
                                     curve=curves[family_of[cid]]) for cid in effect_ids}
checks = {cid: found for cid, (found, _) in battery.items()}
effects = ev.effect_evidence(registry, claim_frames, primary_rows,
                             {cid: curves[family_of[cid]] for cid in effect_ids}, checks, alpha)
romano_wolf = ev.romano_wolf_within_families(registry, claim_frames, primary_rows, seed=seed, reps=reps)
robustness = pd.DataFrame(ev.robustness_rows(registry, effects, romano_wolf))
outputs.write_table(robustness, out, "robustness")
notebook.show(robustness.replace({"check": VALUES}), lang, decimals=3, headers=HEADERS)

# %% [markdown] tags=["lang-en"]
# ## The two-way FE critique: what design these data allow
# A two-way FE slope is a weighted average of comparisons between countries whose treatment changed more
# and less; when effects differ across countries or over time some weights are negative and the average
# can even take the wrong sign (de Chaisemartin & D'Haultfœuille 2020). With a continuous treatment it
# also mixes the effect of a change with differences in how strongly countries respond (Callaway,
# Goodman-Bacon & Sant'Anna 2024). The designs built to avoid this need comparison units the treatment
# leaves alone. The Python packages that implement them — `csdid` and `differences` (Callaway & Sant'Anna's
# group-time effects) — take a cohort, the period in which a unit is first treated, and compare it with
# units not yet or never treated: a binary (or few-valued) treatment adopted once. The continuous-treatment
# estimator of Callaway, Goodman-Bacon & Sant'Anna (the R package `contdid`) needs a dose that is fixed
# over time and a balanced panel with untreated units; de Chaisemartin & D'Haultfœuille's estimators
# compare "switchers" with "stayers", units whose treatment did not change between two periods. The EGDI
# offers none of these, as the count below shows: every country has a positive index from its first
# edition (none is untreated), the index is continuous (almost every value is distinct), most changes are
# rises, and no country's index stays put between two editions (no stayers).
#
# So no heterogeneity-robust design fits, and none is run. What the data allow is what the specification
# curve and the battery already hold: first differences (edition-to-edition changes, which drop the
# comparison of early and late levels), the long difference (first to last complete edition) and the
# placebo lead (whether next edition's index "predicts" today's outcome). Their estimates for the primary
# specifications of (b) follow. A large, significant lead means that countries' governance and e-government
# move together ahead of the measured change — a common trend or reverse causality, not an effect of
# e-government; the estimates of (b) are then within-country associations, and the verdicts say no more.

# %% [markdown] tags=["lang-zh"]
# ## 对双向固定效应的批评：这些数据允许怎样的设计
# 双向固定效应斜率是处理变量变动较多与较少的国家之间各种比较的加权平均；当效应因国家或时间而异时，部分权重
# 为负，平均值甚至可能符号相反（de Chaisemartin 和 D'Haultfœuille，2020）。对于连续处理变量，它还把变动本身
# 的效应与各国反应强度的差异混在一起（Callaway、Goodman-Bacon 和 Sant'Anna，2024）。为避免这些问题而设计的
# 方法都需要处理变量保持不动的对照单位。实现这些方法的 Python 软件包——`csdid` 与 `differences`（Callaway 和
# Sant'Anna 的分组—时期效应）——要求给出队列，即单位首次受处理的时期，并将其与尚未或从未受处理的单位比较：
# 处理变量须是一次性采纳的二值（或少数几个取值的）变量。Callaway、Goodman-Bacon 和 Sant'Anna 的连续处理估计量
# （R 软件包 `contdid`）要求处理剂量不随时间变化、面板平衡且有未受处理的单位；de Chaisemartin 和
# D'Haultfœuille 的估计量则比较“变动者”与“保持者”，即相邻两期处理变量没有变化的单位。如下面的统计所示，EGDI
# 不满足其中任何一种条件：每个国家从其第一期起指数就为正（没有未受处理的国家），指数是连续的（取值几乎各不
# 相同），多数变动是上升，而且没有哪个国家的指数在相邻两期之间保持不变（没有“保持者”）。
#
# 因此，没有一种对异质性稳健的设计适用于这些数据，本篇也不运行这类设计。数据所允许的，正是设定曲线和稳健性
# 检验中已有的内容：一阶差分（相邻两期的变动，剔除了早期与晚期水平之间的比较）、长差分（从首个到最后一个
# 完整调查期）以及安慰剂前导检验（下一期指数能否“预测”本期结果）。下面给出它们对（b）各主要设定的估计。
# 若前导项大且显著，说明各国治理水平与电子政务在所测变动之前就已同步变化——这是共同趋势或反向因果，而非电子
# 政务的效应；此时对（b）的估计只是国家内部的关联，判定也仅止于此。

# %%
b_frame = frames["b"][primary_rows["b1"]["frame"]]
text.say("treatment_moves", **ev.treatment_changes(b_frame, primary_rows["b1"]["treatment"]))
for cid in (c for c in effect_ids if family_of[c] == "b"):
    text.say("battery_finding", claim=cid, **ev.design_findings(curves["b"], primary_rows[cid], checks[cid]))

# %% [markdown] tags=["lang-en"]
# ## Claims (c), (d) and (e): the methods of notebooks 03 and 04
# (c) China's and the early industrializers' process windows (industrialization, urbanization, agricultural
# modernization; informatization left out because it overlaps with anything under way after 1990 by
# construction) and the order of their onsets, dated within the interval the observations allow;
# (d) the spread of internet use across the economies observed every year 2000–2022, at three clipping
# constants of the logit; (e) China's whole EGDI rank series.

# %% [markdown] tags=["lang-zh"]
# ## 论断（c）、（d）、（e）：沿用第03、04篇的方法
# （c）中国与早期工业化国家的进程窗口（工业化、城镇化、农业现代化；不含信息化，因为它与1990年后仍在进行的
# 任何进程都必然重叠）及其起步顺序，起步年份只定在观测值所允许的区间内；（d）2000—2022年每年均有数据的
# 经济体之间互联网普及率的离散程度，取 logit 的三个截断常数；（e）中国完整的 EGDI 排名序列。

# %%
order_evidence, onset_test = ev.process_order_from_data(registry["c"])
convergence, sensitivity = ev.convergence_from_data(registry["d"])
figures = ev.figures_from_data(registry["e"])
outputs.write_table(onset_test.sequences, out, "onset_sequences")
outputs.write_table(sensitivity, out, "clipping_sensitivity")
notebook.show(sensitivity[["eps_pct", "n_start", "sd_start", "sd_end", "change", "n_clipped_start"]], lang,
              decimals={"eps_pct": 1, "sd_start": 3, "sd_end": 3, "change": 3}, headers=HEADERS)
text.say("rank_series", series=text("list_sep").join(f"{y}: {r:.0f}" for y, r in figures.series.items()))

# %% [markdown] tags=["lang-en"]
# ## Verdicts
# Each verdict is what the claim's declared rule gives on the evidence above; the rule column says which
# condition decided. Estimates are per one unit of the treatment (see the unit column); for (c)–(e) the
# number is the method's headline (China's share of overlapping window pairs; the change in the spread of
# logits; rank places gained since the first edition).

# %% [markdown] tags=["lang-zh"]
# ## 判定
# 每项判定都是该论断事先声明的规则在上述证据上给出的结果；“规则”一列说明是哪一条件起了决定作用。估计值以处理
# 变量每变动1个单位计（见“单位”一列）；对（c）—（e），数字是相应方法的核心结果（中国重叠窗口对的比例、logit
# 离散程度的变化、自第一期以来排名上升的位次）。

# %%
evidence = {**effects, "c": order_evidence, "d": convergence, "e": figures}
verdicts = rules.decide_all(registry, evidence)
table = pd.DataFrame(rules.verdict_table(registry, verdicts, evidence, lang), columns=rules.VERDICT_COLUMNS)
outputs.write_table(table, out, "verdicts")
notebook.show(table.drop(columns=["outcome", "unit"]), lang, decimals=3, headers=HEADERS)

# %%
datasets = datasets_read()
results = {
    "parameters": {"seed": seed, "reps": reps, "alpha": alpha},
    "checks_not_run": {cid: not_run for cid, (_, not_run) in battery.items() if not_run},
    "romano_wolf": romano_wolf,
    "verdicts": {cid: {"verdict": v.verdict, "rule": v.rule, "conditions": v.conditions} for cid, v in verdicts.items()},
    "headline": {r["claim"]: {k: r[k] for k in ("estimate", "ci_low", "ci_high")} for r in table.to_dict("records")},
    "curve_summaries": summaries,
    "n_specifications": {family: len(part) for family, part in curves.items()},
}
_ = outputs.write_results(out, results, outputs.provenance(datasets))

# %% keep_output=true
# NBVAL_CHECK_OUTPUT
notebook.key_results({key: results[key] for key in ("verdicts", "headline", "n_specifications")})

# %% [markdown] tags=["lang-en"]
# ## Caveats
# - **A two-way FE slope of a continuous, nearly universal treatment.** No heterogeneity-robust design fits
#   a continuous index that every country has and that changes in every edition (see the section on the
#   two-way FE critique). The estimates of (b) are within-country associations, not effects; the placebo lead and the
#   country-specific trends printed there are the checks that speak to a common trend, and a claim whose
#   lead is significant or whose slope vanishes with trends cannot be supported by its rule.
# - **Within China.** The regional question — whether gaps between China's provinces, or between city and
#   countryside, narrow — cannot be tested with these data: every series is national. Provincial
#   statistics (internet penetration, public services by province) would test it.
# - **Proxies.** Regulatory quality is a perception index, not the business environment firms face;
#   inequality in life expectancy and education are outcomes of services, not access to them.
# - **Rules are only as good as their thresholds.** Another analyst could declare other thresholds; they
#   are in `data/claims.yaml`, and changing one there changes the verdict here.

# %% [markdown] tags=["lang-zh"]
# ## 注意事项
# - **连续且几乎普遍存在的处理变量下的双向固定效应斜率。** 对于一个每个国家都有、每期都在变动的连续指数，没有
#   一种对异质性稳健的设计适用（见“对双向固定效应的批评”一节）。对（b）的估计是国家内部的关联，而非因果效应；
#   该节给出的安慰剂前导项和国家特定趋势，正是针对共同趋势的检验：前导项显著、或加入趋势后斜率消失的论断，
#   按其规则不可能得到支持。
# - **中国国内。** 地区层面的问题——中国各省之间、城乡之间的差距是否缩小——无法用这些数据检验：所有序列都是
#   全国层面的。省级统计（分省的互联网普及率、公共服务）才能检验它。
# - **代理变量。** 监管质量是感知指数，并非企业实际面对的营商环境；预期寿命不平等和教育不平等是公共服务的
#   结果，而非服务的可及性。
# - **规则的好坏取决于其阈值。** 其他分析者可能声明不同的阈值；这些阈值都写在 `data/claims.yaml` 中，在那里
#   改动任何一个，这里的判定就会随之改变。

# %% [markdown] tags=["lang-en"]
# ## Try it yourself
# 1. In `data/claims.yaml`, change claim b1's primary specification to `treatment: un_egov.osi` (the part of
#    the EGDI governments build) and rerun: does the verdict move?
# 2. `alpha = 0.1`: how much of each specification curve becomes "positive and significant"?
# 3. Add a fourth clipping constant (2.0) to claim d's rule: does the relative spread still narrow?

# %% [markdown] tags=["lang-zh"]
# ## 动手试试
# 1. 在 `data/claims.yaml` 中把论断 b1 的主要设定改为 `treatment: un_egov.osi`（EGDI 中由政府建设的部分），
#    重新运行：判定会改变吗？
# 2. 设定 `alpha = 0.1`：每条设定曲线中有多大比例会变成“为正且显著”？
# 3. 在论断 d 的规则中加入第四个截断常数（2.0）：相对差距是否仍在缩小？
