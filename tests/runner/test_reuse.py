"""Reuse by content: an unchanged report is linked from an earlier run; any change of what determines it
(a code cell, a parameter, a checksum of a dataset it read, the helpers source, a package version)
executes it again; ``--force``; a deleted earlier run; ``digimod clean --keep``.

Small synthetic notebooks in ``tmp_path`` (cold kernels, about a second each) and, for the data part, a
tiny built data folder (``DIGIMOD_DATA_DIR``): a panel with two datasets and a build manifest whose
checksums the tests change.
"""

from __future__ import annotations

import json
import shutil
import signal
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers.runner import kernels, processes, reports, reuse, runs
from helpers.runner.cli import main
from helpers.runner.reports import ReportSpec, RunError
from helpers.runner.runs import run_reports

#: Reads the E-Government index (dataset un_egov) unless ``read`` is False; writes what it saw.
BODY = """
import json, pathlib
out = pathlib.Path(output_dir); out.mkdir(parents=True, exist_ok=True)
rows = 0
if read:
    from helpers.data import load_panel
    rows = len(load_panel("un_egov.egdi"))
(out / "results.json").write_text(json.dumps({"value": value * 2, "rows": rows}))
"""


def write_notebook(path: Path, body: str = BODY) -> Path:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('output_dir = ""\nvalue = 1\nread = False')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "digimod", "display_name": "Python (digimod)", "language": "python"}
    nbformat.write(nb, path)
    return path


def write_data(folder: Path, checksums: dict[str, str]) -> None:
    """A built data folder: two datasets' rows in the panel, a country table, a manifest with checksums."""
    processed = folder / "processed"
    processed.mkdir(parents=True, exist_ok=True)
    panel = pd.DataFrame({"iso3": ["CHN", "USA", "CHN"], "year": [2022, 2022, 2022],
                          "indicator": ["un_egov.egdi", "un_egov.egdi", "GE.EST"], "value": [0.8, 0.9, 0.1],
                          "source": ["un_egov", "un_egov", "wgi_2024"]})
    for column in ("iso3", "indicator", "source"):
        panel[column] = panel[column].astype("category")
    panel["year"] = panel["year"].astype("int16")
    panel.to_parquet(processed / "panel.parquet")
    pd.DataFrame({"iso3": ["CHN", "USA"], "name_en": ["China", "United States"], "name_zh": ["中国", "美国"],
                  "region": ["", ""], "income_group": ["", ""], "is_aggregate": [False, False],
                  "un_member": [True, True]}).to_parquet(processed / "countries.parquet")
    inputs = [{"path": "un_egov/EGOV_DATA_2024.csv", "sha256": checksums["un_egov"]},
              {"path": "wb_wgi/wgidataset.xlsx", "sha256": checksums["wgi_2024"]}]
    (processed / "manifest.json").write_text(json.dumps({"fingerprint": "test", "inputs": inputs}))


@pytest.fixture
def project(tmp_path, monkeypatch):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    write_notebook(folder / "90_report.ipynb")
    monkeypatch.setattr(reports, "NOTEBOOKS_DIR", folder)
    monkeypatch.setenv("DIGIMOD_OUTPUTS_DIR", str(tmp_path / "outputs"))
    monkeypatch.setenv("DIGIMOD_DATA_DIR", str(tmp_path / "data"))
    write_data(tmp_path / "data", {"un_egov": "a" * 64, "wgi_2024": "b" * 64})
    return tmp_path


def batch(*specs: ReportSpec, **options) -> tuple[Path, dict[str, dict]]:
    final, records = run_reports(list(specs), "test", warm=False, progress=False, **options)
    return final, {r["report"]: r for r in records}


def statuses(records: dict[str, dict]) -> dict[str, str]:
    return {name: r["status"] for name, r in records.items()}


def test_unchanged_report_is_reused_by_hard_links(project):
    first, old = batch(ReportSpec("90_report.ipynb", {"value": 3}))
    assert statuses(old) == {"90_report": "ok"}
    second, new = batch(ReportSpec("90_report.ipynb", {"value": 3}))
    record = new["90_report"]
    assert record["status"] == "reused" and record["reused_from"] == first.name == record["executed_in"]
    assert record["key"] == old["90_report"]["key"] and record["data_read"] == {}  # it read no data
    for relative in ("90_report/results.json", "notebooks/90_report.ipynb"):
        assert (second / relative).samefile(first / relative)  # the same file: a hard link
    manifest = json.loads((second / "manifest.json").read_text())
    assert manifest["summary"] == {"reports": 1, "ok": 1, "failed": 0}
    assert manifest["reuse"]["reused"] == 1 and manifest["reuse"]["executed"] == 0
    assert not (second / reuse.RECORDS_DIR).exists()
    # Deleting the older run leaves the newer one whole.
    shutil.rmtree(first)
    assert json.loads((second / "90_report" / "results.json").read_text()) == {"value": 6, "rows": 0}
    _, again = batch(ReportSpec("90_report.ipynb", {"value": 3}))
    assert again["90_report"]["reused_from"] == second.name and again["90_report"]["executed_in"] == first.name


