"""Gathering the evidence each claim's rule reads, from the estimators the notebooks use.

* ``effect`` claims (a, b1–b3): the primary specification of ``data/claims.yaml`` with each of the
  claim's outcomes (:func:`helpers.stats.specification_curve` on the frames of
  :mod:`helpers.claims.frames`), Holm across the claim's family, the claim's part of the specification
  curve (:func:`helpers.stats.curve_summary`) and the robustness checks (:func:`robustness_checks`).
* ``process_order`` (c): notebook 03's process windows (:mod:`helpers.processes`: spliced long-run and
  modern series, threshold crossings, overlaps) and the onset-order test
  (:func:`helpers.stats.onset_order_test`).
* ``convergence`` (d): notebook 04's σ-convergence over several clipping constants
  (:func:`helpers.stats.sigma_convergence_sensitivity`) and β-convergence on the balanced sample.
* ``reported_figures`` (e): China's whole EGDI rank series and its internet users.

Every function returns the record of :mod:`helpers.claims.rules`; nothing here decides a verdict.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from .. import processes, stats
from ..data.load import POPULATION_INDICATORS
from .registry import Claim, Registry
from .rules import (
    CheckResult,
    ConvergenceEvidence,
    EffectEvidence,
    Estimate,
    FiguresEvidence,
    PairCounts,
    ProcessOrderEvidence,
    holm_within_families,
)

# --- effect claims ---------------------------------------------------------------------------------


def estimate_from_row(row: Mapping[str, Any]) -> Estimate:
    """An :class:`Estimate` from one row of a specification curve (:data:`helpers.stats.SPEC_COLUMNS`)."""
    return Estimate(estimate=float(row["estimate"]), se=float(row["se"]), ci_low=float(row["ci_low"]),
                    ci_high=float(row["ci_high"]), pvalue=float(row["pvalue"]), nobs=int(row["nobs"]),
                    n_countries=int(row["n_countries"]))


def fit_row(frames: Mapping[str, pd.DataFrame], row: Mapping[str, Any]) -> tuple[Estimate | None, str]:
    """Fit one grid row; (None, why) when its outcome has no data or it cannot be estimated on them."""
    frame = frames[row["frame"]] if "frame" in row else next(iter(frames.values()))
    outcome = row["outcome"]
    if outcome not in frame.columns or frame[outcome].notna().sum() == 0:
        return None, f"{outcome} has no values in the panel"
    try:
        curve = stats.specification_curve(frames, pd.DataFrame([dict(row)]))
    except stats.SpecificationError as err:  # e.g. too few countries with the outcome
        return None, str(err)
    return estimate_from_row(curve.iloc[0]), ""


def outcome_rows(claim: Claim, primary_row: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The primary specification (a grid row) with each of the claim's outcomes in turn."""
    return {outcome: {**primary_row, "outcome": outcome} for outcome in claim.outcomes}


def claim_curve(claim: Claim, curve: pd.DataFrame | None) -> pd.DataFrame | None:
    """The rows of a specification curve that test ``claim``: its outcomes, in its family's curve."""
    if curve is None:
        return None
    return curve[curve["outcome"].isin(claim.outcomes)]


def effect_evidence(registry: Registry, frames: Mapping[str, Mapping[str, pd.DataFrame]],
                    primary_rows: Mapping[str, Mapping[str, Any]], curves: Mapping[str, pd.DataFrame | None],
                    checks: Mapping[str, Mapping[str, CheckResult]], alpha: float = 0.05) -> dict[str, EffectEvidence]:
    """The :class:`EffectEvidence` of every ``effect`` claim.

    Parameters
    ----------
    frames : claim id → the frames its grid rows name (``frame`` key), e.g. ``claim_b_frames()``.
    primary_rows : claim id → its primary specification as a grid row
        (:func:`helpers.claims.frames.primary_specification`).
    curves : claim id → the specification curve of its family (None: no curve).
    checks : claim id → robustness checks by name (:func:`robustness_checks`).
    alpha : level of the specification-curve shares.
    """
    fits = {}
    for claim in (c for c in registry.claims.values() if c.rule_type == "effect"):
        fits[claim.id] = {o: fit_row(frames[claim.id], row) for o, row in outcome_rows(claim, primary_rows[claim.id]).items()}
    raw = {cid: {o: est.pvalue for o, (est, _) in found.items() if est is not None} for cid, found in fits.items()}
    adjusted = holm_within_families(registry, raw, stats.holm)
    evidence = {}
    for claim_id, found in fits.items():
        claim = registry[claim_id]
        primary, why = found[claim.primary["outcome"]]
        part = claim_curve(claim, curves.get(claim_id))
        evidence[claim_id] = EffectEvidence(
            primary=primary, outcomes={o: est for o, (est, _) in found.items() if est is not None},
            adjusted=adjusted[claim_id], curve=None if part is None else stats.curve_summary(part, alpha),
            checks=dict(checks.get(claim_id, {})), missing=why,
        )
    return evidence




