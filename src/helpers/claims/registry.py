"""The claims registry (``data/claims.yaml``): read it and check every field before any rule is applied.

A mistake in the registry would silently change a verdict, so :func:`load_registry` refuses the whole
file unless each claim has every field, each text exists in English and Chinese, each primary
specification has exactly the keys :data:`PRIMARY_KEYS`, and each rule is one of :data:`RULE_TYPES`
with well-formed thresholds. All problems are reported at once, each naming the claim, the field and
the fix; an unknown key comes with close matches.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .. import config
from ..files import parse_yaml
from ..i18n import LANGS
from ..suggest import did_you_mean
from ..texts import TextCatalogueError, check_catalogue

#: The claims the essay makes that the collection tests (issue 12); every one must be in the registry.
REQUIRED_CLAIMS = ("a", "b1", "b2", "b3", "c", "d", "e")
#: The keys of a primary specification (the columns helpers.claims.frames and the specification curve use).
PRIMARY_KEYS = ("outcome", "treatment", "controls", "lag", "estimator", "timing", "sample")
VERDICTS = ("supported", "mixed", "not_supported", "not_testable")
CLAIM_FIELDS = ("title", "statement", "estimand", "unit", "outcomes", "family", "primary_specification", "threats",
                "would_change_if", "rule")
OPTIONAL_FIELDS = ("family",)
TOP_LEVEL = ("claims", "checks", "rules", "reasons")
CHECK_CONDITIONS = ("significant_in_direction", "significant", "not_significant", "at_least")
DIRECTIONS = ("positive", "negative")
#: Processes a process_order rule may compare (notebook 03's windows).
PROCESSES = ("industrialization", "urbanization", "agricultural_modernization", "informatization")
USER_CONTEXT = ("internet_users",)


class ClaimsError(ValueError):
    """The claims registry is malformed; the message lists every problem with its claim, field and fix."""


@dataclass(frozen=True)
class Claim:
    """One claim of the essay as the registry states it (texts are ``{"en": …, "zh": …}`` mappings)."""

    id: str
    title: dict[str, str]
    statement: dict[str, str]
    estimand: dict[str, str]
    unit: dict[str, str]
    outcomes: tuple[str, ...]
    family: str
    primary: dict[str, Any]
    threats: tuple[dict[str, str], ...]
    would_change_if: dict[str, str]
    rule: dict[str, Any]

    @property
    def rule_type(self) -> str:
        return self.rule["type"]

    @property
    def main_threat(self) -> dict[str, str]:
        return self.threats[0]


@dataclass(frozen=True)
class Registry:
    """The validated registry: claims in file order, the checks they may require, the rule texts."""

    claims: dict[str, Claim]
    checks: dict[str, dict[str, Any]]
    rules: dict[str, str]
    reasons: dict[str, dict[str, str]]
    path: Path

    def __getitem__(self, claim_id: str) -> Claim:
        if claim_id not in self.claims:
            raise KeyError(f"no claim {claim_id!r} in {self.path}.{did_you_mean(claim_id, self.claims)}")
        return self.claims[claim_id]

    def family(self, name: str) -> list[Claim]:
        """The claims whose outcomes are adjusted together for multiple testing."""
        return [claim for claim in self.claims.values() if claim.family == name]


# --- small validators: each returns a problem (str) or None -----------------------------------------


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _share(value: object) -> str | None:
    return None if _is_number(value) and 0 <= value <= 1 else f"must be a number from 0 to 1, got {value!r}"


def _alpha(value: object) -> str | None:
    return None if _is_number(value) and 0 < value < 1 else f"must be a number between 0 and 1, got {value!r}"


def _positive_int(value: object) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
    return None if ok else f"must be a whole number above 0, got {value!r}"


def _year(value: object) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 1800 <= value <= 2100
    return None if ok else f"must be a year (an int), got {value!r}"


def _text(value: object) -> str | None:
    return None if isinstance(value, str) and value.strip() else f"must be a non-empty string, got {value!r}"


def _choice(choices: tuple[str, ...]) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        if value in choices:
            return None
        return f"must be one of {', '.join(choices)}, got {value!r}.{did_you_mean(value, choices)}"
    return check


def _list_of(item: Callable[[object], str | None], *, allow_empty: bool = False) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        if not isinstance(value, list) or (not value and not allow_empty):
            return f"must be a {'' if allow_empty else 'non-empty '}list, got {value!r}"
        problems = [p for p in map(item, value) if p]
        return f"entry {problems[0]}" if problems else None
    return check


def _figure(value: object) -> str | None:
    if not isinstance(value, dict) or set(value) != {"year", "value"}:
        return f"must be a mapping {{year: …, value: …}}, got {value!r}"
    return _year(value["year"]) or (None if _is_number(value["value"]) else f"value must be a number, got {value!r}")


#: Every rule type's parameters: name → validator (nested mappings are validated field by field).
RULE_SCHEMAS: dict[str, dict[str, Any]] = {
    "effect": {
        "direction": _choice(DIRECTIONS), "alpha": _alpha, "min_countries": _positive_int,
        "supported": {"family_share": _share, "curve_share": _share, "checks": "checks"},
        "not_supported": {"curve_share": _share, "checks": "checks"},
    },
    "process_order": {
        "china": _text, "west": _list_of(_text), "processes": _list_of(_choice(PROCESSES)),
        "thresholds": {"industry": lambda v: None if _is_number(v) and 0 < v < 100 else f"must be a share in (0, 100), got {v!r}",
                       "urban": "pair", "agri": "pair", "internet": "pair"},
        "min_determined_pairs": _positive_int, "parallel_share": _share, "serial_share": _share,
        "in_order_share": _share,
    },
    "convergence": {
        "alpha": _alpha, "min_countries": _positive_int, "start_year": _year, "end_year": _year,
        "clipping": _list_of(lambda v: None if _is_number(v) and 0 < v < 50 else f"must be in (0, 50) %, got {v!r}"),
        "primary_clipping": lambda v: None if _is_number(v) else f"must be a number, got {v!r}",
    },
    "reported_figures": {
        "country": _text, "indicator": _text, "figures": _list_of(_figure), "min_share_of_claimed": _share,
        "users": {"value": lambda v: None if _is_number(v) and v > 0 else f"must be a number above 0, got {v!r}",
                  "beside": _choice(USER_CONTEXT)},
    },
}
RULE_TYPES = tuple(RULE_SCHEMAS)


# --- the checks ------------------------------------------------------------------------------------


class _Problems:
    """Collects problems as ``claim 'b1', field 'rule.alpha': …`` lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, where: str, problem: str, fix: str = "") -> None:
        self.lines.append(f"{where}: {problem}" + (f" ({fix})" if fix else ""))

    def keys(self, where: str, mapping: Mapping, allowed, required=None) -> None:
        """Unknown keys (with close matches) and missing required keys of ``mapping``."""
        for key in mapping:
            if key not in allowed:
                self.add(where, f"unknown key {key!r}.{did_you_mean(key, allowed)}",
                         f"allowed: {', '.join(allowed)}")
        for key in required if required is not None else allowed:
            if key not in mapping:
                self.add(where, f"missing key {key!r}", "add it")


