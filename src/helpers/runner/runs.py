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
from . import reuse
from .execute import close_kernels, launch_zygote_early, run_batch_dask, run_batch_local
from .preflight import check_kernel_dirs
from .reports import ReportSpec, RunError, collection_notebooks, notebooks_dir, resolve_notebook

#: The collection's notebooks are independent: run this many at a time (this machine has two cores).
COLLECTION_WORKERS = 2


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


def start_run(kind: str, outputs: Path | None = None, *, remove_stale: bool = True) -> tuple[str, Path]:
    """Create the hidden staging folder of a new run; fails clearly when outputs is not writable.

    Staging folders that earlier runs abandoned (their process is gone) are removed then, unless
    ``remove_stale`` is False (:func:`run_reports` first takes the reports they finished).
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
    if remove_stale:
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


def abandoned_staging(outputs: Path) -> list[Path]:
    """The ``.<run-id>.partial`` folders of runs whose process has ended (killed, or the machine
    restarted); never one whose owner still runs (two runs may share ``outputs/``)."""
    return [staging for staging in sorted(outputs.glob(".*.partial")) if staging.is_dir() and _abandoned(staging)]


def remove_stale_staging(outputs: Path) -> list[Path]:
    """Remove the staging folders of :func:`abandoned_staging`; returns them."""
    removed = abandoned_staging(outputs)
    for staging in removed:
        shutil.rmtree(staging, ignore_errors=True)
    return removed


def succeeded(record: dict) -> bool:
    """Whether a report's record is a success: executed (``ok``) or taken from an earlier run (``reused``)."""
    return record["status"] in reuse.REUSABLE


