"""Which publisher module fetches each series, and which one stands in when it fails."""

from __future__ import annotations

import csv
from pathlib import Path
from types import ModuleType

from fetch import kosis, oecd, owid, worldbank, worldbank_files
from fetch.errors import FetchError

PRIMARY: dict[str, ModuleType] = {
    "pay_gap": oecd,
    "fertility_rate": worldbank,
    "birth_rate": worldbank,
    "births": owid,
    "lfp_female": worldbank,
    "lfp_male": worldbank,
    "unpaid_care_female": oecd,
    "unpaid_care_male": oecd,
    "births_national": kosis,
    "fertility_rate_national": kosis,
}
# OWID republishes the same OECD series without the OECD's rate limit.
FALLBACK: dict[str, ModuleType] = {"pay_gap": owid}

PUBLISHER_NAMES = {
    oecd: "OECD",
    worldbank: "World Bank",
    worldbank_files: "World Bank",
    owid: "Our World in Data",
    kosis: "Statistics Korea (KOSIS)",
}


def source_label(series_id: str) -> str:
    primary = PUBLISHER_NAMES[PRIMARY[series_id]]
    fallback = FALLBACK.get(series_id)
    return f"{primary} (fallback: {PUBLISHER_NAMES[fallback]})" if fallback else primary


# Each publisher's file layouts, as its module's ``layout()`` names them; companions only help.
LAYOUTS: dict[ModuleType, str] = {
    worldbank_files: "World Bank (bulk download API_*.csv, DataBank export in either column order, "
    "saved API JSON)",
    oecd: "OECD (Data Explorer SDMX-CSV, data.oecd.org DP_LIVE export, OECD.Stat TIME_USE export)",
    owid: "Our World in Data (grapher CSV)",
    kosis: "Statistics Korea (KOSIS XLSX download)",
}
COMPANIONS = {"metadata_country", "workbook", "metadata"}


def _layout(module: ModuleType, path: Path) -> str | None:
    """A module's reading of a file's layout; a file it cannot even sniff (binary, say) is not its."""
    try:
        return module.layout(path)
    except (csv.Error, ValueError):
        return None


def importer_for(series_id: str, paths: list[Path]) -> ModuleType:
    """The publisher module that reads these files, judged by their content, not their names."""
    readers: set[ModuleType] = set()
    for path in paths:
        kinds = {module: _layout(module, path) for module in LAYOUTS}
        found = {module for module, kind in kinds.items() if kind}
        if not found:
            tried = "; ".join(LAYOUTS.values())
            raise FetchError(series_id, str(path), f"not a layout this project reads; tried {tried}")
        readers |= {module for module in found if kinds[module] not in COMPANIONS}
    if len(readers) != 1:
        names = sorted(PUBLISHER_NAMES[m] for m in readers) or ["only companion files"]
        raise FetchError(
            series_id,
            ", ".join(map(str, paths)),
            f"pass one publisher's data file (found {', '.join(names)})",
        )
    return readers.pop()