def _bilingual(problems: _Problems, where: str, value: object, extra: tuple[str, ...] = ()) -> None:
    if not isinstance(value, dict):
        problems.add(where, f"must be a mapping {{en: …, zh: …}}, got {value!r}")
        return
    problems.keys(where, value, (*LANGS, *extra))
    for lang in (*LANGS, *extra):
        if lang in value and _text(value[lang]):
            problems.add(f"{where}.{lang}", _text(value[lang]))


def _check_schema(problems: _Problems, where: str, value: object, schema: dict, checks: Mapping) -> None:
    if not isinstance(value, dict):
        problems.add(where, f"must be a mapping, got {value!r}")
        return
    problems.keys(where, value, list(schema))
    for name, spec in schema.items():
        if name not in value:
            continue
        field = f"{where}.{name}"
        if isinstance(spec, dict):
            _check_schema(problems, field, value[name], spec, checks)
        elif spec == "checks":
            names = value[name]
            if not isinstance(names, list):
                problems.add(field, f"must be a list of check names, got {names!r}")
                continue
            for check in names:
                if check not in checks:
                    problems.add(field, f"unknown check {check!r}.{did_you_mean(check, checks)}",
                                 f"declare it under `checks:` or use one of {', '.join(checks)}")
        elif spec == "pair":
            pair = value[name]
            if not (isinstance(pair, list) and len(pair) == 2 and all(_is_number(v) and 0 < v < 100 for v in pair)):
                problems.add(field, f"must be two shares in (0, 100) [start, end], got {pair!r}")
        elif problem := spec(value[name]):
            problems.add(field, problem)


