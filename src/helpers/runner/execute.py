"""Executing reports: one notebook through papermill, or a batch one after another or on Dask.

Kernel start-up and imports dominate a short notebook. Batches therefore give every report a *new*
kernel process forked from a per-worker "zygote" that imported the heavy libraries once
(:mod:`helpers.runner.kernels`; Linux), the next one prepared in the background. No state is shared
between reports: each starts from the same post-import snapshot. Where fork is unavailable, a warm spare
kernel (a fresh process that ran the imports with ``store_history=False``) is used instead.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import logging
import os
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path

from .. import config
from . import kernels, processes, reports
from .kernels import KERNEL_NAME
from .reports import ReportSpec, RunError, resolve_notebook

#: Imports every report needs; run in a spare kernel before it is handed a notebook.
WARM_UP_CODE = (
    "import pandas, numpy, matplotlib, matplotlib.pyplot, statsmodels.regression.linear_model, linearmodels\n"
    "import pyarrow.parquet\n"
    "import helpers.data, helpers.stats, helpers.plots, helpers.i18n, helpers.params, helpers.outputs\n"
)


# --- kernels --------------------------------------------------------------------------------------


def start_warm_kernel(cwd: Path | None = None, kernel_name: str = KERNEL_NAME, warm: bool = True):
    """Start a kernel process and (optionally) import the heavy libraries in it; return its manager."""
    km = kernels.ReportKernelManager(kernel_name=kernel_name)
    km.start_kernel(cwd=str(cwd or reports.notebooks_dir()))
    if warm:
        client = km.blocking_client()
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
    logging.getLogger("papermill").addFilter(_without_kernel_died)
    return _ENGINE


def _without_kernel_died(record: logging.LogRecord) -> bool:
    """Logging filter: drop nbclient's "Kernel died while waiting for execute reply." (logged through
    papermill's logger). The report's error says so, and how the kernel ended; on Ctrl-C the line
    was the only one besides digimod's own."""
    return not record.getMessage().startswith("Kernel died while waiting")


class _TimeLimitExceeded(Exception):
    """A report ran past its time limit; its kernel was killed."""


def execute_report(spec: ReportSpec, run_dir: Path, km=None, timeout: float | None = None) -> dict:
    """Execute one report into ``run_dir``; never raises for a failing notebook (status "failed").

    The executed notebook goes to ``run_dir/notebooks/<report>.ipynb`` (with its error cell when it
    fails) and the notebook's own outputs to ``run_dir/<report>/`` (its ``output_dir`` parameter).

    Parameters
    ----------
    km : a started :class:`~helpers.runner.kernels.ReportKernelManager` (a forked or warm kernel), shut
        down here; None for a new cold kernel.
    timeout : seconds the report may run (default :func:`helpers.config.report_timeout`). Past it the
        kernel is killed and the report fails with "exceeded the time limit of N s"; a kernel that dies
        (killed, out of memory, crashed) fails its report with how it ended.
    """
    import papermill

    notebook = resolve_notebook(spec.notebook)
    out_dir = run_dir / spec.report
    parameters = {**spec.parameters, "output_dir": str(out_dir)}
    executed = run_dir / "notebooks" / f"{spec.report}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    limit = config.report_timeout() if timeout is None else timeout
    cold = km is None
    if cold:
        km = kernels.ReportKernelManager(kernel_name=KERNEL_NAME)  # papermill starts it
    started = time.perf_counter()
    status, error, inputs = "ok", None, None
    try:
        _run_watched(functools.partial(
            papermill.execute_notebook,
            str(notebook),
            str(executed),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            cwd=str(notebook.parent),
            progress_bar=False,
            engine_name=_register_papermill_engine(),
            km=km,
        ), km, limit)
        inputs = _inputs_read(km)
    except _TimeLimitExceeded:
        status, error = "failed", (f"exceeded the time limit of {limit:g} s; its kernel was stopped "
                                   "(--timeout or DIGIMOD_REPORT_TIMEOUT sets the limit)")
    except papermill.PapermillExecutionError as exc:
        status, error = "failed", f"{exc.ename}: {exc.evalue}"
    except Exception as exc:  # noqa: BLE001 - a broken kernel must not stop a batch; it is reported
        status, error = "failed", _kernel_failure(exc, km)
    finally:
        # A cold kernel is asked to shut down, as nbclient does with the kernels it starts.
        km.shutdown_kernel(now=not cold)
    return {
        "report": spec.report,
        "notebook": notebook.name,
        "parameters": {k: v for k, v in parameters.items() if k != "output_dir"},
        "status": status,
        "error": error,
        "seconds": round(time.perf_counter() - started, 2),
        "executed_notebook": executed.relative_to(run_dir).as_posix(),
        "outputs": out_dir.relative_to(run_dir).as_posix(),
        "inputs_read": inputs,
    }


