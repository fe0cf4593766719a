"""Shared by the benchmarks: wall time, CPU and peak memory of a variant's process tree; plain-Python runs.

A variant is a function that starts subprocesses and returns a dict; :func:`measured` adds its wall
seconds, the CPU seconds of its (finished) child processes, the CPU other programs used meanwhile (the
machine may be shared: a ratio measured while others were busy is flagged, not hidden), and the peak
RSS/PSS summed over the variant's process tree. :func:`exec_notebook` runs a notebook's code cells as
plain Python in the current process: the lower bound the notebook runners are compared with.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import resource
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError:
        return None


def descendants(root: int) -> list[int]:
    """Pids of every process below ``root`` (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _read(f"/proc/{entry}/stat")
            if stat:
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in KiB; (0, 0) if it is gone."""
    rss = pss = 0
    status = _read(f"/proc/{pid}/status") or ""
    if m := re.search(r"^VmRSS:\s+(\d+)", status, re.MULTILINE):
        rss = int(m.group(1))
    rollup = _read(f"/proc/{pid}/smaps_rollup") or ""
    if m := re.search(r"^Pss:\s+(\d+)", rollup, re.MULTILINE):
        pss = int(m.group(1))
    return rss, pss


class TreeSampler(threading.Thread):
    """Samples the summed RSS and PSS of this process's descendants (the variant's processes)."""

    def __init__(self, interval: float = 0.25):
        super().__init__(daemon=True)
        self.interval = interval
        self.peak_rss = self.peak_pss = self.peak_procs = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self._stop_event.is_set():
            sizes = [memory_kib(p) for p in descendants(me)]
            self.peak_rss = max(self.peak_rss, sum(s[0] for s in sizes))
            self.peak_pss = max(self.peak_pss, sum(s[1] for s in sizes))
            self.peak_procs = max(self.peak_procs, sum(1 for s in sizes if s[0]))
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def machine_busy_seconds() -> float:
    """CPU seconds all processes of the machine have used (from /proc/stat)."""
    fields = (_read("/proc/stat") or "cpu 0").splitlines()[0].split()[1:]
    values = [int(v) for v in fields]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def children_cpu() -> float:
    """CPU seconds of this process's finished (waited-for) children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measured(fn, *args) -> dict:
    """Run ``fn(*args)`` (which returns a dict) and add wall time, CPU and peak tree memory."""
    sampler = TreeSampler()
    cpu0, busy0, load0 = children_cpu(), machine_busy_seconds(), os.getloadavg()[0]
    started = time.perf_counter()
    sampler.start()
    try:
        result = fn(*args)
    finally:
        sampler.stop()
    wall = time.perf_counter() - started
    cpu = children_cpu() - cpu0
    others = max(machine_busy_seconds() - busy0 - cpu, 0.0)
    result.update(wall=wall, cpu=cpu, others_cores=others / wall, load_before=load0,
                  peak_rss_mib=sampler.peak_rss / 1024, peak_pss_mib=sampler.peak_pss / 1024,
                  peak_procs=sampler.peak_procs, leftover=descendants(os.getpid()))
    return result


def import_heavy_modules() -> None:
    """Import what a notebook kernel preloads (minus the kernel itself), so plain runs pay it once too; and
    nbformat (to read the notebooks) as the ``digimod`` program does, without jsonschema's IRI grammar
    (:func:`helpers.runner.imports.skip_iri_grammar`: otherwise 1–2 s charged to the first notebook)."""
    import importlib

    from helpers.runner import kernels
    from helpers.runner.imports import skip_iri_grammar

    skip_iri_grammar()
    import nbformat  # noqa: F401

    for name in kernels.PRELOAD_MODULES:
        if not name.startswith("ipykernel"):
            importlib.import_module(name)


def exec_notebook(notebook: Path, parameters: dict, label: str | None = None) -> None:
    """Run ``notebook``'s code cells as plain Python in this process, in a fresh namespace.

    ``parameters`` are applied right after the cell tagged ``parameters``, where papermill injects
    them. Printed output is discarded; figures are closed afterwards. Use the Agg backend
    (``MPLBACKEND=agg``). An exception propagates, naming the cell.
    """
    import matplotlib.pyplot as plt
    import nbformat

    from helpers.data.load import forget_inputs_read

    forget_inputs_read()  # a kernel starts with nothing read: cite what this notebook reads, not the last one
    nb = nbformat.read(notebook, as_version=4)
    label = label or notebook.stem
    namespace: dict = {"__name__": "__main__"}
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            for i, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
                # Our own notebooks, executed as their kernels would.
                exec(compile(cell.source, f"<{label} cell {i}>", "exec"), namespace)  # noqa: S102
                if "parameters" in cell.metadata.get("tags", []):
                    namespace.update(parameters)
    finally:
        plt.close("all")


def identical_files(reference: Path, other: Path, patterns: tuple[str, ...]) -> tuple[int, list[str]]:
    """How many files matching ``patterns`` under ``reference`` are byte-identical under ``other``; the rest."""
    same, different = 0, []
    for pattern in patterns:
        for path in sorted(reference.rglob(pattern)):
            theirs = other / path.relative_to(reference)
            if theirs.exists() and theirs.read_bytes() == path.read_bytes():
                same += 1
            else:
                different.append(str(path.relative_to(reference)) + ("" if theirs.exists() else " (missing)"))
    return same, different


def check_data_built() -> bool:
    """True if there is built data to benchmark on; otherwise say how to build it."""
    import sys

    if os.environ.get("DIGIMOD_DATA_DIR") or (ROOT / "data" / "processed" / "panel.parquet").exists():
        return True
    print("no built data: run `make data` (or set DIGIMOD_DATA_DIR to a folder with built data)", file=sys.stderr)
    return False


def parse_variants(parser, text: str, labels: dict[str, str]) -> list[str]:
    """The comma-separated variant names of ``--variants``; an unknown one is a usage error."""
    variants = [v.strip() for v in text.split(",") if v.strip()]
    if unknown := sorted(set(variants) - set(labels)):
        parser.error(f"unknown variants {unknown}; choose from {', '.join(labels)}")
    return variants


def run_variants(runners: dict, variants: list[str], root: Path, repeat: int, describe) -> dict[str, dict]:
    """Run each variant ``repeat`` times (in turn) under :func:`measured`; the fastest result of each, with
    the wall time of every round under ``"walls"`` (in the order run: round i of two variants ran minutes
    apart at most, so their ratio is paired).

    ``runners[name](out)`` runs one variant into the folder ``out``; ``describe(name, result)`` is the
    line printed after each run. Failures and processes left running are printed too.
    """
    best: dict[str, dict] = {}
    walls: dict[str, list[float]] = {name: [] for name in variants}
    for attempt in range(repeat):
        for name in variants:
            out = root / f"{name}-{attempt}"
            out.mkdir(parents=True, exist_ok=True)
            result = measured(runners[name], out)
            print(describe(name, result), flush=True)
            for item, error in list(result["failures"].items())[:5]:
                print(f"      failed {item}: {error}")
            if result["leftover"]:
                print(f"      WARNING: processes left running after the variant: {result['leftover']}")
            walls[name].append(result["wall"])
            if name not in best or result["wall"] < best[name]["wall"]:
                best[name] = result
    for name, result in best.items():
        result["walls"] = walls[name]
    return best
