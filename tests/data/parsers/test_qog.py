"""QoG quirks (helpers.data.parsers.qog); test_contract.py checks what every parser must do."""

from __future__ import annotations

import pytest

from helpers.data.errors import ParseError
from helpers.data.parsers import qog


def test_parse_two_variables_at_reference_year(publisher, values):
    assert qog.REFERENCE_YEAR == 2020
    assert values(qog.parse(publisher.qog())) == {
        ("CHN", 2020, "qog.ti_cpi"): 42.0, ("CHN", 2020, "qog.vdem_polyarchy"): 0.0759999975562096,
        ("DNK", 2020, "qog.ti_cpi"): 88.0, ("DNK", 2020, "qog.vdem_polyarchy"): 0.9139999747276306,
        ("TWN", 2020, "qog.ti_cpi"): 68.0, ("TWN", 2020, "qog.vdem_polyarchy"): 0.8320000171661377,
    }  # Andorra: blanks only


def test_blank_code(publisher):
    paths = publisher.qog(["999,Somewhere,999,Somewhere,,999,QoGBasCSjan24,,30,.2,"])
    with pytest.raises(ParseError, match=r"'ccodealp' '' at line 6 is not a three-letter code"):
        qog.parse(paths)
