"""Reusing reports by content: a report's key, the reports earlier runs hold, and linking them in.

A report's result is determined by

- its **static key** (known before it runs): the notebook's cells as they will execute (type, source,
  tags), its parameters (canonical JSON, without ``output_dir``), the sibling ``NN_name.texts.yml``, the
  ``helpers`` package source (every file under ``src/helpers``, templates included), the metadata YAML
  files in ``data/`` (catalogue, codebook, corrections, country overrides), the installed distributions'
  versions and the Python version (:func:`environment`);
- its **data part** (known only once it ran): for every dataset the report's kernel read
  (``helpers.data.load.inputs_read``, asked by the runner when the report has finished), a digest of that
  dataset's file checksums in the data build's manifest; for the country table (built from several
  datasets), a digest of the built table itself.

An earlier report can stand in for a new one when its static key is the same and every dataset it read
still has the same digest (:class:`Earlier`). Its files are then hard-linked into the new run (copied
when the two folders are on different file systems, :func:`link_tree`), so deleting the older run never
breaks the newer one.

Installed versions rather than ``requirements/constraints.txt``: the kernel imports what is installed;
the constraints file can be edited without a reinstall (every report would re-execute for nothing) and
an environment can drift from it (a changed package would go unnoticed).
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import platform
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from .. import config

#: Bumped when what goes into a key changes: keys of another version never match.
KEY_VERSION = 1
#: Statuses of earlier reports whose files may be reused.
REUSABLE = ("ok", "reused")
#: The data part's name for the country table (not a dataset id: those never contain a colon).
COUNTRY_TABLE = "countries:table"
#: Asked of a report's kernel when it has finished: what it read from the built data. Nothing is
#: imported for a notebook that never imported the data layer (it read nothing).
INPUTS_READ_EXPRESSION = (
    "__import__('json').dumps(getattr(__import__('sys').modules.get('helpers.data.load'), 'inputs_read', "
    "lambda: {'datasets': [], 'panel': False, 'countries': False})())"
)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


# --- the static key ---------------------------------------------------------------------------------


def installed_packages() -> dict[str, str]:
    """Name → version of every distribution installed for this interpreter (what the kernel imports)."""
    from importlib import metadata

    versions = {}
    for dist in metadata.distributions():
        name = dist.metadata.get("Name")
        if name:
            versions[name.lower().replace("_", "-")] = dist.version
    return dict(sorted(versions.items()))


def environment() -> dict:
    """The environment part of every key: Python version and installed package versions.

    Tests monkeypatch this (or :func:`installed_packages`) to simulate an upgrade.
    """
    return {"python": sys.version, "implementation": platform.python_implementation(),
            "packages": installed_packages()}


def tree_digest(root: Path) -> str:
    """Digest of every file under ``root`` (relative path and bytes), caches excluded."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".pyc", ".pyo"}:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(_sha(path.read_bytes()).encode())
    return digest.hexdigest()


def metadata_files() -> list[Path]:
    """The reviewed metadata the data layer and the notebooks read (``data/*.yaml``)."""
    return [config.CATALOG_FILE, config.CODEBOOK_FILE, config.CORRECTIONS_FILE, config.COUNTRY_OVERRIDES_FILE]


def library_root() -> Path:
    """The ``helpers`` package folder whose every file is part of the key (tests point it elsewhere)."""
    import helpers

    return Path(helpers.__file__).parent


def run_parts() -> dict[str, str]:
    """The parts of the key shared by every report of a run: library source, metadata, environment."""
    metadata = hashlib.sha256()
    for path in metadata_files():
        metadata.update(path.name.encode() + b"\0" + (_sha(path.read_bytes()) if path.exists() else "-").encode())
    return {"version": str(KEY_VERSION), "helpers": tree_digest(library_root()),
            "metadata": metadata.hexdigest(), "environment": _sha(_canonical(environment()))}