def specification_frame(frames: Mapping[str, pd.DataFrame], row: Mapping[str, Any]) -> tuple[pd.DataFrame, str, list[str]]:
    """(the rows of ``row``'s sample in its frame, the treatment column, the control columns) of a grid row.

    The same selection :func:`helpers.stats.specification_curve` makes, so every check of the battery is
    run on the primary specification's own rows.
    """
    frame = frames[row["frame"]] if "frame" in row else next(iter(frames.values()))
    sample = str(row.get("sample", "all"))
    if sample != "all":
        frame = frame[frame[stats.SAMPLE_PREFIX + sample].astype(bool)]
    return frame, stats.treatment_column(row["treatment"], row.get("lag", 0)), list(row.get("control_terms", ()))


def _as_check(result: stats.CheckResult, value: float | None = None) -> CheckResult:
    return CheckResult(estimate=result.estimate, pvalue=None if math.isnan(result.pvalue) else result.pvalue,
                       value=value, ci_low=None if math.isnan(result.ci_low) else result.ci_low,
                       ci_high=None if math.isnan(result.ci_high) else result.ci_high)


def _oster_check(result: stats.CheckResult) -> CheckResult:
    """Oster's check as the rules read it: ``value`` δ (for β = 0), ``estimate`` the bias-adjusted β*."""
    return _as_check(result, result.details["delta"])


def robustness_checks(frames: Mapping[str, pd.DataFrame], primary_row: Mapping[str, Any], *, seed: int = 12,
                      reps: int = 999, group: str | None = "income_group",
                      curve: pd.DataFrame | None = None) -> tuple[dict[str, CheckResult], dict[str, str]]:
    """The robustness battery on one claim's primary specification.

    * ``country_trends``: the specification with country-specific linear trends (estimator
      ``twoway_fe_trends``, read from ``curve`` when the specification curve holds it, else fitted);
    * ``wild_bootstrap``: :func:`helpers.stats.wild_cluster_bootstrap` (WCR, Rademacher, ``reps``, ``seed``;
      the p-value only — inverting it for an interval costs forty bootstraps per claim);
    * ``randomization``: :func:`helpers.stats.randomization_inference` (``reps``, ``seed``);
    * ``placebo_lead``: :func:`helpers.stats.placebo_lead` (the next edition's index beside this one's);
    * ``oster_delta``: :func:`helpers.stats.oster_delta`, ``value`` = δ for β = 0, ``estimate`` = β*
      (needs at least one control);
    * ``heterogeneity``: :func:`helpers.stats.heterogeneity_by_group` by ``group`` (the pooled estimate and
      the p-value of equal slopes across groups), when ``group`` is given.

    Returns
    -------
    (checks, not_run) : the checks by registry name, and for each check that could not be estimated on
        these data (:class:`helpers.stats.SpecificationError`) the reason; a rule then reads it as not run.
    """
    frame, treatment, controls = specification_frame(frames, primary_row)
    outcome, estimator = primary_row["outcome"], primary_row["estimator"]
    spec = (frame, outcome, treatment, controls, estimator)
    runs = {
        "wild_bootstrap": lambda: _as_check(stats.wild_cluster_bootstrap(*spec, reps=reps, seed=seed, interval=False)),
        "randomization": lambda: _as_check(stats.randomization_inference(*spec, reps=reps, seed=seed)),
        "placebo_lead": lambda: _as_check(stats.placebo_lead(*spec)),
    }
    if controls:
        runs["oster_delta"] = lambda: _oster_check(stats.oster_delta(*spec))
    if group is not None:
        runs["heterogeneity"] = lambda: _as_check(stats.heterogeneity_by_group(*spec, group=group))
    checks, not_run = {}, {}
    with_trends = {**primary_row, "estimator": "twoway_fe_trends"}
    trends = None if curve is None else curve_estimate(curve, with_trends)
    if trends is None:
        trends, why = fit_row(frames, with_trends)
        if trends is None:
            not_run["country_trends"] = why
    if trends is not None:
        checks["country_trends"] = CheckResult(estimate=trends.estimate, pvalue=trends.pvalue,
                                               ci_low=trends.ci_low, ci_high=trends.ci_high)
    if outcome not in frame.columns or frame[outcome].notna().sum() == 0:
        return checks, {**not_run, **{name: f"{outcome} has no values in the panel" for name in runs}}
    for name, run in runs.items():
        try:
            checks[name] = run()
        except stats.SpecificationError as err:  # too few rows or clusters left for this check
            not_run[name] = str(err)
    return checks, not_run


