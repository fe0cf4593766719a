"""Bad raw files at build time: a clear error naming the file, and nothing half-written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import config
from helpers.data import build, fetch
from helpers.data.errors import ChecksumError, DataError, FetchError, ParseError

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


GAPMINDER = "gapminder/datapoints/ddf--datapoints--{}--by--geo--time.csv"


def test_missing_raw_files_are_each_named_before_anything_is_parsed(fetched, monkeypatch):
    # A dataset reads its files by pattern, so without this check the panel lost 6,022 rows silently.
    gone = [GAPMINDER.format("internet_users"), GAPMINDER.format("cell_phones_per_100_people")]
    complete_rows = build.build(fetched, say=lambda *_: None).rows  # the panel with every file present
    shutil.rmtree(fetched.processed)  # and then, as before the first build, no panel
    for rel in gone:
        (fetched.raw / rel).unlink()
    monkeypatch.setattr(build, "parse_datasets", lambda *a, **k: pytest.fail("parsed with files missing"))

    with pytest.raises(FetchError) as caught:
        build.build(fetched, force=True, say=lambda *_: None)

    message = str(caught.value)
    assert message.startswith("2 of the 56 files data/catalog.yaml lists are missing from")
    assert all(f"  - {rel}: missing" in message for rel in gone)
    assert f"`digimod data fetch`, which copies them from the mirror {fetched.mirror}" in message
    assert not fetched.panel.exists()
    monkeypatch.undo()
    fetch.fetch_all(fetched)  # the fix the message names
    assert build.build(fetched, force=True, say=lambda *_: None).rows == complete_rows


def test_a_directory_where_a_raw_file_belongs_stops_the_build(fetched):
    victim = fetched.raw / "itu" / "IDIDataset.xlsx"
    victim.unlink()
    victim.mkdir()
    with pytest.raises(FetchError, match=r"itu/IDIDataset.xlsx: .*IDIDataset.xlsx is a directory, not a file"):
        build.build(fetched, say=lambda *_: None)
    assert not fetched.panel.exists()


def test_full_disk_while_writing_the_panel_leaves_no_temporary_file(fetched, monkeypatch):
    import errno

    import pandas as pd

    real = pd.DataFrame.to_parquet
    calls = []

    def to_parquet(frame, path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 2:  # the country table, after the panel's temporary file was written
            Path(path).write_bytes(b"PAR1 half")
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(frame, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", to_parquet)
    with pytest.raises(DataError) as caught:
        build.build(fetched, say=lambda *_: None)

    message = str(caught.value)
    assert "(No space left on device); no partial file was left behind" in message
    assert f"The disk holding {fetched.processed} is full" in message and "`digimod data build` again" in message
    assert sorted(p.name for p in fetched.processed.iterdir()) == [".build.lock"]


def test_status_hashes_every_file(fetched, monkeypatch, capsys):
    from helpers.runner.cli import main

    monkeypatch.setenv("DIGIMOD_DATA_DIR", str(fetched.data))
    truncated = fetched.raw / "un_egov" / "EGOV_DATA_2024.csv"
    truncated.write_bytes(truncated.read_bytes()[:5000])
    folder = fetched.raw / "itu" / "IDIDataset.xlsx"
    folder.unlink()
    folder.mkdir()

    assert main(["data", "status"]) == 1

    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines() if line.startswith("  ")}
    assert "checksum mismatch: expected sha256 1f5fd05dcf1f…, got " in lines["un_egov/EGOV_DATA_2024.csv"]
    assert "refetch with `digimod data fetch`" in lines["un_egov/EGOV_DATA_2024.csv"]
    assert "is a directory, not a file" in lines["itu/IDIDataset.xlsx"]
    assert lines["un_egov/EGOV_DATA_2022.csv"].split()[1:3] == ["ok", "2c27f1bbe33d,"]
