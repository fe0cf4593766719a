"""A reader's test of the HTML reports: notebooks 00–06 run once in English and once in Chinese (one run
folder, as `make reports` writes it), rendered, and each page read as a reader would read it.

Measures (defined here, used by the assertions and printed for every page):

``english_share(page)``
    The share of English words among the visible words of a page. Visible: the page's text outside
    ``<head>``, ``<script>``, ``<style>``, code (``<pre>``, ``<code>``: parameters, file names, short
    checksums) and citations (``<cite>``: the footer's sources). Words: each run of Latin letters
    (with inner ``'``, ``-``, ``.``, ``_`` or digits) is one word; each Chinese character (CJK unified
    ideographs) is one word. Not counted as English: indicator codes and ids (a dot, an underscore or a
    digit inside: ``IT.NET.USER.ZS``, ``un_egov.egdi``, ``HC3``), acronyms in capitals (``EGDI``, ``WGI``,
    ``OLS``), single letters (``p``, ``N``, ``R``) and numbers.
``chinese_outside_quotations(page)``
    Chinese characters among the visible words (as above) outside quotations: ``<q>``, ``<blockquote>``
    and elements with ``lang="zh…"`` (how an English page quotes the essay).

Done means: ≤ 5 % English words on a Chinese page, and no Chinese on an English page except quotations.
The notebooks' texts are being converted to the bilingual design notebook by notebook, so both limits
are asserted for the notebooks in ``TRANSLATED`` only; every page's numbers are printed (also without -s).
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import config
from helpers.runner.render import headings, render_run
from helpers.runner.reports import ReportSpec
from helpers.runner.runs import run_reports

pytestmark = pytest.mark.integration

NOTEBOOKS = ("00_data_overview", "01_digital_vs_modernization", "02_egov_and_governance", "03_serial_vs_parallel",
             "04_convergence_and_divides", "05_country_profile", "06_claims_and_verdicts")
LANGS = ("en", "zh")
HTML_LANG = {"en": "en", "zh": "zh-Hans"}
PAGES = [(name, lang) for name in NOTEBOOKS for lang in LANGS]
#: Notebooks whose texts follow the bilingual design (lang-en / lang-zh cells): the language limits apply.
TRANSLATED: set[str] = set(NOTEBOOKS)
MAX_ENGLISH_SHARE = 0.05
#: Where the screenshots are kept for CI's artifacts: read now, before `notebook_env` points the
#: outputs folder at a temporary one.
SCREENSHOTS = config.paths().outputs / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")

_NOT_READ = ("head", "script", "style", "pre", "code", "cite")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’._-]*[A-Za-z0-9]|[A-Za-z]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def visible_text(page: str, skip=_NOT_READ, also: str = "a.anchor-link") -> str:
    """A page's text as read: without the elements ``skip`` names and those matching the ``also`` selector."""
    soup = BeautifulSoup(page, features="html.parser")
    for tag in [*soup.find_all(skip), *soup.select(also)]:
        tag.decompose()
    return soup.get_text(" ")


def _is_english_word(word: str) -> bool:
    return not (len(word) == 1 or word.isupper() or any(c in word for c in "._") or any(c.isdigit() for c in word))


def word_counts(text: str) -> tuple[int, int]:
    """(English words, Chinese characters) of a text, as :func:`english_share` counts them."""
    return sum(_is_english_word(w) for w in _LATIN_WORD.findall(text)), len(_HAN.findall(text))


def english_share(page: str) -> float:
    """The share of English words among the visible words of an HTML page (see the module docstring)."""
    english, chinese = word_counts(visible_text(page))
    return english / (english + chinese) if english + chinese else 0.0


def chinese_outside_quotations(page: str) -> int:
    """Chinese characters among the visible words of a page outside ``<q>``, ``<blockquote>``, ``[lang^=zh]``."""
    return word_counts(visible_text(page, (*_NOT_READ, "q", "blockquote"), 'a.anchor-link, [lang^="zh"]'))[1]


def test_english_share_counts_words_as_documented():
    page = ("<html><head><title>Ignored words</title><style>p { color: red }</style></head><body>"
            "<p>互联网用户 rose (IT.NET.USER.ZS, EGDI, OLS, HC3, p = 0.01, 2022)</p>"
            "<pre>{\"json\": \"ignored code\"}</pre><footer><cite>World Bank — WDI</cite>"
            "<code>abc123def456</code></footer></body></html>")
    assert word_counts(visible_text(page)) == (1, 5)
    assert english_share(page) == pytest.approx(1 / 6)
    assert english_share("<p>数字政府</p>") == 0.0 and english_share("<p>Digital government</p>") == 1.0
    quoted = '<p>The essay: <q lang="zh">数字化</q> and <span lang="zh-Hans">现代化</span>, but 中国.</p>'
    assert chinese_outside_quotations(quoted) == 2


@pytest.fixture(scope="module")
def run(notebook_env):
    """Every notebook × language executed once into one run folder, then rendered."""
    specs = [ReportSpec(f"{name}.ipynb", {"lang": lang}, name=f"{name}-{lang}") for name, lang in PAGES]
    # On Dask like `digimod profiles` (the local path with forked kernels leaves zmq sockets open).
    final, records = run_reports(specs, "pages", executor="dask", workers=2, progress=False)
    failed = {r["report"]: r["error"] for r in records if r["status"] != "ok"}
    assert not failed, failed
    render_run(final)
    return final


@pytest.fixture(scope="module")
def pages(run) -> dict[tuple[str, str], str]:
    return {(name, lang): (run / "html" / f"{name}-{lang}.html").read_text(encoding="utf-8") for name, lang in PAGES}


