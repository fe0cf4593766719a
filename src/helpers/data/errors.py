"""Errors raised by the data layer. Each message names the problem and the fix."""

from __future__ import annotations

from pathlib import Path


class DataError(Exception):
    """Base class for every data-layer error shown to users."""


class FetchError(DataError):
    """A file could not be obtained (network, mirror missing, offline)."""


class ChecksumError(FetchError):
    """A file's bytes do not match the catalogue's checksum."""

    def __init__(self, file: str | Path, expected: str, actual: str, fix: str):
        self.file, self.expected, self.actual = str(file), expected, actual
        super().__init__(
            f"checksum mismatch for {file}: expected sha256 {expected}, got {actual}. {fix}"
        )


class ParseError(DataError):
    """A publisher file does not have the shape its parser expects."""

    def __init__(self, file: str | Path, problem: str, fix: str = ""):
        self.file = str(file)
        msg = f"cannot parse {file}: {problem}"
        if fix:
            msg += f". {fix}"
        super().__init__(msg)


class ValidationError(DataError):
    """Built data breaks a declared rule (key, range, coverage)."""


class UnknownKeyError(DataError, KeyError):
    """Unknown indicator, country or source; the message lists close matches."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


def write_failed(exc: OSError, target: Path, retry: str, kind: type[DataError] = DataError) -> DataError:
    """A ``kind`` error for an OSError while writing ``target`` (a file, or the folder being written).

    A full disk (``ENOSPC``, or a quota) says to free space or move the data folder, and sets the
    error's ``disk_full``; other errors say to make the folder writable. ``retry`` is the command to
    run afterwards.
    """
    import errno

    folder = target if target.is_dir() else target.parent
    reason = exc.strerror or type(exc).__name__
    disk_full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
    if disk_full:
        fix = (f"The disk holding {folder} is full: free some space (or set DIGIMOD_DATA_DIR to a folder on "
               f"another disk), then run `{retry}` again")
    else:
        fix = f"Check that {folder} is a folder you can write to, then run `{retry}` again"
    error = kind(f"could not write {exc.filename or target} ({reason}); no partial file was left behind. {fix}.")
    error.disk_full = disk_full
    return error
