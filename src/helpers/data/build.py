"""Build the processed panel from the raw publisher files.

``build()`` parses every dataset in :mod:`helpers.data.datasets`, applies the reviewed corrections,
validates, and writes ``data/processed/panel.parquet`` (tidy: iso3, year, indicator, value, source),
``countries.parquet`` and ``manifest.json``. It is a pure function of its declared inputs (the raw
files, the metadata YAML files and the build code): when their fingerprint matches the manifest,
nothing is rebuilt. Only one build runs at a time (a file lock), and outputs appear atomically.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import platform
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pandas as pd

from .. import config
from ..files import temp_beside, write_bytes_atomic
from .catalog import load_catalog
from .codebook import load_codebook
from .countries import _converter, chinese_names
from .datasets import COUNTRY_TABLE_INPUTS, DATASETS, Dataset
from .errors import ChecksumError, DataError, FetchError, ValidationError, write_failed
from .validate import (
    apply_correction_rules,
    apply_corrections,
    load_correction_rules,
    load_corrections,
    validate,
)

PANEL_DTYPES = {"iso3": "category", "indicator": "category", "source": "category", "year": "int16"}
PACKAGES = ("pandas", "numpy", "pyarrow", "country_converter", "openpyxl", "PyYAML")
LOCK_WAIT_SECONDS = 900


@dataclass
class BuildResult:
    rebuilt: bool
    rows: int
    seconds: float
    manifest: dict = field(default_factory=dict)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def code_fingerprint() -> str:
    """Hash of the build code and the reviewed metadata files (a change in either forces a rebuild)."""
    digest = hashlib.sha256()
    files = sorted(Path(__file__).parent.rglob("*.py")) + [
        config.CATALOG_FILE,
        config.CODEBOOK_FILE,
        config.CORRECTIONS_FILE,
        config.COUNTRY_OVERRIDES_FILE,
    ]
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[name] = metadata.version(name)
    return versions


def check_raw_files(paths: config.Paths) -> None:
    """Stop unless every file data/catalog.yaml lists is a file in ``paths.raw``.

    A dataset reads its files by pattern (``gapminder/datapoints/ddf--datapoints--*.csv``), so a
    missing file would not stop its parser: the panel would silently lose that file's rows. Checking
    the set against the catalogue first names each missing file instead.

    Raises
    ------
    FetchError
        Naming each missing file (or non-file) and how to fetch it.
    """
    from .fetch import raw_file_state

    entries = {f.path: f for s in load_catalog().values() for f in s.files}
    catalogued = list(entries)
    absent = [rel for rel in catalogued if not (paths.raw / rel).exists()]
    not_files = [rel for rel in catalogued if rel not in absent and not (paths.raw / rel).is_file()]
    how = (f"copies them from the mirror {paths.mirror}" if paths.mirror
           else "downloads them (offline: set DIGIMOD_MIRROR to a folder holding copies, e.g. ../shared/data)")
    if len(absent) == len(catalogued):
        raise FetchError(f"{paths.raw} holds none of the {len(catalogued)} files data/catalog.yaml lists. "
                         f"Run `make data` (or `digimod data fetch`, which {how}) first.")
    problems = [f"{rel}: missing" for rel in absent]
    problems += [f"{rel}: {raw_file_state(paths.raw / rel, entries[rel])[1]}" for rel in not_files]
    if problems:
        listing = "".join(f"\n  - {line}" for line in problems)
        raise FetchError(
            f"{len(problems)} of the {len(catalogued)} files data/catalog.yaml lists are missing from {paths.raw} "
            f"or are not files (the panel would silently lose their rows):{listing}\n"
            f"Run `digimod data fetch`, which {how}, then build again."
        )


def input_files(raw: Path) -> dict[str, list[Path]]:
    """Files each dataset (and the country table) reads; raises FetchError naming what is missing."""
    files = {ds.id: ds.files(raw) for ds in DATASETS.values()}
    for name, globs in COUNTRY_TABLE_INPUTS.items():
        files[f"countries:{name}"] = Dataset(f"countries:{name}", name, globs, "").files(raw)
    return files


def describe_inputs(raw: Path, files: dict[str, list[Path]]) -> list[dict]:
    """Provenance of every input: path, sha256, bytes, source, release, licence, access date."""
    catalog = load_catalog()
    pinned = {f.path: f for s in catalog.values() for f in s.files}
    described = {}
    for paths in files.values():
        for path in paths:
            rel = path.relative_to(raw).as_posix()
            if rel in described:
                continue
            source_id = rel.split("/")[0]
            source = catalog.get(source_id)
            sidecar = path.with_name(path.name + ".meta.json")
            side = json.loads(sidecar.read_text()) if sidecar.exists() else {}
            entry = pinned.get(rel)
            actual = sha256_of(path)
            # The sidecar holds the checksum fetch verified (or accepted with --accept-new); without
            # one, the catalogue's pin. A file changed since it was fetched is refused here.
            expected = side.get("sha256") or (entry.sha256 if entry else None)
            if expected and actual != expected:
                raise ChecksumError(
                    path, expected, actual,
                    "The raw file changed after it was fetched (corrupt or edited). Delete it and run "
                    "`make data` (or `digimod data fetch`) to fetch it again",
                )
            described[rel] = {
                "path": rel,
                "sha256": actual,
                "bytes": path.stat().st_size,
                "source": source_id,
                "release": source.release if source else "",
                "licence": source.licence if source else "",
                "url": entry.url if entry else side.get("url", ""),
                "pinned_sha256": entry.sha256 if entry else None,
                "accessed": side.get("accessed"),
                "origin": side.get("origin"),
            }
    return sorted(described.values(), key=lambda d: d["path"])


def fingerprint(inputs: list[dict], code: str) -> str:
    digest = hashlib.sha256(code.encode())
    for item in inputs:
        digest.update(f"{item['path']}={item['sha256']}".encode())
    digest.update(json.dumps(package_versions(), sort_keys=True).encode())
    return digest.hexdigest()


@contextlib.contextmanager
def build_lock(processed: Path, wait_seconds: float = LOCK_WAIT_SECONDS, say=print):
    """Hold an exclusive lock on ``processed/.build.lock``; a second build waits, then gives up."""
    processed.mkdir(parents=True, exist_ok=True)
    lock_path = processed / ".build.lock"
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + wait_seconds
        announced = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not announced:
                    say(f"another build holds {lock_path}; waiting up to {wait_seconds:.0f} s")
                    announced = True
                if time.monotonic() > deadline:
                    raise DataError(
                        f"another build still holds {lock_path} after {wait_seconds:.0f} s. Wait for it to "
                        "finish; if no build is running, the lock is released automatically when its process exits"
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def parse_datasets(files: dict[str, list[Path]], say=print) -> tuple[pd.DataFrame, dict[str, dict]]:
    """Run every dataset's parser; returns the tidy panel (with ``source``) and per-dataset stats."""
    frames, stats = [], {}
    for ds in DATASETS.values():
        started = time.perf_counter()
        frame = ds.parse_function()(files[ds.id])
        frame["source"] = ds.id
        frames.append(frame)
        stats[ds.id] = {"rows": len(frame), "seconds": round(time.perf_counter() - started, 3)}
        say(f"  parsed {ds.id:<20} {len(frame):>8,} rows  {stats[ds.id]['seconds']:6.2f} s")
    panel = pd.concat(frames, ignore_index=True)
    return panel, stats


