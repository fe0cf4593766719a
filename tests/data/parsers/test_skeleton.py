"""Unit tests for the parser skeleton in helpers.data.parsers._common: picking a dataset's files,
:func:`parse_files` (read each, concatenate, check keys) and the country-code helpers."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers.data.errors import ParseError
from helpers.data.parsers._common import (
    REFETCH,
    check_codes,
    codes_to_iso3,
    files_with_suffix,
    parse_files,
    select_files,
    tidy,
)


def rows(iso3: str, *values: float) -> pd.DataFrame:
    """Tidy rows for ``iso3``, one per value, years 2000, 2001, …"""
    return tidy(pd.DataFrame({"iso3": iso3, "year": range(2000, 2000 + len(values)), "indicator": "x",
                              "value": values}))


def test_select_files_keeps_order_and_filters(tmp_path):
    paths = [tmp_path / "b.csv", tmp_path / "README.md", tmp_path / "a.csv"]
    assert select_files(paths, missing="none", folder="src") == paths
    assert select_files(paths, lambda p: p.suffix == ".csv", missing="none", folder="src") == [paths[0], paths[2]]


def test_select_files_none_left_names_the_folder_and_refetch(tmp_path):
    with pytest.raises(ParseError, match=r"wb_x/?: no API file\. " + re.escape(REFETCH)) as info:
        select_files([], missing="no API file", folder="wb_x")
    assert info.value.file == "wb_x"
    with pytest.raises(ParseError, match="no API file") as info:
        select_files([tmp_path / "README.md"], lambda p: False, missing="no API file", folder="wb_x")
    assert info.value.file == str(tmp_path)


def test_files_with_suffix_lists_what_it_found(tmp_path):
    assert files_with_suffix([tmp_path / "a.CSV", tmp_path / "b.xlsx"], ".csv", "WGI") == [tmp_path / "a.CSV"]
    with pytest.raises(ParseError, match=r"no WGI \.csv file among \['b\.xlsx'\]"):
        files_with_suffix([tmp_path / "b.xlsx"], ".csv", "WGI")


def test_parse_files_reads_each_file_in_order_and_concatenates(tmp_path):
    frames = {"a": rows("CHN", 1.0, 2.0), "b": rows("ABW", 3.0)}
    out = parse_files([tmp_path / "a", tmp_path / "b"], lambda path: frames[path.name])
    assert out.values.tolist() == [["CHN", 2000, "x", 1.0], ["CHN", 2001, "x", 2.0], ["ABW", 2000, "x", 3.0]]
    assert out.index.tolist() == [0, 1, 2]


def test_parse_files_combine_runs_on_all_rows_before_the_key_check(tmp_path):
    seen = []

    def combine(frame):
        seen.append(len(frame))
        return frame.drop_duplicates(ignore_index=True)

    out = parse_files([tmp_path / "a", tmp_path / "b"], lambda _: rows("CHN", 1.0), combine=combine)
    assert seen == [2] and len(out) == 1


def test_parse_files_key_repeated_across_files_names_the_first_file_and_the_fix(tmp_path):
    files = [tmp_path / "a.csv", tmp_path / "b.csv"]
    with pytest.raises(ParseError, match=r"a\.csv: 2 rows share country, year and indicator.*Fix the names") as info:
        parse_files(files, lambda _: rows("CHN", 1.0), duplicate_fix="Fix the names")
    assert info.value.file == str(tmp_path / "a.csv")


def test_check_codes_names_the_file_line(tmp_path):
    codes = pd.Series(["CHN", "ABW", "1A", "xyz"])
    with pytest.raises(ParseError, match=r"f\.csv: 'iso3' '1A' at line 4 is not a three-letter code"):
        check_codes(codes, "f.csv", "iso3")
    # labels of the file's rows are kept when rows were left out before the check
    with pytest.raises(ParseError, match="'xyz' at line 5"):
        check_codes(codes[codes != "1A"], "f.csv", "iso3")
    check_codes(codes[:2], "f.csv", "iso3")


def test_codes_to_iso3_keeps_missing_and_stops_on_unknown():
    out = codes_to_iso3(pd.Series(["CHN", None, "XKX"]), "f.csv")
    assert out.tolist()[0] == "CHN" and pd.isna(out.iloc[1]) and out.iloc[2] == "XKX"
    with pytest.raises(ParseError, match=r"f\.csv.*not recognized as countries: \['QQQ'\]"):
        codes_to_iso3(pd.Series(["CHN", "QQQ"]), "f.csv")
