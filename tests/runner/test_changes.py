"""``digimod diff``: two run folders written by the test with known differences, and what is listed.

The synthetic runs hold manifests, ``results.json`` files and CSV tables (no kernel); the last test
compares two real runs of the same profile.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_report_pages import english_share, visible_text, word_counts

from helpers.runner import changes_page, render
from helpers.runner.changes import (
    CellChange,
    FileChange,
    InputChange,
    Tolerance,
    ValueChange,
    compare_runs,
    compare_tables,
    flatten,
    read_run,
    same_kind,
    table_key,
)
from helpers.runner.cli import main
from helpers.runner.reports import RunError

SHA = {name: name * 64 for name in "abcdef"}


def make_run(outputs: Path, run_id: str, created: str, reports: dict, *, kind="profiles", langs=("en",),
             inputs=(), packages=None, fingerprint="f" * 64, commit="1" * 40) -> Path:
    """A complete run folder: ``reports`` maps a name to status, error, parameters, results, provenance
    and tables ({file name: CSV text})."""
    folder = outputs / run_id
    records = []
    for name, report in reports.items():
        report_dir = folder / name
        report_dir.mkdir(parents=True)
        if report.get("results") is not None:
            payload = {"results": report["results"], "provenance": report.get("provenance", {})}
            (report_dir / "results.json").write_text(json.dumps(payload, indent=2, sort_keys=True), encoding="utf-8")
        for table, text in report.get("tables", {}).items():
            (report_dir / table).write_text(text, encoding="utf-8")
        status = report.get("status", "ok")
        records.append({"report": name, "notebook": "05_country_profile.ipynb",
                        "parameters": report.get("parameters", {"country": name}), "status": status,
                        "error": report.get("error"), "seconds": 1.0, "executed_notebook": None, "outputs": name,
                        **({"reused_from": report["reused_from"]} if "reused_from" in report else {})})
    manifest = {
        "run_id": run_id, "kind": kind, "created": created, "git_commit": commit,
        "settings": {"langs": list(langs), "workers": 2},
        "packages": packages or {"python": "3.11.7", "pandas": "2.3.3"},
        "data": {"fingerprint": fingerprint, "built_at": created, "inputs": list(inputs)},
        "seconds": 3.0,
        "summary": {"reports": len(records), "ok": sum(r["status"] != "failed" for r in records),
                    "failed": sum(r["status"] == "failed" for r in records)},
        "reports": records,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return folder


def provenance(wdi_sha, with_hdr=True):
    datasets = {"wdi": {"release": "2024", "files": [{"path": "wdi/a.csv", "sha256": wdi_sha,
                                                      "accessed": "2026-11-01T00:00:00+00:00"}]}}
    if with_hdr:
        datasets["hdr"] = {"release": "HDR 2023/24", "files": [{"path": "hdr/h.csv", "sha256": SHA["c"]}]}
    return {"datasets": datasets, "data_fingerprint": "x"}


def item(path, sha, source, release, accessed="2026-11-01T00:00:00+00:00"):
    return {"path": path, "sha256": sha, "source": source, "release": release, "accessed": accessed}


TABLE_OLD = "country,value,note\nCHN,1.0,a\nUSA,2.0,b\nIND,3.0,c\n"
# CHN moves within the tolerance, USA beyond it; IND goes, BRA comes.
TABLE_NEW = "country,value,note\nCHN,1.0000000001,a\nUSA,2.5,b\nBRA,4,d\n"
SAME = {"results": {"a": 1.0, "list": [{"indicator": "X", "value": 2.0}]}, "provenance": provenance(SHA["a"]),
        "tables": {"t.csv": "x,y\n1,2\n"}}


@pytest.fixture
def outputs(tmp_path, monkeypatch):
    folder = tmp_path / "outputs"
    folder.mkdir()
    monkeypatch.setenv("DIGIMOD_OUTPUTS_DIR", str(folder))
    return folder


@pytest.fixture
def runs(outputs):
    """(old, new): two runs whose differences are known."""
    old = make_run(outputs, "20261101T030000Z-aaaaaa", "2026-11-01T03:00:00+00:00", {
        "r_same": SAME,
        "r_moved": {
            "results": {"gdp": 100.0, "tiny": 1.0, "gone": 5, "label": "observed", "names": ["CHN", "USA"],
                        "rows": [{"year": 2020, "v": 1.0}, {"year": 2021, "v": 2.0}]},
            "provenance": provenance(SHA["a"]),
            "tables": {"table.csv": TABLE_OLD, "same.csv": "k,v\nx,1\n", "old_table.csv": "k\nx\n",
                       "formats.csv": "k,v\nx,1.0\ny,2\n"},
        },
        "r_removed": SAME,
        "r_fails": SAME,
        "r_fixed": {"status": "failed", "error": "KeyError: 'x'", "results": None},
        "r_reused": SAME,
    }, inputs=[item("wdi/a.csv", SHA["a"], "wdi", "2024"), item("hdr/h.csv", SHA["c"], "hdr", "HDR 2023/24"),
               item("gone.csv", SHA["d"], "qog", "Jan24")])
    new = make_run(outputs, "20261201T030000Z-bbbbbb", "2026-12-01T03:00:00+00:00", {
        "r_same": SAME,
        "r_moved": {
            "results": {"gdp": 110.0, "tiny": 1.0 + 1e-9, "new_number": 3, "label": "not_reached",
                        "names": ["CHN", "USA"], "rows": [{"year": 2020, "v": 1.0}, {"year": 2021, "v": 2.5}]},
            "provenance": provenance(SHA["b"], with_hdr=False),
            "tables": {"table.csv": TABLE_NEW, "same.csv": "k,v\nx,1\n", "new_table.csv": "k\ny\n",
                       "formats.csv": "k,v\nx,1\ny,2.000\n"},
        },
        "r_added": SAME,
        "r_fails": {**SAME, "status": "failed", "error": "ValueError: boom"},
        "r_fixed": SAME,
        "r_reused": {**SAME, "status": "reused", "reused_from": "20261101T030000Z-aaaaaa"},
    }, inputs=[item("wdi/a.csv", SHA["b"], "wdi", "2025"),
               item("hdr/h.csv", SHA["c"], "hdr", "HDR 2023/24", accessed="2026-12-01T00:00:00+00:00"),
               item("new.csv", SHA["e"], "qog", "Jan24")],
        packages={"python": "3.11.7", "pandas": "2.3.4"}, fingerprint="g" * 64)
    return old, new


def test_the_comparison_finds_exactly_the_known_differences(runs):
    old, new = runs
    changes = compare_runs(old, new)
    assert (changes.added, changes.removed, changes.fixed) == (("r_added",), ("r_removed",), ("r_fixed",))
    assert changes.failed == (("r_fails", "ValueError: boom"),)
    # r_same and the reused r_reused (the same files) have no change; neither has r_fails (it failed).
    assert [r.report for r in changes.reports] == ["r_moved"]
    report = changes.reports[0]
    assert report.parameters is None
    assert set(report.values) == {
        ValueChange("gdp", 100.0, 110.0), ValueChange("gone", 5, None), ValueChange("new_number", None, 3),
        ValueChange("label", "observed", "not_reached"), ValueChange("rows[year=2021].v", 2.0, 2.5)}
    assert {v.path: v.kind for v in report.values} == {"gdp": "moved", "gone": "disappeared",
                                                       "new_number": "appeared", "label": "changed",
                                                       "rows[year=2021].v": "moved"}
    tables = {t.table: t for t in report.tables}
    assert set(tables) == {"table.csv", "old_table.csv", "new_table.csv"}  # not same.csv, not formats.csv
    assert (tables["old_table.csv"].status, tables["new_table.csv"].status) == ("removed", "added")
    table = tables["table.csv"]
    assert table.rows_added == ((("country", "BRA"),),) and table.rows_removed == ((("country", "IND"),),)
    assert table.cells == (CellChange((("country", "USA"),), "value", "2.0", "2.5"),)
    assert report.inputs == (InputChange("hdr", "removed", old="HDR 2023/24"),
                             InputChange("wdi", "files", files=("wdi/a.csv",)))
    assert set(changes.data.files) == {FileChange("wdi/a.csv", "checksum", SHA["a"], SHA["b"]),
                                       FileChange("gone.csv", "removed", old=SHA["d"]),
                                       FileChange("new.csv", "added", new=SHA["e"])}
    assert changes.data.releases == (("wdi", "2024", "2025"),)  # not hdr: only its access date changed
    assert changes.data.fingerprint == ("f" * 64, "g" * 64)
    assert changes.environment.commit is None and changes.environment.packages == (("pandas", "2.3.3", "2.3.4"),)
    assert changes.changed


def test_cli_writes_the_pages_into_the_newer_run(runs, capsys):
    old, new = runs
    assert main(["diff", str(new), str(old)]) == 0  # either order: the older run is the base
    out = capsys.readouterr().out
    assert "20261101T030000Z-aaaaaa (older) → 20261201T030000Z-bbbbbb (newer)" in out
    assert "Reports added: 1; removed: 1; newly failed: 1; fixed: 1; run with other parameters: 0." in out
    assert not (old / "changes.md").exists()
    page = (new / "changes.md").read_text(encoding="utf-8")
    assert "| `gdp` | `100` | `110` | `+10` |" in page
    assert "| `rows[year=2021].v` | `2` | `2.5` | `+0.5` |" in page
    assert "| `gone` | `5` | `–` |  |" in page and "| `label` | `observed` | `not_reached` |  |" in page
    assert "tiny" not in page  # moved within the tolerance
    assert "| `table.csv` | rows added: 1, removed: 1; cells changed: 1 |" in page
    assert "| `table.csv` | `country=USA` | `value` | `2.0` | `2.5` |" in page
    assert "Rows added to table.csv: country=BRA." in page
    assert "| `wdi/a.csv` | another checksum | `aaaaaaaaaaaa` | `bbbbbbbbbbbb` |" in page
    assert "| `wdi` | 2024 | 2025 |" in page and "| `pandas` | `2.3.3` | `2.3.4` |" in page
    assert "| `r_fails` | newly failed | `ValueError: boom` |" in page
    for name in ("r_same", "r_reused", "hdr/h.csv", "same.csv", "formats.csv"):
        assert name not in page, f"{name} did not change but is listed"
    html = BeautifulSoup((new / "html" / "changes.html").read_text(encoding="utf-8"), "html.parser")
    assert html.html["lang"] == "en" and html.title.get_text() == "What changed in run 20261201T030000Z-bbbbbb"
    assert "110" in html.get_text() and html.find("a", href="changes.zh.html")
    summary = json.loads((new / "changes.json").read_text(encoding="utf-8"))
    assert summary["old"]["run_id"] == "20261101T030000Z-aaaaaa" and summary["changed"] is True
    assert summary["counts"]["values"] == 5 and summary["counts"]["checksums"] == 1


def copy_run(outputs: Path, folder: Path, run_id: str, created: str, **manifest_changes) -> Path:
    """A copy of ``folder`` as another run (same reports and data)."""
    target = outputs / run_id
    shutil.copytree(folder, target)
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    manifest.update(run_id=run_id, created=created, **manifest_changes)
    (target / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return target


def test_exit_status(runs, outputs, capsys):
    old, new = runs
    assert main(["diff", str(old), str(new), "--fail-on-change"]) == 1
    again = copy_run(outputs, new, "20261202T030000Z-cccccc", "2026-12-02T03:00:00+00:00")
    assert main(["diff", str(new), str(again), "--fail-on-change"]) == 0
    assert "Nothing changed" in (again / "changes.md").read_text(encoding="utf-8")
    # Another commit and package version alone are listed, but are no change of results.
    later = copy_run(outputs, new, "20261203T030000Z-dddddd", "2026-12-03T03:00:00+00:00",
                     git_commit="2" * 40, packages={"python": "3.11.8", "pandas": "2.3.4"})
    assert main(["diff", str(again), str(later), "--fail-on-change"]) == 0
    page = (later / "changes.md").read_text(encoding="utf-8")
    assert "The code or the packages changed" in page and "Commit 111111111111 → 222222222222." in page
    assert "| `python` | `3.11.7` | `3.11.8` |" in page


def test_tolerances_are_settable(runs, capsys):
    old, new = runs
    # Relative to the larger of the two: 100 → 110 moves by 9 %, 2 → 2.5 by 20 %.
    assert main(["diff", str(old), str(new), "--tolerance-rel", "0.15"]) == 0
    page = (new / "changes.md").read_text(encoding="utf-8")
    assert "`gdp`" not in page and "`rows[year=2021].v`" in page and "`country=USA`" in page
    assert main(["diff", str(old), str(new), "--tolerance-rel", "0.2"]) == 0
    page = (new / "changes.md").read_text(encoding="utf-8")
    assert "`rows[year=2021].v`" not in page and "`country=USA`" not in page
    assert main(["diff", str(old), str(new), "--tolerance-abs", "1"]) == 0
    page = (new / "changes.md").read_text(encoding="utf-8")
    assert "`rows[year=2021].v`" not in page and "`gdp`" in page
    with pytest.raises(SystemExit) as exit_info:
        main(["diff", str(old), str(new), "--tolerance-abs", "-1"])
    assert exit_info.value.code == 2
    assert "argument --tolerance-abs: must be a number ≥ 0, not '-1'" in capsys.readouterr().err


def test_bad_run_arguments_name_the_problem_and_the_fix(runs, outputs, capsys):
    old, _ = runs

    def error(*args):
        assert main(["diff", *args]) == 2
        return capsys.readouterr().err

    message = error("20261101T030000Z-aaaaab", "latest")
    assert "no run '20261101T030000Z-aaaaab'" in message and "Did you mean: 20261101T030000Z-aaaaaa" in message
    staging = outputs / ".20261204T030000Z-eeeeee.partial"
    staging.mkdir()
    assert "staging folder of a run that has not finished" in error(str(staging), "latest")
    (outputs / "interactive").mkdir()
    assert "not a complete run folder (no manifest.json)" in error(str(outputs / "interactive"), "latest")
    damaged = copy_run(outputs, old, "20261105T030000Z-ffffff", "2026-11-05T03:00:00+00:00")
    (damaged / "manifest.json").write_text('{"run_id": "x", "created"', encoding="utf-8")
    assert "manifest.json is damaged" in error(str(damaged), "latest")
    assert "both arguments name the same run" in error("latest", "latest")
    (old / "r_same" / "results.json").write_text("{not json", encoding="utf-8")
    message = error(str(old), "latest")
    assert "r_same/results.json cannot be read" in message and "run it again" in message
    assert not list(outputs.glob("*/changes.md"))  # nothing half-written


def test_a_missing_outputs_folder_or_lone_run_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DIGIMOD_OUTPUTS_DIR", str(tmp_path / "none"))
    assert main(["diff", "previous", "latest"]) == 2
    assert "no outputs folder" in capsys.readouterr().err
    make_run(tmp_path / "none", "20261101T030000Z-aaaaaa", "2026-11-01T03:00:00+00:00", {"r": SAME})
    assert main(["diff", "previous", "latest"]) == 2
    assert "no earlier run of the same kind as the latest run 20261101T030000Z-aaaaaa" in capsys.readouterr().err


def test_same_kind_and_the_automatic_diff_with_the_previous_run(outputs):
    def profiles(run_id, day, names, langs=("en", "zh"), kind="profiles"):
        reports = {f"p-{name}-{lang}": SAME for name in names for lang in langs}
        return make_run(outputs, run_id, f"2026-{day}T03:00:00+00:00", reports, kind=kind, langs=langs)

    economies = [f"C{i:02d}" for i in range(10)]
    first = profiles("20261101T030000Z-000001", "11-01", economies)
    assert changes_page.diff_with_previous(first) is None  # the first run of its kind
    profiles("20261110T030000Z-000002", "11-10", economies[:2])  # ad hoc: two economies
    profiles("20261111T030000Z-000003", "11-11", economies, langs=("en",))  # other languages
    profiles("20261112T030000Z-000004", "11-12", economies, kind="collection")
    monthly = profiles("20261201T030000Z-000005", "12-01", [*economies[1:], "C99"])  # one in, one out
    page = changes_page.diff_with_previous(monthly)
    assert page == monthly / "html" / "changes.html"
    summary = json.loads((monthly / "changes.json").read_text(encoding="utf-8"))
    assert summary["old"]["run_id"] == "20261101T030000Z-000001"
    assert summary["counts"]["added"] == 2 and summary["counts"]["removed"] == 2  # C99, C00 in two languages
    assert main(["diff", "previous", "latest"]) == 0  # as README shows it: the same two runs
    assert json.loads((monthly / "changes.json").read_text(encoding="utf-8"))["old"] == summary["old"]
    manifest = lambda folder: json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    run = {"kind": "run", "reports": [{"report": "01", "parameters": {"year": 2019}}]}
    assert same_kind(run, json.loads(json.dumps(run)))
    assert not same_kind(run, {**run, "reports": [{"report": "01", "parameters": {"year": 2020}}]})
    assert same_kind(manifest(first), manifest(monthly))


def test_the_hook_after_a_batch_says_where_the_changes_are(runs, outputs, capsys):
    from helpers.runner.cli import changes_since_previous

    old, new = runs
    changes_since_previous(old)  # the first run of its kind: nothing to say
    assert capsys.readouterr().out == "" and not (old / "changes.md").exists()
    changes_since_previous(new)
    assert capsys.readouterr().out == f"what changed since the previous run of this kind: open {new}/html/changes.html\n"
    (old / "r_same" / "results.json").write_text("{", encoding="utf-8")
    changes_since_previous(new)  # the batch's reports are complete: a warning, not a failure
    assert "digimod: warning: no changes page: " in capsys.readouterr().err


def test_the_index_pages_link_the_changes_pages(runs, outputs):
    old, new = runs
    render.render_run(new)  # the reports have no executed notebooks: an index page only
    assert 'href="changes.html"' not in (new / "html" / "index.html").read_text(encoding="utf-8")
    assert main(["diff", str(old), str(new)]) == 0
    index = BeautifulSoup((new / "html" / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["href"]: a.get_text() for a in index.select("a.changes-link")}
    assert links == {"changes.html": "What changed since run 20261101T030000Z-aaaaaa",
                     "changes.zh.html": "与运行 20261101T030000Z-aaaaaa 相比的变化"}
    assert index.find("a", href="changes.zh.html")["lang"] == "zh-Hans"
    runs_index = (outputs / "index.html").read_text(encoding="utf-8")
    assert f'href="{new.name}/html/changes.html"' in runs_index and f"{old.name}/html/changes.html" not in runs_index
    render.render_run(new)  # rendering again keeps the links
    assert 'href="changes.zh.html"' in (new / "html" / "index.html").read_text(encoding="utf-8")


def test_the_chinese_page_is_chinese(runs):
    old, new = runs
    assert main(["diff", str(old), str(new)]) == 0
    zh = (new / "html" / "changes.zh.html").read_text(encoding="utf-8")
    en = (new / "html" / "changes.html").read_text(encoding="utf-8")
    assert BeautifulSoup(zh, "html.parser").html["lang"] == "zh-Hans"
    share = english_share(zh)
    print(f"changes.zh.html: {share:.1%} English words")
    assert share <= 0.05
    assert "旧值" in zh and "110" in zh and "ValueError: boom" in zh  # numbers and errors as they are
    # The English page has no Chinese but the link to the Chinese page (marked lang="zh-Hans").
    assert word_counts(visible_text(en, also='a.anchor-link, [lang^="zh"]'))[1] == 0
    markdown = (new / "changes.zh.md").read_text(encoding="utf-8")
    assert markdown.startswith("# 运行 20261201T030000Z-bbbbbb 有哪些变化") and "| `gdp` | `100` | `110` |" in markdown


def test_results_paths_are_readable():
    results = {"completeness": {"CC.EST": 1.0}, "digital": [{"indicator": "IT", "value": 2, "year": 2023},
                                                            {"indicator": "BB", "value": 3, "year": 2023}],
               "shares": [0.1, None, 0.3], "names": ["CHN", "USA"], "nothing": None,
               "egov": [{"year": 2003, "x": 1}, {"year": 2003, "x": 2}]}
    # A record's identifying field names it and is no leaf of its own.
    assert flatten(results) == {'completeness["CC.EST"]': 1.0, "digital[indicator=IT].value": 2,
                                "digital[indicator=IT].year": 2023, "digital[indicator=BB].value": 3,
                                "digital[indicator=BB].year": 2023, "shares[0]": 0.1, "shares[2]": 0.3,
                                "names": ["CHN", "USA"], "egov[0].year": 2003, "egov[0].x": 1,
                                "egov[1].year": 2003, "egov[1].x": 2}


def test_tables_without_a_key_are_aligned(tmp_path):
    old, new = tmp_path / "old.csv", tmp_path / "new.csv"
    # A regression table: repeated row labels, formatted numbers in the columns: no key.
    regression = ",(1),(2)\nEGDI,1.705***,0.695***\n(std. error),(0.265),(0.195)\nGDP,0.1,0.2*\n" \
                 "(std. error),(0.05),(0.1)\n"
    assert table_key(["", "(1)", "(2)"], *[[dict(zip(["", "(1)", "(2)"], line.split(","), strict=True))
                                             for line in regression.splitlines()[1:]]]) is None
    old.write_text("year,coef\n2000,0.5\n2001,0.6\n2002,0.7\n", encoding="utf-8")
    new.write_text("year,coef\n2000,0.5\n2000,0.55\n2001,0.6\n2002,0.8\n", encoding="utf-8")
    change = compare_tables(old, new, Tolerance())
    assert change.rows_added == (2,) and change.rows_removed == ()  # year repeats: aligned, not keyed
    assert change.cells == (CellChange(4, "coef", "0.7", "0.8"),)


def test_a_run_folder_must_be_complete(outputs):
    with pytest.raises(RunError, match="is not a folder"):
        read_run(outputs / "missing")


@pytest.mark.integration
def test_the_same_profile_twice_changes_nothing(notebook_env):
    from helpers.runner.reports import ReportSpec
    from helpers.runner.runs import run_reports

    spec = ReportSpec("05_country_profile.ipynb", {"country": "CHN", "lang": "en"}, name="05_country_profile-CHN-en")
    settings = {"countries": ["CHN"], "langs": ["en"]}
    first, _ = run_reports([spec], "profiles", settings=settings, progress=False)
    # Executed again (not reused): two executions of the same report must compare as unchanged.
    second, records = run_reports([spec], "profiles", settings=settings, progress=False, force=True)
    assert [r["status"] for r in records] == ["ok"]
    page = changes_page.diff_with_previous(second)
    assert page == second / "html" / "changes.html"
    changes = compare_runs(first, second)
    assert not changes.changed and not changes.environment, changes
    assert "Nothing changed" in (second / "changes.md").read_text(encoding="utf-8")
