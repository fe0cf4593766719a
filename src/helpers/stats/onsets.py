"""Staggered or simultaneous onsets: the order of and gaps between the years several processes began.

"In series" read as *staggered onsets*: each process of a stated order (e.g. industrialization, then
urbanization, then agricultural modernization, then informatization) begins clearly after the one
before it. The functions here take one row per (entity, process) onset with its possible years
(:func:`onset_table`) and say, with the uncertainty of sparse and censored data carried through:

* :func:`onset_gaps` — the gap between successive onsets of the stated order, with bounds, and whether
  it is certainly at least ``min_gap`` years ("staggered"), certainly shorter ("not_staggered") or
  undetermined;
* :func:`onset_sequences` — per entity: "in_series" when every successive gap is staggered,
  "not_in_series" when at least one is certainly not, else "undetermined"; and the *onset spread*
  (last onset minus first onset) with bounds;
* :func:`onset_order_test` — a group (e.g. the early industrializers) against a target (e.g. China): the
  share of the group in series as bounds, the target's spread against each member's, and a reading of
  each from a rule declared in its docstring.

Bounds are worst cases over the possible years of each onset (an interval between observations, an
open side for censored onsets), so "certainly" means: for every onset year the data allow.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

import pandas as pd

from ._design import _YEAR_TOLERANCE, _require_columns
from .thresholds import Crossing, crossing_bounds

ONSET_COLUMNS = ["entity", "process", "onset", "onset_low", "onset_high"]
GAP_COLUMNS = ["entity", "process_a", "process_b", "gap", "gap_low", "gap_high", "relation"]
SEQUENCE_COLUMNS = [
    "entity", "n_gaps", "n_staggered", "n_not_staggered", "n_undetermined", "sequence",
    "spread", "spread_low", "spread_high",
]
#: Share of a group above which :func:`onset_order_test` reads a property as holding for the group.
MAJORITY = 0.5


def onset_table(
    crossings: Mapping[tuple[str, str], Crossing],
    without_interpolation: Mapping[tuple[str, str], Crossing] | None = None,
) -> pd.DataFrame:
    """One row per (entity, process) onset: its year when located and the years it can lie in.

    Parameters
    ----------
    crossings : ``{(entity, process): Crossing}``, the start crossing of each process as reported (e.g.
        interpolated between observations).
    without_interpolation : the same keys, the crossings computed with ``interpolate=False``. Their
        :func:`~helpers.stats.crossing_bounds` are the onset bounds, so an interpolated onset is known
        only to lie between the observations around it. Default: ``crossings`` (bounds then reflect
        censoring only).

    Returns
    -------
    pandas.DataFrame
        :data:`ONSET_COLUMNS`: ``entity``, ``process``, ``onset`` (the year when located, else NaN) and
        ``onset_low``/``onset_high`` (possible years; ±inf for censored sides), in the order given.

    Raises
    ------
    KeyError
        If ``without_interpolation`` lacks a key of ``crossings``.
    ValueError
        If an onset lies outside its own bounds (the two mappings describe different crossings).
    """
    bounds_from = crossings if without_interpolation is None else without_interpolation
    missing = [key for key in crossings if key not in bounds_from]
    if missing:
        raise KeyError(f"without_interpolation has no crossing for {missing[:3]}; pass one for every key")
    rows = []
    for (entity, process), crossing in crossings.items():
        low, high = crossing_bounds(bounds_from[entity, process])
        onset = crossing.year if crossing.located else math.nan
        if not math.isnan(onset) and not low - _YEAR_TOLERANCE <= onset <= high + _YEAR_TOLERANCE:
            raise ValueError(
                f"{entity} {process}: onset {onset} lies outside its bounds ({low}, {high}); the crossings "
                "without interpolation must be the same crossings computed with interpolate=False"
            )
        rows.append((entity, process, onset, low, high))
    return pd.DataFrame(rows, columns=ONSET_COLUMNS).astype(
        {"onset": "float64", "onset_low": "float64", "onset_high": "float64"}
    )


def _check_onsets(onsets: pd.DataFrame, order: Sequence[str], min_gap: float) -> None:
    _require_columns(onsets, ONSET_COLUMNS)
    if len(order) < 2 or len(set(order)) != len(order):
        raise ValueError(f"order must list at least two distinct processes, got {list(order)}")
    if not min_gap > 0:
        raise ValueError(f"min_gap must be positive (years; 1 = a year apart at annual resolution), got {min_gap}")
    duplicated = onsets.duplicated(["entity", "process"])
    if duplicated.any():
        first = onsets[duplicated].iloc[0]
        raise ValueError(f"onsets has two rows for {first['entity']} {first['process']}")
    for entity, part in onsets.groupby("entity", sort=False):
        absent = [p for p in order if p not in set(part["process"])]
        if absent:
            raise ValueError(f"onsets has no row for {entity}: {absent}; give every process of the order "
                             "(an onset outside the data has bounds (-inf, inf))")


def _difference_bounds(low_a: float, high_a: float, low_b: float, high_b: float) -> tuple[float, float]:
    """Bounds of b − a for a in [low_a, high_a], b in [low_b, high_b] (NaN where both sides are open)."""
    return low_b - high_a, high_b - low_a


def _relation(low: float, high: float, min_gap: float) -> str:
    # An open side (inf − inf = NaN) settles nothing on that side.
    if not math.isnan(low) and low >= min_gap - _YEAR_TOLERANCE:
        return "staggered"
    if not math.isnan(high) and high < min_gap - _YEAR_TOLERANCE:
        return "not_staggered"
    return "undetermined"


def onset_gaps(onsets: pd.DataFrame, order: Sequence[str], min_gap: float = 1.0) -> pd.DataFrame:
    """Gaps between successive onsets of ``order``, per entity, with bounds and a staggering verdict.

    Parameters
    ----------
    onsets : :data:`ONSET_COLUMNS` (from :func:`onset_table`), a row for every process of ``order`` per
        entity.
    order : the stated sequence, e.g. ``["industrialization", "urbanization", ...]``.
    min_gap : years by which an onset must follow the one before it to count as staggered (> 0; ``1``
        tests the order alone at annual resolution: onsets in the same year are never staggered).

    Returns
    -------
    pandas.DataFrame
        :data:`GAP_COLUMNS`, one row per entity and successive pair (``process_a`` then ``process_b``):
        ``gap`` = onset(b) − onset(a) when both are located (NaN otherwise); ``gap_low``/``gap_high``
        the smallest and largest gap the bounds allow (±inf when open); ``relation``:
        ``"staggered"`` (``gap_low`` ≥ ``min_gap``), ``"not_staggered"`` (``gap_high`` < ``min_gap``:
        simultaneous, too close, or in the reverse order) or ``"undetermined"``.

    Examples
    --------
    Onsets 1850, 1870 and 1900 with ``min_gap=10`` give gaps 20 and 30, both "staggered"; onsets 1990,
    1992 and 1995 give gaps 2 and 3, both "not_staggered".
    """
    _check_onsets(onsets, order, min_gap)
    rows = []
    for entity, part in onsets.groupby("entity", sort=False):
        by_process = part.set_index("process")
        for name_a, name_b in pairwise(order):
            a, b = by_process.loc[name_a], by_process.loc[name_b]
            low, high = _difference_bounds(a["onset_low"], a["onset_high"], b["onset_low"], b["onset_high"])
            rows.append((entity, name_a, name_b, b["onset"] - a["onset"], low if not math.isnan(low) else -math.inf,
                         high if not math.isnan(high) else math.inf, _relation(low, high, min_gap)))
    return pd.DataFrame(rows, columns=GAP_COLUMNS).astype(
        {"gap": "float64", "gap_low": "float64", "gap_high": "float64"}
    )


def _spread(part: pd.DataFrame) -> tuple[float, float, float]:
    """(spread, low, high) of last onset − first onset over the rows of one entity."""
    first = (part["onset_low"].min(), part["onset_high"].min())  # earliest and latest possible first onset
    last = (part["onset_low"].max(), part["onset_high"].max())
    low, high = last[0] - first[1], last[1] - first[0]
    low = 0.0 if math.isnan(low) else max(0.0, low)
    high = math.inf if math.isnan(high) else max(low, high)
    point = part["onset"].max() - part["onset"].min() if part["onset"].notna().all() else math.nan
    return point, low, high


def onset_sequences(onsets: pd.DataFrame, order: Sequence[str], min_gap: float = 1.0) -> pd.DataFrame:
    """Per entity: are the onsets of ``order`` staggered in that order, and how far apart are first and last?

    Returns
    -------
    pandas.DataFrame
        :data:`SEQUENCE_COLUMNS`, one row per entity (order of first appearance): counts of successive
        gaps by relation (:func:`onset_gaps`); ``sequence``: ``"in_series"`` when every gap is
        staggered, ``"not_in_series"`` when at least one is certainly not, else ``"undetermined"``;
        ``spread`` = last minus first onset of the processes in ``order`` (NaN unless all are located)
        with bounds ``spread_low`` (≥ 0) and ``spread_high`` (``inf`` when open).
    """
    gaps = onset_gaps(onsets, order, min_gap)
    chosen = onsets[onsets["process"].isin(order)]
    rows = []
    for entity, part in gaps.groupby("entity", sort=False):
        counts = part["relation"].value_counts()
        staggered, not_staggered = int(counts.get("staggered", 0)), int(counts.get("not_staggered", 0))
        if not_staggered:
            sequence = "not_in_series"
        elif staggered == len(part):
            sequence = "in_series"
        else:
            sequence = "undetermined"
        spread, low, high = _spread(chosen[chosen["entity"] == entity])
        rows.append((entity, len(part), staggered, not_staggered, len(part) - staggered - not_staggered, sequence,
                     spread, low, high))
    return pd.DataFrame(rows, columns=SEQUENCE_COLUMNS)


@dataclass(frozen=True)
class OnsetOrderTest:
    """A group's onsets against a target's. Built by :func:`onset_order_test`.

    Attributes
    ----------
    order, min_gap, group, target : as passed.
    sequences : pandas.DataFrame
        :func:`onset_sequences` for the group and the target (target last).
    gaps : pandas.DataFrame
        :func:`onset_gaps` for the group and the target (target last).
    n_in_series, n_not_in_series, n_undetermined : int
        Group members by ``sequence``.
    share_in_series : (float, float)
        Bounds of the share of the group in series: (certainly in series, in series or undetermined) / n.
    group_reading : str
        ``"staggered"`` when the lower bound of ``share_in_series`` exceeds :data:`MAJORITY`,
        ``"not_staggered"`` when the upper bound is below it, else ``"undetermined"``.
    target_sequence : str
        The target's ``sequence``.
    spread_comparison : pandas.DataFrame
        One row per group member: ``entity``, its ``spread_low``/``spread_high`` and ``relation`` of the
        target's spread to it: ``"shorter"`` (target's largest possible spread < member's smallest),
        ``"not_shorter"`` (target's smallest ≥ member's largest) or ``"undetermined"``.
    share_shorter : (float, float)
        Bounds of the share of the group whose spread is longer than the target's.
    target_reading : str
        ``"compressed"`` when the lower bound of ``share_shorter`` exceeds :data:`MAJORITY`,
        ``"not_compressed"`` when the upper bound is below it, else ``"undetermined"``.
    """

    order: tuple[str, ...]
    min_gap: float
    group: tuple[str, ...]
    target: str
    sequences: pd.DataFrame
    gaps: pd.DataFrame
    n_in_series: int
    n_not_in_series: int
    n_undetermined: int
    share_in_series: tuple[float, float]
    group_reading: str
    target_sequence: str
    spread_comparison: pd.DataFrame
    share_shorter: tuple[float, float]
    target_reading: str


def _reading(share: tuple[float, float], yes: str, no: str) -> str:
    if share[0] > MAJORITY:
        return yes
    if share[1] < MAJORITY:
        return no
    return "undetermined"


def onset_order_test(
    onsets: pd.DataFrame, order: Sequence[str], group: Sequence[str], target: str, min_gap: float = 1.0
) -> OnsetOrderTest:
    """Are the group's onsets staggered in ``order``, and are the target's more compressed than theirs?

    The statistic, declared before the data are read:

    1. Per entity, the successive gaps of ``order`` and the sequence (:func:`onset_sequences`): in series
       when every onset follows the one before by at least ``min_gap`` years for all onset years the
       data allow.
    2. The share of ``group`` in series, as bounds (undetermined members counted out, then in). The group
       reading is "staggered" when even the lower bound exceeds one half, "not_staggered" when even the
       upper bound is below one half, "undetermined" otherwise.
    3. The target's onset spread (last minus first onset) against each member's: "shorter" when the
       target's largest possible spread is below the member's smallest. The target reading is
       "compressed" when the share of members with a certainly longer spread exceeds one half (lower
       bound), "not_compressed" when the upper bound is below one half, "undetermined" otherwise.

    Parameters
    ----------
    onsets : :data:`ONSET_COLUMNS`, rows for every process of ``order`` for the group and the target.
    order : the stated sequence of processes.
    group : entities whose onsets the claim calls "in series" (e.g. early industrializers).
    target : the entity said to be "in parallel" (e.g. ``"CHN"``); not in ``group``.
    min_gap : see :func:`onset_gaps`.

    Returns
    -------
    OnsetOrderTest

    Raises
    ------
    ValueError
        With an empty group, a target inside the group, or entities without onsets.
    """
    group = tuple(group)
    if not group:
        raise ValueError("onset_order_test needs at least one entity in group")
    if target in group:
        raise ValueError(f"target {target!r} is also in group {list(group)}")
    absent = [e for e in (*group, target) if e not in set(onsets["entity"])]
    if absent:
        raise ValueError(f"no onsets for {absent}")
    chosen = onsets[onsets["entity"].isin((*group, target))]
    chosen = pd.concat([chosen[chosen["entity"] == e] for e in (*group, target)])
    sequences = onset_sequences(chosen, order, min_gap)
    gaps = onset_gaps(chosen, order, min_gap)
    members = sequences[sequences["entity"] != target].set_index("entity")
    counts = members["sequence"].value_counts()
    n_in, n_not = int(counts.get("in_series", 0)), int(counts.get("not_in_series", 0))
    n_undetermined = len(members) - n_in - n_not
    share_in_series = (n_in / len(members), (n_in + n_undetermined) / len(members))
    own = sequences.set_index("entity").loc[target]

    def relation(low: float, high: float) -> str:
        if own["spread_high"] < low - _YEAR_TOLERANCE:
            return "shorter"
        if own["spread_low"] >= high - _YEAR_TOLERANCE:
            return "not_shorter"
        return "undetermined"

    comparison = members[["spread_low", "spread_high"]].reset_index()
    comparison["relation"] = [relation(r.spread_low, r.spread_high) for r in comparison.itertuples()]
    n_shorter = int((comparison["relation"] == "shorter").sum())
    n_not_shorter = int((comparison["relation"] == "not_shorter").sum())
    share_shorter = (n_shorter / len(members), (len(members) - n_not_shorter) / len(members))
    return OnsetOrderTest(
        order=tuple(order), min_gap=float(min_gap), group=group, target=target, sequences=sequences, gaps=gaps,
        n_in_series=n_in, n_not_in_series=n_not, n_undetermined=n_undetermined, share_in_series=share_in_series,
        group_reading=_reading(share_in_series, "staggered", "not_staggered"), target_sequence=own["sequence"],
        spread_comparison=comparison, share_shorter=share_shorter,
        target_reading=_reading(share_shorter, "compressed", "not_compressed"),
    )