def _check_rule(problems: _Problems, where: str, rule: object, checks: Mapping) -> None:
    if not isinstance(rule, dict) or "type" not in rule:
        problems.add(where, f"must be a mapping with a `type` (one of {', '.join(RULE_TYPES)}), got {rule!r}")
        return
    kind = rule["type"]
    if kind not in RULE_SCHEMAS:
        problems.add(f"{where}.type", f"unknown rule type {kind!r}.{did_you_mean(kind, RULE_TYPES)}",
                     f"one of {', '.join(RULE_TYPES)}")
        return
    _check_schema(problems, where, {k: v for k, v in rule.items() if k != "type"}, RULE_SCHEMAS[kind], checks)
    if kind == "convergence" and isinstance(rule.get("clipping"), list) and rule.get("primary_clipping") not in rule["clipping"]:
        problems.add(f"{where}.primary_clipping", f"{rule.get('primary_clipping')!r} is not one of clipping "
                     f"{rule['clipping']}", "list it under clipping")
    if kind == "convergence" and all(_year(rule.get(k)) is None for k in ("start_year", "end_year")) \
            and rule["start_year"] >= rule["end_year"]:
        problems.add(f"{where}.start_year", "must be before end_year")


def _check_claim(problems: _Problems, claim_id: str, entry: object, checks: Mapping,
                 known_indicators: set[str] | None) -> None:
    where = f"claim {claim_id!r}"
    if not isinstance(entry, dict):
        problems.add(where, f"must be a mapping of fields, got {entry!r}")
        return
    problems.keys(where, entry, CLAIM_FIELDS, [f for f in CLAIM_FIELDS if f not in OPTIONAL_FIELDS])
    for name in ("title", "estimand", "unit", "would_change_if"):
        if name in entry:
            _bilingual(problems, f"{where}, field {name}", entry[name])
    if "statement" in entry:
        _bilingual(problems, f"{where}, field statement", entry["statement"], extra=("source",))
    threats = entry.get("threats")
    if "threats" in entry and (not isinstance(threats, list) or not threats):
        problems.add(f"{where}, field threats", f"must be a non-empty list of {{en, zh}}, got {threats!r}",
                     "the first threat is the main one")
    for number, threat in enumerate(threats if isinstance(threats, list) else []):
        _bilingual(problems, f"{where}, field threats[{number}]", threat)
    outcomes = entry.get("outcomes")
    if "outcomes" in entry and (problem := _list_of(_text)(outcomes)):
        problems.add(f"{where}, field outcomes", problem)
    primary = entry.get("primary_specification")
    if "primary_specification" in entry:
        if not isinstance(primary, dict):
            problems.add(f"{where}, field primary_specification", f"must be a mapping, got {primary!r}")
        else:
            problems.keys(f"{where}, field primary_specification", primary, PRIMARY_KEYS)
            if isinstance(outcomes, list) and primary.get("outcome") not in outcomes:
                problems.add(f"{where}, field primary_specification.outcome", f"{primary.get('outcome')!r} is not one of "
                             f"the claim's outcomes {outcomes}", "list it first under outcomes")
    if "rule" in entry:
        _check_rule(problems, f"{where}, field rule", entry["rule"], checks)
    if known_indicators is not None and isinstance(entry.get("rule"), dict) and entry["rule"].get("type") == "effect":
        named = [*(outcomes if isinstance(outcomes, list) else [])]
        if isinstance(primary, dict) and primary.get("treatment"):
            named.append(primary["treatment"])
        for indicator in named:
            if isinstance(indicator, str) and indicator not in known_indicators:
                problems.add(f"{where}", f"{indicator!r} is not a codebook id.{did_you_mean(indicator, known_indicators)}",
                             "add it to data/codebook.yaml or correct the id")


