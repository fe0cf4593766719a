"""The source catalogue (``data/catalog.yaml``): publisher, release, licence and pinned files.

One entry per source; each file names where it lives under ``data/raw/`` (and under a mirror),
its publisher URL and the sha256 of the pinned release.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from ..files import parse_yaml
from ..suggest import close_matches
from .errors import UnknownKeyError


@dataclass(frozen=True)
class SourceFile:
    """One pinned publisher file."""

    source: str
    path: str  # relative to data/raw/ and to the mirror, e.g. "un_egov/EGOV_DATA_2024.csv"
    url: str
    sha256: str
    bytes: int
    archive_member: str | None = None  # glob of the member when `url` serves a zip
    url_verified: bool = True
    live: bool = False  # the URL serves the latest vintage; the pin only verifies mirror copies


@dataclass(frozen=True)
class Source:
    """A publisher source: descriptive metadata plus its files."""

    id: str
    publisher: str
    title: str
    release: str
    landing_page: str
    licence: str
    citation: str
    quirks: str = ""
    files: tuple[SourceFile, ...] = field(default_factory=tuple)
    #: How a figure's source line names this source, per language (``{"en": …, "zh": …}``).
    short_cite: dict[str, str] = field(default_factory=dict)
    #: The licence in Chinese, for reader tables.
    licence_zh: str = ""


def unknown_key(kind: str, word: str, candidates) -> UnknownKeyError:
    """Build an :class:`UnknownKeyError` that suggests close matches."""
    hints = close_matches(word, candidates)
    hint = f" Did you mean: {', '.join(map(str, hints))}?" if hints else ""
    return UnknownKeyError(f"unknown {kind} {word!r}.{hint} ({len(list(candidates))} known)")


@functools.lru_cache(maxsize=4)
def load_catalog(path: Path = config.CATALOG_FILE) -> dict[str, Source]:
    """Read the catalogue into :class:`Source` objects keyed by source id."""
    with open(path, encoding="utf-8") as fh:
        spec = parse_yaml(fh)
    sources = {}
    for sid, entry in spec["sources"].items():
        files = tuple(
            SourceFile(
                source=sid,
                path=f["path"],
                url=f["url"],
                sha256=f["sha256"],
                bytes=int(f["bytes"]),
                archive_member=f.get("archive_member"),
                url_verified=bool(f.get("url_verified", True)),
                live=bool(f.get("live", False)),
            )
            for f in entry["files"]
        )
        meta = {k: entry.get(k, "") for k in ("publisher", "title", "release", "landing_page", "licence",
                                                "licence_zh", "citation", "quirks")}
        sources[sid] = Source(id=sid, files=files, short_cite=dict(entry.get("short_cite") or {}), **meta)
    return sources


def get_source(source_id: str) -> Source:
    """Return one source, or raise with close matches."""
    catalog = load_catalog()
    if source_id not in catalog:
        raise unknown_key("source", source_id, catalog)
    return catalog[source_id]


def all_files() -> list[SourceFile]:
    """Every pinned file of every source, in catalogue order."""
    return [f for s in load_catalog().values() for f in s.files]
