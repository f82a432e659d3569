"""Which publisher module fetches each series, and which one stands in when it fails."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from fetch import kosis, oecd, owid, worldbank
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
    owid: "Our World in Data",
    kosis: "Statistics Korea (KOSIS)",
}


def source_label(series_id: str) -> str:
    primary = PUBLISHER_NAMES[PRIMARY[series_id]]
    fallback = FALLBACK.get(series_id)
    return f"{primary} (fallback: {PUBLISHER_NAMES[fallback]})" if fallback else primary


def importer_for(series_id: str, paths: list[Path]) -> ModuleType:
    """The publisher module that reads these files, judged by their names and first line."""
    first = paths[0]
    if first.suffix.lower() == ".csv" and owid.is_grapher_csv(first):
        return owid
    if any(
        worldbank.is_bulk_csv(p) or worldbank.is_databank_csv(p) or p.suffix.lower() == ".json" for p in paths
    ):
        return worldbank
    if kosis.is_kosis_xlsx(first):
        return kosis
    if any(p.suffix.lower() in (".csv", ".xlsx") for p in paths):
        return oecd
    raise FetchError(
        series_id, str(first), "unrecognised file: expected a World Bank, OECD, OWID or KOSIS download"
    )
