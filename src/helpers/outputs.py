"""Writing a notebook's results: tables (CSV, LaTeX), ``results.json`` and provenance.

Every writer is atomic (temporary file + rename) and deterministic: the same inputs give the same
bytes (sorted keys, fixed float formatting), so reruns can be compared byte for byte.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from .files import write_text_atomic

SIGNIFICANT_DIGITS = 10


def clean_number(value):
    """Round floats to a fixed number of significant digits; NaN/inf become None (valid JSON)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    if not math.isfinite(number):
        return None
    if number.is_integer() and abs(number) < 2**53 and not isinstance(value, float):
        return int(number)
    return float(f"{number:.{SIGNIFICANT_DIGITS}g}")


def to_jsonable(obj):
    """Recursively convert numpy/pandas scalars, tuples and frames to plain, rounded JSON values."""
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set):
        items = sorted(obj) if isinstance(obj, set) else obj
        return [to_jsonable(v) for v in items]
    if isinstance(obj, pd.DataFrame):
        return [to_jsonable(r) for r in obj.to_dict(orient="records")]
    if isinstance(obj, pd.Series):
        return to_jsonable(obj.to_dict())
    if isinstance(obj, Path):
        return obj.as_posix()
    if hasattr(obj, "item") and not isinstance(obj, str):  # numpy scalar
        return clean_number(obj.item())
    return clean_number(obj)


def write_results(out_dir: Path, results: dict, provenance: dict) -> Path:
    """Write ``results.json``: the key estimates plus the data provenance."""
    payload = {"results": to_jsonable(results), "provenance": to_jsonable(provenance)}
    text = json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return write_text_atomic(text, Path(out_dir) / "results.json")


def write_table(frame: pd.DataFrame, out_dir: Path, name: str, *, latex: bool = False, float_digits: int = 6) -> dict:
    """Write ``<name>.csv`` (and ``<name>.tex`` when ``latex``) with fixed float formatting."""
    out_dir = Path(out_dir)
    written = {"csv": write_text_atomic(frame.to_csv(index=False, float_format=f"%.{float_digits}g"),
                                        out_dir / f"{name}.csv")}
    if latex:
        body = frame.to_latex(index=False, escape=True, na_rep="", float_format=f"%.{min(float_digits, 4)}f")
        written["tex"] = write_text_atomic(body, out_dir / f"{name}.tex")
    return written


def provenance(datasets: list[str], manifest: dict | None = None) -> dict:
    """Source, release, file checksums and access dates of the datasets a notebook used.

    Parameters
    ----------
    datasets : dataset ids (the panel's ``source`` values), e.g. ``["un_egov", "wgi_2024"]``.
    manifest : the build manifest (read from ``data/processed/manifest.json`` when omitted).
    """
    from .data.build import read_manifest
    from .data.catalog import load_catalog
    from .data.datasets import get_dataset

    manifest = manifest if manifest is not None else (read_manifest() or {})
    inputs = manifest.get("inputs", [])
    catalog = load_catalog()
    described = {}
    for dataset_id in sorted(set(datasets)):
        dataset = get_dataset(dataset_id)
        source = catalog[dataset.source]
        files = [
            {k: item.get(k) for k in ("path", "sha256", "accessed")}
            for item in inputs
            if any(Path(item["path"]).match(pattern) for pattern in dataset.globs)
        ]
        described[dataset_id] = {
            "source": source.id,
            "publisher": source.publisher,
            "title": source.title,
            "release": source.release,
            "licence": source.licence,
            "citation": source.citation,
            "files": files,
        }
    return {"datasets": described, "data_fingerprint": manifest.get("fingerprint")}


def source_pairs(datasets: list[str], lang: str | None = None) -> list[tuple[str, str]]:
    """(name, release) pairs for a figure's source line, one per source, in the order given.

    With ``lang``, the catalogue's short citation in that language (``short_cite``) and an empty release;
    without, the publisher and the release as the catalogue states them.
    """
    from .data.catalog import load_catalog
    from .data.datasets import get_dataset

    catalog = load_catalog()
    pairs = []
    for dataset_id in dict.fromkeys(datasets):
        source = catalog[get_dataset(dataset_id).source]
        short = source.short_cite.get(lang) if lang else None
        pair = (short, "") if short else (source.publisher, source.release)
        if pair not in pairs:
            pairs.append(pair)
    return pairs


def sources_table(described: dict, lang: str | None = None) -> pd.DataFrame:
    """One row per input file of a :func:`provenance` record: dataset, publisher, release, licence, checksum.

    With ``lang``, the table a reader sees: the source named by the catalogue's short citation and its
    licence in that language (``short_cite``, ``licence_zh``), the checksum shortened to 12 characters.
    Without, the full record (what ``sources.csv`` holds).
    """
    from .data.catalog import load_catalog

    catalog = load_catalog()
    rows = []
    for dataset_id, info in described["datasets"].items():
        source = catalog.get(info["source"])
        for number, item in enumerate(info["files"]):
            row = {"dataset": dataset_id, "publisher": info["publisher"], "release": info["release"],
                   "licence": info["licence"], "file": item["path"], "sha256": item["sha256"],
                   "accessed": (item.get("accessed") or "")[:10]}
            if lang is not None and source is not None:
                first = number == 0  # a reader table names each dataset's source once
                row = {"dataset": dataset_id if first else "",
                       "source": source.short_cite.get(lang, info["publisher"]) if first else "",
                       "licence": ((source.licence_zh or info["licence"]) if lang == "zh" else info["licence"])
                       if first else "",
                       "file": item["path"], "sha256": (item["sha256"] or "")[:12], "accessed": row["accessed"]}
            rows.append(row)
    return pd.DataFrame(rows)