def test_a_changed_code_cell_or_parameter_executes_again(project):
    batch(ReportSpec("90_report.ipynb", {"value": 3}, name="three"), ReportSpec("90_report.ipynb", {"value": 4},
                                                                                  name="four"))
    _, records = batch(ReportSpec("90_report.ipynb", {"value": 3}, name="three"),
                       ReportSpec("90_report.ipynb", {"value": 5}, name="four"))
    assert statuses(records) == {"three": "reused", "four": "ok"}
    write_notebook(reports.NOTEBOOKS_DIR / "90_report.ipynb", BODY + "\nextra = 1\n")
    _, records = batch(ReportSpec("90_report.ipynb", {"value": 3}, name="three"))
    assert statuses(records) == {"three": "ok"}


def test_only_reports_that_read_a_changed_dataset_execute_again(project):
    specs = (ReportSpec("90_report.ipynb", {"read": True}, name="reads"),
             ReportSpec("90_report.ipynb", {"read": False}, name="reads-nothing"))
    _, records = batch(*specs)
    assert statuses(records) == {"reads": "ok", "reads-nothing": "ok"}
    assert set(records["reads"]["data_read"]) == {"un_egov"} and records["reads-nothing"]["data_read"] == {}
    # A dataset the report did not read changed: both reused.
    write_data(project / "data", {"un_egov": "a" * 64, "wgi_2024": "c" * 64})
    _, records = batch(*specs)
    assert statuses(records) == {"reads": "reused", "reads-nothing": "reused"}
    # The dataset it read changed: that report alone is executed.
    write_data(project / "data", {"un_egov": "d" * 64, "wgi_2024": "c" * 64})
    _, records = batch(*specs)
    assert statuses(records) == {"reads": "ok", "reads-nothing": "reused"}


