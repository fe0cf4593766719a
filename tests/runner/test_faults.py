"""Fault injection: a batch never hangs, whatever dies or hangs under it.

Each test runs the ``digimod`` command (``python -m helpers``) as a subprocess on tiny synthetic notebooks
in ``tmp_path`` (``DIGIMOD_NOTEBOOKS_DIR``, ``DIGIMOD_OUTPUTS_DIR``), injects one fault while a chosen
report is running — kill -9 of its kernel, its zygote, its Dask worker or the ``digimod`` process itself,
a kernel that never finishes, Ctrl-C — and checks that the command ends within a bound with every other
report done, a summary and a non-zero exit; that no process it started is left (none whose environment
names ``tmp_path``); that no half-written run folder is visible; and that the next identical command
works.

A synthetic notebook announces that it runs by writing ``ctl/started-<name>`` (its pid and parent pid)
and, if ``ctl/hold-<name>`` exists, waits until ``ctl/release-<name>`` appears: that is where faults are
injected. The profile notebook is named after its ``country`` parameter; the collection notebooks after
themselves.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from helpers.runner import runs
from helpers.runner.cli import main

COUNTRIES = ("CHN", "IND", "USA")
HELD = "IND"  # the report a fault hits; CHN runs before it and USA after it
#: Bounds, generous for a loaded two-core machine: a command's start (Dask, zygote imports) and three
#: tiny reports take 10–30 s there.
STARTED_WITHIN = 180
ENDS_WITHIN = 120

BODY = '''
import json, os, pathlib, time
ctl = pathlib.Path({ctl!r})
name = {name}
tmp = ctl / f".started-{{name}}"
tmp.write_text(json.dumps({{"pid": os.getpid(), "ppid": os.getppid()}}))
tmp.rename(ctl / f"started-{{name}}")
if (ctl / f"hold-{{name}}").exists():
    while not (ctl / f"release-{{name}}").exists():
        time.sleep(0.1)
out = pathlib.Path(output_dir)
out.mkdir(parents=True, exist_ok=True)
(out / "results.json").write_text(json.dumps({{"name": name}}))
'''


def write_notebook(path: Path, parameters: str, body: str) -> None:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "digimod", "display_name": "Python (digimod)", "language": "python"}
    nbformat.write(nb, path)


class Project:
    """Synthetic notebooks, a control folder and an outputs folder; runs the CLI on them."""

    def __init__(self, root: Path):
        self.root = root
        self.notebooks = root / "notebooks"
        self.ctl = root / "ctl"
        self.outputs = root / "outputs"
        for folder in (self.notebooks, self.ctl):
            folder.mkdir()
        write_notebook(self.notebooks / "05_country_profile.ipynb", 'country = "CHN"\nlang = "en"\noutput_dir = ""',
                       BODY.format(ctl=str(self.ctl), name="country"))
        for stem in ("00_first", "01_second", "02_third"):
            write_notebook(self.notebooks / f"{stem}.ipynb", 'lang = "en"\noutput_dir = ""',
                           BODY.format(ctl=str(self.ctl), name=repr(stem)))
        self.env = {**os.environ, "DIGIMOD_NOTEBOOKS_DIR": str(self.notebooks),
                    "DIGIMOD_OUTPUTS_DIR": str(self.outputs), "PYTHONUNBUFFERED": "1"}
        self.runs = 0
        #: multiprocessing's resource trackers seen below the command: they end *because* it ended
        #: (their pipe closes), so they may still be exiting when it has returned.
        self.trackers: set[int] = set()

    def hold(self, name: str) -> None:
        (self.ctl / f"hold-{name}").touch()

    def release_all(self) -> None:
        for held in self.ctl.glob("hold-*"):
            held.unlink()
        for started in self.ctl.glob("started-*"):
            started.unlink()

    def start(self, *args: str) -> subprocess.Popen:
        """``python -m helpers *args`` in its own session (a terminal's Ctrl-C reaches its whole group)."""
        self.runs += 1
        self.stdout = self.root / f"stdout-{self.runs}.txt"
        self.stderr = self.root / f"stderr-{self.runs}.txt"
        with open(self.stdout, "w") as out, open(self.stderr, "w") as err:
            return subprocess.Popen([sys.executable, "-m", "helpers", *args], env=self.env, stdout=out,
                                    stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)

    def started(self, name: str) -> dict:
        """Wait until report ``name`` runs; its kernel's pid and parent pid."""
        marker = self.ctl / f"started-{name}"
        wait_until(marker.exists, STARTED_WITHIN, f"report {name} to start")
        return json.loads(marker.read_text())

    def output(self) -> tuple[str, str]:
        return self.stdout.read_text(), self.stderr.read_text()

    def visible_runs(self) -> list[Path]:
        # Run folders only: `digimod collection` also writes outputs/index.html, the index across runs.
        return sorted(p for p in self.outputs.iterdir() if p.is_dir() and not p.name.startswith(".")) \
            if self.outputs.exists() else []

    def staging(self) -> list[Path]:
        return sorted(self.outputs.glob(".*.partial")) if self.outputs.exists() else []


@pytest.fixture
def project(tmp_path):
    project = Project(tmp_path)
    yield project
    # Whatever a failed test left behind must not outlive it.
    for proc in leftovers(tmp_path):
        with contextlib.suppress(psutil.Error):
            proc.kill()


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what} after {timeout} s")
        time.sleep(0.1)


