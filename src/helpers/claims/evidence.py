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


def robustness_checks(frames: Mapping[str, pd.DataFrame], primary_row: Mapping[str, Any]) -> dict[str, CheckResult]:
    """The robustness battery on one claim's primary specification.

    ``country_trends``: the primary specification with country-specific linear trends
    (:func:`helpers.stats.specification_curve`, estimator ``twoway_fe_trends``).
    """
    checks = {}
    trends, _ = fit_row(frames, {**primary_row, "estimator": "twoway_fe_trends"})
    if trends is not None:
        checks["country_trends"] = CheckResult(estimate=trends.estimate, pvalue=trends.pvalue,
                                               ci_low=trends.ci_low, ci_high=trends.ci_high)
    return checks


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
                     populations: Sequence[str] = ("gapminder.population", "maddison.population")) -> FiguresEvidence:
    """Claim (e)'s evidence from a wide frame of the country (year, the rule's indicator, internet, populations).

    Internet users = the internet share × the population, in the latest year with both (the first of
    ``populations`` on a tie), as notebook 04 sets them beside the essay's figure.
    """
    rule = claim.rule
    rows = frame.set_index("year")
    series = rows[rule["indicator"]].dropna()
    latest = [(rows[[internet, p]].dropna().index.max(), p) for p in populations if p in rows]
    latest = [(year, p) for year, p in latest if not pd.isna(year)]
    users, year = None, None
    if latest:
        year, population = max(latest, key=lambda pair: pair[0])
        users = float(rows.loc[year, internet] / 100 * rows.loc[year, population])
    return FiguresEvidence(series={int(y): float(v) for y, v in series.items()}, users=users,
                           users_year=None if year is None else int(year))


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
                      populations: Sequence[str] = ("gapminder.population", "maddison.population")) -> FiguresEvidence:
    """:func:`figures_evidence` on the processed panel."""
    from ..data import load_panel

    frame = load_panel([claim.rule["indicator"], internet, *populations], countries=[claim.rule["country"]], wide=True)
    return figures_evidence(claim, frame.reindex(columns=["year", claim.rule["indicator"], internet, *populations]),
                            internet, populations)


def robustness_rows(registry: Registry, effects: Mapping[str, EffectEvidence]) -> list[dict[str, Any]]:
    """The robustness table: per effect claim, the primary estimate (with its Holm-adjusted p) and each check."""
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
                     "nobs": None if primary is None else primary.nobs,
                     "n_countries": None if primary is None else primary.n_countries})
        for name, check in found.checks.items():
            rows.append({"claim": claim_id, "check": name, "estimate": check.estimate if check.value is None
                         else check.value, "ci_low": check.ci_low, "ci_high": check.ci_high, "pvalue": check.pvalue,
                         "adjusted_pvalue": None, "nobs": None, "n_countries": None})
    return rows
