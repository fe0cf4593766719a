"""The coverage heat map."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import QuadMesh

from helpers import plots


def test_coverage_heatmap_labels_rows_and_checks_shares():
    matrix = pd.DataFrame([[0.1, 0.5, np.nan], [1.0, 0.9, 0.8]], index=["un_egov.egdi", "custom"],
                          columns=[2020, 2021, 2022])
    _fig, ax = plots.coverage_heatmap(matrix, lang="zh")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["电子政务发展指数", "custom"]
    assert any(isinstance(c, QuadMesh) for c in ax.collections)
    with pytest.raises(ValueError, match="between 0 and 1"):
        plots.coverage_heatmap(matrix * 100)
