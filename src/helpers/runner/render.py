"""HTML reports of a run: one page per executed notebook in its own language (code hidden), index pages.

A report page (``<run>/html/<report>.html``) is one self-contained file a reader can send (figures inline,
no scripts): only the cells of the report's language (:func:`cells_for_language`), no regression-check
cells (``# NBVAL_CHECK_OUTPUT``) and no bare Python reprs of return values, a ``<title>`` and
``<html lang>`` from the page itself, a table of contents of its ``##`` headings, and a provenance footer
(parameters, data releases and file checksums, package versions, git commit, run id) from the run's
``manifest.json`` and the report's ``results.json``. ``<run>/html/index.html`` lists the run's reports;
``outputs/index.html`` lists the complete runs, newest first.

The page shell is the ``digimod_html`` template (nbconvert's ``lab`` template, extended) in ``templates/``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from pathlib import Path

from ..files import write_text_atomic
from .reports import RunError

TEMPLATES_DIR = Path(__file__).parent / "templates"
TEMPLATE = "digimod_html"
#: ``<html lang>`` of a report language.
HTML_LANG = {"en": "en", "zh": "zh-Hans"}
#: The first line of a regression-check cell (nbval compares its output; readers never see it).
CHECK_MARK = "# NBVAL_CHECK_OUTPUT"
#: Packages whose versions a page's footer shows (the manifest records more).
KEY_PACKAGES = ("python", "pandas", "numpy", "statsmodels", "linearmodels", "matplotlib", "pyarrow")
#: The few words of the page shell itself, in each report language.
LABELS = {
    "en": {
        "contents": "Contents", "provenance": "How this report was made", "parameters": "Parameters",
        "defaults": "defaults", "data": "Data sources and releases", "accessed": "accessed",
        "files": "{n} files with their sha256 checksums",
        "packages": "Package versions", "commit": "Commit", "run": "Run id", "created": "created",
        "data_build": "Data build", "no_provenance": "no results.json (the report did not finish)",
    },
    "zh": {
        "contents": "目录", "provenance": "本报告的生成信息", "parameters": "参数", "defaults": "默认值",
        "data": "数据来源与版本", "accessed": "获取于", "files": "{n} 个文件及其 sha256 校验值",
        "packages": "软件包版本", "commit": "提交",
        "run": "运行编号", "created": "生成于", "data_build": "数据构建",
        "no_provenance": "无 results.json（报告未运行完成）",
    },
}
# Output types that win over text/markdown in nbconvert's display priority.
_RICHER_THAN_MARKDOWN = {"text/html", "application/pdf", "text/latex", "image/svg+xml", "image/png", "image/jpeg"}
_HEADING_LINE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


# --- which cells a report shows -------------------------------------------------------------------


def cells_for_language(nb, lang: str) -> list:
    """The cells a ``lang`` report keeps, in order: untagged cells and cells tagged ``lang-<lang>``.

    Cells are written in both languages and tagged ``lang-en`` or ``lang-zh``; a cell without a
    ``lang-…`` tag belongs to every language. The runner may call this before execution as well as
    before rendering.
    """
    from ..i18n import check_lang

    wanted = f"lang-{check_lang(lang)}"
    kept = []
    for cell in nb.cells:
        tags = {t for t in cell.get("metadata", {}).get("tags", []) if t.startswith("lang-")}
        if not tags or wanted in tags:
            kept.append(cell)
    return kept


def is_check_cell(cell) -> bool:
    """A regression-check cell: a code cell with the line ``# NBVAL_CHECK_OUTPUT``."""
    return cell.cell_type == "code" and any(line.strip() == CHECK_MARK for line in cell.source.splitlines())


def is_bare_repr(output) -> bool:
    """An ``execute_result`` that is only ``text/plain``: the repr of a return value, e.g. ``{'png': …}``."""
    return output.get("output_type") == "execute_result" and set(output.get("data", {})) <= {"text/plain"}


def report_parameters(nb, name: str = "notebook") -> dict:
    """The parameters a report ran with: the ``parameters`` cell's defaults, then papermill's values.

    ``output_dir`` (where the run staged its files) is left out.
    """
    from ..errors import ParameterError
    from .overrides import read_parameters_cell

    try:
        values = read_parameters_cell(name, nb)
    except ParameterError:
        values = {}
    values.update(nb.metadata.get("papermill", {}).get("parameters", {}))
    values.pop("output_dir", None)
    return values