def _inputs_read(km, timeout: float = 30.0) -> dict | None:
    """What the report's kernel read from the built data (``helpers.data.load.inputs_read``), asked once
    its notebook has finished; None when the kernel cannot say (the report is then never reused)."""
    import json

    from .reuse import INPUTS_READ_EXPRESSION

    client = km.blocking_client()
    client.start_channels()
    try:
        reply = client.execute_interactive("", silent=False, store_history=False, timeout=timeout,
                                           user_expressions={"read": INPUTS_READ_EXPRESSION},
                                           output_hook=lambda msg: None)
        value = reply["content"]["user_expressions"]["read"]
        if value.get("status") != "ok":
            return None
        return json.loads(ast.literal_eval(value["data"]["text/plain"]))
    except (TimeoutError, KeyError, ValueError, SyntaxError, RuntimeError):
        return None  # a kernel that cannot answer: its report is executed again next time
    finally:
        client.stop_channels()


def _kernel_failure(exc: Exception, km) -> str:
    """The error of a report whose kernel broke: the exception, and how the kernel ended if it did."""
    text = f"{type(exc).__name__}: {exc}"
    if getattr(km.provisioner, "exit_code", None) is not None:  # it died (seen by nbclient's liveness check)
        text += f"; {km.exit_description()}"
    return text


def _run_watched(run, km, limit: float, grace: float = 60.0) -> None:
    """``run()`` (papermill on ``km``) in a thread, while this thread keeps the time limit and Ctrl-C.

    In the main thread, nbclient would install its own SIGINT handler, which shuts the kernel down and
    lets a batch go on with its next report; in another thread it does not, and Ctrl-C reaches this
    thread as KeyboardInterrupt. On either, the kernel is killed, nbclient notices it died (it checks
    every second) and ends, and the thread is waited for (``grace`` seconds at most) before raising
    :class:`_TimeLimitExceeded` or the KeyboardInterrupt. ``run``'s own exception is re-raised here.
    """
    outcome: dict = {}
    # One name for all report threads: jupyter_core keeps a helper thread per thread *name*.
    thread = threading.Thread(target=_run_in_thread, args=(run, km, outcome), name="digimod-report", daemon=True)
    thread.start()
    try:
        thread.join(limit)
    except BaseException:
        _stop_report(thread, km, grace)
        raise
    if thread.is_alive():
        _stop_report(thread, km, grace)
        raise _TimeLimitExceeded(limit)
    if "error" in outcome:
        raise outcome["error"]


def _run_in_thread(run, km, outcome: dict) -> None:
    try:
        run()
    except BaseException as exc:  # noqa: BLE001 - re-raised by the waiting thread
        outcome["error"] = exc
    finally:
        km.close_clients()  # nbclient leaves them open; their sockets belong to this thread's loop
        kernels.close_thread_event_loop()


def _stop_report(thread: threading.Thread, km, grace: float) -> None:
    """Kill the report's kernel until its thread ends (a cold kernel may still be starting)."""
    deadline = time.monotonic() + grace
    while thread.is_alive() and time.monotonic() < deadline:
        km.kill_now()
        thread.join(1.0)


def execute_notebook(notebook: Path, out_dir: Path, parameters: dict | None = None) -> dict:
    """Execute one notebook (cold kernel) with ``parameters`` into ``out_dir``; see :func:`execute_report`."""
    return execute_report(ReportSpec(Path(notebook).name, dict(parameters or {})), Path(out_dir))


# --- batches --------------------------------------------------------------------------------------

_WORKER_SPARE: SpareKernel | None = None


def _execute_on_worker(spec: dict, run_dir: str, warm: bool, timeout: float | None = None) -> dict:
    """Dask task: execute one report on this worker in a new kernel (forked from the worker's zygote)."""
    import resource

    from .imports import skip_iri_grammar

    skip_iri_grammar()  # before papermill is first imported on this worker (see helpers.runner.imports)
    km = None
    try:
        if warm:
            _prepare_first_kernel()  # a no-op after the first report on this worker
            km = _warm_kernel()
    except (RunError, OSError, RuntimeError) as exc:
        # A kernel that cannot start fails this report, not the batch.
        return _failed_record(ReportSpec(**spec), str(exc))
    record = execute_report(ReportSpec(**spec), Path(run_dir), km=km, timeout=timeout)
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
    if kernels.FORK_SUPPORTED:
        kernels.prefork(reports.notebooks_dir())
    import papermill  # noqa: F401 - imported now, while the kernel is being prepared


