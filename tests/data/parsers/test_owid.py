"""Unit tests for helpers.data.parsers.owid on small synthetic long-run CSVs."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.data.errors import ParseError
from helpers.data.parsers import owid
from helpers.data.parsers._common import TIDY_COLUMNS

URBAN_HEADER = (
    "Entity,Year,Urban population (%) long-run with 2050 projections (OWID),"
    "Rural population (%) long-run with 2050 projections (OWID),"
    "Urban population long-run with 2050 projections (OWID),Rural population long-run with 2050 projections (OWID),"
    "Urban population (%) long-run to 2016 (OWID),Rural population (%) long-run to 2016 (OWID),"
    "Urban population long-run to 2016 (OWID),Rural population long-run to 2016 (OWID)\n"
)
HRV_HEADER = (
    "Entity,Year,Share of agriculture in GDP at current prices (Herrendorf et al. data),"
    "Share of industry in GDP at current prices (Herrendorf et al. data),"
    "Share of services in GDP at current prices (Herrendorf et al. data),"
    "Number of people employed in agriculture  (Herrendorf et al. data),"
    "Number of people employed in industry  (Herrendorf et al. data),"
    "Number of people employed in services (Herrendorf et al. data)\n"
)
WUP_HEADER = (
    "Entity,Year,Urban population 1950-2050 (UN World Urbanization Prospects 2018),"
    "Rural population 1950-2050 (UN World Urbanization Prospects 2018)\n"
)


def dataset(tmp_path, name: str, text: str):
    """A folder like the mirror's: the CSV plus README.md and datapackage.json."""
    folder = tmp_path / name
    folder.mkdir()
    csv = folder / f"{name}.csv"
    csv.write_text(text, encoding="utf-8")
    (folder / "README.md").write_text("# readme\n", encoding="utf-8")
    (folder / "datapackage.json").write_text("{}", encoding="utf-8")
    return [folder / "README.md", csv, folder / "datapackage.json"]


def rows(frame):
    assert list(frame.columns) == TIDY_COLUMNS
    assert frame["year"].dtype == np.int64 and frame["value"].dtype == np.float64
    return sorted(frame.itertuples(index=False, name=None))


def test_maddison(tmp_path):
    paths = dataset(
        tmp_path,
        "maddison_2020",
        "Entity,Year,GDP per capita,Population,GDP\n"
        "Afghanistan,1820,,3280000,\n"
        "China,1950,799,546815000,436926000000\n"
        "World,1950,3351,2527960000,8471000000000\n"
        "Former USSR,1950,2841,179571000,\n"
        "Kosovo,2018,9030,1810000,\n",
    )
    assert rows(owid.parse_maddison(paths)) == [
        ("AFG", 1820, "maddison.population", 3280000.0),
        ("CHN", 1950, "maddison.gdppc", 799.0),
        ("CHN", 1950, "maddison.population", 546815000.0),
        ("XKX", 2018, "maddison.gdppc", 9030.0),
        ("XKX", 2018, "maddison.population", 1810000.0),
    ]


def test_urban_long_run_uses_the_to_2016_column(tmp_path):
    paths = dataset(
        tmp_path,
        "urbanization_long_run",
        URBAN_HEADER
        # projection column deliberately different from the 'to 2016' column
        + "China,1500,99,1,1,1,3.8,96.2,4000000,99000000\n"
        + "China,2016,57.4,42.6,1,1,57.35,42.65,1,1\n"
        + "China,2050,80,20,1,1,,,,\n"
        + "Europe,1500,10,90,1,1,9.5,90.5,1,1\n",
    )
    assert rows(owid.parse_urban_long_run(paths)) == [
        ("CHN", 1500, "owid.urban_share_long_run", 3.8),
        ("CHN", 2016, "owid.urban_share_long_run", 57.35),
    ]


