"""helpers.files.parse_yaml: libyaml's parser gives what yaml.safe_load gives, errors included."""

from pathlib import Path

import pytest
import yaml

from helpers import config
from helpers.files import parse_yaml

ROOT = Path(__file__).resolve().parents[1]
PROJECT_YAML = sorted([*ROOT.glob("data/*.yaml"), *ROOT.glob("notebooks/*.texts.yml"),
                       *ROOT.glob("src/helpers/**/*.texts.yml")])


def test_the_project_has_yaml_files_to_compare():
    assert config.CODEBOOK_FILE in PROJECT_YAML and len(PROJECT_YAML) >= 10


@pytest.mark.parametrize("path", PROJECT_YAML, ids=lambda p: p.name)
def test_every_project_yaml_file_parses_as_safe_load_parses_it(path):
    text = path.read_text(encoding="utf-8")
    assert parse_yaml(text) == yaml.safe_load(text)
    with open(path, encoding="utf-8") as fh:
        assert parse_yaml(fh) == yaml.safe_load(text)


def test_scalars_anchors_and_unicode_come_out_as_safe_load_makes_them():
    text = ("a: 1\nb: 1.5e3\nc: 2024-01-31\nd: ~\ne: [yes, no, 'on']\nf: &x {k: 数字政府}\ng: *x\n"
            "h: |\n  两行\n  text\n")
    assert parse_yaml(text) == yaml.safe_load(text)
    assert parse_yaml(text)["f"] == {"k": "数字政府"}


def test_unsafe_tags_are_refused_as_safe_load_refuses_them():
    with pytest.raises(yaml.constructor.ConstructorError):
        parse_yaml("!!python/object/apply:os.system ['true']")


def test_a_syntax_error_is_a_yaml_error_with_its_line():
    with pytest.raises(yaml.YAMLError) as caught:
        parse_yaml("a: 1\nb: [unclosed\n")
    assert caught.value.problem_mark.line >= 1


@pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="PyYAML built without libyaml")
def test_libyaml_does_the_parsing_where_pyyaml_has_it(monkeypatch):
    used = []
    original = yaml.load
    monkeypatch.setattr(yaml, "load", lambda stream, Loader: used.append(Loader) or original(stream, Loader))
    parse_yaml("a: 1")
    assert used == [yaml.CSafeLoader]