def launch_zygote_early(executor: str, warm: bool, count: int) -> bool:
    """Launch this process's zygote now when the batch will fork its kernels here (executors "local" and
    "threads", ``warm``, ``count`` ≥ 2 reports; Linux): its imports (seconds, on another core) then overlap the
    batch's planning instead of following it. True when launched: the caller then calls
    :func:`close_kernels` when the batch ends (also when nothing was executed: a zygote still importing is
    killed at once)."""
    if executor not in ("local", "threads") or not warm or count < 2 or not kernels.FORK_SUPPORTED:
        return False
    kernels.launch_process_zygote()
    return True


def close_kernels() -> None:
    """Shut down this process's spare kernels and zygote (run on every worker, and by a batch
    that launched it, when the batch ends)."""
    global _WORKER_SPARE
    if _WORKER_SPARE is not None:
        _WORKER_SPARE.close()
        _WORKER_SPARE = None
    kernels.close_process_zygotes()


def run_batch_local(specs: list[ReportSpec], run_dir: Path, warm: bool = True, progress=None,
                    timeout: float | None = None, workers: int = 1) -> list[dict]:
    """Execute reports in this process: one after another, or ``workers`` at a time (threads).

    Forked (Linux) or warm spare kernels unless ``warm`` is False; a single report uses a cold kernel.
    ``timeout``: seconds each report may run (see :func:`execute_report`). Several at a time needs
    forked kernels (:data:`kernels.FORK_SUPPORTED` and ``warm``); otherwise they run one after another.
    """
    warm = warm and len(specs) > 1
    if warm and workers > 1 and kernels.FORK_SUPPORTED:
        return _run_batch_threads(specs, run_dir, progress, timeout, workers)
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
                records.append(execute_report(spec, run_dir, km=km, timeout=timeout))
            if progress:
                progress(records[-1])
    finally:
        if warm:
            close_kernels()
    return records


def _run_batch_threads(specs: list[ReportSpec], run_dir: Path, progress, timeout: float | None,
                       workers: int) -> list[dict]:
    """``workers`` reports at a time, each in a thread of this process with its own kernel forked from
    this process's one zygote (the heavy imports are paid once, not once per worker; this process only
    relays messages and saves notebooks). Records in the order of ``specs``.

    On Ctrl-C (or any exception in this thread) no report is started any more, the running reports'
    kernels are killed, their threads are waited for, and the exception is raised again.
    """
    import queue

    todo: queue.SimpleQueue = queue.SimpleQueue()
    for item in enumerate(specs):
        todo.put(item)
    records: list = [None] * len(specs)
    running: dict[int, object] = {}
    lock, stop = threading.Lock(), threading.Event()
    left = [len(specs)]

    def work() -> None:
        try:
            take_reports()
        finally:
            kernels.close_thread_event_loop()  # the one jupyter_client's blocking calls made for this thread

    def take_reports() -> None:
        while not stop.is_set():
            try:
                i, spec = todo.get_nowait()
            except queue.Empty:
                return
            with lock:
                left[0] -= 1
                more = left[0] > 0
            try:
                km = _warm_kernel(more=more)
            except (RunError, OSError, RuntimeError) as exc:
                records[i] = _failed_record(spec, str(exc))  # a kernel that cannot start fails its report
            else:
                with lock:
                    running[i] = km
                try:
                    records[i] = execute_report(spec, run_dir, km=km, timeout=timeout)
                finally:
                    with lock:
                        running.pop(i, None)
            if progress:
                progress(records[i])

    threads = [threading.Thread(target=work, name=f"digimod-batch-{n}", daemon=True)
               for n in range(min(workers, len(specs)))]
    try:
        _prepare_first_kernel()  # the zygote starts first: it imports on the other core meanwhile
        _register_papermill_engine()  # once, before the threads use it
        for thread in threads:
            thread.start()
        for thread in threads:
            while thread.is_alive():
                thread.join(0.2)  # a bounded wait: Ctrl-C reaches this thread between two
    except BaseException:
        stop.set()
        deadline = time.monotonic() + 60
        while any(t.is_alive() for t in threads) and time.monotonic() < deadline:
            with lock:
                started = list(running.values())
            for km in started:
                km.kill_now()
            for thread in threads:
                thread.join(0.5)
        raise
    finally:
        close_kernels()
    return records


