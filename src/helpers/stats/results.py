"""Fitted linear models as plain numbers, and their tables: :class:`RegressionResult` and friends.

Nothing here estimates anything: the estimators of :mod:`.regression` and :mod:`.panel` return a
:class:`RegressionResult`, and the functions below lay one or several of them out for display
(:func:`results_table`), for CSV (:func:`results_table_numeric`) and for results.json
(:func:`result_to_dict`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

CONSTANT = "const"
CONFIDENCE_LEVEL = 0.95
# p-value cut-offs for the stars of results_table, from the most to the least significant.
_STAR_LEVELS = ((0.01, "***"), (0.05, "**"), (0.10, "*"))


@dataclass(frozen=True)
class RegressionResult:
    """One fitted linear model, reduced to plain Python numbers.

    Attributes
    ----------
    dependent : str
        Name of the dependent variable (for first differences: the variable that was differenced).
    regressors : list of str
        The regressors asked for (``x`` then ``controls``), without the constant. ``params`` also
        holds ``"const"``.
    params, std_errors, pvalues : dict of str to float
        Coefficient, standard error and two-sided p-value by term.
    conf_int : dict of str to (float, float)
        95 % confidence interval by term.
    nobs : int
        Observations used (after dropping rows with missing values; for first differences, the
        number of differences).
    r2 : float
        R² of the estimated equation (for two-way FE: after removing both effects, linearmodels'
        ``rsquared``).
    r2_within : float or None
        Within-entity R² (linearmodels ``rsquared_within``) for fixed-effects models, else None.
    cov_type : str
        How the standard errors were computed, e.g. ``"HC3"`` or ``"clustered by iso3"``.
    model : str
        ``"OLS"``, ``"Pooled OLS"``, ``"Two-way FE"`` or ``"First differences"``.
    n_entities : int or None
        Entities in the estimation sample for panel models, else None.
    """

    dependent: str
    regressors: list[str]
    params: dict[str, float]
    std_errors: dict[str, float]
    pvalues: dict[str, float]
    conf_int: dict[str, tuple[float, float]]
    nobs: int
    r2: float
    r2_within: float | None
    cov_type: str
    model: str
    n_entities: int | None

    def to_row(self, term: str) -> dict[str, Any]:
        """The numbers of one term as a flat record (one row of :func:`results_table_numeric`).

        Raises
        ------
        KeyError
            If the model has no such term.
        """
        if term not in self.params:
            raise KeyError(f"term {term!r} is not in this {self.model} model; terms: {list(self.params)}")
        low, high = self.conf_int[term]
        return {
            "model": self.model,
            "dependent": self.dependent,
            "term": term,
            "coef": self.params[term],
            "se": self.std_errors[term],
            "pvalue": self.pvalues[term],
            "ci_low": low,
            "ci_high": high,
            "nobs": self.nobs,
            "r2": self.r2,
            "r2_within": self.r2_within,
            "n_entities": self.n_entities,
        }


def significance_stars(pvalue: float | None) -> str:
    """``"***"``, ``"**"``, ``"*"`` for p < 0.01, 0.05, 0.10; ``""`` otherwise or when undefined."""
    if pvalue is None or not math.isfinite(pvalue):
        return ""
    for cutoff, stars in _STAR_LEVELS:
        if pvalue < cutoff:
            return stars
    return ""


def p_value_text(pvalue: float | None) -> str:
    """A p-value as prose cites it: ``"p < 0.001"`` below 0.001, else ``"p = 0.034"``; ``"p = –"`` when undefined.

    The same in English and Chinese academic writing, so no text catalogue entry is needed.

    >>> p_value_text(0.0004), p_value_text(0.0341)
    ('p < 0.001', 'p = 0.034')
    """
    if pvalue is None or not math.isfinite(pvalue):
        return "p = –"
    return "p < 0.001" if pvalue < 0.001 else f"p = {pvalue:.3f}"


def _format_number(value: float | None, digits: int) -> str:
    if value is None or not math.isfinite(value):
        return ""
    return f"{value:.{digits}f}"


def results_table(
    results: Sequence[RegressionResult],
    terms: Sequence[str],
    column_names: Sequence[str] | None = None,
    digits: int = 3,
) -> pd.DataFrame:
    """Side-by-side coefficient table of several models, as strings ready to display or export.

    Parameters
    ----------
    results : sequence of RegressionResult
        One column each, in this order.
    terms : sequence of str
        Terms to show, in this order. A term a model does not have is left blank in its column.
    column_names : sequence of str, optional
        Column labels; default ``"(1)"``, ``"(2)"``, …
    digits : int
        Decimals for coefficients, standard errors and R².

    Returns
    -------
    pandas.DataFrame
        Rows: for each term the coefficient with stars (``*`` p<0.10, ``**`` p<0.05, ``***`` p<0.01)
        and, labelled ``"<term> (se)"``, the standard error in parentheses; then ``N``,
        ``Entities``, ``R²``, ``Within R²``, ``Model`` and ``SE`` (the covariance type). Every cell
        is a string; undefined values are ``""``.
    """
    if column_names is None:
        column_names = [f"({number})" for number in range(1, len(results) + 1)]
    if len(column_names) != len(results):
        raise ValueError(f"{len(column_names)} column names for {len(results)} results")
    columns = {}
    for name, result in zip(column_names, results, strict=True):
        cells: dict[str, str] = {}
        for term in terms:
            present = term in result.params
            coef = result.params.get(term)
            stars = significance_stars(result.pvalues.get(term)) if present else ""
            cells[term] = _format_number(coef, digits) + stars if present else ""
            cells[f"{term} (se)"] = f"({_format_number(result.std_errors[term], digits)})" if present else ""
        cells["N"] = str(result.nobs)
        cells["Entities"] = "" if result.n_entities is None else str(result.n_entities)
        cells["R²"] = _format_number(result.r2, digits)
        cells["Within R²"] = _format_number(result.r2_within, digits)
        cells["Model"] = result.model
        cells["SE"] = result.cov_type
        columns[name] = cells
    table = pd.DataFrame(columns)
    table.index.name = "row"
    return table


NUMERIC_COLUMNS = [
    "column",
    "model",
    "dependent",
    "term",
    "coef",
    "se",
    "pvalue",
    "ci_low",
    "ci_high",
    "nobs",
    "r2",
    "r2_within",
    "n_entities",
]


def results_table_numeric(
    results: Sequence[RegressionResult], terms: Sequence[str] | None = None
) -> pd.DataFrame:
    """Long numeric form of several models: one row per model and term (for CSV and results.json).

    Parameters
    ----------
    results : sequence of RegressionResult
    terms : sequence of str, optional
        Terms to keep (those a model lacks are skipped); default every term of every model.

    Returns
    -------
    pandas.DataFrame
        Columns ``column`` (1-based position of the model in ``results``, which tells apart two models
        of the same kind), ``model``, ``dependent``, ``term``, ``coef``, ``se``, ``pvalue``, ``ci_low``,
        ``ci_high``, ``nobs``, ``r2``, ``r2_within``, ``n_entities``.
    """
    rows = []
    for position, result in enumerate(results, start=1):
        wanted = list(result.params) if terms is None else [term for term in terms if term in result.params]
        rows.extend({"column": position, **result.to_row(term)} for term in wanted)
    table = pd.DataFrame(rows, columns=NUMERIC_COLUMNS)
    # Missing r2_within / n_entities (OLS) become NaN / <NA> so the columns stay numeric; counts stay
    # integers instead of turning into floats next to the NaNs.
    return table.astype(
        {
            "column": "int64",
            "nobs": "int64",
            "n_entities": "Int64",
            "coef": "float64",
            "se": "float64",
            "pvalue": "float64",
            "ci_low": "float64",
            "ci_high": "float64",
            "r2": "float64",
            "r2_within": "float64",
        }
    )


def _round_significant(value: float | None, digits: int = 10) -> float | None:
    # Rounding to 10 significant digits hides last-bit differences between BLAS builds and runs, so
    # results.json is byte-identical on reruns; non-finite numbers become null (valid JSON).
    if value is None or not math.isfinite(value):
        return None
    rounded = float(f"{value:.{digits}g}")
    return rounded + 0.0  # turns -0.0 into 0.0


def result_to_dict(result: RegressionResult, digits: int = 10) -> dict[str, Any]:
    """A JSON-serializable dict of plain floats and ints, rounded to ``digits`` significant digits.

    NaN and infinite numbers become None. Two calls on equal results give equal ``json.dumps`` output.
    """

    def by_term(values: dict[str, float]) -> dict[str, float | None]:
        return {term: _round_significant(value, digits) for term, value in values.items()}

    return {
        "model": result.model,
        "dependent": result.dependent,
        "regressors": list(result.regressors),
        "cov_type": result.cov_type,
        "nobs": int(result.nobs),
        "n_entities": None if result.n_entities is None else int(result.n_entities),
        "r2": _round_significant(result.r2, digits),
        "r2_within": _round_significant(result.r2_within, digits),
        "params": by_term(result.params),
        "std_errors": by_term(result.std_errors),
        "pvalues": by_term(result.pvalues),
        "conf_int": {
            term: [_round_significant(low, digits), _round_significant(high, digits)]
            for term, (low, high) in result.conf_int.items()
        },
    }
