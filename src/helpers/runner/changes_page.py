"""The "What changed" pages of a run, in English and Chinese, and the automatic diff after a batch.

:func:`write_changes` writes into the *newer* run folder, each file atomically:

- ``changes.md`` (English) and ``changes.zh.md`` (Chinese), for e-mail, CI logs and the repository;
- ``html/changes.html`` and ``html/changes.zh.html``: the same in the page shell of the index pages
  (``templates/digimod_html``), one language per page like the reports, each linking the other;
- ``changes.json``: which runs were compared, the tolerance and the summary's counts (for scripts).

The run's index page (``html/index.html``, when rendered) and ``outputs/index.html`` are rewritten so
that they link the pages. Every sentence comes from ``changes.texts.yml`` beside this module; every
number from the :class:`~helpers.runner.changes.RunChanges` (a page never types a figure).

Long lists are cut for readers: at most :data:`MAX_VALUES` numbers per report and :data:`MAX_CELLS`
cells per table are shown, followed by "… and N more".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..files import write_text_atomic
from ..i18n import LANGS
from ..texts import Texts
from .changes import (
    CellChange,
    RunChanges,
    RunInfo,
    TableChange,
    Tolerance,
    compare_runs,
    previous_run,
    read_run,
)
from .render import (
    CHANGES_PAGES,
    CHANGES_SUMMARY,
    HTML_LANG,
    _page_environment,
    _when,
    changes_texts,
    refresh_run_index,
    write_runs_index,
)
from .reports import RunError

#: The pages of each language: (Markdown in the run folder, HTML in its html/ folder).
PAGES = {"en": ("changes.md", CHANGES_PAGES["en"]), "zh": ("changes.zh.md", CHANGES_PAGES["zh"])}
MAX_VALUES = 20
MAX_CELLS = 10
MAX_ROWS_LISTED = 10
#: How long a value may print before it is cut (a list of country codes, a long label).
MAX_VALUE_CHARS = 80


# --- the page, as blocks that both writers render -------------------------------------------------


class Code(str):
    """Text shown as code: a report or file name, a value, a checksum (never translated)."""


@dataclass
class Block:
    """A heading (``h1``–``h3``), a paragraph (``p``), a list (``ul``: ``items``) or a table (``table``)."""

    kind: str
    text: str = ""
    items: list = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _number(value) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else str(value)
        return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS - 1] + "…"
    return f"{value:.10g}"


def _difference(old, new) -> str:
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (old, new))
    return f"{new - old:+.4g}" if numbers else ""


def _kind(text: Texts, kind: str) -> str:
    key = f"kind_{kind}"
    return text(key) if key in text.catalogue else text("kind_other", kind=kind)


def row_label(text: Texts, row) -> str:
    """A table row as a reader names it: ``country=CHN, process=industrialization`` or ``row 5``."""
    if isinstance(row, int):
        return text("row_number", n=row)
    return ", ".join(f"{column}={value}" for column, value in row)


def _cut(rows: list, limit: int, text: Texts) -> tuple[list, Block | None]:
    more = len(rows) - limit
    return rows[:limit], (Block("p", text("more", n=more)) if more > 0 else None)


def summary_items(changes: RunChanges, text: Texts) -> list[str]:
    """The summary's sentences (also what ``digimod diff`` prints)."""
    counts = changes.counts()
    commit = changes.environment.commit
    commit_text = text("commit_moved", old=_short(commit[0]), new=_short(commit[1])) if commit else text("commit_same")
    return [text("summary_reports", **counts), text("summary_values", **counts), text("summary_tables", **counts),
            text("summary_inputs", **counts), text("summary_data", **counts),
            text("summary_environment", commit=commit_text, packages=counts["packages"])]


def _report_blocks(changes: RunChanges, text: Texts) -> list[Block]:
    rows = [[Code(name), text("report_added"), ""] for name in changes.added]
    rows += [[Code(name), text("report_removed"), ""] for name in changes.removed]
    rows += [[Code(name), text("report_failed"), Code(error)] for name, error in changes.failed]
    rows += [[Code(name), text("report_fixed"), ""] for name in changes.fixed]
    rows += [[Code(r.report), text("report_parameters"), Code(f"{_params(r.parameters[0])} → {_params(r.parameters[1])}")]
             for r in changes.reports if r.parameters is not None]
    if not rows:
        return []
    return [Block("h2", text("reports")),
            Block("table", header=[text("col_report"), text("col_change"), text("col_detail")], rows=rows)]


def _params(values: dict) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in values.items()) or "{}"


