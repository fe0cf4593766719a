"""The collection (notebooks 00–04) through ``digimod collection`` vs the same code as plain Python. Prints ratios.

Usage (data must be built; outputs go to a temporary folder unless ``--out``)::

    DIGIMOD_MIRROR=../shared/data DIGIMOD_DATA_DIR=... python benchmarks/bench_collection.py [--repeat 3]

Variants, run one after another (``--repeat`` runs the whole sequence again and keeps each variant's fastest):

a   a sequential loop of ``papermill`` CLI calls, one per notebook (a cold kernel and a cold papermill each)
b   ``digimod collection --no-html`` — what ``make reports`` runs but its HTML pages: two notebooks at a time in
    threads of the command's process (the longest first), kernels forked from one zygote that imported the heavy
    libraries once (``helpers.runner.kernels``), launched before the batch is planned; one thread per numerical
    library in each kernel (``kernels.REPORT_THREAD_LIMITS``); executed notebooks, a manifest, the run folder
    renamed when complete
s   ``digimod collection --no-html --workers 1``: the same, one notebook after another in the command's process
d   every notebook's code cells exec'd as plain Python in one process (Agg backend), each notebook in a fresh namespace with the same parameters: the lower bound
p   the same plain Python in two processes at once, the notebooks dealt longest first (each process takes
    the next when it is free), each process importing once: what two cores give without kernels, papermill
    or the Jupyter protocol — how far (b) is from the machine's own limit (two programs side by side share
    the cores' caches and memory bandwidth, so neither runs at its solo speed)

Every variant runs with the thread limits of digimod's report kernels (``kernels.REPORT_THREAD_LIMITS``).
The target is (b) ≤ 0.65 × (d) (two cores against one); (s) is shown against its former target, 1.5 × (d);
(b) / (p) is the runner's own cost over two plain processes.
Each variant writes into an empty outputs folder, so nothing is reused. Also reported: CPU seconds, the CPU other programs used meanwhile (the machine
may be shared), peak memory of each variant's process tree, per-notebook seconds, and whether each notebook's
``results.json``, tables and figures are byte-identical between the variants (same code, same numbers).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _measure import (
    ROOT,
    check_data_built,
    exec_notebook,
    identical_files,
    import_heavy_modules,
    parse_variants,
    run_variants,
)

from helpers.runner.kernels import report_environment

BIN = Path(sys.executable).parent
NOTEBOOKS = ROOT / "notebooks"
TARGET_RATIO = 0.65
SEQUENTIAL_TARGET = 1.5
LABELS = {
    "a": "papermill CLI loop (cold)",
    "b": "digimod collection, 2 workers",
    "s": "digimod collection --workers 1",
    "d": "plain Python, one process",
    "p": "plain Python, two processes",
}
COMPARED = ("results.json", "*.csv", "*.tex", "*.svg", "*.png")


def collection() -> list[Path]:
    from helpers.runner.reports import collection_notebooks

    return collection_notebooks()


# --- variants -------------------------------------------------------------------------------------


def run_papermill_loop(out: Path, env: dict) -> dict:
    failures, seconds = {}, {}
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    for notebook in collection():
        started = time.perf_counter()
        proc = subprocess.run(
            [str(BIN / "papermill"), str(notebook), str(out / "notebooks" / notebook.name),
             "-p", "output_dir", str(out / notebook.stem), "-k", "digimod",
             "--cwd", str(NOTEBOOKS), "--no-progress-bar"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
        )
        seconds[notebook.stem] = time.perf_counter() - started
        if proc.returncode:
            lines = proc.stderr.strip().splitlines()
            failures[notebook.stem] = lines[-1] if lines else f"exit code {proc.returncode}"
    return {"outputs": out, "failures": failures, "seconds": seconds}


def run_cli(out: Path, env: dict, workers: int = 2) -> dict:
    proc = subprocess.run([str(BIN / "digimod"), "collection", "--no-html", "--workers", str(workers)],
                          env={**env, "DIGIMOD_OUTPUTS_DIR": str(out)}, capture_output=True, text=True, check=False,
                          cwd=ROOT)
    manifests = sorted(out.glob("*/manifest.json"))
    if not manifests:
        return {"outputs": out, "failures": {"*": (proc.stderr or proc.stdout).strip()[-800:]}, "seconds": {}}
    manifest = json.loads(manifests[-1].read_text(encoding="utf-8"))
    records = manifest["reports"]
    return {
        "outputs": manifests[-1].parent,
        "failures": {r["report"]: r["error"] for r in records if r["status"] != "ok"},
        "seconds": {r["report"]: r["seconds"] for r in records},
    }


def run_plain(out: Path, env: dict) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--plain", "--out", str(out)],
                          env={**env, "MPLBACKEND": "agg"}, capture_output=True, text=True, check=False,
                          cwd=NOTEBOOKS)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("@@")]
    failures = {"*": proc.stderr.strip()[-800:]} if proc.returncode or not lines else {}
    return {"outputs": out, "failures": failures, "seconds": json.loads(lines[-1][2:]) if lines else {}}


def run_plain_pair(out: Path, env: dict) -> dict:
    """Variant (p): two plain-Python processes take notebooks from one queue, longest first (the runner's
    order on a fresh clone: :func:`helpers.runner.reuse.expected_duration`)."""
    from helpers.runner.reuse import expected_duration

    queue_dir = out / ".queue"
    queue_dir.mkdir(parents=True, exist_ok=True)
    ordered = sorted(collection(), key=expected_duration, reverse=True)
    for rank, notebook in enumerate(ordered):
        (queue_dir / f"{rank:03d}-{notebook.name}").touch()
    procs = [subprocess.Popen([sys.executable, __file__, "--plain", "--queue", str(queue_dir), "--out", str(out)],
                              env={**env, "MPLBACKEND": "agg"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, cwd=NOTEBOOKS) for _ in range(2)]
    seconds, failures = {}, {}
    for proc in procs:
        stdout, stderr = proc.communicate()
        lines = [line for line in stdout.splitlines() if line.startswith("@@")]
        if proc.returncode or not lines:
            failures[f"process {proc.pid}"] = stderr.strip()[-800:]
        else:
            seconds.update(json.loads(lines[-1][2:]))
    shutil.rmtree(queue_dir, ignore_errors=True)
    return {"outputs": out, "failures": failures, "seconds": seconds}


def _take(queue_dir: Path) -> Path | None:
    """The next notebook of a queue folder (files ``NNN-<notebook>``), claimed by renaming it away: atomic, so
    two processes never take the same one."""
    for entry in sorted(queue_dir.glob("[0-9]*")):
        try:
            entry.rename(queue_dir / f"taken-{os.getpid()}-{entry.name}")
        except FileNotFoundError:
            continue  # the other process took it first
        return NOTEBOOKS / entry.name.split("-", 1)[1]
    return None


def plain_main(out: Path, queue_dir: Path | None = None) -> int:
    """Subprocess of variants (d) and (p): imports once, then every notebook in turn (d), or the next one of
    the queue until it is empty (p)."""
    import_heavy_modules()
    seconds = {}
    notebooks = iter(collection()) if queue_dir is None else iter(lambda: _take(queue_dir), None)
    for notebook in notebooks:
        started = time.perf_counter()
        exec_notebook(notebook, {"output_dir": str(out / notebook.stem)})
        seconds[notebook.stem] = time.perf_counter() - started
    print("@@" + json.dumps(seconds))
    return 0


# --- main -----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default="a,b,s,d,p", help="comma-separated subset of a,b,s,d,p (default all)")
    parser.add_argument("--repeat", type=int, default=1, help="run the sequence this many times; keep the fastest")
    parser.add_argument("--out", help="keep outputs in this folder (default: a temporary folder, removed)")
    parser.add_argument("--plain", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--queue", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.plain:
        return plain_main(Path(args.out), Path(args.queue) if args.queue else None)

    if not check_data_built():
        return 2
    variants = parse_variants(parser, args.variants, LABELS)
    names = [nb.stem for nb in collection()]
    root = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="bench_collection-"))
    # Every variant with the thread limits of digimod's kernels, as in bench_profiles.py: the floors and the
    # papermill loop compute as the reports do (one process alone is no slower with them).
    env = report_environment({**os.environ, "DIGIMOD_OFFLINE": "1", "PYTHONWARNINGS": "ignore"})
    print(f"collection: {', '.join(names)}; {os.cpu_count()} CPUs; outputs in {root}", flush=True)

    runners = {"a": run_papermill_loop, "b": run_cli, "s": lambda out, env: run_cli(out, env, workers=1),
               "d": run_plain, "p": run_plain_pair}

    def describe(name: str, result: dict) -> str:
        return (f"  {name} {LABELS[name]:<31} {result['wall']:7.2f} s  cpu {result['cpu']:6.2f} s  others used "
                f"{result['others_cores']:.2f} cores  ok {len(names) - len(result['failures'])}/{len(names)}")

    try:
        best = run_variants({name: lambda out, fn=fn: fn(out, env) for name, fn in runners.items()}, variants,
                            root, args.repeat, describe)
        failed = report(best, names)
    finally:
        if not args.out:
            shutil.rmtree(root, ignore_errors=True)
    return 1 if failed else 0


def report(best: dict[str, dict], names: list[str]) -> bool:
    """Print the table and ratios; True when a variant failed or produced different results."""
    print(f"\n{'variant':<35}{'wall s':>8}{'cpu s':>8}{'others':>8}{'RSS MiB':>9}{'PSS MiB':>9}"
          + "".join(f"{n[:2]:>7}" for n in names))
    for name, r in best.items():
        per_notebook = "".join(f"{r['seconds'].get(n, float('nan')):>7.1f}" for n in names)
        print(f"{name + ' ' + LABELS[name]:<35}{r['wall']:>8.2f}{r['cpu']:>8.2f}{r['others_cores']:>8.2f}"
              f"{r['peak_rss_mib']:>9.0f}{r['peak_pss_mib']:>9.0f}{per_notebook}")
    print("(per-notebook columns: seconds of each notebook as the variant timed it)")

    bad = any(r["failures"] for r in best.values())
    if "d" in best:
        for name in (n for n in best if n != "d"):
            same, different = identical_files(best["d"]["outputs"], best[name]["outputs"], COMPARED)
            results_differ = [d for d in different if d.endswith("results.json") or ".json " in d]
            print(f"outputs of ({name}) identical to (d): {same}/{same + len(different)} files"
                  + (f"; differ: {', '.join(different[:6])}{' …' if len(different) > 6 else ''}" if different else ""))
            bad = bad or bool(results_differ)
    if "b" in best and "d" in best:
        ratio = best["b"]["wall"] / best["d"]["wall"]
        verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
        print(f"\n(b) digimod collection on 2 workers / (d) plain Python: {ratio:.2f}x wall (target <= {TARGET_RATIO}x: "
              f"{verdict}); {best['b']['cpu'] / best['d']['cpu']:.2f}x CPU")
        if len(best["b"]["walls"]) > 1:
            rounds = [b / d for b, d in zip(best["b"]["walls"], best["d"]["walls"], strict=True)]
            print(f"  (b) / (d) round by round: {', '.join(f'{r:.2f}x' for r in rounds)}")
        busy = max(best["b"]["others_cores"], best["d"]["others_cores"])
        if busy > 0.3:
            print(f"  note: other programs used up to {busy:.2f} cores during these runs; repeat on a quiet machine")
    if "p" in best and "d" in best:
        print(f"(p) plain Python in two processes / (d): {best['p']['wall'] / best['d']['wall']:.2f}x wall "
              "(what these two cores allow without kernels)")
    if "b" in best and "p" in best:
        print(f"(b) / (p): the runner costs {best['b']['wall'] / best['p']['wall']:.2f}x two plain processes")
    if "s" in best and "d" in best:
        ratio = best["s"]["wall"] / best["d"]["wall"]
        print(f"(s) digimod collection --workers 1 / (d) plain Python: {ratio:.2f}x wall (former target <= "
              f"{SEQUENTIAL_TARGET}x: {'met' if ratio <= SEQUENTIAL_TARGET else 'NOT met'})")
    if "b" in best and "s" in best:
        print(f"(s) / (b): 2 workers are {best['s']['wall'] / best['b']['wall']:.2f}x faster than 1")
    if "a" in best and "d" in best:
        print(f"(a) papermill CLI loop / (d) plain Python: {best['a']['wall'] / best['d']['wall']:.2f}x wall")
    if "a" in best and "b" in best:
        print(f"(a) / (b): digimod collection is {best['a']['wall'] / best['b']['wall']:.2f}x faster than the loop")
    return bad


if __name__ == "__main__":
    raise SystemExit(main())
