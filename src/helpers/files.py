"""Writing files so that readers see the old version or the new one, never half of either; reading YAML.

The ground floor of the package: every layer (data build, notebook outputs, run folders) writes through
these functions, and this module imports nothing from :mod:`helpers`.

- :func:`default_file_mode` — the permissions a new file gets under the process umask;
- :func:`temp_beside` — an empty hidden temporary file in the destination's folder;
- :func:`write_bytes_atomic`, :func:`write_text_atomic` — temporary file + ``os.replace``;
- :func:`fsync_dir` — persist a rename;
- :func:`unwritable_reason` — whether a folder can take a new file;
- :func:`parse_yaml` — ``yaml.safe_load`` with libyaml's parser (the metadata files every report reads).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Any


def _read_umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# Read once at import: the umask can only be read by setting it, which is racy between threads.
_FILE_MODE = 0o666 & ~_read_umask()


def default_file_mode() -> int:
    """Permissions a newly created file gets under the umask (mkstemp alone would give 0600)."""
    return _FILE_MODE


def fsync_dir(directory: Path) -> None:
    """Persist a rename inside ``directory`` (a no-op where the platform cannot open folders)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def unwritable_reason(folder: Path) -> str | None:
    """None if a file can be created in ``folder`` (created, with its parents, if missing), else why not.

    A probe file is created and removed: creating a folder can succeed where writing a file fails
    (read-only mount, ACLs).
    """
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".write-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        return err.strerror or type(err).__name__
    return None


def temp_beside(dest: Path) -> Path:
    """Create an empty hidden temp file in ``dest``'s folder, so ``os.replace`` onto ``dest`` is atomic."""
    fd, name = tempfile.mkstemp(dir=Path(dest).parent, prefix=f".{Path(dest).name}.", suffix=".tmp")
    os.close(fd)
    # mkstemp makes 0600 files; outputs and data should get the permissions any new file gets (a team's
    # shared folder, Dask workers running as another user).
    os.chmod(name, default_file_mode())
    return Path(name)


def write_bytes_atomic(data: bytes, dest: str | os.PathLike, *, durable: bool = False) -> Path:
    """Write ``data`` to ``dest`` via a temporary file in the same folder, then rename.

    Parameters
    ----------
    data : the file's bytes.
    dest : destination path; missing parent folders are created.
    durable : also ``fsync`` the file and its folder, so the new version survives a power cut (the
        data layer asks for it; notebook outputs, rewritten by every run, do not need it).
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(dest)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, dest)
        if durable:
            fsync_dir(dest.parent)
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def write_text_atomic(text: str, dest: str | os.PathLike, *, durable: bool = False) -> Path:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``dest`` atomically; see :func:`write_bytes_atomic`."""
    return write_bytes_atomic(text.encode("utf-8"), dest, durable=durable)


def parse_yaml(source: str | IO[str]) -> Any:
    """What ``yaml.safe_load(source)`` returns, parsed by libyaml where PyYAML was built with it.

    The same documents, tags and :class:`yaml.YAMLError` s (the constructor is PyYAML's safe one
    either way); libyaml's parser reads the project's YAML about ten times faster (``data/codebook.yaml``:
    73 ms against 12 ms), a cost every report's kernel pays again for each file it reads.
    """
    import yaml  # not at import: the writers above are used where PyYAML is not needed

    return yaml.load(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
