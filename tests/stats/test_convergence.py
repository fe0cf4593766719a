"""Tests for helpers.stats.convergence: logit shares, sigma and beta convergence, with hand-computed answers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import stats


def test_logit_share_values_and_clipping():
    assert stats.logit_share(50.0) == 0.0
    assert stats.logit_share(90.0) == pytest.approx(math.log(9))
    assert stats.logit_share(0.0) == pytest.approx(math.log(0.005 / 0.995))  # clipped to 0.5 %
    assert stats.logit_share(100.0, eps_pct=1.0) == pytest.approx(math.log(99))
    shares = pd.Series([10.0, np.nan], index=["CHN", "USA"], name="internet")
    logits = stats.logit_share(shares)
    assert logits.name == "internet" and list(logits.index) == ["CHN", "USA"]
    assert logits["CHN"] == pytest.approx(math.log(1 / 9)) and math.isnan(logits["USA"])
    with pytest.raises(ValueError, match="percentages"):
        stats.logit_share(pd.Series([0.5, 120.0]))


def test_transform_for_unit():
    assert stats.transform_for_unit("% of population") == "logit"
    assert stats.transform_for_unit(" % of GDP") == "logit"
    assert stats.transform_for_unit("per 100 people") == "log"
    assert stats.transform_for_unit("index 0–1") == "log"


def test_sigma_convergence_three_countries_by_hand():
    frame = pd.DataFrame(
        {
            "iso3": ["A", "B", "C"] * 2,
            "year": [2000] * 3 + [2010] * 3,
            "region": ["north", "north", "south"] * 2,
            "share": [10.0, 50.0, 90.0, 40.0, 50.0, 60.0],
        }
    )
    table = stats.sigma_convergence(frame, "share").set_index("year")

    assert list(table.columns) == ["n", "mean", "sd", "cv", "p10", "p90", "p90_p10"]
    first = table.loc[2000]
    # logits: -ln 9, 0, ln 9 → sample sd = ln 9; raw sd = 40, mean 50; p10 = 10 + 0.2·40, p90 = 90 − 0.2·40
    assert first["n"] == 3 and first["mean"] == pytest.approx(50)
    assert first["sd"] == pytest.approx(math.log(9))
    assert first["cv"] == pytest.approx(40 / 50)
    assert (first["p10"], first["p90"], first["p90_p10"]) == pytest.approx((18, 82, 64))
    later = table.loc[2010]
    assert later["sd"] == pytest.approx(math.log(60 / 40))  # logit(60) = ln 1.5
    assert later["p90_p10"] == pytest.approx(16)
    assert later["sd"] < first["sd"]  # sigma convergence

    raw = stats.sigma_convergence(frame, "share", transform="none").set_index("year")
    assert raw.loc[2000, "sd"] == pytest.approx(40)

    grouped = stats.sigma_convergence(frame, "share", group="region").set_index(["year", "region"])
    assert grouped.loc[(2000, "north"), "sd"] == pytest.approx(math.log(9) / math.sqrt(2))
    assert grouped.loc[(2000, "south"), "n"] == 1 and math.isnan(grouped.loc[(2000, "south"), "sd"])


def test_beta_convergence_exact_linear_relation_and_half_life():
    start_levels = np.array([5.0, 20.0, 35.0, 50.0, 70.0, 85.0])
    alpha, beta, span = 0.3, -0.02, 10
    logit_start = np.log(start_levels / (100 - start_levels))
    logit_end = logit_start + span * (alpha + beta * logit_start)
    end_levels = 100 / (1 + np.exp(-logit_end))
    frame = pd.DataFrame(
        {
            "iso3": [f"C{i}" for i in range(6)] * 2 + ["LATE"],
            "year": [2000] * 6 + [2010] * 6 + [2010],  # LATE has no 2000 value and is left out
            "share": [*start_levels, *end_levels, 30.0],
        }
    )
    convergence = stats.beta_convergence(frame, "share", 2000, 2010)

    assert convergence.beta == pytest.approx(beta, abs=1e-12)
    assert convergence.result.params["const"] == pytest.approx(alpha, abs=1e-12)
    assert convergence.result.nobs == 6
    rate = -math.log(1 + beta * span) / span  # = -ln(0.8) / 10
    assert convergence.convergence_rate == pytest.approx(rate)
    assert convergence.half_life == pytest.approx(math.log(2) / rate)  # ≈ 31.06 years
    assert convergence.half_life == pytest.approx(31.0628, abs=1e-3)
    assert list(convergence.data.columns) == [
        "iso3",
        "share_2000",
        "share_2010",
        "initial_level",
        "annual_change",
    ]


def test_beta_convergence_without_a_half_life():
    levels = np.array([1.0, 2.0, 4.0, 8.0, 16.0])

    def frame_with_end(end_levels: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(
            {"iso3": list("ABCDE") * 2, "year": [2000] * 5 + [2010] * 5, "gdp": [*levels, *end_levels]}
        )

    # Divergence: growth rises with the initial level (beta = +0.01 in logs).
    diverging = stats.beta_convergence(
        frame_with_end(levels * np.exp(0.1 * (1 + np.log(levels)))), "gdp", 2000, 2010, transform="log"
    )
    assert diverging.beta == pytest.approx(0.01)
    assert diverging.half_life is None and diverging.convergence_rate is None
    # Overshooting: beta·T = -1.5 < -1, the ranking reverses, no exponential rate fits.
    overshooting = stats.beta_convergence(
        frame_with_end(levels * np.exp(-1.5 * np.log(levels))), "gdp", 2000, 2010, transform="log"
    )
    assert overshooting.beta == pytest.approx(-0.15)
    assert overshooting.half_life is None
    with pytest.raises(ValueError, match="after start"):
        stats.beta_convergence(frame_with_end(levels), "gdp", 2010, 2000)


# --- clipping sensitivity (issue 12, claim d) -------------------------------------------------------


def _two_years(start_levels, end_levels):
    n = len(start_levels)
    return pd.DataFrame(
        {"iso3": [f"C{i}" for i in range(n)] * 2, "year": [2000] * n + [2022] * n,
         "share": [*start_levels, *end_levels]}
    )


def _logit_sd(levels, eps):
    share = np.clip(np.asarray(levels, dtype=float), eps, 100 - eps) / 100
    return np.std(np.log(share / (1 - share)), ddof=1)


def test_clipped_count_counts_what_the_logit_clips():
    values = pd.Series([0.0, 0.5, 0.7, 50.0, 99.6, 100.0, np.nan])
    assert stats.clipped_count(values) == 3  # 0, 99.6 and 100; 0.5 sits on the bound and is not changed
    assert stats.clipped_count(values, eps_pct=1.0) == 5  # and 0.5, 0.7 below 1 %
    assert stats.clipped_count([], eps_pct=1.0) == 0
    with pytest.raises(ValueError, match="between 0 and 50"):
        stats.clipped_count(values, eps_pct=0)


def test_sigma_sensitivity_finds_a_sign_that_depends_on_the_clipping_constant():
    # Two laggards near 0 % in 2000: a small floor keeps them far apart (the spread narrows by 2022), a
    # large floor merges them and the spread widens.
    start, end = [0.01, 1.0, 50.0], [1.0, 30.0, 90.0]
    table = stats.sigma_convergence_sensitivity(_two_years(start, end), "share", [0.1, 0.5, 2.0])

    assert list(table.columns) == stats.SIGMA_SENSITIVITY_COLUMNS
    assert table["eps_pct"].tolist() == [0.1, 0.5, 2.0]
    assert (table["start"] == 2000).all() and (table["end"] == 2022).all()
    assert (table["n_start"] == 3).all() and (table["n_end"] == 3).all()
    for row in table.itertuples():
        assert row.sd_start == pytest.approx(_logit_sd(start, row.eps_pct), rel=1e-12)
        assert row.sd_end == pytest.approx(_logit_sd(end, row.eps_pct), rel=1e-12)
        assert row.change == pytest.approx(row.sd_end - row.sd_start)
    assert table["sign"].tolist() == [-1, 1, 1]  # narrowed at 0.1 %, widened from 0.5 %
    assert table["n_clipped_start"].tolist() == [1, 1, 2]  # 0.01 below all; 1.0 below 2 % only
    assert table["n_clipped_end"].tolist() == [0, 0, 1]


def test_sigma_sensitivity_agrees_with_sigma_convergence_and_checks_its_input():
    frame = _two_years([0.2, 10.0, 40.0, 99.9], [5.0, 30.0, 60.0, 99.0])
    table = stats.sigma_convergence_sensitivity(frame, "share", 0.5, start=2000, end=2022)
    sigma = stats.sigma_convergence(frame, "share", eps_pct=0.5).set_index("year")
    assert table.loc[0, "sd_start"] == pytest.approx(sigma.loc[2000, "sd"], rel=1e-12)
    assert table.loc[0, "sd_end"] == pytest.approx(sigma.loc[2022, "sd"], rel=1e-12)
    with pytest.raises(ValueError, match="after start"):
        stats.sigma_convergence_sensitivity(frame, "share", [0.5], start=2022, end=2000)
    with pytest.raises(ValueError, match="no 'share' values in 2010"):
        stats.sigma_convergence_sensitivity(frame, "share", [0.5], start=2000, end=2010)
    with pytest.raises(ValueError, match="twice"):
        stats.sigma_convergence_sensitivity(frame, "share", [0.5, 0.5])
    with pytest.raises(ValueError, match="empty"):
        stats.sigma_convergence_sensitivity(frame, "share", [])


def test_beta_sensitivity_repeats_beta_convergence_and_counts_clipping_on_its_own_sample():
    frame = _two_years([0.05, 0.3, 5.0, 20.0, 60.0, 99.8], [8.0, 20.0, 45.0, 70.0, 90.0, 99.9])
    # An economy observed only in 2000 (below every floor) must not enter the regression or the count.
    frame = pd.concat([frame, pd.DataFrame({"iso3": ["GONE"], "year": [2000], "share": [0.01]})])
    table = stats.beta_convergence_sensitivity(frame, "share", 2000, 2022, [0.1, 1.0])

    assert list(table.columns) == stats.BETA_SENSITIVITY_COLUMNS
    for row in table.itertuples():
        fit = stats.beta_convergence(frame, "share", 2000, 2022, eps_pct=row.eps_pct)
        assert row.beta == fit.beta and row.nobs == 6
        assert (row.ci_low, row.ci_high) == fit.result.conf_int["initial_level"]
        assert row.half_life == pytest.approx(fit.half_life)
        assert (row.n_clipped_start, row.n_clipped_end) == (fit.n_clipped_start, fit.n_clipped_end)
    assert table["n_clipped_start"].tolist() == [1, 3]  # 0.05 (0.1 %); 0.05, 0.3 and 99.8 (1 %); not GONE
    assert table["n_clipped_end"].tolist() == [0, 1]  # 99.9 sits on the 0.1 % bound, above 99 %


def test_beta_convergence_reports_clipping_only_for_the_logit():
    frame = _two_years([0.2, 10.0, 40.0], [5.0, 30.0, 60.0])
    logit = stats.beta_convergence(frame, "share", 2000, 2022)
    assert (logit.n_clipped_start, logit.n_clipped_end, logit.eps_pct) == (1, 0, 0.5)
    log = stats.beta_convergence(frame, "share", 2000, 2022, transform="log")
    assert (log.n_clipped_start, log.n_clipped_end, log.eps_pct) == (None, None, None)
