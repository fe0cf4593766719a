"""The source catalogue's reader-facing fields."""

from __future__ import annotations

import pytest

from helpers.data.catalog import load_catalog
from helpers.i18n import LANGS


@pytest.mark.parametrize("source", sorted(load_catalog()))
def test_every_source_has_a_short_citation_in_both_languages(source):
    cite = load_catalog()[source].short_cite
    assert set(cite) == set(LANGS) and all(cite[lang].strip() for lang in LANGS), (source, cite)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in cite["zh"]), f"{source}: the zh citation holds no Chinese"


@pytest.mark.parametrize("source", sorted(load_catalog()))
def test_every_licence_reads_in_chinese_too(source):
    assert any("\u4e00" <= ch <= "\u9fff" for ch in load_catalog()[source].licence_zh), source