def romano_wolf_within_families(registry: Registry, frames: Mapping[str, Mapping[str, pd.DataFrame]],
                                primary_rows: Mapping[str, Mapping[str, Any]], *, seed: int = 12,
                                reps: int = 999) -> dict[str, dict[str, float]]:
    """Romano–Wolf adjusted p-values of each effect claim's outcomes, across its family (as Holm's).

    One family's outcomes are bootstrapped together (:func:`helpers.stats.bootstrap_family`: one
    wild-cluster weight per country and replication shared by every outcome, so the dependence between
    the outcomes' estimates is kept, which Holm ignores) on the specification its claims share;
    :func:`helpers.stats.romano_wolf` steps down. Outcomes without values in the panel are left out.

    Parameters
    ----------
    frames, primary_rows : claim id → its frames and its primary specification (as for :func:`effect_evidence`).

    Raises
    ------
    ValueError
        The claims of one family have primary specifications that differ in more than the outcome (a
        joint bootstrap needs one specification).
    """
    adjusted: dict[str, dict[str, float]] = {cid: {} for cid in primary_rows}
    for family in sorted({registry[cid].family for cid in primary_rows}):
        members = [c.id for c in registry.family(family) if c.id in primary_rows]
        shared = {k: v for k, v in primary_rows[members[0]].items() if k != "outcome"}
        differing = [cid for cid in members if {k: v for k, v in primary_rows[cid].items() if k != "outcome"} != shared]
        if differing:
            raise ValueError(f"family {family!r}: the primary specifications of {differing} differ from "
                             f"{members[0]!r}'s in more than the outcome; give the family one specification")
        frame, treatment, controls = specification_frame(frames[members[0]], primary_rows[members[0]])
        owners = {o: cid for cid in members for o in registry[cid].outcomes
                  if o in frame.columns and frame[o].notna().any()}
        if not owners:
            continue
        observed, boot = stats.bootstrap_family(frame, list(owners), treatment, controls, shared["estimator"],
                                                reps=reps, seed=seed)
        for outcome, p in stats.romano_wolf(pd.Series(observed, index=list(owners)), boot).items():
            adjusted[owners[outcome]][outcome] = float(p)
    return adjusted


def curve_estimate(curve: pd.DataFrame, row: Mapping[str, Any]) -> Estimate | None:
    """The :class:`Estimate` of the specification ``row`` (a grid row) in ``curve``; None if it is not there."""
    match = pd.Series(True, index=curve.index)
    for column in stats.GRID_COLUMNS:
        if column != "claim":
            match &= curve[column] == row[column]
    found = curve[match]
    return None if found.empty else estimate_from_row(found.iloc[0])


def design_findings(curve: pd.DataFrame, row: Mapping[str, Any], checks: Mapping[str, CheckResult]) -> dict[str, float]:
    """What the data allow beside the two-way FE slope of ``row``: the slope with country trends, the
    placebo lead, and the first-difference and long-difference estimates of the same specification
    (from ``curve``), as estimate/p-value pairs (NaN where one was not estimated)."""
    nan = math.nan
    found = {}
    for key, check in (("trends", "country_trends"), ("lead", "placebo_lead")):
        result = checks.get(check)
        found[key], found[f"{key}_p"] = (nan, nan) if result is None else (result.estimate, result.pvalue)
    for key, estimator in (("fd", "first_differences"), ("ld", "long_difference")):
        result = curve_estimate(curve, {**row, "estimator": estimator})
        found[key], found[f"{key}_p"] = (nan, nan) if result is None else (result.estimate, result.pvalue)
    return found


