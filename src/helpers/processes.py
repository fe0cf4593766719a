"""Modernization process windows from the panel: notebook 03's pipeline, in one home.

Per country, each concept's long-run series is spliced onto its modern one
(:func:`splice_concepts`), each process gets a start and an end milestone from threshold crossings
(:func:`milestones`, by a :class:`ProcessDefinition`), the milestones make process windows
(:func:`windows`) and the windows a span and overlap counts (:func:`compression`).

Notebook 03 reports every step; :mod:`helpers.claims.evidence` reads the same windows and onsets for
claim (c), so both date the processes by the same code. Every function is pure: frames and series in,
milestones and tables out.

The processes (notebook 03's table at the top):

* industrialization: industry's share (of employment or value added) first reaches
  ``industry_threshold`` → its peak;
* urbanization: the urban share first reaches ``urban[0]`` → ``urban[1]``;
* agricultural modernization: agriculture's share of employment first falls to ``agri[0]`` → ``agri[1]``;
* informatization: internet users first reach ``internet[0]`` % (or fixed telephones ``telephone``
  lines per 100 with ``info_from_telephone``) → internet users reach ``internet[1]`` %.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import pandas as pd

from . import stats

#: concept → (long-run indicator or None, modern indicator): the series a process is measured with.
SERIES = {
    "urban": ("owid.urban_share_long_run", "SP.URB.TOTL.IN.ZS"),
    "agri_emp": ("hrv.agr_emp_share", "SL.AGR.EMPL.ZS"),
    "ind_emp": ("hrv.ind_emp_share", "SL.IND.EMPL.ZS"),
    "agri_va": ("hrv.agr_va_share", "NV.AGR.TOTL.ZS"),
    "ind_va": ("hrv.ind_va_share", "NV.IND.TOTL.ZS"),
    "internet": (None, "IT.NET.USER.ZS"),
    "telephone": (None, "IT.MLT.MAIN.P2"),
}
#: The four processes, in the essay's order ("in series" = one after another in this order).
PROCESSES = ("industrialization", "urbanization", "agricultural_modernization", "informatization")
#: The three processes that predate the internet (informatization overlaps by construction after 1990).
CLASSIC = PROCESSES[:3]
INDUSTRY_MEASURES = {"employment": "ind_emp", "value_added": "ind_va"}


@dataclass(frozen=True)
class ProcessDefinition:
    """How the process milestones are dated (notebook 03's parameters; claim (c)'s ``thresholds``).

    Attributes
    ----------
    industry_threshold : industry's share (%) that starts industrialization (its peak ends it).
    urban : (start, end) urban shares (%), rising.
    agri : (start, end) agricultural employment shares (%), falling.
    internet : (start, end) internet users (% of population), rising.
    telephone : fixed telephones per 100 people that start informatization with ``info_from_telephone``
        (None: not used).
    industry_measure : ``"employment"`` or ``"value_added"`` share of industry.
    info_from_telephone : date informatization's start from fixed telephones instead of internet users.
    processes : the processes compared (spans, overlaps, onsets); milestones are dated for all four.
    interpolate : date crossings between observations by linear interpolation (False: the interval).
    """

    industry_threshold: float
    urban: Sequence[float]
    agri: Sequence[float]
    internet: Sequence[float]
    telephone: float | None = None
    industry_measure: str = "employment"
    info_from_telephone: bool = False
    processes: Sequence[str] = PROCESSES
    interpolate: bool = True

    def __post_init__(self) -> None:
        if self.industry_measure not in INDUSTRY_MEASURES:
            raise ValueError(f"industry_measure must be one of {sorted(INDUSTRY_MEASURES)}, got {self.industry_measure!r}")
        if self.info_from_telephone and self.telephone is None:
            raise ValueError("info_from_telephone needs a telephone threshold (lines per 100 people), e.g. telephone=10")
        unknown = [p for p in self.processes if p not in PROCESSES]
        if unknown:
            raise ValueError(f"unknown processes {unknown}; choose from {list(PROCESSES)}")

    @classmethod
    def from_thresholds(cls, thresholds: Mapping[str, Any], **options: Any) -> ProcessDefinition:
        """From a claim's ``thresholds`` mapping (``industry``, ``urban``, ``agri``, ``internet``)."""
        return cls(industry_threshold=float(thresholds["industry"]), urban=thresholds["urban"],
                   agri=thresholds["agri"], internet=thresholds["internet"], **options)

    @property
    def industry_concept(self) -> str:
        """The concept industrialization is measured with (``ind_emp`` or ``ind_va``)."""
        return INDUSTRY_MEASURES[self.industry_measure]

    def measure_of(self, process: str) -> str:
        """The concept (key of :data:`SERIES`) a process's milestones are read from."""
        return {"industrialization": self.industry_concept, "urbanization": "urban",
                "agricultural_modernization": "agri_emp", "informatization": "internet"}[process]

    def concepts(self) -> list[str]:
        """The concepts :func:`milestones` reads under this definition."""
        return [self.industry_concept, "urban", "agri_emp", "internet", *(["telephone"] if self.info_from_telephone else [])]