def report_language(nb) -> str:
    """The report's language: papermill's ``lang`` parameter, else the ``parameters`` cell's, else "en"."""
    lang = report_parameters(nb).get("lang", "en")
    return lang if lang in HTML_LANG else "en"


def without_range_index(page: str) -> str:
    """A pandas table's HTML without its row labels when they are only 0, 1, 2, … (a default index).

    Row labels that mean something (a set index, a MultiIndex, an index name) are kept.
    """
    if 'class="dataframe"' not in page:
        return page
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, features="html.parser")
    changed = False
    for table in soup.select("table.dataframe"):
        body_rows = table.select("tbody > tr")
        labels = [row.find_all("th", recursive=False) for row in body_rows]
        head_rows = table.select("thead > tr")
        if not body_rows or any(len(cells) != 1 for cells in labels):
            continue
        if [cells[0].get_text() for cells in labels] != [str(i) for i in range(len(body_rows))]:
            continue
        corners = [row.find(["th", "td"], recursive=False) for row in head_rows]
        if any(corner is None or corner.get_text().strip() or corner.get("colspan") for corner in corners):
            continue
        for cell in [*corners, *(cells[0] for cells in labels)]:
            cell.decompose()
        changed = True
    return str(soup) if changed else page


# --- headings -------------------------------------------------------------------------------------


def headings(page: str) -> list[tuple[int, str, str]]:
    """(level, id, plain text) of every ``<h1>``…``<h6>`` of an HTML page or fragment, in order."""
    from bs4 import BeautifulSoup

    found = []
    for tag in BeautifulSoup(page, features="html.parser").find_all(re.compile(r"^h[1-6]$")):
        for anchor in tag.select("a.anchor-link"):
            anchor.decompose()
        found.append((int(tag.name[1]), tag.get("id", ""), " ".join(tag.get_text(" ").split())))
    return found


def _markdown_html(source: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(source)


def _markdown_units(cells):
    """(holder, key, metadata) of every piece of Markdown the page shows: markdown cells (their source)
    and Markdown outputs (their ``text/markdown``), with the cell's or the output's metadata."""
    for cell in cells:
        if cell.cell_type == "markdown":
            yield cell, "source", cell.metadata
        elif cell.cell_type == "code":
            for output in cell.outputs:
                data = output.get("data", {})
                if "text/markdown" in data and not _RICHER_THAN_MARKDOWN & set(data):
                    yield data, "text/markdown", output.setdefault("metadata", {})


def _drop_repeated_headings(cells) -> list:
    """Remove a heading that repeats the previous heading's text (a Markdown cell and the notebook's
    localized heading output often say the same); a piece left empty goes, and so does its output."""
    previous = None
    for holder, key, _ in list(_markdown_units(cells)):
        lines, fenced = [], False
        for line in holder[key].splitlines():
            if _FENCE.match(line):
                fenced = not fenced
            match = None if fenced else _HEADING_LINE.match(line)
            if match:
                found = headings(_markdown_html(line))
                text = found[0][2] if found else match.group(2)
                if text == previous:
                    continue
                previous = text
            lines.append(line)
        holder[key] = "\n".join(lines)
    kept = []
    for cell in cells:
        if cell.cell_type == "markdown" and not cell.source.strip():
            continue
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if o.get("data", {}).get("text/markdown", "x").strip()]
            if not cell.outputs:
                continue
        kept.append(cell)
    return kept


def page_outline(cells) -> tuple[str, list[tuple[str, str]]]:
    """(title, contents) of a page: the first ``#`` heading's text and the (id, text) of each ``##``.

    The title's holder (markdown cell or output) is marked ``digimod_title`` so the template puts the
    table of contents right after the title.
    """
    title, contents = "", []
    for holder, key, metadata in _markdown_units(cells):
        for level, anchor, text in headings(_markdown_html(holder[key])):
            if level == 1 and not title:
                title = text
                metadata["digimod_title"] = True
            elif level == 2 and text and (not contents or contents[-1][1] != text):
                contents.append((anchor, text))
    return title, contents