def treatment_changes(frame: pd.DataFrame, treatment: str, entity: str = "iso3", time: str = "year") -> dict[str, Any]:
    """How a treatment moves between an entity's consecutive observations: what a heterogeneity-robust
    difference-in-differences design would need (units that stay untreated, or whose treatment stays put).

    Returns
    -------
    dict
        ``n_entities``, ``n_changes`` (consecutive pairs), ``share_rising``, ``share_unchanged`` (|change|
        below 1e-9: "stayers" in de Chaisemartin & D'Haultfœuille's sense), ``n_never_treated`` (entities
        whose treatment is 0 or below in every observation), ``n_distinct`` (distinct values).
    """
    values = frame[[entity, time, treatment]].dropna().sort_values([entity, time])
    change = values.groupby(entity)[treatment].diff().dropna()
    never = values.groupby(entity)[treatment].max() <= 0
    return {"n_entities": int(values[entity].nunique()), "n_changes": len(change),
            "share_rising": float((change > 1e-9).mean()) if len(change) else math.nan,
            "share_unchanged": float((change.abs() <= 1e-9).mean()) if len(change) else math.nan,
            "n_never_treated": int(never.sum()), "n_distinct": int(values[treatment].nunique())}


# --- claim c: process windows and onset order -------------------------------------------------------

def process_definition(claim: Claim, interpolate: bool = True) -> processes.ProcessDefinition:
    """Claim (c)'s thresholds as a :class:`helpers.processes.ProcessDefinition` (notebook 03's other defaults)."""
    return processes.ProcessDefinition.from_thresholds(claim.rule["thresholds"], processes=claim.rule["processes"],
                                                       interpolate=interpolate)


def _pair_counts(windows, countries: Sequence[str], listed: Sequence[str]) -> PairCounts:
    counts = [processes.compression(windows[iso3], listed)[2] for iso3 in countries]
    return PairCounts(overlap=sum(c["n_overlap"] for c in counts), disjoint=sum(c["n_disjoint"] for c in counts),
                      undetermined=sum(c["n_undetermined"] for c in counts))


def process_order_evidence(claim: Claim, panel: pd.DataFrame) -> tuple[ProcessOrderEvidence, stats.OnsetOrderTest]:
    """Claim (c)'s evidence: window pairs of China and the West, and the West's onset order.

    The onsets are bounded by the crossings without interpolation (:func:`helpers.stats.onset_table`).
    """
    rule = claim.rule
    countries, listed = [*rule["west"], rule["china"]], rule["processes"]
    definition = process_definition(claim)
    series = {key: splice.series for key, splice in
              processes.splice_concepts(panel, countries, concepts=definition.concepts()).items()}
    found = processes.milestones(series, countries, definition)
    bare = processes.milestones(series, countries, process_definition(claim, interpolate=False))
    onsets = stats.onset_table(processes.starts(found, listed), processes.starts(bare, listed))
    test = stats.onset_order_test(onsets, listed, rule["west"], rule["china"])
    sequence = test.sequences.set_index("entity")["sequence"]
    in_order = {iso3: {"in_series": True, "not_in_series": False}.get(sequence[iso3]) for iso3 in rule["west"]}
    windows = processes.windows(found)
    evidence = ProcessOrderEvidence(china=_pair_counts(windows, [rule["china"]], listed),
                                    west=_pair_counts(windows, rule["west"], listed), west_in_order=in_order)
    return evidence, test


# --- claim d: convergence ------------------------------------------------------------------------------


def balanced(frame: pd.DataFrame, value: str, start: int, end: int) -> pd.DataFrame:
    """The economies with ``value`` in every year from ``start`` to ``end`` (notebook 04's balanced sample)."""
    window = frame[frame["year"].between(start, end)].dropna(subset=[value])
    years = window["year"].nunique()
    complete = window.groupby("iso3")["year"].nunique() == years
    return window[window["iso3"].isin(complete[complete].index)]


def convergence_evidence(claim: Claim, frame: pd.DataFrame) -> tuple[ConvergenceEvidence, pd.DataFrame]:
    """Claim (d)'s evidence on a wide frame (iso3, year, the claim's outcome): and the sensitivity table."""
    rule = claim.rule
    value, start, end = claim.primary["outcome"], rule["start_year"], rule["end_year"]
    sample = balanced(frame, value, start, end)
    n = sample["iso3"].nunique()
    if n < rule["min_countries"]:
        return ConvergenceEvidence(n, {c: math.nan for c in rule["clipping"]}, math.nan, math.nan, math.nan), pd.DataFrame()
    ends = sample[sample["year"].isin([start, end])]
    sensitivity = stats.sigma_convergence_sensitivity(ends, value, rule["clipping"], start, end)
    raw = stats.sigma_convergence(ends, value, transform="none").set_index("year")
    beta = stats.beta_convergence(sample, value, start, end, eps_pct=rule["primary_clipping"])
    evidence = ConvergenceEvidence(
        n_countries=n, relative_change=dict(zip(sensitivity["eps_pct"], sensitivity["change"], strict=True)),
        absolute_change=float(raw.loc[end, "p90_p10"] - raw.loc[start, "p90_p10"]),
        beta=float(beta.beta), beta_pvalue=float(beta.result.pvalues["initial_level"]),
    )
    return evidence, sensitivity


