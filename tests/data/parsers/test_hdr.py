"""HDR quirks (helpers.data.parsers.hdr); test_contract.py checks what every parser must do."""

from __future__ import annotations

import pytest

from helpers.data.errors import ParseError
from helpers.data.parsers import hdr


def expected() -> dict:
    """The rows of conftest.HDR_ROWS: (country, indicator) -> 2021 and 2022 values (None: blank)."""
    wide = {
        ("CHN", "hdi"): (0.786, 0.788), ("CHN", "le"): (78.2, 78.587), ("CHN", "eys"): (15.1, 15.21793605),
        ("CHN", "mys"): (8.1, 8.106910446), ("CHN", "gnipc"): (17000.5, 18024.88747),
        ("CIV", "hdi"): (0.53, 0.534), ("CIV", "le"): (58.6, 58.9), ("CIV", "eys"): (10.6, 10.7),
        ("CIV", "mys"): (5.2, 5.3), ("CIV", "gnipc"): (5000.0, 5100.0),
        ("SOM", "hdi"): (None, 0.38), ("SOM", "le"): (55.3, 55.7), ("SOM", "mys"): (1.1, None),
        ("SOM", "gnipc"): (1000.0, 1100.0),
        # Inequality columns (2010-2022 in the real file); Somalia has only the one in life expectancy.
        ("CHN", "ineq_le"): (5.6, 5.4146132), ("CHN", "ineq_edu"): (10.2931, 10.2931),
        ("CHN", "coef_ineq"): (15.5, 15.33175773), ("CHN", "ihdi"): (0.655, 0.662),
        ("CIV", "ineq_le"): (30.1, 29.8), ("CIV", "ineq_edu"): (38.0, 37.5),
        ("CIV", "coef_ineq"): (31.0, 30.2), ("CIV", "ihdi"): (0.36, 0.365),
        ("SOM", "ineq_le"): (40.2, 39.9),
        # Population: millions in the file, people in the panel.
        ("CHN", "pop_total"): (1_425_893_465.0, 1_425_887_337.0), ("CIV", "pop_total"): (27_478_249.0, 28_160_542.0),
        ("SOM", "pop_total"): (None, 17_597_511.0),
    }
    return {
        (iso3, year, f"hdr.{ind}"): value
        for (iso3, ind), pair in wide.items()
        for year, value in zip((2021, 2022), pair, strict=True)
        if value is not None
    }


def test_parse_windows_1252_file(publisher, values):
    # female/male columns (hdi_f_2022 …) and hdi_rank_2022 are not read; ZZ aggregates are dropped.
    assert values(hdr.parse(publisher.hdr())) == expected()


def test_parse_utf8_file_with_bom_gives_the_same(publisher, values):
    assert values(hdr.parse(publisher.hdr(encoding="utf-8", bom=b"\xef\xbb\xbf"))) == expected()


def test_missing_indicator_columns(publisher):
    (path,) = publisher.hdr()
    publisher.replace(path, "mys_20", "mys20", count=None)
    with pytest.raises(ParseError, match=r"HDR23-24.*\.csv: no year columns named mys_YYYY"):
        hdr.parse([path])


def test_truncated_mid_line(publisher):
    (path,) = publisher.hdr()
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"0.739") + 3])  # the World row cut inside hdi_2022
    with pytest.raises(ParseError, match=r"HDR23-24.*\.csv: line 5 has fewer fields than the header"):
        hdr.parse([path])