class Milestone(NamedTuple):
    """One end of a process window: the crossing and what it was read from (threshold None = a peak)."""

    crossing: stats.Crossing
    series: pd.Series
    threshold: float | None
    direction: stats.Direction


def indicators(concepts: Iterable[str] = SERIES) -> list[str]:
    """The codebook ids behind ``concepts`` (long-run and modern)."""
    return [code for concept in concepts for code in SERIES[concept] if code]


def observed_series(panel: pd.DataFrame) -> dict[tuple[str, str], pd.Series]:
    """(iso3, indicator) → its values indexed by year, from a long panel."""
    return {key: part.set_index("year")["value"] for key, part in panel.groupby(["iso3", "indicator"])}


def splice_concepts(panel: pd.DataFrame, countries: Sequence[str], prefer: str = "long",
                    concepts: Iterable[str] = SERIES) -> dict[tuple[str, str], stats.Splice]:
    """(iso3, concept) → the long-run series spliced onto the modern one (:func:`helpers.stats.splice_series`).

    Parameters
    ----------
    panel : long panel (iso3, year, indicator, value) holding :func:`indicators` (missing ones are empty).
    prefer : where both have years, ``"long"`` or ``"modern"``.
    """
    by_key = observed_series(panel)

    def raw(iso3: str, indicator: str | None) -> pd.Series:
        return by_key.get((iso3, indicator), pd.Series(dtype=float)) if indicator else pd.Series(dtype=float)

    return {(iso3, concept): stats.splice_series(raw(iso3, SERIES[concept][0]), raw(iso3, SERIES[concept][1]),
                                                 prefer=prefer)
            for iso3 in countries for concept in concepts}


def measure(series: Mapping[tuple[str, str], pd.Series], iso3: str,
            definition: ProcessDefinition) -> dict[str, tuple[Milestone, Milestone]]:
    """{process: (start, end milestone)} of one country, from its spliced series by (iso3, concept)."""
    def cross(values: pd.Series, threshold: float, direction: stats.Direction = "up") -> Milestone:
        found = stats.threshold_crossing(values, threshold, direction, interpolate=definition.interpolate)
        return Milestone(found, values, threshold, direction)

    industry, urban = series[iso3, definition.industry_concept], series[iso3, "urban"]
    agri, internet = series[iso3, "agri_emp"], series[iso3, "internet"]
    (u0, u1), (a0, a1), (i0, i1) = definition.urban, definition.agri, definition.internet
    info_start = cross(series[iso3, "telephone"], definition.telephone) if definition.info_from_telephone \
        else cross(internet, i0)
    peak = Milestone(stats.peak_crossing(industry, definition.interpolate), industry, None, "up")
    return {
        "industrialization": (cross(industry, definition.industry_threshold), peak),
        "urbanization": (cross(urban, u0), cross(urban, u1)),
        "agricultural_modernization": (cross(agri, a0, "down"), cross(agri, a1, "down")),
        "informatization": (info_start, cross(internet, i1)),
    }


