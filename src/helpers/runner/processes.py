"""The processes a batch starts (Dask workers, their zygotes and kernels): find them, wait for them.

A command must not return while processes it started are still exiting: the next command, a test's
check for leftovers, or a user's ``ps`` would find them. A batch lists the processes that appeared
below this one while it ran and waits for them when it ends. Processes orphaned on the way (the
zygote of a worker that was killed) would escape that list, being re-parented to init; the ``digimod``
command therefore adopts them (:func:`adopt_orphans`).
"""

from __future__ import annotations

import contextlib
import sys
import time

_PR_SET_CHILD_SUBREAPER = 36


def adopt_orphans() -> bool:
    """Make this process the parent of its orphaned descendants (Linux ``PR_SET_CHILD_SUBREAPER``),
    so that :func:`descendants` still finds them. For a command's own process: the orphans stay this
    process's zombies until it exits. Returns whether it worked."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1) == 0
    except (OSError, AttributeError):
        return False


def start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker now (Dask's first worker would): it lives as long as
    this process, so it must count among the processes that existed before a batch."""
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()


def descendants(exclude: list | None = None) -> list:
    """This process's descendants (``psutil.Process``), without those in ``exclude`` (an earlier call)."""
    import psutil

    known = {(p.pid, _started(p)) for p in exclude or []}
    try:
        found = psutil.Process().children(recursive=True)
    except psutil.Error:
        return []
    return [p for p in found if (p.pid, _started(p)) not in known]


def _started(proc) -> float | None:
    import psutil

    try:
        return proc.create_time()
    except psutil.Error:
        return None


def running(proc) -> bool:
    """Whether ``proc`` still runs: it exists, is the same process (pid not reused) and is no zombie.

    Never reaps: a child's exit status stays for its owner (subprocess, multiprocessing) to collect.
    """
    import psutil

    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def wait_gone(procs: list, timeout: float = 60.0) -> list:
    """Wait until none of ``procs`` runs; after ``timeout`` seconds, SIGKILL the rest and wait for them
    a little more. Returns those still running (none, unless a process cannot be killed)."""
    import psutil

    deadline = time.monotonic() + timeout
    left = [p for p in procs if running(p)]
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = [p for p in left if running(p)]
    for proc in left:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    deadline = time.monotonic() + 10
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = [p for p in left if running(p)]
    return left
