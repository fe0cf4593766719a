"""Tests for helpers.stats.results: result tables, stars and the results.json form, against hand values."""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import pytest

from helpers import stats


def make_result(**overrides) -> stats.RegressionResult:
    """A hand-made result with round numbers; keyword arguments replace fields."""
    base = stats.RegressionResult(
        dependent="y",
        regressors=["x", "z"],
        params={"const": 0.5, "x": 1.23456, "z": -0.5},
        std_errors={"const": 0.1, "x": 0.2, "z": 0.3},
        pvalues={"const": 0.2, "x": 0.005, "z": 0.03},
        conf_int={"const": (0.3, 0.7), "x": (0.8, 1.6), "z": (-1.1, 0.1)},
        nobs=120,
        r2=0.4567,
        r2_within=None,
        cov_type="HC3",
        model="OLS",
        n_entities=None,
    )
    return dataclasses.replace(base, **overrides)


def test_results_table_formatting():
    ols = make_result()
    fe = make_result(
        params={"x": -0.04, "w": 3.0},
        std_errors={"x": 0.05, "w": 1.0},
        pvalues={"x": 0.07, "w": 0.2},
        conf_int={"x": (-0.1, 0.02), "w": (1.0, 5.0)},
        nobs=900,
        r2=0.12,
        r2_within=0.0345,
        model="Two-way FE",
        cov_type="clustered by iso3",
        n_entities=150,
    )
    table = stats.results_table([ols, fe], terms=["x", "z", "w"])

    assert list(table.columns) == ["(1)", "(2)"]
    expected_rows = [
        "x",
        "x (se)",
        "z",
        "z (se)",
        "w",
        "w (se)",
        "N",
        "Entities",
        "R²",
        "Within R²",
        "Model",
        "SE",
    ]
    assert list(table.index) == expected_rows
    assert table["(1)"].tolist() == [
        "1.235***",
        "(0.200)",
        "-0.500**",
        "(0.300)",
        "",
        "",
        "120",
        "",
        "0.457",
        "",
        "OLS",
        "HC3",
    ]
    assert table["(2)"].tolist() == [
        "-0.040*",
        "(0.050)",
        "",
        "",
        "3.000",
        "(1.000)",
        "900",
        "150",
        "0.120",
        "0.035",
        "Two-way FE",
        "clustered by iso3",
    ]
    named = stats.results_table([ols], terms=["x"], column_names=["Cross-section"], digits=2)
    assert named.loc["x", "Cross-section"] == "1.23***"
    with pytest.raises(ValueError, match="column names"):
        stats.results_table([ols], terms=["x"], column_names=["a", "b"])


def test_significance_star_boundaries():
    assert [stats.significance_stars(p) for p in (0.0099, 0.01, 0.049, 0.05, 0.099, 0.1, float("nan"))] == [
        "***",
        "**",
        "**",
        "*",
        "*",
        "",
        "",
    ]


def test_results_table_numeric_and_to_row():
    ols, fe = (
        make_result(),
        make_result(model="Two-way FE", r2_within=0.3, n_entities=40, params={"x": 2.0, "const": 0.1}),
    )
    table = stats.results_table_numeric([ols, fe], terms=["x", "z"])
    assert list(table.columns) == stats.NUMERIC_COLUMNS
    assert list(zip(table["column"], table["term"], strict=True)) == [
        (1, "x"),
        (1, "z"),
        (2, "x"),
    ]  # fe has no "z"
    assert table.loc[2, "coef"] == 2.0 and table.loc[2, "n_entities"] == 40
    assert math.isnan(table.loc[0, "r2_within"]) and table["nobs"].dtype == np.int64
    row = ols.to_row("x")
    assert (row["coef"], row["se"], row["ci_low"], row["ci_high"], row["pvalue"]) == (
        1.23456,
        0.2,
        0.8,
        1.6,
        0.005,
    )
    assert len(stats.results_table_numeric([ols])) == 3
    with pytest.raises(KeyError, match="nope"):
        ols.to_row("nope")


def test_result_to_dict_is_plain_rounded_and_deterministic(cross_section):
    result = stats.ols_hc3(cross_section, "y", "x", controls=["z"])
    first = json.dumps(stats.result_to_dict(result), sort_keys=True)
    second = json.dumps(
        stats.result_to_dict(stats.ols_hc3(cross_section.copy(), "y", "x", controls=["z"])), sort_keys=True
    )
    assert first == second

    # Differences beyond 10 significant digits (BLAS noise) do not change the output.
    noisy = make_result(params={"const": 0.5 * (1 + 1e-13), "x": 1.23456, "z": -0.5})
    assert json.dumps(stats.result_to_dict(noisy)) == json.dumps(stats.result_to_dict(make_result()))

    as_dict = stats.result_to_dict(make_result(params={"const": 1 / 3, "x": float("nan"), "z": -0.0}))
    assert as_dict["params"] == {"const": 0.3333333333, "x": None, "z": 0.0}
    assert as_dict["conf_int"]["x"] == [0.8, 1.6] and as_dict["r2_within"] is None
    assert as_dict["nobs"] == 120 and type(as_dict["nobs"]) is int
    json.dumps(as_dict, allow_nan=False)  # strictly valid JSON


@pytest.mark.parametrize(("pvalue", "expected"), [
    (0.0, "p < 0.001"), (0.00099, "p < 0.001"), (0.001, "p = 0.001"), (0.0341, "p = 0.034"),
    (0.5, "p = 0.500"), (1.0, "p = 1.000"), (None, "p = –"), (math.nan, "p = –"),
])
def test_p_value_text_cites_small_values_as_below_a_thousandth(pvalue, expected):
    assert stats.p_value_text(pvalue) == expected
