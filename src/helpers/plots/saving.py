"""Writing figures: byte-reproducible PNG + SVG, shown in a running notebook, with alternative text."""

from __future__ import annotations

import io
import os
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt

from ..files import write_bytes_atomic


def _in_notebook_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and shell.__class__.__name__ == "ZMQInteractiveShell"


def png_display_width(png: bytes, figure_dpi: float, png_dpi: float) -> int:
    """Width in screen pixels at which a PNG rendered at ``png_dpi`` shows as big as the figure at ``figure_dpi``.

    Reads the width from the PNG header (bytes 16–20 of the IHDR chunk).
    """
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    return max(1, round(int.from_bytes(png[16:20], "big") * figure_dpi / png_dpi))


def figure_alt_text(fig: mpl.figure.Figure, fallback: str) -> str:
    """A figure's alternative text for HTML reports: its titles, then its axis labels; else ``fallback``.

    E.g. ``"Individuals using the Internet; Year; Individuals using the Internet (% of population)"``. No
    words are added, so the text is in the figure's language.
    """
    texts = [fig.get_suptitle()]
    for ax in fig.axes:
        texts.append(ax.get_title())
    for ax in fig.axes:
        texts += [ax.get_xlabel(), ax.get_ylabel()]
    return "; ".join(t for t in dict.fromkeys(texts) if t) or fallback


def _render(fig: mpl.figure.Figure, fmt: str, metadata: dict, bbox) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, metadata=metadata, bbox_inches=bbox)
    return buffer.getvalue()


def _tight_bbox(fig: mpl.figure.Figure):
    """The box ``bbox_inches="tight"`` would crop to (inches, padded), worked out once for every format.

    ``savefig(bbox_inches="tight")`` lays out and measures the whole figure before each format it writes —
    its labels and source line are placed when it is drawn, so that is most of the cost. A figure with a
    layout engine (constrained layout) keeps ``"tight"``: its layout is redone at each format's resolution.
    """
    if fig.get_layout_engine() is not None:
        return "tight"
    # Measured at the PNG's resolution, as savefig would for the PNG (text extents depend on it).
    dpi = mpl.rcParams["savefig.dpi"]
    original = fig.dpi
    fig.dpi = original if dpi == "figure" else float(dpi)
    try:
        fig.draw_without_rendering()
        box = fig.get_tightbbox(fig.canvas.get_renderer())
    finally:
        fig.dpi = original
    return box.padded(mpl.rcParams["savefig.pad_inches"])


def save_figure(fig: mpl.figure.Figure, out_dir: str | os.PathLike, name: str, show: bool = True) -> dict[str, Path]:
    """Write ``<out_dir>/<name>.png`` and ``.svg`` atomically and byte-reproducibly, then close ``fig``.

    Inside a running notebook the saved PNG is also displayed (``show``), so executed notebooks and
    their HTML reports carry exactly the file on disk, at the size the figure has on screen; outside a
    kernel nothing is displayed. Displaying the saved bytes, rather than letting the inline backend draw
    the figure once more, saves one rendering per figure.

    Each file is written to a temporary name in ``out_dir`` and renamed, so a reader never sees half a
    figure. Metadata that changes between runs (dates, matplotlib version) is left out, so rerunning
    a notebook on the same data gives identical files.

    Returns
    -------
    dict
        ``{"png": Path, "svg": Path}``.
    """
    if not name or Path(name).name != name or name in {".", ".."}:
        raise ValueError(f"figure name must be a plain file name without folders, got {name!r}")
    stem = name.removesuffix(".png").removesuffix(".svg")
    folder = Path(out_dir)
    metadata = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}
    try:
        bbox = _tight_bbox(fig)
        rendered = {fmt: _render(fig, fmt, meta, bbox) for fmt, meta in metadata.items()}
    finally:
        plt.close(fig)
    written = {fmt: write_bytes_atomic(data, folder / f"{stem}.{fmt}") for fmt, data in rendered.items()}
    if show and _in_notebook_kernel():
        from IPython.display import Image, display

        png_dpi = mpl.rcParams["savefig.dpi"]
        png_dpi = fig.dpi if png_dpi == "figure" else float(png_dpi)
        display(Image(data=rendered["png"], width=png_display_width(rendered["png"], fig.dpi, png_dpi),
                      alt=figure_alt_text(fig, stem)))
    return written