def leftovers(tmp_path: Path) -> list:
    """Running processes (zombies excluded) whose command line or environment names ``tmp_path``."""
    me, found = os.getpid(), []
    for proc in psutil.process_iter(["pid", "cmdline", "status"]):
        if proc.info["pid"] == me or proc.info["status"] == psutil.STATUS_ZOMBIE:
            continue
        try:
            text = " ".join(proc.info["cmdline"] or []) + " " + " ".join(proc.environ().values())
        except psutil.Error:
            continue
        if str(tmp_path) in text:
            found.append(proc)
    return found


def describe(procs) -> list[str]:
    out = []
    for proc in procs:
        try:
            out.append(f"{proc.pid} {' '.join(proc.cmdline())[:160]}")
        except psutil.Error:
            pass
    return out


def finish(proc: subprocess.Popen, project: Project, within: float = ENDS_WITHIN) -> tuple[int, str, str]:
    """Wait for the command to end (within ``within`` seconds); its exit code and output."""
    deadline = time.monotonic() + within
    while proc.poll() is None:
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            out, err = project.output()
            raise AssertionError(f"the command did not end within {within} s\n{out}\n{err[-3000:]}")
        note_trackers(proc, project)
        time.sleep(0.2)
    out, err = project.output()
    return proc.returncode, out, err


def note_trackers(proc: subprocess.Popen, project: Project) -> None:
    with contextlib.suppress(psutil.Error):
        for child in psutil.Process(proc.pid).children():
            with contextlib.suppress(psutil.Error):
                if "multiprocessing.resource_tracker" in " ".join(child.cmdline()):
                    project.trackers.add(child.pid)


def assert_clean(project: Project) -> None:
    """No process of the command is left, and no staging folder.

    Checked as soon as the command has returned: it waits for the workers, zygotes and kernels it
    started. Only multiprocessing's resource tracker may still be exiting (:attr:`Project.trackers`).
    """
    def ours():
        return describe([p for p in leftovers(project.root) if p.pid not in project.trackers])

    assert not ours(), ours()
    wait_until(lambda: not leftovers(project.root), 30, f"no process left: {describe(leftovers(project.root))}")
    assert project.staging() == []


def summary(out: str) -> dict[str, tuple[str, str]]:
    """The summary table's rows: report → (status, error)."""
    rows = {}
    for line in out.splitlines():
        if line.startswith(("ok ", "failed ")):
            status, _seconds, rest = line.split(None, 2)
            report, _, error = rest.partition("  — ")
            rows[report] = (status, error)
    return rows


def assert_summary(out: str, statuses: dict[str, str]) -> None:
    """The summary lists each report (name ending with a key of ``statuses``) with its status."""
    rows = summary(out)
    assert len(rows) == len(statuses), out
    for suffix, status in statuses.items():
        assert [s for report, (s, _) in rows.items() if report.endswith(suffix)] == [status], (suffix, out)
    ok = sum(s == "ok" for s in statuses.values())
    assert f"{ok} of {len(statuses)} reports ok" in out


def error_of(out: str, part: str) -> str:
    return next(error for report, (_, error) in summary(out).items() if part in report)


def assert_next_run_works(project: Project, *args: str) -> None:
    """The same command, with nothing held, succeeds and leaves one more run folder."""
    project.release_all()
    before = len(project.visible_runs())
    code, out, err = finish(project.start(*args), project, within=STARTED_WITHIN)
    assert code == 0, (out, err[-3000:])
    assert len(project.visible_runs()) == before + 1
    assert "KeyboardInterrupt" not in err and "Traceback" not in err, err
    assert_clean(project)


PROFILES = ("profiles", "--countries", ",".join(COUNTRIES), "--workers", "1")