def _check_checks(problems: _Problems, checks: object) -> dict:
    if not isinstance(checks, dict):
        problems.add("checks", f"must be a mapping of check names, got {checks!r}")
        return {}
    for name, spec in checks.items():
        where = f"check {name!r}"
        if not isinstance(spec, dict):
            problems.add(where, f"must be a mapping, got {spec!r}")
            continue
        problems.keys(where, spec, ("passes_if", "threshold", *LANGS), ("passes_if", *LANGS))
        if (problem := _choice(CHECK_CONDITIONS)(spec.get("passes_if"))) and "passes_if" in spec:
            problems.add(f"{where}, field passes_if", problem)
        if spec.get("passes_if") == "at_least" and not _is_number(spec.get("threshold")):
            problems.add(f"{where}, field threshold", "passes_if: at_least needs a number threshold")
    return checks


def parse_registry(spec: object, path: Path, known_indicators: set[str] | None = None) -> Registry:
    """Validate the parsed YAML of a registry and return it as a :class:`Registry`.

    Parameters
    ----------
    spec : what ``yaml.safe_load`` returned.
    path : where it came from (for messages).
    known_indicators : codebook ids; when given, the outcomes and treatments of ``effect`` claims must be
        among them.

    Raises
    ------
    ClaimsError
        Listing every problem found, each with the claim, the field and the fix.
    """
    problems = _Problems()
    if not isinstance(spec, dict):
        raise ClaimsError(f"{path}: expected a mapping with keys {', '.join(TOP_LEVEL)}, got {type(spec).__name__}")
    problems.keys("registry", spec, TOP_LEVEL)
    checks = _check_checks(problems, spec.get("checks", {}))
    claims = spec.get("claims") if isinstance(spec.get("claims"), dict) else {}
    if "claims" in spec and not isinstance(spec["claims"], dict):
        problems.add("claims", f"must be a mapping of claim ids, got {spec['claims']!r}")
    for claim_id in REQUIRED_CLAIMS:
        if claim_id not in claims:
            problems.add("claims", f"claim {claim_id!r} is missing.{did_you_mean(claim_id, claims)}",
                         f"the registry must state every claim of issue 12: {', '.join(REQUIRED_CLAIMS)}")
    for claim_id, entry in claims.items():
        _check_claim(problems, str(claim_id), entry, checks, known_indicators)
    rules = spec.get("rules") if isinstance(spec.get("rules"), dict) else {}
    for kind in RULE_TYPES:
        if kind not in rules or _text(rules[kind]):
            problems.add("rules", f"no description of rule type {kind!r}", "say in words what it reads and decides")
    reasons: dict = {}
    try:
        reasons = check_catalogue(spec.get("reasons"), path)
    except TextCatalogueError as err:
        problems.add("reasons", str(err).replace(f"{path}:", "").strip())
    if problems.lines:
        raise ClaimsError(f"{path} has {len(problems.lines)} problem(s):" + "".join(f"\n  - {p}" for p in problems.lines))
    return Registry(
        claims={str(cid): _claim(str(cid), entry) for cid, entry in claims.items()},
        checks=checks, rules=dict(rules), reasons=reasons, path=path,
    )


def _claim(claim_id: str, entry: dict) -> Claim:
    return Claim(
        id=claim_id, title=entry["title"], statement=entry["statement"], estimand=entry["estimand"],
        unit=entry["unit"], outcomes=tuple(entry["outcomes"]), family=str(entry.get("family", claim_id)),
        primary=dict(entry["primary_specification"]), threats=tuple(entry["threats"]), would_change_if=entry["would_change_if"],
        rule=dict(entry["rule"]),
    )


def read_registry(path: Path, known_indicators: set[str] | None = None) -> Registry:
    """Read and validate a registry file (any path; :func:`load_registry` reads the project's)."""
    path = Path(path)
    if not path.is_file():
        raise ClaimsError(f"no claims registry at {path}; it belongs in data/claims.yaml (see its header)")
    try:
        with open(path, encoding="utf-8") as fh:
            spec = parse_yaml(fh)
    except yaml.YAMLError as err:
        raise ClaimsError(f"{path} is not valid YAML: {err}") from None
    return parse_registry(spec, path, known_indicators)


@functools.lru_cache(maxsize=2)
def load_registry(path: Path = config.CLAIMS_FILE) -> Registry:
    """The project's registry, ``data/claims.yaml``, validated against the codebook's indicator ids."""
    from ..data.codebook import load_codebook

    return read_registry(path, set(load_codebook()))