#: CJK characters and punctuation: text without spaces between words.
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
#: A line that starts a Markdown block (heading, list item, quote, table row, fence) is never joined.
_BLOCK_START = re.compile(r"^\s*(#|[-*+] |\d+[.)] |>|\||```)")
_LIST_ITEM = re.compile(r"^\s*([-*+] |\d+[.)] )")


def join_cjk_lines(source: str) -> str:
    """Join Markdown lines wrapped inside Chinese text (a line break between two CJK characters shows as
    a space in a browser); headings and other block starts keep their own lines, a list item's text may
    go on over several lines."""
    lines = source.split("\n")
    joined = lines[:1]
    for line in lines[1:]:
        previous = joined[-1]
        # A previous line ending in CJK is not blank; a heading or quote may not be continued, a list item may.
        continues = not _BLOCK_START.match(previous) or _LIST_ITEM.match(previous)
        if continues and _CJK.match(previous.rstrip()[-1:] or " ") and _CJK.match(line.lstrip()[:1] or " ") \
                and not _BLOCK_START.match(line):
            joined[-1] = previous.rstrip() + line.lstrip()
        else:
            joined.append(line)
    return "\n".join(joined)


@functools.cache
def _report_preprocessor():
    from nbconvert.preprocessors import Preprocessor
    from traitlets import Unicode

    class ReportPreprocessor(Preprocessor):
        """One language per page; no check cells, bare reprs, empty code cells or repeated headings."""

        lang = Unicode(None, allow_none=True, help="the page's language (None: the notebook's own)")

        def preprocess(self, nb, resources):
            lang = self.lang or report_language(nb)
            cells = []
            for cell in cells_for_language(nb, lang):
                if is_check_cell(cell):
                    continue
                if cell.cell_type == "markdown":
                    cell.source = join_cjk_lines(cell.source)
                if cell.cell_type == "code":
                    cell.outputs = [o for o in cell.outputs if not is_bare_repr(o)]
                    if not cell.outputs:
                        continue
                    for output in cell.outputs:
                        if "text/html" in output.get("data", {}):
                            output.data["text/html"] = without_range_index(output.data["text/html"])
                cells.append(cell)
            nb.cells = _drop_repeated_headings(cells)
            title, contents = page_outline(nb.cells)
            page = resources.setdefault("digimod", {})
            page.update(lang=lang, html_lang=HTML_LANG[lang], labels=LABELS[lang], contents=contents,
                        title=title or resources.get("metadata", {}).get("name") or "digimod report",
                        title_marked=bool(title))
            nb.metadata["title"] = page["title"]
            return nb, resources

    return ReportPreprocessor


def report_exporter():
    """The HTML exporter of report pages (``digimod_html`` template, code and prompts hidden)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name=TEMPLATE, extra_template_basedirs=[str(TEMPLATES_DIR)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.register_preprocessor(_report_preprocessor()(), enabled=True)
    return exporter


# --- provenance -----------------------------------------------------------------------------------


def compact_parameters(values: dict) -> str:
    """``name=value`` pairs (Python literals, as ``digimod run -p`` takes them), or "defaults"."""
    return ", ".join(f"{k}={v!r}" for k, v in values.items()) or "defaults"


def footer_provenance(manifest: dict, record: dict, parameters: dict, results_file: Path | None) -> dict:
    """What a page's footer shows: parameters, data sources (files with short checksums), packages, run."""
    provenance = {}
    if results_file is not None and results_file.is_file():
        provenance = json.loads(results_file.read_text(encoding="utf-8")).get("provenance", {})
    datasets = []
    for dataset_id, info in sorted(provenance.get("datasets", {}).items()):
        source = ", ".join(str(x) for x in (f"{info.get('publisher')} — {info.get('title')}", info.get("release"),
                                            info.get("licence")) if x)
        files = [{"path": f.get("path", ""), "sha256": (f.get("sha256") or "")[:12]} for f in info.get("files", [])]
        accessed = sorted({(f.get("accessed") or "")[:10] for f in info.get("files", [])} - {""})
        datasets.append({"id": dataset_id, "source": source, "files": files, "accessed": ", ".join(accessed)})
    packages = manifest.get("packages", {})
    return {
        "parameters": [(name, repr(value)) for name, value in parameters.items()],
        "datasets": datasets,
        "has_results": bool(provenance),
        "data_fingerprint": str(provenance.get("data_fingerprint") or manifest.get("data", {}).get("fingerprint")
                                or "")[:12],
        "packages": [(name, packages[name]) for name in KEY_PACKAGES if name in packages],
        "commit": (manifest.get("git_commit") or "")[:12],
        "run_id": manifest.get("run_id", ""),
        "kind": manifest.get("kind", ""),
        "created": _when(manifest.get("created")),
        "report": record.get("report", ""),
    }