def profile_statuses(failed: str = HELD) -> dict[str, str]:
    return {f"-{c}-en": "failed" if c == failed else "ok" for c in COUNTRIES}


# --- a process under a report dies ------------------------------------------------------------------


def under_the_report(kernel: dict) -> dict[str, int]:
    """The processes under a running report: its kernel, the kernel's zygote, the zygote's Dask worker."""
    zygote = psutil.Process(kernel["ppid"])
    worker = psutil.Process(zygote.ppid())
    assert "_zygote_main" in " ".join(zygote.cmdline())
    assert "multiprocessing" in " ".join(worker.cmdline())
    return {"kernel": kernel["pid"], "zygote": zygote.pid, "worker": worker.pid}


@pytest.mark.parametrize(("victim", "error"), [
    ("kernel", "the kernel (pid {kernel}) was killed by SIGKILL"),
    ("zygote", "the kernel's zygote (pid {zygote}) was killed by SIGKILL"),  # and a new zygote takes over
    ("worker", "the Dask worker process running it died"),  # and the nanny's new worker takes over
])
def test_killed_process_fails_only_the_report_it_ran(project, victim, error):
    project.hold(HELD)
    proc = project.start(*PROFILES)
    pids = under_the_report(project.started(HELD))
    killed = time.monotonic()
    os.kill(pids[victim], signal.SIGKILL)
    code, out, err = finish(proc, project)
    assert code == 1, (out, err[-3000:])
    assert time.monotonic() - killed < ENDS_WITHIN
    assert_summary(out, profile_statuses())
    assert error.format(**pids) in error_of(out, HELD)
    assert len(project.visible_runs()) == 1
    assert_clean(project)
    assert_next_run_works(project, *PROFILES)


def test_killed_command_leaves_no_process_and_its_staging_folder_goes_with_the_next_run(project):
    project.hold(HELD)
    proc = project.start(*PROFILES)
    project.started(HELD)
    note_trackers(proc, project)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    # Workers notice their parent is gone, zygotes their owner, kernels their zygote.
    wait_until(lambda: not leftovers(project.root), 60, f"no process left: {describe(leftovers(project.root))}")
    assert project.visible_runs() == []
    assert len(project.staging()) == 1
    assert_next_run_works(project, *PROFILES)
    assert len(project.visible_runs()) == 1


def test_killed_batch_is_resumed_by_the_same_command(project):
    """SIGKILL to the parent after CHN finished: the same command reuses CHN from the abandoned staging
    folder, executes IND and USA, removes that folder, and ends with every report once."""
    from helpers.runner.reuse import RECORDS_DIR

    project.hold(HELD)
    proc = project.start(*PROFILES)
    project.started(HELD)
    wait_until(lambda: any(project.outputs.glob(f".*.partial/{RECORDS_DIR}/*-CHN-en.json")), STARTED_WITHIN,
               "CHN's record in the staging folder")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    wait_until(lambda: not leftovers(project.root), 60, f"no process left: {describe(leftovers(project.root))}")
    [abandoned] = project.staging()
    assert project.visible_runs() == []
    project.release_all()
    code, out, err = finish(project.start(*PROFILES), project, within=STARTED_WITHIN)
    assert code == 0, (out, err[-3000:])
    assert "1 of 3 reports unchanged since an earlier run: reused (1 finished by a run that was stopped)" in out
    [run] = project.visible_runs()
    manifest = json.loads((run / "manifest.json").read_text())
    by_country = {r["parameters"]["country"]: r for r in manifest["reports"]}
    assert sorted(by_country) == sorted(COUNTRIES) and len(manifest["reports"]) == len(COUNTRIES)
    assert by_country["CHN"]["status"] == "reused" and by_country["CHN"]["resumed"] is True
    assert by_country["CHN"]["reused_from"] == abandoned.name.removeprefix(".").removesuffix(".partial")
    assert [by_country[c]["status"] for c in ("IND", "USA")] == ["ok", "ok"]
    assert sorted(p.name for p in (run / "notebooks").iterdir()) == sorted(
        f"05_country_profile-{c}-en.ipynb" for c in COUNTRIES)
    for country in COUNTRIES:
        assert json.loads((run / f"05_country_profile-{country}-en" / "results.json").read_text()) == {"name": country}
    assert not abandoned.exists()
    assert_clean(project)


# --- a report that never ends; Ctrl-C ----------------------------------------------------------------


