"""How the ``digimod`` program and its Dask workers import the Jupyter stack.

nbformat (imported by papermill, nbclient, nbconvert) imports jsonschema, and jsonschema, when the optional
``rfc3987-syntax`` is installed (``jupyter-events`` asks for ``jsonschema[format-nongpl]``), builds a Lark
grammar for its IRI format checkers while it is imported: 0.9–1.8 s of CPU in every process that reads a
notebook (python-jsonschema/jsonschema#1392, #1521). nbformat validates notebooks without a format checker,
so nothing here ever uses it.
"""

from __future__ import annotations

import sys

#: The module whose import builds the grammar.
IRI_GRAMMAR_MODULE = "rfc3987_syntax"


def skip_iri_grammar() -> bool:
    """Make ``import rfc3987_syntax`` fail in this process (jsonschema then goes without IRI format checkers),
    unless it was imported already. Call it at the start of a program, not from a library: it is the
    process's choice. True when the import is now skipped."""
    if sys.modules.get(IRI_GRAMMAR_MODULE, None) is not None:
        return False
    sys.modules[IRI_GRAMMAR_MODULE] = None  # None in sys.modules: import raises ModuleNotFoundError
    return True
