"""Country-profile batches: a cold papermill loop vs ``digimod profiles`` vs plain Python. Prints ratios.

Usage (data must be built; outputs go to a temporary folder unless ``--out``)::

    DIGIMOD_MIRROR=../shared/data DIGIMOD_DATA_DIR=... python benchmarks/bench_profiles.py [--n 50]
    python benchmarks/bench_profiles.py --n 4          # quick smoke run

Variants, run one after another on the same N countries (the first N economies of
``helpers.data.country_table()`` that are not aggregates and are in the panel):

a       a sequential loop of ``papermill`` CLI calls (a cold kernel, and a cold papermill, per profile)
e       the fair peer on two cores: the same ``papermill`` CLI calls, two at a time (``xargs -P 2``)
b, c    ``digimod profiles --countries … --workers 1`` and ``--workers 2`` (Dask; each report's kernel forked
        from a per-worker zygote that imported the heavy libraries once, ``helpers.runner.kernels``)
d       the notebook's code cells exec'd as plain Python in one process (Agg backend; the floor)

Every variant runs with the thread limits of digimod's report kernels (``kernels.REPORT_THREAD_LIMITS``).
Reported: wall seconds per profile, CPU seconds per profile (all processes of the variant), the CPU
other programs used meanwhile (the machine is shared: compare with care, or ``--repeat``), speed-up of
(c) over (a) and over (e), scaling 1 → 2 workers, peak memory (RSS and PSS summed over the variant's process
tree, and per worker), and whether each country's ``results.json`` is byte-identical to (a)'s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _measure import ROOT, check_data_built, exec_notebook, import_heavy_modules, parse_variants, run_variants

from helpers.runner.kernels import report_environment

BIN = Path(sys.executable).parent
NOTEBOOK = ROOT / "notebooks" / "05_country_profile.ipynb"
REPORT = "05_country_profile"
TARGET_SPEEDUP = 3.0
LABELS = {
    "a": "papermill CLI loop (cold)",
    "b": "digimod profiles --workers 1",
    "c": "digimod profiles --workers 2",
    "d": "plain Python, one process",
    "e": "papermill CLI loop, xargs -P 2",
}


# --- variants -------------------------------------------------------------------------------------


def papermill_command(iso: str, out: Path) -> list[str]:
    return [str(BIN / "papermill"), str(NOTEBOOK), str(out / "notebooks" / f"{iso}.ipynb"),
            "-p", "country", iso, "-p", "output_dir", str(out / iso), "-k", "digimod",
            "--cwd", str(NOTEBOOK.parent), "--no-progress-bar"]


def run_papermill_loop(countries: list[str], out: Path, env: dict) -> dict:
    results, failures = {}, {}
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    for iso in countries:
        proc = subprocess.run(papermill_command(iso, out), env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, check=False)
        if proc.returncode:
            failures[iso] = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"rc {proc.returncode}"
        results[iso] = out / iso / "results.json"
    return {"results": results, "failures": failures, "workers": 1}


def run_papermill_parallel(countries: list[str], out: Path, env: dict) -> dict:
    """The same papermill calls as (a), two at a time: ``xargs -P 2`` reads one command per line."""
    import shlex

    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    lines = "".join(shlex.join(papermill_command(iso, out)) + "\n" for iso in countries)
    proc = subprocess.run(["xargs", "-P", "2", "-L", "1", "sh", "-c", 'exec "$0" "$@"'], input=lines, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    results = {iso: out / iso / "results.json" for iso in countries}
    failures = {iso: f"no results.json (xargs exit {proc.returncode})" for iso, path in results.items()
                if not path.exists()}
    return {"results": results, "failures": failures, "workers": 2}


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


def plain_main(countries: list[str], out: Path) -> int:
    """Subprocess of variant (d): imports once, then one profile after another."""
    import_heavy_modules()
    for iso in countries:
        exec_notebook(NOTEBOOK, {"country": iso, "output_dir": str(out / iso)}, label=f"{REPORT} {iso}")
    return 0


# --- main -----------------------------------------------------------------------------------------


def first_countries(n: int) -> list[str]:
    from helpers.data import country_table, panel_frame

    table = country_table()
    in_panel = set(panel_frame()["iso3"].astype(str))
    economies = table[~table["is_aggregate"] & table["iso3"].isin(in_panel)]
    return list(economies["iso3"])[:n]


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
    parser.add_argument("--variants", default="a,b,c,d,e", help="comma-separated subset of a,b,c,d,e (default: all)")
    parser.add_argument("--repeat", type=int, default=1, help="run every variant this many times; keep the fastest")
    parser.add_argument("--out", help="keep outputs in this folder (default: a temporary folder, removed)")
    parser.add_argument("--plain", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--countries", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.plain:
        return plain_main(args.countries.split(","), Path(args.out))

    if not check_data_built():
        return 2
    variants = parse_variants(parser, args.variants, LABELS)
    countries = first_countries(args.n)
    n = len(countries)
    root = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="bench_profiles-"))
    # Every variant with the thread limits of digimod's kernels (Dask's workers set the same ones): the
    # papermill peers and the floor compute as the reports do, and two side by side do not oversubscribe.
    env = report_environment({**os.environ, "DIGIMOD_OFFLINE": "1", "PYTHONWARNINGS": "ignore"})
    print(f"{n} countries ({', '.join(countries[:6])}{', …' if n > 6 else ''}); "
          f"{os.cpu_count()} CPUs; outputs in {root}", flush=True)

    runners = {
        "a": lambda out: run_papermill_loop(countries, out, env),
        "b": lambda out: run_cli(countries, out, env, 1),
        "c": lambda out: run_cli(countries, out, env, 2),
        "d": lambda out: run_plain(countries, out, env),
        "e": lambda out: run_papermill_parallel(countries, out, env),
    }

    def describe(name: str, result: dict) -> str:
        return (f"  {name:<3} {LABELS[name]:<34} {result['wall'] / n:7.2f} s/profile  cpu {result['cpu'] / n:5.2f} "
                f"s/profile  others used {result['others_cores']:.2f} cores  ok {n - len(result['failures'])}/{n}")

    try:
        best = run_variants(runners, variants, root, args.repeat, describe)
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
            kernel_rss = max((x.get("kernel_peak_mib") or 0) for x in records)
            kernel_pss = max((x.get("kernel_pss_mib") or 0) for x in records)
            print(f"  {name}: per worker peak RSS: worker {worker:.0f} MiB + kernel {kernel_rss:.0f} MiB (kernel PSS "
                  f"{kernel_pss:.0f} MiB: pages shared with the zygote count once; the zygote is in the tree total)")
    fast1, fast2 = best.get("b"), best.get("c")
    if "a" in best and fast2:
        speedup = best["a"]["wall"] / fast2["wall"]
        print(f"\nspeed-up of (c) over (a): {speedup:.2f}x (target {TARGET_SPEEDUP:.0f}x; ratio to target "
              f"{speedup / TARGET_SPEEDUP:.2f}); CPU per profile {best['a']['cpu'] / fast2['cpu']:.2f}x lower")
    if "e" in best and fast2:
        line = f"speed-up of (c) over (e), both on two cores: {best['e']['wall'] / fast2['wall']:.2f}x"
        if "a" in best:
            line += f"; (e) two papermill processes over (a) one: {best['a']['wall'] / best['e']['wall']:.2f}x"
        print(line)
    if fast1 and fast2:
        print(f"scaling 1 -> 2 workers: {fast1['wall'] / fast2['wall']:.2f}x")
    if "d" in best and fast2:
        print(f"plain Python floor: {best['d']['wall'] / n:.2f} s/profile on one core; (c) spends "
              f"{fast2['cpu'] / best['d']['cpu']:.2f}x its CPU")
    if "d" in best and fast1:
        print(f"(b) one worker / (d) plain Python, both on one core: {fast1['wall'] / best['d']['wall']:.2f}x wall")


if __name__ == "__main__":
    raise SystemExit(main())
