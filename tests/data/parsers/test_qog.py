"""Unit tests for helpers.data.parsers.qog on small synthetic files laid out like the publisher's."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.data.errors import ParseError
from helpers.data.parsers import qog
from helpers.data.parsers._common import TIDY_COLUMNS

HEADER = "ccode,cname,ccode_qog,cname_qog,ccodealp,ccodecow,version,bti_aar,ti_cpi,vdem_polyarchy,wdi_pop\r\n"
ROWS = [
    "156,China,156,China,CHN,710,QoGBasCSjan24,5,42,.0759999975562096,1412360000",
    "208,Denmark,208,Denmark,DNK,390,QoGBasCSjan24,,88,.9139999747276306,5903037",
    "20,Andorra,20,Andorra,AND,232,QoGBasCSjan24,,,,79824",  # blanks = missing
    "158,Taiwan (Province of China),158,Taiwan,TWN,713,QoGBasCSjan24,8,68,.8320000171661377,",
]


def write(tmp_path, rows=ROWS, *, header=HEADER):
    path = tmp_path / "qog_bas_cs_jan24.csv"
    path.write_bytes((header + "".join(r + "\r\n" for r in rows)).encode("utf-8"))
    return path


def as_dict(frame):
    assert list(frame.columns) == TIDY_COLUMNS
    assert frame["year"].dtype == np.int64 and frame["value"].dtype == np.float64
    keys = list(zip(frame["iso3"], frame["year"], frame["indicator"], strict=True))
    assert len(keys) == len(set(keys)), "duplicate keys"
    return dict(zip(keys, frame["value"], strict=True))


def test_parse_two_variables_at_reference_year(tmp_path):
    assert qog.REFERENCE_YEAR == 2020
    assert as_dict(qog.parse([write(tmp_path)])) == {
        ("CHN", 2020, "qog.ti_cpi"): 42.0,
        ("CHN", 2020, "qog.vdem_polyarchy"): 0.0759999975562096,
        ("DNK", 2020, "qog.ti_cpi"): 88.0,
        ("DNK", 2020, "qog.vdem_polyarchy"): 0.9139999747276306,
        ("TWN", 2020, "qog.ti_cpi"): 68.0,
        ("TWN", 2020, "qog.vdem_polyarchy"): 0.8320000171661377,
    }


def test_missing_column(tmp_path):
    with pytest.raises(ParseError, match=r"qog_bas_cs_jan24\.csv.*missing column\(s\) \['vdem_polyarchy'\]"):
        qog.parse([write(tmp_path, header=HEADER.replace("vdem_polyarchy", "vdem_poly"))])


def test_not_utf8(tmp_path):
    path = write(tmp_path)
    path.write_bytes(path.read_bytes().replace(b"Taiwan (", b"Ta\xefwan ("))
    with pytest.raises(ParseError, match=r"qog_bas_cs_jan24\.csv: not UTF-8 text"):
        qog.parse([path])


def test_truncated_mid_quote(tmp_path):
    path = write(tmp_path, [*ROWS, '818,"Egypt, Arab'])
    path.write_bytes(path.read_bytes().rstrip(b"\r\n"))
    with pytest.raises(ParseError, match=r"qog_bas_cs_jan24\.csv: malformed CSV.*truncated"):
        qog.parse([path])


def test_non_numeric_value_names_column_value_and_line(tmp_path):
    rows = [*ROWS[:2], ROWS[2].replace(",,,,79824", ",,n/a,,79824")]
    with pytest.raises(ParseError, match=r"qog_bas_cs_jan24\.csv: non-numeric value 'n/a' in column 'ti_cpi' at line 4"):
        qog.parse([write(tmp_path, rows)])


def test_historical_code_stops_for_review(tmp_path):
    rows = [*ROWS, "890,Yugoslavia,890,Yugoslavia,YUG,345,QoGBasCSjan24,,30,.2,"]
    with pytest.raises(ParseError, match=r"qog_bas_cs_jan24\.csv.*not recognized as countries: \['YUG'\]"):
        qog.parse([write(tmp_path, rows)])


def test_blank_code(tmp_path):
    rows = [*ROWS, "999,Somewhere,999,Somewhere,,999,QoGBasCSjan24,,30,.2,"]
    with pytest.raises(ParseError, match=r"'ccodealp' '' at line 6 is not a three-letter code"):
        qog.parse([write(tmp_path, rows)])


def test_repeated_country(tmp_path):
    with pytest.raises(ParseError, match=r"qog_bas_cs_jan24\.csv: \d+ rows share country, year and indicator.*CHN"):
        qog.parse([write(tmp_path, [*ROWS, ROWS[0]])])


@pytest.mark.integration
def test_real_file(mirror):
    out = qog.parse([mirror / "qog" / "qog_bas_cs_jan24.csv"])
    values = as_dict(out)
    # qog_bas_cs_jan24.csv, row ccodealp "CHN": ti_cpi "42", vdem_polyarchy ".0759999975562096";
    # row "DNK": ti_cpi "88" (TI's CPI 2020 values: see the note on qog.REFERENCE_YEAR).
    assert values[("CHN", 2020, "qog.ti_cpi")] == 42.0
    assert values[("CHN", 2020, "qog.vdem_polyarchy")] == pytest.approx(0.0759999975562096)
    assert values[("DNK", 2020, "qog.ti_cpi")] == 88.0
    counts = out.groupby("indicator")["iso3"].nunique().to_dict()
    assert counts == {"qog.ti_cpi": 179, "qog.vdem_polyarchy": 173}
    assert set(out["year"]) == {2020}
