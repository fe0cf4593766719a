"""Run folders: ``outputs/<run-id>/``, visible only when complete, with a manifest; the collection.

Layout of a run folder (written as ``.<run-id>.partial`` and renamed when complete)::

    outputs/<run-id>/
      manifest.json                 parameters, data provenance, packages, git commit, per-report status
      notebooks/<report>.ipynb      executed notebooks (a failed one keeps its error cell)
      <report>/                     each report's figures, tables and results.json
      html/                         after `digimod render`: one HTML page per report + index.html
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from .. import config
from ..files import write_text_atomic
from .execute import run_batch_dask, run_batch_local
from .preflight import check_kernel_dirs
from .reports import ReportSpec, RunError, collection_notebooks, notebooks_dir, resolve_notebook


def git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=config.PROJECT_ROOT, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip()


def new_run_id(label: str) -> str:
    """UTC time plus a short hash, e.g. ``20261126T120000Z-3f9a1c``."""
    now = dt.datetime.now(dt.UTC)
    digest = hashlib.sha256(f"{label}{now.isoformat()}{os.getpid()}".encode()).hexdigest()[:6]
    return f"{now:%Y%m%dT%H%M%SZ}-{digest}"


#: Recorded beside the data build's packages: what the reports' estimates, figures and pages depend on.
REPORT_PACKAGES = ("statsmodels", "linearmodels", "scipy", "matplotlib", "papermill", "nbconvert")


def report_package_versions() -> dict[str, str]:
    from importlib import metadata

    versions = {}
    for name in REPORT_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


# --- run folders ----------------------------------------------------------------------------------


def start_run(kind: str, outputs: Path | None = None) -> tuple[str, Path]:
    """Create the hidden staging folder of a new run; fails clearly when outputs is not writable."""
    outputs = outputs or config.paths().outputs
    run_id = new_run_id(kind)
    staging = outputs / f".{run_id}.partial"
    try:
        staging.mkdir(parents=True)
    except OSError as exc:
        raise RunError(
            f"cannot write to the outputs folder {outputs} ({exc.strerror}). Make it writable or point "
            "DIGIMOD_OUTPUTS_DIR at a folder you can write to"
        ) from None
    return run_id, staging


def finish_run(run_id: str, staging: Path, kind: str, records: list[dict], started: float,
               settings: dict | None = None) -> Path:
    """Write ``manifest.json`` and make the run visible by renaming its staging folder."""
    from ..data.build import package_versions, read_manifest

    data_manifest = read_manifest() or {}
    manifest = {
        "run_id": run_id,
        "kind": kind,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "settings": settings or {},
        "packages": {**package_versions(), **report_package_versions()},
        "data": {
            "fingerprint": data_manifest.get("fingerprint"),
            "built_at": data_manifest.get("built_at"),
            "inputs": [
                {k: i.get(k) for k in ("path", "sha256", "source", "release", "accessed")}
                for i in data_manifest.get("inputs", [])
            ],
        },
        "seconds": round(time.perf_counter() - started, 2),
        "summary": {
            "reports": len(records),
            "ok": sum(r["status"] == "ok" for r in records),
            "failed": sum(r["status"] != "ok" for r in records),
        },
        "reports": records,
    }
    write_text_atomic(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", staging / "manifest.json")
    final = staging.parent / run_id
    os.replace(staging, final)
    return final


def run_reports(specs: list[ReportSpec], kind: str, *, executor: str = "local", workers: int = 2,
                scheduler: str | None = None, warm: bool = True, settings: dict | None = None,
                progress: bool = True) -> tuple[Path, list[dict]]:
    """Run ``specs`` into a new run folder; returns (run folder, records). Failures are recorded, not raised."""
    started = time.perf_counter()
    # Resolve notebooks here, so workers (other processes, maybe other machines) get absolute paths.
    specs = [replace(spec, notebook=str(resolve_notebook(spec.notebook))) for spec in specs]
    check_kernel_dirs()
    run_id, staging = start_run(kind)
    try:
        if executor == "dask":
            records = run_batch_dask(specs, staging, workers=workers, scheduler=scheduler, warm=warm,
                                     progress=progress)
        else:
            say = (lambda r: print(f"  {r['status']:<6} {r['report']:<40} {r['seconds']:6.1f} s", flush=True)) \
                if progress else None
            records = run_batch_local(specs, staging, warm=warm, progress=say)
    except BaseException:
        # Nothing half-written stays visible: the staging folder is hidden and removed.
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return finish_run(run_id, staging, kind, records, started, settings), records


def summary_table(records: list[dict]) -> str:
    """A plain-text summary of a run's reports (status, seconds, error)."""
    lines = [f"{'status':<7} {'seconds':>8}  report"]
    for r in records:
        lines.append(f"{r['status']:<7} {r['seconds']:>8.1f}  {r['report']}" + (f"  — {r['error']}" if r["error"] else ""))
    ok = sum(r["status"] == "ok" for r in records)
    lines.append(f"{ok} of {len(records)} reports ok")
    return "\n".join(lines)


def run_collection(progress: bool = True) -> tuple[Path, list[dict]]:
    """Notebooks 00–04 with their defaults, into a new run folder."""
    specs = [ReportSpec(p.name) for p in collection_notebooks()]
    if not specs:
        raise RunError(f"no collection notebooks (00_…–04_….ipynb) in {notebooks_dir()}")
    return run_reports(specs, "collection", progress=progress)


def main() -> int:
    """``python -m helpers.runner.runs``: the collection (what `make reports` runs)."""
    final, records = run_collection()
    print(summary_table(records))
    print(f"run written to {final}")
    return 0 if all(r["status"] == "ok" for r in records) else 1


if __name__ == "__main__":
    sys.exit(main())
