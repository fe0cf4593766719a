"""Every command README.md and notebooks/README.md show in a ``bash`` block works exactly as written.

Each line is run from a scratch folder that looks like the project root (``.venv`` and ``notebooks`` link
to the real ones, ``params.yaml`` files exist), with outputs in a temporary folder. A few commands cannot
run inside the test suite; they are listed in :data:`RUN_ELSEWHERE` with the reason and where they are run.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from helpers import config

ROOT = config.PROJECT_ROOT
DOCS = [ROOT / "README.md", ROOT / "notebooks" / "README.md"]
#: Commands not run here, each with the reason and where it does run.
RUN_ELSEWHERE = {
    "make reports": ".ci/run runs it after the tests",
    "make test": "this test suite is part of it (.ci/run)",
    "DIGIMOD_MIRROR=../shared/data make reports": "what .ci/run runs (DIGIMOD_MIRROR is set there)",
    "DIGIMOD_MIRROR=../shared/data make test": "what .ci/run runs",
    ".venv/bin/digimod collection": "make reports runs exactly this command in .ci/run",
    ".venv/bin/digimod profiles --countries all --lang en,zh --workers 2":
        "488 reports take ~13 min; the same code path runs in tests/runner (Dask batches, forked kernels)",
    ".venv/bin/digimod profiles --countries CHN,India,美国 --scheduler tcp://10.0.0.5:8786":
        "needs a Dask scheduler at that address; --scheduler is exercised by tests/runner/test_runs.py",
    ".venv/bin/digimod diff previous latest":
        "needs two complete runs of the same kind (the documents' runs are of different notebooks); "
        "tests/runner/test_changes.py::test_same_kind_and_the_automatic_diff_with_the_previous_run runs it",
}
PARAMETER_FILES = {"params.yaml": "start_year: 2008\n", "my_params.yaml": "lag_editions: 2\n"}


def shown_commands(path: Path) -> list[str]:
    """The commands of a document's ``bash`` blocks: comments dropped, continuation lines joined."""
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", path.read_text(encoding="utf-8"), re.DOTALL):
        for command in block.replace("\\\n", " ").splitlines():
            command = re.sub(r"\s+#\s.*$", "", command).strip()
            if command and not command.startswith("#"):
                commands.append(re.sub(r"\s+", " ", command))
    return commands


COMMANDS = list(dict.fromkeys(c for doc in DOCS for c in shown_commands(doc)))


def test_the_documents_show_commands():
    assert ".venv/bin/digimod render latest" in COMMANDS and any("papermill" in c for c in COMMANDS)


def test_every_skipped_command_is_still_shown():
    assert not set(RUN_ELSEWHERE) - set(COMMANDS), "RUN_ELSEWHERE names commands the documents no longer show"


@pytest.fixture(scope="module")
def scratch_root(tmp_path_factory):
    folder = tmp_path_factory.mktemp("readme")
    for name in (".venv", "notebooks"):
        (folder / name).symlink_to(ROOT / name)
    for name, text in PARAMETER_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.integration
@pytest.mark.parametrize("command", [c for c in COMMANDS if c not in RUN_ELSEWHERE])
def test_command_works_as_written(command, scratch_root, tmp_path_factory):
    if not (ROOT / ".venv" / "bin").is_dir():
        pytest.skip("no .venv here (make setup creates it)")
    env = {**os.environ, "DIGIMOD_OUTPUTS_DIR": str(tmp_path_factory.getbasetemp() / "readme-outputs")}
    words = shlex.split(command)
    result = subprocess.run(words, check=False, cwd=scratch_root, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"`{command}` exited {result.returncode}:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