def _when(created: str | None) -> str:
    """``2026-12-01 22:03 UTC`` from the manifest's ISO time."""
    try:
        return dt.datetime.fromisoformat(created).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    except (TypeError, ValueError):
        return created or ""


# --- runs -----------------------------------------------------------------------------------------


def complete_runs(outputs: Path) -> list[tuple[Path, dict]]:
    """(folder, manifest) of every complete run in ``outputs`` (it has ``manifest.json``), newest first.

    Newest by the manifest's ``created`` time, not by folder name (``outputs/interactive`` from
    JupyterLab, or hand-made folders, are no runs).
    """
    runs = []
    for folder in Path(outputs).iterdir() if Path(outputs).is_dir() else ():
        manifest_file = folder / "manifest.json"
        if folder.name.startswith(".") or not manifest_file.is_file():
            continue
        try:
            manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
            created = dt.datetime.fromisoformat(manifest["created"])
        except (OSError, ValueError, KeyError, TypeError):
            continue  # a manifest being written or damaged: not a complete run
        runs.append((created, folder.name, folder, manifest))
    runs.sort(key=lambda r: (r[0], r[1]), reverse=True)
    return [(folder, manifest) for _, _, folder, manifest in runs]


def latest_run(outputs: Path) -> Path:
    """The newest complete run folder in ``outputs`` (what ``digimod render latest`` renders)."""
    outputs = Path(outputs)
    if not outputs.is_dir():
        raise RunError(f"no outputs folder {outputs}; run `make reports` to create a run")
    runs = complete_runs(outputs)
    if not runs:
        raise RunError(f"no complete run in {outputs} (a complete run folder has a manifest.json); "
                       "run `make reports` to create one")
    return runs[0][0]


def _page_environment():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR / TEMPLATE), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True)


def render_run(run_dir: Path, *, outputs_index: bool = True) -> Path:
    """Write a page per executed notebook of a run, ``html/index.html``, and (by default) the index of
    the runs beside it (``outputs/index.html``); returns the run's index page.

    A reused report's page (:mod:`helpers.runner.reuse`) is not rendered again when the run it came from
    has its page, rendered by the same code and packages (:func:`renderer_digest`): that page is taken
    with a new footer (:func:`earlier_page`).
    """
    import nbformat

    run_dir = Path(run_dir)
    manifest_file = run_dir / "manifest.json"
    if not manifest_file.exists():
        raise RunError(f"{run_dir} is not a complete run folder (no manifest.json)")
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    exporter = None  # nbconvert's exporter costs a second to set up: only when a page is rendered
    renderer = renderer_digest()
    html_dir = run_dir / "html"
    rows = []
    for record in manifest["reports"]:
        executed = run_dir / record["executed_notebook"] if record.get("executed_notebook") else None
        row = _index_row(record)
        if executed is not None and executed.exists():
            results = run_dir / record["outputs"] / "results.json" if record.get("outputs") else None
            earlier = earlier_page(run_dir.parent, record, renderer)
            taken = None if earlier is None else _taken_page(earlier, executed, manifest, record, results)
            if taken is not None:
                body, page = taken
            else:
                exporter = exporter or report_exporter()
                nb = nbformat.read(executed, as_version=4)
                resources = {"metadata": {"name": record["report"]},
                             "digimod": {"renderer": renderer,
                                         "footer": footer_provenance(manifest, record,
                                                                     report_parameters(nb, executed.name), results)}}
                body, resources = exporter.from_notebook_node(nb, resources=resources)
                page = resources["digimod"]
            write_text_atomic(body, html_dir / f"{record['report']}.html")
            row.update(title=page["title"], lang=page["lang"], html_lang=page["html_lang"],
                       href=f"{record['report']}.html")
        rows.append(row)
    index = _write_run_index(run_dir, manifest, rows)
    if outputs_index:
        write_runs_index(run_dir.parent)
    return index


