"""The runner: run folders, manifests, failures inside a batch, parameter validation, the Dask path."""

from __future__ import annotations

import json

import nbformat
import pytest

from helpers.errors import ParameterError
from helpers.runner import reports
from helpers.runner.cli import main
from helpers.runner.execute import execute_notebook
from helpers.runner.overrides import validate_overrides
from helpers.runner.render import render_run
from helpers.runner.reports import ReportSpec, RunError
from helpers.runner.runs import run_reports


def write_notebook(path, source_lines):
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('lang = "en"\noutput_dir = ""\nvalue = 1')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("\n".join(source_lines))]
    nb.metadata["kernelspec"] = {"name": "digimod", "display_name": "Python (digimod)", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture
def fake_notebooks(tmp_path, monkeypatch):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    write_notebook(folder / "90_good.ipynb", [
        "import json, pathlib",
        "out = pathlib.Path(output_dir); out.mkdir(parents=True, exist_ok=True)",
        "(out / 'results.json').write_text(json.dumps({'value': value * 2}))",
    ])
    write_notebook(folder / "91_bad.ipynb", ["raise ValueError(f'bad value {value}')"])
    monkeypatch.setattr(reports, "NOTEBOOKS_DIR", folder)
    monkeypatch.setenv("DIGIMOD_OUTPUTS_DIR", str(tmp_path / "outputs"))
    return folder


def test_batch_continues_past_a_failure_and_writes_a_manifest(fake_notebooks, tmp_path):
    specs = [ReportSpec("91_bad.ipynb", {"value": 3}), ReportSpec("90_good.ipynb", {"value": 21})]
    final, records = run_reports(specs, "test", warm=False, progress=False)
    assert [r["status"] for r in records] == ["failed", "ok"]
    assert "bad value 3" in records[0]["error"]
    # The failed notebook is kept, with its error cell.
    failed = nbformat.read(final / records[0]["executed_notebook"], as_version=4)
    assert any(o.get("output_type") == "error" for c in failed.cells for o in c.get("outputs", []))
    assert json.loads((final / "90_good" / "results.json").read_text()) == {"value": 42}
    manifest = json.loads((final / "manifest.json").read_text())
    assert manifest["summary"] == {"reports": 2, "ok": 1, "failed": 1}
    assert manifest["run_id"] == final.name and manifest["packages"]["pandas"]
    assert {"git_commit", "data", "settings", "reports"} <= set(manifest)
    assert all(r["seconds"] >= 0 for r in manifest["reports"])
    # Only complete runs are visible: no staging folders remain.
    assert [p.name for p in final.parent.iterdir()] == [final.name]


def test_rendered_figures_carry_their_alternative_text(fake_notebooks):
    write_notebook(fake_notebooks / "93_figure.ipynb", [
        "import matplotlib.pyplot as plt",
        "from helpers import plots",
        "fig, ax = plt.subplots()",
        "ax.plot([0, 1], [0, 1]); ax.set_title('Internet users <2024>')",
        "plots.save_figure(fig, output_dir, 'line')",
    ])
    final, records = run_reports([ReportSpec("93_figure.ipynb")], "test", warm=False, progress=False)
    assert records[0]["status"] == "ok", records[0]["error"]
    page = (render_run(final).parent / "93_figure.html").read_text(encoding="utf-8")
    assert 'alt="Internet users &lt;2024&gt;"' in page
    assert "No description has been provided" not in page


def test_render_writes_html_and_an_index(fake_notebooks):
    final, _ = run_reports([ReportSpec("90_good.ipynb")], "test", warm=False, progress=False)
    index = render_run(final)
    text = index.read_text()
    assert '<a href="90_good.html">90_good</a>' in text and "1 of 1 reports ok" in text
    assert (final / "html" / "90_good.html").stat().st_size > 0


def test_unwritable_outputs_folder_is_a_clear_error(fake_notebooks, tmp_path, monkeypatch):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    monkeypatch.setenv("DIGIMOD_OUTPUTS_DIR", str(blocked))
    with pytest.raises(RunError, match="cannot write to the outputs folder"):
        run_reports([ReportSpec("90_good.ipynb")], "test", warm=False, progress=False)


def test_parameters_are_validated_before_a_kernel_starts(fake_notebooks, capsys):
    with pytest.raises(ParameterError, match=r"unknown parameter 'valu'.*'value'"):
        validate_overrides(fake_notebooks / "90_good.ipynb", {"valu": 2})
    with pytest.raises(ParameterError, match="value must be an int"):
        validate_overrides(fake_notebooks / "90_good.ipynb", {"value": "2"})
    assert main(["run", "90", "-p", "valu", "2"]) == 2
    assert "unknown parameter 'valu'" in capsys.readouterr().err
    assert main(["run", "nonexistent"]) == 2
    assert "Available: 90_good, 91_bad" in capsys.readouterr().err


def test_cli_run_exit_codes(fake_notebooks, tmp_path):
    params = tmp_path / "p.yaml"
    params.write_text("value: 5\n")
    assert main(["run", "90_good", "-f", str(params)]) == 0
    assert main(["run", "91"]) == 1


def test_dask_local_cluster_runs_a_batch_with_warm_kernels(fake_notebooks):
    specs = [ReportSpec("90_good.ipynb", {"value": v}, name=f"good-{v}") for v in (1, 2, 3)]
    specs.append(ReportSpec("91_bad.ipynb", name="bad"))
    final, records = run_reports(specs, "test", executor="dask", workers=2, warm=True, progress=False)
    assert [r["report"] for r in records] == ["good-1", "good-2", "good-3", "bad"]
    assert [r["status"] for r in records] == ["ok", "ok", "ok", "failed"]
    for v in (1, 2, 3):
        assert json.loads((final / f"good-{v}" / "results.json").read_text()) == {"value": 2 * v}
    assert all(r["worker_peak_mib"] > 0 for r in records)


def test_executed_notebook_is_saved_at_start_and_end_not_around_every_cell(fake_notebooks, tmp_path, monkeypatch):
    import papermill.engines

    write_notebook(fake_notebooks / "92_many_cells.ipynb", [f"x{i} = {i}" for i in range(3)])
    nb = nbformat.read(fake_notebooks / "92_many_cells.ipynb", as_version=4)
    nb.cells += [nbformat.v4.new_code_cell(f"y{i} = {i}") for i in range(8)]
    nbformat.write(nb, fake_notebooks / "92_many_cells.ipynb")
    saves = []
    original = papermill.engines.write_ipynb
    monkeypatch.setattr(papermill.engines, "write_ipynb", lambda nb, path: (saves.append(path), original(nb, path)))
    record = execute_notebook(fake_notebooks / "92_many_cells.ipynb", tmp_path / "out")
    assert record["status"] == "ok"
    # papermill alone saves before and after each of the 11 cells (22+); here: start, end, final sync.
    assert 1 <= len(saves) <= 3, saves
    executed = nbformat.read(tmp_path / "out" / record["executed_notebook"], as_version=4)
    assert [c.metadata.papermill["status"] for c in executed.cells] == ["completed"] * len(executed.cells)

    # A failing cell is still written out with its error.
    saves.clear()
    failed = execute_notebook(fake_notebooks / "91_bad.ipynb", tmp_path / "bad")
    assert failed["status"] == "failed" and saves
    executed = nbformat.read(tmp_path / "bad" / failed["executed_notebook"], as_version=4)
    assert any(o.get("output_type") == "error" for c in executed.cells for o in c.get("outputs", []))
