"""Build the real panel from the mirror and check coverage and spot values.

Spot values were read by hand from the publisher files (cited next to each) — not from our output.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from helpers.data import build, catalog
from helpers.data.errors import DataError, UnknownKeyError
from helpers.data.load import country_table, load_panel

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def built(built_paths):
    manifest = json.loads(built_paths.manifest.read_text())
    return built_paths, build.BuildResult(True, manifest["rows"], 0.0, manifest)


def panel(paths, *args, **kwargs):
    return load_panel(*args, paths=paths, **kwargs)


def value(paths, indicator, iso3, year, **kwargs):
    rows = panel(paths, indicator, years=year, countries=iso3, **kwargs)
    assert len(rows) == 1, rows
    return rows["value"].iloc[0]


def test_build_writes_panel_countries_and_manifest(built):
    paths, result = built
    assert result.rows > 300_000
    assert paths.panel.exists() and paths.countries.exists()
    manifest = json.loads(paths.manifest.read_text())
    pins = {f.path: f.sha256 for f in catalog.all_files()}
    recorded = {i["path"]: i["sha256"] for i in manifest["inputs"]}
    # Every input is a pinned catalogue file whose checksum matches the pin, and carries provenance.
    # (README/datapackage files are fetched for provenance but not parsed, so they are not inputs.)
    assert set(recorded) <= set(pins)
    assert {path: pins[path] for path in recorded} == recorded
    assert len(recorded) == 47
    assert all(i["accessed"] and i["release"] and i["licence"] for i in manifest["inputs"])
    assert set(manifest["datasets"]) >= {"un_egov", "wgi_2024", "hdr", "wdi", "gapminder", "maddison"}


def test_data_files_get_the_usual_permissions(built):
    from helpers.files import default_file_mode

    paths, _ = built
    raw = next(paths.raw.rglob("*.csv"))
    for path in (paths.panel, paths.countries, paths.manifest, raw, raw.with_name(raw.name + ".meta.json")):
        assert path.stat().st_mode & 0o777 == default_file_mode(), path


def test_second_build_is_skipped(built):
    paths, _ = built
    again = build.build(paths, say=lambda *_: None)
    assert not again.rebuilt


def test_un_egov_has_193_members_in_every_edition(built):
    paths, _ = built
    assessed = panel(paths, "un_egov.assessed")
    per_edition = assessed.groupby("year")["iso3"].nunique()
    assert list(per_edition.index) == [2003, 2004, 2005, 2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022, 2024]
    assert (per_edition == 193).all()
    # EGOV_DATA_2003.csv has 20 rows with EGDI 0 (not assessed).
    assert (assessed.query("year == 2003")["value"] == 0).sum() == 20


def test_egdi_means_match_published(built):
    paths, _ = built
    egdi = panel(paths, "un_egov.egdi")
    # SOURCES.md: mean EGDI 0.6102 (2022) and 0.6382 (2024) as published by UN DESA.
    means = egdi.groupby("year")["value"].mean()
    assert means[2022] == pytest.approx(0.6102, abs=5e-5)
    assert means[2024] == pytest.approx(0.6382, abs=5e-5)


def test_early_survey_zeros_are_dropped_with_the_egdi_computed_from_them(built):
    paths, _ = built
    early = panel(paths, ["un_egov.hci", "un_egov.tii"], years=(2003, 2005), sources="all")
    assert not (early["value"] == 0).any()
    # EGOV_DATA_2003.csv, Andorra: OSI 0.21397, TII 0.30853, HCI 0 and EGDI 0.17416 = their mean, rank 156.
    andorra = panel(paths, ["un_egov.egdi", "un_egov.rank", "un_egov.hci", "un_egov.osi"], years=2003,
                    countries="AND")
    assert set(andorra["indicator"]) == {"un_egov.osi"}
    assert andorra["value"].iloc[0] == pytest.approx(0.21397)
    # A zero from 2008 on (min-max scaling gives the lowest country 0) is real and kept.
    later = panel(paths, ["un_egov.hci", "un_egov.tii", "un_egov.osi"], years=(2008, 2024))
    assert 1 <= (later["value"] == 0).sum() <= 30


def test_no_sector_share_of_gdp_is_exactly_zero(built):
    paths, _ = built
    shares = panel(paths, ["NV.AGR.TOTL.ZS", "NV.IND.TOTL.ZS", "NV.SRV.TOTL.ZS"])
    assert len(shares) > 10_000 and not (shares["value"] == 0).any()
    assert shares.query("iso3 == 'BRA'")["year"].min() == 1978  # services from 1978; zeros before dropped


def test_spot_values(built):
    paths, _ = built
    # EGOV_DATA_2024.csv, row "China ": rank 35, EGDI 0.87184, OSI 0.92576.
    assert value(paths, "un_egov.egdi", "CHN", 2024) == pytest.approx(0.87184)
    assert value(paths, "un_egov.rank", "CHN", 2024) == 35
    assert value(paths, "un_egov.osi", "CHN", 2024) == pytest.approx(0.92576)
    # UN_EGDI_EGDI_WIDEF.csv, REF_AREA CHN, column 2003: 0.41595 (same index republished by Data360).
    assert value(paths, "un_egov.egdi", "CHN", 2003, sources={"un_egov.egdi": "un_egov_data360"}) == pytest.approx(
        0.41595
    )
    # API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv, China, 2022: 75.6113.
    assert value(paths, "IT.NET.USER.ZS", "CHN", 2022) == pytest.approx(75.6113)
    # HDR23-24 composite indices, CHN, hdi_2022: 0.788.
    assert value(paths, "hdr.hdi", "CHN", 2022) == pytest.approx(0.788)
    # Gapminder urban_population_percent_of_total, chn, 2023: 65.53014.
    assert value(paths, "SP.URB.TOTL.IN.ZS", "CHN", 2023) == pytest.approx(65.53014)
    # maddison_2020.csv: United Kingdom 1820 GDP per capita 3306; China 1820 882.
    assert value(paths, "maddison.gdppc", "GBR", 1820) == 3306
    assert value(paths, "maddison.gdppc", "CHN", 1820) == 882


def test_country_table(built):
    paths, _ = built
    countries = country_table(paths).set_index("iso3")
    china = countries.loc["CHN"]
    # Metadata_Country file: CHN, East Asia & Pacific, Upper middle income; Gapminder zh-CN: chn → 中国.
    assert china["name_zh"] == "中国"
    assert china["region"] == "East Asia & Pacific"
    assert china["income_group"] == "Upper middle income"
    assert not china["is_aggregate"] and china["un_member"]
    assert countries["un_member"].sum() == 193
    assert countries.loc["WLD", "is_aggregate"]
    panel_codes = set(load_panel(paths=paths)["iso3"])
    assert panel_codes <= set(countries.index)
    assert not (panel_codes & set(countries.index[countries["is_aggregate"]]))
    # Every economy has a Chinese name: Gapminder's, or a reviewed one from country_overrides.yaml (Kosovo).
    economies = countries[~countries["is_aggregate"]]
    assert economies["name_zh"].notna().all(), economies.index[economies["name_zh"].isna()].tolist()
    assert countries.loc["XKX", "name_zh"] == "科索沃"


def test_alternative_sources_agree_roughly(built):
    """Internet users: WDI (default), ITU DataHub and Gapminder should tell the same story."""
    paths, _ = built
    both = panel(paths, "IT.NET.USER.ZS", years=2019, sources="all")
    wide = both.pivot_table(index="iso3", columns="source", values="value")
    assert {"wdi", "itu_internet", "gapminder"} <= set(wide.columns)
    assert wide[["wdi", "gapminder"]].dropna().corr().iloc[0, 1] > 0.95
    assert wide[["wdi", "itu_internet"]].dropna().corr().iloc[0, 1] > 0.95


def test_wide_panel(built):
    paths, _ = built
    wide = panel(paths, ["un_egov.egdi", "GE.EST"], years=(2022, 2022), countries=["CHN", "United States"], wide=True)
    assert list(wide.columns) == ["iso3", "year", "GE.EST", "un_egov.egdi"]
    assert set(wide["iso3"]) == {"CHN", "USA"}


def test_bad_requests_name_close_matches(built):
    paths, _ = built
    with pytest.raises(UnknownKeyError, match="un_egov.egdi"):
        panel(paths, "un_egov.egid")
    with pytest.raises(UnknownKeyError, match="CHN"):
        panel(paths, "un_egov.egdi", countries="CHM")
    with pytest.raises(UnknownKeyError, match="Did you mean"):
        panel(paths, "un_egov.egdi", countries="Chna")
    with pytest.raises(DataError, match="2003–2024"):
        panel(paths, "un_egov.egdi", years=(1950, 1960))
    with pytest.raises(UnknownKeyError, match="wdi"):
        panel(paths, "IT.NET.USER.ZS", sources={"IT.NET.USER.ZS": "wdii"})


def test_panel_types(built):
    paths, _ = built
    tidy = panel(paths, "GE.EST")
    assert list(tidy.columns) == ["iso3", "year", "indicator", "value", "source"]
    assert tidy["year"].dtype == "int64" and tidy["value"].dtype == "float64"
    assert isinstance(tidy, pd.DataFrame) and not tidy.duplicated(["iso3", "year"]).any()


def test_figures_cite_the_datasets_actually_loaded(built, monkeypatch):
    from helpers import notebook
    from helpers.data import load

    paths, _ = built
    monkeypatch.setattr(load, "_READ", {})  # what this "notebook" read, not the rest of the test session
    with pytest.raises(DataError, match="no data were loaded"):
        load.datasets_read("IT.NET.USER.ZS")
    # A wide frame keeps no source column: the datasets are recorded when the rows are returned.
    panel(paths, "IT.NET.USER.ZS", sources={"IT.NET.USER.ZS": "itu_internet"}, wide=True)
    panel(paths, "GE.EST", years=(2020, 2020))
    assert load.datasets_read("IT.NET.USER.ZS") == ["itu_internet"]  # not the codebook default (wdi)
    assert load.datasets_read() == sorted(["itu_internet", load.load_codebook()["GE.EST"].default_dataset])
    line = notebook.source_line("en", ["IT.NET.USER.ZS"])
    assert "ITU" in line and "World Development Indicators" not in line, line
    assert notebook.source_line("zh", ["IT.NET.USER.ZS"]).startswith("资料来源")


def test_forget_inputs_read_starts_the_record_afresh(built, monkeypatch):
    from helpers.data import load

    paths, _ = built
    monkeypatch.setattr(load, "_READ", {})
    monkeypatch.setattr(load, "_TABLES_READ", set())
    panel(paths, "GE.EST", years=(2020, 2020))
    assert load.inputs_read()["datasets"] == [load.load_codebook()["GE.EST"].default_dataset]
    load.forget_inputs_read()  # the next notebook in the same process cites only what it reads itself
    assert load.inputs_read() == {"datasets": [], "panel": False, "countries": False}
    with pytest.raises(DataError, match="no data were loaded"):
        load.datasets_read()
