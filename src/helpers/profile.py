"""Building blocks of the country profile (notebook 05). Pure: frames in, frames out.

Every function returns an empty frame (or None) when the country lacks the data, so the notebook can
say "no data for this section" instead of failing; none of them swallows errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from . import stats

#: Peers default to the same region and income group; cap the list so figures stay readable.
MAX_DEFAULT_PEERS = 6


def default_peers(iso3: str, countries: pd.DataFrame, panel: pd.DataFrame, size_indicator: str) -> list[str]:
    """Countries of the same region and income group, the most populous first (up to MAX_DEFAULT_PEERS).

    Falls back to the same region alone, then to nothing, for economies without a World Bank
    region or income group (e.g. Taiwan) or alone in their cell.
    """
    row = countries.set_index("iso3").loc[iso3]
    eligible = countries[~countries["is_aggregate"] & (countries["iso3"] != iso3)]
    for mask in (
        (eligible["region"] == row["region"]) & (eligible["income_group"] == row["income_group"]),
        eligible["region"] == row["region"],
    ):
        candidates = eligible.loc[mask.fillna(False), "iso3"]
        if len(candidates):
            size = latest_values(panel[panel["indicator"] == size_indicator])
            ranked = size.reindex(candidates).sort_values(ascending=False, na_position="last")
            return list(ranked.index[:MAX_DEFAULT_PEERS])
    return []


def latest_values(rows: pd.DataFrame) -> pd.Series:
    """The latest value per country of a tidy frame of one indicator."""
    if rows.empty:
        return pd.Series(dtype=float)
    latest = rows.sort_values("year").groupby("iso3")["value"].last()
    latest.index = latest.index.astype(str)
    return latest


def compare_latest(panel: pd.DataFrame, iso3: str, peers: Sequence[str], indicators: Iterable[str]) -> pd.DataFrame:
    """Per indicator: the country's latest year and value, the peer median and the world median.

    The medians use every country's value in the *country's* latest year, so the comparison is like
    for like; rows where the country has no value are kept with NaN (and say so in the notebook).
    """
    rows = []
    for indicator in indicators:
        data = panel[panel["indicator"] == indicator]
        own = data[data["iso3"] == iso3]
        if own.empty:
            rows.append({"indicator": indicator, "year": np.nan, "value": np.nan, "peer_median": np.nan,
                         "world_median": np.nan, "world_rank": np.nan, "n_countries": 0})
            continue
        year = int(own["year"].max())
        same_year = data[data["year"] == year].set_index("iso3")["value"]
        value = float(same_year[iso3])
        rank = int((same_year > value).sum() + 1)
        rows.append(
            {
                "indicator": indicator,
                "year": year,
                "value": value,
                "peer_median": float(same_year.reindex(list(peers)).median()) if len(peers) else np.nan,
                "world_median": float(same_year.median()),
                "world_rank": rank,
                "n_countries": int(same_year.size),
            }
        )
    return pd.DataFrame(rows)


def trajectories(panel: pd.DataFrame, indicator: str, codes: Sequence[str]) -> pd.DataFrame:
    """Tidy rows (iso3, year, value) of one indicator for ``codes`` plus a world-median line ``WLD``."""
    data = panel[panel["indicator"] == indicator]
    chosen = data[data["iso3"].isin(codes)][["iso3", "year", "value"]]
    if chosen.empty:
        return chosen
    median = data.groupby("year")["value"].median().reset_index().assign(iso3="WLD")
    return pd.concat([chosen, median[["iso3", "year", "value"]]], ignore_index=True)


def egov_path(panel: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """EGDI, its components and the rank per survey edition (wide; empty if never assessed)."""
    ids = ["un_egov.egdi", "un_egov.osi", "un_egov.tii", "un_egov.hci", "un_egov.epi", "un_egov.rank"]
    rows = panel[(panel["iso3"] == iso3) & panel["indicator"].isin(ids)]
    if rows.empty:
        return pd.DataFrame(columns=["year", *ids])
    wide = rows.pivot_table(index="year", columns="indicator", values="value", aggfunc="first")
    return wide.reindex(columns=ids).reset_index()


def cross_section_position(
    panel: pd.DataFrame, iso3: str, digital: str, income: str, min_countries: int = 30
) -> dict | None:
    """Residual of ``digital`` on log ``income`` in the latest year where the country has both.

    Returns None when the country lacks either series or the year has too few countries.
    """
    both = panel[panel["indicator"].isin([digital, income])]
    wide = both.pivot_table(index=["iso3", "year"], columns="indicator", values="value").dropna().reset_index()
    own_years = wide.loc[wide["iso3"] == iso3, "year"]
    if own_years.empty:
        return None
    year = int(own_years.max())
    sample = wide[wide["year"] == year].copy()
    if len(sample) < min_countries:
        return None
    sample["log_income"] = np.log(sample[income])
    ranking = stats.residual_ranking(sample, digital, "log_income")
    row = ranking[ranking["iso3"] == iso3].iloc[0]
    return {
        "year": year,
        "residual": float(row["residual"]),
        "std_residual": float(row["std_residual"]),
        "rank": int(row["rank"]),
        "n": len(ranking),
    }


def milestones(series_by_process: dict[str, tuple[pd.Series, Sequence[float], str]]) -> pd.DataFrame:
    """Threshold crossings per process: {process: (series by year, thresholds, "up"/"down")}.

    One row per process and threshold with the crossing year (interpolated where the data have gaps)
    and its status (observed, interpolated, before_coverage, not_reached, no_data).
    """
    rows = []
    for process, (series, thresholds, direction) in series_by_process.items():
        for threshold in thresholds:
            crossing = stats.threshold_crossing(series, threshold, direction=direction)
            rows.append(
                {
                    "process": process,
                    "threshold": threshold,
                    "direction": direction,
                    "year": crossing.year,
                    "status": crossing.status,
                    "bound": crossing.bound,
                }
            )
    return pd.DataFrame(rows)


def series_of(panel: pd.DataFrame, iso3: str, indicator: str) -> pd.Series:
    """One country's series of one indicator, indexed by year (float values)."""
    rows = panel[(panel["iso3"] == iso3) & (panel["indicator"] == indicator)]
    return rows.set_index("year")["value"].sort_index().astype(float)
