"""Spot checks on the real publisher files (integration: they skip unless DIGIMOD_MIRROR is set).

Each value is read off the publisher's file (the comment says where); the counts are those of the pinned
releases, so a parser that silently loses or gains rows on the real layout fails here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from helpers.data.parsers import gtmi, wgi


@dataclass(frozen=True)
class Real:
    """What one dataset's real files must give.

    spots : (iso3, year, indicator) -> the value in the file.
    per_year : (indicator, or None for every row; {year: number of countries}) for the years listed.
    fewest : no year of ``per_year``'s indicator has fewer countries.
    countries : number of distinct ISO3 codes; absent : codes dropped or recoded (never in the output).
    indicators, years : the exact sets in the output, where pinned.
    """

    spots: dict
    per_year: tuple[str | None, dict[int, int]]
    fewest: int | None = None
    countries: int | None = None
    absent: set[str] = field(default_factory=set)
    indicators: set[str] | None = None
    years: set[int] | None = None


REAL = {
    "wgi_2023": Real(
        # WGIData.csv line 1448 ("China","CHN","Government Effectiveness: Estimate","GE.EST"), column "2022";
        # Kosovo keeps the World Bank code XKX: line 3680, column "2010"
        spots={("CHN", 2022, "GE.EST"): 0.495032012462616, ("XKX", 2010, "GE.EST"): -0.583555221557617},
        per_year=("GE.EST", {1996: 184, 2022: 213}),
        fewest=184,
        countries=213,  # 214 economies minus the Netherlands Antilles
        absent={"ANT"},
        indicators=set(wgi.CSV_CODES),
    ),
    "wgi_2024": Real(
        # wgidataset.xlsx Sheet1 row 31072: ('China', 2023, 'ge', 0.6790140271186829, 0.25837579369544983, 7,
        # 73.58490753173828, …); row 29788 has China 2022 ge estimate 0.4942125380039215 (revised from the
        # 2023 release's 0.4950); row 31134: ('Kosovo', 2023, 'ge', -0.08006061613559723, …)
        spots={
            ("CHN", 2023, "GE.EST"): 0.6790140271186829,
            ("CHN", 2023, "GE.STD.ERR"): 0.25837579369544983,
            ("CHN", 2023, "GE.PER.RNK"): 73.58490753173828,
            ("CHN", 2022, "GE.EST"): 0.4942125380039215,
            ("XKX", 2023, "GE.EST"): -0.08006061613559723,
        },
        per_year=("GE.EST", {1996: 184, 2023: 213}),
        absent={"ANT"},
        years={1996, 1998, 2000, *range(2002, 2024)},
    ),
    "hdr": Real(
        # Raw line 37 (iso3 CHN, "China"): hdi_2022 = 0.788, le_2022 = 78.587, gnipc_2022 = 18024.88747
        # (the HDR 2023/24 report's China HDI 2022 is 0.788).
        spots={("CHN", 2022, "hdr.hdi"): 0.788, ("CHN", 2022, "hdr.le"): 78.587,
               ("CHN", 2022, "hdr.gnipc"): 18024.88747,
               # the same line: ineq_le_2022, ineq_edu_2022, coef_ineq_2022, ihdi_2022
               ("CHN", 2022, "hdr.ineq_le"): 5.4146132, ("CHN", 2022, "hdr.ineq_edu"): 10.2931,
               ("CHN", 2022, "hdr.coef_ineq"): 15.33175773, ("CHN", 2022, "hdr.ihdi"): 0.662,
               # pop_total_2022 = 1425.887337 (millions) on the same line, in people
               ("CHN", 2022, "hdr.pop_total"): 1_425_887_337.0},
        per_year=("hdr.hdi", {2022: 193, 1990: 142}),
        countries=195,  # 206 rows minus 11 ZZ aggregates
        years=set(range(1990, 2023)),
    ),
    "qog": Real(
        # qog_bas_cs_jan24.csv, row ccodealp "CHN": ti_cpi "42", vdem_polyarchy ".0759999975562096";
        # row "DNK": ti_cpi "88" (TI's CPI 2020 values: see the note on qog.REFERENCE_YEAR).
        spots={("CHN", 2020, "qog.ti_cpi"): 42.0, ("CHN", 2020, "qog.vdem_polyarchy"): 0.0759999975562096,
               ("DNK", 2020, "qog.ti_cpi"): 88.0},
        per_year=("qog.ti_cpi", {2020: 179}),
        years={2020},
    ),
    "gtmi": Real(
        # groups_data.xlsx Sheet1 row 235: (2022, 'CHN', 'China', 'B', 0.6649699955235494, 0.5809…, …);
        # row 433: (2025, 'CHN', 'China', 'B', 0.6505006547160923, …); row 131: (2020, "KSV", "Kosovo", "C",
        # 0.4546908963048203, …) recoded to XKX
        spots={("CHN", 2022, "gtmi.gtmi"): 0.6649699955235494, ("CHN", 2025, "gtmi.gtmi"): 0.6505006547160923,
               ("XKX", 2020, "gtmi.gtmi"): 0.4546908963048203},
        per_year=("gtmi.gtmi", {2020: 198, 2022: 198, 2025: 197}),
        absent={"KSV", "WBG", "ROM"},  # row 147 (2020, "WBG", "Palestine", …) is PSE
        indicators=set(gtmi.INDICATORS.values()),
        years={2020, 2022, 2025},
    ),
    "itu_idi": Real(
        # IDIDataset.xlsx, column AL "ICT Development Index (IDI)", China rows: 91.2 in 'IDI 2025 Data',
        # 85.8 in 'IDI 2024 Data', 84.4 in 'IDI 2023 Data'; 'Palestine*' is WBG in the 2023 and 2024
        # sheets (67.3, 69.3) and PSE in 2025 (69.1)
        spots={("CHN", 2025, "itu.idi"): 91.2, ("CHN", 2024, "itu.idi"): 85.8, ("CHN", 2023, "itu.idi"): 84.4,
               ("PSE", 2024, "itu.idi"): 69.3, ("PSE", 2025, "itu.idi"): 69.1},
        per_year=(None, {2023: 169, 2024: 170, 2025: 164}),
        absent={"WBG"},
        years={2023, 2024, 2025},
    ),
    "itu_internet": Real(
        # individuals-using-the-internet.csv: entityIso "CHN", dataYear 2022, dataValue "75.6113"
        spots={("CHN", 2022, "IT.NET.USER.ZS"): 75.6113},
        per_year=(None, {2000: 210, 2022: 184, 2024: 9}),
        countries=227,  # 228 entities minus Ascension
        absent={"ASC", "GBJ", "AAA", "KSO"},
    ),
}


@pytest.mark.integration
@pytest.mark.parametrize("dataset", sorted(REAL))
def test_real_files(real, dataset):
    out, found = real(dataset)
    expect = REAL[dataset]
    assert {key: found.get(key) for key in expect.spots} == pytest.approx(expect.spots, rel=1e-12)
    indicator, counts = expect.per_year
    rows = out if indicator is None else out[out["indicator"] == indicator]
    per_year = rows.groupby("year")["iso3"].nunique()
    assert {year: per_year.get(year) for year in counts} == counts
    assert expect.fewest is None or per_year.min() == expect.fewest
    assert expect.countries is None or out["iso3"].nunique() == expect.countries
    assert out["iso3"].str.fullmatch(r"[A-Z]{3}").all() and not expect.absent & set(out["iso3"])
    assert expect.indicators is None or set(out["indicator"]) == expect.indicators
    assert expect.years is None or set(out["year"]) == expect.years


@pytest.mark.integration
def test_real_qog_counts_per_variable(real):
    out, _ = real("qog")
    assert out.groupby("indicator")["iso3"].nunique().to_dict() == {"qog.ti_cpi": 179, "qog.vdem_polyarchy": 173}


@pytest.mark.integration
def test_real_itu_internet_kosovo(real):
    _, found = real("itu_internet")
    # Kosovo is "KSO" in the file (2017 and 2018 only)
    assert {year for (iso3, year, _) in found if iso3 == "XKX"} == {2017, 2018}


@pytest.mark.integration
def test_real_gtmi_recoded_codes(real):
    _, found = real("gtmi")
    assert ("PSE", 2020, "gtmi.gtmi") in found and ("ROU", 2020, "gtmi.gtmi") in found