def finish_run(run_id: str, staging: Path, kind: str, records: list[dict], started: float,
               settings: dict | None = None, reuse_info: dict | None = None) -> Path:
    """Write ``manifest.json`` and make the run visible by renaming its staging folder."""
    from ..data.build import package_versions, read_manifest

    data_manifest = read_manifest() or {}
    manifest = {
        "run_id": run_id,
        "kind": kind,
        # Milliseconds: runs are ordered by it (clean --keep, the previous run of a kind), and two short
        # runs can finish within one second.
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
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
            "ok": sum(succeeded(r) for r in records),
            "failed": sum(not succeeded(r) for r in records),
        },
        "reuse": reuse_info or {},
        "reports": records,
    }
    write_text_atomic(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", staging / "manifest.json")
    shutil.rmtree(staging / reuse.RECORDS_DIR, ignore_errors=True)
    (staging / OWNER_FILE).unlink(missing_ok=True)
    final = staging.parent / run_id
    os.replace(staging, final)
    return final


def run_reports(specs: list[ReportSpec], kind: str, *, executor: str = "local", workers: int = 2,
                scheduler: str | None = None, warm: bool = True, settings: dict | None = None,
                progress: bool = True, timeout: float | None = None, force: bool = False) -> tuple[Path, list[dict]]:
    """Run ``specs`` into a new run folder; returns (run folder, records). Failures are recorded, not raised.

    A report whose key matches an earlier complete report (or one a killed run finished) is not executed:
    its files are linked in and it is recorded as ``reused`` (:mod:`helpers.runner.reuse`); ``force``
    executes every report. ``timeout``: seconds each report may run (default
    :func:`helpers.config.report_timeout`). ``executor``: "local" (one after another in this process),
    "threads" (``workers`` at a time in this process, kernels forked from one zygote; Linux) or "dask"
    (``workers`` local Dask workers, or the cluster at ``scheduler``).
    On any exception (Ctrl-C included) the staging folder is removed: no half-written run remains.
    """
    started = time.perf_counter()
    timeout = _report_timeout(timeout)
    # Resolve notebooks here, so workers (other processes, maybe other machines) get absolute paths.
    specs = [replace(spec, notebook=str(resolve_notebook(spec.notebook))) for spec in specs]
    check_kernel_dirs()
    outputs = config.paths().outputs
    run_id, staging = start_run(kind, outputs, remove_stale=False)
    launched = False
    try:
        launched = launch_zygote_early(executor, warm, len(specs))
        plan = plan_reuse(specs, outputs, staging, force)
        # The reports killed runs finished are linked in now: their staging folders can go.
        remove_stale_staging(outputs)
        if progress and plan.reused:
            print(plan.describe(len(specs)), flush=True)
        remaining = [spec for spec in specs if spec.report not in plan.reused]
        executed = {r["report"]: r for r in _execute(remaining, staging, plan, executor, workers, scheduler, warm,
                                                      progress, timeout)}
    except BaseException:
        # Nothing half-written stays visible: the staging folder is hidden and removed.
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if launched:
            close_kernels()  # unused when every report was reused (or one is left: a cold kernel)
    records = [plan.reused.get(spec.report) or executed[spec.report] for spec in specs]
    return finish_run(run_id, staging, kind, records, started, settings, plan.info(force, records)), records


class ReusePlan:
    """Which reports of a batch earlier runs provide (linked in already), and every report's key."""

    def __init__(self, staging: Path, keys: dict[str, str], data: reuse.DataState, parts: dict[str, str]):
        self.staging, self.keys, self.data, self.parts = staging, keys, data, parts
        self.reused: dict[str, dict] = {}
        #: report → seconds it took when last executed (newest complete run first): for the order.
        self.expected: dict[str, float] = {}

    def longest_first(self, specs: list[ReportSpec]) -> list[ReportSpec]:
        """``specs`` by the time each took last time, longest first: with several workers, a long report
        started last would finish alone. Last time is the newest complete run in the outputs folder, else
        the notebook's last refresh of stored outputs (:func:`reuse.stored_seconds`; a fresh clone); reports
        with neither go after those, the one with the most code first (:func:`reuse.expected_duration`)."""
        return sorted(specs, key=lambda spec: reuse.expected_duration(Path(spec.notebook),
                                                                      self.expected.get(spec.report)),
                      reverse=True)

    def record(self, record: dict) -> None:
        """Complete an executed report's record (key, data part) and save it in the staging folder at
        once, so that a later run can reuse it should this one be killed."""
        inputs_read = record.pop("inputs_read", None)
        record["key"] = self.keys.get(record["report"])
        record["data_read"] = self.data.data_read(inputs_read) if record["status"] == "ok" else None
        save_record(self.staging, record)

    def describe(self, total: int) -> str:
        resumed = sum(bool(r.get("resumed")) for r in self.reused.values())
        copied = sum(r.get("bytes_copied", 0) for r in self.reused.values())
        return (f"{len(self.reused)} of {total} reports unchanged since an earlier run: reused"
                + (f" ({resumed} finished by a run that was stopped)" if resumed else "")
                + (f", {copied / 2**20:.1f} MiB copied (another file system)" if copied else "")
                + (f"; executing {total - len(self.reused)}" if total > len(self.reused) else ""))

    def info(self, force: bool, records: list[dict]) -> dict:
        """The manifest's ``reuse`` entry: counts, and the run-wide parts of every key."""
        return {"forced": force, "reused": len(self.reused),
                "resumed": sum(bool(r.get("resumed")) for r in self.reused.values()),
                "executed": len(records) - len(self.reused), "key_parts": self.parts}


def plan_reuse(specs: list[ReportSpec], outputs: Path, staging: Path, force: bool = False) -> ReusePlan:
    """Every report's key; unless ``force``, the reports earlier runs provide, linked into ``staging``."""
    from .render import complete_runs

    parts = reuse.run_parts()
    keys = {spec.report: reuse.report_key(Path(spec.notebook), spec.parameters, parts) for spec in specs}
    plan = ReusePlan(staging, keys, reuse.DataState.current(), parts)
    runs = complete_runs(outputs)
    for _folder, manifest in reversed(runs):  # oldest first: newer runs overwrite
        plan.expected.update({r["report"]: float(r.get("executed_seconds") or r.get("seconds") or 0.0)
                              for r in manifest.get("reports", []) if isinstance(r, dict) and "report" in r})
    if force:
        return plan
    stagings = [folder for folder in abandoned_staging(outputs) if folder != staging]
    earlier = reuse.Earlier.scan(runs, stagings)
    for spec in specs:
        candidate = earlier.match(keys[spec.report], plan.data)
        if candidate is None:
            continue
        try:
            record = reuse.reuse_report(candidate, spec.report, spec.parameters, staging)
        except OSError:
            continue  # its files went away meanwhile (another run removed them): executed instead
        plan.reused[spec.report] = record
        save_record(staging, record)
    return plan


def save_record(staging: Path, record: dict) -> None:
    """``<staging>/.records/<report>.json``, written atomically (see :data:`reuse.RECORDS_DIR`)."""
    folder = staging / reuse.RECORDS_DIR
    folder.mkdir(exist_ok=True)
    write_text_atomic(json.dumps(record, ensure_ascii=False) + "\n", folder / f"{record['report']}.json")


def _execute(specs: list[ReportSpec], staging: Path, plan: ReusePlan, executor: str, workers: int,
             scheduler: str | None, warm: bool, progress: bool, timeout: float) -> list[dict]:
    if not specs:
        return []
    if executor == "dask":
        return run_batch_dask(plan.longest_first(specs), staging, workers=workers, scheduler=scheduler,
                              warm=warm, progress=progress, timeout=timeout, on_record=plan.record)

    def done(record: dict) -> None:
        plan.record(record)
        if progress:
            print(f"  {record['status']:<6} {record['report']:<40} {record['seconds']:6.1f} s", flush=True)

    return run_batch_local(plan.longest_first(specs), staging, warm=warm, progress=done, timeout=timeout,
                           workers=workers if executor == "threads" else 1)


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
    ok = sum(succeeded(r) for r in records)
    reused = sum(r["status"] == "reused" for r in records)
    lines.append(f"{ok} of {len(records)} reports ok" + (f" ({reused} reused)" if reused else ""))
    return "\n".join(lines)


def run_collection(progress: bool = True, timeout: float | None = None, *, workers: int = COLLECTION_WORKERS,
                   force: bool = False) -> tuple[Path, list[dict]]:
    """Notebooks 00–04 and 06 with their defaults, into a new run folder, ``workers`` at a time, the longest
    first (they are independent); ``timeout``, ``force``: see :func:`run_reports`.

    Several at a time run in threads of this process, their kernels forked from one zygote: measured
    (benchmarks/bench_collection.py), a local Dask cluster cost half as much CPU again as the notebooks
    themselves (two workers, two zygotes), which two cores cannot hide. Without fork, on Dask.
    """
    from .kernels import FORK_SUPPORTED

    specs = [ReportSpec(p.name) for p in collection_notebooks()]
    if not specs:
        raise RunError(f"no collection notebooks (00_…–04_…, 06_….ipynb) in {notebooks_dir()}")
    executor = "local" if workers == 1 or len(specs) == 1 else "threads" if FORK_SUPPORTED else "dask"
    return run_reports(specs, "collection", executor=executor, workers=workers, progress=progress,
                       timeout=timeout, force=force, settings={"workers": workers, "executor": executor})


# --- retention ------------------------------------------------------------------------------------

#: A run folder being removed is renamed to ``.<run-id>.removing`` first: never half-visible.
REMOVING_SUFFIX = ".removing"


def runs_to_remove(runs: list[tuple[Path, dict]], keep: int) -> list[tuple[Path, dict]]:
    """The complete runs (newest first, as :func:`render.complete_runs` lists them) beyond the newest
    ``keep`` of their kind."""
    if keep < 1:
        raise RunError(f"--keep must be at least 1 (got {keep}): clean keeps the newest N complete runs of "
                       "each kind; to remove every run, delete the outputs folder")
    seen: dict[str, int] = {}
    doomed = []
    for folder, manifest in runs:
        kind = str(manifest.get("kind"))
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] > keep:
            doomed.append((folder, manifest))
    return doomed


