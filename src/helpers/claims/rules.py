"""Decision rules: the evidence a claim's rule reads, and the pure functions that turn it into a verdict.

Each rule type of ``data/claims.yaml`` (``effect``, ``process_order``, ``convergence``,
``reported_figures``) has an evidence record here — what :mod:`helpers.claims.evidence` gathers from
the estimators — and one function that applies the registry's thresholds to it and returns a
:class:`Verdict`: one of :data:`~helpers.claims.registry.VERDICTS` and the reason, i.e. which condition
decided. The reason is a :class:`Reason` (a key of the registry's ``reasons`` catalogue and its values),
rendered in English or Chinese by :meth:`Verdict.reason_text`. Nothing here reads files or estimates
anything, so the rules can be tested on evidence whose truth a test sets.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..texts import FORMATTER
from .registry import Claim, Registry

SEPARATORS = {"en": "; ", "zh": "；"}


# --- reasons ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """A sentence of the registry's ``reasons`` catalogue; values may be Reasons or lists of them."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)
    texts: dict[str, str] | None = None  # a text given inline ({en, zh}) instead of a catalogue key

    def text(self, lang: str, catalogue: Mapping[str, Mapping[str, str]]) -> str:
        if self.texts is not None:
            return self.texts[lang]

        def render(value: Any) -> Any:
            if isinstance(value, Reason):
                return value.text(lang, catalogue)
            if isinstance(value, list | tuple) and value and all(isinstance(v, Reason) for v in value):
                return SEPARATORS[lang].join(v.text(lang, catalogue) for v in value)
            return value

        return FORMATTER.format(catalogue[self.key][lang], **{k: render(v) for k, v in self.values.items()})

    def keys(self) -> set[str]:
        """Every catalogue key this reason uses (itself and nested ones)."""
        found = {self.key} if self.texts is None else set()
        for value in self.values.values():
            for item in value if isinstance(value, list | tuple) else [value]:
                if isinstance(item, Reason):
                    found |= item.keys()
        return found


@dataclass(frozen=True)
class Verdict:
    """A claim's verdict, the rule that gave it, the reason, and each condition's outcome."""

    claim: str
    verdict: str
    rule: str
    reason: Reason
    conditions: dict[str, Any] = field(default_factory=dict)

    def reason_text(self, lang: str, registry: Registry) -> str:
        return self.reason.text(lang, registry.reasons)


# --- evidence records ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Estimate:
    """One coefficient with its inference (per one unit of the treatment)."""

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    pvalue: float
    nobs: int
    n_countries: int


@dataclass(frozen=True)
class CheckResult:
    """One robustness check: its estimate (if any), p-value, or a value such as Oster's δ."""

    estimate: float | None = None
    pvalue: float | None = None
    value: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None


@dataclass(frozen=True)
class EffectEvidence:
    """What an ``effect`` rule reads.

    Attributes
    ----------
    primary : the primary specification's estimate (None: not estimable; ``missing`` says why).
    outcomes : the primary specification with each of the claim's outcomes (the primary's included).
    adjusted : Holm-adjusted p-value of each outcome, across the claim's family.
    curve : :func:`helpers.stats.curve_summary` of the claim's specifications (None: no curve).
    checks : robustness checks by name (as in the registry's ``checks``).
    """

    primary: Estimate | None
    outcomes: dict[str, Estimate] = field(default_factory=dict)
    adjusted: dict[str, float] = field(default_factory=dict)
    curve: dict[str, float] | None = None
    checks: dict[str, CheckResult] = field(default_factory=dict)
    missing: str = ""


@dataclass(frozen=True)
class PairCounts:
    """Relations between pairs of process windows (:func:`helpers.stats.overlap_pairs`)."""

    overlap: int
    disjoint: int
    undetermined: int = 0

    @property
    def determined(self) -> int:
        return self.overlap + self.disjoint


