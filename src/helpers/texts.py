"""A notebook's own sentences, in both languages, from the catalogue that lies beside the notebook.

Prose that never changes is written in the notebook itself, as Markdown cells in both languages (tagged
``lang-en`` and ``lang-zh``; a report keeps only its own language). Sentences that carry computed numbers
live in ``notebooks/<notebook>.texts.yml``, one entry per sentence, notebook-local keys::

    coverage_latest:
      en: "In {year}, {share:.0%} of UN members have a value."
      zh: "{year}年，{share:.0%}的联合国会员国有数据。"

The template owns its number formatting (``{share:.0%}``, ``{estimate:.3f}``), so a notebook passes raw
values; a missing value prints as "–" and a rounded negative zero as 0. Shared vocabulary (indicator
names, units, regions, publishers, table headers) stays in :mod:`helpers.i18n`.

>>> text = Texts.for_notebook("00_data_overview", "zh")   # doctest: +SKIP
>>> text("coverage_latest", year=2022, share=0.83)           # doctest: +SKIP
'2022年，83%的联合国会员国有数据。'
"""

from __future__ import annotations

import functools
import math
import string
from pathlib import Path

import yaml

from . import config
from .files import parse_yaml
from .i18n import LANGS, check_lang
from .suggest import close_matches

MISSING = "–"
CATALOGUE_SUFFIX = ".texts.yml"


class TextCatalogueError(ValueError):
    """A notebook's text catalogue is missing, malformed, or lacks a key; the message names file and key."""


def catalogue_path(notebook_name: str, folder: Path | None = None) -> Path:
    """``notebooks/<notebook_name>.texts.yml`` (``notebook_name`` is the stem, e.g. ``"00_data_overview"``)."""
    return (folder or config.PROJECT_ROOT / "notebooks") / f"{notebook_name}{CATALOGUE_SUFFIX}"


def placeholders(template: str) -> set[str]:
    """The field names a template fills, e.g. ``{"year", "share"}`` for ``"{year}: {share:.0%}"``."""
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(template) if field}


def check_catalogue(entries: object, path: Path) -> dict[str, dict[str, str]]:
    """Return the catalogue if every key has a non-empty text in each language with the same placeholders."""
    if not isinstance(entries, dict) or not entries:
        raise TextCatalogueError(f"{path}: expected a mapping of keys to {{en: …, zh: …}}, got {type(entries).__name__}")
    problems = []
    for key, entry in entries.items():
        if not isinstance(entry, dict):
            problems.append(f"{key}: expected {{en: …, zh: …}}, got {entry!r}")
            continue
        missing = [lang for lang in LANGS if not str(entry.get(lang) or "").strip()]
        if missing:
            problems.append(f"{key}: no text in {', '.join(missing)}")
            continue
        try:
            fields = {lang: placeholders(entry[lang]) for lang in LANGS}
        except ValueError as err:
            problems.append(f"{key}: not a valid template ({err})")
            continue
        if len({frozenset(f) for f in fields.values()}) > 1:
            problems.append(f"{key}: the languages use different placeholders ({fields})")
    if problems:
        raise TextCatalogueError(f"{path}:" + "".join(f"\n  - {p}" for p in problems))
    return {str(key): {lang: str(entry[lang]) for lang in LANGS} for key, entry in entries.items()}


@functools.lru_cache(maxsize=32)
def load_catalogue(path: Path) -> dict[str, dict[str, str]]:
    """Read and check a text catalogue (cached per path)."""
    if not path.is_file():
        raise TextCatalogueError(f"no text catalogue {path}; create it beside the notebook (see helpers.texts)")
    with open(path, encoding="utf-8") as fh:
        try:
            entries = parse_yaml(fh)
        except yaml.YAMLError as err:
            raise TextCatalogueError(f"{path} is not valid YAML: {err}") from None
    return check_catalogue(entries, path)


class ReaderFormatter(string.Formatter):
    """``str.format`` for readers: None and NaN print as "–", a rounded negative zero loses its sign."""

    def format_field(self, value, format_spec: str) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return MISSING
        text = super().format_field(value, format_spec)
        if text.startswith("-") and text[1:].replace("0", "").strip(".,%") == "":
            return text[1:]
        return text


FORMATTER = ReaderFormatter()


class Texts:
    """The sentences of one notebook in one language: ``text(key, **values)`` → str, ``text.say(…)`` displays.

    Parameters
    ----------
    catalogue : key → {"en": template, "zh": template} (see :func:`load_catalogue`).
    lang : the report's language.
    source : where the catalogue came from, for messages.
    """

    def __init__(self, catalogue: dict[str, dict[str, str]], lang: str, source: str = "the catalogue"):
        self.catalogue = catalogue
        self.lang = check_lang(lang)
        self.source = source

    @classmethod
    def for_notebook(cls, notebook_name: str, lang: str, folder: Path | None = None) -> Texts:
        """The catalogue beside ``notebooks/<notebook_name>.ipynb``."""
        path = catalogue_path(notebook_name, folder)
        return cls(load_catalogue(path), lang, source=str(path))

    def __call__(self, key: str, **values) -> str:
        if key not in self.catalogue:
            hints = close_matches(key, self.catalogue, ignore_case=False)
            hint = f" Did you mean {', '.join(map(repr, hints))}?" if hints else ""
            raise TextCatalogueError(f"no text {key!r} in {self.source}.{hint} Add it there in both languages.")
        template = self.catalogue[key][self.lang]
        missing = sorted(placeholders(template) - set(values))
        if missing:
            raise TextCatalogueError(f"text {key!r} of {self.source} needs values for {', '.join(missing)}")
        return FORMATTER.format(template, **values)

    def say(self, key: str, **values) -> None:
        """Display the sentence as Markdown (so it shows in HTML reports too)."""
        from IPython.display import Markdown, display

        display(Markdown(self(key, **values)))
