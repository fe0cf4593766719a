"""Fork-server kernels (helpers.runner.kernels): isolation between reports, lifecycle, papermill, zygote death.

The zygote here preloads only a few light modules so the tests stay fast; the mechanism is the same as
with the full PRELOAD_MODULES list (benchmarks/bench_profiles.py exercises that one on real profiles).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
import time

import pytest

from helpers.runner import kernels

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork-server kernels are Linux-only")

LIGHT_MODULES = ("ipykernel.kernelapp", "json", "pandas", "matplotlib", "matplotlib.pyplot")


def gone(pid: int, timeout: float = 10.0) -> bool:
    """True once ``pid`` no longer exists (a zombie counts as not existing: it runs nothing)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = kernels._process_state(pid)
        if state is None or state == "Z":
            return True
        time.sleep(0.05)
    return False


def not_zombie(pid: int) -> bool:
    return kernels._process_state(pid) != "Z"


def run_code(km, code: str) -> tuple[dict, str, list[dict]]:
    """Execute ``code``; return (reply content, stdout text, display messages)."""
    client = km.blocking_client()
    client.start_channels()
    stdout, displays = [], []

    def hook(msg):
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            stdout.append(msg["content"]["text"])
        elif msg["msg_type"] in {"display_data", "execute_result"}:
            displays.append(msg["content"])

    try:
        client.wait_for_ready(timeout=30)
        reply = client.execute_interactive(code, timeout=60, output_hook=hook)
    finally:
        client.stop_channels()
    return reply["content"], "".join(stdout), displays


@pytest.fixture(scope="module")
def zygote():
    with kernels.Zygote(modules=LIGHT_MODULES) as z:
        pid = z.pid
        yield z
    assert gone(pid, 5)


@contextlib.contextmanager
def forked(zygote, cwd):
    """A kernel forked from ``zygote``, shut down when the block ends (also on failure)."""
    km = kernels.start_forked_kernel(zygote, cwd)
    try:
        yield km
    finally:
        km.shutdown_kernel(now=True)


@pytest.fixture
def kernel(zygote, tmp_path):
    with forked(zygote, tmp_path) as km:
        pid = km.provisioner.pid
        yield km
    assert gone(pid)


def test_preload_covers_the_warm_up_imports():
    from helpers.runner.execute import WARM_UP_CODE

    warm = {name for line in WARM_UP_CODE.splitlines() for name in re.sub(r"^import ", "", line).split(", ")}
    assert warm <= set(kernels.PRELOAD_MODULES)
    assert kernels.PRELOAD_MODULES[0] == "ipykernel.kernelapp"
    assert not any(m.startswith("matplotlib_inline") for m in kernels.PRELOAD_MODULES)


def test_zygote_has_no_kernel_state(zygote):
    assert zygote.alive
    assert zygote.info["failed"] == {}
    assert zygote.info["mpl_backend"] == kernels.INLINE_BACKEND  # a name only; nothing is loaded
    assert zygote.children() == []


def test_forked_kernel_executes_code(kernel, zygote, tmp_path):
    content, out, displays = run_code(kernel, "import os\nprint(os.getpid(), os.getppid(), os.getcwd())\n6 * 7")
    assert content["status"] == "ok"
    assert content["execution_count"] == 1
    pid, ppid, cwd = out.split()
    assert int(pid) == kernel.provisioner.pid != zygote.pid != os.getpid()
    assert int(ppid) == zygote.pid
    assert os.path.samefile(cwd, tmp_path)
    assert displays[-1]["data"]["text/plain"] == "42"
    assert kernel.provisioner.pid in zygote.children()


def test_inline_backend_is_set_in_the_kernel(kernel):
    content, out, displays = run_code(
        kernel, "import matplotlib, matplotlib.pyplot as plt\nprint(matplotlib.get_backend())\nplt.plot([1, 2])\nNone"
    )
    assert content["status"] == "ok", content
    assert out.strip() == kernels.INLINE_BACKEND
    assert any("image/png" in d["data"] for d in displays)  # the figure was shown inline


def test_modules_imported_in_the_zygote_see_a_kernel(kernel):
    # pandas decides at import whether it runs in a terminal or a kernel (wide frames: wrapped vs "...").
    content, out, _ = run_code(kernel, (
        "import pandas as pd\nfrom pandas._config.config import get_default_val\n"
        "print(pd.get_option('display.max_columns'), get_default_val('display.max_columns'))"
    ))
    assert content["status"] == "ok", content
    assert out.split() == ["20", "20"]


