"""Estimators for the notebooks: pure functions from pandas objects to tables and dataclasses.

This package never reads files and never imports the data, plotting or run layers: notebooks load a
frame with :mod:`helpers.data`, pass it here and write what comes back. Its modules are organised by
method; every public name is re-exported here, so ``from helpers import stats; stats.twoway_fe(...)``
is the way to call them.

Contents
--------
Regression results (:mod:`.results`)
    :class:`RegressionResult`, :func:`results_table`, :func:`results_table_numeric`,
    :func:`result_to_dict`, :func:`significance_stars`, :func:`p_value_text`; :data:`CONSTANT`,
    :data:`CONFIDENCE_LEVEL`, :data:`NUMERIC_COLUMNS`.
Cross-sectional OLS (:mod:`.regression`)
    :func:`ols_hc3`, :func:`residual_ranking`, :func:`rank_position`, :func:`coefficient_by_year`,
    :func:`ols_with_and_without`, :func:`coefficient_change`.
Panels (:mod:`.panel`)
    :func:`pooled_ols`, :func:`twoway_fe`, :func:`first_differences`, :func:`lag_within_entity`,
    :func:`changes_since_first`, :func:`first_last_changes`, :func:`within_standardized_coef`.
Convergence (:mod:`.convergence`)
    :func:`logit_share`, :func:`sigma_convergence`, :func:`beta_convergence`,
    :class:`BetaConvergence`, :func:`transform_for_unit`; :data:`Transform`.
    Clipping sensitivity of the logit: :func:`clipped_count`, :func:`sigma_convergence_sensitivity`,
    :func:`beta_convergence_sensitivity`; :data:`SIGMA_SENSITIVITY_COLUMNS`, :data:`BETA_SENSITIVITY_COLUMNS`.
Thresholds and peaks (:mod:`.thresholds`)
    :func:`threshold_crossing`, :func:`crossings_all`, :class:`Crossing`, :func:`crossing_record`,
    :func:`peak`, :class:`Peak`, :func:`peak_crossing`, :func:`crossing_bounds`; :data:`Direction`,
    :data:`CrossingStatus`, :data:`LOCATED`.
Process windows (:mod:`.windows`)
    :func:`process_window`, :class:`Window`, :func:`duration_bounds`, :func:`overlap`,
    :func:`overlap_bounds`, :func:`overlap_pairs`, :func:`process_span`, :class:`Span`;
    :data:`OVERLAP_COLUMNS`.
Adoption spells (:mod:`.spells`)
    :func:`adoption_spells`, :func:`reached_within`, :func:`spell_cohorts`,
    :func:`adoption_milestones`; :data:`SPELL_COLUMNS`, :data:`MILESTONE_COLUMNS`.
Splicing (:mod:`.splicing`)
    :func:`splice_series`, :class:`Splice`; :data:`SplicePreference`.
Multiple testing (:mod:`.multiple_testing`)
    :func:`holm`, :func:`bonferroni`, :func:`romano_wolf`.
Robustness checks (:mod:`.robustness`)
    :func:`wild_cluster_bootstrap`, :func:`randomization_inference`, :func:`placebo_lead`,
    :func:`oster_delta`, :func:`heterogeneity_by_group`, :func:`bootstrap_family`, :class:`CheckResult`;
    :data:`WEIGHTS`.
Specification curves (:mod:`.speccurve`)
    :func:`estimate_specification`, :func:`specification_curve`, :func:`curve_summary`,
    :func:`treatment_column`, :class:`SpecificationError`; :data:`SPEC_COLUMNS`, :data:`GRID_COLUMNS`,
    :data:`ESTIMATORS`, :data:`SAMPLE_PREFIX`.
Transforms (:mod:`.transforms`)
    :func:`log_columns`, :func:`standardize_within`, :func:`value_at`, :func:`interpolate_at`,
    :func:`count_from_share`, :class:`CountFromShare`.
Onset order (:mod:`.onsets`)
    :func:`onset_table`, :func:`onset_gaps`, :func:`onset_sequences`, :func:`onset_order_test`,
    :class:`OnsetOrderTest`; :data:`ONSET_COLUMNS`, :data:`GAP_COLUMNS`, :data:`SEQUENCE_COLUMNS`,
    :data:`MAJORITY`.
Ranks over editions (:mod:`.ranks`)
    :func:`rank_trajectory`, :func:`rank_in_edition`.
Correlation (:mod:`.correlation`)
    :func:`pearson_correlation`.

The modules import downwards only: :mod:`.results` and the private input checks (``_design``) at
the bottom, then regression, panel, thresholds and transforms, then convergence, windows, splicing,
spells and onsets. :mod:`.ranks` imports no other module of the package, :mod:`.correlation` only the
bottom layer.

Inference conventions
---------------------
* Cross-sectional OLS: HC3 standard errors (statsmodels), t distribution with n − k degrees of freedom
  for p-values and 95 % intervals.
* Robustness checks (:mod:`.robustness`) work on the transformed equation of
  :func:`estimate_specification` (same clustering, G − 1 degrees of freedom), and are seeded.
* Specification curves (:mod:`.speccurve`): the same clustered standard errors as the panels (equal to
  them to 1e-10), but p-values and intervals with G − 1 degrees of freedom (G clusters).
* Panels (pooled OLS, two-way FE, first differences): linearmodels with standard errors clustered by
  entity and the Stata-style small-sample factor G/(G−1)·(n−1)/(n−k), where G is the number of
  entities and k the number of slope coefficients including the constant. Absorbed effects are *not*
  counted in k (entity effects are nested in the entity clusters; time effects are few relative to n),
  so the three panel estimators use one formula. p-values and intervals use the t distribution with
  linearmodels' residual degrees of freedom.
"""

