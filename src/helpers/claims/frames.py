"""The analysis frames and specification grids of claims (a) and (b): the one place that turns
:func:`helpers.data.load_panel` output into what :func:`helpers.stats.specification_curve` fits.

Claim (a), "digital development is a marker of modernization" (notebook 01)
    Outcomes (``data/claims.yaml``): the five modernization outcomes of notebook 01 other than income itself — human
    development (HDI), life expectancy, mean years of schooling, urban share, services share of GDP.
    The HDI contains log GNI per capita, so its fit with an income control is partly mechanical; life
    expectancy, schooling, urbanization and services have no income part. Treatments: internet use,
    fixed broadband, mobile subscriptions, EGDI. Controls: none; log income (HDR GNI per capita, PPP).
    Estimators: the 2022 cross-section (notebook 01's design) and, on the annual panel 2000–2022,
    pooled OLS, two-way FE, two-way FE with country trends, first differences, long difference.
    Timing "same_year" and lag 0 (a marker is a contemporaneous association).

Claim (b), "digital government raises government effectiveness, improves the business environment and
equalizes access to basic public services" (notebook 02)
    Outcomes (declared in ``data/claims.yaml``, read by :func:`family_outcomes`): WGI government
    effectiveness (b1), regulatory quality and control of corruption (b2: the WGI measures closest to
    the business environment, 营商环境, which Chinese policy ties to clean government–business relations), and
    for equal access to basic public services (b3, 基本公共服务均等化) UNDP's inequality in life
    expectancy and inequality in education (HDR, 2010–2022; Atkinson indices, **lower = more equal**,
    so the claim predicts a *negative* coefficient: :func:`expected_sign`). These are outcomes of
    access, not access itself: inequality in life expectancy is driven mostly by child mortality, which
    basic health services reach; inequality in education is a stock of adults' schooling that moves in
    steps (a survey value is carried forward until the next survey), so within-country estimates on it
    rest on few real changes. No series in the panel measures the regional or urban–rural spread of
    services directly; b3 is testable only through these proxies, and a reading should say so.
    Treatments: EGDI and its three thirds — OSI (what governments put online), TII (telecom
    infrastructure), HCI (schooling: with the schooling control it overlaps mechanically) — with lags 0,
    1, 2 editions ("previous available edition", :func:`helpers.stats.lag_within_entity`); and the
    World Bank GTMI (editions 2020, 2022, 2025) at lag 0 with pooled OLS and two-way FE only: with
    two usable periods, first differences, the long difference and two-way FE coincide and country
    trends are not identified. Controls: none; log income; log income + mean years of schooling + life
    expectancy. Timing: the outcome of the edition's year ("same_year", notebook 02), or of the year
    before it ("year_before": the survey assesses the year before its publication), controls dated like
    the outcome. Estimators: pooled, two-way FE, two-way FE + country trends, first differences, long
    difference (first→last complete edition).

Samples (both claims): all economies (non-aggregates of the country table); each World Bank income
group (the current classification, one group per economy for the whole panel); without microstates
(population < 1 million in the latest year the panel's population series has, Gapminder).

The grids list every combination: :func:`claim_b_grid` has 10 800 UN-survey specifications plus 360
GTMI ones (11 160), :func:`claim_a_grid` 1 440. A grid row names its frame (``frame``) and its control
columns (``control_terms``).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .. import config, stats
from ..data import country_table, load_panel
from ..data.errors import DataError
from ..files import parse_yaml
from .registry import Registry, read_registry

ENTITY, TIME = "iso3", "year"

INCOME = "hdr.gnipc"
LOG_INCOME = f"log {INCOME}"
SCHOOLING, LIFE_EXPECTANCY = "hdr.mys", "hdr.le"

#: control-set name -> frame columns
CONTROL_SETS: dict[str, tuple[str, ...]] = {
    "none": (),
    "income": (LOG_INCOME,),
    "income_schooling_health": (LOG_INCOME, SCHOOLING, LIFE_EXPECTANCY),
}

#: claim (a) outcomes whose construction contains income (controlling for income is partly mechanical)
CLAIM_A_INCOME_PART = ("hdr.hdi",)
CLAIM_A_TREATMENTS = ("IT.NET.USER.ZS", "IT.NET.BBND.P2", "IT.CEL.SETS.P2", "un_egov.egdi")
CLAIM_A_YEARS = (2000, 2022)
CLAIM_A_CROSS_SECTION_YEAR = 2022
CLAIM_A_ESTIMATORS = ("cross_section", "pooled", "twoway_fe", "twoway_fe_trends", "first_differences",
                      "long_difference")
CLAIM_A_CONTROLS = ("none", "income")

EGOV_TREATMENTS = ("un_egov.egdi", "un_egov.osi", "un_egov.tii", "un_egov.hci")
GTMI_TREATMENTS = ("gtmi.gtmi",)
LAGS = (0, 1, 2)
TIMINGS = ("same_year", "year_before")
PANEL_ESTIMATORS = ("pooled", "twoway_fe", "twoway_fe_trends", "first_differences", "long_difference")
GTMI_ESTIMATORS = ("pooled", "twoway_fe")

MICROSTATE_POPULATION = 1_000_000
POPULATION = "gapminder.population"
INCOME_GROUP_SAMPLES = {
    "high_income": "High income",
    "upper_middle_income": "Upper middle income",
    "lower_middle_income": "Lower middle income",
    "low_income": "Low income",
}
SAMPLES = ("all", *INCOME_GROUP_SAMPLES, "no_microstates")

#: the keys of a primary specification (data/claims.yaml)
SPEC_KEYS = ("outcome", "treatment", "controls", "lag", "estimator", "timing", "sample")


# --------------------------------------------------------------------------------------------------
# Outcomes: the claims registry is their one home
# --------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _registry() -> Registry:
    return read_registry(config.CLAIMS_FILE)


def family_outcomes(family: str, registry: Registry | None = None) -> tuple[str, ...]:
    """The outcomes of the registry's claims in ``family`` (``"a"``, ``"b"``), in registry order.

    Which outcome tests which sub-claim is declared once, in ``data/claims.yaml``: the frames and grids
    hold exactly these outcomes (:func:`subclaim_of`, :func:`expected_sign` read the same entries).
    """
    claims = (registry or _registry()).family(family)
    if not claims:
        raise DataError(f"the claims registry has no claim in family {family!r}")
    return tuple(dict.fromkeys(o for claim in claims for o in claim.outcomes))


def subclaim_of(outcome: str, family: str = "b", registry: Registry | None = None) -> str:
    """The claim of ``family`` whose outcomes include ``outcome`` (e.g. ``"CC.EST"`` → ``"b2"``)."""
    for claim in (registry or _registry()).family(family):
        if outcome in claim.outcomes:
            return claim.id
    raise DataError(f"no claim of family {family!r} has the outcome {outcome!r} in the claims registry")


def expected_sign(outcome: str, family: str = "b", registry: Registry | None = None) -> int:
    """+1 or −1: the sign of the slope the outcome's claim predicts (its rule's ``direction``)."""
    claim = (registry or _registry())[subclaim_of(outcome, family, registry)]
    return 1 if claim.rule["direction"] == "positive" else -1


def claim_a_indicators() -> list[str]:
    """Every codebook id claim (a)'s frames read (for a figure's source line)."""
    return [*family_outcomes("a"), *CLAIM_A_TREATMENTS, INCOME]


def claim_b_indicators() -> list[str]:
    """Every codebook id claim (b)'s frames read (for a figure's source line)."""
    return [*EGOV_TREATMENTS, *GTMI_TREATMENTS, *family_outcomes("b"), INCOME, SCHOOLING, LIFE_EXPECTANCY,
            POPULATION]


# --------------------------------------------------------------------------------------------------
# Frames
# --------------------------------------------------------------------------------------------------


def _economies() -> pd.DataFrame:
    countries = country_table()
    return countries.loc[~countries["is_aggregate"], [ENTITY, "income_group"]]


def _microstates(economies: Sequence[str]) -> set[str]:
    """Economies whose latest population in the panel is below :data:`MICROSTATE_POPULATION`."""
    population = load_panel(POPULATION).sort_values(TIME).groupby(ENTITY)["value"].last()
    return set(population[population < MICROSTATE_POPULATION].index) & set(economies)


def _add_samples(frame: pd.DataFrame) -> pd.DataFrame:
    """``income_group`` and boolean ``in_<sample>`` columns for every sample but "all" (:data:`SAMPLES`)."""
    economies = _economies()
    groups = frame[ENTITY].map(economies.set_index(ENTITY)["income_group"])
    frame["income_group"] = groups.to_numpy()  # for heterogeneity_by_group
    for name, group in INCOME_GROUP_SAMPLES.items():
        frame[stats.SAMPLE_PREFIX + name] = (groups == group).to_numpy()
    small = _microstates(economies[ENTITY])
    frame[stats.SAMPLE_PREFIX + "no_microstates"] = ~frame[ENTITY].isin(small).to_numpy()
    return frame


def _wide(indicators: Sequence[str], years: Sequence[int] | tuple[int, int]) -> pd.DataFrame:
    frame = load_panel(list(indicators), years=years, wide=True)
    frame = frame.reindex(columns=[ENTITY, TIME, *indicators])  # an indicator without rows stays a column
    return frame[frame[ENTITY].isin(set(_economies()[ENTITY]))]


def _with_log_income(frame: pd.DataFrame) -> pd.DataFrame:
    frame[LOG_INCOME] = np.log(frame[INCOME].where(frame[INCOME] > 0))
    return frame


def _edition_frame(treatments: Sequence[str], outcomes: Sequence[str], timing: str,
                   lags: Sequence[int]) -> pd.DataFrame:
    """One row per economy and survey edition: treatments (and their lags) of the edition, outcomes and
    controls of the edition's year or the year before (``timing``)."""
    if timing not in TIMINGS:
        raise ValueError(f"timing must be one of {TIMINGS}, got {timing!r}")
    editions = sorted(int(y) for y in load_panel(list(treatments))[TIME].unique())
    treated = _wide(treatments, editions)
    shift = 1 if timing == "year_before" else 0
    measured = _wide([*outcomes, INCOME, SCHOOLING, LIFE_EXPECTANCY], [year - shift for year in editions])
    measured[TIME] = measured[TIME] + shift
    frame = treated.merge(measured, on=[ENTITY, TIME], how="outer").sort_values([ENTITY, TIME])
    for lag in (k for k in lags if k > 0):
        # After the merge, on the full edition panel (as notebook 02): an edition that did not assess a
        # country but has its outcome gets the country's previous available value as its lag.
        frame = stats.lag_within_entity(frame, list(treatments), lag)
    return _add_samples(_with_log_income(frame.reset_index(drop=True)))


