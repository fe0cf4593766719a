"""Fork-server ("zygote") kernels: every report gets a new kernel process that starts already imported.

Kernel start-up plus the imports of pandas, matplotlib, statsmodels, ``helpers``… cost a short notebook
more CPU than its own work. A warm spare kernel only moves that cost off the critical path; on two
cores it still competes with the reports. A *zygote* pays it once per worker:

1. :class:`Zygote` starts ``python -c "…_zygote_main()"`` (same interpreter and flags as the kernel spec),
   which imports :data:`PRELOAD_MODULES` — and nothing else: no zmq context, no kernel, no thread of
   its own, no data — and then waits for requests on a pipe.
2. For each kernel, jupyter_client's :class:`ForkedKernelManager` writes the connection file as usual
   (Unix-socket transport, sockets and file in the zygote's private 0700 folder: no TCP port) and its
   :class:`ForkProvisioner` asks the zygote to ``os.fork()``. The child calls ``setsid()``,
   changes directory, takes the kernel's environment and ``argv`` and runs ipykernel's
   ``IPKernelApp`` exactly as ``python -m ipykernel_launcher -f <file>`` would. The zygote replies with
   the child's pid and reaps it when it exits (``SIGCHLD``), so no zombies remain.

Every report still runs in a *new* process whose only inherited state is the post-import snapshot,
identical for all of them: nothing a report does can reach another one. The executed notebooks and
``results.json`` files are byte-for-byte those of cold kernels (``benchmarks/bench_profiles.py``
checks it), because the zygote imports as a kernel would: ``MPLBACKEND`` is set to ipykernel's inline
backend first (ipykernel does so before any notebook code runs; importing pyplot does not load a
backend) and ``get_ipython()`` answers "a shell with a kernel" while the modules are imported (pandas
picks its display defaults from that). Remaining differences (see ``tests/test_kernels.py``):

- all kernels of a zygote share its str-hash seed (``PYTHONHASHSEED``); numpy's global random state
  is re-seeded from the OS in each kernel, as in a new process (``random`` is re-seeded by fork);
- objects created at import that captured ``sys.stdout``/``sys.stderr`` write to the worker's streams
  rather than the notebook (none of the preloaded modules uses them for output), and pandas'
  ``display.encoding`` is ``utf-8`` rather than ``UTF-8``;
- one ``warnings`` filter ipykernel adds (about Trio's signal handling) sits after the preloaded
  libraries' filters instead of before them (they concern different warnings);
- ``ps`` shows a forked kernel with the zygote's command line;
- environment variables read at import time (:data:`helpers.runner.zygote.IMPORT_TIME_ENV_PREFIXES`) cannot differ per
  kernel: such a kernel is refused with a :class:`ZygoteError`.

Linux only (:data:`FORK_SUPPORTED`): fork without exec is unsafe with macOS system frameworks and
missing on Windows.

Every report's kernel, forked or not, has a :class:`ReportKernelManager` (:class:`ForkedKernelManager`
for forked ones). It hands nbclient asynchronous clients, so that nbclient's once-a-second liveness check
runs while a cell executes: a kernel that dies (killed, out of memory, crashed) fails its report within
seconds, with how it ended (``the kernel (pid N) was killed by SIGKILL``), instead of leaving the report
waiting for a reply forever. A forked kernel also dies with its zygote (``PR_SET_PDEATHSIG``).

Use::

    with Zygote() as zygote:
        km = start_forked_kernel(zygote, cwd="notebooks")   # started and ready
        papermill.execute_notebook(src, dst, km=km, ...)
        km.shutdown_kernel(now=True)

or, per process (what batch workers call, one kernel per report)::

    km = forked_kernel(cwd, spare=True)   # this process's zygote starts on first use (restarted if it
                                          # died); the next kernel is forked in the background
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Self

from .zygote import IMPORT_TIME_ENV_PREFIXES, INLINE_BACKEND  # noqa: F401  (documented here; used by tests)

KERNEL_NAME = "digimod"
#: Kernels are forked only on Linux: elsewhere fork without exec is unsafe (macOS system frameworks) or
#: missing (Windows); callers fall back to ordinary kernel processes there.
FORK_SUPPORTED = sys.platform.startswith("linux") and hasattr(os, "fork")
#: Imported once in the zygote, in this order: ipykernel first (as in a cold kernel, where the notebook's
#: imports come after ipykernel's), then everything ``run.WARM_UP_CODE`` imports and what the profile
#: notebook adds. Never ``matplotlib_inline.backend_inline``: it hooks into IPython when imported, so it
#: must be imported in the kernel (by pyplot, when the first figure is made).
PRELOAD_MODULES: tuple[str, ...] = (
    "ipykernel.kernelapp",
    "IPython.display",
    "numpy",
    "pandas",
    "pyarrow.parquet",
    "pyarrow.dataset",
    "matplotlib",
    "matplotlib.pyplot",
    "matplotlib.backends.backend_agg",  # savefig(png/svg); importing a backend module does not select it
    "matplotlib.backends.backend_svg",
    "statsmodels.regression.linear_model",  # what helpers.stats uses (statsmodels.api: +0.3 s, unused)
    "linearmodels",
    "helpers.data",
    "helpers.data.build",
    "helpers.stats",
    "helpers.plots",
    "helpers.i18n",
    "helpers.params",
    "helpers.outputs",
    "helpers.coverage",
    "helpers.notebook",
    "helpers.profile",
)
#: One thread for each numerical library in every report's kernel (and zygote), as Dask's nanny sets for
#: its workers (``distributed.nanny.pre-spawn-environ``), so that a report computes the same way whichever
#: executor ran it. Reports run side by side, and a library's own pool of one thread per core (OpenBLAS's
#: threads busy-wait between calls) takes the core of the report beside it: measured on the collection,
#: two plain-Python processes 8–15 % faster with these limits, one process no slower, every output file
#: byte-identical. A value set in the environment (or the kernel spec) wins.
REPORT_THREAD_LIMITS: dict[str, str] = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
#: Given to every forked kernel, as nbclient does for the kernels it starts: no history database
#: (concurrent kernels would otherwise share ``~/.ipython/profile_default/history.sqlite``).
KERNEL_EXTRA_ARGUMENTS = ("--HistoryManager.hist_file=:memory:",)
_ENTRY = "from helpers.runner.zygote import _zygote_main; _zygote_main()"


class ZygoteError(RuntimeError):
    """The zygote could not be started, has died, or cannot launch the requested kernel."""


# --- the owner's side ------------------------------------------------------------------------------


def _readable(fd: int, timeout: float) -> bool:
    """Whether ``fd`` is readable (a pidfd: the process has exited) within ``timeout`` seconds."""
    poller = select.poll()  # not select.select: a worker's descriptors may be numbered above 1024
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(timeout * 1000))


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "is not answering"
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with code {code}"


def report_environment(env: dict[str, str]) -> dict[str, str]:
    """``env`` with :data:`REPORT_THREAD_LIMITS` added where it sets none of those variables."""
    return {**REPORT_THREAD_LIMITS, **env}


def _python_prefix(argv: list[str]) -> list[str]:
    """``[python, *flags]`` of a kernel spec's ``… -m ipykernel_launcher -f {connection_file}``."""
    argv = [os.path.expanduser(a) for a in argv]
    for i in range(1, len(argv) - 1):
        if argv[i] == "-m":
            if argv[i + 1] == "ipykernel_launcher":
                return argv[:i]
            break
    raise ZygoteError(f"kernel command {argv} is not `python … -m ipykernel_launcher …`; it cannot be forked")