def milestones(series: Mapping[tuple[str, str], pd.Series], countries: Sequence[str],
               definition: ProcessDefinition) -> dict[str, dict[str, tuple[Milestone, Milestone]]]:
    """iso3 → :func:`measure` for every country."""
    return {iso3: measure(series, iso3, definition) for iso3 in countries}


def windows(found: Mapping[str, Mapping[str, tuple[Milestone, Milestone]]]) -> dict[str, dict[str, stats.Window]]:
    """iso3 → process → the window between its two milestones (:func:`helpers.stats.process_window`)."""
    return {iso3: {p: stats.process_window(start.crossing, end.crossing) for p, (start, end) in by_process.items()}
            for iso3, by_process in found.items()}


def starts(found: Mapping[str, Mapping[str, tuple[Milestone, Milestone]]], processes: Sequence[str],
           countries: Sequence[str] | None = None) -> dict[tuple[str, str], stats.Crossing]:
    """(iso3, process) → the start crossing (the onset), for :func:`helpers.stats.onset_table`."""
    return {(iso3, p): found[iso3][p][0].crossing for iso3 in (countries or found) for p in processes}


def compression(by_process: Mapping[str, stats.Window],
                processes: Sequence[str]) -> tuple[stats.Span, pd.DataFrame, dict[str, int]]:
    """Span bounds, window pairs and overlap counts (``n_overlap``, ``n_disjoint``, ``n_undetermined``)."""
    chosen = {p: by_process[p] for p in processes}
    pairs = stats.overlap_pairs(chosen)
    counts = pairs["relation"].value_counts()
    return stats.process_span(list(chosen.values())), pairs, {
        f"n_{kind}": int(counts.get(kind, 0)) for kind in ("overlap", "disjoint", "undetermined")}


def marker(series: Mapping[tuple[str, str], pd.Series], iso3: str, concept: str, threshold: float,
           interpolate: bool = True) -> Milestone:
    """A single milestone outside the windows, e.g. fixed telephones reaching 10 lines per 100 people."""
    values = series[iso3, concept]
    return Milestone(stats.threshold_crossing(values, threshold, interpolate=interpolate), values, threshold, "up")


def _row(iso3: str, process: str, side: str, concept: str, milestone: Milestone) -> dict[str, Any]:
    crossing, values, threshold, direction = milestone
    n = len(stats.crossings_all(values, threshold, direction)) if threshold is not None else None
    return {"country": iso3, "process": process, "milestone": side, "measure": concept, "threshold": threshold,
            **stats.crossing_record(crossing), "n_crossings": n}


def milestone_table(found: Mapping[str, Mapping[str, tuple[Milestone, Milestone]]], definition: ProcessDefinition,
                    markers: Mapping[str, Mapping[str, Milestone]] | None = None) -> pd.DataFrame:
    """One row per (country, process, start/end): threshold, :func:`helpers.stats.crossing_record`, n_crossings.

    ``n_crossings`` counts the crossings in the stated direction (None for a peak): more than one means the
    share dipped back and crossed again (only the first is used). ``markers`` (iso3 → concept → a
    :func:`marker`) add a row each after the country's processes, as milestone ``"marker"``.
    """
    rows = []
    for iso3, by_process in found.items():
        for process, ends in by_process.items():
            rows += [_row(iso3, process, side, definition.measure_of(process), m)
                     for side, m in zip(["start", "end"], ends, strict=True)]
        rows += [_row(iso3, concept, "marker", concept, m) for concept, m in (markers or {}).get(iso3, {}).items()]
    return pd.DataFrame(rows)