#: Settings of the local cluster. A report whose worker process dies (killed, out of memory)
#: fails at once rather than being run again on another worker (three times by default), and each
#: one-thread worker holds one report at a time, so that a worker's death fails only the report it
#: was running (with the default saturation, the next one, already assigned to it, would fail too).
LOCAL_CLUSTER_CONFIG = {
    "distributed.scheduler.allowed-failures": 0,
    "distributed.scheduler.worker-saturation": 1.0,
    # The workers' sampling profiler (for the dashboard, unused here) walks other threads' frames every
    # 10 ms and now and then trips over one being torn down (AttributeError: 'Tree' object has no
    # attribute 'f_back', a traceback on stderr); it also costs CPU the reports could use.
    "distributed.worker.profile.enabled": False,
}


def _ignore_interrupt_plugin():
    """A worker plugin: local workers ignore SIGINT. A terminal's Ctrl-C reaches the whole process
    group, and the batch's own process stops the workers in order (a worker hit by KeyboardInterrupt
    would die with a traceback, and its nanny would start another meanwhile)."""
    from distributed import WorkerPlugin

    class IgnoreInterrupt(WorkerPlugin):
        def setup(self, worker) -> None:
            import signal

            with contextlib.suppress(ValueError):  # not the worker's main thread: nothing to do
                signal.signal(signal.SIGINT, signal.SIG_IGN)

    return IgnoreInterrupt()


def run_batch_dask(
    specs: list[ReportSpec],
    run_dir: Path,
    workers: int = 2,
    scheduler: str | None = None,
    warm: bool = True,
    progress: bool = True,
    timeout: float | None = None,
    on_record=None,
) -> list[dict]:
    """Execute reports on Dask distributed: a local cluster, or the scheduler at ``scheduler``.

    Each worker runs one report at a time (one thread) in its own kernel processes. Records come back
    in the order of ``specs``; a report whose worker died is recorded as failed. ``timeout``: seconds
    each report may run (see :func:`execute_report`). ``on_record(record)`` is called in this process
    as each report finishes. With a remote scheduler, workers must see the
    same project and outputs folder (a shared file system) — see the README. Returns only once the
    local cluster's processes (workers, their zygotes and kernels) have exited, also on Ctrl-C.
    """
    import dask
    from dask.distributed import Client, LocalCluster

    cluster = None
    processes.start_resource_tracker()
    before = processes.descendants()
    if scheduler:
        client = Client(scheduler)
    else:
        # ":0" = any free port; None still binds the default 8787, which another cluster may hold.
        with dask.config.set(LOCAL_CLUSTER_CONFIG):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=logging.ERROR)
        client = Client(cluster)
        client.register_plugin(_ignore_interrupt_plugin(), name="digimod-ignore-sigint")
    futures: list = []
    try:
        futures = [
            client.submit(_execute_on_worker, asdict(spec), str(run_dir), warm, timeout,
                          key=f"report-{i}-{spec.report}", pure=False)
            for i, spec in enumerate(specs)
        ]
        return _collect(futures, specs, progress, on_record)
    finally:
        client.cancel(futures)  # none left after a normal end; after Ctrl-C, start no more
        started = processes.descendants(exclude=before)  # workers, zygotes, kernels
        # Spares live in the worker processes; shut them down before the workers go away.
        client.run(close_kernels, on_error="ignore")
        client.close()
        if cluster is not None:
            cluster.close()
        processes.wait_gone(started + processes.descendants(exclude=before + started))


def _collect(futures: list, specs: list[ReportSpec], progress: bool, on_record=None) -> list[dict]:
    """The records of ``futures`` (one per spec) as they complete, with a progress bar on stderr."""
    from dask.distributed import as_completed

    spec_of = {future.key: spec for future, spec in zip(futures, specs, strict=True)}
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(futures), desc="reports", unit="report", file=sys.stderr)
    records: dict[str, dict] = {}
    try:
        for future in as_completed(futures):
            records[future.key] = record = _task_record(future, spec_of[future.key])
            if on_record:
                on_record(record)
            if bar:
                bar.set_postfix_str(f"{record['report']} {record['status']}")
                bar.update(1)
    finally:
        if bar:
            bar.close()
    return [records[f.key] for f in futures]


def _task_record(future, spec: ReportSpec) -> dict:
    """The report's record, or a failed one when its task raised (its worker died: ``KilledWorker``)."""
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker:
        return _failed_record(spec, "the Dask worker process running it died (killed, or out of memory)")
    except Exception as exc:  # noqa: BLE001 - one report's failure, not the batch's
        return _failed_record(spec, f"{type(exc).__name__}: {exc}")
