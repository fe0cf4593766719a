"""Chinese text in saved figures, reproducible saving, display in a kernel and alternative text."""

from __future__ import annotations

import warnings

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest

from helpers import i18n, plots
from helpers.plots import saving


def _chinese_figure():
    fig, ax = plt.subplots()
    ax.plot([-2, -1, 0, 1], [-0.5, 0.2, 0.1, 0.9], label=i18n.t("china", "zh"))
    ax.set_title("互联网用户与政府效能")
    ax.set_xlabel(i18n.indicator_label("GE.EST", "zh"))  # includes "≈ −2.5" (U+2212) and full-width brackets
    ax.set_ylabel(i18n.t("coefficient", "zh"))
    ax.legend()
    plots.add_source_line(fig, plots.source_text([("World Bank WGI", "2024")], "zh"))
    return fig


def test_chinese_figure_saves_png_and_svg_without_warnings(tmp_path):
    plots.use_style("zh")
    fig = _chinese_figure()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would be a UserWarning
        paths = plots.save_figure(fig, tmp_path / "figs", "chinese")
    assert set(paths) == {"png", "svg"}
    png, svg = paths["png"].read_bytes(), paths["svg"].read_text(encoding="utf-8")
    assert png.startswith(b"\x89PNG") and len(png) > 1000
    # Glyphs are paths (no <text>), and the Chinese ones come from Noto Sans CJK SC.
    assert "<text" not in svg and 'id="NotoSansCJKsc-Regular-' in svg and 'id="DejaVuSans-' in svg
    assert not plt.fignum_exists(fig.number)


def test_without_the_cjk_font_chinese_glyphs_would_be_missing(tmp_path):
    # The control for the test above: the warning filter really catches missing glyphs.
    plots.use_style("zh")
    mpl.rcParams["font.family"] = ["DejaVu Sans"]
    fig, ax = plt.subplots()
    ax.set_title("中国")
    with pytest.warns(UserWarning, match="missing from font"):
        fig.savefig(tmp_path / "x.png")


def test_saving_twice_is_byte_identical(tmp_path):
    plots.use_style("zh")
    first = plots.save_figure(_chinese_figure(), tmp_path / "a", "fig")
    second = plots.save_figure(_chinese_figure(), tmp_path / "b", "fig")
    for fmt in ("png", "svg"):
        assert first[fmt].read_bytes() == second[fmt].read_bytes(), fmt
    svg = first["svg"].read_text(encoding="utf-8")
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert b"Software" not in first["png"].read_bytes()


def test_save_figure_replaces_files_and_leaves_no_temporaries(tmp_path):
    plots.use_style("en")
    for _ in range(2):
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, 1])
        plots.save_figure(fig, tmp_path, "line")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["line.png", "line.svg"]


def test_save_figure_rejects_paths_as_names(tmp_path):
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="plain file name"):
        plots.save_figure(fig, tmp_path, "sub/fig")


def test_png_display_width_shows_the_figure_at_screen_size(tmp_path):
    fig, _ = plt.subplots(figsize=(4, 3), dpi=100)
    fig.savefig(tmp_path / "f.png", dpi=150)
    plt.close(fig)
    png = (tmp_path / "f.png").read_bytes()
    assert plots.png_display_width(png, figure_dpi=100, png_dpi=150) == 400
    with pytest.raises(ValueError, match="not a PNG"):
        plots.png_display_width(b"<svg/>", 100, 150)


def test_in_a_kernel_save_figure_displays_the_saved_png(tmp_path, monkeypatch):
    import IPython.display

    plots.use_style("en")
    shown = []
    monkeypatch.setattr(saving, "_in_notebook_kernel", lambda: True)
    monkeypatch.setattr(IPython.display, "display", shown.append)
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1], [0, 1])
    paths = plots.save_figure(fig, tmp_path, "line")
    (image,) = shown
    assert image.data == paths["png"].read_bytes()
    assert image.alt == "line"  # no titles or labels: the figure's name
    # 150-dpi file shown at the figure's 100-dpi size (bbox "tight" trims a little).
    assert 300 < image.width <= 420


def test_figure_alt_text_lists_titles_then_axis_labels():
    fig, axes = plt.subplots(1, 2)
    fig.suptitle("互联网用户")
    axes[0].set_title("Fixed")
    axes[1].set_title("Mobile")
    axes[0].set(xlabel="Income", ylabel="per 100 people")
    axes[1].set(xlabel="Income", ylabel="per 100 people")
    assert plots.figure_alt_text(fig, "fallback") == "互联网用户; Fixed; Mobile; Income; per 100 people"
    plt.close(fig)


def test_one_tight_box_for_both_formats_crops_the_png_as_savefig_tight_does(tmp_path):
    import io
    import re

    plots.use_style("zh")
    saved = plots.save_figure(_chinese_figure(), tmp_path, "fig")
    reference = io.BytesIO()
    fig = _chinese_figure()
    fig.savefig(reference, format="png", metadata={"Software": None}, bbox_inches="tight")
    plt.close(fig)
    assert saved["png"].read_bytes() == reference.getvalue()  # the box is measured as savefig measures it
    png = saved["png"].read_bytes()
    width_px, height_px = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    view = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', saved["svg"].read_text(encoding="utf-8"))
    dpi = float(mpl.rcParams["savefig.dpi"])  # a number in the project style
    # The SVG (72 points per inch) has the PNG's box, to the PNG's rounding to whole pixels.
    assert float(view.group(1)) / 72 == pytest.approx(width_px / dpi, abs=1.5 / dpi)
    assert float(view.group(2)) / 72 == pytest.approx(height_px / dpi, abs=1.5 / dpi)


def test_a_figure_with_a_layout_engine_keeps_savefigs_own_tight_box():
    fig, _ = plt.subplots(layout="constrained")
    assert saving._tight_bbox(fig) == "tight"  # its layout is redone at each format's resolution
    plt.close(fig)
