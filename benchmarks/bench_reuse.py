"""Scheduled profile batches that redo only what changed: a cold batch, the same command again, one dataset changed.

Usage (data must be built; outputs go to a temporary folder unless ``--out``)::

    DIGIMOD_MIRROR=../shared/data DIGIMOD_DATA_DIR=... python benchmarks/bench_reuse.py          # every economy, en+zh
    python benchmarks/bench_reuse.py --n 3                                                    # smoke run: 3 economies

Steps, one after another into the same outputs folder (what a monthly schedule sees):

cold     ``digimod profiles --countries … --lang en,zh --workers 2`` into an empty outputs folder
rerun    the same command again, nothing changed: every report is reused (hard links), none executed
changed  the same command with one dataset's checksums changed in the data build's manifest, without touching
         the real data: ``DIGIMOD_DATA_DIR`` points at a temporary folder whose ``raw/`` and built tables are
         symbolic links to the real ones and whose ``processed/manifest.json`` alters that dataset's checksums.
         Only the reports that read the dataset are executed (their number is printed and checked against
         the datasets each report's record says it read)
unread   the same with a dataset no report read changed instead: nothing is executed

Targets: rerun ≤ 2 % of the cold wall time. ``--dataset`` picks the dataset to change (default: the one
the fewest reports of the cold batch read, at least one); ``--no-changed`` leaves that step out (every
profile reads the same datasets, so at full size it is a second cold batch).
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

from _measure import ROOT, check_data_built, measured

BIN = Path(sys.executable).parent
TARGET_RERUN = 0.02


def countries(n: int | None) -> str:
    """``all``, or the first ``n`` economies ``digimod profiles --countries all`` would run."""
    if n is None:
        return "all"
    from helpers.runner.cli import profile_countries

    return ",".join(profile_countries("all")[:n])


def profiles(selection: str, langs: str, out: Path, env: dict) -> dict:
    proc = subprocess.run(
        [str(BIN / "digimod"), "profiles", "--countries", selection, "--lang", langs, "--workers", "2"],
        env={**env, "DIGIMOD_OUTPUTS_DIR": str(out)}, capture_output=True, text=True, check=False, cwd=ROOT)
    from helpers.runner.render import complete_runs

    runs = complete_runs(out)
    manifest = runs[0][1] if runs else {}
    records = manifest.get("reports", [])
    failures = {r["report"]: r["error"] for r in records if r["status"] not in ("ok", "reused")}
    if proc.returncode and not failures:
        failures["*"] = (proc.stderr or proc.stdout).strip()[-800:]
    return {"records": records, "failures": failures, "run": runs[0][0] if runs else None}


def changed_data_dir(source: Path, dataset: str, folder: Path) -> Path:
    """A data folder that is ``source`` but for ``dataset``'s checksums in the build manifest."""
    from helpers.data.datasets import get_dataset

    globs = get_dataset(dataset).globs
    (folder / "processed").mkdir(parents=True)
    (folder / "raw").symlink_to((source / "raw").resolve())
    for name in ("panel.parquet", "countries.parquet"):
        (folder / "processed" / name).symlink_to((source / "processed" / name).resolve())
    manifest = json.loads((source / "processed" / "manifest.json").read_text(encoding="utf-8"))
    altered = 0
    for item in manifest["inputs"]:
        if any(Path(item["path"]).match(pattern) for pattern in globs):
            item["sha256"] = "0" * 64  # as if the publisher had released a new file
            altered += 1
    if not altered:
        raise SystemExit(f"dataset {dataset} has no files in the build manifest")
    (folder / "processed" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def read_counts(records: list[dict]) -> dict[str, int]:
    """Dataset → how many of ``records`` read it (the country table, not a dataset, left out)."""
    counts: dict[str, int] = {}
    for record in records:
        for name in record.get("data_read") or {}:
            if ":" not in name:
                counts[name] = counts.get(name, 0) + 1
    return counts


def least_read(records: list[dict]) -> str:
    counts = read_counts(records)
    if not counts:
        raise SystemExit("no report of the cold batch recorded a dataset it read")
    return min(counts, key=lambda name: (counts[name], name))


def unread(records: list[dict]) -> str | None:
    from helpers.data.datasets import DATASETS

    return next((name for name in sorted(DATASETS) if name not in read_counts(records)), None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, help="only the first N economies (default: all, about 244)")
    parser.add_argument("--lang", default="en,zh", help="languages (default en,zh)")
    parser.add_argument("--dataset", help="the dataset whose checksums change in the third step")
    parser.add_argument("--out", help="keep outputs in this folder (default: a temporary folder, removed)")
    parser.add_argument("--no-changed", action="store_true",
                        help="leave out the step with one dataset changed (when every report reads it, it is a "
                             "second cold batch; measure it with --n)")
    args = parser.parse_args(argv)
    if not check_data_built():
        return 2
    from helpers import config

    selection = countries(args.n)
    root = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="bench_reuse-"))
    outputs = root / "outputs"
    env = {**os.environ, "DIGIMOD_OFFLINE": "1", "PYTHONWARNINGS": "ignore"}
    print(f"profiles of {selection if args.n is None else f'{args.n} economies'} in {args.lang}; "
          f"{os.cpu_count()} CPUs; outputs in {root}", flush=True)
    try:
        steps = {}
        for step in ("cold", "rerun"):
            steps[step] = result = measured(profiles, selection, args.lang, outputs, env)
            describe(step, result)
        dataset = None if args.no_changed else args.dataset or least_read(steps["cold"]["records"])
        if dataset:
            data = changed_data_dir(config.paths().data, dataset, root / "data-changed")
            steps["changed"] = result = measured(profiles, selection, args.lang, outputs,
                                                 {**env, "DIGIMOD_DATA_DIR": str(data)})
            describe("changed", result)
        other = unread(steps["cold"]["records"])
        if other:
            data = changed_data_dir(config.paths().data, other, root / "data-unread")
            steps["unread"] = result = measured(profiles, selection, args.lang, outputs,
                                                {**env, "DIGIMOD_DATA_DIR": str(data)})
            describe("unread", result)
        print(f"datasets the cold batch read (reports): {read_counts(steps['cold']['records'])}")
        return report(steps, dataset, other)
    finally:
        if not args.out:
            shutil.rmtree(root, ignore_errors=True)


