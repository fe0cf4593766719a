"""Tests for helpers.data.fetch against a real HTTP server on 127.0.0.1 and temporary folders."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import shutil
import threading
import time
import zipfile
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import pytest

from helpers import config
from helpers.config import Paths
from helpers.data import catalog
from helpers.data.catalog import SourceFile
from helpers.data.errors import ChecksumError, FetchError, UnknownKeyError
from helpers.data.fetch import (
    fetch_all,
    fetch_file,
    fetch_source,
    fetch_wdi_indicator,
    partial_path,
    read_sidecar,
    safe_extract_member,
    sha256_file,
)

# Small timeouts and backoff keep the failure tests fast.
FAST = {"timeout": (1.0, 1.0), "retries": 3, "backoff": 0.01}
WDI_CODE = "XX.TEST.CODE"


# --------------------------------------------------------------------------- local HTTP server


class LocalServer:
    """State shared with the handler: served folder, per-path behaviours and a request log."""

    def __init__(self, root: Path):
        self.root = root
        self.routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        self.log: list[tuple[str, str | None]] = []  # (path, Range header)
        self.release = threading.Event()  # wakes stalled handlers at teardown
        self.base = ""
        self._lock = threading.Lock()

    def url(self, name: str) -> str:
        return f"{self.base}/{name}"

    def record(self, path: str, range_header: str | None) -> None:
        with self._lock:
            self.log.append((path, range_header))

    def hits(self, name: str) -> int:
        return sum(1 for path, _ in self.log if path.lstrip("/") == name)


def send_bytes(handler: BaseHTTPRequestHandler, data: bytes, *, honour_range: bool = True) -> None:
    """Answer 200 with ``data``, or 206 with its tail when asked for ``Range: bytes=N-``."""
    match = re.fullmatch(r"bytes=(\d+)-", handler.headers.get("Range") or "") if honour_range else None
    if match and int(match.group(1)) >= len(data):
        handler.send_response(416)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
        return
    if match:
        start = int(match.group(1))
        body = data[start:]
        handler.send_response(206)
        handler.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
    else:
        body = data
        handler.send_response(200)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def send_status(handler: BaseHTTPRequestHandler, status: int) -> None:
    handler.send_response(status)
    handler.send_header("Content-Length", "0")
    handler.end_headers()


class _Server(ThreadingHTTPServer):
    # Join handler threads on close, so no thread outlives its test.
    daemon_threads = False
    block_on_close = True

    def handle_error(self, request, client_address):
        pass  # the client hung up (timeouts, dropped connections): expected in these tests


@pytest.fixture
def server(tmp_path):
    """A ThreadingHTTPServer on 127.0.0.1 serving ``tmp_path/served`` plus custom routes."""
    state = LocalServer(tmp_path / "served")
    state.root.mkdir()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            state.record(self.path, self.headers.get("Range"))
            route = state.routes.get(self.path) or state.routes.get(self.path.split("?")[0])
            if route is not None:
                route(self)
                return
            target = state.root / unquote(self.path.split("?")[0].lstrip("/"))
            if target.is_file():
                send_bytes(self, target.read_bytes())
            else:
                send_status(self, 404)

    httpd = _Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield state
    finally:
        state.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


# --------------------------------------------------------------------------- helpers


def make_paths(tmp_path: Path, *, mirror: Path | None = None, offline: bool = False) -> Paths:
    data = tmp_path / "data"
    return Paths(data=data, raw=data / "raw", processed=data / "processed", outputs=tmp_path / "outputs",
                 mirror=mirror, offline=offline)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def entry_for(url: str, data: bytes, path: str = "un_egov/test.csv", **kw) -> SourceFile:
    """A SourceFile of the (real) un_egov source pinned to ``data``."""
    return SourceFile(source="un_egov", path=path, url=url, sha256=sha(data), bytes=len(data), **kw)


def serve(server: LocalServer, name: str, data: bytes) -> str:
    target = server.root / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return server.url(name)


def files_under(folder: Path) -> list[str]:
    """Every file below ``folder`` (hidden temps included), as sorted relative paths."""
    if not folder.exists():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            # ZipInfo keeps the name verbatim (ZipFile.write would strip a leading '/').
            zf.writestr(zipfile.ZipInfo(name), data)
    return buffer.getvalue()


CSV = b"country,year,value\nABW,2024,0.81\nAFG,2024,0.19\n"


@pytest.fixture
def real_mirror() -> Path:
    """The read-only publisher mirror (DIGIMOD_MIRROR, else ../shared/data next to the project)."""
    path = config.paths().mirror or (config.PROJECT_ROOT.parent / "shared" / "data")
    if not path.is_dir():
        pytest.skip(f"no publisher mirror at {path}")
    return path


# --------------------------------------------------------------------------- checksums and sidecars


def test_sha256_file_matches_hashlib_on_multichunk_file(tmp_path):
    data = bytes(range(256)) * 1000  # several read chunks
    target = tmp_path / "blob.bin"
    target.write_bytes(data)
    assert sha256_file(target) == sha(data)


def test_read_sidecar_is_none_when_missing_or_unreadable(tmp_path):
    target = tmp_path / "x.csv"
    assert read_sidecar(target) is None
    (tmp_path / "x.csv.meta.json").write_text("{not json", encoding="utf-8")
    assert read_sidecar(target) is None


# --------------------------------------------------------------------------- plain downloads


@pytest.mark.network
def test_download_writes_verified_file_and_sidecar(server, tmp_path):
    paths = make_paths(tmp_path)
    entry = entry_for(serve(server, "files/test.csv", CSV), CSV)

    path = fetch_file(entry, paths, **FAST)

    assert path == paths.raw / "un_egov" / "test.csv"
    assert path.read_bytes() == CSV
    meta = read_sidecar(path)
    source = catalog.get_source("un_egov")
    assert meta["source"] == "un_egov" and meta["path"] == "un_egov/test.csv"
    assert meta["url"] == meta["origin"] == entry.url
    assert meta["sha256"] == sha(CSV) and meta["bytes"] == len(CSV) and meta["pinned"] is True
    assert meta["release"] == source.release and meta["licence"] == source.licence
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", meta["accessed"])
    assert files_under(paths.raw) == ["un_egov/test.csv", "un_egov/test.csv.meta.json"]
    assert files_under(paths.data / "cache") == []  # the partial is gone once verified


@pytest.mark.network
def test_real_publisher_file_round_trips_its_catalogue_checksum(server, tmp_path, real_mirror):
    pinned = next(f for f in catalog.get_source("un_egov").files if f.path == "un_egov/EGOV_DATA_2024.csv")
    shutil.copyfile(real_mirror / pinned.path, server.root / "EGOV_DATA_2024.csv")
    entry = dataclasses.replace(pinned, url=server.url("EGOV_DATA_2024.csv"))

    path = fetch_file(entry, make_paths(tmp_path), **FAST)

    assert sha256_file(path) == pinned.sha256
    assert path.stat().st_size == pinned.bytes
    assert read_sidecar(path)["pinned"] is True


@pytest.mark.network
@pytest.mark.parametrize("failure", ["503", "drop"])
def test_retries_transient_failures_then_succeeds(server, tmp_path, failure):
    calls = {"n": 0}

    def flaky(handler):
        calls["n"] += 1
        if calls["n"] <= 2:
            if failure == "503":
                send_status(handler, 503)
            else:
                handler.close_connection = True  # hang up without a response
            return
        send_bytes(handler, CSV)

    server.routes["/flaky.csv"] = flaky
    path = fetch_file(entry_for(server.url("flaky.csv"), CSV), make_paths(tmp_path), **FAST)

    assert path.read_bytes() == CSV
    assert server.hits("flaky.csv") == 3


@pytest.mark.network
def test_gives_up_after_all_attempts_and_points_to_landing_page(server, tmp_path):
    server.routes["/down.csv"] = lambda h: send_status(h, 503)
    paths = make_paths(tmp_path)
    entry = entry_for(server.url("down.csv"), CSV, url_verified=False)

    with pytest.raises(FetchError) as info:
        fetch_file(entry, paths, **FAST)

    msg = str(info.value)
    assert entry.url in msg and "3 attempt(s)" in msg and "HTTP 503" in msg
    assert "could not be verified" in msg
    assert catalog.get_source("un_egov").landing_page in msg
    assert str(paths.raw / "un_egov" / "test.csv") in msg and "DIGIMOD_MIRROR" in msg
    assert server.hits("down.csv") == 3
    assert files_under(paths.raw) == []


@pytest.mark.network
def test_client_error_is_not_retried(server, tmp_path):
    paths = make_paths(tmp_path)
    entry = entry_for(server.url("missing.csv"), CSV)  # verified URL: no hand-download hint

    with pytest.raises(FetchError, match=r"1 attempt\(s\).*HTTP 404") as info:
        fetch_file(entry, paths, **FAST)

    assert "could not be verified" not in str(info.value)
    assert server.hits("missing.csv") == 1
    assert files_under(paths.raw) == []


@pytest.mark.network
def test_checksum_mismatch_raises_and_leaves_nothing(server, tmp_path):
    paths = make_paths(tmp_path)
    corrupted = CSV.replace(b"0.81", b"0.18")
    entry = entry_for(serve(server, "test.csv", corrupted), CSV)

    with pytest.raises(ChecksumError) as info:
        fetch_file(entry, paths, **FAST)

    msg = str(info.value)
    assert "un_egov/test.csv" in msg and entry.url in msg
    assert sha(CSV) in msg and sha(corrupted) in msg
    assert "accept-new" in msg and "make data" in msg
    assert info.value.expected == sha(CSV) and info.value.actual == sha(corrupted)
    assert files_under(paths.raw) == []  # no file, no sidecar, no temp
    assert files_under(paths.data / "cache") == []  # a bad complete download is not kept for resume


@pytest.mark.network
def test_accept_new_records_unpinned_checksum_and_is_reused(server, tmp_path):
    paths = make_paths(tmp_path)
    new_release = CSV + b"ALB,2024,0.77\n"
    entry = entry_for(serve(server, "test.csv", new_release), CSV)

    path = fetch_file(entry, paths, accept_new=True, **FAST)

    assert path.read_bytes() == new_release
    meta = read_sidecar(path)
    assert meta["pinned"] is False and meta["sha256"] == sha(new_release) and meta["bytes"] == len(new_release)
    # The accepted file now counts as present: no second request, no checksum error.
    assert fetch_file(entry, paths, **FAST) == path
    assert server.hits("test.csv") == 1


@pytest.mark.network
def test_stalled_server_times_out_and_writes_nothing(server, tmp_path):
    def stall(handler):
        server.release.wait(5)  # longer than the client's read timeout

    server.routes["/slow.csv"] = stall
    paths = make_paths(tmp_path)
    started = time.monotonic()

    with pytest.raises(FetchError) as info:
        fetch_file(entry_for(server.url("slow.csv"), CSV), paths, timeout=(1.0, 0.3), retries=2, backoff=0.01)

    assert time.monotonic() - started < 3
    msg = str(info.value)
    assert "timeout" in msg and "2 attempt(s)" in msg and server.url("slow.csv") in msg
    assert server.hits("slow.csv") == 2
    assert files_under(paths.raw) == []


# --------------------------------------------------------------------------- resume


def leave_partial(paths, entry, data: bytes):
    """What an interrupted earlier download leaves: the first bytes of ``entry`` in its partial file."""
    partial = partial_path(paths, entry.url)
    partial.parent.mkdir(parents=True)
    partial.write_bytes(data)
    return partial


@pytest.mark.network
def test_resumes_existing_partial_with_range(server, tmp_path):
    paths = make_paths(tmp_path)
    data = CSV * 50
    entry = entry_for(serve(server, "big.csv", data), data)
    partial = leave_partial(paths, entry, data[:1000])

    path = fetch_file(entry, paths, **FAST)

    assert path.read_bytes() == data and sha256_file(path) == entry.sha256
    assert server.log == [("/big.csv", "bytes=1000-")]
    assert not partial.exists()
    assert partial.parent.parent == paths.data / "cache"  # partials never live under data/raw


@pytest.mark.network
def test_interrupted_download_is_kept_outside_raw_and_resumed_next_run(server, tmp_path):
    paths = make_paths(tmp_path)
    data = CSV * 5000  # ~220 kB: several 64 kB chunks reach the partial before the cut
    entry = entry_for(server.url("cut.csv"), data)

    def cut_short(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data[:150_000])
        handler.close_connection = True

    server.routes["/cut.csv"] = cut_short
    with pytest.raises(FetchError, match=r"1 attempt\(s\)"):
        fetch_file(entry, paths, timeout=(1.0, 1.0), retries=1, backoff=0.01)
    partial = partial_path(paths, entry.url)
    kept = partial.read_bytes()
    assert 0 < len(kept) <= 150_000 and data.startswith(kept)  # whole chunks received so far
    assert files_under(paths.raw) == []

    server.routes["/cut.csv"] = lambda h: send_bytes(h, data)
    path = fetch_file(entry, paths, **FAST)

    assert path.read_bytes() == data
    assert server.log[-1] == ("/cut.csv", f"bytes={len(kept)}-")
    assert not partial.exists()


@pytest.mark.network
def test_restarts_cleanly_when_server_ignores_range(server, tmp_path):
    paths = make_paths(tmp_path)
    server.routes["/norange.csv"] = lambda h: send_bytes(h, CSV, honour_range=False)
    entry = entry_for(server.url("norange.csv"), CSV)
    leave_partial(paths, entry, b"garbage that must not be kept")

    path = fetch_file(entry, paths, **FAST)

    assert path.read_bytes() == CSV
    assert server.log == [("/norange.csv", "bytes=29-")]


@pytest.mark.network
def test_stale_partial_that_fails_verification_is_downloaded_again(server, tmp_path):
    paths = make_paths(tmp_path)
    data = CSV * 20
    entry = entry_for(serve(server, "stale.csv", data), data)
    leave_partial(paths, entry, b"X" * 100)  # left by an older release: resumable, but wrong

    path = fetch_file(entry, paths, accept_new=True, **FAST)

    # Even with accept_new, bytes glued from two downloads are not accepted: it restarted.
    assert path.read_bytes() == data and read_sidecar(path)["pinned"] is True
    assert server.log == [("/stale.csv", "bytes=100-"), ("/stale.csv", None)]


# --------------------------------------------------------------------------- zip archives


@pytest.mark.network
def test_zip_member_is_extracted_and_verified(server, tmp_path):
    paths = make_paths(tmp_path)
    archive = zip_bytes({"WGI_CSV/WGIData.csv": CSV, "WGI_CSV/WGISeries.csv": b"a,b\n"})
    entry = entry_for(serve(server, "WGI_CSV.zip", archive), CSV, path="wb_wgi/WGIData.csv",
                      archive_member="WGIData*.csv")

    path = fetch_file(entry, paths, **FAST)

    assert path.read_bytes() == CSV
    assert read_sidecar(path)["archive_member"] == "WGIData*.csv"
    assert files_under(paths.raw) == ["wb_wgi/WGIData.csv", "wb_wgi/WGIData.csv.meta.json"]
    assert files_under(paths.data / "cache") == []


@pytest.mark.network
@pytest.mark.parametrize("bad", ["../evil.csv", "data/../../evil.csv", "/tmp/evil.csv", "C:/evil.csv",
                                 "..\\evil.csv"])
def test_unsafe_zip_is_refused_whole(server, tmp_path, bad):
    paths = make_paths(tmp_path)
    absolute_before = Path("/tmp/evil.csv").exists()
    archive = zip_bytes({"data.csv": CSV, bad: b"pwned\n"})
    entry = entry_for(serve(server, "bundle.zip", archive), CSV, archive_member="data.csv")

    with pytest.raises(FetchError) as info:
        fetch_file(entry, paths, **FAST)

    assert repr(bad) in str(info.value) and "refusing" in str(info.value)
    assert files_under(paths.raw) == []  # not even the safe member
    assert [p for p in tmp_path.rglob("*evil*")] == []
    assert Path("/tmp/evil.csv").exists() == absolute_before
    assert files_under(paths.data / "cache") == []


def test_safe_extract_member_reports_no_or_several_matches(tmp_path):
    archive = tmp_path / "a.zip"
    archive.write_bytes(zip_bytes({"one.csv": b"1\n", "two.csv": b"2\n", "notes.txt": b"n\n"}))

    with pytest.raises(FetchError, match=r"no member .* matches 'data\*\.csv'.*one\.csv, two\.csv, notes\.txt"):
        safe_extract_member(archive, "data*.csv", tmp_path / "out.csv")
    with pytest.raises(FetchError, match=r"2 members .* match '\*\.csv' \(one\.csv, two\.csv\)"):
        safe_extract_member(archive, "*.csv", tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()

    assert safe_extract_member(archive, "two.csv", tmp_path / "sub" / "out.csv").read_bytes() == b"2\n"
    assert files_under(tmp_path / "sub") == ["out.csv"]  # no temp left beside it


def test_safe_extract_member_rejects_non_zip(tmp_path):
    html = tmp_path / "page.zip"
    html.write_text("<html>Service unavailable</html>", encoding="utf-8")
    with pytest.raises(FetchError, match="not a readable zip archive"):
        safe_extract_member(html, "*.csv", tmp_path / "out.csv")


# --------------------------------------------------------------------------- mirror and offline


def test_mirror_copy_writes_sidecar_with_mirror_origin(server, tmp_path):
    mirror = tmp_path / "mirror"
    (mirror / "un_egov").mkdir(parents=True)
    (mirror / "un_egov" / "test.csv").write_bytes(CSV)
    paths = make_paths(tmp_path, mirror=mirror)

    path = fetch_file(entry_for(server.url("never.csv"), CSV), paths, **FAST)

    assert path.read_bytes() == CSV
    meta = read_sidecar(path)
    assert meta["origin"] == f"mirror:{(mirror / 'un_egov' / 'test.csv').resolve()}"
    assert meta["pinned"] is True and meta["url"] == server.url("never.csv")
    assert server.log == []  # the mirror wins over the network


def test_missing_mirror_file_names_the_path(tmp_path):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    paths = make_paths(tmp_path, mirror=mirror, offline=True)

    with pytest.raises(FetchError) as info:
        fetch_file(entry_for("http://127.0.0.1:9/x.csv", CSV), paths, **FAST)

    msg = str(info.value)
    assert str(mirror / "un_egov" / "test.csv") in msg and "laid out like" in msg and "catalog.yaml" in msg
    assert files_under(paths.raw) == [] and not (paths.raw / "un_egov").exists()


def test_mistyped_mirror_folder_fails_once_for_the_whole_catalogue(tmp_path):
    paths = make_paths(tmp_path, mirror=tmp_path / "no-such-mirror", offline=True)
    with pytest.raises(FetchError, match=r"^DIGIMOD_MIRROR=.*no-such-mirror is not a folder"):
        fetch_all(paths)
    assert files_under(paths.raw) == []


def test_corrupt_mirror_file_raises_checksum_error(tmp_path):
    mirror = tmp_path / "mirror"
    (mirror / "un_egov").mkdir(parents=True)
    (mirror / "un_egov" / "test.csv").write_bytes(b"truncated")
    paths = make_paths(tmp_path, mirror=mirror, offline=True)

    with pytest.raises(ChecksumError, match="mirror copy") as info:
        fetch_file(entry_for("http://127.0.0.1:9/x.csv", CSV), paths)

    assert info.value.actual == sha(b"truncated")
    assert files_under(paths.raw) == []


def test_offline_without_mirror_says_what_to_do(tmp_path):
    paths = make_paths(tmp_path, offline=True)
    with pytest.raises(FetchError) as info:
        fetch_file(entry_for("http://127.0.0.1:9/x.csv", CSV), paths)
    msg = str(info.value)
    assert "DIGIMOD_MIRROR=" in msg and "../shared/data" in msg and "unset DIGIMOD_OFFLINE" in msg
    assert files_under(paths.raw) == []


@pytest.mark.network
def test_verified_file_already_present_makes_no_request(server, tmp_path):
    paths = make_paths(tmp_path)
    entry = entry_for(serve(server, "test.csv", CSV), CSV)
    dest = paths.raw / "un_egov" / "test.csv"
    dest.parent.mkdir(parents=True)
    dest.write_bytes(CSV)  # placed by hand, no sidecar yet
    mtime = dest.stat().st_mtime_ns

    assert fetch_file(entry, paths, **FAST) == dest

    assert server.log == []
    assert dest.stat().st_mtime_ns == mtime
    meta = read_sidecar(dest)
    assert meta["origin"] == f"local:{dest}" and meta["pinned"] is True and meta["sha256"] == sha(CSV)


@pytest.mark.network
def test_present_but_wrong_file_is_replaced(server, tmp_path):
    paths = make_paths(tmp_path)
    entry = entry_for(serve(server, "test.csv", CSV), CSV)
    dest = paths.raw / "un_egov" / "test.csv"
    dest.parent.mkdir(parents=True)
    dest.write_bytes(b"half a fi")

    assert fetch_file(entry, paths, **FAST).read_bytes() == CSV
    assert server.hits("test.csv") == 1


# --------------------------------------------------------------------------- whole sources


def test_fetch_source_from_real_mirror_matches_catalogue(tmp_path, real_mirror):
    paths = make_paths(tmp_path, mirror=real_mirror, offline=True)
    files = catalog.get_source("un_egov").files

    fetched = fetch_source("un_egov", paths)

    assert [p.relative_to(paths.raw).as_posix() for p in fetched] == [f.path for f in files]
    assert all(sha256_file(p) == f.sha256 for p, f in zip(fetched, files, strict=True))
    assert all(read_sidecar(p)["origin"].startswith("mirror:") for p in fetched)


def test_fetch_source_lists_every_failure_and_rejects_unknown_source(tmp_path):
    paths = make_paths(tmp_path, offline=True)
    with pytest.raises(FetchError, match=r"2 of 2 files could not be fetched") as info:
        fetch_source("wb_wdi", paths)
    assert str(info.value).count("DIGIMOD_MIRROR=") == 2
    with pytest.raises(UnknownKeyError, match="un_egov"):
        fetch_source("un_egovv", paths)


@pytest.mark.integration
def test_fetch_all_from_real_mirror_verifies_every_pin(tmp_path, real_mirror):
    paths = make_paths(tmp_path, mirror=real_mirror, offline=True)
    fetched = fetch_all(paths)
    assert len(fetched) == len(catalog.all_files())
    assert all(read_sidecar(p)["pinned"] is True for p in fetched)


# --------------------------------------------------------------------------- World Bank WDI

WDI_PREAMBLE = b'\xef\xbb\xbf"Data Source","World Development Indicators",\n\n"Last Updated Date","2024-11-13",\n\n'
WDI_DATA = WDI_PREAMBLE + (
    b'"Country Name","Country Code","Indicator Name","Indicator Code","2022","2023",\n'
    b'"Aruba","ABW","Test indicator","XX.TEST.CODE","1.5","2.5",\n'
)
WDI_COUNTRIES = b'"Country Code","Region","IncomeGroup","SpecialNotes","TableName",\n"ABW","LAC","High income","","Aruba",\n'


def wdi_zip(code: str, version: str = "100", data: bytes = WDI_DATA, countries: bytes = WDI_COUNTRIES) -> bytes:
    return zip_bytes({
        f"API_{code}_DS2_en_csv_v2_{version}.csv": data,
        f"Metadata_Country_API_{code}_DS2_en_csv_v2_{version}.csv": countries,
        f"Metadata_Indicator_API_{code}_DS2_en_csv_v2_{version}.csv": b'"INDICATOR_CODE"\n',
    })


def serve_wdi(server: LocalServer, code: str, archive: bytes) -> None:
    server.routes[f"/v2/en/indicator/{code}?downloadformat=csv"] = lambda h: send_bytes(h, archive)


@pytest.mark.network
def test_wdi_any_code_downloads_data_and_country_metadata(server, tmp_path):
    paths = make_paths(tmp_path)
    serve_wdi(server, WDI_CODE, wdi_zip(WDI_CODE))

    got = fetch_wdi_indicator(WDI_CODE, paths, base_url=server.url("v2/en/indicator"), **FAST)

    folder = paths.raw / "wb_wdi"
    assert got == {"data": folder / f"API_{WDI_CODE}_DS2_en_csv_v2_100.csv",
                   "country_metadata": folder / f"Metadata_Country_API_{WDI_CODE}_DS2_en_csv_v2_100.csv"}
    assert got["data"].read_bytes() == WDI_DATA  # exactly as published, preamble included
    assert got["data"].read_bytes().splitlines()[4].startswith(b'"Country Name"')
    assert got["country_metadata"].read_bytes() == WDI_COUNTRIES
    meta = read_sidecar(got["data"])
    assert meta["pinned"] is False and meta["sha256"] == sha(WDI_DATA) and meta["source"] == "wb_wdi"
    assert meta["origin"] == server.url(f"v2/en/indicator/{WDI_CODE}?downloadformat=csv")
    assert meta["licence"] == catalog.get_source("wb_wdi").licence
    assert len(files_under(folder)) == 4  # two files, two sidecars; Metadata_Indicator not kept
    assert files_under(paths.data / "cache") == []

    assert fetch_wdi_indicator(WDI_CODE, paths, base_url=server.url("v2/en/indicator"), **FAST) == got
    assert len(server.log) == 1  # second call: already present and matching its sidecar


@pytest.mark.network
def test_wdi_refetch_replaces_older_version(server, tmp_path):
    paths = make_paths(tmp_path)
    base = server.url("v2/en/indicator")
    serve_wdi(server, WDI_CODE, wdi_zip(WDI_CODE, "100"))
    old = fetch_wdi_indicator(WDI_CODE, paths, base_url=base, **FAST)
    old["data"].write_bytes(b"edited by hand")  # no longer matches its sidecar
    serve_wdi(server, WDI_CODE, wdi_zip(WDI_CODE, "200"))

    new = fetch_wdi_indicator(WDI_CODE, paths, base_url=base, **FAST)

    assert new["data"].name.endswith("_v2_200.csv") and new["data"].read_bytes() == WDI_DATA
    assert sorted(p.name for p in (paths.raw / "wb_wdi").glob("*.csv")) == sorted(p.name for p in new.values())


@pytest.mark.network
def test_wdi_catalogue_code_is_verified_against_pins(server, tmp_path, real_mirror):
    paths = make_paths(tmp_path)
    pinned = [f for f in catalog.get_source("wb_wdi").files]
    archive = zip_bytes({Path(f.path).name: (real_mirror / f.path).read_bytes() for f in pinned})
    serve_wdi(server, "IT.NET.USER.ZS", archive)

    got = fetch_wdi_indicator("IT.NET.USER.ZS", paths, base_url=server.url("v2/en/indicator"), **FAST)

    assert [sha256_file(got["data"]), sha256_file(got["country_metadata"])] == [f.sha256 for f in pinned]
    assert read_sidecar(got["data"])["pinned"] is True


@pytest.mark.network
def test_wdi_archive_without_country_metadata_fails_cleanly(server, tmp_path):
    paths = make_paths(tmp_path)
    serve_wdi(server, WDI_CODE, zip_bytes({f"API_{WDI_CODE}_DS2_en_csv_v2_1.csv": WDI_DATA}))

    with pytest.raises(FetchError, match=r"not a usable WDI bulk file.*Metadata_Country_API_XX\.TEST\.CODE"):
        fetch_wdi_indicator(WDI_CODE, paths, base_url=server.url("v2/en/indicator"), **FAST)

    assert files_under(paths.raw) == [] and files_under(paths.data / "cache") == []


def test_wdi_offline_from_real_mirror(tmp_path, real_mirror):
    paths = make_paths(tmp_path, mirror=real_mirror, offline=True)

    got = fetch_wdi_indicator("IT.NET.USER.ZS", paths)

    pins = {Path(f.path).name: f.sha256 for f in catalog.get_source("wb_wdi").files}
    assert set(got) == {"data", "country_metadata"}
    assert {p.name: sha256_file(p) for p in got.values()} == pins
    assert read_sidecar(got["data"])["origin"] == f"mirror:{(real_mirror / 'wb_wdi' / got['data'].name).resolve()}"


def test_wdi_unknown_code_offline_lists_mirrored_codes(tmp_path, real_mirror):
    paths = make_paths(tmp_path, mirror=real_mirror, offline=True)
    with pytest.raises(FetchError) as info:
        fetch_wdi_indicator("SP.POP.TOTL", paths)
    msg = str(info.value)
    assert "SP.POP.TOTL" in msg and "IT.NET.USER.ZS" in msg and "online" in msg
    assert files_under(paths.raw) == []


def test_wdi_unpinned_code_copied_from_mirror_when_present(tmp_path):
    mirror = tmp_path / "mirror"
    (mirror / "wb_wdi").mkdir(parents=True)
    with zipfile.ZipFile(io.BytesIO(wdi_zip(WDI_CODE))) as zf:
        zf.extractall(mirror / "wb_wdi")
    paths = make_paths(tmp_path, mirror=mirror, offline=True)

    got = fetch_wdi_indicator(WDI_CODE, paths)

    assert got["data"].read_bytes() == WDI_DATA
    assert read_sidecar(got["country_metadata"])["pinned"] is False


def test_wdi_offline_without_mirror_says_what_to_do(tmp_path):
    with pytest.raises(FetchError, match="DIGIMOD_MIRROR=.*unset DIGIMOD_OFFLINE"):
        fetch_wdi_indicator(WDI_CODE, make_paths(tmp_path, offline=True))


@pytest.mark.parametrize("code", ["", "IT NET", "../../etc/passwd", "IT..NET", "IT.NET*", "a/b", ".IT"])
def test_wdi_rejects_malformed_codes(tmp_path, code):
    with pytest.raises(FetchError, match="is not a WDI indicator code.*IT.NET.USER.ZS"):
        fetch_wdi_indicator(code, make_paths(tmp_path))
    assert not (tmp_path / "data").exists()


# --------------------------------------------------------------------------- size limits, non-files, full disk


@pytest.mark.network
def test_zip_member_unpacking_far_beyond_the_catalogue_size_is_refused(server, tmp_path):
    paths = make_paths(tmp_path)
    bomb = b"0" * (3 << 20)  # 3 MiB where the catalogue expects a file of a few dozen bytes
    archive = zip_bytes({"WGIData.csv": bomb})
    entry = entry_for(serve(server, "WGI.zip", archive), CSV, path="wb_wgi/WGIData.csv", archive_member="WGIData.csv")

    with pytest.raises(FetchError) as info:
        fetch_file(entry, paths, **FAST)

    msg = str(info.value)
    assert f"unpacks to {len(bomb):,} bytes" in msg and f"4× the {len(CSV):,} bytes data/catalog.yaml expects" in msg
    assert "nothing was extracted" in msg and "zip bomb" in msg
    assert files_under(paths.raw) == [] and files_under(paths.data / "cache") == []


def test_zip_member_without_a_catalogue_size_is_limited_by_its_compression_ratio(tmp_path):
    archive = tmp_path / "api.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("API_XX.csv", b"0" * (20 << 20))  # 20 MiB from a 20 KB archive

    with pytest.raises(FetchError, match=r"unpacks to 20,971,520 bytes, beyond the limit of 13,107,200 bytes "
                                         r"\(200× its compressed size"):
        safe_extract_member(archive, "API_*.csv", tmp_path / "out" / "API_XX.csv")
    assert files_under(tmp_path / "out") == []
    # An ordinary archive passes: CSV compresses far less than that.
    archive.write_bytes(zip_bytes({"API_XX.csv": CSV * 1000}))
    assert safe_extract_member(archive, "API_*.csv", tmp_path / "out" / "API_XX.csv").read_bytes() == CSV * 1000


def test_a_directory_where_a_raw_file_belongs_is_named_with_the_fix(tmp_path):
    mirror = tmp_path / "mirror"
    (mirror / "un_egov").mkdir(parents=True)
    (mirror / "un_egov" / "test.csv").write_bytes(CSV)
    paths = make_paths(tmp_path, mirror=mirror, offline=True)
    squatter = paths.raw / "un_egov" / "test.csv"
    squatter.mkdir(parents=True)

    with pytest.raises(FetchError) as info:
        fetch_file(entry_for("http://127.0.0.1:9/x.csv", CSV), paths)

    assert str(info.value).startswith(f"{squatter} is a directory, not a file")
    assert f"rm -r {squatter}" in str(info.value) and "digimod data fetch" in str(info.value)
    assert squatter.is_dir() and files_under(paths.raw) == []  # left as it was


def _fill_disk_after(nbytes: int):
    """A stand-in for a write that hits a full disk: ``nbytes`` reach the file, then ENOSPC."""
    import errno

    def write(src, dst, *args, **kwargs):
        dst.write(src.read(nbytes))
        raise OSError(errno.ENOSPC, "No space left on device")

    return write


def test_full_disk_while_copying_from_the_mirror_leaves_nothing(tmp_path, monkeypatch):
    from helpers.data import fetch

    mirror = tmp_path / "mirror"
    (mirror / "un_egov").mkdir(parents=True)
    (mirror / "un_egov" / "test.csv").write_bytes(CSV)
    paths = make_paths(tmp_path, mirror=mirror, offline=True)
    monkeypatch.setattr(fetch.shutil, "copyfileobj", _fill_disk_after(10))

    with pytest.raises(FetchError) as info:
        fetch_file(entry_for("http://127.0.0.1:9/x.csv", CSV), paths)

    msg = str(info.value)
    assert "No space left on device" in msg and "no partial file was left behind" in msg
    assert f"The disk holding {paths.raw / 'un_egov'} is full" in msg and "`digimod data fetch` again" in msg
    assert files_under(paths.data) == []


@pytest.mark.network
def test_full_disk_while_downloading_removes_the_partial_download(server, tmp_path, monkeypatch):
    import errno

    from helpers.data import fetch

    paths = make_paths(tmp_path)
    entry = entry_for(serve(server, "big.csv", CSV * 50), CSV * 50)

    def stream_then_fill_disk(session, url, partial, timeout):
        partial.write_bytes(CSV)
        raise OSError(errno.ENOSPC, "No space left on device", str(partial))

    monkeypatch.setattr(fetch, "_stream_once", stream_then_fill_disk)

    with pytest.raises(FetchError, match=r"could not write .*\.part \(No space left on device\).*is full"):
        fetch_file(entry, paths, **FAST)
    assert files_under(paths.data) == []  # neither data/raw nor the partial in data/cache
