"""Data-layer benchmark: build from the mirror, panel load, peak memory. Prints ratios to targets.

Usage: ``DIGIMOD_MIRROR=../shared/data python benchmarks/bench_data.py`` (or ``make bench``).
Each measurement runs in a fresh subprocess so imports and caches of one do not help another.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap

TARGETS = {"build_seconds": 20.0, "load_seconds": 0.2}

BUILD = textwrap.dedent(
    """
    import json, resource, time
    from helpers import config
    from helpers.data import build, fetch
    paths = config.paths()
    fetch.fetch_all(paths)
    started = time.perf_counter()
    build.build(paths, force=True, say=lambda *_: None)
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"build_seconds": seconds, "peak_mib": peak_mib}))
    """
)

LOAD = textwrap.dedent(
    """
    import json, time
    import pandas  # imported by every notebook anyway; not part of the load cost
    from helpers.data import load_panel
    started = time.perf_counter()
    frame = load_panel(["IT.NET.USER.ZS", "un_egov.egdi", "GE.EST", "hdr.hdi", "NY.GDP.PCAP.KD"],
                       years=(2000, 2024), wide=True)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    load_panel(["un_egov.egdi", "GE.EST"], countries=["CHN", "USA"])
    warm = time.perf_counter() - started
    print(json.dumps({"load_seconds": cold, "warm_load_seconds": warm, "rows": len(frame)}))
    """
)


def run(code: str, env: dict) -> dict:
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    if not os.environ.get("DIGIMOD_MIRROR"):
        print("set DIGIMOD_MIRROR (e.g. ../shared/data) so the build reads the mirror", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "DIGIMOD_DATA_DIR": data_dir, "DIGIMOD_OFFLINE": "1"}
        results = run(BUILD, env)
        results.update(run(LOAD, env))
    print(f"{'measure':<22}{'value':>12}{'target':>10}{'ratio':>8}")
    for key, target in TARGETS.items():
        print(f"{key:<22}{results[key]:>12.3f}{target:>10.2f}{results[key] / target:>8.2f}")
    print(f"{'warm_load_seconds':<22}{results['warm_load_seconds']:>12.4f}")
    print(f"{'build_peak_memory_MiB':<22}{results['peak_mib']:>12.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
