"""Which publisher module fetches each series, and which one stands in when it fails (from the registry)."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType

from fetch import kosis, oecd, owid, worldbank, worldbank_files
from fetch.errors import FetchError
from registry.catalogue import current
from registry.publishers import Query

# Registry publisher -> the module with its quirks.
MODULES: dict[str, ModuleType] = {"worldbank": worldbank, "oecd": oecd, "owid": owid, "kosis": kosis}
PUBLISHER_NAMES = {
    oecd: "OECD",
    worldbank: "World Bank",
    worldbank_files: "World Bank",
    owid: "Our World in Data",
    kosis: "Statistics Korea (KOSIS)",
}


def module_for(publisher: str) -> ModuleType:
    try:
        return MODULES[publisher]
    except KeyError:
        raise FetchError(publisher, publisher, f"no fetch module for {publisher}") from None


class _Sources(Mapping[str, ModuleType]):
    """Series id -> publisher module, for the primary source or the fallback."""

    def __init__(self, which: str) -> None:
        self.which = which

    def _query(self, series_id: str) -> Query | None:
        return getattr(current()[series_id], self.which)

    def __getitem__(self, series_id: str) -> ModuleType:
        query = self._query(series_id)
        if query is None:
            raise KeyError(series_id)
        return module_for(query.publisher)

    def __iter__(self) -> Iterator[str]:
        return (s for s in current() if self._query(s) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


PRIMARY: Mapping[str, ModuleType] = _Sources("fetch")
# e.g. OWID republishes the OECD wage gap without the OECD's rate limit.
FALLBACK: Mapping[str, ModuleType] = _Sources("fallback")


def source_label(series_id: str) -> str:
    spec = current()[series_id]
    primary = PUBLISHER_NAMES[module_for(spec.fetch.publisher)]
    fallback = spec.fallback and PUBLISHER_NAMES[module_for(spec.fallback.publisher)]
    return f"{primary} (fallback: {fallback})" if fallback else primary


# Each publisher's file layouts, as its module's ``layout()`` names them; companions only help.
LAYOUTS: dict[ModuleType, str] = {
    worldbank_files: "World Bank (bulk download API_*.csv, DataBank export in either column order, "
    "saved API JSON)",
    oecd: "OECD (Data Explorer SDMX-CSV, data.oecd.org DP_LIVE export, OECD.Stat TIME_USE export)",
    owid: "Our World in Data (grapher CSV)",
    kosis: "Statistics Korea (KOSIS XLSX download)",
}
COMPANIONS = {  # layout -> what the file was taken for, to say so when no data file came with it
    "metadata_country": "a World Bank Metadata_Country file",
    "workbook": "an XLSX but no Statistics Korea download (the OECD Time Use workbook, or cut off "
    "or unreadable)",
    "metadata": "an Our World in Data metadata file",
}


def _layout(module: ModuleType, path: Path) -> str | None:
    """A module's reading of a file's layout; a file it cannot even sniff (binary, say) is not its."""
    try:
        return module.layout(path)
    except (csv.Error, ValueError):
        return None


def importer_for(series_id: str, paths: list[Path]) -> ModuleType:
    """The publisher module that reads these files, judged by their content, not their names."""
    readers: set[ModuleType] = set()
    companions: list[str] = []
    for path in paths:
        kinds = {module: _layout(module, path) for module in LAYOUTS}
        found = {module for module, kind in kinds.items() if kind}
        if not found:
            tried = "; ".join(LAYOUTS.values())
            raise FetchError(series_id, str(path), f"not a layout this project reads; tried {tried}")
        readers |= {module for module in found if kinds[module] not in COMPANIONS}
        companions += [f"{path.name} is {COMPANIONS[kinds[m]]}" for m in found if kinds[m] in COMPANIONS]
    if not readers:
        raise FetchError(
            series_id,
            ", ".join(map(str, paths)),
            f"no publisher's data file among them: {'; '.join(companions)}. Pass the data file too",
        )
    if len(readers) != 1:
        names = sorted(PUBLISHER_NAMES[m] for m in readers)
        raise FetchError(
            series_id,
            ", ".join(map(str, paths)),
            f"pass one publisher's data file (found {', '.join(names)})",
        )
    return readers.pop()


def check_publisher(series_id: str, module: ModuleType, paths: list[Path]) -> None:
    """FetchError unless the series is served by the publisher whose file this is (primary or fallback).

    E.g. a Statistics Korea workbook passed for the OECD wage gap: name both, not the registry's gap.
    """
    publisher = next((k for k, m in MODULES.items() if m is module), "worldbank")  # or worldbank_files
    spec = current()[series_id]
    if spec.query(publisher) is None:
        queries = (q for q in (spec.fetch, spec.fallback) if q)
        served = " or ".join(PUBLISHER_NAMES[module_for(q.publisher)] for q in queries)
        raise FetchError(
            series_id,
            ", ".join(map(str, paths)),
            f"the file is from {PUBLISHER_NAMES[module]}, but {series_id} comes from {served} "
            f"({spec.path.name}): pass that publisher's file",
        )