# --- claim e: reported figures ------------------------------------------------------------------------


def figures_evidence(claim: Claim, frame: pd.DataFrame, internet: str = "IT.NET.USER.ZS",
                     populations: Sequence[str] = POPULATION_INDICATORS) -> FiguresEvidence:
    """Claim (e)'s evidence from a wide frame of the country (year, the rule's indicator, internet, populations).

    Internet users = the internet share × the population, in the latest year with both (the first of
    ``populations`` on a tie), as notebook 04 sets them beside the essay's figure.
    """
    rows = frame.set_index("year")
    series = rows[claim.rule["indicator"]].dropna()
    users = stats.count_from_share(rows, internet, populations)
    return FiguresEvidence(series={int(y): float(v) for y, v in series.items()},
                           users=None if users is None else users.count,
                           users_year=None if users is None else users.year)


# --- from the built panel ------------------------------------------------------------------------------


def _economies() -> set[str]:
    from ..data import country_table

    countries = country_table()
    return set(countries.loc[~countries["is_aggregate"] & countries["region"].notna(), "iso3"])


def process_order_from_data(claim: Claim) -> tuple[ProcessOrderEvidence, stats.OnsetOrderTest]:
    """:func:`process_order_evidence` on the processed panel."""
    from ..data import load_panel

    countries = [*claim.rule["west"], claim.rule["china"]]
    needed = processes.indicators(process_definition(claim).concepts())
    return process_order_evidence(claim, load_panel(needed, countries=countries))


def convergence_from_data(claim: Claim) -> tuple[ConvergenceEvidence, pd.DataFrame]:
    """:func:`convergence_evidence` on the processed panel (economies, not aggregates, as notebook 04)."""
    from ..data import load_panel

    frame = load_panel(claim.primary["outcome"], years=(claim.rule["start_year"], claim.rule["end_year"]), wide=True)
    return convergence_evidence(claim, frame[frame["iso3"].isin(_economies())])


def figures_from_data(claim: Claim, internet: str = "IT.NET.USER.ZS",
                      populations: Sequence[str] = POPULATION_INDICATORS) -> FiguresEvidence:
    """:func:`figures_evidence` on the processed panel."""
    from ..data import load_panel

    frame = load_panel([claim.rule["indicator"], internet, *populations], countries=[claim.rule["country"]], wide=True)
    return figures_evidence(claim, frame.reindex(columns=["year", claim.rule["indicator"], internet, *populations]),
                            internet, populations)


def robustness_rows(registry: Registry, effects: Mapping[str, EffectEvidence],
                    romano_wolf: Mapping[str, Mapping[str, float]] | None = None) -> list[dict[str, Any]]:
    """The robustness table: per effect claim, the primary estimate (with its Holm- and, when given,
    Romano–Wolf-adjusted p: claim id → outcome → p) and each check (Oster's δ in the estimate column)."""
    romano_wolf = romano_wolf or {}
    rows = []
    for claim_id, found in effects.items():
        outcome = registry[claim_id].primary["outcome"]
        primary = found.primary
        rows.append({"claim": claim_id, "check": "primary",
                     "estimate": None if primary is None else primary.estimate,
                     "ci_low": None if primary is None else primary.ci_low,
                     "ci_high": None if primary is None else primary.ci_high,
                     "pvalue": None if primary is None else primary.pvalue,
                     "adjusted_pvalue": found.adjusted.get(outcome),
                     "romano_wolf_pvalue": romano_wolf.get(claim_id, {}).get(outcome),
                     "nobs": None if primary is None else primary.nobs,
                     "n_countries": None if primary is None else primary.n_countries})
        for name, check in found.checks.items():
            rows.append({"claim": claim_id, "check": name, "estimate": check.estimate if check.value is None
                         else check.value, "ci_low": check.ci_low, "ci_high": check.ci_high, "pvalue": check.pvalue,
                         "adjusted_pvalue": None, "romano_wolf_pvalue": None, "nobs": None, "n_countries": None})
    return rows
