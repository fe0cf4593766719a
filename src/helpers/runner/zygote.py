"""The zygote process itself: import the heavy libraries once, then fork a kernel per request.

This is the code that runs *inside* the zygote (``python -c "…_zygote_main()"``) and inside each forked
child until it becomes an ipykernel. The owner's side — starting the zygote, asking it for kernels,
the jupyter_client manager and provisioner — is :mod:`helpers.runner.kernels`, whose docstring tells
the whole design. Standard library only: whatever this module imported would be in every kernel.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

#: What ipykernel puts in ``MPLBACKEND`` (when unset) before any notebook code imports matplotlib.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
#: Environment variables read when modules are imported (so they cannot change per kernel): a kernel
#: whose environment differs from the zygote's in one of these is refused with a clear error.
IMPORT_TIME_ENV_PREFIXES = ("PYTHON", "MPLCONFIGDIR", "OMP_", "OPENBLAS_", "MKL_", "NUMEXPR_", "ARROW_",
                            "LD_PRELOAD", "LD_LIBRARY_PATH", "MALLOC_", "JE_")

# --- the zygote process ----------------------------------------------------------------------------


def _import_time_env(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k.startswith(IMPORT_TIME_ENV_PREFIXES) and k != "PYTHONEXECUTABLE"}


def _native_threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return -1


class _Server:
    """The zygote's request loop: one JSON line in, one JSON line out, until the pipe closes."""

    def __init__(self, request_fd: int, reply_fd: int, import_env: dict[str, str]):
        self.request_fd = request_fd
        self.reply_fd = reply_fd
        self.import_env = import_env
        self.children: set[int] = set()
        self.exited: dict[int, int] = {}  # pid -> exit code (negative: killed by that signal)

    # Children are reaped as soon as they exit, from the signal handler (the main thread is otherwise
    # blocked reading the pipe; PEP 475 resumes the read after the handler ran).
    def _reap(self, *_ignored) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self._record(pid, status)

    def _record(self, pid: int, status: int) -> None:
        self.children.discard(pid)
        self.exited[pid] = os.waitstatus_to_exitcode(status)
        while len(self.exited) > 1000:  # statuses nobody asked for
            del self.exited[next(iter(self.exited))]

    def send(self, payload: dict) -> None:
        data = (json.dumps(payload) + "\n").encode()
        while data:
            data = data[os.write(self.reply_fd, data):]

    def serve(self, hello: dict) -> None:
        signal.signal(signal.SIGCHLD, self._reap)
        signal.signal(signal.SIGTERM, _raise_system_exit)
        buffer = b""
        try:
            self.send(hello)
            while True:
                chunk = os.read(self.request_fd, 1 << 16)
                if not chunk:  # the owner closed the pipe (or died): stop
                    return
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    try:
                        reply = self.handle(json.loads(line))
                    except Exception as exc:  # noqa: BLE001 - reported to the owner, the zygote lives on
                        reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
                    self.send(reply)
        except (BrokenPipeError, SystemExit):
            return
        finally:
            self.stop_children()

    def handle(self, request: dict) -> dict:
        op = request.get("op")
        if op == "fork":
            return self.fork(request["argv"], request["cwd"], request["env"])
        if op == "status":
            return {"ok": True, "exitcode": self.exit_status(int(request["pid"]))}
        if op == "ping":
            return {"ok": True, "pid": os.getpid(), "children": sorted(self.children)}
        return {"ok": False, "error": f"unknown request {op!r}"}

    def exit_status(self, pid: int) -> int | None:
        if pid not in self.exited and pid in self.children:
            with contextlib.suppress(ChildProcessError):
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    self._record(done, status)
        return self.exited.pop(pid, None)

    def fork(self, argv: list[str], cwd: str, env: dict[str, str]) -> dict:
        differs = sorted(
            k for k in set(_import_time_env(env)) | set(self.import_env)
            if env.get(k) != self.import_env.get(k)
        )
        if differs:
            return {"ok": False, "error": (
                f"the kernel's environment differs from the zygote's in {', '.join(differs)}, which modules "
                "read when imported; start a Zygote with that environment")}
        if not os.path.isdir(cwd):
            return {"ok": False, "error": f"kernel working directory {cwd} does not exist"}
        ready_r, ready_w = os.pipe()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        zygote_pid = os.getpid()
        pid = os.fork()
        if pid == 0:  # the kernel; never returns
            os.close(ready_r)
            _kernel_child(argv, cwd, env, ready_w, (self.request_fd, self.reply_fd), zygote_pid)
        os.close(ready_w)
        if pid not in self.exited:
            self.children.add(pid)
        report = b""
        while chunk := os.read(ready_r, 65536):
            report += chunk
        os.close(ready_r)
        if report != b"ok":
            message = report.decode(errors="replace").strip() or "it exited during set-up"
            return {"ok": False, "error": f"forked kernel {pid} failed to start: {message}"}
        return {"ok": True, "pid": pid}

    def stop_children(self, grace: float = 3.0) -> None:
        """Terminate kernels still running (their owner is gone), then kill what is left; reap all."""
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, grace)):
            self._reap()
            if not self.children:
                return
            for pid in list(self.children):
                with contextlib.suppress(OSError):
                    os.killpg(pid, sig)
                with contextlib.suppress(OSError):
                    os.kill(pid, sig)
            deadline = time.monotonic() + wait
            while self.children and time.monotonic() < deadline:
                self._reap()
                time.sleep(0.02)


def _raise_system_exit(*_ignored) -> None:
    raise SystemExit(0)