class Zygote:
    """A pre-imported Python process that forks kernels on request (see the module docstring).

    Parameters
    ----------
    kernel_name : the kernel spec whose interpreter and flags the zygote (and so every kernel) uses.
    modules : imported once in the zygote (:data:`PRELOAD_MODULES` by default).
    env : the zygote's environment (default: this process's plus the kernel spec's ``env`` and
        :data:`REPORT_THREAD_LIMITS`, as every report kernel has). Forked
        kernels get the environment jupyter_client gives them, but variables read at import time
        (:data:`helpers.runner.zygote.IMPORT_TIME_ENV_PREFIXES`) must match the zygote's.
    start_timeout : seconds allowed for the imports.
    """

    def __init__(self, kernel_name: str = KERNEL_NAME, modules: tuple[str, ...] | list[str] | None = None,
                 *, env: dict[str, str] | None = None, start_timeout: float = 300.0):
        self.kernel_name = kernel_name
        self.modules = tuple(PRELOAD_MODULES if modules is None else modules)
        self.env = env
        self.start_timeout = start_timeout
        self.info: dict = {}
        self._proc: subprocess.Popen | None = None
        self._request_w: int | None = None
        self._reply_r: int | None = None
        self._buffer = b""
        self._lock = threading.Lock()
        self._prefix: list[str] = []
        #: Private folder for the connection files of this zygote's kernels (removed with the zygote).
        self.runtime_dir: str | None = None

    # lifecycle

    def start(self) -> Self:
        """Launch the zygote and wait until it has imported its modules."""
        return self.launch().wait_ready()

    def launch(self) -> Self:
        """Start the zygote's process and return at once; its imports run meanwhile (seconds, on another
        core), until :meth:`wait_ready`, or the first request, waits for them."""
        if self._proc is not None:
            raise ZygoteError("this zygote was already started")
        from jupyter_client.kernelspec import KernelSpecManager

        spec = KernelSpecManager().get_kernel_spec(self.kernel_name)
        self._prefix = _python_prefix(spec.argv)
        env = dict(self.env) if self.env is not None else report_environment({**os.environ, **spec.env})
        env.pop("PYTHONEXECUTABLE", None)  # as jupyter_client does for Python kernels
        request_r, request_w = os.pipe()
        reply_r, reply_w = os.pipe()
        self.runtime_dir = tempfile.mkdtemp(prefix="digimod-kernels-")
        try:
            self._proc = subprocess.Popen(
                [*self._prefix, "-c", _ENTRY, str(request_r), str(reply_w), self.runtime_dir, *self.modules],
                stdin=subprocess.DEVNULL, pass_fds=(request_r, reply_w), env=env,
                start_new_session=True,  # a terminal's Ctrl-C goes to the owner, which closes us
            )
        except OSError as exc:
            for fd in (request_r, request_w, reply_r, reply_w):
                os.close(fd)
            shutil.rmtree(self.runtime_dir, ignore_errors=True)
            raise ZygoteError(f"could not start the kernel zygote {self._prefix}: {exc}") from exc
        os.close(request_r)
        os.close(reply_w)
        self._request_w, self._reply_r = request_w, reply_r
        return self

    def wait_ready(self) -> Self:
        """Wait until the launched zygote has imported its modules (at once when it already has); a zygote
        that failed or refused to start is closed and raises :class:`ZygoteError`."""
        with self._lock:
            if self.info:
                return self
            if self._proc is None:
                raise ZygoteError("the kernel zygote is not running (call start() first)")
            try:
                hello = self._receive(self.start_timeout)
            except ZygoteError:
                self.close()
                raise
            if not hello.get("ok"):
                self.close()
                raise ZygoteError(f"kernel zygote refused to start: {hello.get('error')}")
            self.info = hello
            return self

    def close(self, timeout: float = 10.0) -> None:
        """Stop the zygote; kernels it forked that are still running are terminated with it. A zygote never
        waited for (launched, never used: still importing, or idle) is killed at once: it holds nothing."""
        proc, self._proc = self._proc, None
        if proc is not None and not self.info:
            proc.kill()
        for attr in ("_request_w", "_reply_r"):
            fd = getattr(self, attr)
            setattr(self, attr, None)
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        if proc is None:
            return
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if self.runtime_dir:
            shutil.rmtree(self.runtime_dir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self if self._proc is not None else self.start()

    def __exit__(self, *exc_info) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    # requests

    def exit_description(self) -> str:
        """``(pid N) was killed by SIGKILL`` and the like, once the zygote process has ended."""
        code = None
        if self._proc is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                code = self._proc.wait(timeout=2)
        pid = self._proc.pid if self._proc is not None else "?"
        return f"(pid {pid}) {_describe_exit(code)}"

    def _dead(self) -> ZygoteError:
        """The error saying that the zygote process has ended (and how)."""
        return ZygoteError(
            f"the kernel zygote {self.exit_description()}; no kernel can be forked from it. "
            "Start a new Zygote (helpers.runner.kernels.forked_kernel() does so automatically)"
        )

    def _receive(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ZygoteError(f"the kernel zygote (pid {self.pid}) did not answer within {timeout:.0f} s")
            if not _readable(self._reply_r, min(left, 1.0)):
                if self._proc is not None and self._proc.poll() is not None:
                    raise self._dead()
                continue
            chunk = os.read(self._reply_r, 1 << 16)
            if not chunk:
                raise self._dead()
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def _request(self, payload: dict, timeout: float = 60.0) -> dict:
        if not self.info and self._proc is not None:
            self.wait_ready()
        with self._lock:
            if self._proc is None or self._request_w is None:
                raise ZygoteError("the kernel zygote is not running (call start() first)")
            if self._proc.poll() is not None:
                raise self._dead()
            data = (json.dumps(payload) + "\n").encode()
            try:
                while data:
                    data = data[os.write(self._request_w, data):]
            except BrokenPipeError:
                raise self._dead() from None
            return self._receive(timeout)

    def kernel_args(self, cmd: list[str]) -> list[str]:
        """The ipykernel arguments of a kernel command, checked to be launchable by this zygote."""
        cmd = [os.path.expanduser(a) for a in cmd]
        n = len(self._prefix)
        if cmd[:n] != self._prefix or cmd[n:n + 2] != ["-m", "ipykernel_launcher"]:
            raise ZygoteError(
                f"kernel command {cmd} does not match the zygote's interpreter {self._prefix} "
                f"(kernel spec {self.kernel_name!r}); it cannot be forked from this zygote"
            )
        return cmd[n + 2:]

    def fork(self, cmd: list[str], cwd: str | os.PathLike, env: dict[str, str]) -> int:
        """Fork a kernel running ``cmd`` (a ``python … -m ipykernel_launcher …`` command); returns its pid."""
        reply = self._request({"op": "fork", "argv": self.kernel_args(cmd), "cwd": str(cwd), "env": dict(env)})
        if not reply.get("ok"):
            raise ZygoteError(reply.get("error", "fork failed"))
        return int(reply["pid"])

    def exit_status(self, pid: int) -> int | None:
        """Exit code of a forked kernel that has ended (negative: signal), or None if unknown."""
        if not self.alive:
            return None
        try:
            return self._request({"op": "status", "pid": pid}, timeout=10).get("exitcode")
        except ZygoteError:
            return None

    def children(self) -> list[int]:
        """Pids of the kernels this zygote forked that are still running."""
        return list(self._request({"op": "ping"}, timeout=10)["children"])


# --- jupyter_client integration --------------------------------------------------------------------


def _process_state(pid: int) -> str | None:
    """The /proc state letter of ``pid`` (``Z`` for a zombie), or None if there is no such process."""
    if pid <= 0:
        raise ValueError(f"not a process id: {pid}")
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0].decode()
    except (OSError, IndexError):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return "?"
        return "?"


def _kernel_memory(pid: int) -> dict | None:
    """Peak resident and current proportional memory (MiB) of a live process, from /proc (Linux)."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            status = dict(line.split(":", 1) for line in fh if ":" in line)
        memory = {"peak_rss_mib": round(int(status["VmHWM"].split()[0]) / 1024, 1)}
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    memory["pss_mib"] = round(int(line.split()[1]) / 1024, 1)
        return memory
    except (OSError, KeyError, ValueError):
        return None


def _make_classes():
    """Define the jupyter_client subclasses (kept lazy so importing this module stays cheap)."""
    from queue import Empty

    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_client.manager import KernelManager
    from jupyter_client.provisioning import LocalProvisioner
    from jupyter_client.utils import run_sync
    from traitlets import Any as AnyTrait
    from traitlets import DottedObjectName, default

    class ReportProvisioner(LocalProvisioner):
        """:class:`~jupyter_client.provisioning.LocalProvisioner` that remembers how its kernel ended and
        gives it :data:`REPORT_THREAD_LIMITS`."""

        exit_code: int | None = None
        kernel_pid: int | None = None

        def _finalize_env(self, env: dict[str, str]) -> None:
            super()._finalize_env(env)
            env.update(report_environment(env))

        async def launch_kernel(self, cmd: list[str], **kwargs: Any):
            info = await super().launch_kernel(cmd, **kwargs)
            self.kernel_pid, self.exit_code = self.pid, None
            return info

        async def poll(self) -> int | None:
            code = await super().poll()
            if self.process is not None and code is not None:
                self.exit_code = code
            return code

        def describe_exit(self) -> str:
            """How the kernel ended, for an error message: "the kernel (pid 7) was killed by SIGKILL"."""
            text = f"the kernel (pid {self.kernel_pid}) {_describe_exit(self.exit_code)}"
            if self.exit_code == -signal.SIGKILL:
                text += " (sent from outside the kernel, e.g. by the out-of-memory killer)"
            return text

    class ForkProvisioner(ReportProvisioner):
        """Launches a kernel by asking a :class:`Zygote` to fork it; connection files, ports and the
        environment are prepared by :class:`~jupyter_client.provisioning.LocalProvisioner`.

        The kernel is the zygote's child, not ours: it is watched through a pidfd (Linux ≥ 5.3; else by
        pid) and its exit code comes from the zygote, which reaps it.
        """

        zygote = AnyTrait(allow_none=True)
        pidfd: int | None = None

        @property
        def has_process(self) -> bool:
            return self.pid is not None

        async def launch_kernel(self, cmd: list[str], **kwargs: Any):
            if self.zygote is None:
                raise ZygoteError("ForkProvisioner needs a zygote")
            cwd = str(kwargs.get("cwd") or os.getcwd())
            env = kwargs.get("env") or dict(os.environ)
            pid = self.zygote.fork(cmd, cwd, env)
            self.pid = self.pgid = self.kernel_pid = pid  # the child called setsid()
            self.exit_code = None
            self.pidfd = None
            if hasattr(os, "pidfd_open"):
                with contextlib.suppress(OSError):
                    self.pidfd = os.pidfd_open(pid)
            self.cwd = cwd
            return self.connection_info

        def _alive(self) -> bool:
            if self.pidfd is not None:
                return not _readable(self.pidfd, 0)
            state = _process_state(self.pid)
            return state is not None and state != "Z"

        async def poll(self) -> int | None:
            if self.pid is None:
                return self.exit_code if self.exit_code is not None else 0
            if self._alive():
                return None
            if self.exit_code is None:
                code = self.zygote.exit_status(self.pid) if self.zygote is not None else None
                self.exit_code = code if code is not None else -signal.SIGKILL
            return self.exit_code

        def describe_exit(self) -> str:
            if self.zygote is not None and not self.zygote.alive:
                # Its kernels die with it (PR_SET_PDEATHSIG) and nobody can tell us their status.
                return (f"the kernel's zygote {self.zygote.exit_description()}, and the kernel "
                        f"(pid {self.kernel_pid}) ended with it")
            return super().describe_exit()

        async def wait(self) -> int | None:
            if self.pid is None:
                return self.exit_code if self.exit_code is not None else 0
            while (code := await self.poll()) is None:
                await asyncio.sleep(0.02)
            self._release()
            return code

        def _release(self) -> None:
            if self.pidfd is not None:
                with contextlib.suppress(OSError):
                    os.close(self.pidfd)
            self.pidfd = None
            self.pid = None  # has_process is now False

        async def send_signal(self, signum: int) -> None:
            if self.pid is None or not self._alive():
                return
            try:
                os.killpg(self.pgid, signum)  # the kernel and anything it started
            except OSError:
                if self.pidfd is not None and hasattr(signal, "pidfd_send_signal"):
                    signal.pidfd_send_signal(self.pidfd, signum)
                else:
                    os.kill(self.pid, signum)

        async def kill(self, restart: bool = False) -> None:
            with contextlib.suppress(ProcessLookupError):
                await self.send_signal(signal.SIGKILL)
            # SIGKILL takes effect within milliseconds; waiting for it here spares the kernel manager's
            # 0.1 s polling interval on every shutdown.
            deadline = time.monotonic() + 1.0
            while self.pid is not None and self._alive() and time.monotonic() < deadline:
                await asyncio.sleep(0.002)

        async def terminate(self, restart: bool = False) -> None:
            with contextlib.suppress(ProcessLookupError):
                await self.send_signal(signal.SIGTERM)

        async def cleanup(self, restart: bool = False) -> None:
            await super().cleanup(restart=restart)
            if not restart and self.pid is not None and not self._alive():
                self._release()

    class ReportKernelClient(AsyncKernelClient):
        """The asynchronous client nbclient gets: ready as soon as the kernel answers.

        jupyter_client's ``wait_for_ready`` ends by reading IOPub until it has been silent for 0.2 s, a
        fixed 0.2 s per report (measured: most of a report's fixed cost with a forked kernel). Nothing
        needs it: nbclient takes from IOPub only the messages whose parent is the cell it executes, so a
        late status message of the ``kernel_info`` request is skipped there. Messages already waiting
        are still drained.
        """

        async def wait_for_ready(self, timeout: float | None = None) -> None:
            deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
            while True:
                self.kernel_info()
                try:
                    reply = await self.shell_channel.get_msg(timeout=1)
                except Empty:
                    reply = None
                if reply is not None and reply["msg_type"] == "kernel_info_reply":
                    try:  # IOPub is connected once the request's status message arrives on it
                        await self.iopub_channel.get_msg(timeout=0.2)
                    except Empty:
                        pass
                    else:
                        self._handle_kernel_info_reply(reply)
                        break
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")
            while True:
                try:
                    await self.iopub_channel.get_msg(timeout=0)
                except Empty:
                    return

    class ReportKernelManager(KernelManager):
        """The :class:`~jupyter_client.manager.KernelManager` of one report's (new, cold) kernel.

        - :meth:`client` makes *asynchronous* clients, as nbclient requires of a manager it is given:
          it awaits the cell's reply while a second task polls :meth:`is_alive` every second, and a
          blocking client's wait would hold the event loop, so a kernel that died went unnoticed and
          the report waited forever. Use :meth:`blocking_client` for blocking calls.
        - Unix sockets in a private 0700 folder (POSIX): no TCP port that other local users could reach,
          and no "running over TCP without encryption" warning from ipykernel.
        - Shutting down does not interrupt the kernel first (jupyter_client does, to stop a running
          cell; a report's kernel is idle or being killed, and the SIGINT only made ipykernel log
          "KeyboardInterrupt caught in kernel" when it landed while a message was being handled).
        - ``memory`` holds the kernel's peak RSS and PSS (MiB) read just before it was shut down;
          :meth:`exit_description` says how a kernel that died ended.
        """

        client_class = DottedObjectName(f"{__name__}.ReportKernelClient")
        memory: dict | None = None
        _clients: list | None = None
        _private_dir: str | None = None

        @default("transport")
        def _transport_default(self) -> str:
            return "ipc" if os.name == "posix" else "tcp"

        def _runtime_folder(self) -> str:
            """Where the connection file and the sockets go: a private folder, removed at shutdown."""
            if self._private_dir is None:
                self._private_dir = tempfile.mkdtemp(prefix="digimod-kernel-")
            return self._private_dir

        def _new_provisioner(self):
            return ReportProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)

        async def _async_pre_start_kernel(self, **kw: Any):
            if self.provisioner is None:  # not on a restart
                self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or str(uuid.uuid4())
                if not self.connection_file:
                    self.connection_file = os.path.join(self._runtime_folder(), f"kernel-{self.kernel_id}.json")
                if self.transport == "ipc":
                    # Absolute socket paths next to the connection file (the kernel runs in another cwd).
                    self.ip = os.path.splitext(self.connection_file)[0] + "-ipc"
                self.provisioner = self._new_provisioner()
            kw.pop("kernel_id", None)
            return await super()._async_pre_start_kernel(**kw)

        def client(self, **kwargs: Any):
            client = super().client(**kwargs)
            # Held (not weakly) until close_clients(): nbclient drops its client, sockets still open,
            # as soon as the notebook is done, and an unclosed socket warns when collected.
            if self._clients is None:
                self._clients = []
            self._clients.append(client)
            return client

        def close_clients(self) -> None:
            """Stop the channels of clients that were left open (papermill/nbclient leave theirs open
            when given a kernel manager): once the kernel is gone they only hold sockets and a context.
            Call it from the thread that used them (their sockets belong to its event loop)."""
            for client in self._clients or []:
                if client.channels_running:
                    with contextlib.suppress(Exception):
                        client.stop_channels()
            self._clients = []

        def exit_description(self) -> str:
            """How the kernel ended, e.g. "the kernel (pid 7) was killed by SIGKILL"."""
            describe = getattr(self.provisioner, "describe_exit", None)
            return describe() if describe is not None else "the kernel is not running"

        def kill_now(self) -> bool:
            """SIGKILL the kernel and its process group from any thread; False if it has no process.

            For a time limit or an interrupted batch: the manager's own methods may be in use by the
            thread running the notebook, and nbclient there then sees the kernel dead.
            """
            provisioner = self.provisioner
            pid = getattr(provisioner, "pid", None) if getattr(provisioner, "has_process", False) else None
            if pid is None:
                return False
            with contextlib.suppress(OSError):
                os.killpg(getattr(provisioner, "pgid", None) or pid, signal.SIGKILL)
                return True
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            return True

        async def _async_interrupt_kernel(self) -> None:
            if self.shutting_down:  # see the class docstring
                return
            await super()._async_interrupt_kernel()

        async def _async_shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
            provisioner = self.provisioner
            if provisioner is not None and getattr(provisioner, "pid", None) is not None:
                self.memory = _kernel_memory(provisioner.pid) or self.memory
            await super()._async_shutdown_kernel(now=now, restart=restart)
            if not restart:
                self.close_clients()
                if self._private_dir is not None:
                    shutil.rmtree(self._private_dir, ignore_errors=True)
                    self._private_dir = None

        # jupyter_client binds the blocking wrappers to the base class's coroutine functions.
        shutdown_kernel = run_sync(_async_shutdown_kernel)

    class ForkedKernelManager(ReportKernelManager):
        """A :class:`ReportKernelManager` whose kernels are forked from ``zygote``."""

        zygote = AnyTrait(allow_none=True)

        def _runtime_folder(self) -> str:
            if not self.zygote.runtime_dir:
                raise ZygoteError("the kernel zygote is not running (call start() first)")
            return self.zygote.runtime_dir  # private (0700), removed with the zygote

        def _new_provisioner(self):
            return ForkProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self,
                                   zygote=self.zygote)

        async def _async_pre_start_kernel(self, **kw: Any):
            if self.provisioner is None and self.zygote is None:
                raise ZygoteError("ForkedKernelManager needs a zygote (ForkedKernelManager(zygote=...))")
            return await super()._async_pre_start_kernel(**kw)

    return ForkProvisioner, ForkedKernelManager, ReportKernelManager, ReportKernelClient


_CLASSES: tuple | None = None


def __getattr__(name: str):
    """``ForkProvisioner``, ``ForkedKernelManager``, ``ReportKernelManager`` and ``ReportKernelClient`` are
    created on first access (jupyter_client is imported then, not when this module is)."""
    global _CLASSES
    names = ("ForkProvisioner", "ForkedKernelManager", "ReportKernelManager", "ReportKernelClient")
    if name in names:
        if _CLASSES is None:
            _CLASSES = _make_classes()
        return _CLASSES[names.index(name)]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def start_forked_kernel(zygote: Zygote, cwd: str | os.PathLike | None = None, *, ready_timeout: float = 60.0,
                        extra_arguments: tuple[str, ...] | list[str] = KERNEL_EXTRA_ARGUMENTS):
    """A started, ready kernel forked from ``zygote``, working in ``cwd``; shut it down when done.

    Raises :class:`ZygoteError` when the zygote has died or cannot launch the kernel, and
    ``RuntimeError`` when the kernel does not become ready within ``ready_timeout`` seconds.
    """
    manager_class = __getattr__("ForkedKernelManager")
    # Unix sockets in the zygote's private (0700) folder: no TCP port that other local users could
    # reach, and no "running over TCP without encryption" warning from ipykernel for every report.
    km = manager_class(kernel_name=zygote.kernel_name, zygote=zygote, transport="ipc")
    km.start_kernel(cwd=str(cwd or os.getcwd()), extra_arguments=list(extra_arguments))
    client = km.blocking_client()  # km.client() is asynchronous (for nbclient)
    client.start_channels()
    try:
        client.wait_for_ready(timeout=ready_timeout)
    except BaseException:
        client.stop_channels()
        km.shutdown_kernel(now=True)
        raise
    client.stop_channels()
    return km


# --- one zygote per process (batch workers) --------------------------------------------------------

_PROCESS_ZYGOTES: dict[str, Zygote] = {}
_SPARES: dict[tuple[str, str], _Spare] = {}
_PROCESS_LOCK = threading.RLock()


def process_zygote(kernel_name: str = KERNEL_NAME) -> Zygote:
    """This process's zygote for ``kernel_name``, ready: started on first use (or waited for, when
    :func:`launch_process_zygote` started it), restarted if it died."""
    with _PROCESS_LOCK:
        zygote = launch_process_zygote(kernel_name)
        try:
            return zygote.wait_ready()
        except ZygoteError:
            _PROCESS_ZYGOTES.pop(kernel_name, None)  # closed by wait_ready; the next call starts another
            raise


def launch_process_zygote(kernel_name: str = KERNEL_NAME) -> Zygote:
    """This process's zygote for ``kernel_name``, launched now if there is none (or it died) without
    waiting for its imports: a batch calls it first and plans meanwhile. Closed by
    :func:`close_process_zygotes` (at once while it is still importing)."""
    with _PROCESS_LOCK:
        zygote = _PROCESS_ZYGOTES.get(kernel_name)
        if zygote is not None and not zygote.alive:
            print(f"digimod: {zygote._dead()}; starting a new zygote", file=sys.stderr)
            zygote.close()
            zygote = None
        if zygote is None:
            if not _PROCESS_ZYGOTES:
                atexit.register(close_process_zygotes)
            zygote = _PROCESS_ZYGOTES[kernel_name] = Zygote(kernel_name).launch()
        return zygote


def close_process_zygotes() -> None:
    """Shut down spare kernels and stop the zygotes of this process (also run at interpreter exit)."""
    with _PROCESS_LOCK:
        spares = list(_SPARES.values())
        _SPARES.clear()
        zygotes = list(_PROCESS_ZYGOTES.values())
        _PROCESS_ZYGOTES.clear()
    for spare in spares:
        spare.discard()
    for zygote in zygotes:
        zygote.close()


def _fresh_kernel(cwd: str, kernel_name: str):
    zygote = process_zygote(kernel_name)
    try:
        return start_forked_kernel(zygote, cwd)
    except ZygoteError:
        if zygote.alive:  # a refusal (environment, command), not a death
            raise
        return start_forked_kernel(process_zygote(kernel_name), cwd)


def close_thread_event_loop() -> None:
    """Close the event loop jupyter_client's blocking calls made for this thread (call it when the
    thread is about to end: a loop left open keeps its selector's file descriptor)."""
    with contextlib.suppress(Exception):
        policy = asyncio.get_event_loop_policy()
        loop = policy.get_event_loop()
        if not loop.is_running():
            loop.close()
        policy.set_event_loop(None)