def _value_blocks(changes: RunChanges, text: Texts) -> list[Block]:
    reports = [r for r in changes.reports if r.values]
    if not reports:
        return []
    blocks = [Block("h2", text("values")), Block("p", text("values_intro"))]
    header = [text("col_value"), text("col_old"), text("col_new"), text("col_difference")]
    for report in reports:
        shown, more = _cut(list(report.values), MAX_VALUES, text)
        rows = [[Code(v.path), Code(_number(v.old) if v.old is not None else "–"),
                 Code(_number(v.new) if v.new is not None else "–"), Code(_difference(v.old, v.new))] for v in shown]
        blocks += [Block("h3", Code(report.report)), Block("table", header=header, rows=rows)]
        blocks += [more] if more else []
    return blocks


def _table_summary(table: TableChange, text: Texts) -> str:
    if table.status in ("added", "removed"):
        return text(f"table_{table.status}")
    if table.unreadable:
        return text("table_unreadable", error=table.unreadable)
    parts = [text("table_changed", rows_added=len(table.rows_added), rows_removed=len(table.rows_removed),
                  cells=len(table.cells))]
    parts += [text("table_columns_added", columns=", ".join(table.columns_added))] if table.columns_added else []
    parts += [text("table_columns_removed", columns=", ".join(table.columns_removed))] if table.columns_removed else []
    return "; ".join(parts) if text.lang == "en" else "；".join(parts)


def _rows_listed(key: str, table: TableChange, rows, text: Texts) -> Block | None:
    if not rows:
        return None
    names = [row_label(text, r) for r in rows[:MAX_ROWS_LISTED]]
    listed = "; ".join(names) + (f"; {text('more', n=len(rows) - MAX_ROWS_LISTED)}" if len(rows) > MAX_ROWS_LISTED else "")
    return Block("p", text(key, table=table.table, rows=listed))


def _cell_row(table: TableChange, cell: CellChange, text: Texts) -> list[str]:
    return [Code(table.table), Code(row_label(text, cell.row)), Code(cell.column), Code(_number(cell.old) or "–"),
            Code(_number(cell.new) or "–")]


def _table_blocks(changes: RunChanges, text: Texts) -> list[Block]:
    reports = [r for r in changes.reports if r.tables]
    if not reports:
        return []
    blocks = [Block("h2", text("tables")), Block("p", text("tables_intro"))]
    for report in reports:
        blocks += [Block("h3", Code(report.report)),
                   Block("table", header=[text("col_table"), text("col_change")],
                         rows=[[Code(t.table), _table_summary(t, text)] for t in report.tables])]
        for table in report.tables:
            blocks += [b for b in (_rows_listed("rows_added", table, table.rows_added, text),
                                   _rows_listed("rows_removed", table, table.rows_removed, text)) if b]
            if table.cells:
                shown, more = _cut(list(table.cells), MAX_CELLS, text)
                blocks.append(Block("table", header=[text(k) for k in ("col_table", "col_row", "col_column",
                                                                       "col_old", "col_new")],
                                    rows=[_cell_row(table, cell, text) for cell in shown]))
                blocks += [more] if more else []
    return blocks


def _input_blocks(changes: RunChanges, text: Texts) -> list[Block]:
    rows = []
    for report in changes.reports:
        for item in report.inputs:
            detail = {"added": lambda i: text("input_added", new=i.new or "–"),
                      "removed": lambda i: text("input_removed"),
                      "release": lambda i: text("input_release", old=i.old or "–", new=i.new or "–"),
                      "files": lambda i: text("input_files", n=len(i.files))}[item.change](item)
            rows.append([Code(report.report), Code(item.dataset), detail])
    if not rows:
        return []
    return [Block("h2", text("inputs")),
            Block("table", header=[text("col_report"), text("col_dataset"), text("col_change")], rows=rows)]


def _short(checksum: str | None) -> str:
    return (checksum or "–")[:12]


def _data_blocks(changes: RunChanges, text: Texts) -> list[Block]:
    data = changes.data
    if not data:
        return []
    blocks = [Block("h2", text("data"))]
    if data.fingerprint:
        blocks.append(Block("p", text("fingerprint", old=_short(data.fingerprint[0]), new=_short(data.fingerprint[1]))))
    if data.releases:
        blocks.append(Block("table", header=[text("col_source"), text("col_old"), text("col_new")],
                            rows=[[Code(s), old or "–", new or "–"] for s, old, new in data.releases]))
    if data.files:
        blocks.append(Block("table", header=[text("col_file"), text("col_change"), text("col_old"), text("col_new")],
                            rows=[[Code(f.path), text(f"file_{f.change}"), Code(_short(f.old)), Code(_short(f.new))]
                                  for f in data.files]))
    return blocks


def _environment_blocks(changes: RunChanges, text: Texts) -> list[Block]:
    env = changes.environment
    if not env:
        return []
    blocks = [Block("h2", text("environment"))]
    if env.commit:
        blocks.append(Block("p", text("commit", old=_short(env.commit[0]), new=_short(env.commit[1]))))
    if env.packages:
        blocks.append(Block("table", header=[text("col_package"), text("col_old"), text("col_new")],
                            rows=[[Code(n), Code(o or "–"), Code(v or "–")] for n, o, v in env.packages]))
    return blocks