def test_hrv_sectors_employment_shares_from_counts(tmp_path):
    paths = dataset(
        tmp_path,
        "herrendorf_sectors",
        HRV_HEADER
        + "Belgium,1835,20.58,34.55,44.87,,,\n"  # output shares only
        + "Japan,1900,40,20,40,30,50,20\n"  # 30/50/20 of 100 -> 30%, 50%, 20%
        + "Japan,1910,,,,1,1,2\n"  # 1/1/2 of 4 -> 25%, 25%, 50%
        + "Japan,1920,35,25,40,300,200,\n"  # services count missing -> no employment shares
        + "Western Europe,1900,1,2,97,10,10,10\n",
    )
    assert rows(owid.parse_hrv_sectors(paths)) == [
        ("BEL", 1835, "hrv.agr_va_share", 20.58),
        ("BEL", 1835, "hrv.ind_va_share", 34.55),
        ("BEL", 1835, "hrv.srv_va_share", 44.87),
        ("JPN", 1900, "hrv.agr_emp_share", 30.0),
        ("JPN", 1900, "hrv.agr_va_share", 40.0),
        ("JPN", 1900, "hrv.ind_emp_share", 50.0),
        ("JPN", 1900, "hrv.ind_va_share", 20.0),
        ("JPN", 1900, "hrv.srv_emp_share", 20.0),
        ("JPN", 1900, "hrv.srv_va_share", 40.0),
        ("JPN", 1910, "hrv.agr_emp_share", 25.0),
        ("JPN", 1910, "hrv.ind_emp_share", 25.0),
        ("JPN", 1910, "hrv.srv_emp_share", 50.0),
        ("JPN", 1920, "hrv.agr_va_share", 35.0),
        ("JPN", 1920, "hrv.ind_va_share", 25.0),
        ("JPN", 1920, "hrv.srv_va_share", 40.0),
    ]


def test_hrv_sectors_non_round_counts(tmp_path):
    paths = dataset(tmp_path, "herrendorf_sectors", HRV_HEADER + "Japan,1950,,,,1,1,1\n")
    out = owid.parse_hrv_sectors(paths)
    assert out["value"].tolist() == pytest.approx([100 / 3] * 3)
    assert out["value"].sum() == pytest.approx(100.0)


def test_wup_urban_share_observed_years_only(tmp_path):
    paths = dataset(
        tmp_path,
        "un_wup_2018",
        WUP_HEADER
        + "World,1950,750902976,1785372032\n"
        + "Afghanistan,1950,465000,7287000\n"
        + "China,2018,300,700\n"
        + "China,2019,310,690\n"
        + "China,2050,800,200\n"
        + "Aruba,1960,,30000\n",
    )
    out = owid.parse_wup(paths)
    assert rows(out) == [
        ("AFG", 1950, "SP.URB.TOTL.IN.ZS", pytest.approx(465000 / (465000 + 7287000) * 100)),
        ("CHN", 2018, "SP.URB.TOTL.IN.ZS", 30.0),
    ]
    assert out.loc[out["iso3"] == "AFG", "value"].item() == pytest.approx(5.998452012383901)


def test_unknown_entity_points_at_country_overrides(tmp_path):
    paths = dataset(
        tmp_path, "maddison_2020", "Entity,Year,GDP per capita,Population,GDP\nNarnia,1950,1,2,3\n"
    )
    with pytest.raises(ParseError) as info:
        owid.parse_maddison(paths)
    message = str(info.value)
    assert "maddison_2020.csv" in message
    assert "['Narnia']" in message
    assert "country_overrides.yaml" in message


def test_missing_column(tmp_path):
    paths = dataset(tmp_path, "maddison_2020", "Entity,Year,GDP\nChina,1950,1\n")
    with pytest.raises(ParseError, match=r"missing column\(s\) \['GDP per capita', 'Population'\]"):
        owid.parse_maddison(paths)


def test_non_numeric_year(tmp_path):
    paths = dataset(
        tmp_path, "maddison_2020", "Entity,Year,GDP per capita,Population,GDP\nChina,c.1950,1,2,3\n"
    )
    with pytest.raises(ParseError, match="non-numeric value 'c.1950' in column 'Year' at line 2"):
        owid.parse_maddison(paths)


def test_expects_exactly_one_csv(tmp_path):
    paths = dataset(tmp_path, "maddison_2020", "Entity,Year,GDP per capita,Population,GDP\n")
    extra = tmp_path / "maddison_2020" / "other.csv"
    with pytest.raises(ParseError, match="expected one CSV, got 2"):
        owid.parse_maddison([*paths, extra])
    with pytest.raises(ParseError, match="expected one CSV, got 0"):
        owid.parse_maddison([paths[0]])
