"""Data coverage measures (pure: frames in, frames out) for the overview notebook and profiles."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def coverage_matrix(
    panel: pd.DataFrame, members: Iterable[str], first_year: int, last_year: int, order: Iterable[str] | None = None
) -> pd.DataFrame:
    """Share of ``members`` with a value, indicator (rows, in ``order`` or first-seen order) × year (columns)."""
    members = set(members)
    rows = panel[panel["iso3"].isin(members)]
    counts = rows.groupby(["indicator", "year"])["iso3"].nunique().unstack("year")
    order = list(order) if order is not None else list(dict.fromkeys(panel["indicator"]))
    counts = counts.reindex(index=order, columns=range(first_year, last_year + 1))
    counts.columns.name = "year"
    return (counts / len(members)).round(6)


def coverage_summary(panel: pd.DataFrame, members: Iterable[str]) -> pd.DataFrame:
    """Per indicator: first and last year with data, and member states covered in the latest year."""
    members = set(members)
    rows = []
    for indicator, group in panel.groupby("indicator", sort=False):
        in_members = group[group["iso3"].isin(members)]
        latest = int(group["year"].max())
        rows.append(
            {
                "indicator": indicator,
                "source": ", ".join(sorted(group["source"].unique())),
                "first_year": int(group["year"].min()),
                "last_year": latest,
                "members_latest_year": int(in_members.loc[in_members["year"] == latest, "iso3"].nunique()),
                "members_any_year": int(in_members["iso3"].nunique()),
            }
        )
    return pd.DataFrame(rows)


def not_assessed_by_edition(assessed: pd.DataFrame) -> pd.DataFrame:
    """From ``un_egov.assessed`` rows: members listed, assessed and not assessed per survey edition."""
    grouped = assessed.groupby("year")["value"]
    table = pd.DataFrame({"listed": grouped.size(), "assessed": grouped.sum().astype(int)})
    table["not_assessed"] = table["listed"] - table["assessed"]
    return table.reset_index()


def members_without_data(panel: pd.DataFrame, members: Iterable[str]) -> pd.DataFrame:
    """Per indicator: member states with no value in the indicator's latest year (sorted codes)."""
    members = set(members)
    rows = []
    for indicator, group in panel.groupby("indicator", sort=False):
        latest = int(group["year"].max())
        have = set(group.loc[group["year"] == latest, "iso3"])
        lacking = sorted(members - have)
        rows.append({"indicator": indicator, "year": latest, "n_missing": len(lacking), "missing": " ".join(lacking)})
    return pd.DataFrame(rows)


def completeness(panel: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """For one country: years with a value vs years in which the indicator has any value at all."""
    rows = []
    for indicator, group in panel.groupby("indicator", sort=False):
        all_years = set(group["year"])
        own = set(group.loc[group["iso3"] == iso3, "year"])
        rows.append(
            {
                "indicator": indicator,
                "years_with_data": len(own),
                "years_available": len(all_years),
                "share_of_years": round(len(own) / len(all_years), 6) if all_years else 0.0,
                "first_year": min(own) if own else None,
                "last_year": max(own) if own else None,
            }
        )
    return pd.DataFrame(rows)
