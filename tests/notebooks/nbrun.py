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


def run_in_temp(tmp_path_factory, name: str, label: str | None = None, **parameters) -> tuple[Path, dict]:
    """Execute ``name`` into a new temporary folder; return (its output folder, results.json payload).

    What a module-scoped "this notebook with these parameters" fixture needs, so each is one line.
    """
    out = tmp_path_factory.mktemp(label or f"nb{name[:2]}")
    _, results = run_notebook(name, out, **parameters)
    return out / name, results


def assert_written(folder: Path, names) -> None:
    """Every named file exists in ``folder`` and is not empty (the message names the first one that is)."""
    missing = [name for name in names if not (folder / name).is_file() or (folder / name).stat().st_size == 0]
    assert not missing, f"missing or empty in {folder}: {missing}"
