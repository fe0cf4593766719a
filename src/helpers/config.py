"""Paths and environment: the only module that reads environment variables.

Environment variables
---------------------
DIGIMOD_MIRROR
    Folder holding exact copies of the publishers' files, laid out like ``data/raw``
    (e.g. ``../shared/data``). When set, ``fetch`` copies from it instead of downloading.
DIGIMOD_DATA_DIR
    Override the ``data/`` folder (tests point it at a temporary directory).
DIGIMOD_OUTPUTS_DIR
    Override the ``outputs/`` folder.
DIGIMOD_OFFLINE
    ``1`` forbids network access: fetch uses the mirror or fails with instructions.

:func:`kernel_dirs` also reads ``HOME``, ``IPYTHONDIR``, ``MPLCONFIGDIR`` and ``XDG_CONFIG_HOME`` (the
folders Jupyter kernels write to), so runs can check them before any kernel starts.
DIGIMOD_NOTEBOOKS_DIR
    Override the folder of the numbered notebooks (the fault-injection tests run the CLI on
    synthetic notebooks).
DIGIMOD_REPORT_TIMEOUT
    Seconds one report may run before its kernel is stopped and the report fails (default
    :data:`DEFAULT_REPORT_TIMEOUT`); ``--timeout`` overrides it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent.parent

# Files that describe the data (committed, reviewed): catalogue, codebook, corrections, overrides.
METADATA_DIR = PROJECT_ROOT / "data"


@dataclass(frozen=True)
class Paths:
    """Resolved locations for one process; build it with :func:`paths`."""

    data: Path
    raw: Path
    processed: Path
    outputs: Path
    mirror: Path | None
    offline: bool

    @property
    def panel(self) -> Path:
        return self.processed / "panel.parquet"

    @property
    def countries(self) -> Path:
        return self.processed / "countries.parquet"

    @property
    def manifest(self) -> Path:
        return self.processed / "manifest.json"


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    path = Path(value).expanduser()
    # A relative mirror path is relative to the project root, so `DIGIMOD_MIRROR=../shared/data`
    # means the same thing from the Makefile, from tests and from a notebook's working directory.
    return path if path.is_absolute() else (PROJECT_ROOT / path).resolve()


def paths() -> Paths:
    """Return the project's paths, honouring the ``DIGIMOD_*`` environment variables."""
    data = _env_path("DIGIMOD_DATA_DIR") or METADATA_DIR
    outputs = _env_path("DIGIMOD_OUTPUTS_DIR") or PROJECT_ROOT / "outputs"
    return Paths(
        data=data,
        raw=data / "raw",
        processed=data / "processed",
        outputs=outputs,
        mirror=_env_path("DIGIMOD_MIRROR"),
        offline=os.environ.get("DIGIMOD_OFFLINE", "").strip() in {"1", "true", "yes"},
    )


def kernel_dirs() -> dict[str, Path]:
    """The per-user folders a Jupyter kernel writes to, keyed by the variable that moves each.

    ``IPYTHONDIR`` (default ``~/.ipython``: profile, history), ``MPLCONFIGDIR`` (``~/.config/matplotlib``:
    font cache) and ``JUPYTER_RUNTIME_DIR`` (``~/.local/share/jupyter/runtime``: connection files).
    """
    from jupyter_core.paths import jupyter_runtime_dir

    home = Path(os.environ.get("HOME") or "~").expanduser()
    config_home = os.environ.get("XDG_CONFIG_HOME", "").strip()
    return {
        "IPYTHONDIR": Path(os.environ.get("IPYTHONDIR") or home / ".ipython").expanduser(),
        "MPLCONFIGDIR": Path(os.environ.get("MPLCONFIGDIR")
                             or (Path(config_home) if config_home else home / ".config") / "matplotlib").expanduser(),
        "JUPYTER_RUNTIME_DIR": Path(jupyter_runtime_dir()).expanduser(),
    }


def home() -> str:
    """``$HOME`` as set (for messages), or ``"(unset)"``."""
    return os.environ.get("HOME") or "(unset)"
#: Seconds a report may run by default: far beyond any report of this project (the longest, a country
#: profile, takes well under a minute), so only a hung kernel reaches it.
DEFAULT_REPORT_TIMEOUT = 1800.0


def notebooks_override() -> Path | None:
    """``DIGIMOD_NOTEBOOKS_DIR``, when set: the folder to take the numbered notebooks from."""
    return _env_path("DIGIMOD_NOTEBOOKS_DIR")


def report_timeout() -> float:
    """Seconds one report may run: ``DIGIMOD_REPORT_TIMEOUT`` or :data:`DEFAULT_REPORT_TIMEOUT`."""
    value = os.environ.get("DIGIMOD_REPORT_TIMEOUT", "").strip()
    if not value:
        return DEFAULT_REPORT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = float("nan")
    if not seconds > 0 or seconds == float("inf"):
        raise ValueError(f"DIGIMOD_REPORT_TIMEOUT must be a positive number of seconds, not {value!r}")
    return seconds


CATALOG_FILE = METADATA_DIR / "catalog.yaml"
CODEBOOK_FILE = METADATA_DIR / "codebook.yaml"
CORRECTIONS_FILE = METADATA_DIR / "corrections.yaml"
COUNTRY_OVERRIDES_FILE = METADATA_DIR / "country_overrides.yaml"
CLAIMS_FILE = METADATA_DIR / "claims.yaml"