@dataclass(frozen=True)
class ProcessOrderEvidence:
    """What a ``process_order`` rule reads: China's and the West's window pairs and the West's onset order.

    ``west_in_order`` maps each Western country to True (onsets in the essay's order), False (not), or
    None (undetermined: a censored onset).
    """

    china: PairCounts
    west: PairCounts
    west_in_order: dict[str, bool | None]


@dataclass(frozen=True)
class ConvergenceEvidence:
    """What a ``convergence`` rule reads: the change in spread first → last year, by clipping constant."""

    n_countries: int
    relative_change: dict[float, float]  # clipping (%) -> sd of logits, last minus first
    absolute_change: float  # p90 − p10, last minus first (indicator units)
    beta: float
    beta_pvalue: float


@dataclass(frozen=True)
class FiguresEvidence:
    """What a ``reported_figures`` rule reads: the indicator's series for the country, and the user bound."""

    series: dict[int, float]  # year -> value (rank: 1 = best)
    users: float | None = None  # China's internet users (people), set beside the essay's user figure
    users_year: int | None = None


# --- rules -----------------------------------------------------------------------------------------


def _in_direction(value: float, direction: str) -> bool:
    return value > 0 if direction == "positive" else value < 0


def check_passes(result: CheckResult | None, spec: Mapping[str, Any], direction: str, alpha: float) -> bool | None:
    """Whether one robustness check passes by its registry condition (None: the check was not run)."""
    if result is None:
        return None
    condition = spec["passes_if"]
    if condition == "at_least":
        return result.value is not None and abs(result.value) >= spec["threshold"]
    if result.pvalue is None or math.isnan(result.pvalue):
        return None
    if condition == "not_significant":
        return result.pvalue >= alpha
    significant = result.pvalue < alpha
    if condition == "significant":
        return significant
    return significant and result.estimate is not None and _in_direction(result.estimate, direction)


def _curve_share(curve: Mapping[str, float] | None, direction: str) -> float | None:
    if curve is None or not curve.get("n"):
        return None
    return curve["share_positive_significant" if direction == "positive" else "share_negative_significant"]


def decide_effect(claim: Claim, evidence: EffectEvidence, checks: Mapping[str, Mapping[str, Any]]) -> Verdict:
    """Apply an ``effect`` rule (see the registry's ``rules.effect``) to an :class:`EffectEvidence`."""
    rule = claim.rule
    direction, alpha = rule["direction"], rule["alpha"]
    verdict = _verdict_maker(claim)
    primary = evidence.primary
    if primary is None or not math.isfinite(primary.estimate):
        return verdict("not_testable", Reason("no_estimate", {"what": evidence.missing or claim.primary["outcome"]}))
    if primary.n_countries < rule["min_countries"]:
        return verdict("not_testable", Reason("too_few_countries", {"n": primary.n_countries,
                                                                    "min": rule["min_countries"]}))
    outcome = claim.primary["outcome"]
    adjusted = evidence.adjusted.get(outcome, primary.pvalue)
    passes = {name: _in_direction(est.estimate, direction) and evidence.adjusted.get(name, est.pvalue) < alpha
              for name, est in evidence.outcomes.items()}
    primary_passes = _in_direction(primary.estimate, direction) and adjusted < alpha
    family_share = sum(passes.values()) / len(claim.outcomes)
    share = _curve_share(evidence.curve, direction)
    check_state = {name: check_passes(evidence.checks.get(name), checks[name], direction, alpha)
                   for name in dict.fromkeys([*rule["supported"]["checks"], *rule["not_supported"]["checks"]])}
    conditions = {"primary_passes": primary_passes, "adjusted_pvalue": adjusted, "family_share": family_share,
                  "curve_share": share, "checks": check_state}

    failed: list[Reason] = []
    if not primary_passes:
        failed.append(Reason("primary_fails", {"p": adjusted}))
    if family_share < rule["supported"]["family_share"]:
        failed.append(Reason("family_fails", {"passed": sum(passes.values()), "n": len(claim.outcomes)}))
    if share is None:
        failed.append(Reason("no_curve"))
    elif share < rule["supported"]["curve_share"]:
        failed.append(Reason("curve_fails", {"share": share}))
    for name in rule["supported"]["checks"]:
        if check_state[name] is None:
            failed.append(Reason("check_missing", {"check": _check_label(checks[name])}))
        elif not check_state[name]:
            failed.append(Reason("check_fails", {"check": _check_label(checks[name])}))
    if not failed:
        return verdict("supported", Reason("effect_supported", {"p": adjusted, "share": share}), conditions)

    decisive = [Reason("primary_fails", {"p": adjusted})] if not primary_passes else []
    decisive += [Reason("check_fails", {"check": _check_label(checks[name])})
                 for name in rule["not_supported"]["checks"] if check_state[name] is False]
    if decisive and share is not None and share < rule["not_supported"]["curve_share"]:
        return verdict("not_supported", Reason("effect_not_supported", {"failed": decisive, "share": share}),
                       conditions)
    return verdict("mixed", Reason("effect_mixed", {"failed": failed}), conditions)


