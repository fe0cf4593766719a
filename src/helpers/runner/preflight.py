"""Checks made before any kernel starts, so a broken environment is one clear error, not one per report."""

from __future__ import annotations

from .. import config
from ..files import unwritable_reason
from .reports import RunError


def check_kernel_dirs() -> None:
    """Refuse to start kernels when the folders they write to (under ``HOME``) cannot be written.

    Otherwise every report fails the same way (IPython cannot create its profile under ``~/.ipython``,
    or matplotlib falls back to a temporary cache that differs between kernels), with no hint.

    Raises
    ------
    RunError
        Naming each folder, why it cannot be written, and the variables that fix it.
    """
    problems = {name: (folder, why) for name, folder in config.kernel_dirs().items() if (why := unwritable_reason(folder))}
    if not problems:
        return
    listing = "".join(f"\n  - {folder} ({why}; set {name} to move it)" for name, (folder, why) in problems.items())
    raise RunError(
        f"Jupyter kernels cannot write their settings under HOME={config.home()}:{listing}\n"
        "Set HOME to a writable folder (e.g. `HOME=$(mktemp -d) digimod …`), or set "
        f"{', '.join(problems)} to writable folders."
    )