def country_table(files: dict[str, list[Path]], panel: pd.DataFrame) -> pd.DataFrame:
    """iso3, name_en, name_zh, region, income_group, is_aggregate, un_member — one row per code.

    Names, region and income group come from WDI's country metadata; Chinese names from Gapminder;
    codes in the panel that WDI does not list (e.g. Taiwan) get names from Gapminder or
    country_converter and no World Bank region. UN membership is read off the E-Government Survey.
    """
    from .parsers import gapminder, wdi

    wb = wdi.parse_countries(files["countries:wdi"])
    gm = gapminder.parse_countries(files["countries:gapminder"]).drop_duplicates("iso3")
    table = wb.merge(gm.rename(columns={"name_en": "name_gapminder"}), on="iso3", how="outer")
    extra = sorted(set(panel["iso3"].astype(str)) - set(table["iso3"]))
    if extra:
        table = pd.concat([table, pd.DataFrame({"iso3": extra})], ignore_index=True)
    missing_name = table["name_en"].isna()
    table.loc[missing_name, "name_en"] = table.loc[missing_name, "name_gapminder"]
    still = table["name_en"].isna()
    if still.any():
        short = _converter().convert(table.loc[still, "iso3"].tolist(), src="ISO3", to="name_short", not_found=None)
        table.loc[still, "name_en"] = short if isinstance(short, list) else [short]
    # Gapminder's Chinese names lack a few codes (Kosovo, …): reviewed names fill those, never replace.
    table["name_zh"] = table["name_zh"].fillna(table["iso3"].map(chinese_names()))
    table["is_aggregate"] = table["is_aggregate"].astype("boolean").fillna(False).astype(bool)
    members = panel.loc[panel["indicator"] == "un_egov.assessed", "iso3"].astype(str).unique()
    table["un_member"] = table["iso3"].isin(members)
    table = table.drop(columns="name_gapminder")
    columns = ["iso3", "name_en", "name_zh", "region", "income_group", "is_aggregate", "un_member"]
    return table[columns].sort_values("iso3").reset_index(drop=True)