def _check_label(spec: Mapping[str, Any]) -> Reason:
    """A check's name, which the registry gives inline in both languages."""
    return Reason("", texts={lang: spec[lang] for lang in SEPARATORS})


def decide_process_order(claim: Claim, evidence: ProcessOrderEvidence) -> Verdict:
    """Apply a ``process_order`` rule (``rules.process_order``) to a :class:`ProcessOrderEvidence`."""
    rule = claim.rule
    verdict = _verdict_maker(claim)
    for who, counts in (("china", evidence.china), ("west", evidence.west)):
        if counts.determined < rule["min_determined_pairs"]:
            return verdict("not_testable", Reason("order_too_few", {
                "who": Reason(f"who_{who}"), "n": counts.determined, "min": rule["min_determined_pairs"]}))
    china_share = evidence.china.overlap / evidence.china.determined
    west_share = evidence.west.overlap / evidence.west.determined
    onsets = [v for v in evidence.west_in_order.values() if v is not None]
    in_order = sum(onsets)
    parallel = china_share >= rule["parallel_share"]
    serial = west_share <= rule["serial_share"] and bool(onsets) and in_order / len(onsets) >= rule["in_order_share"]
    conditions = {"china_overlap_share": china_share, "west_overlap_share": west_share,
                  "west_in_order_share": in_order / len(onsets) if onsets else None,
                  "china_parallel": parallel, "west_serial": serial}
    kind = "supported" if parallel and serial else "mixed" if parallel or serial else "not_supported"
    reason = Reason("order_verdict", {
        "china_overlap": evidence.china.overlap, "china_pairs": evidence.china.determined,
        "china_word": Reason("word_parallel" if parallel else "word_not_parallel"),
        "west_overlap": evidence.west.overlap, "west_pairs": evidence.west.determined,
        "in_order": in_order, "n_onsets": len(onsets),
        "west_word": Reason("word_serial" if serial else "word_not_serial"),
    })
    return verdict(kind, reason, conditions)


def decide_convergence(claim: Claim, evidence: ConvergenceEvidence) -> Verdict:
    """Apply a ``convergence`` rule (``rules.convergence``) to a :class:`ConvergenceEvidence`."""
    rule = claim.rule
    verdict = _verdict_maker(claim)
    if evidence.n_countries < rule["min_countries"]:
        return verdict("not_testable", Reason("convergence_too_few", {"n": evidence.n_countries,
                                                                      "min": rule["min_countries"]}))
    changes = [evidence.relative_change[c] for c in rule["clipping"]]
    every = all(change < 0 for change in changes)
    primary_widens = evidence.relative_change[rule["primary_clipping"]] > 0
    absolute_narrows = evidence.absolute_change < 0
    beta_ok = evidence.beta < 0 and evidence.beta_pvalue < rule["alpha"]
    conditions = {"relative_narrows_every_clipping": every, "relative_widens_primary": primary_widens,
                  "absolute_narrows": absolute_narrows, "beta_negative_significant": beta_ok}
    if every and absolute_narrows and beta_ok:
        kind = "supported"
    elif primary_widens and not absolute_narrows:
        kind = "not_supported"
    else:
        kind = "mixed"
    relative = "word_narrows" if every else "word_widens" if all(c > 0 for c in changes) else "word_depends"
    reason = Reason("convergence_verdict", {
        "relative": Reason(relative), "clippings": ", ".join(f"{c:g} %" for c in rule["clipping"]),
        "absolute": Reason("word_narrows" if absolute_narrows else "word_widens"),
        "beta": evidence.beta, "p": evidence.beta_pvalue,
    })
    return verdict(kind, reason, conditions)


