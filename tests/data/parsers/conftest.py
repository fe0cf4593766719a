"""Synthetic publisher files for the parser tests, one writer per dataset of helpers.data.datasets.

Each writer of :class:`PublisherFiles` is named after the dataset id, writes small files laid out like
the publisher's (header, quoting, encoding, preamble, notes: the quirks each parser handles) into the
test's folder and returns the paths a build would pass to that dataset's parser, the file the contract
test damages first. The defaults are valid files; keyword arguments add rows or change the layout.
The contract test (test_contract.py) runs every parser on these; the per-parser tests check the quirks.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from helpers.data.datasets import DATASETS
from helpers.data.parsers import gapminder, wgi
from helpers.data.parsers._common import KEY_COLUMNS, TIDY_COLUMNS

# --- WGI ------------------------------------------------------------------------------------------

WGI_XLSX_HEADER = ["countryname", "year", "indicator", "estimate", "stddev", "nsource", "pctrank", "pctranklower"]
WGI_XLSX_ROWS = [
    ("China", 2023, "ge", 0.679, 0.258, 7, 73.58, 60.38),
    ("China", 2023, "cc", 0.0161, 0.21, 9, 51.0, 40.0),
    ("Kosovo", 2023, "ge", -0.08, 0.276, 6, 47.64, 32.08),
    ("American Samoa", 2023, "ge", "..", "..", "..", "..", ".."),  # '..' = missing
    ("Netherlands Antilles (former)", 2023, "ge", 0.74, 0.45, 1, 74.6, 56.5),  # dissolved: dropped
]

# --- HDR ------------------------------------------------------------------------------------------

HDR_NAME = "HDR23-24_Composite_indices_complete_time_series.csv"
HDR_HEADER = (
    "iso3,country,hdicode,region,hdi_rank_2022,hdi_2021,hdi_2022,le_2021,le_2022,eys_2021,eys_2022,"
    "mys_2021,mys_2022,gnipc_2021,gnipc_2022,ineq_le_2021,ineq_le_2022,ineq_edu_2021,ineq_edu_2022,"
    "coef_ineq_2021,coef_ineq_2022,ihdi_2021,ihdi_2022,pop_total_2021,pop_total_2022,hdi_f_2022,le_f_2022,gnipc_f_2022\n"
)
HDR_ROWS = [
    ("CHN,China,High,EAP,75,0.786,0.788,78.2,78.587,15.1,15.21793605,8.1,8.106910446,17000.5,18024.88747,"
    "5.6,5.4146132,10.2931,10.2931,15.5,15.33175773,0.655,0.662,1425.893465,1425.887337,0.77,81.0,1"),
    # The publisher's file is Windows-1252: "Côte" is written with the single byte 0xF4.
    ("CIV,Côte d'Ivoire,Low,SSA,166,0.530,0.534,58.6,58.9,10.6,10.7,5.2,5.3,5000,5100,30.1,29.8,38.0,37.5,"
    "31.0,30.2,0.360,0.365,27.478249,28.160542,0.49,60.1,2"),
    # Blank = missing (Somalia had no HDI before 2020 in HDR 2023/24).
    "SOM,Somalia,,SSA,,,0.380,55.3,55.7,,,1.1,,1000,1100,40.2,39.9,,,,,,,,17.597511,,57.1,3",
    # Aggregates have iso3 codes starting with ZZ and are dropped.
    ("ZZK.WORLD,World,,,,0.735,0.739,71.5,72.0,12.8,12.9,8.6,8.7,17000,17254,14.0,13.8,20.0,19.5,"
    "22.0,21.7,0.570,0.575,7909.295151,7940.608797,0.72,74.0,4"),
]

# --- QoG ------------------------------------------------------------------------------------------

QOG_HEADER = "ccode,cname,ccode_qog,cname_qog,ccodealp,ccodecow,version,bti_aar,ti_cpi,vdem_polyarchy,wdi_pop\r\n"
QOG_ROWS = [
    "156,China,156,China,CHN,710,QoGBasCSjan24,5,42,.0759999975562096,1412360000",
    "208,Denmark,208,Denmark,DNK,390,QoGBasCSjan24,,88,.9139999747276306,5903037",
    "20,Andorra,20,Andorra,AND,232,QoGBasCSjan24,,,,79824",  # blanks = missing
    "158,Taiwan (Province of China),158,Taiwan,TWN,713,QoGBasCSjan24,8,68,.8320000171661377,",
]

# --- GTMI -----------------------------------------------------------------------------------------

GTMI_HEADER = ["year", "country_code", "country_name", "grp", "gtmi", "cgsi", "psdi", "dcei", "gtei"]
GTMI_ROWS = [
    (2020, "CHN", "China", "B", 0.71, 0.711, 0.878, 0.408, 0.843),
    (2020, "ROM", "Romania", "B", 0.6, 0.5, 0.7, 0.4, 0.8),  # old World Bank code -> ROU
    (2020, "WBG", "Palestine", "C", 0.4, 0.3, None, 0.2, 0.5),  # empty cell = missing; WBG -> PSE
    (2022, "CHN", "China", "B", 0.665, 0.581, 0.841, 0.627, 0.611),
    (2022, "KSV", "Kosovo", "B", 0.633, 0.647, 0.852, 0.577, 0.456),  # KSV -> XKX
    # Notes under the data: group thresholds and counts, with numbers in country_code.
    (2025, "0.75", "A", "80", 0.406, None, None, None, None),
    (2025, "0.65715225784495757", None, None, 648.5, None, None, None, 6),
]

# --- ITU ------------------------------------------------------------------------------------------

IDI = "ICT Development Index (IDI)"
# Like the real sheets: the indicator block, then the score block; the IDI score is the last column.
IDI_HEADER = ["Iso3", "ITU-D \nRegion", "Income group", "Economy", "Individuals using the Internet (%)", None,
              None, "Individuals using the Internet (%)", None, "Universal Connectivity Pillar", IDI]
IDI_SUBHEADER = [None, None, None, None, "Value", "Source", None, "Score", None, "Score", "Score"]
IDI_NOTES = [
    [None, None, None, None, "Note: ‡) lagged value; n.a. = not published estimate."],
    [None, None, None, None, "* Palestine is not an ITU Member State; …"],
    [],
]


def _economy(code, name, idi, internet="80.1†"):
    return [code, "Asia-Pacific", "Upper-middle-income", name, internet, "ITU estimate.", None, 80.0, None, 70.0, idi]


#: edition -> (title rows above the header, economy rows); sheets are written in this order
IDI_EDITIONS = {
    2025: (2, [_economy("CHN", "China", 91.2), _economy("PSE", "Palestine", 69.1)]),
    2024: (4, [_economy("CHN", "China", "85.8‡"), _economy("WBG", "Palestine*", 69.3),
               _economy("AFG", "Afghanistan", "n.p.", internet="n.a.")]),
    2023: (4, [_economy("CHN", "China", 84.4), _economy("WBG", "Palestine*", "67.3†"),
               _economy("ERI", "Eritrea", None)]),
}

INTERNET_HEADER = ["seriesID", "seriesCode", "seriesName", "seriesParent", "seriesUnits", "entityID", "entityIso",
                   "entityName", "dataValue", "dataYear", "dataNote", "dataSource", "seriesDescription"]
INTERNET_ROWS = [
    ("CHN", "China", "75.6113", "2022", ""),
    ("CHN", "China", "77.4827", "2023", "ITU estimate.\nITU estimate."),  # multi-line quoted field
    ("GBJ", "Jersey", "41.4", "2005", ""),  # ITU code -> JEY
    ("AAA", "Guernsey", "68.0", "2010", ""),  # ITU code -> GGY
    ("KSO", "Kosovo", "89.4", "2023", ""),  # ITU code -> XKX
    ("ASC", "Ascension", "40.0", "2010", ""),  # part of SHN; dropped
    ("SHN", "St. Helena", "", "2010", ""),  # blank value = missing
]

# --- UN E-Government ------------------------------------------------------------------------------

EGOV_HEADER = (
    "Survey Year,Country Name,E-Government Rank,E-Government Index,E-Participation Index,"
    "Online Service Index,Human Capital Index,Telecommunication Infrastructure Index\n"
)
EGOV_ROWS = [
    '2024,"Iraq ",148,0.45721,0.09590,0.18755,0.49672,0.68736',
    # assessed country whose E-Participation component is 0: the zero is a real score, kept
    '2024,"Ireland ",20,0.91377,0.00000,0.87678,0.90460,0.95987',
    # EGDI 0 = not assessed in this edition (real 2003-2010 files: blank rank, all zeros)
    '2024,"South Sudan ",,0.00000,0.00000,0.00000,0.00000,0.00000',
]
DATA360_HEADER = (
    "FREQ,FREQ_LABEL,REF_AREA,REF_AREA_LABEL,INDICATOR,INDICATOR_LABEL,UNIT_MEASURE,UNIT_MEASURE_LABEL,"
    "DATABASE_ID,DATABASE_ID_LABEL,UNIT_MULT,UNIT_MULT_LABEL,OBS_STATUS,OBS_STATUS_LABEL,OBS_CONF,"
    "OBS_CONF_LABEL,2020,2022,2024\n"
)
DATA360_MIDDLE = "SCORE,Score,UN_EGDI,E-Government Development Index (EGDI),0,Units,A,Normal value,PU,Public"
#: file name -> rows (REF_AREA, REF_AREA_LABEL, INDICATOR, values 2020,2022,2024)
DATA360_FILES = {
    # Data360 spells the TII code "TTI" in its INDICATOR column.
    "UN_EGDI_TII_WIDEF.csv": [("AFG", "Afghanistan", "UN_EGDI_TTI", "0.1762,0.1867,0.21672"),
                              ("AGO", "Angola", "UN_EGDI_TTI", ",0.2004,0.37238")],
    "UN_EGDI_EGDI_WIDEF.csv": [("KOR", '"Korea, Rep."', "UN_EGDI_EGDI", "0.956,0.9529,0.9679")],
}

# --- WDI ------------------------------------------------------------------------------------------

# The publisher's file: 4 preamble lines, every field quoted, a trailing comma on every line.
WDI_PREAMBLE = '"Data Source","World Development Indicators",\n\n"Last Updated Date","2024-10-29",\n\n'
WDI_QUOTED_HEADER = '"Country Name","Country Code","Indicator Name","Indicator Code","2021","2022","2023",\n'
# The mirror's copy: preamble removed, BOM, no quotes, no trailing comma.
WDI_PLAIN_HEADER = "\ufeffCountry Name,Country Code,Indicator Name,Indicator Code,2021,2022,2023\n"
WDI_NAME = "API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"
WDI_INDICATOR = "Individuals using the Internet (% of population)"
WDI_ROWS = [
    ("Aruba", "ABW", "97.17", "", ""),
    ("Africa Eastern and Southern", "AFE", "29.5", "31.4", "34.9"),
    ("China", "CHN", "73.05", "75.61", "77.5"),
    ("World", "WLD", "63.1", "65.7", "67.4"),
]
WDI_METADATA = (
    "\ufeffCountry Code,Region,IncomeGroup,SpecialNotes,TableName\n"
    "ABW,Latin America & Caribbean,High income,,Aruba\n"
    'AFE,,,"26 countries, stretching from the Red Sea in the North\nto the Cape of Good Hope",'
    "Africa Eastern and Southern\n"
    'CHN,East Asia & Pacific,Upper middle income,"On 1 July 1997 China resumed its exercise\nof sovereignty",'
    "China\n"
    'VEN,Latin America & Caribbean,,,"Venezuela, RB"\n'
    "WLD,,,,World\n"
)

# --- Gapminder ------------------------------------------------------------------------------------

GAPMINDER_ENTITY_HEADER = (
    "country,g77_and_oecd_countries,income_3groups,income_groups,is--country,iso3166_1_alpha2,"
    "iso3166_1_alpha3,iso3166_1_numeric,iso3166_2,landlocked,latitude,longitude,main_religion_2008,name,"
    "un_sdg_ldc,un_sdg_region,un_state,unhcr_region,unicef_region,unicode_region_subtag,west_and_rest,"
    "world_4region,world_6region\n"
)
GAPMINDER_ENTITY_ROWS = (
    "abkh,others,,,TRUE,,,,,,,,,Abkhazia,,,FALSE,,,,,europe,europe_central_asia\n"
    "abw,others,high_income,high_income,TRUE,AW,ABW,533,,coastline,12.5,-69.96667,christian,Aruba,"
    "un_not_least_developed,un_latin_america_and_the_caribbean,FALSE,unhcr_americas,,AW,,americas,america\n"
    "chn,g77,middle_income,upper_middle_income,TRUE,CN,CHN,156,,coastline,35.0,105.0,eastern_religions,China,"
    "un_not_least_developed,un_eastern_and_south_eastern_asia,TRUE,unhcr_asia_pacific,eap,CN,rest,asia,"
    "east_asia_pacific\n"
    'kor,others,high_income,high_income,TRUE,KR,KOR,410,,coastline,37.5,127.5,christian,"Korea, South",'
    "un_not_least_developed,un_eastern_and_south_eastern_asia,TRUE,unhcr_asia_pacific,eap,KR,rest,asia,"
    "east_asia_pacific\n"
)
GAPMINDER_ZH = "country,name\nabkh,阿布哈茲\nabw,阿鲁巴\nchn,中国\n"
#: concept -> datapoint rows (after the ``geo,time,<concept>`` header)
GAPMINDER_POINTS = {
    "internet_users": "abkh,2020,40\nabw,1996,2.77\nchn,2020,70.4\nchn,2021,\nasia,2020,50\n",
    "cell_phones_per_100_people": "kor,2022,141.97\n",
}

# --- Our World in Data ----------------------------------------------------------------------------

OWID_CSVS = {
    "maddison_2020": (
        "Entity,Year,GDP per capita,Population,GDP\n"
        "Afghanistan,1820,,3280000,\n"
        "China,1950,799,546815000,436926000000\n"
        "World,1950,3351,2527960000,8471000000000\n"
        "Former USSR,1950,2841,179571000,\n"
        "Kosovo,2018,9030,1810000,\n"
    ),
    "urbanization_long_run": (
        "Entity,Year,Urban population (%) long-run with 2050 projections (OWID),"
        "Rural population (%) long-run with 2050 projections (OWID),"
        "Urban population long-run with 2050 projections (OWID),"
        "Rural population long-run with 2050 projections (OWID),"
        "Urban population (%) long-run to 2016 (OWID),Rural population (%) long-run to 2016 (OWID),"
        "Urban population long-run to 2016 (OWID),Rural population long-run to 2016 (OWID)\n"
        # projection column deliberately different from the 'to 2016' column
        "China,1500,99,1,1,1,3.8,96.2,4000000,99000000\n"
        "China,2016,57.4,42.6,1,1,57.35,42.65,1,1\n"
        "China,2050,80,20,1,1,,,,\n"
        "Europe,1500,10,90,1,1,9.5,90.5,1,1\n"
    ),
    "herrendorf_sectors": (
        "Entity,Year,Share of agriculture in GDP at current prices (Herrendorf et al. data),"
        "Share of industry in GDP at current prices (Herrendorf et al. data),"
        "Share of services in GDP at current prices (Herrendorf et al. data),"
        "Number of people employed in agriculture  (Herrendorf et al. data),"
        "Number of people employed in industry  (Herrendorf et al. data),"
        "Number of people employed in services (Herrendorf et al. data)\n"
        "Belgium,1835,20.58,34.55,44.87,,,\n"  # output shares only
        "Japan,1900,40,20,40,30,50,20\n"  # 30/50/20 of 100 -> 30%, 50%, 20%
        "Japan,1910,,,,1,1,2\n"  # 1/1/2 of 4 -> 25%, 25%, 50%
        "Japan,1920,35,25,40,300,200,\n"  # services count missing -> no employment shares
        "Western Europe,1900,1,2,97,10,10,10\n"
    ),
    "un_wup_2018": (
        "Entity,Year,Urban population 1950-2050 (UN World Urbanization Prospects 2018),"
        "Rural population 1950-2050 (UN World Urbanization Prospects 2018)\n"
        "World,1950,750902976,1785372032\n"
        "Afghanistan,1950,465000,7287000\n"
        "China,2018,300,700\n"
        "China,2019,310,690\n"
        "China,2050,800,200\n"
        "Aruba,1960,,30000\n"
    ),
}


def _workbook(path: Path, sheets: dict[str, list]) -> Path:
    """Save a workbook with one sheet per entry (rows as lists or tuples), in order."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


