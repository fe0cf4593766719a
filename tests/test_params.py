"""Notebook parameter checks, the parameters cell reader and override validation."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers import params
from helpers.params import ParameterError


@pytest.fixture
def countries() -> pd.DataFrame:
    return pd.DataFrame(
        {"iso3": ["CHN", "USA", "IND", "DEU"], "name_en": ["China", "United States", "India", "Germany"],
         "name_zh": ["中国", "美国", "印度", "德国"]}
    )


# --- simple checks --------------------------------------------------------------------------------


def test_check_type_message_names_parameter_type_and_value():
    assert params.check_type("year", 2020, int) == 2020
    with pytest.raises(ParameterError) as info:
        params.check_type("year", "2020", int)
    assert str(info.value) == "year must be an int, got '2020' (str)"
    assert isinstance(info.value, ValueError)


def test_check_type_accepts_tuples_and_rejects_bool_as_int():
    assert params.check_type("alpha", 1, (int, float)) == 1
    with pytest.raises(ParameterError, match=r"alpha must be an int or a float, got True \(bool\)"):
        params.check_type("alpha", True, (int, float))
    assert params.check_type("flag", True, bool) is True
    with pytest.raises(ParameterError, match=r"must be a str or None, got 3 \(int\)"):
        params.check_type("label", 3, (str, type(None)))


def test_check_choice_suggests_close_matches():
    assert params.check_choice("estimator", "twoway_fe", ["pooled_ols", "twoway_fe"]) == "twoway_fe"
    with pytest.raises(ParameterError) as info:
        params.check_choice("estimator", "twoway_f", ["pooled_ols", "twoway_fe"])
    assert str(info.value) == (
        "estimator must be one of 'pooled_ols', 'twoway_fe', got 'twoway_f'. Did you mean 'twoway_fe'?"
    )


def test_check_lang():
    assert params.check_lang("zh") == "zh"
    with pytest.raises(ParameterError, match="lang must be one of 'en', 'zh', got 'cn'"):
        params.check_lang("cn")


def test_check_year_type_and_range():
    assert params.check_year("year", 2020, 2003, 2024) == 2020
    with pytest.raises(ParameterError, match=r"year must be an int year between 2003 and 2024, got '2020' \(str\)"):
        params.check_year("year", "2020", 2003, 2024)
    with pytest.raises(ParameterError, match="year must be between 2003 and 2024 .*, got 2025"):
        params.check_year("year", 2025, 2003, 2024)
    with pytest.raises(ParameterError, match="int year"):
        params.check_year("year", 2020.0, 2003, 2024)


def test_check_year_range():
    assert params.check_year_range("years", 2005, 2005, 2003, 2024) == (2005, 2005)
    with pytest.raises(ParameterError, match="years: the start year 2020 is after the end year 2010"):
        params.check_year_range("years", 2020, 2010, 2003, 2024)
    with pytest.raises(ParameterError, match="years start must be between 2003 and 2024"):
        params.check_year_range("years", 1990, 2010, 2003, 2024)


# --- countries and indicators ---------------------------------------------------------------------


def test_check_countries_resolves_codes_and_names(countries):
    result = params.check_countries("countries", ["chn", "美国", "India", "China"], countries)
    assert result == ["CHN", "USA", "IND"]
    assert params.check_countries("country", "Germany", countries) == ["DEU"]
    assert params.check_countries("countries", [], countries) == []


def test_check_countries_unknown_names_parameter_and_close_matches(countries):
    with pytest.raises(ParameterError) as info:
        params.check_countries("countries", ["CHN", "Chnia"], countries)
    message = str(info.value)
    assert message.startswith("countries: unknown country 'Chnia'")
    assert "CHN (China)" in message


def test_check_countries_rejects_non_strings(countries):
    with pytest.raises(ParameterError, match=r"countries entry must be a str, got 156 \(int\)"):
        params.check_countries("countries", ["CHN", 156], countries)
    with pytest.raises(ParameterError, match=r"countries must be a str or a list of str, got 156 \(int\)"):
        params.check_countries("countries", 156, countries)


def test_check_indicator_by_id_or_name_and_allowed():
    assert params.check_indicator("x", "IT.NET.USER.ZS") == "IT.NET.USER.ZS"
    assert params.check_indicator("x", "Individuals using the Internet") == "IT.NET.USER.ZS"
    with pytest.raises(ParameterError, match=r"x: unknown indicator 'IT\.NET\.USER'\. Did you mean: IT\.NET\.USER\.ZS"):
        params.check_indicator("x", "IT.NET.USER")
    with pytest.raises(ParameterError, match="x must be one of 'GE.EST', 'RQ.EST' for this notebook, got 'CC.EST'"):
        params.check_indicator("x", "CC.EST", allowed=["GE.EST", "RQ.EST"])


def test_check_indicators_list():
    assert params.check_indicators("ys", ["GE.EST", "un_egov.egdi", "GE.EST"]) == ["GE.EST", "un_egov.egdi"]
    assert params.check_indicators("ys", "GE.EST") == ["GE.EST"]
    with pytest.raises(ParameterError, match="ys entry: unknown indicator"):
        params.check_indicators("ys", ["GE.EST", "GE.ESTT"])


# --- output folder --------------------------------------------------------------------------------


def test_output_dir_default_is_interactive_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("DIGIMOD_OUTPUTS_DIR", str(tmp_path / "outputs"))
    for empty in (None, "", "  "):
        folder = params.output_dir(empty, "02_egov")
        assert folder == tmp_path / "outputs" / "interactive" / "02_egov" and folder.is_dir()
    assert list(folder.iterdir()) == []  # the write probe is removed


def test_output_dir_explicit_path_is_created(tmp_path):
    target = tmp_path / "run" / "02_egov"
    assert params.output_dir(str(target), "02_egov") == target and target.is_dir()


def test_output_dir_not_writable_names_folder_and_fix(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    target = blocker / "figures"  # cannot be created, even as root
    with pytest.raises(ParameterError) as info:
        params.output_dir(target, "02_egov")
    message = str(info.value)
    assert f"output folder {target} is not writable" in message and "output_dir parameter" in message


# --- the parameters cell --------------------------------------------------------------------------


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
    values = params.read_parameters_cell(_notebook(tmp_path / "nb.ipynb"))
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
        params.read_parameters_cell(_notebook(tmp_path / "nb.ipynb", source))


def test_read_parameters_cell_needs_exactly_one_tagged_cell(tmp_path):
    with pytest.raises(ParameterError, match="has no cell tagged 'parameters'"):
        params.read_parameters_cell(_notebook(tmp_path / "none.ipynb", None))
    with pytest.raises(ParameterError, match="has 2 cells tagged 'parameters'"):
        params.read_parameters_cell(_notebook(tmp_path / "two.ipynb", extra_tagged=True))


def test_validate_overrides_accepts_compatible_types(tmp_path):
    nb = _notebook(tmp_path / "nb.ipynb")
    overrides = {"year": 2010, "alpha": 1, "countries": ("IND",), "years": [2005, 2010], "output_dir": "/tmp/x",
                 "lang": "zh", "make_figures": False}
    assert params.validate_overrides(nb, overrides) == overrides


def test_validate_overrides_unknown_name_lists_close_match_and_declared(tmp_path):
    nb = _notebook(tmp_path / "nb.ipynb")
    with pytest.raises(ParameterError) as info:
        params.validate_overrides(nb, {"yaer": 2010})
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
        params.validate_overrides(_notebook(tmp_path / "nb.ipynb"), overrides)


def test_validate_overrides_reports_every_problem_at_once(tmp_path):
    with pytest.raises(ParameterError) as info:
        params.validate_overrides(_notebook(tmp_path / "nb.ipynb"), {"yaer": 1, "lang": 2})
    assert "unknown parameter 'yaer'" in str(info.value) and "lang must be a str" in str(info.value)


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
    assert params.parse_override(text) == expected


def test_parse_override_needs_name_and_equals():
    with pytest.raises(ParameterError, match="expected name=value"):
        params.parse_override("2020")