def test_changed_helpers_source_or_package_version_executes_again(project, monkeypatch):
    library = project / "helpers-copy"
    shutil.copytree(reuse.library_root(), library, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(reuse, "library_root", lambda: library)
    spec = ReportSpec("90_report.ipynb")
    assert statuses(batch(spec)[1]) == {"90_report": "ok"}
    assert statuses(batch(spec)[1]) == {"90_report": "reused"}
    with open(library / "stats" / "results.py", "a", encoding="utf-8") as fh:
        fh.write("\n# a changed comment is a changed library\n")
    assert statuses(batch(spec)[1]) == {"90_report": "ok"}

    installed = reuse.installed_packages()
    monkeypatch.setattr(reuse, "installed_packages", lambda: {**installed, "pandas": "0.0.1"})
    assert statuses(batch(spec)[1]) == {"90_report": "ok"}
    assert statuses(batch(spec)[1]) == {"90_report": "reused"}


def test_force_and_a_deleted_earlier_run_execute_again(project):
    spec = ReportSpec("90_report.ipynb")
    first, _ = batch(spec)
    forced, records = batch(spec, force=True)
    assert statuses(records) == {"90_report": "ok"}
    assert json.loads((forced / "manifest.json").read_text())["reuse"]["forced"] is True
    shutil.rmtree(first)
    shutil.rmtree(forced)
    assert statuses(batch(spec)[1]) == {"90_report": "ok"}  # no earlier run left: no error


@pytest.mark.skipif(not kernels.FORK_SUPPORTED, reason="forked kernels are Linux-only")
def test_a_batch_in_threads_launches_its_zygote_first_and_leaves_none_behind(project, monkeypatch):
    """The zygote is launched before the batch is planned; when every report is reused it is killed while it
    still imports (no kernel was forked), and no process of the batch outlives it."""
    launched = []

    def launch(*args, _launch=kernels.launch_process_zygote):
        zygote = _launch(*args)  # also called by every later request for the process's zygote
        if all(zygote is not z for z, _ in launched):
            launched.append((zygote, zygote._proc))
        return zygote

    monkeypatch.setattr(kernels, "launch_process_zygote", launch)
    write_notebook(project / "notebooks" / "91_report.ipynb")
    specs = [ReportSpec("90_report.ipynb"), ReportSpec("91_report.ipynb")]
    before = processes.descendants()
    _, first = run_reports(specs, "test", executor="threads", workers=2, progress=False)
    _, again = run_reports(specs, "test", executor="threads", workers=2, progress=False)
    assert [r["status"] for r in first] == ["ok", "ok"] and [r["status"] for r in again] == ["reused", "reused"]
    (used, _), (unused, unused_process) = launched
    assert used.info  # the first batch forked its kernels from it
    assert not unused.info and unused_process.returncode == -signal.SIGKILL  # never needed: killed at once
    assert kernels._PROCESS_ZYGOTES == {} and processes.descendants(exclude=before) == []


def test_clean_keeps_the_newest_runs_of_each_kind(project, capsys):
    spec = ReportSpec("90_report.ipynb")
    made = [run_reports([spec], kind, warm=False, progress=False)[0] for kind in ("test", "test", "test", "other")]
    assert main(["clean", "--keep", "2"]) == 0
    out = capsys.readouterr().out
    assert f"removed {made[0].name}" in out and "removed 1 run(s)" in out
    # made[0] executed the report; the others link its files, so they survive it. Only what no kept run
    # links to is freed: the removed run's manifest.
    manifest_bytes = (made[1] / "manifest.json").stat().st_size
    removed, freed = runs.clean_runs(1)
    assert [folder.name for folder, _ in removed] == [made[1].name]
    assert freed == manifest_bytes
    assert sorted(p.name for p in (project / "outputs").iterdir()) == sorted([made[2].name, made[3].name])
    assert json.loads((made[2] / "90_report" / "results.json").read_text())["value"] == 2
    assert json.loads((made[3] / "manifest.json").read_text())["reports"][0]["status"] == "reused"


def test_clean_refuses_to_keep_fewer_than_one(project, capsys):
    assert main(["clean", "--keep", "0"]) == 2
    assert "--keep must be at least 1 (got 0)" in capsys.readouterr().err
    with pytest.raises(RunError, match="at least 1"):
        runs.runs_to_remove([], -1)


def test_data_state_counts_the_whole_panel_as_every_dataset(project):
    state = reuse.DataState.current()
    assert set(state.digests) == {"un_egov", "wgi_2024", reuse.COUNTRY_TABLE}
    assert set(state.data_read({"datasets": [], "panel": True, "countries": False})) == {"un_egov", "wgi_2024"}
    assert state.data_read(None) is None and not state.unchanged(None)
    assert not state.unchanged({"gone_dataset": None})


# --- the order of a batch ---------------------------------------------------------------------------


def order_plan(tmp_path: Path, expected: dict[str, float]) -> runs.ReusePlan:
    plan = runs.ReusePlan(tmp_path, {}, reuse.DataState({}), {})
    plan.expected.update(expected)
    return plan


def test_longest_first_uses_history_then_stored_seconds_then_code_size(tmp_path):
    from helpers.runner.stored_outputs import _record_seconds

    paths = {name: write_notebook(tmp_path / f"{name}.ipynb", body=BODY + "\n#" + "x" * size)
             for name, size in (("short_code", 10), ("long_code", 5000), ("stored", 10), ("history", 10))}
    nb = nbformat.read(paths["stored"], as_version=4)
    _record_seconds(nb, 12.34)
    nbformat.write(nb, paths["stored"])
    assert reuse.stored_seconds(paths["stored"]) == 12.3
    assert reuse.stored_seconds(paths["long_code"]) is None
    specs = [ReportSpec(str(path), name=name) for name, path in paths.items()]

    order = [s.report for s in order_plan(tmp_path, {"history": 3.0}).longest_first(specs)]
    # measured times first, longest first (stored 12.3 s before history 3 s); unknown ones by code size
    assert order == ["stored", "history", "long_code", "short_code"]
    order = [s.report for s in order_plan(tmp_path, {"history": 30.0, "stored": 1.0}).longest_first(specs)]
    assert order == ["history", "stored", "long_code", "short_code"]  # the outputs folder's history wins


def test_stored_seconds_are_rewritten_only_when_they_moved_by_more_than_a_quarter():
    from helpers.runner.stored_outputs import _record_seconds

    nb = nbformat.v4.new_notebook()
    _record_seconds(nb, 10.0)
    _record_seconds(nb, 12.0)  # within 25 %: the diff stays quiet
    assert nb.metadata["digimod"]["expected_seconds"] == 10.0
    _record_seconds(nb, 13.0)
    assert nb.metadata["digimod"]["expected_seconds"] == 13.0