class PublisherFiles:
    """Writers of synthetic publisher files into one folder (see the module docstring)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def write(self, dataset: str) -> list[Path]:
        """The default files of ``dataset`` (an id of helpers.data.datasets.DATASETS)."""
        return getattr(self, dataset)()

    # -- WGI

    def wgi_2023(self, extra: list[tuple] = (), *, skip: tuple[str, ...] = ()) -> list[Path]:
        """``WGIData.csv``: every kept series for China, a few for Kosovo and the Netherlands Antilles.

        ``extra`` rows are (name, code, series, 2021, 2022). Every field is quoted and every line ends
        with a comma, as in the publisher's file; the file starts with a BOM.
        """
        rows = [("China", "CHN", series, f"0.{i}1", f"0.{i}2") for i, series in enumerate(wgi.CSV_CODES)]
        rows = [r for r in rows if r[2] not in skip] + [
            ("China", "CHN", "GE.NO.SRC", "7", "7"),  # a series the panel does not keep
            ("Kosovo", "XKX", "GE.EST", "", "-0.19"),  # '' = missing in the bulk file
            ("Netherlands Antilles", "ANT", "GE.EST", "0.74", ""),  # dissolved 2010: dropped
            *extra,
        ]
        lines = ['"Country Name","Country Code","Indicator Name","Indicator Code","2021","2022",\n']
        lines += [f'"{name}","{code}","{series} name","{series}","{a}","{b}",\r\n' for name, code, series, a, b
                  in rows]
        path = self.folder / "WGIData.csv"
        path.write_bytes("\ufeff".encode() + "".join(lines).encode("utf-8"))
        return [path]

    def wgi_2024(self, extra: list[tuple] = ()) -> list[Path]:
        """``wgidataset.xlsx``: one row per economy, year and dimension (:data:`WGI_XLSX_ROWS` + ``extra``)."""
        return [_workbook(self.folder / "wgidataset.xlsx", {"Sheet1": [WGI_XLSX_HEADER, *WGI_XLSX_ROWS, *extra]})]

    # -- HDR, QoG, GTMI

    def hdr(self, extra: list[str] = (), *, encoding: str = "cp1252", bom: bytes = b"") -> list[Path]:
        """The HDR composite-indices CSV, Windows-1252 like UNDP's (``encoding``/``bom`` for re-saved copies)."""
        path = self.folder / HDR_NAME
        path.write_bytes(bom + (HDR_HEADER + "".join(r + "\r\n" for r in [*HDR_ROWS, *extra])).encode(encoding))
        return [path]

    def qog(self, extra: list[str] = ()) -> list[Path]:
        """``qog_bas_cs_jan24.csv``: four countries, CRLF line ends, blank cells for missing values."""
        path = self.folder / "qog_bas_cs_jan24.csv"
        path.write_bytes((QOG_HEADER + "".join(r + "\r\n" for r in [*QOG_ROWS, *extra])).encode("utf-8"))
        return [path]

    def gtmi(self, extra: list[tuple] = ()) -> list[Path]:
        """``groups_data.xlsx``: economies of two editions, then note rows (:data:`GTMI_ROWS` + ``extra``)."""
        return [_workbook(self.folder / "groups_data.xlsx", {"Sheet1": [GTMI_HEADER, *GTMI_ROWS, *extra]})]

    # -- ITU

    def itu_idi(self, *, skip: tuple[int, ...] = ()) -> list[Path]:
        """``IDIDataset.xlsx``: one sheet per edition of :data:`IDI_EDITIONS` but ``skip``, and Definitions."""
        sheets = {}
        for year, (title_rows, rows) in IDI_EDITIONS.items():
            if year not in skip:
                title = [[f"ITU ICT Development Indicator {year} Database"]] + [[]] * (title_rows - 1)
                sheets[f"IDI {year} Data"] = [*title, IDI_HEADER, IDI_SUBHEADER, *rows, *IDI_NOTES]
        sheets["Definitions"] = [[None, "Indicator", "Definition"]]
        return [_workbook(self.folder / "IDIDataset.xlsx", sheets)]

    def itu_internet(self, extra: list[tuple] = (), *, series: str = "i99H") -> list[Path]:
        """The DataHub export: every text field quoted, a BOM, no final newline (as the real file).

        Rows are :data:`INTERNET_ROWS` + ``extra``: (entityIso, entityName, dataValue, dataYear, dataSource).
        """
        out = io.StringIO()
        writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        writer.writerow(INTERNET_HEADER)
        for i, (code, name, value, year, source) in enumerate([*INTERNET_ROWS, *extra]):
            writer.writerow([11624, series, "Individuals using the Internet", "", "%", i + 4, code, name, value,
                             int(year) if year.isdigit() else year, "", source, "Refers to …"])
        path = self.folder / "individuals-using-the-internet.csv"
        path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().rstrip("\n").encode("utf-8"))
        return [path]

    # -- UN E-Government

    def un_egov(self, year: int = 2024, rows: list[str] = EGOV_ROWS) -> list[Path]:
        """``EGOV_DATA_<year>.csv``: country names with trailing spaces; EGDI 0 = not assessed."""
        path = self.folder / f"EGOV_DATA_{year}.csv"
        path.write_text(EGOV_HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
        return [path]

    def un_egov_data360(self, files: dict[str, list[tuple]] = DATA360_FILES) -> list[Path]:
        """Data360's ``UN_EGDI_*_WIDEF.csv``, one file per indicator, wide by edition."""
        paths = []
        for name, rows in files.items():
            path = self.folder / name
            lines = [f"A,Annual,{area},{label},{code},Some label,{DATA360_MIDDLE},{values}\n"
                     for area, label, code, values in rows]
            path.write_text(DATA360_HEADER + "".join(lines), encoding="utf-8")
            paths.append(path)
        return paths

    # -- WDI

    def wdi(self, rows: list[tuple] = WDI_ROWS, *, preamble: bool = False, folder: str = "") -> list[Path]:
        """An ``API_…csv`` data file (the mirror's plain copy, or with ``preamble`` the publisher's quoted
        file) and its ``Metadata_Country_…csv``; rows are (name, code, 2021, 2022, 2023)."""
        where = self.folder / folder
        where.mkdir(parents=True, exist_ok=True)
        if preamble:
            body = "".join(f'"{name}","{code}","{WDI_INDICATOR}","IT.NET.USER.ZS",'
                           + ",".join(f'"{v}"' for v in values) + ",\n" for name, code, *values in rows)
            text = WDI_PREAMBLE + WDI_QUOTED_HEADER + body
        else:
            body = "".join(f"{name},{code},{WDI_INDICATOR},IT.NET.USER.ZS," + ",".join(values) + "\n"
                           for name, code, *values in rows)
            text = WDI_PLAIN_HEADER + body
        data = where / WDI_NAME
        data.write_text(text, encoding="utf-8")
        meta = where / f"Metadata_Country_{WDI_NAME}"
        meta.write_text(WDI_METADATA, encoding="utf-8")
        return [data, meta]

    # -- Gapminder

    def gapminder(self, points: dict[str, str] = GAPMINDER_POINTS, *, chinese: bool = True,
                  folder: str = "gapminder") -> list[Path]:
        """A DDF folder: datapoint files (``points``: concept -> rows), the entity file, its Chinese names."""
        root = self.folder / folder
        (root / "datapoints").mkdir(parents=True)
        paths = []
        for concept, rows in points.items():
            path = root / "datapoints" / f"ddf--datapoints--{concept}--by--geo--time.csv"
            path.write_text(f"geo,time,{concept}\n{rows}", encoding="utf-8")
            paths.append(path)
        entity = root / gapminder.ENTITY_FILE
        entity.write_text(GAPMINDER_ENTITY_HEADER + GAPMINDER_ENTITY_ROWS, encoding="utf-8")
        paths.append(entity)
        if chinese:
            (root / "lang" / "zh-CN").mkdir(parents=True)
            zh = root / "lang" / "zh-CN" / gapminder.ENTITY_FILE
            zh.write_text(GAPMINDER_ZH, encoding="utf-8")
            paths.append(zh)
        return paths

    # -- Our World in Data: a folder with the CSV, README.md and datapackage.json, like the mirror's

    def _owid(self, name: str, text: str | None) -> list[Path]:
        folder = self.folder / name
        folder.mkdir()
        path = folder / f"{name}.csv"
        path.write_text(OWID_CSVS[name] if text is None else text, encoding="utf-8")
        (folder / "README.md").write_text("# readme\n", encoding="utf-8")
        (folder / "datapackage.json").write_text("{}", encoding="utf-8")
        return [path, folder / "README.md", folder / "datapackage.json"]

    def maddison(self, text: str | None = None) -> list[Path]:
        return self._owid("maddison_2020", text)

    def owid_urban_long_run(self, text: str | None = None) -> list[Path]:
        return self._owid("urbanization_long_run", text)

    def hrv_sectors(self, text: str | None = None) -> list[Path]:
        return self._owid("herrendorf_sectors", text)

    def un_wup_2018(self, text: str | None = None) -> list[Path]:
        return self._owid("un_wup_2018", text)

    # -- editing a written file

    @staticmethod
    def replace(path: Path, old: object, new: object, *, count: int | None = 1) -> Path:
        """Replace the first ``count`` (None: all) occurrences of ``old`` in the file, keeping its bytes
        otherwise: text in a CSV (read as Latin-1, so any encoding survives), cells equal to ``old`` in a
        workbook (sheet by sheet, row by row)."""
        if path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path)
            done = 0
            for cell in (c for sheet in book for row in sheet.iter_rows() for c in row):
                if cell.value is not None and str(cell.value) == str(old) and (count is None or done < count):
                    cell.value, done = new, done + 1
            assert done, f"{old!r} not in {path.name}"
            book.save(path)
        else:
            text = path.read_bytes().decode("latin-1")
            assert str(old) in text, f"{old!r} not in {path.name}"
            path.write_bytes(text.replace(str(old), str(new), -1 if count is None else count).encode("latin-1"))
        return path


