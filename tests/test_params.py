"""Notebook parameter checks (helpers.params)."""

from __future__ import annotations

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


@pytest.mark.parametrize("blank", ["", " ", "\t"])
def test_check_countries_refuses_a_blank_name(countries, blank):
    # The blank used to match an economy without a Chinese name (AFE, Africa Eastern and Southern).
    with_unnamed = pd.concat([countries, pd.DataFrame({"iso3": ["AFE"], "name_en": ["Africa Eastern and Southern"],
                                                       "name_zh": [None]})], ignore_index=True)
    with pytest.raises(ParameterError, match=r"^country: empty country .*: give an ISO3 code such as 'CHN'"):
        params.check_countries("country", [blank], with_unnamed)


def test_check_peers_refuses_repeats_and_the_country_itself(countries):
    assert params.check_peers("peers", ["USA", "印度"], "CHN", countries) == ["USA", "IND"]
    assert params.check_peers("peers", [], "CHN", countries) == []
    with pytest.raises(ParameterError, match=r"peers must not include the country itself \(CHN, given as 'China'\)"):
        params.check_peers("peers", ["USA", "China"], "CHN", countries)
    with pytest.raises(ParameterError, match=r"peers lists IND more than once \('IND' and 'India' both name IND\)"):
        params.check_peers("peers", ["IND", "USA", "India"], "CHN", countries)
    with pytest.raises(ParameterError, match=r"peers lists USA more than once \('USA' twice\)"):
        params.check_peers("peers", ["USA", "USA"], "CHN", countries)
    with pytest.raises(ParameterError, match=r"^peers: empty country"):
        params.check_peers("peers", " ", "CHN", countries)


class _Shell:
    """What check_injected_parameters reads of IPython: the input history, this cell last."""

    def __init__(self, *cells):
        self.history_manager = type("History", (), {"input_hist_raw": ["", *cells, "params.check_...()"]})()


def test_check_injected_parameters_refuses_names_the_notebook_does_not_declare(monkeypatch):
    import IPython

    declared = 'lang = "en"\noutput_dir = ""\nyear = 2022'
    monkeypatch.setattr(IPython, "get_ipython", lambda: _Shell(declared, "# Parameters\nyeer = 2019\nlang = 'zh'\n"))
    with pytest.raises(ParameterError) as info:
        params.check_injected_parameters()
    assert str(info.value) == (
        "papermill passed parameter(s) this notebook does not declare (they would be ignored and the defaults "
        "used):\n  - 'yeer'. Did you mean 'year'?\nDeclared parameters: lang, output_dir, year"
    )
    # Declared names, papermill's own --inject-paths names, or no injected cell at all: nothing to refuse.
    injected = "# Parameters\nyear = 2019\nPAPERMILL_INPUT_PATH = 'a.ipynb'\n"
    monkeypatch.setattr(IPython, "get_ipython", lambda: _Shell(declared, injected))
    params.check_injected_parameters()
    monkeypatch.setattr(IPython, "get_ipython", lambda: _Shell("x = 1", declared))
    params.check_injected_parameters()
    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    params.check_injected_parameters()


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
