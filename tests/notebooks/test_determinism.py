"""Same data → byte-identical outputs: tables, results.json and SVG figures, across two collection runs.

SVGs are comparable because helpers.plots fixes matplotlib's hash salt and drops metadata dates.
"""

from __future__ import annotations

import filecmp

import pytest

from helpers.runner.execute import execute_report
from helpers.runner.reports import ReportSpec, collection_notebooks

pytestmark = pytest.mark.integration

COMPARED = {".csv", ".tex", ".json", ".svg"}


def run_collection_into(folder):
    specs = [ReportSpec(str(p)) for p in collection_notebooks()]
    specs.append(ReportSpec("05_country_profile.ipynb", {"country": "CHN"}))
    records = [execute_report(spec, folder) for spec in specs]
    assert [r["status"] for r in records] == ["ok"] * len(specs), [r["error"] for r in records]
    return records


def test_two_runs_give_identical_files(notebook_env, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    records = run_collection_into(first)
    run_collection_into(second)
    compared = 0
    for record in records:
        left_dir, right_dir = first / record["outputs"], second / record["outputs"]
        left = sorted(p.relative_to(left_dir) for p in left_dir.rglob("*") if p.suffix in COMPARED)
        right = sorted(p.relative_to(right_dir) for p in right_dir.rglob("*") if p.suffix in COMPARED)
        assert left == right, f"{record['report']}: different files written"
        for rel in left:
            assert filecmp.cmp(left_dir / rel, right_dir / rel, shallow=False), f"{record['report']}/{rel} differs"
            compared += 1
    assert compared > 30
