"""Report pages and index pages, on executed notebooks written by hand (no kernel): which cells a
language keeps, what readers never see, the page shell (title, lang, contents, footer), picking runs."""

from __future__ import annotations

import base64
import json
import re
import shutil

import nbformat
import pytest
from bs4 import BeautifulSoup

from helpers.runner import render
from helpers.runner.cli import main
from helpers.runner.reports import RunError

# A 1×1 PNG.
PIXEL = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360f8cfc000000301010018dd8db00000000049454e44ae426082"
)).decode()
FRAME = ('<table border="1" class="dataframe"><thead><tr style="text-align: right;"><th></th><th>country</th>'
         "<th>value</th></tr></thead><tbody><tr><th>0</th><td>China</td><td>1.5</td></tr>"
         "<tr><th>1</th><td>India</td><td>2.5</td></tr></tbody></table>")


def markdown(source, *tags):
    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata["tags"] = list(tags)
    return cell


def code(source, outputs=(), *tags):
    cell = nbformat.v4.new_code_cell(source)
    cell.outputs = list(outputs)
    cell.metadata["tags"] = list(tags)
    return cell


def shown(text):
    return nbformat.v4.new_output("display_data", {"text/markdown": text, "text/plain": "<Markdown>"})


def executed_notebook(lang="zh"):
    """An executed notebook in the bilingual design, with every kind of output a report has."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        markdown("# 01 · Digital development\n\nThe question.", "lang-en"),
        markdown("# 01 · 数字化发展\n\n问题。", "lang-zh"),
        code('lang = "en"\noutput_dir = ""\nyear = 2022', (), "parameters"),
        code(f'lang = "{lang}"\noutput_dir = "/tmp/x/.run.partial/01"', (), "injected-parameters"),
        markdown("## Data and sample", "lang-en"),
        markdown("## 样本", "lang-zh"),
        code('notebook.heading("sample", lang)', [shown("## 样本" if lang == "zh" else "## Data and sample"),
                                                   shown("样本：180 个经济体。" if lang == "zh" else "180 economies.")]),
        code("fig", [
            nbformat.v4.new_output("display_data", {"image/png": PIXEL, "text/plain": "<Figure>"},
                                   metadata={"image/png": {"alt": "Internet users <2024>", "width": 600}}),
            nbformat.v4.new_output("execute_result", {"text/plain": "{'png': PosixPath('/tmp/x/.run.partial/a.png')}"},
                                   execution_count=3),
        ]),
        code("table", [nbformat.v4.new_output("execute_result", {"text/html": FRAME, "text/plain": "frame"},
                                              execution_count=4)]),
        code("# NBVAL_CHECK_OUTPUT\nnotebook.key_results(results)",
             [nbformat.v4.new_output("stream", name="stdout", text="{\n" + ' "a": 1,\n' * 30 + "}\n")]),
        code("x = 1"),
        markdown("## Caveats\n- one", "lang-en"),
        markdown("## 注意事项\n- 其一", "lang-zh"),
        markdown("Untagged: for both."),
    ]
    nb.metadata["papermill"] = {"parameters": {"lang": lang, "output_dir": "/tmp/x/.run.partial/01"}}
    return nb


def write_run(outputs, run_id, created, reports=(("01_page-zh", "zh"),), kind="test"):
    """A complete run folder as runs.finish_run writes it, with executed notebooks and results.json."""
    folder = outputs / run_id
    records = []
    for name, lang in reports:
        (folder / "notebooks").mkdir(parents=True, exist_ok=True)
        nbformat.write(executed_notebook(lang), folder / "notebooks" / f"{name}.ipynb")
        (folder / name).mkdir()
        provenance = {"datasets": {"wdi": {
            "publisher": "World Bank", "title": "World Development Indicators", "release": "2024-11",
            "licence": "CC BY 4.0", "citation": "World Bank, WDI",
            "files": [{"path": "wb_wdi/API.csv", "sha256": "ab" * 32, "accessed": "2026-11-26T10:00:00+00:00"}],
        }}, "data_fingerprint": "f" * 64}
        (folder / name / "results.json").write_text(json.dumps({"results": {}, "provenance": provenance}))
        records.append({"report": name, "notebook": "01_page.ipynb", "parameters": {"lang": lang}, "status": "ok",
                        "error": None, "seconds": 1.25, "executed_notebook": f"notebooks/{name}.ipynb",
                        "outputs": name})
    manifest = {"run_id": run_id, "kind": kind, "created": created, "git_commit": "0123456789abcdef" * 2 + "01234567",
                "settings": {}, "packages": {"python": "3.11.7", "pandas": "2.3.3", "statsmodels": "0.14.4"},
                "data": {"fingerprint": "f" * 64, "built_at": created, "inputs": []}, "seconds": 2.0,
                "summary": {"reports": len(records), "ok": len(records), "failed": 0}, "reports": records}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def test_cells_for_language_keeps_untagged_cells_and_the_languages_own():
    nb = executed_notebook()
    zh = render.cells_for_language(nb, "zh")
    en = render.cells_for_language(nb, "en")
    assert [c.source.splitlines()[0] for c in zh if c.cell_type == "markdown"] == [
        "# 01 · 数字化发展", "## 样本", "## 注意事项", "Untagged: for both."]
    assert [c.source.splitlines()[0] for c in en if c.cell_type == "markdown"] == [
        "# 01 · Digital development", "## Data and sample", "## Caveats", "Untagged: for both."]
    assert len(zh) == len(en) == len(nb.cells) - 3  # code cells are untagged: both keep them
    both = markdown("both", "lang-en", "lang-zh")
    nb.cells.append(both)
    assert both in render.cells_for_language(nb, "en") and both in render.cells_for_language(nb, "zh")
    with pytest.raises(Exception, match="lang must be one of"):
        render.cells_for_language(nb, "fr")


def test_report_language_and_parameters():
    nb = executed_notebook("zh")
    assert render.report_language(nb) == "zh"
    assert render.report_parameters(nb) == {"lang": "zh", "year": 2022}  # defaults, then papermill's; no output_dir
    del nb.metadata["papermill"]
    assert render.report_language(nb) == "en"  # the parameters cell's default
    nb.cells = [c for c in nb.cells if "parameters" not in c.metadata["tags"]]
    assert render.report_language(nb) == "en"


@pytest.fixture
def zh_page(tmp_path):
    run = write_run(tmp_path / "outputs", "20261126T120000Z-aaaaaa", "2026-11-26T12:00:00+00:00",
                    reports=(("01_page-zh", "zh"), ("01_page-en", "en")))
    index = render.render_run(run)
    return run, index, (run / "html" / "01_page-zh.html").read_text(encoding="utf-8")


def test_a_page_shows_one_language_without_checks_or_reprs(zh_page):
    _, _, page = zh_page
    soup = BeautifulSoup(page, "html.parser")
    text = soup.get_text(" ")
    assert "数字化发展" in text and "Digital development" not in text and "Caveats" not in text
    assert "Untagged: for both." in text
    assert "NBVAL" not in page and '"a": 1' not in page  # the regression-check cell is gone
    assert "PosixPath(" not in page and "{'png'" not in page and ".partial" not in page
    # DataFrames and figures stay (the figure with its alternative text); a default 0, 1, … index goes.
    assert soup.select_one("table.dataframe") is not None and "China" in text
    assert [th.get_text() for th in soup.select("table.dataframe tr > th")] == ["country", "value"]
    assert soup.select_one('img[alt="Internet users <2024>"]')["src"].startswith("data:image/png;base64,")
    assert soup.find("script") is None  # self-contained: nothing loads from the network


def test_the_page_shell_title_lang_contents_and_footer(zh_page):
    _, _, page = zh_page
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "zh-Hans"
    assert soup.title.get_text() == "01 · 数字化发展"
    # The heading cell and the notebook's heading output say the same: the page shows it once.
    assert [text for _, _, text in render.headings(str(soup.main))] == ["01 · 数字化发展", "样本", "注意事项"]
    nav = soup.select_one("nav.contents")
    assert nav.find_previous("h1") is not None  # right after the title
    assert [a.get_text() for a in nav.select("a")] == ["样本", "注意事项", "本报告的生成信息"]
    assert all(soup.find(id=a["href"][1:]) is not None for a in nav.select("a"))  # every entry leads somewhere
    footer = soup.select_one("footer.provenance")
    labels = [dt.get_text() for dt in footer.select("dt")]
    assert labels == ["参数", "数据来源与版本", "软件包版本", "提交", "运行编号"]
    footer_text = footer.get_text(" ")
    assert "lang='zh'" in footer_text and "year=2022" in footer_text and "output_dir" not in footer_text
    assert "World Bank — World Development Indicators, 2024-11, CC BY 4.0" in footer.select_one("cite").get_text()
    assert "abababababab" in footer_text and "ab" * 32 not in footer_text  # short checksums
    assert "statsmodels 0.14.4" in footer_text and "0123456789ab" in footer_text
    assert "20261126T120000Z-aaaaaa" in footer_text


def test_an_english_page_has_english_labels(zh_page):
    run, _, _ = zh_page
    soup = BeautifulSoup((run / "html" / "01_page-en.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "en" and soup.title.get_text() == "01 · Digital development"
    assert [dt.get_text() for dt in soup.select("footer dt")][:2] == ["Parameters", "Data sources and releases"]
    assert "样本" not in soup.get_text()


def test_index_pages_list_reports_and_runs(zh_page, tmp_path):
    run, index, _ = zh_page
    soup = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
    rows = soup.select("tbody tr")
    assert [r.select_one("a").get_text() for r in rows] == ["01 · 数字化发展", "01 · Digital development"]
    assert rows[0].select_one("a")["lang"] == "zh-Hans" and "Chinese" in rows[0].get_text()
    assert "lang='zh'" in rows[0].get_text() and "ok" in rows[0].get_text()
    older = write_run(tmp_path / "outputs", "20261127T000000Z-bbbbbb", "2026-11-20T00:00:00+00:00")
    render.write_runs_index(tmp_path / "outputs")
    runs = BeautifulSoup((tmp_path / "outputs" / "index.html").read_text(encoding="utf-8"), "html.parser")
    listed = [r.select("td")[0].get_text(" ", strip=True) for r in runs.select("tbody tr")]
    assert listed == [run.name, f"{older.name} not rendered"]  # newest first by created, not by name
    assert runs.select_one("tbody a")["href"] == f"{run.name}/html/index.html"


def test_latest_run_is_the_newest_complete_run(tmp_path, monkeypatch, capsys):
    outputs = tmp_path / "outputs"
    with pytest.raises(RunError, match=r"no outputs folder .*outputs; run `make reports`"):
        render.latest_run(outputs)
    (outputs / "interactive").mkdir(parents=True)  # JupyterLab's folder: no manifest
    (outputs / ".20261201T000000Z-cccccc.partial").mkdir()  # a run still being written
    with pytest.raises(RunError, match=r"no complete run in .*outputs .*run `make reports`"):
        render.latest_run(outputs)
    newest = write_run(outputs, "20261125T000000Z-aaaaaa", "2026-11-28T09:00:00+00:00")
    write_run(outputs, "20261126T000000Z-bbbbbb", "2026-11-26T09:00:00+00:00")
    assert render.latest_run(outputs) == newest
    monkeypatch.setenv("DIGIMOD_OUTPUTS_DIR", str(outputs))
    assert main(["render", "latest"]) == 0
    assert (newest / "html" / "index.html").is_file() and (outputs / "index.html").is_file()
    monkeypatch.setenv("DIGIMOD_OUTPUTS_DIR", str(tmp_path / "none"))
    assert main(["render", "latest"]) == 2
    assert "run `make reports`" in capsys.readouterr().err


def test_range_index_is_dropped_but_a_meaningful_index_is_kept():
    assert "<th>0</th>" not in render.without_range_index(FRAME)
    named = FRAME.replace("<th>0</th>", "<th>CHN</th>").replace("<th>1</th>", "<th>IND</th>")
    assert render.without_range_index(named) == named


def test_failed_reports_are_listed_with_their_error(tmp_path):
    run = write_run(tmp_path / "outputs", "20261126T120000Z-aaaaaa", "2026-11-26T12:00:00+00:00",
                    reports=(("01_page-en", "en"), ("02_broken", "en")))
    manifest = json.loads((run / "manifest.json").read_text())
    nb = nbformat.read(run / "notebooks" / "02_broken.ipynb", as_version=4)
    nb.cells.append(code("1 / 0", [nbformat.v4.new_output(
        "error", ename="ZeroDivisionError", evalue="division by zero", traceback=["ZeroDivisionError: division by zero"])]))
    nbformat.write(nb, run / "notebooks" / "02_broken.ipynb")
    manifest["reports"][1].update(status="failed", error="ZeroDivisionError: division by zero")
    manifest["reports"].append({"report": "03_no_kernel", "notebook": "03.ipynb", "parameters": {}, "status": "failed",
                                "error": "could not start a kernel", "seconds": 0.0, "executed_notebook": None,
                                "outputs": "03_no_kernel"})
    (run / "manifest.json").write_text(json.dumps(manifest))
    index = BeautifulSoup(render.render_run(run).read_text(encoding="utf-8"), "html.parser")
    rows = [r.get_text(" ", strip=True) for r in index.select("tbody tr")]
    assert "failed ZeroDivisionError: division by zero" in rows[1]
    assert rows[2].startswith("03_no_kernel") and "defaults" in rows[2] and "could not start a kernel" in rows[2]
    page = (run / "html" / "02_broken.html").read_text(encoding="utf-8")
    assert "ZeroDivisionError: division by zero" in BeautifulSoup(page, "html.parser").get_text()


def test_wrapped_chinese_lines_are_joined_without_a_space():
    from helpers.runner.render import join_cjk_lines

    source = "## 数据与样本\n后续各笔记本\n分别检验论断；\n- 第二项\n- 指数 EGDI\n与 OSI"
    # Only a break between two CJK characters goes; a heading, list items and breaks next to Latin words stay.
    assert join_cjk_lines(source) == "## 数据与样本\n后续各笔记本分别检验论断；\n- 第二项\n- 指数 EGDI\n与 OSI"


# --- pages of reused reports ------------------------------------------------------------------------


def reused_run(outputs, run_id, created, earlier):
    """A run whose reports were all reused from the run ``earlier`` (as runs.plan_reuse records them)."""
    folder = write_run(outputs, run_id, created, reports=(("01_page-zh", "zh"), ("01_page-en", "en")))
    for notebook in (outputs / earlier / "notebooks").iterdir():  # reused: the same files (hard links)
        shutil.copy2(notebook, folder / "notebooks" / notebook.name)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["git_commit"] = "fedcba9876543210" * 2 + "fedcba98"
    for record in manifest["reports"]:
        record.update(status="reused", reused_from=earlier, executed_in=earlier)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def test_a_reused_reports_page_is_the_earlier_page_with_this_runs_footer(zh_page, monkeypatch):
    earlier, _, _ = zh_page
    later = reused_run(earlier.parent, "20261201T120000Z-bbbbbb", "2026-12-01T12:00:00+00:00", earlier.name)
    pages = ("01_page-zh.html", "01_page-en.html")

    def no_export():
        raise AssertionError("a reused report's page was rendered again")

    with monkeypatch.context() as patched:
        patched.setattr(render, "report_exporter", no_export)
        render.render_run(later)
    taken = {name: (later / "html" / name).read_text(encoding="utf-8") for name in pages}
    footer = BeautifulSoup(taken["01_page-zh.html"], "html.parser").select_one("footer.provenance").get_text(" ")
    assert "20261201T120000Z-bbbbbb" in footer and "fedcba987654" in footer  # this run, not the earlier one
    assert "20261126T120000Z-aaaaaa" not in footer and "lang='zh'" in footer and "year=2022" in footer

    shutil.rmtree(earlier / "html")  # nothing to take: every page rendered from its notebook
    render.render_run(later)
    for name in pages:
        assert (later / "html" / name).read_text(encoding="utf-8") == taken[name]  # the very same page
    index = (later / "html" / "index.html").read_text(encoding="utf-8")
    assert "01 · 数字化发展" in index and "01 · Digital development" in index


def test_a_page_rendered_by_other_code_is_rendered_again(zh_page, monkeypatch):
    earlier, _, _ = zh_page
    page = earlier / "html" / "01_page-zh.html"
    page.write_text(re.sub(r'content="[0-9a-f]+" name="digimod-renderer"', 'content="0123" name="digimod-renderer"',
                           page.read_text()))
    later = reused_run(earlier.parent, "20261201T120000Z-bbbbbb", "2026-12-01T12:00:00+00:00", earlier.name)
    exported = []
    real = render.report_exporter
    monkeypatch.setattr(render, "report_exporter", lambda: exported.append(1) or real())
    render.render_run(later)
    assert exported == [1]  # the English page was taken, the Chinese one (other renderer) rendered
    assert render.earlier_page(earlier.parent, {"status": "ok", "report": "01_page-en"}, render.renderer_digest()) is None


def test_an_earlier_page_without_its_footer_is_rendered_again(zh_page):
    earlier, _, _ = zh_page
    page = earlier / "html" / "01_page-zh.html"
    page.write_text(re.sub(r"<footer .*?</footer>", "", page.read_text(), flags=re.DOTALL))
    later = reused_run(earlier.parent, "20261201T120000Z-bbbbbb", "2026-12-01T12:00:00+00:00", earlier.name)
    render.render_run(later)
    footer = BeautifulSoup((later / "html" / "01_page-zh.html").read_text(), "html.parser").select_one("footer")
    assert footer is not None and "20261201T120000Z-bbbbbb" in footer.get_text()


def test_with_footer_replaces_the_last_provenance_footer_only():
    page = ('<main><footer class="provenance">in a table</footer></main>'
            '<footer aria-labelledby="provenance" class="provenance">old</footer></body>')
    assert render.with_footer(page, "<footer>new</footer>\n") == (
        '<main><footer class="provenance">in a table</footer></main><footer>new</footer></body>')
    with pytest.raises(Exception, match="without its provenance footer"):
        render.with_footer("<html></html>", "<footer>new</footer>")