def decide_reported_figures(claim: Claim, evidence: FiguresEvidence) -> Verdict:
    """Apply a ``reported_figures`` rule (``rules.reported_figures``) to a :class:`FiguresEvidence`.

    The indicator is a rank (1 = best): an improvement is a fall in the rank.
    """
    rule = claim.rule
    verdict = _verdict_maker(claim)
    for figure in rule["figures"]:
        if figure["year"] not in evidence.series:
            return verdict("not_testable", Reason("figures_missing", {"indicator": rule["indicator"],
                                                                      "year": figure["year"]}))
    differences = [f"{f['year']}: {f['value']:g} / {evidence.series[f['year']]:g}"
                   for f in rule["figures"] if evidence.series[f["year"]] != f["value"]]
    first_year, last_year = min(evidence.series), max(evidence.series)
    start, end = rule["figures"][0], rule["figures"][-1]
    claimed = start["value"] - end["value"]
    gained = evidence.series[first_year] - evidence.series[last_year]
    share = gained / claimed if claimed else math.nan
    conditions = {"figures_match": not differences, "share_of_claimed": share}
    if differences:
        kind = "not_supported"
    elif share >= rule["min_share_of_claimed"]:
        kind = "supported"
    else:
        kind = "mixed"
    # The user figure is in no dataset: set beside the internet users, it never decides the verdict.
    users = Reason("users_none") if evidence.users is None else Reason(
        "users_beside", {"users": evidence.users, "year": evidence.users_year})
    reason = Reason("figures_verdict", {
        "match": Reason("word_differ", {"differences": ", ".join(differences)}) if differences
        else Reason("word_match"),
        "first_year": first_year, "gained": gained, "share": share, "claimed": claimed, "users": users,
    })
    return verdict(kind, reason, conditions)


def _verdict_maker(claim: Claim):
    def make(kind: str, reason: Reason, conditions: dict | None = None) -> Verdict:
        return Verdict(claim=claim.id, verdict=kind, rule=claim.rule_type, reason=reason,
                       conditions=conditions or {})
    return make


def decide(claim: Claim, evidence: Any, registry: Registry) -> Verdict:
    """The verdict of ``claim`` on ``evidence`` by its registry rule (the evidence record must fit the rule).

    Raises
    ------
    TypeError
        If ``evidence`` is not the record the claim's rule type reads.
    """
    expected = EVIDENCE_TYPES[claim.rule_type]
    if not isinstance(evidence, expected):
        raise TypeError(f"claim {claim.id!r} has a {claim.rule_type} rule, which reads {expected.__name__}; "
                        f"got {type(evidence).__name__}")
    if claim.rule_type == "effect":
        return decide_effect(claim, evidence, registry.checks)
    return DECIDERS[claim.rule_type](claim, evidence)


EVIDENCE_TYPES = {"effect": EffectEvidence, "process_order": ProcessOrderEvidence,
                  "convergence": ConvergenceEvidence, "reported_figures": FiguresEvidence}
DECIDERS = {"process_order": decide_process_order, "convergence": decide_convergence,
            "reported_figures": decide_reported_figures}


def decide_all(registry: Registry, evidence: Mapping[str, Any]) -> dict[str, Verdict]:
    """Every claim's verdict, in registry order (``evidence`` maps claim id → evidence record)."""
    missing = [claim_id for claim_id in registry.claims if claim_id not in evidence]
    if missing:
        raise KeyError(f"no evidence for claim(s) {missing}; gather it with helpers.claims.evidence")
    return {claim_id: decide(claim, evidence[claim_id], registry) for claim_id, claim in registry.claims.items()}