def check_country_table(countries: pd.DataFrame, panel: pd.DataFrame) -> None:
    if countries["iso3"].duplicated().any():
        raise ValidationError(f"duplicate iso3 in country table: {countries.loc[countries['iso3'].duplicated(), 'iso3'].tolist()}")
    unnamed = countries[countries["name_en"].isna()]
    if not unnamed.empty:
        raise ValidationError(f"countries without an English name: {unnamed['iso3'].tolist()}")
    aggregates_in_panel = set(countries.loc[countries["is_aggregate"], "iso3"]) & set(panel["iso3"].astype(str))
    if aggregates_in_panel:
        raise ValidationError(f"aggregates (World Bank regions/income groups) in the panel: {sorted(aggregates_in_panel)}")


def _write_atomic_parquet(frame: pd.DataFrame, dest: Path) -> Path:
    """Write ``frame`` to a temporary file beside ``dest`` (renamed by the caller); its path."""
    tmp = temp_beside(dest)
    try:
        frame.to_parquet(tmp, index=False, compression="zstd")
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _write_outputs(paths: config.Paths, panel: pd.DataFrame, countries: pd.DataFrame, manifest: dict) -> None:
    """Write both tables to temporary files first, rename them, and only then the manifest.

    A crash or a full disk at any point leaves either the old build or a manifest that forces a
    rebuild, and no temporary file.
    """
    tmp_panel = _write_atomic_parquet(panel, paths.panel)
    try:
        tmp_countries = _write_atomic_parquet(countries, paths.countries)
    except BaseException:
        tmp_panel.unlink(missing_ok=True)
        raise
    paths.manifest.unlink(missing_ok=True)
    os.replace(tmp_panel, paths.panel)
    os.replace(tmp_countries, paths.countries)
    write_bytes_atomic(json.dumps(manifest, indent=2, ensure_ascii=False).encode(), paths.manifest, durable=True)


def read_manifest(paths: config.Paths | None = None) -> dict | None:
    paths = paths or config.paths()
    if not paths.manifest.exists():
        return None
    return json.loads(paths.manifest.read_text(encoding="utf-8"))


def build(paths: config.Paths | None = None, *, force: bool = False, say=print) -> BuildResult:
    """Build (or confirm up to date) the processed panel, country table and manifest."""
    paths = paths or config.paths()
    started = time.perf_counter()
    with build_lock(paths.processed, say=say):
        check_raw_files(paths)
        try:
            files = input_files(paths.raw)
        except FetchError as exc:
            raise FetchError(f"{exc}") from None
        inputs = describe_inputs(paths.raw, files)
        code = code_fingerprint()
        print_ = fingerprint(inputs, code)
        previous = read_manifest(paths)
        if (
            not force
            and previous is not None
            and previous.get("fingerprint") == print_
            and paths.panel.exists()
            and paths.countries.exists()
        ):
            say("data/processed is up to date (inputs, code and packages unchanged)")
            return BuildResult(False, previous["rows"], time.perf_counter() - started, previous)
        say(f"building the panel from {len(inputs)} files in {paths.raw}")
        panel, stats = parse_datasets(files, say=say)
        panel = apply_corrections(panel, load_corrections())
        panel = apply_correction_rules(panel, load_correction_rules())
        codebook = load_codebook()
        validate(panel, codebook)
        countries = country_table(files, panel)
        check_country_table(countries, panel)
        panel = panel.astype(PANEL_DTYPES).sort_values(["indicator", "source", "iso3", "year"], ignore_index=True)
        manifest = {
            "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "fingerprint": print_,
            "code_sha256": code,
            "rows": len(panel),
            "countries": int(panel["iso3"].nunique()),
            "indicators": sorted(panel["indicator"].astype(str).unique()),
            "datasets": {
                ds_id: {**stat, "source": DATASETS[ds_id].source, "release": DATASETS[ds_id].release}
                for ds_id, stat in stats.items()
            },
            "inputs": inputs,
            "packages": package_versions(),
        }
        try:
            _write_outputs(paths, panel, countries, manifest)
        except OSError as exc:  # a full disk, a read-only folder
            raise write_failed(exc, paths.processed, "digimod data build") from None
        seconds = time.perf_counter() - started
        say(f"wrote {paths.panel} ({len(panel):,} rows, {manifest['countries']} countries) in {seconds:.1f} s")
        return BuildResult(True, len(panel), seconds, manifest)
