"""Domain checks on the built panel: keys, ranges, coverage, corrections.

Each check raises :class:`ValidationError` naming the dataset (and so the file), the row, the
indicator and the offending value, in the spirit of owid/etl's asserts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .. import config
from ..files import parse_yaml
from .codebook import Indicator
from .errors import ValidationError

KEY = ["iso3", "year", "indicator", "source"]
_ISO3 = re.compile(r"^[A-Z]{3}$")


def _show(rows: pd.DataFrame, limit: int = 5) -> str:
    return rows.head(limit).to_string(index=False)


def check_keys(panel: pd.DataFrame) -> None:
    """Keys are complete, well-formed ISO3 codes and unique per (iso3, year, indicator, source)."""
    bad_iso = ~panel["iso3"].astype(str).str.match(_ISO3)
    if bad_iso.any():
        raise ValidationError(f"malformed iso3 code(s) in the panel:\n{_show(panel[bad_iso])}")
    dupes = panel.duplicated(KEY, keep=False)
    if dupes.any():
        raise ValidationError(
            f"{int(dupes.sum())} rows share a key (iso3, year, indicator, source); two publisher names "
            f"probably map to one country (see data/country_overrides.yaml):\n{_show(panel[dupes].sort_values(KEY), 10)}"
        )


def check_indicators(panel: pd.DataFrame, codebook: dict[str, Indicator]) -> None:
    """Every (indicator, source) pair is declared in the codebook."""
    pairs = panel[["indicator", "source"]].drop_duplicates()
    for ind, src in pairs.itertuples(index=False):
        if ind not in codebook:
            raise ValidationError(f"dataset {src!r} produced indicator {ind!r}, which data/codebook.yaml lacks")
        if src not in codebook[ind].datasets:
            raise ValidationError(
                f"dataset {src!r} produced {ind!r} but the codebook lists only {list(codebook[ind].datasets)}"
            )


def check_ranges(panel: pd.DataFrame, codebook: dict[str, Indicator]) -> None:
    """Values lie within each indicator's declared [min, max]."""
    bounds = pd.DataFrame(
        [(i.id, i.min, i.max) for i in codebook.values()], columns=["indicator", "vmin", "vmax"]
    )
    joined = panel.merge(bounds, on="indicator", how="left")
    outside = (joined["value"] < joined["vmin"]) | (joined["value"] > joined["vmax"])
    if outside.any():
        rows = joined.loc[outside, [*KEY, "value", "vmin", "vmax"]]
        raise ValidationError(
            f"{int(outside.sum())} value(s) outside the codebook's valid range "
            f"(fix the parser, add a correction with a reason, or widen the range if justified):\n{_show(rows)}"
        )


def check_coverage(panel: pd.DataFrame, codebook: dict[str, Indicator]) -> None:
    """Per indicator with a ``coverage`` rule: countries per year within [min, max] in the default dataset."""
    for ind in codebook.values():
        rule = ind.coverage
        if not rule:
            continue
        rows = panel[(panel["indicator"] == ind.id) & (panel["source"] == ind.default_dataset)]
        if rows.empty:
            raise ValidationError(f"no rows for {ind.id} from its default dataset {ind.default_dataset!r}")
        counts = rows.groupby("year", observed=True)["iso3"].nunique()
        if "years" in rule:
            first, last = rule["years"]
            counts = counts.reindex(range(first, last + 1), fill_value=0)
        low = counts[counts < rule.get("min_countries", 0)]
        high = counts[counts > rule.get("max_countries", 10**6)]
        if not low.empty or not high.empty:
            worst = pd.concat([low, high]).to_dict()
            raise ValidationError(
                f"coverage of {ind.id} ({ind.default_dataset}) breaks its rule {rule}: countries per year {worst}"
            )


def validate(panel: pd.DataFrame, codebook: dict[str, Indicator]) -> None:
    """Run every check; the first failure raises."""
    check_keys(panel)
    check_indicators(panel, codebook)
    check_ranges(panel, codebook)
    check_coverage(panel, codebook)


