"""Notebook texts: catalogues beside the notebooks, bilingual Markdown cells, reader tables."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from helpers import notebook
from helpers.texts import (
    CATALOGUE_SUFFIX,
    TextCatalogueError,
    Texts,
    check_catalogue,
    load_catalogue,
    placeholders,
)

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PAIRED = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
#: ``text("key", …)``, ``text.say("key", …)`` in a notebook's code.
USES = re.compile(r"""\btext(?:\.say)?\(\s*["']([a-z0-9_]+)["']""")


def test_placeholders_ignore_format_specs():
    assert placeholders("{year}: {share:.0%} of {n}") == {"year", "share", "n"}


@pytest.mark.parametrize(
    ("entries", "problem"),
    [
        ({"a": {"en": "x"}}, "a: no text in zh"),
        ({"a": {"en": "{n} countries", "zh": "{m}个国家"}}, "a: the languages use different placeholders"),
        ({"a": "just a string"}, "a: expected {en: …, zh: …}"),
        ([], "expected a mapping"),
    ],
)
def test_a_catalogue_must_say_everything_in_both_languages(entries, problem):
    with pytest.raises(TextCatalogueError, match=re.escape(problem)):
        check_catalogue(entries, Path("nb.texts.yml"))


def test_templates_format_for_readers():
    text = Texts({"s": {"en": "{share:.0%} and {x:.2f} and {y:.1f}", "zh": "{share:.0%}，{x:.2f}，{y:.1f}"}}, "zh")
    assert text("s", share=0.834, x=-0.001, y=float("nan")) == "83%，0.00，–"
    assert text("s", share=None, x=-1.234, y=2) == "–，-1.23，2.0"


def test_unknown_key_and_missing_value_name_the_fix():
    text = Texts({"summary": {"en": "{n} rows", "zh": "{n}行"}}, "en", source="nb.texts.yml")
    with pytest.raises(TextCatalogueError, match=r"no text 'sumary' in nb.texts.yml. Did you mean 'summary'\?"):
        text("sumary", n=1)
    with pytest.raises(TextCatalogueError, match="needs values for n"):
        text("summary")


def test_reader_table():
    frame = pd.DataFrame({"year": [1981.0, np.nan], "GE.EST": [0.788, -0.0001], "region": ["South Asia", None],
                          "n": [3, 4]}, index=[7, 8])
    shown = notebook.reader_table(frame, "zh", decimals={"GE.EST": 3})
    assert list(shown.columns) == ["年份", "政府效能", "地区", "n"]
    assert shown.values.tolist() == [["1981", "0.788", "南亚", "3"], ["–", "0.000", "–", "4"]]
    assert notebook.reader_table(frame, "en")["Government Effectiveness: Estimate"].tolist() == ["0.79", "0.00"]
    own = notebook.reader_table(frame, "en", decimals={"n": 1}, headers={"n": "Countries", "year": "Edition"})
    assert list(own.columns[[0, 3]]) == ["Edition", "Countries"] and own["Countries"].tolist() == ["3.0", "4.0"]


def _cells(path: Path):
    return nbformat.read(path, as_version=4).cells


def _language(cell) -> str | None:
    tags = [tag for tag in cell.get("metadata", {}).get("tags", []) if tag.startswith("lang-")]
    return tags[0].removeprefix("lang-") if tags else None


BILINGUAL = [p for p in PAIRED if any(_language(c) for c in _cells(p))]


def test_some_notebooks_are_bilingual():
    assert BILINGUAL, "no notebook has Markdown cells tagged lang-en / lang-zh"


@pytest.mark.parametrize("path", BILINGUAL, ids=lambda p: p.stem)
def test_every_markdown_cell_exists_in_both_languages(path):
    markdown = [c for c in _cells(path) if c.cell_type == "markdown"]
    untagged = [c.source.splitlines()[0] for c in markdown if _language(c) is None]
    assert not untagged, f"{path.name}: Markdown cells without a lang-en/lang-zh tag: {untagged}"
    def headings(lang):
        return [re.match(r"#+", line).group() for c in markdown if _language(c) == lang
                for line in c.source.splitlines() if re.match(r"#+ ", line)]
    assert headings("en") == headings("zh"), f"{path.name}: the two languages have different section structures"
    zh_text = "".join(c.source for c in markdown if _language(c) == "zh")
    assert re.search(r"[\u4e00-\u9fff]", zh_text), f"{path.name}: the lang-zh cells hold no Chinese"


@pytest.mark.parametrize("path", BILINGUAL, ids=lambda p: p.stem)
def test_the_catalogue_beside_the_notebook_matches_its_code(path):
    code = "\n".join(c.source for c in _cells(path) if c.cell_type == "code")
    used = set(USES.findall(code))
    catalogue = path.with_name(path.stem + CATALOGUE_SUFFIX)
    if not used and not catalogue.exists():
        return
    defined = set(load_catalogue(catalogue))
    assert used <= defined, f"{path.name} uses texts missing from {catalogue.name}: {sorted(used - defined)}"
    assert defined <= used, f"{catalogue.name} holds texts {path.name} never uses: {sorted(defined - used)}"
