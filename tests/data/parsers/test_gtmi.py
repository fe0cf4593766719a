"""GTMI quirks (helpers.data.parsers.gtmi); test_contract.py checks what every parser must do."""

from __future__ import annotations

import pytest

from helpers.data.errors import ParseError
from helpers.data.parsers import gtmi


def test_parse_recodes_legacy_codes_and_drops_note_rows(publisher, values):
    columns = ["gtmi", "cgsi", "psdi", "dcei", "gtei"]
    rows = {  # conftest.GTMI_ROWS without the note rows; None = empty cell, no row
        ("CHN", 2020): (0.71, 0.711, 0.878, 0.408, 0.843),
        ("ROU", 2020): (0.6, 0.5, 0.7, 0.4, 0.8),  # ROM
        ("PSE", 2020): (0.4, 0.3, None, 0.2, 0.5),  # WBG
        ("CHN", 2022): (0.665, 0.581, 0.841, 0.627, 0.611),
        ("XKX", 2022): (0.633, 0.647, 0.852, 0.577, 0.456),  # KSV
    }
    expected = {
        (iso3, year, f"gtmi.{column}"): value
        for (iso3, year), numbers in rows.items()
        for column, value in zip(columns, numbers, strict=True)
        if value is not None
    }
    assert values(gtmi.parse(publisher.gtmi())) == expected


def test_non_numeric_value_in_a_note_row_is_ignored(publisher):
    assert len(gtmi.parse(publisher.gtmi([(2025, "0.5", "B", "42", "n = 42", None, None, None, None)]))) == 24


def test_missing_year(publisher):
    paths = publisher.gtmi([(None, "FRA", "France", "A", 0.9, 0.9, 0.9, 0.9, 0.9)])
    with pytest.raises(ParseError, match=r"groups_data\.xlsx: missing year at row 9"):
        gtmi.parse(paths)


def test_old_and_new_code_for_one_country_is_a_duplicate(publisher):
    paths = publisher.gtmi([(2020, "ROU", "Romania", "B", 0.6, 0.5, 0.7, 0.4, 0.8)])
    with pytest.raises(ParseError, match=r"groups_data\.xlsx: 10 rows share country, year and.*ROU") as info:
        gtmi.parse(paths)
    assert "LEGACY_CODES" in str(info.value)
