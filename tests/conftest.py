"""Shared test fixtures. Tests never touch the network beyond 127.0.0.1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import config


@pytest.fixture
def mirror() -> Path:
    """The real publisher mirror (``DIGIMOD_MIRROR``); integration tests skip without it."""
    path = config.paths().mirror
    if path is None or not path.is_dir():
        pytest.skip("DIGIMOD_MIRROR is not set to a folder (CI sets it to ../shared/data)")
    return path


@pytest.fixture(scope="session")
def built_paths(tmp_path_factory) -> config.Paths:
    """The real panel, fetched from the mirror and built once per test session in a temporary folder."""
    from helpers.data import build, fetch

    mirror = config.paths().mirror
    if mirror is None or not mirror.is_dir():
        pytest.skip("DIGIMOD_MIRROR is not set to a folder (CI sets it to ../shared/data)")
    data = tmp_path_factory.mktemp("data")
    paths = config.Paths(
        data=data, raw=data / "raw", processed=data / "processed", outputs=data / "outputs",
        mirror=mirror, offline=True,
    )
    fetch.fetch_all(paths)
    build.build(paths, say=lambda *_: None)
    return paths


@pytest.fixture(scope="session")
def notebook_env(built_paths):
    """Point this process and the kernels it starts at the session's built data and outputs."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DIGIMOD_DATA_DIR", str(built_paths.data))
        patch.setenv("DIGIMOD_OUTPUTS_DIR", str(built_paths.outputs))
        patch.setenv("DIGIMOD_OFFLINE", "1")
        yield built_paths


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """An empty, private data folder for one test (``DIGIMOD_DATA_DIR``)."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("DIGIMOD_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def _no_real_network(monkeypatch):
    """Refuse connections to anything but loopback, so a test can never reach the internet."""
    import socket

    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in {"127.0.0.1", "localhost", "::1"} and not os.path.exists(host):
            raise OSError(f"test tried to reach {host!r}; only 127.0.0.1 is allowed")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
