"""Executing notebooks: one with papermill, or the whole collection, into ``outputs/<run-id>/``.

A run folder is written under a hidden temporary name and renamed when complete, so a visible
run folder is always whole. Every run writes ``manifest.json`` (parameters, data provenance,
package versions, git commit, per-notebook duration and status).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from . import config

KERNEL_NAME = "digimod"


def collection_notebooks(folder: Path | None = None) -> list[Path]:
    """Numbered notebooks (``NN_name.ipynb``) in reading order."""
    folder = folder or config.PROJECT_ROOT / "notebooks"
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


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


def execute_notebook(notebook: Path, out_dir: Path, parameters: dict | None = None) -> dict:
    """Run one notebook with papermill; the executed copy keeps its error cell on failure."""
    import papermill

    out_dir.mkdir(parents=True, exist_ok=True)
    parameters = {"output_dir": str(out_dir / notebook.stem), **(parameters or {})}
    started = time.perf_counter()
    status, error = "ok", None
    try:
        papermill.execute_notebook(
            str(notebook),
            str(out_dir / notebook.name),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            cwd=str(notebook.parent),
            progress_bar=False,
        )
    except papermill.PapermillExecutionError as exc:
        status, error = "failed", f"{exc.ename}: {exc.evalue}"
    return {
        "notebook": notebook.name,
        "parameters": parameters,
        "status": status,
        "error": error,
        "seconds": round(time.perf_counter() - started, 2),
    }


def run_collection(notebooks: list[Path] | None = None) -> tuple[Path | None, list[dict]]:
    """Run every collection notebook with its defaults into a new ``outputs/<run-id>/``."""
    from .data.build import package_versions, read_manifest

    notebooks = collection_notebooks() if notebooks is None else notebooks
    if not notebooks:
        print("no numbered notebooks in notebooks/ yet; nothing to run")
        return None, []
    paths = config.paths()
    run_id = new_run_id("collection")
    staging = paths.outputs / f".{run_id}.partial"
    results = [execute_notebook(nb, staging) for nb in notebooks]
    data_manifest = read_manifest(paths) or {}
    manifest = {
        "run_id": run_id,
        "kind": "collection",
        "git_commit": git_commit(),
        "packages": package_versions(),
        "data": {"fingerprint": data_manifest.get("fingerprint"), "inputs": data_manifest.get("inputs", [])},
        "notebooks": results,
    }
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    final = paths.outputs / run_id
    os.replace(staging, final)
    return final, results


def main() -> int:
    final, results = run_collection()
    for item in results:
        print(f"  {item['status']:<7} {item['notebook']:<40} {item['seconds']:7.1f} s  {item['error'] or ''}")
    if final:
        print(f"run written to {final}")
    return 1 if any(r["status"] != "ok" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