def load_corrections(path: Path = config.CORRECTIONS_FILE) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return (parse_yaml(fh) or {}).get("corrections") or []


def load_correction_rules(path: Path = config.CORRECTIONS_FILE) -> list[dict]:
    """The ``rules:`` of the corrections file (pattern corrections; see :func:`apply_correction_rules`)."""
    with open(path, encoding="utf-8") as fh:
        return (parse_yaml(fh) or {}).get("rules") or []


RULE_FIELDS = {"id", "datasets", "years", "indicators", "value", "also_drop", "expected_matches", "reason"}


def apply_correction_rules(panel: pd.DataFrame, rules: list[dict]) -> pd.DataFrame:
    """Drop values that follow a known upstream pattern, with the values computed from them.

    A rule matches, in each of its ``datasets``, the rows of ``indicators`` equal to ``value`` in the
    inclusive year range ``years``; those rows go, and so do the rows of ``also_drop`` (values derived from
    them, e.g. an index averaged from a missing component) for the same country and year. Each dataset
    must match exactly ``expected_matches`` rows: any other count means the publisher revised the data,
    and the build stops so that the rule is reviewed instead of silently doing more or less.
    """
    panel = panel.copy()
    for rule in rules:
        missing = RULE_FIELDS - set(rule)
        if missing:
            raise ValidationError(f"correction rule {rule.get('id', rule)} lacks {sorted(missing)}")
        first, last = (int(y) for y in rule["years"])
        for dataset in rule["datasets"]:
            in_dataset = panel["source"] == dataset
            hit = (
                in_dataset
                & panel["year"].between(first, last)
                & panel["indicator"].isin(rule["indicators"])
                & (panel["value"] == float(rule["value"]))
            )
            if int(hit.sum()) != int(rule["expected_matches"]):
                raise ValidationError(
                    f"correction rule {rule['id']} matches {int(hit.sum())} rows of {dataset}, expected "
                    f"{rule['expected_matches']} (publisher revised? review the rule in data/corrections.yaml):\n"
                    f"{_show(panel[hit])}"
                )
            keys = pd.MultiIndex.from_frame(panel.loc[hit, ["iso3", "year"]].astype({"iso3": str}))
            row_keys = pd.MultiIndex.from_arrays([panel["iso3"].astype(str), panel["year"]])
            derived = in_dataset & panel["indicator"].isin(rule["also_drop"]) & row_keys.isin(keys)
            panel = panel[~(hit | derived)]
    return panel


def apply_corrections(panel: pd.DataFrame, corrections: list[dict]) -> pd.DataFrame:
    """Apply reviewed corrections; a correction that matches nothing (or not the expected value) fails."""
    panel = panel.copy()
    for fix in corrections:
        missing = {"dataset", "iso3", "year", "indicator", "action", "reason"} - set(fix)
        if fix.get("action") == "set" and "value" not in fix:
            missing.add("value")
        if missing:
            raise ValidationError(f"correction {fix} lacks {sorted(missing)}")
        hit = (
            (panel["source"] == fix["dataset"])
            & (panel["iso3"] == fix["iso3"])
            & (panel["year"] == int(fix["year"]))
            & (panel["indicator"] == fix["indicator"])
        )
        if hit.sum() != 1:
            raise ValidationError(f"correction matches {int(hit.sum())} rows, expected 1 (stale?): {fix}")
        if "expected" in fix and panel.loc[hit, "value"].iloc[0] != float(fix["expected"]):
            raise ValidationError(
                f"correction expects publisher value {fix['expected']} but finds "
                f"{panel.loc[hit, 'value'].iloc[0]} (publisher revised?): {fix}"
            )
        if fix["action"] == "drop":
            panel = panel[~hit]
        elif fix["action"] == "set":
            panel.loc[hit, "value"] = float(fix["value"])
        else:
            raise ValidationError(f"unknown correction action {fix['action']!r} (use drop or set): {fix}")
    return panel
