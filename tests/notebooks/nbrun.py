"""Run a collection notebook headless through papermill (the same path `make reports` uses)."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import config
from helpers.runner.execute import execute_notebook

NOTEBOOKS = config.PROJECT_ROOT / "notebooks"


def run_notebook(name: str, out_dir: Path, **parameters) -> tuple[dict, dict]:
    """Execute ``notebooks/<name>.ipynb``; return (run record, results.json payload)."""
    record = execute_notebook(NOTEBOOKS / f"{name}.ipynb", out_dir, parameters=parameters)
    assert record["status"] == "ok", record["error"]
    results_file = Path(out_dir) / record["outputs"] / "results.json"
    return record, json.loads(results_file.read_text(encoding="utf-8"))
