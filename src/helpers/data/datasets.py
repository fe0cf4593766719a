"""Registry of parsed datasets: which raw files each parser reads, and which source it belongs to.

A *dataset* is the output of one parser over one set of publisher files, e.g. ``wgi_2024`` (the
2024 WGI workbook) or ``wgi_2023`` (the 2023 bulk CSV). Its id is the ``source`` column of the
panel, and the codebook lists, per indicator, which datasets provide it (the first is the default).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .catalog import get_source, unknown_key
from .errors import FetchError


@dataclass(frozen=True)
class Dataset:
    id: str
    source: str  # catalogue source id
    globs: tuple[str, ...]  # relative to data/raw
    parser: str  # "module:function" inside helpers.data.parsers

    def parse_function(self) -> Callable[[list[Path]], pd.DataFrame]:
        module, function = self.parser.split(":")
        return getattr(importlib.import_module(f"helpers.data.parsers.{module}"), function)

    def files(self, raw: Path) -> list[Path]:
        """Files under ``raw`` matching this dataset's globs (sorted); error if a glob matches none or a folder."""
        found = []
        for pattern in self.globs:
            matches = sorted(raw.glob(pattern))
            folders = [p for p in matches if not p.is_file()]
            if folders:
                raise FetchError(
                    f"dataset {self.id!r} reads {raw / pattern}, but {folders[0]} is not a file (a directory?). "
                    "Move it away and run `digimod data fetch`."
                )
            if not matches:
                raise FetchError(
                    f"dataset {self.id!r} needs {raw / pattern} but no such file exists. "
                    "Run `make data` (or `digimod data fetch`) first; offline, set DIGIMOD_MIRROR."
                )
            found.extend(matches)
        return found

    @property
    def release(self) -> str:
        return get_source(self.source).release


DATASETS: dict[str, Dataset] = {
    d.id: d
    for d in [
        Dataset("un_egov", "un_egov", ("un_egov/EGOV_DATA_*.csv",), "un_egov:parse"),
        Dataset("un_egov_data360", "un_egov", ("un_egov/UN_EGDI_*_WIDEF.csv",), "un_egov:parse_data360"),
        Dataset("wgi_2024", "wb_wgi", ("wb_wgi/wgidataset.xlsx",), "wgi:parse_xlsx"),
        Dataset("wgi_2023", "wb_wgi", ("wb_wgi/WGIData.csv",), "wgi:parse_csv"),
        Dataset("hdr", "undp_hdr", ("undp_hdr/HDR23-24_Composite_indices_complete_time_series.csv",), "hdr:parse"),
        Dataset("gtmi", "wb_gtmi", ("wb_gtmi/groups_data.xlsx",), "gtmi:parse"),
        Dataset("itu_idi", "itu", ("itu/IDIDataset.xlsx",), "itu:parse_idi"),
        Dataset("itu_internet", "itu", ("itu/individuals-using-the-internet.csv",), "itu:parse_internet"),
        Dataset("qog", "qog", ("qog/qog_bas_cs_jan24.csv",), "qog:parse"),
        Dataset("wdi", "wb_wdi", ("wb_wdi/API_*_DS2_*.csv", "wb_wdi/Metadata_Country_*.csv"), "wdi:parse"),
        Dataset(
            "gapminder",
            "gapminder",
            ("gapminder/datapoints/ddf--datapoints--*.csv", "gapminder/ddf--entities--geo--country.csv"),
            "gapminder:parse",
        ),
        Dataset("maddison", "owid", ("owid/maddison_2020/maddison_2020.csv",), "owid:parse_maddison"),
        Dataset(
            "owid_urban_long_run",
            "owid",
            ("owid/urbanization_long_run/urbanization_long_run.csv",),
            "owid:parse_urban_long_run",
        ),
        Dataset("hrv_sectors", "owid", ("owid/herrendorf_sectors/herrendorf_sectors.csv",), "owid:parse_hrv_sectors"),
        Dataset("un_wup_2018", "owid", ("owid/un_wup_2018/un_wup_2018.csv",), "owid:parse_wup"),
    ]
}

#: Inputs of the country table (names, Chinese names, regions and income groups).
COUNTRY_TABLE_INPUTS = {
    "wdi": ("wb_wdi/Metadata_Country_*.csv",),
    "gapminder": ("gapminder/ddf--entities--geo--country.csv", "gapminder/lang/zh-CN/ddf--entities--geo--country.csv"),
}


def get_dataset(dataset_id: str) -> Dataset:
    if dataset_id not in DATASETS:
        raise unknown_key("dataset", dataset_id, DATASETS)
    return DATASETS[dataset_id]
