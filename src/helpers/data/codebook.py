"""The indicator codebook (``data/codebook.yaml``): names, units, valid ranges, datasets."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import config
from ..files import parse_yaml
from .catalog import unknown_key


@dataclass(frozen=True)
class Indicator:
    """One codebook entry. ``datasets[0]`` is the default dataset for notebooks."""

    id: str
    name: str
    name_zh: str
    unit: str
    min: float
    max: float
    datasets: tuple[str, ...]
    note: str = ""
    coverage: dict = field(default_factory=dict)

    @property
    def default_dataset(self) -> str:
        return self.datasets[0]


@functools.lru_cache(maxsize=4)
def load_codebook(path: Path = config.CODEBOOK_FILE) -> dict[str, Indicator]:
    """Read the codebook into :class:`Indicator` objects keyed by id."""
    with open(path, encoding="utf-8") as fh:
        spec = parse_yaml(fh)
    return {
        ind_id: Indicator(
            id=ind_id,
            name=entry["name"],
            name_zh=entry.get("name_zh", entry["name"]),
            unit=entry["unit"],
            min=float(entry["min"]),
            max=float(entry["max"]),
            datasets=tuple(entry["datasets"]),
            note=entry.get("note", ""),
            coverage=entry.get("coverage", {}) or {},
        )
        for ind_id, entry in spec["indicators"].items()
    }


def get_indicator(indicator_id: str) -> Indicator:
    """Return one codebook entry, or raise with close matches (ids and names are searched)."""
    codebook = load_codebook()
    if indicator_id in codebook:
        return codebook[indicator_id]
    by_name = {ind.name.lower(): ind.id for ind in codebook.values()}
    if str(indicator_id).lower() in by_name:
        return codebook[by_name[str(indicator_id).lower()]]
    raise unknown_key("indicator", indicator_id, [*codebook, *(i.name for i in codebook.values())])


def codebook_table() -> pd.DataFrame:
    """The codebook as a table (one row per indicator), for notebooks and the README."""
    rows = [
        {
            "indicator": ind.id,
            "name": ind.name,
            "name_zh": ind.name_zh,
            "unit": ind.unit,
            "valid_min": ind.min,
            "valid_max": ind.max,
            "default_dataset": ind.default_dataset,
            "other_datasets": ", ".join(ind.datasets[1:]),
            "note": ind.note,
        }
        for ind in load_codebook().values()
    ]
    return pd.DataFrame(rows)