def claim_b_frames(timing: str | Sequence[str] | None = None) -> dict[str, pd.DataFrame]:
    """The edition panels claim (b)'s grid is fitted on, by frame key.

    Parameters
    ----------
    timing : "same_year", "year_before", or several; default both (:data:`TIMINGS`).

    Returns
    -------
    dict
        ``"<timing>"``: the UN survey editions (EGDI, OSI, TII, HCI and their ``_lag1``/``_lag2``);
        ``"gtmi_<timing>"``: the GTMI editions. Columns: iso3, year (the edition), the treatments, the
        outcomes of :func:`family_outcomes` (``"b"``), the controls (``log hdr.gnipc``, ``hdr.mys``, ``hdr.le``;
        ``hdr.gnipc`` in dollars), ``income_group`` and the ``in_<sample>`` columns.
    """
    timings = TIMINGS if timing is None else [timing] if isinstance(timing, str) else list(timing)
    frames = {}
    for name in timings:
        frames[name] = _edition_frame(EGOV_TREATMENTS, family_outcomes("b"), name, LAGS)
        frames[f"gtmi_{name}"] = _edition_frame(GTMI_TREATMENTS, family_outcomes("b"), name, (0,))
    return frames


def claim_a_frames() -> dict[str, pd.DataFrame]:
    """The annual panel (``"panel"``, 2000–2022) and its 2022 cross-section (``"cross_section"``)."""
    panel = _wide([*family_outcomes("a"), *CLAIM_A_TREATMENTS, INCOME], CLAIM_A_YEARS)
    panel = _add_samples(_with_log_income(panel).sort_values([ENTITY, TIME]).reset_index(drop=True))
    cross_section = panel[panel[TIME] == CLAIM_A_CROSS_SECTION_YEAR].reset_index(drop=True)
    return {"panel": panel, "cross_section": cross_section}


