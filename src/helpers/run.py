"""Executing notebooks: one, the collection, or a batch of profiles on Dask, into ``outputs/<run-id>/``.

Layout of a run folder (visible only when complete: it is written as ``.<run-id>.partial`` and renamed)::

    outputs/<run-id>/
      manifest.json                 parameters, data provenance, packages, git commit, per-report status
      notebooks/<report>.ipynb      executed notebooks (a failed one keeps its error cell)
      <report>/                     each report's figures, tables and results.json
      html/                         after `digimod render`: one HTML page per report + index.html

Kernel start-up and imports dominate a short notebook. Batches therefore give every report a *new*
kernel process forked from a per-worker "zygote" that imported the heavy libraries once
(:mod:`helpers.kernels`; Linux), the next one prepared in the background. No state is shared between
reports: each starts from the same post-import snapshot. Where fork is unavailable, a warm spare kernel
(a fresh process that ran the imports with ``store_history=False``) is used instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from . import config

KERNEL_NAME = "digimod"
NOTEBOOKS_DIR = config.PROJECT_ROOT / "notebooks"
TEMPLATES_DIR = Path(__file__).parent / "templates"
#: Imports every report needs; run in a spare kernel before it is handed a notebook.
WARM_UP_CODE = (
    "import pandas, numpy, matplotlib, matplotlib.pyplot, statsmodels.api, linearmodels, pyarrow.parquet\n"
    "import helpers.data, helpers.stats, helpers.plots, helpers.i18n, helpers.params, helpers.outputs\n"
)


class RunError(RuntimeError):
    """A run could not be set up (bad notebook name, unwritable outputs folder, …)."""


@dataclass(frozen=True)
class ReportSpec:
    """One notebook execution: which notebook, with which parameters, under which report name."""

    notebook: str  # file name inside notebooks/, e.g. "05_country_profile.ipynb"
    parameters: dict = field(default_factory=dict)
    name: str = ""  # report name (folder and file stem); defaults to the notebook stem

    @property
    def report(self) -> str:
        return self.name or Path(self.notebook).stem


def collection_notebooks(folder: Path | None = None) -> list[Path]:
    """The collection: numbered notebooks ``00``–``04`` in reading order (profiles run separately)."""
    folder = folder or NOTEBOOKS_DIR
    return sorted(p for p in folder.glob("0[0-4]_*.ipynb"))


def resolve_notebook(name: str) -> Path:
    """Find a notebook by file name, stem or number prefix (``05``), with suggestions on failure."""
    if Path(name).is_absolute() and Path(name).is_file():
        return Path(name)
    candidates = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
    for path in candidates:
        if name in {path.name, path.stem, path.stem[:2]} or Path(name).resolve() == path.resolve():
            return path
    from .data.catalog import close_matches

    hints = close_matches(name, [p.stem for p in candidates])
    raise RunError(
        f"no notebook {name!r} in {NOTEBOOKS_DIR}."
        + (f" Did you mean: {', '.join(hints)}?" if hints else "")
        + f" Available: {', '.join(p.stem for p in candidates)}"
    )


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


# --- kernels --------------------------------------------------------------------------------------


def start_warm_kernel(cwd: Path = NOTEBOOKS_DIR, kernel_name: str = KERNEL_NAME, warm: bool = True):
    """Start a kernel process and (optionally) import the heavy libraries in it; return its manager."""
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel(cwd=str(cwd))
    if warm:
        client = km.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=120)
            reply = client.execute_interactive(WARM_UP_CODE, store_history=False, timeout=300, output_hook=lambda m: None)
            if reply["content"]["status"] != "ok":
                raise RunError(f"kernel warm-up failed: {reply['content'].get('evalue')}")
        finally:
            client.stop_channels()
    return km


class SpareKernel:
    """Keeps one warm kernel ready in the background; :meth:`take` hands it over and starts the next."""

    def __init__(self, cwd: Path = NOTEBOOKS_DIR):
        self.cwd = cwd
        self._result: dict = {}
        self._thread: threading.Thread | None = None
        self._prepare()

    def _prepare(self) -> None:
        def work():
            try:
                self._result["km"] = start_warm_kernel(self.cwd)
            except Exception as exc:  # noqa: BLE001 - reported when the kernel is taken
                self._result["error"] = exc

        self._result = {}
        self._thread = threading.Thread(target=work, daemon=True)
        self._thread.start()

    def take(self):
        self._thread.join()
        result = self._result
        self._prepare()
        if "error" in result:
            raise RunError(f"could not start a kernel: {result['error']}") from result["error"]
        return result["km"]

    def close(self) -> None:
        self._thread.join()
        km = self._result.get("km")
        if km is not None:
            km.shutdown_kernel(now=True)


# --- one report -----------------------------------------------------------------------------------

_ENGINE = "digimod"


@functools.cache
def _register_papermill_engine() -> str:
    """Register (once) papermill's nbclient engine with fewer saves of the executed notebook; its name.

    papermill writes the whole executed notebook before and after every cell (figures included), which
    costs more than many cells take. Here it is written when execution starts, every
    ``autosave_cell_every`` seconds (30) while cells run, and at the end — with the error cell when a
    cell fails — so a long report can still be followed on disk and a failed one is kept.
    """
    from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

    class ThrottledSaves(NotebookExecutionManager):
        _hold = False

        def save(self, **kwargs):
            if not self._hold:
                super().save(**kwargs)

        def _without_save(self, step, *args, **kwargs):
            self._hold = True
            try:
                step(*args, **kwargs)
            finally:
                self._hold = False
            self.autosave_cell()

        def cell_start(self, cell, cell_index=None, **kwargs):
            self._without_save(super().cell_start, cell, cell_index, **kwargs)

        def cell_complete(self, cell, cell_index=None, **kwargs):
            self._without_save(super().cell_complete, cell, cell_index, **kwargs)

    class Engine(NBClientEngine):
        @classmethod
        def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=True, log_output=False,
                             autosave_cell_every=30, **kwargs):
            # papermill's Engine.execute_notebook with the manager above.
            nb_man = ThrottledSaves(nb, output_path=output_path, progress_bar=progress_bar,
                                    log_output=log_output, autosave_cell_every=autosave_cell_every)
            nb_man.notebook_start()
            try:
                cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
            finally:
                nb_man.cleanup_pbar()
                nb_man.notebook_complete()
            return nb_man.nb

    papermill_engines.register(_ENGINE, Engine)
    return _ENGINE


def execute_report(spec: ReportSpec, run_dir: Path, km=None) -> dict:
    """Execute one report into ``run_dir``; never raises for a failing notebook (status "failed").

    The executed notebook goes to ``run_dir/notebooks/<report>.ipynb`` (with its error cell when it
    fails) and the notebook's own outputs to ``run_dir/<report>/`` (its ``output_dir`` parameter).
    """
    import papermill

    notebook = resolve_notebook(spec.notebook)
    out_dir = run_dir / spec.report
    parameters = {**spec.parameters, "output_dir": str(out_dir)}
    executed = run_dir / "notebooks" / f"{spec.report}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    status, error = "ok", None
    try:
        papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            cwd=str(notebook.parent),
            progress_bar=False,
            engine_name=_register_papermill_engine(),
            km=km,
        )
    except papermill.PapermillExecutionError as exc:
        status, error = "failed", f"{exc.ename}: {exc.evalue}"
    except Exception as exc:  # noqa: BLE001 - a broken kernel must not stop a batch; it is reported
        status, error = "failed", f"{type(exc).__name__}: {exc}"
    finally:
        if km is not None:
            km.shutdown_kernel(now=True)
    return {
        "report": spec.report,
        "notebook": notebook.name,
        "parameters": {k: v for k, v in parameters.items() if k != "output_dir"},
        "status": status,
        "error": error,
        "seconds": round(time.perf_counter() - started, 2),
        "executed_notebook": executed.relative_to(run_dir).as_posix(),
        "outputs": out_dir.relative_to(run_dir).as_posix(),
    }


def execute_notebook(notebook: Path, out_dir: Path, parameters: dict | None = None) -> dict:
    """Execute one notebook (cold kernel) with ``parameters`` into ``out_dir``; see :func:`execute_report`."""
    return execute_report(ReportSpec(Path(notebook).name, dict(parameters or {})), Path(out_dir))


# --- batches --------------------------------------------------------------------------------------

_WORKER_SPARE: SpareKernel | None = None


def _execute_on_worker(spec: dict, run_dir: str, warm: bool) -> dict:
    """Dask task: execute one report on this worker in a new kernel (forked from the worker's zygote)."""
    import resource

    km = None
    try:
        if warm:
            _prepare_first_kernel()  # a no-op after the first report on this worker
            km = _warm_kernel()
    except (RunError, OSError, RuntimeError) as exc:
        # A kernel that cannot start fails this report, not the batch.
        return _failed_record(ReportSpec(**spec), str(exc))
    record = execute_report(ReportSpec(**spec), Path(run_dir), km=km)
    # Peak resident memory of this worker and of the (finished) kernels it started.
    self_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    record["worker_peak_mib"] = round(self_mib, 1)
    # Forked kernels are the zygote's children, not ours: their peak comes from the kernel manager.
    memory = getattr(km, "memory", None) or {}
    record["kernel_peak_mib"] = memory.get("peak_rss_mib", round(kids_mib, 1))
    if "pss_mib" in memory:
        record["kernel_pss_mib"] = memory["pss_mib"]
    record["worker"] = os.getpid()
    return record


def _failed_record(spec: ReportSpec, error: str) -> dict:
    """The record of a report that could not even start (no kernel)."""
    return {"report": spec.report, "notebook": Path(spec.notebook).name, "parameters": spec.parameters,
            "status": "failed", "error": error, "seconds": 0.0, "executed_notebook": None,
            "outputs": spec.report}


def _warm_kernel(more: bool = True):
    """A new, ready kernel for one report on this process.

    On Linux it is forked from this process's zygote (:mod:`helpers.kernels`), which imported the heavy
    libraries once, so a report pays neither interpreter start-up nor imports; unless this is the last
    report (``more`` False) the next one is forked in the background. Elsewhere a warm spare kernel (a
    fresh process that ran the imports) is used.
    """
    global _WORKER_SPARE
    from . import kernels

    if kernels.FORK_SUPPORTED:
        return kernels.forked_kernel(NOTEBOOKS_DIR, spare=more)
    if _WORKER_SPARE is None:
        _WORKER_SPARE = SpareKernel()
    return _WORKER_SPARE.take()


def _prepare_first_kernel() -> None:
    """Fork-server kernels: start the zygote and the first kernel, and import papermill meanwhile.

    The zygote imports the heavy libraries in its own process, on another core, while this process
    imports papermill (about a second each), instead of one after the other.
    """
    from . import kernels

    if kernels.FORK_SUPPORTED:
        kernels.prefork(NOTEBOOKS_DIR)
    import papermill  # noqa: F401 - imported now, while the kernel is being prepared


def _close_worker_spare() -> None:
    """Shut down this process's spare kernels and zygote (run on every worker when a batch ends)."""
    global _WORKER_SPARE
    from . import kernels

    if _WORKER_SPARE is not None:
        _WORKER_SPARE.close()
        _WORKER_SPARE = None
    kernels.close_process_zygotes()


def run_batch_local(specs: list[ReportSpec], run_dir: Path, warm: bool = True, progress=None) -> list[dict]:
    """Execute reports one after another in this process.

    Forked (Linux) or warm spare kernels unless ``warm`` is False; a single report uses a cold kernel.
    """
    warm = warm and len(specs) > 1
    records = []
    try:
        if warm:
            _prepare_first_kernel()
        for i, spec in enumerate(specs):
            try:
                km = _warm_kernel(more=i < len(specs) - 1) if warm else None
            except (RunError, OSError, RuntimeError) as exc:
                # A kernel that cannot start fails this report, not the batch.
                records.append(_failed_record(spec, str(exc)))
            else:
                records.append(execute_report(spec, run_dir, km=km))
            if progress:
                progress(records[-1])
    finally:
        if warm:
            _close_worker_spare()
    return records


def run_batch_dask(
    specs: list[ReportSpec],
    run_dir: Path,
    workers: int = 2,
    scheduler: str | None = None,
    warm: bool = True,
    progress: bool = True,
) -> list[dict]:
    """Execute reports on Dask distributed: a local cluster, or the scheduler at ``scheduler``.

    Each worker runs one report at a time (one thread) in its own kernel processes. Records come back
    in the order of ``specs``. With a remote scheduler, workers must see the same project and outputs
    folder (a shared file system) — see the README.
    """
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        # ":0" = any free port; None still binds the default 8787, which another cluster may hold.
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        futures = [
            client.submit(_execute_on_worker, asdict(spec), str(run_dir), warm, key=f"report-{i}-{spec.report}",
                          pure=False)
            for i, spec in enumerate(specs)
        ]
        bar = None
        if progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(futures), desc="reports", unit="report", file=sys.stderr)
        for future in as_completed(futures):
            if bar:
                record = future.result()
                bar.set_postfix_str(f"{record['report']} {record['status']}")
                bar.update(1)
        if bar:
            bar.close()
        return [f.result() for f in futures]
    finally:
        # Spares live in the worker processes; shut them down before the workers go away.
        client.run(_close_worker_spare)
        client.close()
        if cluster is not None:
            cluster.close()


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
    from .data.build import package_versions, read_manifest
    from .outputs import write_text_atomic

    data_manifest = read_manifest() or {}
    manifest = {
        "run_id": run_id,
        "kind": kind,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "settings": settings or {},
        "packages": package_versions(),
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


# --- rendering ------------------------------------------------------------------------------------


def render_run(run_dir: Path) -> Path:
    """Write HTML reports (code hidden) for every executed notebook of a run, plus ``html/index.html``."""
    import html

    import nbformat
    from nbconvert import HTMLExporter

    from .outputs import write_text_atomic

    run_dir = Path(run_dir)
    manifest_file = run_dir / "manifest.json"
    if not manifest_file.exists():
        raise RunError(f"{run_dir} is not a complete run folder (no manifest.json)")
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    # "lab" plus the figures' alternative text (helpers/templates/digimod_html).
    exporter = HTMLExporter(template_name="digimod_html", extra_template_basedirs=[str(TEMPLATES_DIR)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    html_dir = run_dir / "html"
    rows = []
    for record in manifest["reports"]:
        executed = run_dir / record["executed_notebook"] if record["executed_notebook"] else None
        target = f"{record['report']}.html"
        if executed is not None and executed.exists():
            body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
            write_text_atomic(body, html_dir / target)
            link = f'<a href="{html.escape(target)}">{html.escape(record["report"])}</a>'
        else:
            link = html.escape(record["report"])
        error = html.escape(record["error"] or "")
        rows.append(f"<tr><td>{link}</td><td>{record['status']}</td><td>{record['seconds']:.1f}</td><td>{error}</td></tr>")
    index = (
        "<!doctype html><html><head><meta charset='utf-8'><title>digimod run "
        f"{html.escape(manifest['run_id'])}</title></head><body>"
        f"<h1>digimod run {html.escape(manifest['run_id'])}</h1>"
        f"<p>{manifest['summary']['ok']} of {manifest['summary']['reports']} reports ok · commit "
        f"{html.escape(str(manifest.get('git_commit')))} · data {html.escape(str(manifest['data']['fingerprint'])[:12])}</p>"
        "<table><tr><th>report</th><th>status</th><th>seconds</th><th>error</th></tr>"
        + "".join(rows)
        + "</table></body></html>\n"
    )
    write_text_atomic(index, html_dir / "index.html")
    return html_dir / "index.html"


CHECK_MARKER = "# NBVAL_CHECK_OUTPUT"


def refresh_stored_outputs(notebook: str) -> int:
    """Execute a notebook with its defaults and store the outputs of its ``# NBVAL_CHECK_OUTPUT`` cells.

    Only those cells keep outputs in git (``keep_output`` metadata, honoured by nbstripout); every
    other cell stays stripped. Run after an intended change of results, review the diff, commit.
    Returns the number of cells refreshed.
    """
    import tempfile

    import nbformat

    path = resolve_notebook(notebook)
    with tempfile.TemporaryDirectory() as tmp:
        record = execute_report(ReportSpec(str(path)), Path(tmp))
        if record["status"] != "ok":
            raise RunError(f"{path.name} failed, stored outputs not refreshed: {record['error']}")
        executed = nbformat.read(Path(tmp) / record["executed_notebook"], as_version=4)
    by_source = {c.source: c for c in executed.cells if c.cell_type == "code" and CHECK_MARKER in c.source}
    stored = nbformat.read(path, as_version=4)
    refreshed = 0
    for cell in stored.cells:
        if cell.cell_type == "code" and CHECK_MARKER in cell.source:
            # nbval treats a cell without an execution count as never run, so the count is kept too.
            cell.outputs = by_source[cell.source].outputs
            cell.execution_count = by_source[cell.source].execution_count
            cell.metadata["keep_output"] = True
            refreshed += 1
    nbformat.write(stored, path)
    return refreshed


def run_collection(progress: bool = True) -> tuple[Path, list[dict]]:
    """Notebooks 00–04 with their defaults, into a new run folder."""
    specs = [ReportSpec(p.name) for p in collection_notebooks()]
    if not specs:
        raise RunError(f"no collection notebooks (00_…–04_….ipynb) in {NOTEBOOKS_DIR}")
    return run_reports(specs, "collection", progress=progress)


def main() -> int:
    """``python -m helpers.run``: the collection (what `make reports` runs)."""
    final, records = run_collection()
    print(summary_table(records))
    print(f"run written to {final}")
    return 0 if all(r["status"] == "ok" for r in records) else 1


if __name__ == "__main__":
    sys.exit(main())