def page_blocks(changes: RunChanges, lang: str) -> list[Block]:
    """The page in ``lang``: title, what was compared, summary, then one section per kind of change."""
    text = changes_texts(lang)
    old, new = changes.old, changes.new
    blocks = [
        Block("h1", text("title", run=new.run_id)),
        Block("p", text("compared", old=old.run_id, old_kind=_kind(text, old.kind), old_created=_when(old.created),
                        new_kind=_kind(text, new.kind), new_created=_when(new.created))),
        Block("p", text("tolerance", abs=changes.tolerance.abs, rel=changes.tolerance.rel)),
    ]
    if not changes.changed:
        blocks.append(Block("p", text("environment_only" if changes.environment else "nothing")))
    blocks += [Block("h2", text("summary")), Block("ul", items=summary_items(changes, text))]
    for section in (_report_blocks, _value_blocks, _table_blocks, _input_blocks, _data_blocks, _environment_blocks):
        blocks += section(changes, text)
    blocks.append(Block("p", text("made_by", old=old.run_id, new=new.run_id)))
    return blocks


# --- writers --------------------------------------------------------------------------------------


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(cell: str) -> str:
    if isinstance(cell, Code):
        fence = "``" if "`" in cell else "`"
        return f"{fence}{cell.replace('|', chr(92) + '|')}{fence}" if cell else ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(cell))


def to_markdown(blocks: list[Block], other: tuple[str, str] | None = None) -> str:
    """A page as Markdown; ``other``: (link text, file) of the page in the other language."""
    lines = []
    for block in blocks:
        if block.kind in ("h1", "h2", "h3"):
            lines += ["#" * int(block.kind[1]) + " " + _md(block.text), ""]
            if block.kind == "h1" and other:
                lines += [f"[{_md(other[0])}]({other[1]})", ""]
        elif block.kind == "p":
            lines += [_md(block.text), ""]
        elif block.kind == "ul":
            lines += [f"- {_md(item)}" for item in block.items] + [""]
        elif block.kind == "table":
            lines.append("| " + " | ".join(_md(h) for h in block.header) + " |")
            lines.append("|" + "---|" * len(block.header))
            lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in block.rows]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def to_html(blocks: list[Block], lang: str, other: tuple[str, str, str] | None = None) -> str:
    """A page in the index pages' shell; ``other``: (link text, file, html lang) of the other language."""
    environment = _page_environment()
    environment.tests["code"] = lambda value: isinstance(value, Code)
    return environment.get_template("changes.html.j2").render(
        blocks=blocks, html_lang=HTML_LANG[lang], title=blocks[0].text, other=other,
        back=changes_texts(lang)("run_reports"))


def write_changes(changes: RunChanges) -> Path:
    """Write the pages of ``changes`` into the newer run (see the module docstring); returns the English
    HTML page. The run's index pages are rewritten to link them."""
    folder = changes.new.folder
    try:
        _write_pages(changes, folder)
    except OSError as exc:
        raise RunError(f"cannot write the changes pages into {folder} ({exc.strerror or exc}); make the run "
                       "folder writable, or compare a copy of it") from None
    refresh_run_index(folder)
    if (folder.parent / "index.html").is_file():
        write_runs_index(folder.parent)
    return folder / "html" / PAGES["en"][1]


def _write_pages(changes: RunChanges, folder: Path) -> None:
    for lang in LANGS:
        other_lang = next(x for x in LANGS if x != lang)
        other_text = changes_texts(other_lang)("other_language")
        markdown, html = PAGES[lang]
        blocks = page_blocks(changes, lang)
        write_text_atomic(to_markdown(blocks, (other_text, PAGES[other_lang][0])), folder / markdown)
        write_text_atomic(to_html(blocks, lang, (other_text, PAGES[other_lang][1], HTML_LANG[other_lang])),
                          folder / "html" / html)
    summary = {"old": _run_summary(changes.old), "new": _run_summary(changes.new),
               "tolerance": {"abs": changes.tolerance.abs, "rel": changes.tolerance.rel},
               "changed": changes.changed, "environment_changed": bool(changes.environment),
               "counts": changes.counts()}
    write_text_atomic(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", folder / CHANGES_SUMMARY)


def _run_summary(run: RunInfo) -> dict:
    return {"run_id": run.run_id, "kind": run.kind, "created": run.created, "folder": run.folder.name}


def diff_with_previous(run_dir: Path, tolerance: Tolerance | None = None) -> Path | None:
    """Compare a new run with the previous complete run of the same kind
    (:func:`helpers.runner.changes.same_kind`) and write the changes into it; returns the English HTML
    page, or None when there is no such earlier run (the first run of its kind)."""
    run = read_run(run_dir)
    previous = previous_run(run)
    if previous is None:
        return None
    return write_changes(compare_runs(previous, run, tolerance))
