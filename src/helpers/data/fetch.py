"""Obtain the catalogue's publisher files and put them, verified, under ``data/raw/``.

Where a file comes from, in order:

1. ``data/raw/<path>`` itself, when it is already there and its sha256 matches the catalogue
   (or the checksum recorded by an earlier ``--accept-new``): nothing is done.
2. The mirror folder (``DIGIMOD_MIRROR``), laid out like the catalogue's ``path`` entries.
3. The publisher's URL, unless offline (``DIGIMOD_OFFLINE``): retried with exponential backoff,
   streamed to ``data/cache/partial/`` and resumed with an HTTP ``Range`` request next time.

Every file is checked against its pinned sha256 before it appears in ``data/raw/``; it is
written to a temporary file beside its destination, fsynced and renamed, so ``data/raw/``
never holds a partial or unverified file. Next to each file a ``<file>.meta.json`` sidecar
records where it came from (source, URL or mirror, release, licence, checksum, access time).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import fnmatch
import hashlib
import json
import os
import posixpath
import re
import shutil
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import requests

from .. import config
from ..files import fsync_dir, temp_beside, write_bytes_atomic
from . import catalog
from .catalog import SourceFile
from .errors import ChecksumError, FetchError, UnknownKeyError, write_failed

__all__ = [
    "WDI_BASE_URL",
    "fetch_all",
    "fetch_file",
    "fetch_source",
    "fetch_wdi_indicator",
    "partial_path",
    "raw_file_state",
    "read_sidecar",
    "safe_extract_member",
    "sha256_file",
    "sidecar_path",
]

WDI_BASE_URL = "https://api.worldbank.org/v2/en/indicator"
SIDECAR_SUFFIX = ".meta.json"

_CHUNK = 1 << 16
# Some publishers refuse the default python-requests agent; say who we are instead.
_USER_AGENT = "digimod-fetch/0.1 (research notebooks; python-requests)"
# WDI codes are dot-separated words of letters, digits and underscores (IT.NET.USER.ZS,
# per_allsp.cov_pop_tot). Anything else could escape the URL path or the file glob.
_WDI_CODE = re.compile(r"[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*")
_DRIVE = re.compile(r"^[A-Za-z]:")
_REFETCH = "rerun `make data` (or `digimod data fetch`)"
#: What one zip member may unpack to: this many times the catalogue's size of the file, and at most
#: ``_MAX_UNPACKED`` bytes (or this ratio to its compressed size) when the catalogue does not pin it.
_SIZE_TOLERANCE = 4
_MAX_UNPACKED = 1 << 30
_MAX_RATIO = 200


# --------------------------------------------------------------------------- checksums, sidecars


def sha256_file(path: str | Path) -> str:
    """Return the hex sha256 of a file, read in chunks so large files use little memory.

    Parameters
    ----------
    path : str or Path
        File to hash.

    Returns
    -------
    str
        Lower-case hex digest.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sidecar_path(path: str | Path) -> Path:
    """Return the provenance sidecar of a data file: ``<file>.meta.json``."""
    path = Path(path)
    return path if path.name.endswith(SIDECAR_SUFFIX) else path.with_name(path.name + SIDECAR_SUFFIX)


