"""Country-profile batches: cold papermill vs ``digimod profiles`` vs fork-server kernels. Prints ratios.

Usage (data must be built; outputs go to a temporary folder unless ``--out``)::

    DIGIMOD_MIRROR=../shared/data DIGIMOD_DATA_DIR=... python benchmarks/bench_profiles.py [--n 50]
    python benchmarks/bench_profiles.py --n 4          # quick smoke run

Variants, run one after another on the same N countries (the first N economies of
``helpers.data.country_table()`` that are not aggregates and are in the panel):

a       a sequential loop of ``papermill`` CLI calls (a cold kernel, and a cold papermill, per profile)
b, c    ``digimod profiles --countries … --workers 1`` and ``--workers 2`` (through helpers.run: fork-server
        kernels once run.py uses helpers.kernels, the older warm spare kernels before that)
bf, cf  until run.py uses helpers.kernels: this script's own Dask batch (1 and 2 workers, one
        ``helpers.kernels.forked_kernel()`` per report, executed by ``helpers.run.execute_report``)
d       the notebook's code cells exec'd as plain Python in one process (Agg backend; the floor)

Reported: wall seconds per profile, CPU seconds per profile (all processes of the variant), the CPU
other programs used meanwhile (the machine is shared: compare with care, or ``--repeat``), speed-up of
(c or cf) over (a), scaling 1 → 2 workers, peak memory (RSS and PSS summed over the variant's process
tree, and per worker), and whether each country's ``results.json`` is byte-identical to (a)'s.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOK = ROOT / "notebooks" / "05_country_profile.ipynb"
REPORT = "05_country_profile"
TARGET_SPEEDUP = 3.0
LABELS = {
    "a": "papermill CLI loop (cold)",
    "b": "digimod profiles --workers 1",
    "c": "digimod profiles --workers 2",
    "bf": "forked kernels, Dask 1 worker",
    "cf": "forked kernels, Dask 2 workers",
    "d": "plain Python, one process",
}


# --- measuring ------------------------------------------------------------------------------------


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError:
        return None


def descendants(root: int) -> list[int]:
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
            pids = descendants(me)
            sizes = [memory_kib(p) for p in pids]
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
    leftover = descendants(os.getpid())
    result.update(wall=wall, cpu=cpu, others_cores=others / wall, load_before=load0,
                  peak_rss_mib=sampler.peak_rss / 1024, peak_pss_mib=sampler.peak_pss / 1024,
                  peak_procs=sampler.peak_procs, leftover=leftover)
    return result


# --- variants -------------------------------------------------------------------------------------


def run_papermill_loop(countries: list[str], out: Path, env: dict) -> dict:
    results, failures = {}, {}
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    for iso in countries:
        target = out / iso
        proc = subprocess.run(
            [str(BIN / "papermill"), str(NOTEBOOK), str(out / "notebooks" / f"{iso}.ipynb"),
             "-p", "country", iso, "-p", "output_dir", str(target), "-k", "digimod",
             "--cwd", str(NOTEBOOK.parent), "--no-progress-bar"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
        )
        if proc.returncode:
            failures[iso] = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"rc {proc.returncode}"
        results[iso] = target / "results.json"
    return {"results": results, "failures": failures, "workers": 1}


def run_cli(countries: list[str], out: Path, env: dict, workers: int) -> dict:
    proc = subprocess.run(
        [str(BIN / "digimod"), "profiles", "--countries", ",".join(countries), "--workers", str(workers)],
        env={**env, "DIGIMOD_OUTPUTS_DIR": str(out)}, capture_output=True, text=True, check=False,
        cwd=ROOT,
    )
    manifests = sorted(out.glob("*/manifest.json"))
    if not manifests:
        return {"results": {}, "failures": {"*": (proc.stderr or proc.stdout).strip()[-500:]}, "workers": workers}
    manifest = json.loads(manifests[-1].read_text(encoding="utf-8"))
    results, failures = {}, {}
    for record in manifest["reports"]:
        iso = record["parameters"]["country"]
        results[iso] = manifests[-1].parent / record["outputs"] / "results.json"
        if record["status"] != "ok":
            failures[iso] = record["error"]
    return {"results": results, "failures": failures, "workers": workers, "records": manifest["reports"]}


def run_forked_batch(countries: list[str], out: Path, env: dict, workers: int, spare: bool) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--forked-batch", str(workers), "--countries", ",".join(countries),
         "--out", str(out), *([] if spare else ["--no-spare"])],
        env=env, capture_output=True, text=True, check=False, cwd=ROOT,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("@@")]
    if proc.returncode or not lines:
        return {"results": {}, "failures": {"*": proc.stderr.strip()[-800:]}, "workers": workers}
    records = json.loads(lines[-1][2:])
    results = {r["parameters"]["country"]: out / r["outputs"] / "results.json" for r in records}
    failures = {r["parameters"]["country"]: r["error"] for r in records if r["status"] != "ok"}
    return {"results": results, "failures": failures, "workers": workers, "records": records}


def run_plain(countries: list[str], out: Path, env: dict) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--plain", "--countries", ",".join(countries), "--out", str(out)],
        env={**env, "MPLBACKEND": "agg"}, capture_output=True, text=True, check=False,
        cwd=NOTEBOOK.parent,
    )
    failures = {}
    if proc.returncode:
        failures["*"] = proc.stderr.strip()[-800:]
    return {"results": {iso: out / iso / "results.json" for iso in countries}, "failures": failures, "workers": 1}


# --- subprocess modes -----------------------------------------------------------------------------


def _forked_task(spec: dict, run_dir: str, spare: bool) -> dict:
    """Dask task (until run.py integrates helpers.kernels): one report on a kernel forked per report."""
    import os
    import resource
    from pathlib import Path

    from helpers import kernels, run

    km = kernels.forked_kernel(run.NOTEBOOKS_DIR, spare=spare)
    record = run.execute_report(run.ReportSpec(**spec), Path(run_dir), km=km)
    zygote = kernels.process_zygote()
    record.update(
        worker=os.getpid(),
        worker_peak_mib=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        kernel=km.memory,
        zygote=kernels._kernel_memory(zygote.pid),
        zygote_import_seconds=zygote.info.get("import_seconds"),
    )
    return record


def forked_batch_main(workers: int, countries: list[str], out: Path, spare: bool) -> int:
    import logging
    from dataclasses import asdict

    from dask.distributed import Client, LocalCluster

    from helpers.run import ReportSpec

    specs = [ReportSpec(NOTEBOOK.name, {"country": iso, "lang": "en"}, name=f"{REPORT}-{iso}-en") for iso in countries]
    out.mkdir(parents=True, exist_ok=True)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        futures = [client.submit(_forked_task, asdict(spec), str(out), spare, key=f"report-{i}-{spec.report}", pure=False)
                   for i, spec in enumerate(specs)]
        records = [f.result() for f in futures]
    print("@@" + json.dumps(records))
    return 0


def plain_main(countries: list[str], out: Path) -> int:
    import importlib

    import nbformat

    from helpers import kernels

    for name in kernels.PRELOAD_MODULES:
        if not name.startswith("ipykernel"):
            importlib.import_module(name)
    import matplotlib.pyplot as plt

    nb = nbformat.read(NOTEBOOK, as_version=4)
    cells = [(c.source, "parameters" in c.metadata.get("tags", [])) for c in nb.cells if c.cell_type == "code"]
    for iso in countries:
        namespace = {"__name__": "__main__"}
        with contextlib.redirect_stdout(io.StringIO()):
            for i, (source, is_parameters) in enumerate(cells):
                exec(compile(source, f"<{REPORT} cell {i}>", "exec"), namespace)  # noqa: S102 - our notebook
                if is_parameters:
                    namespace.update(country=iso, output_dir=str(out / iso))
        plt.close("all")
    return 0


# --- main -----------------------------------------------------------------------------------------


def first_countries(n: int) -> list[str]:
    from helpers.data import country_table, panel_frame

    table = country_table()
    in_panel = set(panel_frame()["iso3"].astype(str))
    economies = table[~table["is_aggregate"] & table["iso3"].isin(in_panel)]
    return list(economies["iso3"])[:n]


def run_py_uses_kernels() -> bool:
    from helpers import run

    return bool(re.search(r"from \.kernels import|from helpers\.kernels import|import .*\bkernels\b|\bkernels\.\w+\(",
                          inspect.getsource(run)))


def compare(reference: dict, other: dict) -> list[str]:
    mismatches = []
    for iso, path in reference.items():
        theirs = other.get(iso)
        if not path.exists():
            mismatches.append(f"{iso}: no results.json in (a)")
        elif theirs is None or not theirs.exists():
            mismatches.append(f"{iso}: no results.json")
        elif path.read_bytes() != theirs.read_bytes():
            a, b = path.read_text().splitlines(), theirs.read_text().splitlines()
            first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            where = f"line {first + 1}: {a[first].strip()[:80] if first < len(a) else '<end>'} != " \
                    f"{b[first].strip()[:80] if first < len(b) else '<end>'}"
            mismatches.append(f"{iso}: differs at {where}")
    return mismatches


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50, help="number of countries (default 50)")
    parser.add_argument("--variants", default=None,
                        help="comma-separated subset of a,b,c,bf,cf,d (default: a,b,c,d plus bf,cf until run.py "
                             "uses helpers.kernels)")
    parser.add_argument("--repeat", type=int, default=1, help="run every variant this many times; keep the fastest")
    parser.add_argument("--no-spare", action="store_true",
                        help="bf/cf: fork each kernel when needed (default: the next one is forked in the background)")
    parser.add_argument("--out", help="keep outputs in this folder (default: a temporary folder, removed)")
    parser.add_argument("--forked-batch", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--plain", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--countries", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.forked_batch:
        return forked_batch_main(args.forked_batch, args.countries.split(","), Path(args.out), not args.no_spare)
    if args.plain:
        return plain_main(args.countries.split(","), Path(args.out))

    if not os.environ.get("DIGIMOD_DATA_DIR"):
        print("set DIGIMOD_DATA_DIR to a folder with built data (digimod data build)", file=sys.stderr)
        return 2
    integrated = run_py_uses_kernels()
    variants = (args.variants or ("a,b,c,d" if integrated else "a,b,c,bf,cf,d")).split(",")
    unknown = set(variants) - set(LABELS)
    if unknown:
        parser.error(f"unknown variants {sorted(unknown)}")
    countries = first_countries(args.n)
    root = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="bench_profiles-"))
    env = {**os.environ, "DIGIMOD_OFFLINE": "1", "PYTHONWARNINGS": "ignore"}
    print(f"{len(countries)} countries ({', '.join(countries[:6])}{', …' if len(countries) > 6 else ''}); "
          f"{os.cpu_count()} CPUs; run.py uses helpers.kernels: {integrated}; outputs in {root}", flush=True)

    runners = {
        "a": lambda out: run_papermill_loop(countries, out, env),
        "b": lambda out: run_cli(countries, out, env, 1),
        "c": lambda out: run_cli(countries, out, env, 2),
        "bf": lambda out: run_forked_batch(countries, out, env, 1, not args.no_spare),
        "cf": lambda out: run_forked_batch(countries, out, env, 2, not args.no_spare),
        "d": lambda out: run_plain(countries, out, env),
    }
    best: dict[str, dict] = {}
    try:
        for attempt in range(args.repeat):
            for name in variants:
                out = root / f"{name}-{attempt}"
                out.mkdir(parents=True, exist_ok=True)
                result = measured(runners[name], out)
                n_ok = len(countries) - len(result["failures"])
                print(f"  {name:<3} {LABELS[name]:<34} {result['wall'] / len(countries):7.2f} s/profile  "
                      f"cpu {result['cpu'] / len(countries):5.2f} s/profile  others used "
                      f"{result['others_cores']:.2f} cores  ok {n_ok}/{len(countries)}", flush=True)
                for iso, error in list(result["failures"].items())[:5]:
                    print(f"      failed {iso}: {error}")
                if result["leftover"]:
                    print(f"      WARNING: processes left running after the variant: {result['leftover']}")
                if name not in best or result["wall"] < best[name]["wall"]:
                    best[name] = result
        report(best, countries)
    finally:
        if not args.out:
            shutil.rmtree(root, ignore_errors=True)
    return 0


def report(best: dict[str, dict], countries: list[str]) -> None:
    n = len(countries)
    print(f"\n{'variant':<38}{'s/profile':>10}{'cpu s/prof':>11}{'others':>8}{'RSS MiB':>9}{'PSS MiB':>9}"
          f"{'PSS/worker':>11}{'identical':>11}")
    reference = best.get("a", {}).get("results")
    for name, r in best.items():
        same = "ref" if name == "a" else "-"
        if reference and name != "a":
            mismatches = compare(reference, r["results"])
            same = f"{n - len(mismatches)}/{n}"
            r["mismatches"] = mismatches
        print(f"{name + ' ' + LABELS[name]:<38}{r['wall'] / n:>10.2f}{r['cpu'] / n:>11.2f}{r['others_cores']:>8.2f}"
              f"{r['peak_rss_mib']:>9.0f}{r['peak_pss_mib']:>9.0f}{r['peak_pss_mib'] / r['workers']:>11.0f}{same:>11}")
    for name, r in best.items():
        for line in r.get("mismatches", [])[:10]:
            print(f"  MISMATCH ({name} vs a) {line}")
        records = r.get("records") or []
        if records:
            worker = max((x.get("worker_peak_mib") or 0) for x in records)
            kernel_rss = max(((x.get("kernel") or {}).get("peak_rss_mib") or x.get("kernel_peak_mib") or 0)
                             for x in records)
            kernel_pss = max(((x.get("kernel") or {}).get("pss_mib") or x.get("kernel_pss_mib") or 0)
                             for x in records)
            zygote = max(((x.get("zygote") or {}).get("peak_rss_mib") or 0) for x in records)
            print(f"  {name}: per worker peak RSS: worker {worker:.0f} MiB + zygote {zygote:.0f} MiB + kernel "
                  f"{kernel_rss:.0f} MiB (kernel PSS {kernel_pss:.0f} MiB: pages shared with the zygote count "
                  "once)" if zygote else f"  {name}: per worker peak RSS: worker {worker:.0f} MiB + kernel "
                  f"{kernel_rss:.0f} MiB" + (f" (kernel PSS {kernel_pss:.0f} MiB; the zygote is in the tree total)"
                                            if kernel_pss else ""))
    fast2 = best.get("c") if "c" in best and run_py_uses_kernels() else best.get("cf") or best.get("c")
    fast1 = best.get("b") if "b" in best and run_py_uses_kernels() else best.get("bf") or best.get("b")
    if "a" in best and fast2:
        speedup = best["a"]["wall"] / fast2["wall"]
        name = next(k for k, v in best.items() if v is fast2)
        print(f"\nspeed-up of ({name}) over (a): {speedup:.2f}x (target {TARGET_SPEEDUP:.0f}x; ratio to target "
              f"{speedup / TARGET_SPEEDUP:.2f}); CPU per profile {best['a']['cpu'] / fast2['cpu']:.2f}x lower")
    if fast1 and fast2:
        print(f"scaling 1 -> 2 workers: {fast1['wall'] / fast2['wall']:.2f}x")
    for old, new in (("b", "bf"), ("c", "cf")):
        if old in best and new in best:
            print(f"({new}) over ({old}): {best[old]['wall'] / best[new]['wall']:.2f}x")
    if "d" in best and fast2:
        print(f"plain Python floor: {best['d']['wall'] / n:.2f} s/profile on one core; ({fast2 is best.get('c') and 'c' or 'cf'}) "
              f"spends {fast2['cpu'] / best['d']['cpu']:.2f}x its CPU")


if __name__ == "__main__":
    raise SystemExit(main())