def test_kernels_from_one_zygote_share_no_state(zygote, tmp_path):
    with forked(zygote, tmp_path) as first:
        content, out, _ = run_code(first, (
            "import json, matplotlib, pandas\nsecret = 41\njson.leaked = 'yes'\n"
            "matplotlib.rcParams['lines.linewidth'] = 9.5\npandas.set_option('display.max_rows', 3)\n"
            "import os; print(os.getpid())"
        ))
        assert content["status"] == "ok"
        first_pid = int(out)
    with forked(zygote, tmp_path) as second:
        content, out, _ = run_code(second, (
            "import json, matplotlib, os, pandas\n"
            "print('secret' in dir(), hasattr(json, 'leaked'), matplotlib.rcParams['lines.linewidth'],"
            " pandas.get_option('display.max_rows'), os.getpid(),"
            " get_ipython().execution_count, len(get_ipython().history_manager.input_hist_raw))"
        ))
    assert content["status"] == "ok"
    assert content["execution_count"] == 1  # no history from the first kernel
    has_secret, leaked, linewidth, max_rows, pid, _count, history = out.split()
    assert (has_secret, leaked, float(linewidth), max_rows) == ("False", "False", 1.5, "60")
    assert int(pid) != first_pid
    assert history == "2"  # this cell only (input_hist_raw starts with an empty entry)


def test_shutdown_leaves_no_process(zygote, tmp_path):
    for now in (True, False):
        km = kernels.start_forked_kernel(zygote, tmp_path)
        pid = km.provisioner.pid
        assert km.is_alive()
        km.shutdown_kernel(now=now)
        assert not km.is_alive() and not km.has_kernel
        assert gone(pid)
        assert pid not in zygote.children()
        assert km.memory and km.memory["peak_rss_mib"] > 10


def test_kernel_killed_from_outside_is_reported_dead(zygote, tmp_path):
    km = kernels.start_forked_kernel(zygote, tmp_path)
    pid = km.provisioner.pid
    os.kill(pid, signal.SIGKILL)
    assert gone(pid)
    deadline = time.monotonic() + 5
    while km.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not km.is_alive()
    km.shutdown_kernel(now=True)
    assert not km.has_kernel


def test_interrupt_reaches_the_kernel(zygote, tmp_path):
    km = kernels.start_forked_kernel(zygote, tmp_path)
    try:
        client = km.blocking_client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=30)
            msg_id = client.execute("import time\nprint('sleeping', flush=True)\ntime.sleep(60)")
            while True:  # interrupt once the cell runs (an idle kernel ignores SIGINT)
                msg = client.get_iopub_msg(timeout=30)
                if msg["msg_type"] == "stream" and "sleeping" in msg["content"]["text"]:
                    break
            time.sleep(0.2)
            km.interrupt_kernel()
            reply = client.get_shell_msg(timeout=30)
            while reply["parent_header"].get("msg_id") != msg_id:
                reply = client.get_shell_msg(timeout=30)
        finally:
            client.stop_channels()
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "KeyboardInterrupt"
    finally:
        km.shutdown_kernel(now=True)


