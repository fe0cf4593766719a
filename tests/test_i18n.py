"""Labels: both languages for every key, lookups, indicator labels and country names."""

from __future__ import annotations

import string

import pandas as pd
import pytest

from helpers import i18n
from helpers.data.codebook import load_codebook
from helpers.errors import ParameterError


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_every_key_has_both_languages_non_empty():
    assert i18n.LANGS == ("en", "zh")
    for key, labels in i18n.LABELS.items():
        assert set(labels) == set(i18n.LANGS), key
        for lang in i18n.LANGS:
            assert isinstance(labels[lang], str) and labels[lang].strip(), (key, lang)


def test_placeholders_match_across_languages():
    # A placeholder only in English would make t(..., "zh", x=...) silently drop the value.
    for key, labels in i18n.LABELS.items():
        assert _fields(labels["en"]) == _fields(labels["zh"]), key


def test_required_keys_regions_and_income_groups_present():
    required = [
        "source", "data", "year", "country", "region", "income_group", "coefficient", "std_error", "n_obs",
        "r2", "r2_within", "fitted_line", "china", "world", "over_achiever", "under_achiever", "coverage",
        "missing", "not_assessed", "observed", "interpolated", "censored", "pooled_ols", "twoway_fe",
        "first_differences", "lagged", "reverse", *i18n.PROCESSES,
    ]
    assert not [k for k in required if k not in i18n.LABELS]
    assert len(i18n.REGIONS) == 7 and all(r in i18n.LABELS for r in i18n.REGIONS)
    assert all(g in i18n.LABELS for g in i18n.INCOME_GROUPS)
    # Region keys are the World Bank's own strings, so data values translate directly.
    assert i18n.t("Sub-Saharan Africa", "en") == "Sub-Saharan Africa"
    assert i18n.t("Sub-Saharan Africa", "zh") == "撒哈拉以南非洲"
    assert i18n.t("Upper middle income", "zh") == "中等偏上收入"


def test_t_looks_up_and_formats():
    assert i18n.t("coefficient", "en") == "Coefficient"
    assert i18n.t("coefficient", "zh") == "系数"
    assert i18n.t("change_since", "en", year=2010) == "Change since 2010"
    assert i18n.t("change_since", "zh", year=2010) == "自2010年以来的变化"
    assert i18n.t("ci_band", "en", level=90) == "90% confidence interval"


def test_t_unknown_key_names_it_and_close_matches():
    with pytest.raises(KeyError) as info:
        i18n.t("coefficent", "en")
    message = str(info.value)
    assert "'coefficent'" in message and "'coefficient'" in message


def test_t_unknown_lang_lists_languages():
    # One check for every caller (notebooks, plots, the CLI): the parameter checks' message and error.
    with pytest.raises(ParameterError, match=r"lang must be one of 'en', 'zh', got 'fr'"):
        i18n.t("year", "fr")


def test_t_missing_placeholder_value_is_explained():
    with pytest.raises(ValueError, match="needs values for year"):
        i18n.t("change_since", "en")


def test_indicator_label_en_and_zh():
    assert i18n.indicator_label("IT.NET.USER.ZS", "en") == "Individuals using the Internet (% of population)"
    assert i18n.indicator_label("IT.NET.USER.ZS", "zh") == "互联网用户占人口比例（占人口的%）"
    assert i18n.indicator_label("IT.NET.USER.ZS", "zh", with_unit=False) == "互联网用户占人口比例"
    assert i18n.indicator_label("un_egov.egdi", "en", with_unit=False) == "E-Government Development Index (EGDI)"


def test_indicator_label_unknown_lists_close_matches():
    with pytest.raises(KeyError, match="IT.NET.USER.ZS"):
        i18n.indicator_label("IT.NET.USER", "en")


def test_every_codebook_indicator_has_labels_in_both_languages():
    for indicator_id in load_codebook():
        for lang in i18n.LANGS:
            assert i18n.indicator_label(indicator_id, lang).strip()


def test_untranslated_unit_falls_back_to_english():
    assert i18n.unit_label("furlongs per fortnight", "zh") == "furlongs per fortnight"
    assert i18n.unit_label("years", "zh") == "年"
    assert i18n.unit_label("years", "en") == "years"


def test_label_for_prefers_label_keys_then_indicators_then_the_text():
    assert i18n.label_for("year", "zh") == "年份"
    assert i18n.label_for("GE.EST", "en", with_unit=False) == "Government Effectiveness: Estimate"
    assert i18n.label_for("my_column", "en") == "my_column"


@pytest.fixture
def countries() -> pd.DataFrame:
    return pd.DataFrame(
        {"iso3": ["CHN", "USA", "IND", "XKX"], "name_en": ["China", "United States", "India", "Kosovo"],
         "name_zh": ["中国", "美国", None, ""]}
    )


def test_country_name_picks_the_language(countries):
    assert i18n.country_name("CHN", "zh", countries) == "中国"
    assert i18n.country_name("USA", "en", countries) == "United States"


def test_country_name_falls_back_to_english_when_zh_missing(countries):
    assert i18n.country_name("IND", "zh", countries) == "India"
    assert i18n.country_name("XKX", "zh", countries) == "Kosovo"


def test_country_name_unknown_code(countries):
    with pytest.raises(KeyError, match="'FRA'"):
        i18n.country_name("FRA", "en", countries)


def test_indicator_unit_is_an_axis_label_in_both_languages():
    assert i18n.indicator_unit("GE.EST", "en") == "Score (≈ −2.5 to 2.5)"
    assert i18n.indicator_unit("un_egov.egdi", "zh") == "指数，0–1"


def test_big_count_reads_as_each_language_groups_large_numbers():
    assert i18n.big_count(1_385_439_000, "en") == "1.39 billion"
    assert i18n.big_count(1_385_439_000, "zh") == "13.85亿"
    assert i18n.big_count(820_180_133, "zh", digits=1) == "8.2亿"
    assert i18n.big_count(float("nan"), "en") == "–" and i18n.big_count(None, "zh") == "–"
    with pytest.raises(ParameterError, match="lang"):
        i18n.big_count(1e9, "fr")
