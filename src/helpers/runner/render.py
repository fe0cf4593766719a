"""HTML reports of a run: one page per executed notebook (code hidden) and an index page."""

from __future__ import annotations

import json
from pathlib import Path

from ..files import write_text_atomic
from .reports import RunError

TEMPLATES_DIR = Path(__file__).parent / "templates"


def render_run(run_dir: Path) -> Path:
    """Write HTML reports (code hidden) for every executed notebook of a run, plus ``html/index.html``."""
    import html

    import nbformat
    from nbconvert import HTMLExporter

    run_dir = Path(run_dir)
    manifest_file = run_dir / "manifest.json"
    if not manifest_file.exists():
        raise RunError(f"{run_dir} is not a complete run folder (no manifest.json)")
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    # "lab" plus the figures' alternative text (helpers/templates/digimod_html).
    exporter = HTMLExporter(template_name="digimod_html", extra_template_basedirs=[str(TEMPLATES_DIR)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    html_dir = run_dir / "html"
    rows = []
    for record in manifest["reports"]:
        executed = run_dir / record["executed_notebook"] if record["executed_notebook"] else None
        target = f"{record['report']}.html"
        if executed is not None and executed.exists():
            body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
            write_text_atomic(body, html_dir / target)
            link = f'<a href="{html.escape(target)}">{html.escape(record["report"])}</a>'
        else:
            link = html.escape(record["report"])
        error = html.escape(record["error"] or "")
        rows.append(f"<tr><td>{link}</td><td>{record['status']}</td><td>{record['seconds']:.1f}</td><td>{error}</td></tr>")
    index = (
        "<!doctype html><html><head><meta charset='utf-8'><title>digimod run "
        f"{html.escape(manifest['run_id'])}</title></head><body>"
        f"<h1>digimod run {html.escape(manifest['run_id'])}</h1>"
        f"<p>{manifest['summary']['ok']} of {manifest['summary']['reports']} reports ok · commit "
        f"{html.escape(str(manifest.get('git_commit')))} · data {html.escape(str(manifest['data']['fingerprint'])[:12])}</p>"
        "<table><tr><th>report</th><th>status</th><th>seconds</th><th>error</th></tr>"
        + "".join(rows)
        + "</table></body></html>\n"
    )
    write_text_atomic(index, html_dir / "index.html")
    return html_dir / "index.html"