def bytes_freed(folders: list[Path]) -> int:
    """Bytes that removing ``folders`` frees: files with no hard link outside them (a reused report's
    files stay on disk as long as a kept run links to them)."""
    inodes: dict[tuple[int, int], list[int]] = {}  # (device, inode) → [size, links, links seen here]
    for folder in folders:
        for path in folder.rglob("*"):
            info = path.lstat()
            if not path.is_dir():
                entry = inodes.setdefault((info.st_dev, info.st_ino), [info.st_size, info.st_nlink, 0])
                entry[2] += 1
    return sum(size for size, links, here in inodes.values() if here >= links)


def clean_runs(keep: int, outputs: Path | None = None) -> tuple[list[tuple[Path, dict]], int]:
    """Remove complete runs beyond the newest ``keep`` of each kind; returns (removed runs, bytes freed).

    Reused reports are hard links or copies (:mod:`helpers.runner.reuse`), so no kept run depends on
    the files of a removed one. Each run is renamed to a hidden folder before it is deleted; such folders
    left by an interrupted clean are removed too. The index of runs (``outputs/index.html``) is rewritten
    when there is one.
    """
    from .render import complete_runs, write_runs_index

    outputs = outputs or config.paths().outputs
    doomed = runs_to_remove(complete_runs(outputs), keep)
    leftovers = sorted(outputs.glob(f".*{REMOVING_SUFFIX}")) if outputs.is_dir() else []
    freed = bytes_freed([folder for folder, _ in doomed] + leftovers)
    for folder, _manifest in doomed:
        hidden = folder.with_name(f".{folder.name}{REMOVING_SUFFIX}")
        os.replace(folder, hidden)
        leftovers.append(hidden)
    for hidden in leftovers:
        shutil.rmtree(hidden)
    if doomed and (outputs / "index.html").exists():
        write_runs_index(outputs)
    return doomed, freed


def main() -> int:
    """``python -m helpers.runner.runs``: the collection (what `make reports` runs)."""
    final, records = run_collection()
    print(summary_table(records))
    print(f"run written to {final}")
    return 0 if all(r["status"] == "ok" for r in records) else 1


if __name__ == "__main__":
    sys.exit(main())
