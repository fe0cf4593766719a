"""Notebooks are reviewed as text: each .ipynb is paired with a py:percent file and must not drift.

Fix a failure with `cd notebooks && ../.venv/bin/jupytext --sync NN_name.py` (after editing the .py).
"""

from __future__ import annotations

import jupytext
import nbformat
import pytest

from helpers import config

NOTEBOOKS = config.PROJECT_ROOT / "notebooks"
PAIRS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def _cells(notebook):
    return [(c.cell_type, c.source.strip(), sorted(c.metadata.get("tags", []))) for c in notebook.cells]


def test_there_are_notebooks():
    assert PAIRS, "no numbered notebooks found"


@pytest.mark.parametrize("ipynb", PAIRS, ids=lambda p: p.stem)
def test_pair_exists_and_matches(ipynb):
    text = ipynb.with_suffix(".py")
    assert text.exists(), f"{ipynb.name} has no paired {text.name}; run jupytext --set-formats ipynb,py:percent"
    from_text = jupytext.read(text)
    from_ipynb = nbformat.read(ipynb, as_version=4)
    assert _cells(from_text) == _cells(from_ipynb), (
        f"{ipynb.name} and {text.name} have drifted; edit the .py and run "
        f"`cd notebooks && ../.venv/bin/jupytext --sync {text.name}`"
    )


@pytest.mark.parametrize("ipynb", PAIRS, ids=lambda p: p.stem)
def test_only_checked_cells_keep_outputs(ipynb):
    """Outputs stay out of git, except the nbval-checked cells' stored outputs (keep_output)."""
    notebook = nbformat.read(ipynb, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        checked = "# NBVAL_CHECK_OUTPUT" in cell.source
        if checked:
            assert cell.metadata.get("keep_output") is True and cell.outputs, (
                f"{ipynb.name}: a checked cell needs stored outputs; run `.venv/bin/digimod refresh-outputs "
                f"{ipynb.stem}`"
            )
        else:
            assert not cell.outputs and cell.execution_count is None, (
                f"{ipynb.name} holds outputs; strip them (pre-commit runs nbstripout)"
            )


@pytest.mark.parametrize("ipynb", PAIRS, ids=lambda p: p.stem)
def test_one_parameters_cell_with_lang_and_output_dir(ipynb):
    from helpers.runner.overrides import read_parameters_cell

    values = read_parameters_cell(ipynb)
    assert values["lang"] == "en" and values["output_dir"] == ""