# --------------------------------------------------------------------------------------------------
# Grids
# --------------------------------------------------------------------------------------------------


def _grid(claim: str, choices: Mapping[str, Sequence[Any]], frame_of) -> pd.DataFrame:
    names = list(choices)
    rows = [dict(zip(names, combination, strict=True)) for combination in itertools.product(*choices.values())]
    grid = pd.DataFrame(rows, columns=names)
    grid.insert(0, "claim", claim)
    grid["frame"] = [frame_of(row) for row in grid.to_dict("records")]
    grid["control_terms"] = [CONTROL_SETS[name] for name in grid["controls"]]
    return grid[[*stats.GRID_COLUMNS, "frame", "control_terms"]]


def claim_b_grid() -> pd.DataFrame:
    """Every specification of claim (b): :data:`stats.GRID_COLUMNS` plus ``frame`` and ``control_terms``."""
    survey = _grid("b", {
        "outcome": family_outcomes("b"), "treatment": EGOV_TREATMENTS, "controls": tuple(CONTROL_SETS),
        "lag": LAGS, "estimator": PANEL_ESTIMATORS, "timing": TIMINGS, "sample": SAMPLES,
    }, lambda row: row["timing"])
    gtmi = _grid("b", {
        "outcome": family_outcomes("b"), "treatment": GTMI_TREATMENTS, "controls": tuple(CONTROL_SETS),
        "lag": (0,), "estimator": GTMI_ESTIMATORS, "timing": TIMINGS, "sample": SAMPLES,
    }, lambda row: f"gtmi_{row['timing']}")
    return pd.concat([survey, gtmi], ignore_index=True)


