"""Bad raw files at build time: a clear error naming the file, and nothing half-written."""

from __future__ import annotations

import shutil

import pytest

from helpers import config
from helpers.data import build, fetch
from helpers.data.errors import ChecksumError, ParseError

pytestmark = pytest.mark.integration


@pytest.fixture
def fetched(tmp_path, mirror):
    data = tmp_path / "data"
    paths = config.Paths(data=data, raw=data / "raw", processed=data / "processed", outputs=tmp_path / "out",
                         mirror=mirror, offline=True)
    fetch.fetch_all(paths)
    return paths


def test_truncated_raw_file_is_refused_with_its_checksum(fetched):
    victim = fetched.raw / "un_egov" / "EGOV_DATA_2024.csv"
    victim.write_bytes(victim.read_bytes()[:5000])
    with pytest.raises(ChecksumError) as caught:
        build.build(fetched, say=lambda *_: None)
    message = str(caught.value)
    assert "EGOV_DATA_2024.csv" in message and "1f5fd05dcf1fb484" in message and "make data" in message
    assert not fetched.panel.exists() and not fetched.manifest.exists()
    assert not [p for p in fetched.processed.iterdir() if p.name.endswith(".tmp")]
    # The fix the message names works: fetching again restores the verified copy.
    fetch.fetch_all(fetched)
    assert build.build(fetched, say=lambda *_: None).rebuilt


def test_malformed_file_without_pin_names_file_and_problem(fetched):
    # An unpinned file (no sidecar, not in the catalogue): a WDI indicator fetched by hand.
    wdi = fetched.raw / "wb_wdi"
    for sidecar in wdi.glob("*.meta.json"):
        sidecar.unlink()
    data_file = next(wdi.glob("API_*.csv"))
    extra = wdi / "API_XX.TEST.ZS_DS2_en_csv_v2_1.csv"
    shutil.copy(data_file, extra)
    extra.write_text(extra.read_text(encoding="utf-8-sig").replace(",75.6113,", ",seventy,", 1), encoding="utf-8")
    with pytest.raises(ParseError, match=r"API_XX\.TEST\.ZS.*non-numeric value 'seventy'"):
        build.build(fetched, say=lambda *_: None)
    assert not fetched.panel.exists()
