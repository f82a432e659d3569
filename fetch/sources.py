"""Which publisher module fetches each series, and which one stands in when it fails (from the registry)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType

from fetch import oecd, owid, worldbank
from fetch.errors import FetchError
from tidy import registry

# Registry publisher -> the module with its quirks. A module that is not in this tree yet (KOSIS)
# is imported when a series needs it.
MODULES = {"worldbank": "fetch.worldbank", "oecd": "fetch.oecd", "owid": "fetch.owid", "kosis": "fetch.kosis"}
PUBLISHER_NAMES = {oecd: "OECD", worldbank: "World Bank", owid: "Our World in Data"}
LABELS = {"worldbank": "World Bank", "oecd": "OECD", "owid": "Our World in Data", "kosis": "Statistics Korea"}


def module_for(publisher: str) -> ModuleType:
    try:
        return importlib.import_module(MODULES[publisher])
    except (KeyError, ImportError) as exc:
        raise FetchError(
            publisher, MODULES.get(publisher, publisher), f"no fetch module for {publisher}"
        ) from exc


class _Sources(Mapping[str, ModuleType]):
    """Series id -> publisher module, for the primary source or the fallback."""

    def __init__(self, which: str) -> None:
        self.which = which

    def _query(self, series_id: str) -> registry.Query | None:
        return getattr(registry.load()[series_id], self.which)

    def __getitem__(self, series_id: str) -> ModuleType:
        query = self._query(series_id)
        if query is None:
            raise KeyError(series_id)
        return module_for(query.publisher)

    def __iter__(self) -> Iterator[str]:
        return (s for s in registry.load() if self._query(s) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


PRIMARY: Mapping[str, ModuleType] = _Sources("fetch")
# e.g. OWID republishes the OECD wage gap without the OECD's rate limit.
FALLBACK: Mapping[str, ModuleType] = _Sources("fallback")


def source_label(series_id: str) -> str:
    spec = registry.load()[series_id]
    primary = LABELS[spec.fetch.publisher]
    return f"{primary} (fallback: {LABELS[spec.fallback.publisher]})" if spec.fallback else primary


def importer_for(series_id: str, paths: list[Path]) -> ModuleType:
    """The publisher module that reads these files, judged by their names and first line."""
    first = paths[0]
    if first.suffix.lower() == ".csv" and owid.is_grapher_csv(first):
        return owid
    if any(
        worldbank.is_bulk_csv(p) or worldbank.is_databank_csv(p) or p.suffix.lower() == ".json" for p in paths
    ):
        return worldbank
    if any(p.suffix.lower() in (".csv", ".xlsx") for p in paths):
        return oecd
    raise FetchError(series_id, str(first), "unrecognised file: expected a World Bank, OECD or OWID download")