def holm_within_families(registry: Registry, pvalues: Mapping[str, Mapping[str, float]],
                         adjust) -> dict[str, dict[str, float]]:
    """Holm-adjusted p-values of each claim's outcomes, adjusted across the claim's family.

    Parameters
    ----------
    pvalues : claim id → outcome → raw p-value of the primary specification with that outcome.
    adjust : the adjustment (``helpers.stats.holm``), passed in so this module stays free of estimators.
    """
    adjusted: dict[str, dict[str, float]] = {claim_id: {} for claim_id in pvalues}
    families = {registry[claim_id].family for claim_id in pvalues}
    for family in sorted(families):
        members: Sequence[str] = [c.id for c in registry.family(family) if c.id in pvalues]
        flat = {(claim_id, outcome): p for claim_id in members for outcome, p in pvalues[claim_id].items()}
        if not flat:
            continue
        result = adjust(list(flat.values()))
        for (claim_id, outcome), value in zip(flat, list(result), strict=True):
            adjusted[claim_id][outcome] = float(value)
    return adjusted


# --- the verdict table -------------------------------------------------------------------------------

#: The columns of ``verdicts.csv`` (issue 12), in this order.
VERDICT_COLUMNS = ["claim", "statement", "outcome", "estimate", "ci_low", "ci_high", "unit", "verdict", "rule",
                   "main_threat", "would_change_if"]


COLON = {"en": ": ", "zh": "："}


def rule_name(kind: str, lang: str, registry: Registry) -> str:
    """A rule type's name in ``lang`` (the registry's ``reasons``: ``rule_<type>``)."""
    return Reason(f"rule_{kind}").text(lang, registry.reasons)


def headline(claim: Claim, evidence: Any, verdict: Verdict) -> tuple[float, float, float]:
    """(estimate, ci_low, ci_high) a verdict table shows for a claim (NaN where its method has none).

    effect: the primary estimate and its 95 % interval; process_order: China's share of overlapping
    window pairs; convergence: the change in the sd of logits at the primary clipping; reported_figures:
    the rank places gained from the first edition.
    """
    nan = math.nan
    if isinstance(evidence, EffectEvidence):
        primary = evidence.primary
        return (nan, nan, nan) if primary is None else (primary.estimate, primary.ci_low, primary.ci_high)
    if isinstance(evidence, ProcessOrderEvidence):
        determined = evidence.china.determined
        return (evidence.china.overlap / determined if determined else nan), nan, nan
    if isinstance(evidence, ConvergenceEvidence):
        return evidence.relative_change.get(claim.rule["primary_clipping"], nan), nan, nan
    if isinstance(evidence, FiguresEvidence) and evidence.series:
        return evidence.series[min(evidence.series)] - evidence.series[max(evidence.series)], nan, nan
    return nan, nan, nan


def verdict_table(registry: Registry, verdicts: Mapping[str, Verdict], evidence: Mapping[str, Any],
                  lang: str) -> list[dict[str, Any]]:
    """One record per claim with :data:`VERDICT_COLUMNS`; texts in ``lang``, ``verdict`` as its code.

    ``rule`` is the rule type's name and the reason that decided, e.g. ``"effect (…): …"``.
    """
    records = []
    for claim_id, verdict in verdicts.items():
        claim = registry[claim_id]
        estimate, low, high = headline(claim, evidence[claim_id], verdict)
        records.append({
            "claim": claim_id, "statement": claim.title[lang], "outcome": claim.primary["outcome"],
            "estimate": estimate, "ci_low": low, "ci_high": high, "unit": claim.unit[lang],
            "verdict": verdict.verdict,
            "rule": f"{rule_name(claim.rule_type, lang, registry)}{COLON[lang]}{verdict.reason_text(lang, registry)}",
            "main_threat": claim.main_threat[lang], "would_change_if": claim.would_change_if[lang],
        })
    return records
