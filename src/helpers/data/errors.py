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
