"""WGI quirks (helpers.data.parsers.wgi); test_contract.py checks what every parser must do."""

from __future__ import annotations

import pytest

from helpers.data.errors import ParseError
from helpers.data.parsers import wgi

# --- bulk CSV (2023 release) ----------------------------------------------------------------------


def test_parse_csv_keeps_listed_series_and_drops_dissolved_code(publisher, values):
    out = values(wgi.parse_csv(publisher.wgi_2023()))
    expected = {("CHN", y, s): float(f"0.{i}{y - 2020}") for i, s in enumerate(wgi.CSV_CODES) for y in (2021, 2022)}
    expected[("XKX", 2022, "GE.EST")] = -0.19
    assert out == expected  # no GE.NO.SRC, no ANT, no Kosovo 2021 (blank), no NaN


def test_parse_csv_ignores_other_files_of_the_folder(publisher):
    assert len(wgi.parse_csv([*publisher.wgi_2023(), *publisher.wgi_2024()])) == 17


def test_parse_csv_no_csv_among_paths(publisher):
    with pytest.raises(ParseError, match=r"no WGI \.csv file among \['wgidataset\.xlsx'\]"):
        wgi.parse_csv(publisher.wgi_2024())


def test_parse_csv_malformed_code(publisher):
    paths = publisher.wgi_2023([("Somewhere", "1A", "GE.EST", "0", "0")])
    with pytest.raises(ParseError, match=r"WGIData\.csv.*'Country Code' '1A' at line 13 is not a three-letter"):
        wgi.parse_csv(paths)


def test_parse_csv_missing_series(publisher):
    with pytest.raises(ParseError, match=r"WGIData\.csv.*series \['GE\.PER\.RNK'\] not found"):
        wgi.parse_csv(publisher.wgi_2023(skip=("GE.PER.RNK",)))


# --- workbook (2024 release) ----------------------------------------------------------------------


def test_parse_xlsx_maps_names_and_dimensions(publisher, values):
    assert values(wgi.parse_xlsx(publisher.wgi_2024())) == {
        ("CHN", 2023, "GE.EST"): 0.679,
        ("CHN", 2023, "GE.STD.ERR"): 0.258,
        ("CHN", 2023, "GE.PER.RNK"): 73.58,
        ("CHN", 2023, "CC.EST"): 0.0161,  # stddev/pctrank only for Government Effectiveness
        ("XKX", 2023, "GE.EST"): -0.08,
        ("XKX", 2023, "GE.STD.ERR"): 0.276,
        ("XKX", 2023, "GE.PER.RNK"): 47.64,
    }  # no row for '..' (American Samoa) or the Netherlands Antilles


def test_parse_xlsx_ignores_trailing_empty_rows(publisher):
    assert len(wgi.parse_xlsx(publisher.wgi_2024([(None,) * 8, (None,) * 8]))) == 7


def test_parse_xlsx_unknown_dimension(publisher):
    paths = publisher.wgi_2024([("Chad", 2023, "xx", 0.1, 0.2, 5, 10.0, 5.0)])
    with pytest.raises(ParseError, match=r"unexpected value\(s\) \['xx'\] in column 'indicator'"):
        wgi.parse_xlsx(paths)


def test_parse_xlsx_two_names_for_one_country(publisher):
    paths = publisher.wgi_2024([("People's Republic of China", 2023, "ge", 0.5, 0.2, 5, 70.0, 60.0)])
    with pytest.raises(ParseError, match=r"wgidataset\.xlsx.*rows share country, year and indicator.*CHN") as info:
        wgi.parse_xlsx(paths)
    assert wgi.NAME_CLASH in str(info.value)
