"""The contract every dataset parser keeps, checked on the synthetic files of conftest.PublisherFiles.

A parser is called as the build calls it (``DATASETS[id].parse_function()(paths)``) and must return a
tidy frame: exactly ``TIDY_COLUMNS`` in order, canonical dtypes, numeric values, integer years, ISO3
codes, codebook ids of its dataset and no repeated (iso3, year, indicator) key. Bad input stops it with
a :class:`ParseError` that names the file and the fix. The per-parser tests check only the quirks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from helpers.data.codebook import load_codebook
from helpers.data.datasets import DATASETS
from helpers.data.errors import ParseError
from helpers.data.parsers import itu
from helpers.data.parsers._common import KEY_COLUMNS, REFETCH, TIDY_COLUMNS


@dataclass(frozen=True)
class Case:
    """What the contract needs to know about one dataset's synthetic files (the first path is damaged).

    column : a column the parser requires.
    value : (text of a number in the file, its column, its line or spreadsheet row) for the non-numeric check.
    country : (a country code or name in the file, an unknown one); None where the parser does not check
        codes against country_converter (see :data:`UNCHECKED_CODES`).
    """

    column: str
    value: tuple[object, str, int]
    country: tuple[object, str] | None


#: why some parsers pass or drop codes instead of stopping on an unknown one
UNCHECKED_CODES = {
    "un_egov_data360": "REF_AREA codes are taken as ISO3 codes as they are",
    "wdi": "aggregates are dropped by the country metadata; other codes are kept",
    "gapminder": "geo ids map to ISO3 through the entity file; ids without a code are dropped",
}

CASES = {
    "un_egov": Case("E-Government Rank", ("0.45721", "E-Government Index", 2), ("Iraq ", "Narnia ")),
    "un_egov_data360": Case("INDICATOR", ("0.1762", "2020", 2), None),
    "wgi_2024": Case("pctrank", (0.679, "estimate", 2), ("China", "Atlantis")),
    # World (WLD): an aggregate a future release might add
    "wgi_2023": Case("Indicator Code", ("0.01", "2021", 2), ("CHN", "WLD")),
    "hdr": Case("iso3", ("0.786", "hdi_2021", 2), ("CHN", "QQQ")),
    "gtmi": Case("dcei", (0.71, "gtmi", 2), ("CHN", "EAP")),
    # 2023 sheet: 4 title rows, header, sub-header, then China on row 7
    "itu_idi": Case("Iso3", (84.4, itu.IDI_HEADER, 7), ("PSE", "QQQ")),
    "itu_internet": Case("dataYear", ("75.6113", "dataValue", 2), ("CHN", "QQQ")),
    # Yugoslavia: QoG keeps historical codes in other files
    "qog": Case("vdem_polyarchy", (".9139999747276306", "vdem_polyarchy", 3), ("CHN", "YUG")),
    # China is line 4, after the aggregate AFE that is dropped before the conversion
    "wdi": Case("Indicator Code", ("73.05", "2021", 4), None),
    "gapminder": Case("time", ("70.4", "internet_users", 4), None),
    "maddison": Case("Population", ("799", "GDP per capita", 3), ("China", "Narnia")),
    "owid_urban_long_run": Case(
        "Urban population (%) long-run to 2016 (OWID)",
        ("57.35", "Urban population (%) long-run to 2016 (OWID)", 3),
        ("China", "Narnia"),
    ),
    "hrv_sectors": Case(
        "Number of people employed in services (Herrendorf et al. data)",
        ("20.58", "Share of agriculture in GDP at current prices (Herrendorf et al. data)", 2),
        ("Belgium", "Narnia"),
    ),
    "un_wup_2018": Case(
        "Rural population 1950-2050 (UN World Urbanization Prospects 2018)",
        ("465000", "Urban population 1950-2050 (UN World Urbanization Prospects 2018)", 3),
        ("Afghanistan", "Narnia"),
    ),
}

DATASET_IDS = sorted(DATASETS)


def parse(dataset: str, paths):
    return DATASETS[dataset].parse_function()(paths)


def raises_naming(path, *patterns: str):
    """``pytest.raises(ParseError)`` whose message names ``path``, matches every regex and says how to refetch."""
    patterns = [re.escape(path.name), *patterns, re.escape(REFETCH)]
    return pytest.raises(ParseError, match="(?s)" + "".join(f"(?=.*(?:{p}))" for p in patterns))


def test_every_dataset_has_a_case():
    assert set(CASES) == set(DATASETS)
    assert {d for d, case in CASES.items() if case.country is None} == set(UNCHECKED_CODES)


@pytest.mark.parametrize("dataset", DATASET_IDS)
def test_output_is_tidy(publisher, dataset):
    out = parse(dataset, publisher.write(dataset))
    assert list(out.columns) == TIDY_COLUMNS
    assert len(out) > 0 and isinstance(out.index, pd.RangeIndex) and out.index.start == 0
    assert out["year"].dtype == np.int64 and out["value"].dtype == np.float64
    assert out["iso3"].dtype == object and out["indicator"].dtype == object
    assert out["iso3"].map(type).eq(str).all() and out["iso3"].str.fullmatch(r"[A-Z]{3}").all()
    assert out["indicator"].map(type).eq(str).all()
    assert np.isfinite(out["value"]).all()  # missing values are left out, not stored as NaN
    assert not out.duplicated(KEY_COLUMNS).any()
    codebook = load_codebook()
    assert all(dataset in codebook[ind].datasets for ind in out["indicator"].unique())


@pytest.mark.parametrize("dataset", DATASET_IDS)
def test_parsing_twice_gives_the_same_frame(publisher, dataset):
    paths = publisher.write(dataset)
    pd.testing.assert_frame_equal(parse(dataset, paths), parse(dataset, paths))


@pytest.mark.parametrize("dataset", DATASET_IDS)
def test_no_files(dataset):
    with pytest.raises(ParseError, match=re.escape(REFETCH)):
        parse(dataset, [])


#: datasets whose parser takes exactly one CSV (Our World in Data)
ONE_CSV = {"maddison", "owid_urban_long_run", "hrv_sectors", "un_wup_2018"}


@pytest.mark.parametrize("dataset", DATASET_IDS)
def test_file_given_twice_repeats_every_key(publisher, dataset):
    first, *others = publisher.write(dataset)
    repeated = "expected one CSV, got 2" if dataset in ONE_CSV else "rows share country, year and indicator"
    with pytest.raises(ParseError, match=repeated):
        parse(dataset, [first, first, *others])


def _missing(path):
    path.unlink()
    return "file does not exist"


def _empty(path):
    path.write_bytes(b"")
    return "file is empty|not a readable .xlsx workbook"


def _truncated(path):
    data = path.read_bytes()
    # A workbook cut in half; a CSV cut inside a quoted field of a last line.
    path.write_bytes(data[: len(data) // 2] if path.suffix == ".xlsx" else data + b'\n"cut off')
    return "malformed CSV .*truncated|not a readable .xlsx workbook"


def _garbled(path):
    # 0x81 is neither UTF-8 on its own nor defined in Windows-1252 (HDR's fallback).
    path.write_bytes(b"countryname,year\n" if path.suffix == ".xlsx" else path.read_bytes() + b"\n\x81\n")
    return "not UTF-8 text|neither UTF-8 nor Windows-1252|not a readable .xlsx workbook"


@pytest.mark.parametrize("damage", [_missing, _empty, _truncated, _garbled], ids=lambda f: f.__name__[1:])
@pytest.mark.parametrize("dataset", DATASET_IDS)
def test_damaged_file_names_file_and_refetch(publisher, dataset, damage):
    paths = publisher.write(dataset)
    problem = damage(paths[0])
    with raises_naming(paths[0], problem):
        parse(dataset, paths)


@pytest.mark.parametrize("dataset", DATASET_IDS)
def test_missing_column_names_file_column_and_refetch(publisher, dataset):
    paths = publisher.write(dataset)
    column = CASES[dataset].column
    publisher.replace(paths[0], column, f"renamed {column}")
    with raises_naming(paths[0], re.escape(repr(column))):
        parse(dataset, paths)


@pytest.mark.parametrize("dataset", DATASET_IDS)
def test_non_numeric_value_names_file_column_value_and_line(publisher, dataset):
    paths = publisher.write(dataset)
    number, column, line = CASES[dataset].value
    publisher.replace(paths[0], number, "n/a")
    message = f"non-numeric value 'n/a' in column '{column}' at line {line}"
    with pytest.raises(ParseError, match=re.escape(message)) as info:
        parse(dataset, paths)
    assert paths[0].name in str(info.value)


@pytest.mark.parametrize("dataset", [d for d in DATASET_IDS if CASES[d].country is not None])
def test_unknown_country_stops_for_review(publisher, dataset):
    paths = publisher.write(dataset)
    known, unknown = CASES[dataset].country
    publisher.replace(paths[0], known, unknown)
    message = f"not recognized as countries: ['{unknown.strip()}']"
    with pytest.raises(ParseError, match=re.escape(message)) as info:
        parse(dataset, paths)
    assert paths[0].name in str(info.value) and "country_overrides.yaml" in str(info.value)