def _die_with_zygote(zygote_pid: int) -> None:
    """Have this kernel killed (SIGKILL) as soon as the zygote ends, however it ends (Linux).

    ipykernel's parent poller would end it too, but only within a second or so and only while the
    kernel's Python threads get to run; a kernel busy in C code, orphaned by a killed zygote, could
    otherwise outlive it.
    """
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    if os.getppid() != zygote_pid:  # the zygote died before the request took effect
        os._exit(1)


def _kernel_child(argv: list[str], cwd: str, env: dict[str, str], ready_w: int, server_fds: tuple[int, ...],
                  zygote_pid: int):
    """In the forked child: become a kernel process, as ``python -m ipykernel_launcher *argv`` would."""
    code: int = 1
    reported = False
    try:
        # The zygote's handlers are not a kernel's: back to what a new Python process has.
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.setsid()  # own session and process group (pgid == pid), as jupyter_client's launcher does
        _die_with_zygote(zygote_pid)
        for fd in server_fds:
            os.close(fd)
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        # The kernel's parent is the zygote: if it disappears, ipykernel's parent poller ends the kernel.
        os.environ["JPY_PARENT_PID"] = str(os.getppid())
        import importlib.util

        launcher = importlib.util.find_spec("ipykernel_launcher")
        sys.argv = [launcher.origin if launcher and launcher.origin else "ipykernel_launcher", *argv]
        if "matplotlib" in sys.modules and env.get("MPLBACKEND"):
            # matplotlib reads MPLBACKEND when imported, which happened in the zygote.
            sys.modules["matplotlib"].rcParams["backend"] = env["MPLBACKEND"]
        if "numpy" in sys.modules:
            # A fresh process seeds numpy's global generator from the OS; so does every forked kernel
            # (Python's `random` is re-seeded by os.fork itself).
            sys.modules["numpy"].random.seed()
        import gc

        gc.enable()
        os.write(ready_w, b"ok")
        os.close(ready_w)
        reported = True
        from ipykernel.kernelapp import IPKernelApp

        # ipykernel reads JPY_PARENT_PID into a class-level default when imported (in the zygote).
        IPKernelApp.launch_instance(argv=list(argv), parent_handle=os.getppid())
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException as exc:  # noqa: BLE001 - reported to the zygote or on stderr, then exit
        import traceback

        if not reported:
            with contextlib.suppress(OSError):
                os.write(ready_w, f"{type(exc).__name__}: {exc}".encode())
        else:
            traceback.print_exc()
        code = 1
    finally:
        # Interpreter shutdown as at the end of a script, without unwinding into the zygote's loop.
        with contextlib.suppress(BaseException):
            threading._shutdown()  # type: ignore[attr-defined]  # joins non-daemon threads
        with contextlib.suppress(BaseException):
            atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(BaseException):
                stream.flush()
        os._exit(code)


class _KernelShellProbe:
    """What ``get_ipython()`` returns to modules imported in the zygote: "a shell with a kernel"."""

    kernel = None


def _kernel_probe() -> _KernelShellProbe:
    return _KernelShellProbe()


def _zygote_main() -> None:
    """The zygote process: ``python -c "…" REQUEST_FD REPLY_FD RUNTIME_DIR MODULE...`` (see :class:`Zygote`)."""
    import gc
    import importlib

    request_fd, reply_fd, runtime_dir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    modules = sys.argv[4:]
    # Like ipykernel_launcher: no current directory on sys.path while importing (IPython adds '' back
    # in each kernel).
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the owner stops us by closing the pipe
    # Freed "holes" and collections in the parent would dirty pages every child shares copy-on-write.
    gc.disable()
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    started = time.perf_counter()
    failed = {}
    # Notebook code runs with IPython's `get_ipython` in builtins, and some libraries look at it when
    # imported (pandas: `display.max_columns` is 20 in a kernel, 0 in a terminal): let them see a kernel.
    import builtins

    builtins.get_ipython = _kernel_probe  # type: ignore[attr-defined]
    try:
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception as exc:  # noqa: BLE001 - the kernel will report it when the notebook imports it
                failed[name] = f"{type(exc).__name__}: {exc}"
    finally:
        del builtins.get_ipython  # type: ignore[attr-defined]
    import_seconds = time.perf_counter() - started
    zmq = sys.modules.get("zmq")
    problems = []
    if threading.active_count() != 1:
        problems.append(f"{threading.active_count() - 1} Python thread(s) running after the imports")
    if zmq is not None and getattr(zmq.Context, "_instance", None) is not None:
        problems.append("a zmq context was created by the imports")
    if problems:
        print(f"digimod zygote: refusing to fork: {'; '.join(problems)}", file=sys.stderr)
        os.write(reply_fd, (json.dumps({"ok": False, "error": "; ".join(problems)}) + "\n").encode())
        return
    gc.collect()
    gc.freeze()
    hello = {
        "ok": True,
        "pid": os.getpid(),
        "import_seconds": round(import_seconds, 3),
        "modules": len(sys.modules),
        "failed": failed,
        # Native threads of the imported libraries (OpenBLAS pools, jemalloc's background thread):
        # they are not copied by fork and these libraries re-create them in the child.
        "native_threads": _native_threads() - 1,
        "mpl_backend": str(sys.modules["matplotlib"].rcParams._get("backend"))
        if "matplotlib" in sys.modules else None,
    }
    try:
        _Server(request_fd, reply_fd, _import_time_env(dict(os.environ))).serve(hello)
    finally:
        shutil.rmtree(runtime_dir, ignore_errors=True)  # connection files of kernels nobody cleaned up