def read_sidecar(path: str | Path) -> dict | None:
    """Read the provenance sidecar of a fetched file.

    Parameters
    ----------
    path : str or Path
        The data file (or its ``.meta.json`` sidecar).

    Returns
    -------
    dict or None
        The recorded fields, or None when there is no sidecar or it is not a JSON object.
        An unreadable sidecar is treated as absent: fetch then re-verifies and rewrites it.
    """
    meta = sidecar_path(path)
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _write_sidecar(dest: Path, record: dict) -> None:
    write_bytes_atomic((json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode(), sidecar_path(dest),
                       durable=True)


def _source_info(source_id: str) -> catalog.Source | None:
    # Callers may fetch files that are not (yet) in the catalogue; provenance then stays blank.
    try:
        return catalog.get_source(source_id)
    except UnknownKeyError:
        return None


def _base_record(entry: SourceFile, origin: str) -> dict:
    """Sidecar fields that describe where a catalogue file came from (checksum added later)."""
    source = _source_info(entry.source)
    record = {
        "source": entry.source,
        "path": entry.path,
        "url": entry.url,
        "origin": origin,
        "release": source.release if source else "",
        "licence": source.licence if source else "",
    }
    if entry.archive_member:
        record["archive_member"] = entry.archive_member
    return record


# --------------------------------------------------------------------------- zip archives


def _member_problem(name: str) -> str | None:
    """Why an archive member name could write outside the target folder, or None if safe."""
    # Zips made on Windows may use backslashes; treat them as separators before checking.
    norm = name.replace("\\", "/")
    if norm.startswith("/"):
        return "an absolute path"
    if _DRIVE.match(norm):
        return "a drive letter"
    if ".." in norm.split("/"):
        return "a '..' component"
    return None


def _open_zip(zip_path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise FetchError(
            f"{zip_path} is not a readable zip archive ({exc}); the server may have sent an error page "
            f"instead of the file. Delete it and {_REFETCH}."
        ) from None


def _check_members(zf: zipfile.ZipFile, zip_path: Path) -> None:
    """Refuse the whole archive if any member name is unsafe, even one we would not extract."""
    for info in zf.infolist():
        problem = _member_problem(info.filename)
        if problem:
            raise FetchError(
                f"refusing zip archive {zip_path}: member {info.filename!r} has {problem}, which could "
                "write outside the data folder. Nothing was extracted; the download may be tampered with."
            )


def _find_member(zf: zipfile.ZipFile, member_glob: str, zip_path: Path) -> zipfile.ZipInfo:
    """The single file member matching ``member_glob`` (by full name or by base name)."""
    files = [i for i in zf.infolist() if not i.is_dir()]
    # fnmatchcase: the same answer on every platform (fnmatch ignores case on Windows only).
    hits = [
        i for i in files
        if fnmatch.fnmatchcase(i.filename, member_glob)
        or fnmatch.fnmatchcase(posixpath.basename(i.filename), member_glob)
    ]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        shown = ", ".join(i.filename for i in files[:20]) or "(none)"
        raise FetchError(
            f"no member of zip archive {zip_path} matches {member_glob!r}; it holds: {shown}. "
            "If the publisher renamed the file, update the pattern (`archive_member` in data/catalog.yaml)."
        )
    raise FetchError(
        f"{len(hits)} members of zip archive {zip_path} match {member_glob!r} "
        f"({', '.join(i.filename for i in hits)}); make `archive_member` in data/catalog.yaml specific."
    )


def _unpacked_limit(info: zipfile.ZipInfo, expected_bytes: int | None) -> tuple[int, str]:
    """How many bytes ``info`` may unpack to, and the rule that says so (for the error message)."""
    if expected_bytes:
        return _SIZE_TOLERANCE * expected_bytes, (
            f"{_SIZE_TOLERANCE}× the {expected_bytes:,} bytes data/catalog.yaml expects")
    by_ratio = _MAX_RATIO * max(info.compress_size, 1 << 16)
    if by_ratio < _MAX_UNPACKED:
        return by_ratio, f"{_MAX_RATIO}× its compressed size of {info.compress_size:,} bytes"
    return _MAX_UNPACKED, f"{_MAX_UNPACKED:,} bytes"


def _too_big(info: zipfile.ZipInfo, zip_path: Path, size: int, limit: int, rule: str) -> FetchError:
    return FetchError(
        f"refusing to extract {info.filename!r} from zip archive {zip_path}: it unpacks to {size:,} bytes, "
        f"beyond the limit of {limit:,} bytes ({rule}). The download may be corrupt or a zip bomb; "
        f"nothing was extracted. If the publisher's file really grew, review it and update `bytes` in "
        "data/catalog.yaml."
    )


def safe_extract_member(zip_path: str | Path, member_glob: str, dest_path: str | Path, *,
                        expected_bytes: int | None = None) -> Path:
    """Extract the one member matching a glob from a zip archive, refusing unsafe archives.

    Parameters
    ----------
    zip_path : str or Path
        The archive.
    member_glob : str
        ``fnmatch`` pattern, matched against each member's full name and its base name.
    dest_path : str or Path
        Where the member's bytes go (its folder is created). Written via a temp file and a
        rename, so ``dest_path`` never holds half a member.
    expected_bytes : int, optional
        The catalogue's size of the file: the member may unpack to at most 4 times that. Without
        it, at most 200 times its compressed size (64 KiB counted as the least) and 1 GiB.

    Returns
    -------
    Path
        ``dest_path``.

    Raises
    ------
    FetchError
        If any member has an absolute path, a drive letter or a ``..`` component (the whole
        archive is refused), if no member or several members match, if the member would unpack
        beyond the size limit, or if the archive is corrupt.
    """
    zip_path, dest_path = Path(zip_path), Path(dest_path)
    with _open_zip(zip_path) as zf:
        _check_members(zf, zip_path)
        info = _find_member(zf, member_glob, zip_path)
        limit, rule = _unpacked_limit(info, expected_bytes)
        # Refused before anything is written. zipfile never reads past the declared size (a member
        # claiming less than it holds fails its CRC check), so the declared size bounds what is written.
        if info.file_size > limit:
            raise _too_big(info, zip_path, info.file_size, limit, rule)
        dest_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = temp_beside(dest_path)
        try:
            with zf.open(info) as src, open(tmp, "wb") as out:
                shutil.copyfileobj(src, out, _CHUNK)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, dest_path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
            raise FetchError(f"cannot extract {info.filename!r} from {zip_path}: {exc}. {_REFETCH}.") from None
        finally:
            tmp.unlink(missing_ok=True)
    return dest_path


# --------------------------------------------------------------------------- staging into data/raw


@dataclasses.dataclass
class _Staged:
    """A verified-or-not copy sitting in a temp file beside its destination."""

    tmp: Path
    dest: Path
    sha256: str
    bytes: int


def _stage(src: Path, dest: Path, member_glob: str | None = None, expected_bytes: int | None = None) -> _Staged:
    """Copy ``src`` (or its zip member, at most a few times ``expected_bytes``) to a temp file beside ``dest``."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(dest)
    try:
        if member_glob:
            safe_extract_member(src, member_glob, tmp, expected_bytes=expected_bytes)
        else:
            with open(src, "rb") as fh_in, open(tmp, "wb") as fh_out:
                shutil.copyfileobj(fh_in, fh_out, _CHUNK)
                fh_out.flush()
                os.fsync(fh_out.fileno())
        return _Staged(tmp=tmp, dest=dest, sha256=sha256_file(tmp), bytes=tmp.stat().st_size)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _stage_all(specs: list[tuple[Path, Path, str | None, str | None, dict]]) -> list:
    """Stage several (src, dest, member glob, expected sha256, sidecar fields); all or none."""
    staged = []
    try:
        for src, dest, member_glob, expected, record in specs:
            staged.append((_stage(src, dest, member_glob), expected, record))
    except BaseException:
        for item, _, _ in staged:
            item.tmp.unlink(missing_ok=True)
        raise
    return staged


def _checksum_fix(dest: Path, origin: str) -> str:
    where = ""
    if origin.startswith("mirror:"):
        where = (f"The mirror copy {origin[len('mirror:'):]} differs from the catalogue: replace it with the "
                 "pinned release, or unset DIGIMOD_MIRROR to download from the publisher. ")
    return (
        f"Nothing was written to {dest}. {where}If the copy was corrupted in transit, delete any file at "
        f"{dest} and {_REFETCH}. If the publisher released a new version, review it and rerun "
        "`digimod data fetch --accept-new` to accept it (recorded with \"pinned\": false in the "
        ".meta.json sidecar), then update sha256 and bytes in data/catalog.yaml."
    )


def _install(
    staged: list[tuple[_Staged, str | None, dict]], *, accept_new: bool
) -> list[Path]:
    """Verify staged temps and, only if every one passes, move them into place with sidecars.

    ``staged`` holds (staged copy, expected sha256 or None for "nothing pinned", sidecar fields).
    Temps are always removed, so a failure leaves nothing beside the destinations.
    """
    try:
        for item, expected, record in staged:
            if expected is not None and item.sha256 != expected and not accept_new:
                raise ChecksumError(f"{record['path']} (from {record['origin']})", expected, item.sha256,
                                    _checksum_fix(item.dest, record["origin"]))
        done = []
        for item, expected, record in staged:
            os.replace(item.tmp, item.dest)
            fsync_dir(item.dest.parent)
            _write_sidecar(item.dest, {**record, "sha256": item.sha256, "bytes": item.bytes,
                                       "pinned": item.sha256 == expected, "accessed": _utc_now()})
            done.append(item.dest)
        return done
    finally:
        for item, _, _ in staged:
            item.tmp.unlink(missing_ok=True)


def _remove_empty_dirs(start: Path, stop: Path) -> None:
    """Remove ``start`` and its empty parents up to (not including) ``stop``; keeps raw/ tidy."""
    with contextlib.suppress(OSError, ValueError):
        start.relative_to(stop)
        while start != stop and start.is_dir() and not any(start.iterdir()):
            start.rmdir()
            start = start.parent


# --------------------------------------------------------------------------- HTTP download


class _Retryable(Exception):
    """A failure worth another attempt (connection, timeout, 5xx)."""


class _Permanent(Exception):
    """A failure another attempt will not fix (404, bad URL)."""


class _DownloadFailed(Exception):
    def __init__(self, attempts: int, last: str):
        super().__init__(last)
        self.attempts, self.last = attempts, last


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    # A read timeout during streaming surfaces as a ConnectionError; name it for the user.
    if isinstance(exc, requests.Timeout) or "timed out" in text.lower():
        return f"timeout ({text})"
    return f"{type(exc).__name__}: {text}"


def _range_start(resp: requests.Response) -> int | None:
    match = re.match(r"bytes (\d+)-", resp.headers.get("Content-Range", ""))
    return int(match.group(1)) if match else None


def _stream_once(session: requests.Session, url: str, partial: Path, timeout) -> bool:
    """One GET of ``url`` into ``partial``, resuming it if the server allows; True if resumed."""
    offset = partial.stat().st_size if partial.exists() else 0
    # identity encoding: byte ranges and the bytes on disk must be exactly the published file.
    headers = {"User-Agent": _USER_AGENT, "Accept-Encoding": "identity"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    try:
        with session.get(url, headers=headers, stream=True, timeout=timeout) as resp:
            status = resp.status_code
            if status == 416:
                # Our partial is not a prefix the server recognises; start over next attempt.
                partial.unlink(missing_ok=True)
                raise _Retryable("HTTP 416: server refused to resume; restarting from scratch")
            if status >= 500 or status in (408, 429):
                raise _Retryable(f"HTTP {status} {resp.reason}")
            if status >= 400:
                raise _Permanent(f"HTTP {status} {resp.reason}")
            resumed = status == 206 and offset > 0 and _range_start(resp) == offset
            if status == 206 and not resumed:
                partial.unlink(missing_ok=True)
                raise _Retryable("HTTP 206 with an unexpected range; restarting from scratch")
            # 200 means the server ignored Range: truncate and take the whole body.
            with open(partial, "ab" if resumed else "wb") as fh:
                fh.writelines(resp.iter_content(_CHUNK))
                fh.flush()
                os.fsync(fh.fileno())
            return resumed
    except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
        raise _Retryable(_describe(exc)) from exc
    except requests.RequestException as exc:
        raise _Permanent(_describe(exc)) from exc


def _download(url: str, partial: Path, *, session, timeout, retries: int, backoff: float) -> bool:
    """Download ``url`` to ``partial`` with retries; True if the final attempt resumed a partial."""
    partial.parent.mkdir(parents=True, exist_ok=True)
    attempts = max(1, int(retries))
    last = ""
    for attempt in range(1, attempts + 1):
        try:
            return _stream_once(session, url, partial, timeout)
        except _Permanent as exc:
            raise _DownloadFailed(attempt, str(exc)) from None
        except _Retryable as exc:
            last = str(exc)
            if attempt < attempts:
                time.sleep(backoff * 2 ** (attempt - 1))
    raise _DownloadFailed(attempts, last)


@contextlib.contextmanager
def _session_scope(session: requests.Session | None) -> Iterator[requests.Session]:
    """Use the caller's session, or open one and close it (no leaked sockets)."""
    if session is not None:
        yield session
        return
    with requests.Session() as own:
        yield own


def partial_path(paths: config.Paths, url: str) -> Path:
    """Where the download of ``url`` accumulates: outside data/raw, named by the URL's hash."""
    # The hash keeps distinct URLs apart (many end in the same name, or in a query string);
    # the readable tail only helps a human looking into the cache.
    key = hashlib.sha256(url.encode()).hexdigest()[:16]
    tail = re.sub(r"[^A-Za-z0-9._-]", "_", url.split("?")[0].rstrip("/").rsplit("/", 1)[-1])[:60]
    return paths.data / "cache" / "partial" / f"{key}-{tail}.part"


def _landing_page(source_id: str) -> str | None:
    source = _source_info(source_id)
    return source.landing_page if source and source.landing_page else None


def _download_failed_message(entry: SourceFile, dest: Path, url: str, exc: _DownloadFailed) -> str:
    msg = f"could not download {entry.path} from {url} after {exc.attempts} attempt(s); last error: {exc.last}."
    if not entry.url_verified:
        page = _landing_page(entry.source) or "the publisher's website"
        member = f" (the file matching {entry.archive_member!r} inside the zip)" if entry.archive_member else ""
        msg += (
            f" This URL could not be verified from an offline build machine and may have moved. Download the "
            f"file{member} by hand from {page} and save it as {dest}, or as {entry.path} inside a mirror folder "
            "named by DIGIMOD_MIRROR."
        )
    return msg


def _offline_message(what: str) -> str:
    return (
        f"cannot fetch {what}: DIGIMOD_OFFLINE is set and no mirror is configured. Either set "
        "DIGIMOD_MIRROR=<folder laid out like the `path` entries of data/catalog.yaml, e.g. ../shared/data>, "
        "or go online and unset DIGIMOD_OFFLINE."
    )


# --------------------------------------------------------------------------- catalogue files


def _already_verified(dest: Path, entry: SourceFile) -> bool:
    """True if ``dest`` holds the pinned bytes, or the bytes an earlier --accept-new recorded."""
    if not dest.is_file():
        return False
    actual = sha256_file(dest)
    meta = read_sidecar(dest)
    if actual == entry.sha256:
        if meta is None or meta.get("sha256") != actual or meta.get("pinned") is not True:
            # Placed by hand, or an accepted version that the catalogue now pins: record that.
            record = meta if meta and meta.get("sha256") == actual else _base_record(entry, f"local:{dest}")
            record = {**record, "sha256": actual, "bytes": dest.stat().st_size, "pinned": True}
            record.setdefault("accessed", _utc_now())
            _write_sidecar(dest, record)
        return True
    return bool(meta and meta.get("pinned") is False and meta.get("path") == entry.path
                and meta.get("sha256") == actual)


@contextlib.contextmanager
def _disk_errors(target: Path, partial: Path) -> Iterator[None]:
    """Turn an OSError while writing (a full disk, a read-only folder) into a FetchError saying what to do.

    Temporary files are already gone by then; on a full disk the partial download goes too, to give
    back the space it took (a later fetch downloads it afresh).
    """
    try:
        yield
    except OSError as exc:
        if isinstance(exc, requests.RequestException):
            raise
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            partial.unlink(missing_ok=True)
        raise write_failed(exc, target, "digimod data fetch", FetchError) from None


def _not_a_file_message(path: Path) -> str:
    kind = "a directory" if path.is_dir() else "not a regular file"
    return (f"{path} is {kind}, not a file, so the catalogue's file cannot be put there. Move it away "
            f"(e.g. `rm -r {path}` if it holds nothing you need) and run `digimod data fetch`.")


def raw_file_state(path: Path, entry: SourceFile) -> tuple[bool, str]:
    """Whether ``path`` in ``data/raw`` holds the verified catalogue file ``entry``, and what it is.

    The file is hashed: it must match the catalogue's pin, or the checksum its sidecar recorded when
    ``fetch --accept-new`` accepted a new release. Returns ``(True, "ok <sha256 prefix>")`` or
    ``(False, <the problem and how to fix it>)``.
    """
    if not path.exists():
        return False, "missing: run `digimod data fetch` (offline: with DIGIMOD_MIRROR set)"
    if not path.is_file():
        return False, _not_a_file_message(path)
    actual = sha256_file(path)
    if actual == entry.sha256:
        return True, f"ok {actual[:12]}"
    meta = read_sidecar(path) or {}
    if meta.get("pinned") is False and meta.get("sha256") == actual:
        return True, f"ok {actual[:12]} (a new release accepted with --accept-new, not the pin)"
    return False, (f"checksum mismatch: expected sha256 {entry.sha256[:12]}…, got {actual[:12]}… (corrupt, "
                   "truncated or edited); refetch with `digimod data fetch`, which replaces it")


def _check_mirror_folder(paths: config.Paths) -> None:
    # One clear message for a mistyped DIGIMOD_MIRROR, rather than one per catalogue file.
    if paths.mirror is not None and not paths.mirror.is_dir():
        raise FetchError(
            f"DIGIMOD_MIRROR={paths.mirror} is not a folder. Point it at a folder laid out like the `path` "
            "entries of data/catalog.yaml (e.g. ../shared/data), or unset it to download from the publishers."
        )


def _copy_from_mirror(entry: SourceFile, dest: Path, paths: config.Paths, accept_new: bool) -> Path:
    _check_mirror_folder(paths)
    src = paths.mirror / entry.path
    if not src.is_file():
        hint = ("Add the file there or fix DIGIMOD_MIRROR." if paths.offline
                else f"Add the file there, or unset DIGIMOD_MIRROR to download it from {entry.url}.")
        raise FetchError(
            f"{entry.path} is missing from the mirror: {src} does not exist. The mirror folder "
            f"(DIGIMOD_MIRROR={paths.mirror}) must be laid out like the `path` entries of data/catalog.yaml, "
            f"e.g. <mirror>/{entry.path}. {hint}"
        )
    record = _base_record(entry, f"mirror:{src.resolve()}")
    created = not dest.parent.exists()
    try:
        return _install([(_stage(src, dest), entry.sha256, record)], accept_new=accept_new)[0]
    finally:
        if created:
            _remove_empty_dirs(dest.parent, paths.raw)


def _download_entry(entry: SourceFile, dest: Path, paths: config.Paths, accept_new: bool, *,
                    session, timeout, retries, backoff) -> Path:
    partial = partial_path(paths, entry.url)
    created = not dest.parent.exists()
    try:
        with _session_scope(session) as sess:
            # Second pass only when a resumed download fails verification: the old partial may
            # belong to an earlier release, so discard it and download once from scratch.
            for fresh in (False, True):
                try:
                    resumed = _download(entry.url, partial, session=sess, timeout=timeout,
                                        retries=retries, backoff=backoff)
                except _DownloadFailed as exc:
                    # The partial stays in data/cache/partial so the next run can resume it.
                    raise FetchError(_download_failed_message(entry, dest, entry.url, exc)) from None
                try:
                    staged = _stage(partial, dest, entry.archive_member, entry.bytes)
                    # Never accept a new checksum for bytes glued from two downloads.
                    path = _install([(staged, entry.sha256, _base_record(entry, entry.url))],
                                    accept_new=accept_new and not resumed)[0]
                except ChecksumError:
                    partial.unlink(missing_ok=True)
                    if resumed and not fresh:
                        continue
                    raise
                except FetchError:
                    partial.unlink(missing_ok=True)  # complete but unusable (bad or unsafe zip)
                    raise
                partial.unlink(missing_ok=True)  # verified and in place: the partial's job is done
                return path
        raise AssertionError("unreachable")  # pragma: no cover
    finally:
        if created:
            _remove_empty_dirs(dest.parent, paths.raw)


def fetch_file(
    entry: SourceFile,
    paths: config.Paths | None = None,
    *,
    accept_new: bool = False,
    session: requests.Session | None = None,
    timeout: float | tuple[float, float] = (5, 30),
    retries: int = 3,
    backoff: float = 0.5,
) -> Path:
    """Make ``paths.raw / entry.path`` hold the verified file and return its path.

    Parameters
    ----------
    entry : SourceFile
        A catalogue file (see :func:`helpers.data.catalog.all_files`).
    paths : Paths, optional
        Locations; default :func:`helpers.config.paths` (honours ``DIGIMOD_*``).
    accept_new : bool
        Accept bytes whose sha256 differs from the pin (a new publisher release) and record
        the observed checksum in the sidecar with ``"pinned": false``.
    session : requests.Session, optional
        Reused for the download; one is opened and closed if omitted.
    timeout : float or (connect, read) tuple
        Seconds, passed to requests.
    retries : int
        Maximum number of download attempts in total (at least 1).
    backoff : float
        Seconds before the second attempt; doubled before each later one.

    Returns
    -------
    Path
        The destination, with a ``.meta.json`` sidecar beside it.

    Raises
    ------
    ChecksumError
        The obtained bytes do not match the pin (and ``accept_new`` is false).
    FetchError
        Mirror file missing, offline without a mirror, download failed, or unsafe archive.
    """
    paths = paths or config.paths()
    dest = paths.raw / entry.path
    if dest.exists() and not dest.is_file():
        raise FetchError(_not_a_file_message(dest))
    with _disk_errors(dest, partial_path(paths, entry.url)):
        if _already_verified(dest, entry):
            return dest
        if paths.mirror is not None:
            return _copy_from_mirror(entry, dest, paths, accept_new)
        if paths.offline:
            raise FetchError(_offline_message(entry.path))
        # A `live` URL always serves the publisher's latest vintage (e.g. the WDI API), so its bytes can
        # never match a pin taken from an older copy: record what was served instead (pinned: false).
        return _download_entry(entry, dest, paths, accept_new or entry.live, session=session, timeout=timeout,
                               retries=retries, backoff=backoff)


def _fetch_many(entries: list[SourceFile], paths: config.Paths | None, kw: dict) -> list[Path]:
    """Fetch each entry; keep going after a failure so one broken URL does not block the rest."""
    paths = paths or config.paths()
    _check_mirror_folder(paths)
    done, errors = [], []
    with _session_scope(kw.pop("session", None)) as session:
        for entry in entries:
            try:
                done.append(fetch_file(entry, paths, session=session, **kw))
            except FetchError as exc:
                if getattr(exc, "disk_full", False):
                    raise  # every file after it would fail the same way
                errors.append(exc)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        lines = "\n".join(f"- {e}" for e in errors)
        raise FetchError(f"{len(errors)} of {len(entries)} files could not be fetched:\n{lines}")
    return done


def fetch_source(source_id: str, paths: config.Paths | None = None, **kw) -> list[Path]:
    """Fetch every file of one catalogue source; keyword arguments as :func:`fetch_file`.

    Raises
    ------
    UnknownKeyError
        ``source_id`` is not in the catalogue (the message suggests close matches).
    FetchError
        After trying every file, if any failed (all failures are listed).
    """
    return _fetch_many(list(catalog.get_source(source_id).files), paths, kw)


def fetch_all(paths: config.Paths | None = None, **kw) -> list[Path]:
    """Fetch every catalogue file; keyword arguments as :func:`fetch_file`."""
    return _fetch_many(catalog.all_files(), paths, kw)


# --------------------------------------------------------------------------- World Bank WDI


def _check_wdi_code(code: str) -> str:
    if not isinstance(code, str) or not _WDI_CODE.fullmatch(code):
        raise FetchError(
            f"{code!r} is not a WDI indicator code: expected dot-separated letters, digits and "
            "underscores, e.g. 'IT.NET.USER.ZS'."
        )
    return code


def _wdi_globs(code: str) -> dict[str, str]:
    # The code is validated, so it holds no glob metacharacters.
    return {"data": f"API_{code}_DS2_*.csv", "country_metadata": f"Metadata_Country_API_{code}_DS2_*.csv"}


def _wdi_url(code: str, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/{code}?downloadformat=csv"


def _wdi_pinned(code: str) -> dict[str, SourceFile]:
    """Catalogue entries holding this code's two files, if the catalogue pins both."""
    found = {}
    for entry in catalog.all_files():
        for role, glob in _wdi_globs(code).items():
            if fnmatch.fnmatchcase(Path(entry.path).name, glob):
                found[role] = entry
    return found if len(found) == 2 else {}


def _match_one(folder: Path, glob: str) -> Path | None:
    hits = sorted(p for p in folder.glob(glob) if p.is_file()) if folder.is_dir() else []
    if len(hits) > 1:
        raise FetchError(f"{len(hits)} files in {folder} match {glob}: {', '.join(p.name for p in hits)}; "
                         "keep only the release you want.")
    return hits[0] if hits else None


def _wdi_files_in(folder: Path, code: str) -> dict[str, Path]:
    found = {role: _match_one(folder, glob) for role, glob in _wdi_globs(code).items()}
    return found if all(found.values()) else {}


def _wdi_codes_in(folder: Path) -> list[str]:
    names = (p.name for p in folder.glob("API_*_DS2_*.csv")) if folder.is_dir() else ()
    return sorted({m.group(1) for n in names if (m := re.match(r"API_(.+?)_DS2_", n))})


def _wdi_present(folder: Path, code: str) -> dict[str, Path]:
    """This code's files already in data/raw, each matching the checksum its sidecar recorded."""
    try:
        found = _wdi_files_in(folder, code)
    except FetchError:
        return {}  # several versions: fetch afresh, which removes the stale ones
    for path in found.values():
        meta = read_sidecar(path)
        if not meta or meta.get("sha256") != sha256_file(path):
            return {}
    return found


def _wdi_record(code: str, name: str, url: str, origin: str) -> dict:
    source = _source_info("wb_wdi")
    return {
        "source": "wb_wdi",
        "path": f"wb_wdi/{name}",
        "url": url,
        "origin": origin,
        # No catalogue pin: the release is whatever the World Bank served on the access date.
        "release": f"WDI {code}: not pinned in data/catalog.yaml (publisher's current release when accessed)",
        "licence": source.licence if source else "CC BY 4.0",
    }


def _drop_stale_wdi(folder: Path, code: str, keep: set[Path]) -> None:
    """Remove older fetched versions of the same code so a glob finds exactly one file."""
    for glob in _wdi_globs(code).values():
        for path in folder.glob(glob):
            if path not in keep and read_sidecar(path) is not None:
                path.unlink(missing_ok=True)
                sidecar_path(path).unlink(missing_ok=True)


def fetch_wdi_indicator(
    code: str,
    paths: config.Paths | None = None,
    *,
    base_url: str = WDI_BASE_URL,
    accept_new: bool = False,
    session: requests.Session | None = None,
    timeout: float | tuple[float, float] = (5, 30),
    retries: int = 3,
    backoff: float = 0.5,
) -> dict[str, Path]:
    """Fetch any World Development Indicators series: its data file and country metadata.

    Files land in ``paths.raw / "wb_wdi"`` under the publisher's names (e.g.
    ``API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv``), exactly as published (the data file keeps
    its 4-line preamble). Codes pinned in the catalogue are verified against their pins like
    :func:`fetch_file`; other codes have no pin, so the observed sha256 is recorded in the
    sidecar with ``"pinned": false``.

    Parameters
    ----------
    code : str
        Indicator code, e.g. ``"IT.NET.USER.ZS"``.
    paths : Paths, optional
        Locations; default :func:`helpers.config.paths`.
    base_url : str
        API prefix; the download is ``{base_url}/{code}?downloadformat=csv`` (a zip).
    accept_new, session, timeout, retries, backoff
        As :func:`fetch_file`.

    Returns
    -------
    dict
        ``{"data": Path, "country_metadata": Path}``.

    Raises
    ------
    FetchError
        Malformed code; offline without the code in the mirror (the message lists the codes
        the mirror holds); download failure or unexpected archive contents.
    """
    code = _check_wdi_code(code)
    paths = paths or config.paths()
    url = _wdi_url(code, base_url)
    kw = {"accept_new": accept_new, "timeout": timeout, "retries": retries, "backoff": backoff}

    pinned = _wdi_pinned(code)
    if pinned:
        with _session_scope(session) as sess:
            return {role: fetch_file(dataclasses.replace(entry, url=url), paths, session=sess, **kw)
                    for role, entry in pinned.items()}

    folder = paths.raw / "wb_wdi"
    with _disk_errors(folder, partial_path(paths, url)):
        present = _wdi_present(folder, code)
        if present:
            return present

        if paths.mirror is not None:
            # A mirror holds only some codes; online, a code it lacks is simply downloaded.
            mirrored = _wdi_files_in(paths.mirror / "wb_wdi", code)
            if mirrored:
                staged = _stage_all([
                    (src, folder / src.name, None, None, _wdi_record(code, src.name, url, f"mirror:{src.resolve()}"))
                    for src in mirrored.values()
                ])
                written = _install(staged, accept_new=False)  # nothing pinned: records the observed sha256
                _drop_stale_wdi(folder, code, set(written))
                return dict(zip(mirrored, written))
            if paths.offline:
                held = ", ".join(_wdi_codes_in(paths.mirror / "wb_wdi")) or "no WDI indicators"
                raise FetchError(
                    f"WDI indicator {code} is not in the mirror {paths.mirror / 'wb_wdi'} (it holds: {held}). "
                    f"Go online (unset DIGIMOD_OFFLINE) to download it from {url}, or add "
                    f"{_wdi_globs(code)['data']} and its Metadata_Country file to the mirror."
                )
        elif paths.offline:
            raise FetchError(_offline_message(f"WDI indicator {code}"))

        return _download_wdi(code, url, folder, paths, session=session, timeout=timeout,
                             retries=retries, backoff=backoff)


def _download_wdi(code: str, url: str, folder: Path, paths: config.Paths, *,
                  session, timeout, retries, backoff) -> dict[str, Path]:
    partial = partial_path(paths, url)
    entry = SourceFile(source="wb_wdi", path=f"wb_wdi/API_{code}_DS2_*.csv", url=url, sha256="", bytes=0)
    created = not folder.exists()
    try:
        with _session_scope(session) as sess:
            try:
                _download(url, partial, session=sess, timeout=timeout, retries=retries, backoff=backoff)
            except _DownloadFailed as exc:
                raise FetchError(_download_failed_message(entry, folder, url, exc)) from None
        globs = _wdi_globs(code)
        try:
            with _open_zip(partial) as zf:
                _check_members(zf, partial)
                names = {role: posixpath.basename(_find_member(zf, g, partial).filename)
                         for role, g in globs.items()}
            staged = _stage_all([(partial, folder / name, globs[role], None, _wdi_record(code, name, url, url))
                                 for role, name in names.items()])
            written = _install(staged, accept_new=False)  # nothing pinned: records the observed sha256
        except FetchError as exc:
            raise FetchError(
                f"the World Bank download for {code} ({url}) is not a usable WDI bulk file: {exc} "
                f"Check that the code exists: https://data.worldbank.org/indicator/{code}"
            ) from None
        finally:
            # Complete (used or unusable): a later resume of these bytes could only repeat the result.
            partial.unlink(missing_ok=True)
        _drop_stale_wdi(folder, code, set(written))
        return dict(zip(names, written))
    finally:
        if created:
            _remove_empty_dirs(folder, paths.raw)