def test_papermill_runs_a_notebook_on_a_forked_kernel(zygote, tmp_path):
    import nbformat
    import papermill

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": kernels.KERNEL_NAME, "display_name": "Python (digimod)", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell("n = 1\nlabel = 'default'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import os\nprint(f'{label}:{n * 2}:{os.getpid()}')"),
    ]
    source, executed = tmp_path / "tiny.ipynb", tmp_path / "tiny-out.ipynb"
    nbformat.write(nb, source)
    km = kernels.start_forked_kernel(zygote, tmp_path)
    pid = km.provisioner.pid
    try:
        papermill.execute_notebook(str(source), str(executed), parameters={"n": 21, "label": "forked"},
                                   kernel_name=kernels.KERNEL_NAME, km=km, progress_bar=False, cwd=str(tmp_path))
    finally:
        km.shutdown_kernel(now=True)
    result = nbformat.read(executed, as_version=4)
    injected = [c for c in result.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "n = 21" in injected[0].source
    output = result.cells[-1].outputs[0]["text"].strip()
    assert output == f"forked:42:{pid}"
    assert [c.execution_count for c in result.cells if c.cell_type == "code"] == [1, 2, 3]
    assert gone(pid)


def test_environment_read_at_import_must_match(zygote, tmp_path):
    km = kernels.ForkedKernelManager(kernel_name=kernels.KERNEL_NAME, zygote=zygote)
    with pytest.raises(kernels.ZygoteError, match="PYTHONHASHSEED"):
        km.start_kernel(cwd=str(tmp_path), env={**os.environ, "PYTHONHASHSEED": "123"})
    km.cleanup_resources()
    assert zygote.alive and zygote.children() == []


THREAD_VARIABLES = "import os; print(*(os.environ.get(k) for k in {names!r}))"


def thread_variables(km) -> list[str]:
    reply, stdout, _ = run_code(km, THREAD_VARIABLES.format(names=sorted(kernels.REPORT_THREAD_LIMITS)))
    assert reply["status"] == "ok", reply
    return stdout.split()


def test_report_kernels_get_one_thread_per_numerical_library(kernel, zygote, tmp_path):
    """Forked and cold kernels alike (the same report computes the same way on every executor)."""
    if any(name in os.environ for name in kernels.REPORT_THREAD_LIMITS):
        pytest.skip("the test environment sets a thread limit itself")
    assert thread_variables(kernel) == ["1", "1", "1"]
    km = kernels.ReportKernelManager(kernel_name=kernels.KERNEL_NAME)
    km.start_kernel(cwd=str(tmp_path))
    try:
        assert thread_variables(km) == ["1", "1", "1"]
    finally:
        km.shutdown_kernel(now=True)


def test_a_thread_limit_set_by_the_user_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")
    expected = [os.environ.get(k, v) for k, v in sorted(kernels.REPORT_THREAD_LIMITS.items())]
    with kernels.Zygote(modules=("ipykernel.kernelapp",)) as zygote, forked(zygote, tmp_path) as km:
        assert thread_variables(km) == expected
    km = kernels.ReportKernelManager(kernel_name=kernels.KERNEL_NAME)
    km.start_kernel(cwd=str(tmp_path))
    try:
        assert thread_variables(km) == expected
    finally:
        km.shutdown_kernel(now=True)


def test_a_launched_zygote_is_waited_for_on_first_use_and_killed_at_once_if_never_used(tmp_path):
    zygote = kernels.Zygote(modules=LIGHT_MODULES).launch()  # returns while it imports
    with forked(zygote, tmp_path) as km:  # the fork waits for the imports
        assert zygote.info["ok"] and run_code(km, "print(6 * 7)")[1] == "42\n"
    process = zygote._proc
    zygote.close()
    assert process.returncode == 0  # ready: told to stop, and it did
    unused = kernels.Zygote(modules=LIGHT_MODULES).launch()
    process, folder = unused._proc, unused.runtime_dir
    unused.close()
    assert process.returncode == -signal.SIGKILL and not os.path.exists(folder)


def test_zygote_death_is_a_clear_error_and_kills_its_kernels(tmp_path):
    zygote = kernels.Zygote(modules=("ipykernel.kernelapp",)).start()
    km = kernels.start_forked_kernel(zygote, tmp_path)
    kernel_pid = km.provisioner.pid
    try:
        os.kill(zygote.pid, signal.SIGKILL)
        with pytest.raises(kernels.ZygoteError, match=r"zygote \(pid \d+\) was killed by SIGKILL"):
            kernels.start_forked_kernel(zygote, tmp_path)
        # The orphaned kernel notices its parent is gone (ipykernel's parent poller) and exits; under load
        # the poller can take a while to run.
        assert gone(kernel_pid, timeout=45)
        # /proc shows the thread-group leader as a zombie while the kernel's other threads are still
        # exiting; the manager (pidfd) sees the process end once all of them have.
        deadline = time.monotonic() + 10
        while km.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not km.is_alive()
    finally:
        km.shutdown_kernel(now=True)
        zygote.close()


def test_closing_the_zygote_stops_its_running_kernels(tmp_path):
    zygote = kernels.Zygote(modules=("ipykernel.kernelapp",)).start()
    zygote_pid = zygote.pid
    km = kernels.start_forked_kernel(zygote, tmp_path)
    kernel_pid = km.provisioner.pid
    zygote.close()
    assert gone(zygote_pid) and gone(kernel_pid)
    assert not km.is_alive()
    km.shutdown_kernel(now=True)
    km.cleanup_resources()


def test_per_process_kernels_with_a_spare(monkeypatch, tmp_path, capfd):
    monkeypatch.setattr(kernels, "PRELOAD_MODULES", LIGHT_MODULES)
    seen = set()
    try:
        first = kernels.forked_kernel(tmp_path, spare=True)
        zygote = kernels.process_zygote()
        second = kernels.forked_kernel(tmp_path, spare=True)  # the spare forked while `first` was in use
        assert kernels.process_zygote() is zygote
        for km in (first, second):
            content, _, _ = run_code(km, "1")
            assert content["execution_count"] == 1
            seen.add(km.provisioner.pid)
            km.shutdown_kernel(now=True)
        assert len(seen) == 2
        spare = zygote.children()
        assert len(spare) == 1 and spare[0] not in seen
        seen.update(spare)
        # A dead zygote is replaced (with a message), and its spare kernel is not handed out.
        seen.add(zygote.pid)
        os.kill(zygote.pid, signal.SIGKILL)
        zygote._proc.wait(5)
        third = kernels.forked_kernel(tmp_path, spare=True)
        assert "starting a new zygote" in capfd.readouterr().err
        assert kernels.process_zygote() is not zygote and third.zygote is kernels.process_zygote()
        seen.add(third.provisioner.pid)
        third.shutdown_kernel(now=True)
        seen.add(kernels.process_zygote().pid)
    finally:
        kernels.close_process_zygotes()
    assert all(gone(pid) for pid in seen)


def test_owner_killed_leaves_no_zygote_or_kernel(tmp_path):
    import subprocess
    import textwrap

    script = textwrap.dedent(f"""
        import os, signal
        from helpers.runner import kernels
        zygote = kernels.Zygote(modules=("ipykernel.kernelapp",)).start()
        km = kernels.start_forked_kernel(zygote, {str(tmp_path)!r})
        print(zygote.pid, km.provisioner.pid, zygote.runtime_dir, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    zygote_pid, kernel_pid, runtime_dir = proc.stdout.split()
    assert gone(int(zygote_pid)) and gone(int(kernel_pid))
    deadline = time.monotonic() + 5
    while os.path.exists(runtime_dir) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not os.path.exists(runtime_dir)


def test_kernel_spec_that_is_not_ipykernel_cannot_be_forked():
    with pytest.raises(kernels.ZygoteError, match="cannot be forked"):
        kernels._python_prefix(["/usr/bin/R", "--slave", "-e", "IRkernel::main()", "{connection_file}"])


def test_prefork_prepares_the_first_kernel_and_the_last_one_leaves_no_spare(monkeypatch, tmp_path):
    monkeypatch.setattr(kernels, "PRELOAD_MODULES", LIGHT_MODULES)
    try:
        kernels.prefork(tmp_path)
        kernels.prefork(tmp_path)  # idempotent: still one kernel being prepared
        zygote = kernels.process_zygote()
        km = kernels.forked_kernel(tmp_path)  # takes the preforked kernel, forks no spare
        deadline = time.monotonic() + 10
        while zygote.children() != [km.provisioner.pid] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert zygote.children() == [km.provisioner.pid]
        content, _, _ = run_code(km, "1")
        assert content["execution_count"] == 1
        km.shutdown_kernel(now=True)
    finally:
        kernels.close_process_zygotes()


def test_kernels_talk_over_unix_sockets_in_a_private_folder(zygote, tmp_path, capfd):
    with forked(zygote, tmp_path) as km:
        assert km.transport == "ipc"
        assert km.ip.startswith(zygote.runtime_dir + os.sep)
        assert os.stat(zygote.runtime_dir).st_mode & 0o777 == 0o700
        sockets = [p for p in os.listdir(zygote.runtime_dir) if "-ipc-" in p]
        assert sockets, os.listdir(zygote.runtime_dir)
        content, stdout, _ = run_code(km, "import os; print(os.getcwd())")
        assert content["status"] == "ok" and stdout.strip() == str(tmp_path)
    assert "without encryption" not in capfd.readouterr().err
