"""Our World in Data quirks (helpers.data.parsers.owid); test_contract.py checks what every parser must do."""

from __future__ import annotations

import pytest

from helpers.data.errors import ParseError
from helpers.data.parsers import owid


def rows(frame) -> list[tuple]:
    return sorted(frame.itertuples(index=False, name=None))


def test_maddison(publisher):
    # World and Former USSR are not countries; Afghanistan 1820 has no GDP per capita
    assert rows(owid.parse_maddison(publisher.maddison())) == [
        ("AFG", 1820, "maddison.population", 3280000.0),
        ("CHN", 1950, "maddison.gdppc", 799.0),
        ("CHN", 1950, "maddison.population", 546815000.0),
        ("XKX", 2018, "maddison.gdppc", 9030.0),
        ("XKX", 2018, "maddison.population", 1810000.0),
    ]


def test_urban_long_run_uses_the_to_2016_column(publisher):
    assert rows(owid.parse_urban_long_run(publisher.owid_urban_long_run())) == [
        ("CHN", 1500, "owid.urban_share_long_run", 3.8),
        ("CHN", 2016, "owid.urban_share_long_run", 57.35),
    ]  # not the projection columns (99, 57.4, 80 for China), not Europe


def test_hrv_sectors_employment_shares_from_counts(publisher, values):
    shares = {  # (agriculture, industry, services); Western Europe is not a country
        ("BEL", 1835, "va"): (20.58, 34.55, 44.87),  # output shares only
        ("JPN", 1900, "va"): (40.0, 20.0, 40.0),
        ("JPN", 1900, "emp"): (30.0, 50.0, 20.0),  # counts 30/50/20 of 100
        ("JPN", 1910, "emp"): (25.0, 25.0, 50.0),  # counts 1/1/2 of 4
        ("JPN", 1920, "va"): (35.0, 25.0, 40.0),  # the services count is missing: no employment shares
    }
    expected = {
        (iso3, year, f"hrv.{sector}_{kind}_share"): share
        for (iso3, year, kind), three in shares.items()
        for sector, share in zip(("agr", "ind", "srv"), three, strict=True)
    }
    assert values(owid.parse_hrv_sectors(publisher.hrv_sectors())) == expected


def test_hrv_sectors_non_round_counts(publisher):
    paths = publisher.hrv_sectors()
    header = paths[0].read_text(encoding="utf-8").splitlines(keepends=True)[0]
    paths[0].write_text(header + "Japan,1950,,,,1,1,1\n", encoding="utf-8")
    out = owid.parse_hrv_sectors(paths)
    assert out["value"].tolist() == pytest.approx([100 / 3] * 3)
    assert out["value"].sum() == pytest.approx(100.0)


def test_wup_urban_share_observed_years_only(publisher):
    out = owid.parse_wup(publisher.un_wup_2018())
    assert rows(out) == [
        ("AFG", 1950, "SP.URB.TOTL.IN.ZS", pytest.approx(465000 / (465000 + 7287000) * 100)),
        ("CHN", 2018, "SP.URB.TOTL.IN.ZS", 30.0),
    ]  # not 2019 or 2050 (projections), not World, not Aruba (no urban count)
    assert out.loc[out["iso3"] == "AFG", "value"].item() == pytest.approx(5.998452012383901)


def test_non_numeric_year(publisher):
    paths = publisher.maddison("Entity,Year,GDP per capita,Population,GDP\nChina,c.1950,1,2,3\n")
    with pytest.raises(ParseError, match="non-numeric value 'c.1950' in column 'Year' at line 2"):
        owid.parse_maddison(paths)


def test_expects_exactly_one_csv(publisher):
    paths = publisher.maddison()
    with pytest.raises(ParseError, match="expected one CSV, got 2"):
        owid.parse_maddison([*paths, paths[0].parent / "other.csv"])
    with pytest.raises(ParseError, match="expected one CSV, got 0"):
        owid.parse_maddison(paths[1:])