@pytest.fixture
def publisher(tmp_path) -> PublisherFiles:
    """Writers of synthetic publisher files into this test's folder."""
    return PublisherFiles(tmp_path)


@pytest.fixture
def values():
    """A parser's tidy frame as ``{(iso3, year, indicator): value}``, after checking it is tidy.

    The contract test checks more (on the synthetic files); this repeats the cheap checks wherever a
    test reads values, so the real-file tests check the real output too.
    """

    def as_dict(frame) -> dict:
        assert list(frame.columns) == TIDY_COLUMNS
        assert frame["year"].dtype == np.int64 and frame["value"].dtype == np.float64
        assert not frame.duplicated(KEY_COLUMNS).any(), "duplicate keys"
        keys = zip(frame["iso3"], frame["year"], frame["indicator"], strict=True)
        return dict(zip(keys, frame["value"], strict=True))

    return as_dict


@pytest.fixture
def real(mirror, values):
    """Parse a dataset's real publisher files as the build does (the mirror is laid out like data/raw).

    Returns a function: dataset id -> (tidy frame, its :func:`values`); tests using it skip without a mirror.
    """

    def parse(dataset: str):
        frame = DATASETS[dataset].parse_function()(DATASETS[dataset].files(mirror))
        return frame, values(frame)

    return parse
