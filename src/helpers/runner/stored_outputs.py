"""The nbval regression cells' stored outputs: refreshed by executing the notebook with its defaults."""

from __future__ import annotations

from pathlib import Path

from .execute import execute_report
from .reports import ReportSpec, RunError, resolve_notebook
from .reuse import EXPECTED_SECONDS

CHECK_MARKER = "# NBVAL_CHECK_OUTPUT"


def refresh_stored_outputs(notebook: str) -> int:
    """Execute a notebook with its defaults and store the outputs of its ``# NBVAL_CHECK_OUTPUT`` cells.

    Only those cells keep outputs in git (``keep_output`` metadata, honoured by nbstripout); every
    other cell stays stripped. Run after an intended change of results, review the diff, commit.
    Returns the number of cells refreshed.
    """
    import tempfile

    import nbformat

    path = resolve_notebook(notebook)
    with tempfile.TemporaryDirectory() as tmp:
        record = execute_report(ReportSpec(str(path)), Path(tmp))
        if record["status"] != "ok":
            raise RunError(f"{path.name} failed, stored outputs not refreshed: {record['error']}")
        executed = nbformat.read(Path(tmp) / record["executed_notebook"], as_version=4)
    by_source = {c.source: c for c in executed.cells if c.cell_type == "code" and CHECK_MARKER in c.source}
    stored = nbformat.read(path, as_version=4)
    refreshed = 0
    for cell in stored.cells:
        if cell.cell_type == "code" and CHECK_MARKER in cell.source:
            # nbval treats a cell without an execution count as never run, so the count is kept too.
            cell.outputs = by_source[cell.source].outputs
            cell.execution_count = by_source[cell.source].execution_count
            cell.metadata["keep_output"] = True
            refreshed += 1
    _record_seconds(stored, record["seconds"])
    nbformat.write(stored, path)
    return refreshed


def _record_seconds(nb, seconds: float, change: float = 0.25) -> None:
    """Keep how long the notebook ran (the order of a batch without history, :func:`reuse.stored_seconds`),
    rewritten only when it moved by more than ``change`` (a fraction), so a refresh does not churn the diff."""
    group, key = EXPECTED_SECONDS
    stored = nb.metadata.setdefault(group, {})
    old = stored.get(key)
    if not isinstance(old, (int, float)) or old <= 0 or abs(seconds - old) > change * old:
        stored[key] = round(float(seconds), 1)