class _Spare:
    """The next kernel, forked and made ready in a background thread while the current report runs."""

    def __init__(self, cwd: str, kernel_name: str):
        self._result: dict = {}
        self._thread = threading.Thread(target=self._work, args=(cwd, kernel_name), daemon=True,
                                        name="digimod-spare-kernel")
        self._thread.start()

    def _work(self, cwd: str, kernel_name: str) -> None:
        try:
            self._result["km"] = _fresh_kernel(cwd, kernel_name)
        except BaseException as exc:  # noqa: BLE001 - the taker starts a kernel itself instead
            self._result["error"] = exc
        finally:
            close_thread_event_loop()

    def take(self):
        """The ready kernel, or None if it could not be started or has died meanwhile."""
        self._thread.join()
        km = self._result.pop("km", None)
        # A kernel whose zygote has died is about to end too (its parent poller): not worth handing out.
        if km is not None and not (km.zygote.alive and km.is_alive()):
            km.shutdown_kernel(now=True)
            km = None
        return km

    def discard(self) -> None:
        km = self.take()
        if km is not None:
            km.shutdown_kernel(now=True)


def prefork(cwd: str | os.PathLike | None = None, kernel_name: str = KERNEL_NAME) -> None:
    """Start making the next kernel for ``cwd`` ready in the background; :func:`forked_kernel` takes it.

    Starts this process's zygote too if there is none yet, so a batch can call it first and import
    papermill meanwhile (the zygote's imports run in its own process, on another core).
    """
    # Imported here, before the thread starts: a thread importing jupyter_client while this one imports
    # papermill (which imports it too) can meet a partially initialised jupyter_client.manager.
    import jupyter_client  # noqa: F401

    cwd = str(Path(cwd or os.getcwd()).resolve())
    with _PROCESS_LOCK:
        if (kernel_name, cwd) not in _SPARES:
            _SPARES[(kernel_name, cwd)] = _Spare(cwd, kernel_name)


def forked_kernel(cwd: str | os.PathLike | None = None, kernel_name: str = KERNEL_NAME, *, spare: bool = False):
    """A new, ready kernel for one report, forked from this process's zygote (one zygote per process).

    A kernel made ready earlier (:func:`prefork`, or ``spare=True`` on the previous call) is handed out
    first. With ``spare=True`` the kernel for the *next* call is forked and made ready in the background
    now (a started kernel waits about 0.4 s for its handshake; this hides it behind the current report);
    leave it False for the last report of a batch. Each call still returns a kernel no report has used.
    If the zygote has died (e.g. killed by the OOM killer) it is restarted once, with a message on
    stderr. Shut the kernel down when the report is done.
    """
    cwd = str(Path(cwd or os.getcwd()).resolve())
    with _PROCESS_LOCK:
        pending = _SPARES.pop((kernel_name, cwd), None)
    km = pending.take() if pending is not None else None
    if km is None:
        km = _fresh_kernel(cwd, kernel_name)
    if spare:
        prefork(cwd, kernel_name)
    return km