def test_hanging_report_is_stopped_at_its_time_limit(project):
    project.hold("01_second")
    started = time.monotonic()
    code, out, err = finish(project.start("collection", "--timeout", "15"), project, within=STARTED_WITHIN)
    assert code == 1, (out, err[-3000:])
    assert time.monotonic() - started < STARTED_WITHIN
    assert_summary(out, {"00_first": "ok", "01_second": "failed", "02_third": "ok"})
    assert "exceeded the time limit of 15 s" in error_of(out, "01_second")
    assert_clean(project)
    assert_next_run_works(project, "collection", "--timeout", "15")


@pytest.mark.parametrize(("command", "target"), [
    (PROFILES, "group"),  # a terminal's Ctrl-C: the command and its Dask workers
    (("collection",), "command"),  # the command alone (no Dask: kernels run in its own process)
])
def test_ctrl_c_stops_the_batch_and_leaves_nothing(project, command, target):
    held = HELD if command is PROFILES else "01_second"
    project.hold(held)
    proc = project.start(*command)
    project.started(held)
    interrupted = time.monotonic()
    if target == "group":
        os.killpg(proc.pid, signal.SIGINT)
    else:
        os.kill(proc.pid, signal.SIGINT)
    code, out, err = finish(proc, project)
    assert code == 130, (out, err[-3000:])
    assert time.monotonic() - interrupted < ENDS_WITHIN
    assert "Traceback" not in err and "Kernel died" not in err, err
    assert [line for line in err.splitlines() if line.startswith("digimod:")] == [
        "digimod: interrupted; stopped everything it had started, no run folder written"]
    assert project.visible_runs() == []
    assert_clean(project)  # checked right after the command returned: it waited for its processes
    assert_next_run_works(project, *command)


# --- bad arguments and settings; stale staging folders -----------------------------------------------


@pytest.mark.parametrize("workers", ["0", "-1", "two"])
def test_workers_must_be_a_positive_number(project, monkeypatch, capsys, workers):
    monkeypatch.setenv("DIGIMOD_OUTPUTS_DIR", str(project.outputs))
    with pytest.raises(SystemExit) as exit_info:
        main(["profiles", "--countries", "CHN", "--workers", workers])
    assert exit_info.value.code == 2
    assert f"argument --workers: must be a positive whole number, not '{workers}'" in capsys.readouterr().err
    assert not project.outputs.exists()


def test_report_time_limit_is_checked_before_anything_starts(project, monkeypatch, capsys):
    monkeypatch.setenv("DIGIMOD_NOTEBOOKS_DIR", str(project.notebooks))
    monkeypatch.setenv("DIGIMOD_OUTPUTS_DIR", str(project.outputs))
    with pytest.raises(SystemExit):
        main(["collection", "--timeout", "0"])
    assert "argument --timeout: must be a positive number, not '0'" in capsys.readouterr().err
    monkeypatch.setenv("DIGIMOD_REPORT_TIMEOUT", "soon")
    assert main(["collection"]) == 2
    assert "DIGIMOD_REPORT_TIMEOUT must be a positive number of seconds, not 'soon'" in capsys.readouterr().err
    assert not project.outputs.exists()


def test_a_new_run_removes_abandoned_staging_folders_only(tmp_path):
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                           text=True, check=True)
    dead = {"pid": int(ended.stdout), "host": socket.gethostname(), "started": time.time() - 5}
    alive = runs._this_process()
    folders = {
        "dead-owner": dead,
        "pid-reused": {**alive, "started": alive["started"] - 100},  # same pid, another process
        "live-owner": alive,  # e.g. a run in another terminal sharing outputs/
        "other-host": {**dead, "host": "elsewhere"},  # cannot be checked from here
        "old-unowned": None,  # from before owners were recorded, untouched for two days
        "new-unowned": None,  # may be a run that has just created it
    }
    for name, owner in folders.items():
        staging = outputs / f".{name}.partial"
        (staging / "notebooks").mkdir(parents=True)
        if owner is not None:
            (staging / runs.OWNER_FILE).write_text(json.dumps(owner))
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(outputs / ".old-unowned.partial", (two_days_ago, two_days_ago))
    _, staging = runs.start_run("test", outputs)
    left = sorted(p.name for p in outputs.iterdir())
    assert left == sorted([staging.name, ".live-owner.partial", ".other-host.partial", ".new-unowned.partial"])
    assert json.loads((staging / runs.OWNER_FILE).read_text())["pid"] == os.getpid()


# --- quiet kernels -----------------------------------------------------------------------------------


def test_a_cold_kernel_run_prints_no_kernel_warnings(project):
    code, out, err = finish(project.start("run", "00_first"), project, within=STARTED_WITHIN)
    assert code == 0, (out, err)
    assert "without encryption" not in err and "KeyboardInterrupt" not in err, err
    assert_clean(project)
