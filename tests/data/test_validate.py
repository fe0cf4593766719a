"""Unit tests for helpers.data.validate with a minimal in-test codebook."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.data.codebook import Indicator, load_codebook
from helpers.data.errors import ValidationError
from helpers.data.validate import (
    apply_correction_rules,
    apply_corrections,
    check_coverage,
    check_indicators,
    check_keys,
    check_ranges,
    load_correction_rules,
    load_corrections,
    validate,
)


def indicator(id_: str, datasets: tuple[str, ...], lo: float = 0, hi: float = 1, **kw) -> Indicator:
    return Indicator(
        id=id_, name=id_.upper(), name_zh=id_, unit="u", min=float(lo), max=float(hi), datasets=datasets, **kw
    )


CODEBOOK = {
    "x.index": indicator("x.index", ("src_a", "src_b")),
    "x.count": indicator("x.count", ("src_a",), 1, 200, coverage={"min_countries": 2, "max_countries": 3}),
}


def panel(rows: list[tuple[str, int, str, float, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["iso3", "year", "indicator", "value", "source"])
    frame["year"] = frame["year"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    return frame


GOOD = [
    ("CHN", 2020, "x.index", 0.0, "src_a"),
    ("CHN", 2020, "x.index", 1.0, "src_b"),
    ("USA", 2020, "x.index", 0.5, "src_a"),
    ("CHN", 2020, "x.count", 1.0, "src_a"),
    ("USA", 2020, "x.count", 200.0, "src_a"),
    ("CHN", 2021, "x.count", 3.0, "src_a"),
    ("FRA", 2021, "x.count", 4.0, "src_a"),
    ("DEU", 2021, "x.count", 5.0, "src_a"),
]


def test_valid_panel_passes_every_check():
    assert validate(panel(GOOD), CODEBOOK) is None


# --- check_keys ---------------------------------------------------------------------------------


def test_duplicate_keys_listed():
    frame = panel([*GOOD, ("CHN", 2020, "x.index", 0.25, "src_a")])
    with pytest.raises(ValidationError) as info:
        check_keys(frame)
    message = str(info.value)
    assert message.startswith("2 rows share a key (iso3, year, indicator, source)")
    assert "country_overrides.yaml" in message
    listed = message.splitlines()[1:]
    assert len(listed) == 3  # header line + the two clashing rows
    assert listed[1].split() == ["CHN", "2020", "x.index", "0.00", "src_a"]
    assert listed[2].split() == ["CHN", "2020", "x.index", "0.25", "src_a"]


def test_same_key_from_two_sources_is_not_a_duplicate():
    check_keys(panel([("CHN", 2020, "x.index", 0.1, "src_a"), ("CHN", 2020, "x.index", 0.2, "src_b")]))


@pytest.mark.parametrize("bad", ["chn", "CH", "CHNA", "C1N", None])
def test_malformed_iso3(bad):
    frame = panel([("CHN", 2020, "x.index", 0.1, "src_a"), (bad, 2021, "x.index", 0.2, "src_a")])
    with pytest.raises(ValidationError, match="malformed iso3 code") as info:
        check_keys(frame)
    assert "2021" in str(info.value)
    assert "2020" not in str(info.value)


# --- check_indicators ---------------------------------------------------------------------------


def test_undeclared_indicator():
    frame = panel([*GOOD, ("CHN", 2020, "x.mystery", 3.0, "src_a")])
    with pytest.raises(ValidationError) as info:
        check_indicators(frame, CODEBOOK)
    assert str(info.value) == "dataset 'src_a' produced indicator 'x.mystery', which data/codebook.yaml lacks"


def test_indicator_from_undeclared_dataset():
    frame = panel([("CHN", 2020, "x.count", 3.0, "src_b")])
    with pytest.raises(ValidationError) as info:
        check_indicators(frame, CODEBOOK)
    assert str(info.value) == "dataset 'src_b' produced 'x.count' but the codebook lists only ['src_a']"


# --- check_ranges -------------------------------------------------------------------------------


def test_value_above_range_names_the_row():
    frame = panel([*GOOD, ("IND", 2019, "x.index", 1.5, "src_b")])
    with pytest.raises(ValidationError) as info:
        check_ranges(frame, CODEBOOK)
    message = str(info.value)
    assert message.startswith("1 value(s) outside the codebook's valid range")
    row = message.splitlines()[-1].split()
    assert row == ["IND", "2019", "x.index", "src_b", "1.5", "0.0", "1.0"]


def test_value_below_range_names_the_row():
    frame = panel([*GOOD, ("IND", 2019, "x.count", 0.0, "src_a"), ("BRA", 2019, "x.index", -0.01, "src_a")])
    with pytest.raises(ValidationError) as info:
        check_ranges(frame, CODEBOOK)
    message = str(info.value)
    assert message.startswith("2 value(s) outside")
    for token in ["IND", "BRA", "x.count", "x.index", "-0.01", "src_a", "2019"]:
        assert token in message


def test_range_bounds_are_inclusive_and_nan_ignored():
    check_ranges(panel([*GOOD, ("IND", 2019, "x.index", float("nan"), "src_a")]), CODEBOOK)


# --- check_coverage -----------------------------------------------------------------------------


def test_coverage_too_few_countries():
    frame = panel([r for r in GOOD if not (r[0] == "USA" and r[2] == "x.count")])
    with pytest.raises(ValidationError) as info:
        check_coverage(frame, CODEBOOK)
    message = str(info.value)
    assert "coverage of x.count (src_a)" in message
    assert "countries per year {2020: 1}" in message


def test_coverage_too_many_countries():
    frame = panel([*GOOD, ("IND", 2021, "x.count", 6.0, "src_a")])
    with pytest.raises(ValidationError, match=r"countries per year \{2021: 4\}"):
        check_coverage(frame, CODEBOOK)


def test_coverage_counts_only_the_default_dataset():
    codebook = {"x.index": indicator("x.index", ("src_a", "src_b"), coverage={"min_countries": 2})}
    # 2020: CHN and USA from src_a -> ok; 2021: one country from src_a plus one from src_b -> 1
    frame = panel(
        [
            ("CHN", 2020, "x.index", 0.1, "src_a"),
            ("USA", 2020, "x.index", 0.1, "src_a"),
            ("CHN", 2021, "x.index", 0.1, "src_a"),
            ("USA", 2021, "x.index", 0.1, "src_b"),
        ]
    )
    with pytest.raises(ValidationError, match=r"countries per year \{2021: 1\}"):
        check_coverage(frame, codebook)


def test_coverage_years_window_counts_missing_years_as_zero():
    codebook = {
        "x.index": indicator("x.index", ("src_a",), coverage={"years": [2019, 2021], "min_countries": 1})
    }
    frame = panel(
        [
            ("CHN", 2018, "x.index", 0.1, "src_a"),
            ("CHN", 2019, "x.index", 0.1, "src_a"),
            ("CHN", 2021, "x.index", 0.1, "src_a"),
        ]
    )
    with pytest.raises(ValidationError, match=r"countries per year \{2020: 0\}"):
        check_coverage(frame, codebook)
    # outside the window nothing is required
    check_coverage(panel([*frame.itertuples(index=False), ("CHN", 2020, "x.index", 0.1, "src_a")]), codebook)


def test_coverage_without_rows_from_default_dataset():
    frame = panel([("CHN", 2020, "x.index", 0.1, "src_a")])
    with pytest.raises(ValidationError, match="no rows for x.count from its default dataset 'src_a'"):
        check_coverage(frame, CODEBOOK)


# --- corrections --------------------------------------------------------------------------------


def fix(**kw) -> dict:
    base = {"dataset": "src_a", "iso3": "USA", "year": 2020, "indicator": "x.index", "reason": "test"}
    return {**base, **kw}


def test_correction_drop():
    before = panel(GOOD)
    after = apply_corrections(before, [fix(action="drop", expected=0.5)])
    assert len(after) == len(GOOD) - 1
    assert not ((after["iso3"] == "USA") & (after["indicator"] == "x.index")).any()
    assert len(before) == len(GOOD)  # the input is not modified


def test_correction_set():
    before = panel(GOOD)
    after = apply_corrections(before, [fix(action="set", value=0.55, expected=0.5, year="2020")])
    hit = (after["iso3"] == "USA") & (after["indicator"] == "x.index")
    assert after.loc[hit, "value"].tolist() == [0.55]
    assert before.loc[hit, "value"].tolist() == [0.5]
    pd.testing.assert_frame_equal(after[~hit], before[~hit])


def test_corrections_apply_in_order():
    after = apply_corrections(
        panel(GOOD),
        [fix(action="set", value=0.6), fix(action="drop", expected=0.6)],
    )
    assert len(after) == len(GOOD) - 1


def test_stale_correction_matches_nothing():
    with pytest.raises(ValidationError, match="correction matches 0 rows, expected 1 \\(stale\\?\\)") as info:
        apply_corrections(panel(GOOD), [fix(year=1999, action="drop")])
    assert "1999" in str(info.value)


def test_correction_matching_two_rows():
    frame = panel([*GOOD, ("USA", 2020, "x.index", 0.7, "src_a")])
    with pytest.raises(ValidationError, match="correction matches 2 rows"):
        apply_corrections(frame, [fix(action="drop")])


def test_correction_with_wrong_expected_value():
    with pytest.raises(ValidationError) as info:
        apply_corrections(panel(GOOD), [fix(action="set", value=0.4, expected=0.3)])
    assert str(info.value).startswith(
        "correction expects publisher value 0.3 but finds 0.5 (publisher revised?)"
    )


def test_correction_without_reason():
    bad = fix(action="drop")
    del bad["reason"]
    with pytest.raises(ValidationError, match=r"lacks \['reason'\]"):
        apply_corrections(panel(GOOD), [bad])


def test_correction_with_unknown_action():
    with pytest.raises(ValidationError, match="unknown correction action 'fix' \\(use drop or set\\)"):
        apply_corrections(panel(GOOD), [fix(action="fix")])


def test_set_correction_without_value():
    with pytest.raises(ValidationError):
        apply_corrections(panel(GOOD), [fix(action="set")])


def test_load_corrections(tmp_path):
    path = tmp_path / "corrections.yaml"
    path.write_text("# nothing yet\ncorrections: []\n", encoding="utf-8")
    assert load_corrections(path) == []
    path.write_text("", encoding="utf-8")
    assert load_corrections(path) == []
    path.write_text(
        "corrections:\n  - {dataset: src_a, iso3: USA, year: 2020, indicator: x.index, action: drop, "
        "expected: 0.5, reason: 'duplicate of X'}\n",
        encoding="utf-8",
    )
    loaded = load_corrections(path)
    assert loaded == [fix(action="drop", expected=0.5, reason="duplicate of X")]
    assert len(apply_corrections(panel(GOOD), loaded)) == len(GOOD) - 1


# --- codebook -----------------------------------------------------------------------------------


def test_load_codebook_from_file(tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_text(
        "indicators:\n"
        "  x.index: {name: An index, name_zh: 指数, unit: index 0–1, min: 0, max: 1, datasets: [src_a, src_b],\n"
        "    coverage: {min_countries: 2}, note: a note}\n"
        "  x.count: {name: A count, unit: n, min: 1, max: 200, datasets: [src_a]}\n",
        encoding="utf-8",
    )
    codebook = load_codebook(path)
    assert codebook["x.index"] == Indicator(
        id="x.index",
        name="An index",
        name_zh="指数",
        unit="index 0–1",
        min=0.0,
        max=1.0,
        datasets=("src_a", "src_b"),
        note="a note",
        coverage={"min_countries": 2},
    )
    assert codebook["x.count"].name_zh == "A count"  # falls back to the English name
    assert codebook["x.count"].coverage == {}
    assert codebook["x.count"].default_dataset == "src_a"
    assert isinstance(codebook["x.count"].min, float)


# --- correction rules ---------------------------------------------------------------------------

SURVEY = [
    # (iso3, year, indicator, value, source): a component of 0 in an early edition, with the index and
    # rank computed from it; a 0 in a later edition (real); and an unrelated country.
    ("AND", 2003, "s.hci", 0.0, "src_a"), ("AND", 2003, "s.osi", 0.2, "src_a"),
    ("AND", 2003, "s.index", 0.1, "src_a"), ("AND", 2003, "s.rank", 150.0, "src_a"),
    ("AND", 2008, "s.hci", 0.0, "src_a"), ("AND", 2008, "s.index", 0.5, "src_a"),
    ("FRA", 2003, "s.hci", 0.9, "src_a"), ("FRA", 2003, "s.index", 0.6, "src_a"),
    ("AND", 2003, "s.hci", 0.0, "src_b"), ("AND", 2003, "s.index", 0.1, "src_b"),
]


def rule(**kw) -> dict:
    base = {"id": "early_zero", "datasets": ["src_a", "src_b"], "years": [2003, 2005], "indicators": ["s.hci"],
            "value": 0, "also_drop": ["s.index", "s.rank"], "expected_matches": 1, "reason": "test"}
    return {**base, **kw}


def test_rule_drops_the_matches_and_what_was_computed_from_them():
    after = apply_correction_rules(panel(SURVEY), [rule()])
    kept = set(map(tuple, after[["iso3", "year", "indicator", "source"]].astype(str).to_numpy()))
    assert kept == {
        ("AND", "2003", "s.osi", "src_a"),  # a component with data stays
        ("AND", "2008", "s.hci", "src_a"), ("AND", "2008", "s.index", "src_a"),  # outside the years
        ("FRA", "2003", "s.hci", "src_a"), ("FRA", "2003", "s.index", "src_a"),  # another country
    }


def test_rule_matching_another_count_stops_for_review():
    with pytest.raises(ValidationError, match=r"early_zero matches 1 rows of src_a, expected 2 \(publisher revised"):
        apply_correction_rules(panel(SURVEY), [rule(expected_matches=2)])


def test_rule_without_a_reason_is_refused():
    bad = rule()
    del bad["reason"]
    with pytest.raises(ValidationError, match=r"lacks \['reason'\]"):
        apply_correction_rules(panel(SURVEY), [bad])


def test_the_project_rules_are_well_formed():
    rules = load_correction_rules()
    assert rules and all(r["reason"] and r["expected_matches"] > 0 for r in rules)
