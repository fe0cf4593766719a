"""Run folders: ``outputs/<run-id>/``, visible only when complete, with a manifest; the collection.

Layout of a run folder (written as ``.<run-id>.partial`` and renamed when complete; a staging folder
left by a run that was killed is removed by the next run, see :func:`remove_stale_staging`)::

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
import socket
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


#: In a staging folder: which process writes it (pid, host, start time), so that another run can tell
#: whether it was abandoned. Removed before the folder is renamed: not part of a run's contents.
OWNER_FILE = ".owner.json"
#: A staging folder without an owner file (written before owners were recorded) counts as abandoned
#: once it has not changed for this long (a running batch keeps adding its reports' folders to it).
UNOWNED_STALE_SECONDS = 24 * 3600


def start_run(kind: str, outputs: Path | None = None) -> tuple[str, Path]:
    """Create the hidden staging folder of a new run; fails clearly when outputs is not writable.

    Staging folders that earlier runs abandoned (their process is gone) are removed first.
    """
    outputs = outputs or config.paths().outputs
    run_id = new_run_id(kind)
    staging = outputs / f".{run_id}.partial"
    try:
        staging.mkdir(parents=True)
        (staging / OWNER_FILE).write_text(json.dumps(_this_process()) + "\n", encoding="utf-8")
    except OSError as exc:
        raise RunError(
            f"cannot write to the outputs folder {outputs} ({exc.strerror}). Make it writable or point "
            "DIGIMOD_OUTPUTS_DIR at a folder you can write to"
        ) from None
    remove_stale_staging(outputs)
    return run_id, staging


def _this_process() -> dict:
    import psutil

    return {"pid": os.getpid(), "host": socket.gethostname(), "started": psutil.Process().create_time()}


def _owner_gone(owner: dict) -> bool:
    """Whether the process that wrote ``owner`` has ended (never true for another host's process)."""
    import psutil

    if owner.get("host") != socket.gethostname():
        return False  # outputs/ shared between machines: that process cannot be checked from here
    try:
        started = psutil.Process(int(owner["pid"])).create_time()
    except psutil.NoSuchProcess:
        return True
    except (psutil.Error, KeyError, TypeError, ValueError):
        return False
    return abs(started - float(owner.get("started", started))) > 1.0  # the pid now names another process


def _abandoned(staging: Path) -> bool:
    try:
        owner = json.loads((staging / OWNER_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        try:
            return time.time() - staging.stat().st_mtime > UNOWNED_STALE_SECONDS
        except OSError:
            return False
    except (OSError, ValueError):
        return False  # being written, or unreadable: leave it
    return isinstance(owner, dict) and _owner_gone(owner)


def remove_stale_staging(outputs: Path) -> list[Path]:
    """Remove the ``.<run-id>.partial`` folders of runs whose process has ended (killed, or the machine
    restarted); never one whose owner still runs (two runs may share ``outputs/``). Returns them."""
    removed = []
    for staging in sorted(outputs.glob(".*.partial")):
        if staging.is_dir() and _abandoned(staging):
            shutil.rmtree(staging, ignore_errors=True)
            removed.append(staging)
    return removed


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
    (staging / OWNER_FILE).unlink(missing_ok=True)
    final = staging.parent / run_id
    os.replace(staging, final)
    return final


def run_reports(specs: list[ReportSpec], kind: str, *, executor: str = "local", workers: int = 2,
                scheduler: str | None = None, warm: bool = True, settings: dict | None = None,
                progress: bool = True, timeout: float | None = None) -> tuple[Path, list[dict]]:
    """Run ``specs`` into a new run folder; returns (run folder, records). Failures are recorded, not raised.

    ``timeout``: seconds each report may run (default :func:`helpers.config.report_timeout`).
    On any exception (Ctrl-C included) the staging folder is removed: no half-written run remains.
    """
    started = time.perf_counter()
    timeout = _report_timeout(timeout)
    # Resolve notebooks here, so workers (other processes, maybe other machines) get absolute paths.
    specs = [replace(spec, notebook=str(resolve_notebook(spec.notebook))) for spec in specs]
    check_kernel_dirs()
    run_id, staging = start_run(kind)
    try:
        if executor == "dask":
            records = run_batch_dask(specs, staging, workers=workers, scheduler=scheduler, warm=warm,
                                     progress=progress, timeout=timeout)
        else:
            say = (lambda r: print(f"  {r['status']:<6} {r['report']:<40} {r['seconds']:6.1f} s", flush=True)) \
                if progress else None
            records = run_batch_local(specs, staging, warm=warm, progress=say, timeout=timeout)
    except BaseException:
        # Nothing half-written stays visible: the staging folder is hidden and removed.
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return finish_run(run_id, staging, kind, records, started, settings), records


def _report_timeout(timeout: float | None) -> float:
    if timeout is None:
        try:
            return config.report_timeout()
        except ValueError as exc:
            raise RunError(str(exc)) from None
    if not timeout > 0:
        raise RunError(f"the time limit of a report must be a positive number of seconds, not {timeout!r}")
    return float(timeout)


def summary_table(records: list[dict]) -> str:
    """A plain-text summary of a run's reports (status, seconds, error)."""
    lines = [f"{'status':<7} {'seconds':>8}  report"]
    for r in records:
        lines.append(f"{r['status']:<7} {r['seconds']:>8.1f}  {r['report']}" + (f"  — {r['error']}" if r["error"] else ""))
    ok = sum(r["status"] == "ok" for r in records)
    lines.append(f"{ok} of {len(records)} reports ok")
    return "\n".join(lines)


def run_collection(progress: bool = True, timeout: float | None = None) -> tuple[Path, list[dict]]:
    """Notebooks 00–04 and 06 with their defaults, into a new run folder (``timeout``: see :func:`run_reports`)."""
    specs = [ReportSpec(p.name) for p in collection_notebooks()]
    if not specs:
        raise RunError(f"no collection notebooks (00_…–04_….ipynb) in {notebooks_dir()}")
    return run_reports(specs, "collection", progress=progress, timeout=timeout)


def main() -> int:
    """``python -m helpers.runner.runs``: the collection (what `make reports` runs)."""
    final, records = run_collection()
    print(summary_table(records))
    print(f"run written to {final}")
    return 0 if all(r["status"] == "ok" for r in records) else 1


if __name__ == "__main__":
    sys.exit(main())