from __future__ import annotations

from .convergence import (
    BETA_SENSITIVITY_COLUMNS,
    SIGMA_SENSITIVITY_COLUMNS,
    BetaConvergence,
    Transform,
    beta_convergence,
    beta_convergence_sensitivity,
    clipped_count,
    logit_share,
    sigma_convergence,
    sigma_convergence_sensitivity,
    transform_for_unit,
)
from .correlation import pearson_correlation
from .multiple_testing import bonferroni, holm, romano_wolf
from .onsets import (
    GAP_COLUMNS,
    MAJORITY,
    ONSET_COLUMNS,
    SEQUENCE_COLUMNS,
    OnsetOrderTest,
    onset_gaps,
    onset_order_test,
    onset_sequences,
    onset_table,
)
from .panel import (
    changes_since_first,
    first_differences,
    first_last_changes,
    lag_within_entity,
    pooled_ols,
    twoway_fe,
    within_standardized_coef,
)
from .ranks import rank_in_edition, rank_trajectory
from .regression import (
    coefficient_by_year,
    coefficient_change,
    ols_hc3,
    ols_with_and_without,
    rank_position,
    residual_ranking,
)
from .results import (
    CONFIDENCE_LEVEL,
    CONSTANT,
    NUMERIC_COLUMNS,
    RegressionResult,
    p_value_text,
    result_to_dict,
    results_table,
    results_table_numeric,
    significance_stars,
)
from .robustness import (
    WEIGHTS,
    CheckResult,
    bootstrap_family,
    heterogeneity_by_group,
    oster_delta,
    placebo_lead,
    randomization_inference,
    wild_cluster_bootstrap,
)
from .speccurve import (
    ESTIMATORS,
    GRID_COLUMNS,
    SAMPLE_PREFIX,
    SPEC_COLUMNS,
    SpecificationError,
    curve_summary,
    estimate_specification,
    specification_curve,
    treatment_column,
)
from .spells import (
    MILESTONE_COLUMNS,
    SPELL_COLUMNS,
    adoption_milestones,
    adoption_spells,
    reached_within,
    spell_cohorts,
)
from .splicing import Splice, SplicePreference, splice_series
from .thresholds import (
    LOCATED,
    Crossing,
    CrossingStatus,
    Direction,
    Peak,
    crossing_bounds,
    crossing_record,
    crossings_all,
    peak,
    peak_crossing,
    threshold_crossing,
)
from .transforms import (
    CountFromShare,
    count_from_share,
    interpolate_at,
    log_columns,
    standardize_within,
    value_at,
)
from .windows import (
    OVERLAP_COLUMNS,
    Span,
    Window,
    duration_bounds,
    overlap,
    overlap_bounds,
    overlap_pairs,
    process_span,
    process_window,
)

__all__ = [
    "BETA_SENSITIVITY_COLUMNS",
    "CONFIDENCE_LEVEL",
    "CONSTANT",
    "ESTIMATORS",
    "GAP_COLUMNS",
    "GRID_COLUMNS",
    "LOCATED",
    "MAJORITY",
    "MILESTONE_COLUMNS",
    "NUMERIC_COLUMNS",
    "ONSET_COLUMNS",
    "OVERLAP_COLUMNS",
    "SAMPLE_PREFIX",
    "SEQUENCE_COLUMNS",
    "SIGMA_SENSITIVITY_COLUMNS",
    "SPEC_COLUMNS",
    "SPELL_COLUMNS",
    "WEIGHTS",
    "BetaConvergence",
    "CheckResult",
    "CountFromShare",
    "Crossing",
    "CrossingStatus",
    "Direction",
    "OnsetOrderTest",
    "Peak",
    "RegressionResult",
    "Span",
    "SpecificationError",
    "Splice",
    "SplicePreference",
    "Transform",
    "Window",
    "adoption_milestones",
    "adoption_spells",
    "beta_convergence",
    "beta_convergence_sensitivity",
    "bonferroni",
    "bootstrap_family",
    "changes_since_first",
    "clipped_count",
    "coefficient_by_year",
    "coefficient_change",
    "count_from_share",
    "crossing_bounds",
    "crossing_record",
    "crossings_all",
    "curve_summary",
    "duration_bounds",
    "estimate_specification",
    "first_differences",
    "first_last_changes",
    "heterogeneity_by_group",
    "holm",
    "interpolate_at",
    "lag_within_entity",
    "log_columns",
    "logit_share",
    "ols_hc3",
    "ols_with_and_without",
    "onset_gaps",
    "onset_order_test",
    "onset_sequences",
    "onset_table",
    "oster_delta",
    "overlap",
    "overlap_bounds",
    "overlap_pairs",
    "p_value_text",
    "peak",
    "peak_crossing",
    "pearson_correlation",
    "placebo_lead",
    "pooled_ols",
    "process_span",
    "process_window",
    "randomization_inference",
    "rank_in_edition",
    "rank_position",
    "rank_trajectory",
    "reached_within",
    "residual_ranking",
    "result_to_dict",
    "results_table",
    "results_table_numeric",
    "romano_wolf",
    "sigma_convergence",
    "sigma_convergence_sensitivity",
    "significance_stars",
    "specification_curve",
    "spell_cohorts",
    "splice_series",
    "standardize_within",
    "threshold_crossing",
    "transform_for_unit",
    "treatment_column",
    "twoway_fe",
    "value_at",
    "wild_cluster_bootstrap",
    "within_standardized_coef",
]