@functools.lru_cache(maxsize=64)
def _notebook_json(path: str, mtime_ns: int, size: int) -> dict:
    """A notebook file as plain JSON, read once per version (a batch of one notebook asks for it once per
    report: its key, its expected duration). Read-only for callers.

    Plain JSON: importing nbformat (its schema validator) costs a rerun with nothing to execute about 2.5 s.
    """
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _read_notebook(notebook: Path) -> dict:
    stat = Path(notebook).stat()
    return _notebook_json(str(notebook), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _notebook_digest(path: str, mtime_ns: int, size: int) -> str:
    """The notebook's cells as they execute (type, source, tags) and its texts file."""
    nb = _notebook_json(path, mtime_ns, size)

    def text(source) -> str:
        return "".join(source) if isinstance(source, list) else str(source)

    cells = [[c.get("cell_type"), text(c.get("source", "")), sorted(c.get("metadata", {}).get("tags", []))]
             for c in nb.get("cells", [])]
    texts = Path(path).with_suffix(".texts.yml")
    return _sha(_canonical({"cells": cells, "kernel": nb.get("metadata", {}).get("kernelspec", {}).get("name"),
                            "texts": _sha(texts.read_bytes()) if texts.exists() else None}))


#: Where a notebook keeps the seconds its last refresh of stored outputs took (``digimod refresh-outputs``
#: writes it): ``metadata["digimod"]["expected_seconds"]``.
EXPECTED_SECONDS = ("digimod", "expected_seconds")


def code_size(notebook: Path) -> int:
    """Characters of code in ``notebook``: a rough guess of how long it runs, for the order of a batch."""
    nb = _read_notebook(notebook)
    return sum(len("".join(c.get("source", ""))) for c in nb.get("cells", []) if c.get("cell_type") == "code")


def stored_seconds(notebook: Path) -> float | None:
    """The seconds ``notebook`` took when its stored outputs were last refreshed, or None: how long it will
    run when no earlier run in the outputs folder says (a fresh clone's first ``make reports``)."""
    group, key = EXPECTED_SECONDS
    value = _read_notebook(notebook).get("metadata", {}).get(group, {}).get(key)
    return float(value) if isinstance(value, (int, float)) and value > 0 else None


def expected_duration(notebook: Path, seconds: float | None = None) -> tuple[float, int]:
    """Sort key of a batch, longest first (``reverse=True``): ``seconds`` (what the report took in an earlier
    run), else :func:`stored_seconds`; a notebook with neither sorts after those, by :func:`code_size`."""
    seconds = seconds or stored_seconds(notebook)
    return (seconds, 0) if seconds else (0.0, code_size(notebook))


def notebook_digest(notebook: Path) -> str:
    stat = notebook.stat()
    return _notebook_digest(str(notebook), stat.st_mtime_ns, stat.st_size)


def report_key(notebook: Path, parameters: dict, parts: dict[str, str]) -> str:
    """The static key of one report: its notebook, its parameters and the run's shared parts."""
    parameters = {k: v for k, v in parameters.items() if k != "output_dir"}
    return _sha(_canonical({"notebook": notebook_digest(notebook), "parameters": parameters, **parts}))


# --- the data part ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataState:
    """Per dataset, a digest of its files' checksums in the data build's manifest; the country table's."""

    digests: dict[str, str]

    @classmethod
    def current(cls, paths: config.Paths | None = None) -> DataState:
        from ..data.build import read_manifest
        from ..data.datasets import DATASETS

        paths = paths or config.paths()
        manifest = read_manifest(paths) or {}
        inputs = manifest.get("inputs", [])
        digests = {}
        for dataset in DATASETS.values():
            files = sorted(f"{item['path']}={item['sha256']}" for item in inputs
                           if any(Path(item["path"]).match(pattern) for pattern in dataset.globs))
            if files:
                digests[dataset.id] = _sha("\n".join(files).encode())
        if paths.countries.exists():
            digests[COUNTRY_TABLE] = _sha(paths.countries.read_bytes())
        return cls(digests)

    def data_read(self, inputs_read: dict | None) -> dict[str, str | None] | None:
        """The data part of a report that read ``inputs_read`` (None when that is unknown: never reused)."""
        if not isinstance(inputs_read, dict):
            return None
        names = set(inputs_read.get("datasets", []))
        if inputs_read.get("panel"):
            names |= {n for n in self.digests if n != COUNTRY_TABLE}
        if inputs_read.get("countries"):
            names.add(COUNTRY_TABLE)
        return {name: self.digests.get(name) for name in sorted(names)}

    def unchanged(self, data_read: dict | None) -> bool:
        """Whether every input recorded in ``data_read`` still has the same digest."""
        return isinstance(data_read, dict) and all(
            digest is not None and self.digests.get(name) == digest for name, digest in data_read.items())


# --- earlier reports ----------------------------------------------------------------------------------

#: In a staging folder: one record per finished report, written as soon as it finished, so that the
#: next run can reuse the reports of a run that was killed. Removed before the folder is renamed.
RECORDS_DIR = ".records"


@dataclass(frozen=True)
class Candidate:
    """An earlier report: the folder of the run holding its files, that run's id, and its record."""

    folder: Path
    run_id: str
    record: dict
    resumed: bool = False  # from the staging folder of a run that was killed


class Earlier:
    """Earlier reports by static key, newest first: complete runs and abandoned staging folders."""

    def __init__(self, candidates: list[Candidate]):
        self.by_key: dict[str, list[Candidate]] = {}
        for candidate in candidates:
            self.by_key.setdefault(candidate.record["key"], []).append(candidate)

    @classmethod
    def scan(cls, runs: list[tuple[Path, dict]], stagings: list[Path]) -> Earlier:
        """Records of abandoned ``stagings``, then of the complete ``runs`` ((folder, manifest), newest first)."""
        found = []
        for staging in stagings:
            run_id = staging.name.removeprefix(".").removesuffix(".partial")
            for file in sorted((staging / RECORDS_DIR).glob("*.json")):
                record = _read_json(file)
                if _reusable(record):
                    found.append(Candidate(staging, run_id, record, resumed=True))
        for folder, manifest in runs:
            found += [Candidate(folder, str(manifest.get("run_id", folder.name)), r)
                      for r in manifest.get("reports", []) if _reusable(r)]
        return cls(found)

    def match(self, key: str, data: DataState) -> Candidate | None:
        """The newest earlier report with this key whose data are unchanged and whose files exist."""
        for candidate in self.by_key.get(key, []):
            notebook = candidate.record.get("executed_notebook")
            if data.unchanged(candidate.record.get("data_read")) and notebook and \
                    (candidate.folder / notebook).is_file():
                return candidate
        return None


def _reusable(record) -> bool:
    return isinstance(record, dict) and record.get("status") in REUSABLE and bool(record.get("key")) \
        and isinstance(record.get("data_read"), dict)


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # gone meanwhile, or half-written by hand: not a source of reports


# --- linking files ------------------------------------------------------------------------------------

#: link() failures that mean "cannot link here" (another file system, no hard links): copy instead.
_COPY_INSTEAD = {errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP}


def link_file(source: Path, target: Path) -> bool:
    """Hard-link ``source`` to ``target`` (True), or copy it when that is impossible (False)."""
    try:
        os.link(source, target, follow_symlinks=False)
        return True
    except OSError as exc:
        if exc.errno not in _COPY_INSTEAD:
            raise
    shutil.copy2(source, target, follow_symlinks=False)
    return False


def link_tree(source: Path, target: Path) -> tuple[int, int]:
    """Link (or copy) every file of ``source`` into ``target``; returns (files linked, bytes copied)."""
    linked = copied = 0
    for folder, dirs, files in os.walk(source):
        here = Path(folder)
        (target / here.relative_to(source)).mkdir(parents=True, exist_ok=True)
        for name in files:
            path = here / name
            if link_file(path, target / path.relative_to(source)):
                linked += 1
            else:
                copied += path.lstat().st_size
        dirs.sort()
    return linked, copied


def reuse_report(candidate: Candidate, report: str, parameters: dict, run_dir: Path) -> dict:
    """Bring ``candidate``'s files into ``run_dir`` under the name ``report``; the new record.

    Raises OSError when the earlier files disappeared meanwhile (another run removed them); what was
    linked is removed again, so the caller can execute the report instead.
    """
    import time

    started = time.perf_counter()
    old = candidate.record
    notebook = run_dir / "notebooks" / f"{report}.ipynb"
    outputs = run_dir / report
    try:
        notebook.parent.mkdir(parents=True, exist_ok=True)
        linked = int(link_file(candidate.folder / old["executed_notebook"], notebook))
        copied = 0 if linked else notebook.stat().st_size
        source_outputs = candidate.folder / old.get("outputs", old["report"])
        if source_outputs.is_dir():
            more, copied_more = link_tree(source_outputs, outputs)
            linked, copied = linked + more, copied + copied_more
    except OSError:
        notebook.unlink(missing_ok=True)
        shutil.rmtree(outputs, ignore_errors=True)
        raise
    keep = ("notebook", "key", "data_read", "error")
    return {
        "report": report,
        **{k: old.get(k) for k in keep},
        "parameters": parameters,
        "status": "reused",
        "reused_from": candidate.run_id,
        "executed_in": old.get("executed_in") or candidate.run_id,
        **({"resumed": True} if candidate.resumed else {}),
        "seconds": round(time.perf_counter() - started, 3),
        "executed_seconds": old.get("executed_seconds", old.get("seconds")),
        "executed_notebook": notebook.relative_to(run_dir).as_posix(),
        "outputs": outputs.relative_to(run_dir).as_posix(),
        "files_linked": linked,
        "bytes_copied": copied,
    }
