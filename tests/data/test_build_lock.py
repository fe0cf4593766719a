"""Two builds at once: the second waits for the lock and gives up with a clear message."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from helpers.data.build import build_lock
from helpers.data.errors import DataError

HOLDER = """
import sys
from pathlib import Path
from helpers.data.build import build_lock
with build_lock(Path(sys.argv[1]), say=lambda *_: None):
    print("ready", flush=True)
    sys.stdin.read()  # hold the lock until the test closes our stdin
"""


def test_second_build_waits_then_reports_the_lock(tmp_path):
    # A separate process, as two `make data` runs would be; flock locks are per open file.
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        said = []
        started = time.monotonic()
        with (
            pytest.raises(DataError, match=r"another build still holds .*\.build\.lock"),
            build_lock(tmp_path, wait_seconds=0.5, say=said.append),
        ):
            pass
        assert time.monotonic() - started >= 0.5
        assert said and "waiting" in said[0]
    finally:
        holder.stdin.close()
        holder.wait(10)
        holder.stdout.close()
    # Once the holder exits, the lock is free again.
    with build_lock(tmp_path, wait_seconds=0.5, say=lambda *_: None):
        pass


def test_cli_reports_missing_raw_files(tmp_path, monkeypatch, capsys):
    from helpers.runner.cli import main

    monkeypatch.setenv("DIGIMOD_DATA_DIR", str(tmp_path))
    assert main(["data", "build"]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'raw'} holds none of the 56 files data/catalog.yaml lists" in err and "make data" in err
    assert not (tmp_path / "processed" / "panel.parquet").exists()
