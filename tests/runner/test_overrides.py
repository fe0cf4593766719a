"""Parameter overrides of ``digimod run`` (helpers.runner.overrides): the parameters cell, names, types."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from helpers.errors import ParameterError
from helpers.runner import overrides as ov

PARAMETERS = '''\
# Parameters (papermill overrides these)
lang = "en"
year = 2020
alpha: float = 0.05
countries = ["CHN", "USA"]
years = (2003, 2024)
output_dir = None
make_figures = True
'''


def _notebook(path: Path, parameters_source: str | None = PARAMETERS, extra_tagged: bool = False) -> Path:
    cells = [nbformat.v4.new_markdown_cell("# A notebook")]
    if parameters_source is not None:
        cells.append(nbformat.v4.new_code_cell(parameters_source, metadata={"tags": ["parameters"]}))
    if extra_tagged:
        cells.append(nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}))
    cells.append(nbformat.v4.new_code_cell("import helpers\nprint(year)"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    nbformat.write(notebook, path)
    return path


def test_read_parameters_cell_returns_literals(tmp_path):
    values = ov.read_parameters_cell(_notebook(tmp_path / "nb.ipynb"))
    assert values == {
        "lang": "en", "year": 2020, "alpha": 0.05, "countries": ["CHN", "USA"], "years": (2003, 2024),
        "output_dir": None, "make_figures": True,
    }
    assert list(values) == ["lang", "year", "alpha", "countries", "years", "output_dir", "make_figures"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("year = 2020\nstart = year - 5\n", "parameter start must be a literal .* line 2 is `start = year - 5`"),
        ("import os\n", "literals only .* line 1 is `import os`"),
        ("a, b = 1, 2\n", "literals only"),
        ("year = 2020 +\n", "not valid Python"),
    ],
)
def test_read_parameters_cell_rejects_non_literals(tmp_path, source, expected):
    with pytest.raises(ParameterError, match=expected):
        ov.read_parameters_cell(_notebook(tmp_path / "nb.ipynb", source))


def test_read_parameters_cell_needs_exactly_one_tagged_cell(tmp_path):
    with pytest.raises(ParameterError, match="has no cell tagged 'parameters'"):
        ov.read_parameters_cell(_notebook(tmp_path / "none.ipynb", None))
    with pytest.raises(ParameterError, match="has 2 cells tagged 'parameters'"):
        ov.read_parameters_cell(_notebook(tmp_path / "two.ipynb", extra_tagged=True))


def test_validate_overrides_accepts_compatible_types(tmp_path):
    nb = _notebook(tmp_path / "nb.ipynb")
    overrides = {"year": 2010, "alpha": 1, "countries": ("IND",), "years": [2005, 2010], "output_dir": "/tmp/x",
                 "lang": "zh", "make_figures": False}
    # A tuple is passed as a list: papermill would hand the kernel the string "('IND',)".
    assert ov.validate_overrides(nb, overrides) == {**overrides, "countries": ["IND"]}


def test_validate_overrides_unknown_name_lists_close_match_and_declared(tmp_path):
    nb = _notebook(tmp_path / "nb.ipynb")
    with pytest.raises(ParameterError) as info:
        ov.validate_overrides(nb, {"yaer": 2010})
    message = str(info.value)
    assert message.startswith("nb.ipynb: bad parameter override(s):")
    assert "\n  - unknown parameter 'yaer'. Did you mean 'year', 'years'?" in message
    assert "\nDeclared parameters: lang, year, alpha, countries, years, output_dir, make_figures" in message


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"year": "2010"}, r"year must be an int like its default 2020, got '2010' \(str\)"),
        ({"year": 2010.0}, r"year must be an int like its default 2020, got 2010.0 \(float\)"),
        ({"year": True}, r"got True \(bool\)"),
        ({"alpha": "0.1"}, r"alpha must be an int or a float like its default 0.05"),
        ({"countries": "CHN"}, r"countries must be a list or a tuple like its default"),
        ({"make_figures": 1}, r"make_figures must be a bool"),
    ],
)
def test_validate_overrides_wrong_type(tmp_path, overrides, expected):
    with pytest.raises(ParameterError, match=expected):
        ov.validate_overrides(_notebook(tmp_path / "nb.ipynb"), overrides)


def test_validate_overrides_reports_every_problem_at_once(tmp_path):
    with pytest.raises(ParameterError) as info:
        ov.validate_overrides(_notebook(tmp_path / "nb.ipynb"), {"yaer": 1, "lang": 2})
    assert "unknown parameter 'yaer'" in str(info.value) and "lang must be a str" in str(info.value)


def test_overrides_are_what_papermill_hands_the_kernel(tmp_path):
    from papermill.translators import translate_parameters

    nb = _notebook(tmp_path / "nb.ipynb")
    # `-p years "(2000, 2010)"`: papermill would write a tuple as the string "(2000, 2010)".
    passed = ov.validate_overrides(nb, {"years": ov.parse_override("years=(2000, 2010)")[1],
                                        "countries": ("CHN", ("IND",)), "output_dir": {"a": (1, 2)}})
    assert passed == {"years": [2000, 2010], "countries": ["CHN", ["IND"]], "output_dir": {"a": [1, 2]}}
    kernel: dict = {}
    exec(translate_parameters("digimod", "python", passed, "Parameters"), kernel)  # noqa: S102 - the injected cell
    assert {name: kernel[name] for name in passed} == passed  # the notebook and the manifest see the same


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({2000, 2010}, (r"output_dir: papermill cannot pass \{2000, 2010\} \(set\) to a notebook \(it would "
                        r"arrive as the string '\{2000, 2010\}'\)")),
        ([1, b"x"], r"output_dir entry: papermill cannot pass b'x' \(bytes\)"),
        ({1: "a"}, r"output_dir: dict keys must be strings \(papermill passes every key as a string\), got 1 \(int\)"),
    ],
)
def test_values_papermill_cannot_pass_are_refused(tmp_path, value, expected):
    with pytest.raises(ParameterError, match=expected):
        ov.validate_overrides(_notebook(tmp_path / "nb.ipynb"), {"output_dir": value})  # a None default


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("year=2020", ("year", 2020)),
        ("countries=['CHN', 'IND']", ("countries", ["CHN", "IND"])),
        ("country=China", ("country", "China")),
        ("output_dir=None", ("output_dir", None)),
        ("title=a = b", ("title", "a = b")),
    ],
)
def test_parse_override(text, expected):
    assert ov.parse_override(text) == expected


def test_parse_override_needs_name_and_equals():
    with pytest.raises(ParameterError, match="expected name=value"):
        ov.parse_override("2020")