def claim_a_grid() -> pd.DataFrame:
    """Every specification of claim (a): :data:`stats.GRID_COLUMNS` plus ``frame`` and ``control_terms``."""
    return _grid("a", {
        "outcome": family_outcomes("a"), "treatment": CLAIM_A_TREATMENTS, "controls": CLAIM_A_CONTROLS,
        "lag": (0,), "estimator": CLAIM_A_ESTIMATORS, "timing": ("same_year",), "sample": SAMPLES,
    }, lambda row: "cross_section" if row["estimator"] == "cross_section" else "panel")


# --------------------------------------------------------------------------------------------------
# The primary specification (declared in data/claims.yaml)
# --------------------------------------------------------------------------------------------------


def primary_specification(claim: str, registry: Mapping | Registry | None = None) -> dict[str, Any]:
    """The primary specification of ``claim`` as declared in the claims registry (``data/claims.yaml``).

    Parameters
    ----------
    claim : claim id, e.g. ``"b1"``.
    registry : the validated :class:`~helpers.claims.registry.Registry` (read once by the caller), or the
        parsed YAML (default: read ``data/claims.yaml``). The YAML's claims are a list of mappings with an
        ``id`` or a mapping by id, under ``claims``; each has ``primary_specification`` with the keys
        :data:`SPEC_KEYS`.

    Returns
    -------
    dict
        The :data:`SPEC_KEYS` plus ``claim``, ``frame`` and ``control_terms``: one grid row.

    Raises
    ------
    DataError
        No registry, no such claim, or a primary specification missing a key or naming an unknown choice.
    """
    if isinstance(registry, Registry):
        registry = {"claims": {claim: {"primary_specification": registry[claim].primary}}
                    if claim in registry.claims else {}}
    if registry is None:
        path = config.METADATA_DIR / "claims.yaml"
        if not path.exists():
            raise DataError(f"the claims registry {path} does not exist; it declares the primary specifications")
        registry = parse_yaml(path.read_text(encoding="utf-8"))
    claims = registry.get("claims", registry)
    entry = claims.get(claim) if isinstance(claims, Mapping) else next(
        (c for c in claims if str(c.get("id")) == claim), None)
    if not entry or "primary_specification" not in entry:
        raise DataError(f"claim {claim!r} has no primary_specification in the claims registry")
    spec = dict(entry["primary_specification"])
    missing = [key for key in SPEC_KEYS if key not in spec]
    if missing:
        raise DataError(f"the primary specification of claim {claim!r} lacks {missing}; give all of {SPEC_KEYS}")
    if spec["controls"] not in CONTROL_SETS:
        raise DataError(f"claim {claim!r}: controls {spec['controls']!r} is not one of {list(CONTROL_SETS)}")
    spec["lag"] = int(spec["lag"])
    family = "a" if claim.startswith("a") else "b"
    spec["claim"] = family
    if family == "a":
        spec["frame"] = "cross_section" if spec["estimator"] == "cross_section" else "panel"
    else:
        spec["frame"] = spec["timing"] if spec["treatment"] in EGOV_TREATMENTS else f"gtmi_{spec['timing']}"
    spec["control_terms"] = CONTROL_SETS[spec["controls"]]
    return spec
