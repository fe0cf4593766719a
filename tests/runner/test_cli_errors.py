"""Mistakes on the command line: each is one `digimod: error: …` line naming the problem and the fix, exit code 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml

from helpers.files import parse_yaml
from helpers.runner import execute, preflight
from helpers.runner.cli import _utf8_arguments, main
from helpers.runner.reports import RunError


def error_of(capsys, argv: list[str]) -> str:
    """Run ``digimod argv``; it must exit 2 with one error message and no traceback. Returns the message."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("digimod: error: ") and "Traceback" not in err
    return err[len("digimod: error: "):]


def test_parameters_file_that_is_missing_or_not_yaml(tmp_path, capsys):
    missing = tmp_path / "nope.yaml"
    assert error_of(capsys, ["run", "01", "-f", str(missing)]) == (
        f"cannot read the parameters file {missing} (No such file or directory); check the path given to -f\n")
    assert "(Is a directory)" in error_of(capsys, ["run", "01", "-f", str(tmp_path)])
    bad = tmp_path / "bad.yaml"
    bad.write_text("year: [2019\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError) as parsed:  # the parser's own words (libyaml: "did not find expected …")
        parse_yaml(bad.read_text(encoding="utf-8"))
    assert "expected ',' or ']'" in parsed.value.problem
    assert error_of(capsys, ["run", "01", "-f", str(bad)]).startswith(
        f"the parameters file {bad} is not valid YAML at line 2, column 1: {parsed.value.problem}. ")
    bad.write_text("- 2019\n", encoding="utf-8")
    assert "must hold a mapping of parameter names to values (`year: 2019`), got a list" in error_of(
        capsys, ["run", "01", "-f", str(bad)])


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--countries", ""], "--countries is empty; give a comma-separated list, e.g. --countries CHN,USA"),
        (["--countries", ","], "--countries ',' has an empty entry; remove the extra comma"),
        (["--countries", "CHN,,USA"], "--countries 'CHN,,USA' has an empty entry"),
        (["--countries", "CHN,China"], "--countries names CHN more than once ('CHN' and 'China')"),
        (["--countries", " "], "--countries is empty"),
    ],
)
@pytest.mark.integration
def test_profiles_country_list_mistakes(notebook_env, capsys, argv, expected):
    assert error_of(capsys, ["profiles", *argv, "--sequential"]).startswith(expected)


@pytest.mark.parametrize(
    ("langs", "expected"),
    [
        ("en,fr", "--lang must be one of 'en', 'zh', got 'fr'."),
        ("en,en", "--lang names en more than once; each report would run twice into the same folder"),
        ("", "--lang is empty"),
    ],
)
def test_profiles_language_mistakes(capsys, langs, expected):
    assert error_of(capsys, ["profiles", "--countries", "CHN", "--lang", langs]).startswith(expected)


def test_render_latest_without_an_outputs_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DIGIMOD_OUTPUTS_DIR", str(tmp_path / "outputs"))
    assert error_of(capsys, ["render", "latest"]) == (
        f"no outputs folder {tmp_path / 'outputs'}; run `make reports` to create a run\n")


KERNEL_DIR_VARIABLES = ("IPYTHONDIR", "MPLCONFIGDIR", "JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "XDG_CONFIG_HOME",
                        "XDG_DATA_HOME")


def test_unwritable_home_is_refused_before_any_kernel_starts(tmp_path, monkeypatch, capsys):
    blocked = tmp_path / "a-file"
    blocked.write_text("HOME cannot be below a file")
    monkeypatch.setenv("HOME", str(blocked / "home"))
    for name in KERNEL_DIR_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DIGIMOD_OUTPUTS_DIR", str(tmp_path / "outputs"))
    monkeypatch.setattr(execute, "run_batch_local", lambda *a, **k: pytest.fail("a kernel was started"))

    message = error_of(capsys, ["run", "05"])

    assert message.startswith(f"Jupyter kernels cannot write their settings under HOME={blocked / 'home'}:\n")
    assert f"  - {blocked / 'home' / '.ipython'} (Not a directory; set IPYTHONDIR to move it)" in message
    assert "set MPLCONFIGDIR to move it" in message and "set JUPYTER_RUNTIME_DIR to move it" in message
    assert "Set HOME to a writable folder" in message
    assert not (tmp_path / "outputs").exists()
    # Moving each folder elsewhere is enough.
    for name in ("IPYTHONDIR", "MPLCONFIGDIR", "JUPYTER_RUNTIME_DIR"):
        monkeypatch.setenv(name, str(tmp_path / name))
    preflight.check_kernel_dirs()
    monkeypatch.setenv("MPLCONFIGDIR", str(blocked / "mpl"))
    with pytest.raises(RunError, match=r"mpl \(Not a directory; set MPLCONFIGDIR to move it\)"):
        preflight.check_kernel_dirs()


def test_arguments_decoded_under_a_non_utf8_locale_are_recovered(capsys):
    # What Python makes of `中国` under LC_ALL=C: the UTF-8 bytes as lone surrogates.
    garbled = "中国".encode().decode("ascii", "surrogateescape")
    assert _utf8_arguments(["run", "05", "-p", "country", garbled]) == ["run", "05", "-p", "country", "中国"]
    not_utf8 = "é".encode("latin-1").decode("ascii", "surrogateescape")
    assert "is not UTF-8 text; use a UTF-8 terminal and locale (e.g. LANG=C.UTF-8)" in error_of(
        capsys, ["run", "05", "-p", "country", not_utf8])


@pytest.mark.integration
def test_chinese_country_name_under_a_non_utf8_locale(notebook_env, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"}
    # PYTHONUTF8=0: otherwise Python switches to UTF-8 by itself under the C locale.
    env.update(LC_ALL="C", LANG="C", PYTHONUTF8="0", DIGIMOD_OUTPUTS_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "helpers", "run", "05", "-p", "country", "中国", "-p", "lang", "zh"],
                          env=env, capture_output=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert b"1 of 1 reports ok" in done.stdout and b"Traceback" not in done.stderr
    (run,) = [p for p in tmp_path.iterdir() if not p.name.startswith(".")]
    manifest = json.loads((run / "manifest.json").read_bytes().decode("utf-8"))
    assert manifest["reports"][0]["parameters"]["country"] == "中国"
