"""Parameters people can discover: every notebook parameter has a type and a description papermill reads."""

from __future__ import annotations

import pytest

from helpers.runner.cli import main
from helpers.runner.overrides import describe_parameters, read_parameters_cell
from helpers.runner.reports import collection_notebooks, resolve_notebook

NOTEBOOKS = [*collection_notebooks(), resolve_notebook("05")]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_parameter_is_typed_and_described(notebook):
    declared = read_parameters_cell(notebook)
    described = {row["name"]: row for row in describe_parameters(notebook)}
    # papermill drops a line it cannot parse (e.g. "=" inside the comment): then the name goes missing here.
    assert set(described) == set(declared), f"{notebook.name}: papermill does not see {set(declared) - set(described)}"
    untyped = [name for name, row in described.items() if row["type"] in ("", "None")]
    silent = [name for name, row in described.items() if not row["help"] and name != "indicators"]
    assert not untyped, f"{notebook.name}: parameters without a type annotation: {untyped}"
    assert not silent, f"{notebook.name}: parameters without a comment saying what they are: {silent}"


def test_digimod_params_lists_every_notebook(capsys):
    assert main(["params"]) == 0
    out = capsys.readouterr().out
    for notebook in NOTEBOOKS:
        assert notebook.stem in out
    assert "report language" in out and "year_range" in out