# --- pages of reused reports ----------------------------------------------------------------------

_PAGE_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
_PAGE_LANG = re.compile(r'<html lang="([^"]+)"')
#: The page's ``<meta name="digimod-renderer">``: what rendered it (:func:`renderer_digest`). nbconvert
#: writes every page through BeautifulSoup, which orders attributes alphabetically.
_PAGE_RENDERER = re.compile(r'<meta content="([0-9a-f]+)" name="digimod-renderer"/?>')
_FOOTER_START = re.compile(r'<footer [^>]*class="provenance"[^>]*>')
_FOOTER_END = "</footer>"


def renderer_digest() -> str:
    """What a page's content depends on besides its notebook: the ``helpers`` source (templates included)
    and the installed packages (nbconvert, its filters) — the key parts :mod:`helpers.runner.reuse` uses."""
    import hashlib

    from . import reuse

    parts = reuse.run_parts()
    return hashlib.sha256(f"{parts['helpers']}:{parts['environment']}".encode()).hexdigest()[:16]


def earlier_page(outputs: Path, record: dict, renderer: str) -> Path | None:
    """The page of ``record``'s report in the run it was reused from, if that page exists and was rendered
    by ``renderer``; else None (the page is rendered). Only for records with status ``reused``."""
    if record.get("status") != "reused" or not record.get("reused_from"):
        return None
    page = Path(outputs) / record["reused_from"] / "html" / f"{record['report']}.html"
    try:
        with page.open(encoding="utf-8") as handle:
            head = handle.read(4096)  # the meta tag is in <head>: no need to read the whole page
    except OSError:
        return None
    found = _PAGE_RENDERER.search(head)
    return page if found and found.group(1) == renderer else None


def _taken_page(earlier: Path, executed: Path, manifest: dict, record: dict,
                results: Path | None) -> tuple[str, dict] | None:
    """``earlier``'s page with this run's footer, and its title and language; None when that page has no
    footer to replace (damaged or edited by hand: the page is then rendered from the notebook)."""
    import nbformat

    nb = nbformat.v4.reads(executed.read_text(encoding="utf-8"))  # lines joined; not validated (faster)
    footer = footer_provenance(manifest, record, report_parameters(nb, executed.name), results)
    text = earlier.read_text(encoding="utf-8")
    lang = page_language(text)
    try:
        body = with_footer(text, render_footer(footer, lang))
    except RunError:
        return None
    return body, {"title": page_title(text) or record["report"], "lang": lang, "html_lang": HTML_LANG[lang]}


def page_title(page: str) -> str | None:
    import html

    found = _PAGE_TITLE.search(page)
    return html.unescape(found.group(1)) if found else None


def page_language(page: str) -> str:
    """The report language (``en``, ``zh``) of a page, from its ``<html lang>``."""
    found = _PAGE_LANG.search(page)
    languages = {tag: lang for lang, tag in HTML_LANG.items()}
    return languages.get(found.group(1), "en") if found else "en"


def render_footer(footer: dict, lang: str) -> str:
    """A page's provenance footer alone (``_footer.html.j2``), written as the page writes it (nbconvert passes
    the whole page through BeautifulSoup: the same serialisation here gives the same bytes)."""
    from bs4 import BeautifulSoup

    resources = {"digimod": {"labels": LABELS[lang], "footer": footer}}
    markup = _footer_template().render(resources=resources)
    return str(BeautifulSoup(markup.strip(), features="html.parser"))


@functools.cache
def _footer_template():
    import jinja2

    # nbconvert's own settings (no trim_blocks / lstrip_blocks, no autoescape: the template escapes), so the
    # whitespace is the page's. Compiled once: compiling took most of a reused page's time.
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR / TEMPLATE))
    return environment.get_template("_footer.html.j2")


