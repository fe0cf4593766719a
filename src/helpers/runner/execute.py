"""Executing reports: one notebook through papermill, or a batch one after another or on Dask.

Kernel start-up and imports dominate a short notebook. Batches therefore give every report a *new*
kernel process forked from a per-worker "zygote" that imported the heavy libraries once
(:mod:`helpers.runner.kernels`; Linux), the next one prepared in the background. No state is shared
between reports: each starts from the same post-import snapshot. Where fork is unavailable, a warm spare
kernel (a fresh process that ran the imports with ``store_history=False``) is used instead.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path

from . import reports
from .reports import ReportSpec, RunError, resolve_notebook

KERNEL_NAME = "digimod"
#: Imports every report needs; run in a spare kernel before it is handed a notebook.
WARM_UP_CODE = (
    "import pandas, numpy, matplotlib, matplotlib.pyplot, statsmodels.api, linearmodels, pyarrow.parquet\n"
    "import helpers.data, helpers.stats, helpers.plots, helpers.i18n, helpers.params, helpers.outputs\n"
)


# --- kernels --------------------------------------------------------------------------------------


def start_warm_kernel(cwd: Path | None = None, kernel_name: str = KERNEL_NAME, warm: bool = True):
    """Start a kernel process and (optionally) import the heavy libraries in it; return its manager."""
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel(cwd=str(cwd or reports.notebooks_dir()))
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

    def __init__(self, cwd: Path | None = None):
        self.cwd = cwd or reports.notebooks_dir()
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

    On Linux it is forked from this process's zygote (:mod:`helpers.runner.kernels`), which imported the heavy
    libraries once, so a report pays neither interpreter start-up nor imports; unless this is the last
    report (``more`` False) the next one is forked in the background. Elsewhere a warm spare kernel (a
    fresh process that ran the imports) is used.
    """
    global _WORKER_SPARE
    from . import kernels

    if kernels.FORK_SUPPORTED:
        return kernels.forked_kernel(reports.notebooks_dir(), spare=more)
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
        kernels.prefork(reports.notebooks_dir())
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
