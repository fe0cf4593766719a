"""Data layer: catalogue → fetch → parse → build/validate → load.

Notebooks use :func:`load_panel`, :func:`country_table`, :func:`resolve_country` and
:func:`codebook_table`; the build steps live in :mod:`.fetch` and :mod:`.build`.
"""

from .codebook import codebook_table, get_indicator, load_codebook
from .errors import ChecksumError, DataError, FetchError, ParseError, UnknownKeyError, ValidationError
from .load import (
    POPULATION_INDICATORS,
    country_table,
    datasets_read,
    load_panel,
    panel_frame,
    resolve_country,
)

__all__ = [
    "POPULATION_INDICATORS",
    "ChecksumError",
    "DataError",
    "FetchError",
    "ParseError",
    "UnknownKeyError",
    "ValidationError",
    "codebook_table",
    "country_table",
    "datasets_read",
    "get_indicator",
    "load_codebook",
    "load_panel",
    "panel_frame",
    "resolve_country",
]