def with_footer(page: str, footer: str) -> str:
    """``page`` with its provenance footer (the last ``<footer … class="provenance">``) replaced by ``footer``."""
    starts = list(_FOOTER_START.finditer(page))
    end = page.find(_FOOTER_END, starts[-1].start()) if starts else -1
    if end < 0:
        raise RunError("a report page without its provenance footer; render the run again with `digimod render`")
    return page[:starts[-1].start()] + footer.strip() + page[end + len(_FOOTER_END):]


def _index_row(record: dict) -> dict:
    """A report's row on the run's index page before its page is known (title: the report's name)."""
    return {"record": record, "title": record["report"], "lang": None, "href": None,
            "parameters": compact_parameters(record.get("parameters", {}))}


#: The "What changed" pages of a run (``digimod diff``, :mod:`helpers.runner.changes_page`) in its
#: ``html/`` folder, their sentences, and the summary that names the run they compare with.
CHANGES_PAGES = {"en": "changes.html", "zh": "changes.zh.html"}
CHANGES_TEXTS = Path(__file__).with_name("changes.texts.yml")
CHANGES_SUMMARY = "changes.json"


def changes_texts(lang: str):
    """The sentences of the changes pages (and of the index pages' links to them) in ``lang``."""
    from ..texts import Texts, load_catalogue

    return Texts(load_catalogue(CHANGES_TEXTS), lang, source=str(CHANGES_TEXTS))


def changes_links(run_dir: Path) -> list[dict]:
    """Links from a run's index page to its changes pages (none when they were not written):
    ``href``, ``text`` (in the linked page's language) and ``html_lang``."""
    run_dir = Path(run_dir)
    try:
        old = json.loads((run_dir / CHANGES_SUMMARY).read_text(encoding="utf-8"))["old"]["run_id"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [{"href": page, "text": changes_texts(lang)("index_link", run=old), "html_lang": HTML_LANG[lang]}
            for lang, page in CHANGES_PAGES.items() if (run_dir / "html" / page).is_file()]


def _write_run_index(run_dir: Path, manifest: dict, rows: list[dict]) -> Path:
    """``html/index.html``: the run's reports, and links to its changes pages when they were written."""
    index = _page_environment().get_template("run_index.html.j2").render(
        manifest=manifest, rows=rows, created=_when(manifest.get("created")), changes=changes_links(run_dir))
    return write_text_atomic(index, run_dir / "html" / "index.html")


def refresh_run_index(run_dir: Path) -> Path | None:
    """Rewrite a rendered run's ``html/index.html`` from the report pages already written (their titles
    and languages), e.g. to link a changes page written after the run was rendered; None if not rendered."""
    run_dir = Path(run_dir)
    if not (run_dir / "html" / "index.html").is_file():
        return None
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    rows = []
    for record in manifest["reports"]:
        row = _index_row(record)
        page = run_dir / "html" / f"{record['report']}.html"
        if page.is_file():
            text = page.read_text(encoding="utf-8")
            lang = page_language(text)
            row.update(title=page_title(text) or record["report"], html_lang=HTML_LANG[lang], lang=lang,
                       href=page.name)
        rows.append(row)
    return _write_run_index(run_dir, manifest, rows)


def write_runs_index(outputs: Path) -> Path:
    """``outputs/index.html``: the complete runs, newest first, with links to their rendered pages."""
    runs = []
    for folder, manifest in complete_runs(outputs):
        rendered = folder / "html" / "index.html"
        summary = manifest.get("summary", {})
        runs.append({"run_id": manifest.get("run_id", folder.name), "kind": manifest.get("kind", ""),
                     "created": _when(manifest.get("created")), "ok": summary.get("ok", 0),
                     "failed": summary.get("failed", 0), "reports": summary.get("reports", 0),
                     "href": f"{folder.name}/html/index.html" if rendered.is_file() else None,
                     "changes": f"{folder.name}/html/{CHANGES_PAGES['en']}"
                     if (folder / "html" / CHANGES_PAGES["en"]).is_file() else None,
                     "folder": folder.name})
    page = _page_environment().get_template("runs_index.html.j2").render(runs=runs)
    return write_text_atomic(page, Path(outputs) / "index.html")