@pytest.mark.parametrize(("name", "lang"), PAGES)
def test_title_and_language(pages, name, lang):
    soup = BeautifulSoup(pages[name, lang], features="html.parser")
    title = soup.title.get_text()
    assert soup.html.get("lang") == HTML_LANG[lang]
    assert title and title != "Notebook" and title != f"{name}-{lang}"
    assert title == next(text for level, _, text in headings(str(soup.main)) if level == 1)


@pytest.mark.parametrize(("name", "lang"), PAGES)
def test_no_machinery_shows(pages, name, lang):
    page = pages[name, lang]
    soup = BeautifulSoup(page, features="html.parser")
    for block in soup.find_all("pre"):
        text = block.get_text().strip()
        lines = text.count("\n") + 1
        assert not (text.startswith(("{", "[")) and lines > 20), f"a {lines}-line JSON block: {text[:200]}"
    readable = re.sub(r"data:[^\"')\s]+", "data:…", page)  # inline images: base64 could spell anything
    for leak in (".partial", "/tmp/", "PosixPath(", "{'png':", "NBVAL"):
        assert leak not in readable, f"{leak!r} at …{readable[max(readable.find(leak) - 200, 0):][:300]}…"


@pytest.mark.parametrize(("name", "lang"), PAGES)
def test_no_heading_repeated_back_to_back(pages, name, lang):
    texts = [text for _, _, text in headings(pages[name, lang])]
    repeated = [a for a, b in itertools.pairwise(texts) if a == b]
    assert not repeated, f"consecutive headings with the same text: {repeated}"
    assert len(texts) > 3


def test_chinese_pages_are_chinese_and_english_pages_english(pages, capsys):
    rows, too_english, too_chinese = [], [], []
    for name in NOTEBOOKS:
        share = english_share(pages[name, "zh"])
        chinese = chinese_outside_quotations(pages[name, "en"])
        rows.append(f"  {name:<30} zh page: {share:6.1%} English words   en page: {chinese:4d} Chinese characters "
                    f"outside quotations{'   (translated)' if name in TRANSLATED else ''}")
        if name in TRANSLATED and share > MAX_ENGLISH_SHARE:
            too_english.append(name)
        if name in TRANSLATED and chinese:
            too_chinese.append(name)
    table = "\n".join(["", "Language of the report pages:", *rows])
    with capsys.disabled():
        print(table)
    assert not too_english, f"more than {MAX_ENGLISH_SHARE:.0%} English words on the zh page of {too_english}{table}"
    assert not too_chinese, f"Chinese outside quotations on the en page of {too_chinese}{table}"


def test_index_pages_list_every_report_and_the_run(run, pages):
    index = BeautifulSoup((run / "html" / "index.html").read_text(encoding="utf-8"), features="html.parser")
    rows = index.select("tbody tr")
    assert len(rows) == len(PAGES)
    for row, (name, lang) in zip(rows, PAGES, strict=True):
        link = row.select_one("a")
        assert link["href"] == f"{name}-{lang}.html"
        assert link.get_text() == BeautifulSoup(pages[name, lang], features="html.parser").title.get_text()
        assert ("Chinese" if lang == "zh" else "English") in row.get_text() and "ok" in row.get_text()
    runs = BeautifulSoup((run.parent / "index.html").read_text(encoding="utf-8"), features="html.parser")
    assert runs.select_one("tbody a")["href"] == f"{run.name}/html/index.html"


# --- in a real browser ----------------------------------------------------------------------------

_IMAGE_CHECK = """<script>
window.addEventListener("load", function () {
  var images = Array.prototype.slice.call(document.images);
  var broken = images.filter(function (img) { return !(img.complete && img.naturalWidth > 0); });
  var out = document.createElement("pre");
  out.id = "reader-check";
  out.textContent = JSON.stringify({images: images.length, title: document.title,
    lang: document.documentElement.lang,
    broken: broken.map(function (img) { return (img.alt || img.src).slice(0, 80); })});
  document.body.appendChild(out);
});
</script>"""


def chromium(tmp_path: Path, *args: str) -> str:
    """Run headless Chromium with a new profile; its stdout."""
    profile = tempfile.mkdtemp(prefix="chromium-", dir=tmp_path)
    done = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs Debian's chromium)")
def test_pages_load_with_their_images_in_chromium(run, tmp_path, capsys):
    kept = []
    for lang in LANGS:
        page = run / "html" / f"01_digital_vs_modernization-{lang}.html"
        # A copy that writes, once loaded, what the browser made of the images into the page itself.
        checked = tmp_path / f"checked-{lang}.html"
        checked.write_text(page.read_text(encoding="utf-8").replace("</body>", _IMAGE_CHECK + "</body>"),
                           encoding="utf-8")
        dom = chromium(tmp_path, "--virtual-time-budget=15000", "--dump-dom", checked.as_uri())
        found = BeautifulSoup(dom, features="html.parser").find(id="reader-check")
        assert found is not None, f"the page did not finish loading: {dom[-500:]}"
        check = json.loads(found.get_text())
        assert check["lang"] == HTML_LANG[lang] and check["title"] != "Notebook"
        assert check["images"] >= 3 and not check["broken"], check
        shot = tmp_path / f"01_digital_vs_modernization-{lang}.png"
        chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", "--hide-scrollbars",
                 "--virtual-time-budget=5000", page.as_uri())
        assert shot.stat().st_size > 20_000  # a rendered page, not a blank one
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        kept.append(shutil.copy2(shot, SCREENSHOTS / shot.name))
    with capsys.disabled():
        print("\nScreenshots:", *kept, sep="\n  ")