def describe(step: str, result: dict) -> None:
    records = result["records"]
    executed = sum(r["status"] == "ok" for r in records)
    reused = sum(r["status"] == "reused" for r in records)
    print(f"  {step:<8} {result['wall']:8.2f} s  cpu {result['cpu']:7.2f} s  others used {result['others_cores']:.2f} "
          f"cores  {len(records)} reports: {executed} executed, {reused} reused, {len(result['failures'])} failed",
          flush=True)
    for item, error in list(result["failures"].items())[:5]:
        print(f"      failed {item}: {error}")


def report(steps: dict[str, dict], dataset: str | None, other: str | None) -> int:
    cold, rerun = steps["cold"], steps["rerun"]
    bad = any(step["failures"] for step in steps.values())
    ratio = rerun["wall"] / cold["wall"]
    print(f"\nrerun with nothing changed / cold: {ratio:.3f}x wall ({100 * ratio:.1f} %; target <= "
          f"{100 * TARGET_RERUN:.0f} %: {'met' if ratio <= TARGET_RERUN else 'NOT met'}); "
          f"{sum(r['status'] == 'ok' for r in rerun['records'])} reports executed")
    reading = executed = set()
    if dataset:
        changed = steps["changed"]
        reading = {r["report"] for r in cold["records"] if dataset in (r.get("data_read") or {})}
        executed = {r["report"] for r in changed["records"] if r["status"] == "ok"}
        print(f"one dataset changed ({dataset}): {len(executed)} of {len(changed['records'])} reports executed; "
              f"{len(reading)} read {dataset} in the cold batch "
              f"({'the same reports' if executed == reading else 'DIFFERENT'}); "
              f"{changed['wall'] / cold['wall']:.3f}x the cold wall time")
    if other:
        again = sum(r["status"] == "ok" for r in steps["unread"]["records"])
        print(f"a dataset no report read changed ({other}): {again} reports executed; "
              f"{steps['unread']['wall'] / cold['wall']:.3f}x the cold wall time")
        bad = bad or again > 0
    busy = max(step["others_cores"] for step in steps.values())
    if busy > 0.3:
        print(f"  note: other programs used up to {busy:.2f} cores during these runs; repeat on a quiet machine")
    return 1 if bad or executed != reading else 0


if __name__ == "__main__":
    raise SystemExit(main())
