"""helpers.runner.imports: nbformat without jsonschema's IRI grammar, in a process that asks for it."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
from helpers.runner.imports import skip_iri_grammar
first, again = skip_iri_grammar(), skip_iri_grammar()
import nbformat
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
nbformat.validate(nb)  # validation works without the IRI format checkers
invalid = nbformat.from_dict({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5, "unknown": 1})
try:
    nbformat.validate(invalid)
except nbformat.ValidationError:
    caught = True
else:
    caught = False
print(first, again, caught, "lark" in sys.modules)
"""


def test_nbformat_validates_without_building_the_iri_grammar():
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "True", "True", "False"]


def test_an_iri_grammar_already_imported_is_left_alone():
    code = ("import sys, rfc3987_syntax\nfrom helpers.runner.imports import skip_iri_grammar\n"
            "print(skip_iri_grammar(), sys.modules['rfc3987_syntax'] is not None)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if "No module named 'rfc3987_syntax'" in result.stderr:
        import pytest

        pytest.skip("rfc3987-syntax is not installed here")
    assert result.stdout.split() == ["False", "True"]
