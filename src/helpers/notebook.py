"""Small display helpers for notebooks: localized headings, sentences, table headers, figure source lines."""

from __future__ import annotations

import json

import pandas as pd

from . import i18n, outputs, plots
from .data.load import datasets_read


def heading(key: str, lang: str, level: int = 2, **fmt) -> None:
    """Display a section heading in ``lang`` (Markdown, so it shows in HTML reports too)."""
    from IPython.display import Markdown, display

    display(Markdown(f"{'#' * level} {i18n.t(key, lang, **fmt)}"))


def say(key: str, lang: str, **fmt) -> None:
    """Display a sentence from the label catalogue with the notebook's computed numbers filled in."""
    from IPython.display import Markdown, display

    display(Markdown(i18n.t(key, lang, **fmt)))


def localize_columns(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Translate column headers that are label keys or codebook ids; other headers stay as they are.

    Cell values that are codebook ids (an ``indicator`` column) become indicator names.
    """
    shown = frame.copy()
    if "indicator" in shown.columns:
        shown["indicator"] = [i18n.indicator_label(i, lang, with_unit=False) for i in shown["indicator"]]
    renamed = {}
    for column in shown.columns:
        if i18n.has_label(column):
            renamed[column] = i18n.t(column, lang)
    return shown.rename(columns=renamed)


def key_results(values: dict, digits: int = 3) -> None:
    """Print the key results, rounded, as sorted JSON: what the nbval regression cells compare.

    Rounding keeps harmless floating-point noise (the last bits of a BLAS sum) from failing the
    comparison while any real change in a result shows up.
    """
    def rounded(value):
        if isinstance(value, dict):
            return {k: rounded(v) for k, v in value.items()}
        if isinstance(value, list):
            return [rounded(v) for v in value]
        if isinstance(value, float):
            return round(value, digits) + 0.0  # + 0.0 turns -0.0 into 0.0
        return value

    print(json.dumps(rounded(outputs.to_jsonable(values)), sort_keys=True, ensure_ascii=False, indent=1))


def source_line(lang: str, indicators=None) -> str:
    """A figure's source line, citing the datasets this notebook actually loaded for ``indicators``.

    Parameters
    ----------
    lang : ``"en"`` or ``"zh"``.
    indicators : codebook ids the figure draws (None: every dataset loaded so far). The datasets come
        from what :func:`helpers.data.load_panel` returned, not from the codebook's defaults, so a
        ``sources=`` override or a notebook parameter that picks another dataset is cited correctly.
    """
    return plots.source_text(outputs.source_pairs(datasets_read(indicators)), lang)
