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
