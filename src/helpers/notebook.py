"""What a notebook uses to speak: its sentences, tables for readers, figure source lines, key results.

- :func:`texts` — the notebook's own sentences (:mod:`helpers.texts`, the catalogue beside the notebook);
- :func:`show` / :func:`reader_table` — a table as a reader wants it: no index column, integers as
  integers, a fixed number of decimals per column, "–" for missing values, no "-0.00", headers and
  categorical values in the report's language;
- :func:`source_line` — a figure's sources, from the datasets actually loaded;
- :func:`key_results` — the rounded JSON the nbval regression cells compare (hidden in HTML reports).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping

import pandas as pd

from . import i18n, outputs, plots
from .data.load import datasets_read
from .texts import MISSING, Texts


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
    return plots.source_text(outputs.source_pairs(datasets_read(indicators), lang), lang)


def texts(notebook_name: str, lang: str) -> Texts:
    """The sentences of ``notebooks/<notebook_name>.ipynb`` in ``lang`` (from ``<notebook_name>.texts.yml``)."""
    return Texts.for_notebook(notebook_name, lang)


def _is_whole(values: pd.Series) -> bool:
    """Integers, or floats that are whole numbers beyond 0/1 (years and counts stored as float beside NaN).

    A float column of only 0s and 1s is a share, not a count: it keeps its decimals.
    """
    if pd.api.types.is_integer_dtype(values):
        return True
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    return (bool(len(numbers)) and bool((numbers == numbers.round()).all()) and bool((numbers.abs() < 2**53).all())
            and bool((numbers.abs() > 1).any()))


def _number(value: object, decimals: int) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return MISSING
    return f"{round(float(value), decimals) + 0.0:.{decimals}f}"  # + 0.0: a rounded -0.001 prints as 0.00


def _cell(value: object, lang: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    if isinstance(value, bool):
        return i18n.t("yes" if value else "no", lang)
    if i18n.has_label(value):
        return i18n.t(value, lang)
    return str(value)


def reader_table(frame: pd.DataFrame, lang: str, decimals: int | Mapping[str, int] = 2,
                 headers: Mapping[str, str] | None = None) -> pd.DataFrame:
    """``frame`` as strings a reader can scan, headers and categories in ``lang``.

    Parameters
    ----------
    frame : any table; its index is dropped (reset it first if it holds data).
    lang : the report's language.
    decimals : decimals for every non-integer numeric column, or per column (others: 2). Columns whose
        values are all whole numbers (counts, years stored as floats) print without decimals.
    headers : header text for some columns (e.g. from the notebook's catalogue), keyed by the original
        column names; the other headers come from :mod:`helpers.i18n` (label keys, codebook ids).
    """
    per_column = dict(decimals) if isinstance(decimals, Mapping) else {}
    default = 2 if isinstance(decimals, Mapping) else int(decimals)
    shown = {}
    for column in frame.columns:
        values = frame[column]
        if column == "indicator":
            shown[column] = [i18n.indicator_label(v, lang, with_unit=False) if isinstance(v, str) else _cell(v, lang)
                             for v in values]
        elif pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
            shown[column] = [_cell(v, lang) for v in values]
        else:
            digits = 0 if column not in per_column and _is_whole(values) else per_column.get(column, default)
            shown[column] = [_number(v, digits) for v in values]
    table = pd.DataFrame(shown, columns=list(frame.columns))
    own = dict(headers or {})
    return table.rename(columns=lambda c: own[c] if c in own else i18n.label_for(c, lang, False) if isinstance(c, str) else c)


def show(frame: pd.DataFrame, lang: str, decimals: int | Mapping[str, int] = 2,
         headers: Mapping[str, str] | None = None) -> None:
    """Display :func:`reader_table` without the index column (HTML for reports, plain text in a terminal)."""
    from IPython.display import display

    table = reader_table(frame, lang, decimals, headers)
    html = table.to_html(index=False, escape=True, border=0, classes="reader-table")
    display({"text/html": html, "text/plain": table.to_string(index=False)}, raw=True)
