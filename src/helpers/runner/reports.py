"""What a report is (a notebook, its parameters, a name) and where its notebook lives."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from ..suggest import close_matches

NOTEBOOKS_DIR = config.PROJECT_ROOT / "notebooks"


class RunError(RuntimeError):
    """A run could not be set up (bad notebook name, unwritable outputs folder, …)."""


@dataclass(frozen=True)
class ReportSpec:
    """One notebook execution: which notebook, with which parameters, under which report name."""

    notebook: str  # file name inside notebooks/, e.g. "05_country_profile.ipynb"
    parameters: dict = field(default_factory=dict)
    name: str = ""  # report name (folder and file stem); defaults to the notebook stem

    @property
    def report(self) -> str:
        return self.name or Path(self.notebook).stem


def collection_notebooks(folder: Path | None = None) -> list[Path]:
    """The collection: numbered notebooks ``00``–``04`` and ``06`` (claims and verdicts) in reading order.

    ``05`` (the country profile) is left out: it is one report per economy, run by ``digimod profiles``.
    """
    folder = folder or notebooks_dir()
    return sorted(p for p in folder.glob("0[0-46]_*.ipynb"))


def resolve_notebook(name: str) -> Path:
    """Find a notebook by file name, stem or number prefix (``05``), with suggestions on failure."""
    if Path(name).is_absolute() and Path(name).is_file():
        return Path(name)
    candidates = sorted(notebooks_dir().glob("[0-9][0-9]_*.ipynb"))
    for path in candidates:
        if name in {path.name, path.stem, path.stem[:2]} or Path(name).resolve() == path.resolve():
            return path
    hints = close_matches(name, [p.stem for p in candidates])
    raise RunError(
        f"no notebook {name!r} in {notebooks_dir()}."
        + (f" Did you mean: {', '.join(hints)}?" if hints else "")
        + f" Available: {', '.join(p.stem for p in candidates)}"
    )


def notebooks_dir() -> Path:
    """The folder of the numbered notebooks: ``DIGIMOD_NOTEBOOKS_DIR`` if set, else :data:`NOTEBOOKS_DIR`
    (read at call time, so tests can point it elsewhere)."""
    return config.notebooks_override() or NOTEBOOKS_DIR
