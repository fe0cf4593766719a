"""Errors shared across layers. Imports nothing from :mod:`helpers` (data errors live in :mod:`helpers.data.errors`)."""

from __future__ import annotations


class ParameterError(ValueError):
    """A notebook parameter is unknown or has an unusable value; the message says how to fix it."""
