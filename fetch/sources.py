"""Which adapter serves each series (its primary source, then its fallback) and reads each file.

Publisher facts (name, base URL, query fields, file layouts) are data, in registry/publishers.toml;
each publisher has one adapter module here with the same verbs (``fetch``, ``import_files``,
``layout``), each returning ``Fetched``, and its quirks only.
"""

from __future__ import annotations

import csv
from pathlib import Path
from types import ModuleType

from fetch import kosis, oecd, owid, worldbank
from fetch.errors import FetchError
from registry.catalogue import current
from registry.publishers import publishers

ADAPTERS: dict[str, ModuleType] = {"worldbank": worldbank, "oecd": oecd, "owid": owid, "kosis": kosis}


def adapter(publisher: str) -> ModuleType:
    try:
        return ADAPTERS[publisher]
    except KeyError:
        raise FetchError(publisher, publisher, f"no fetch module for {publisher}") from None


def adapters(series_id: str) -> list[tuple[str, ModuleType]]:
    """(publisher, adapter) of the series' primary source, then of its fallback if it has one
    (e.g. OWID republishes the OECD wage gap without the OECD's rate limit)."""
    spec = current().spec(series_id)
    return [(q.publisher, adapter(q.publisher)) for q in (spec.fetch, spec.fallback) if q is not None]


def name(publisher: str) -> str:
    return publishers()[publisher].name


def source_label(series_id: str) -> str:
    spec = current().spec(series_id)
    primary = name(spec.fetch.publisher)
    return f"{primary} (fallback: {name(spec.fallback.publisher)})" if spec.fallback else primary


def _layout(module: ModuleType, path: Path) -> str | None:
    """An adapter's reading of a file's layout; a file it cannot even sniff (binary, say) is not its."""
    try:
        return module.layout(path)
    except (csv.Error, ValueError):
        return None


def importer_for(series_id: str, paths: list[Path]) -> str:
    """The publisher whose files these are, judged by their content, not their names."""
    readers: set[str] = set()
    companions: list[str] = []
    facts = publishers()
    for path in paths:
        kinds = {key: _layout(adapter(key), path) for key in ADAPTERS}
        found = {key for key, kind in kinds.items() if kind}
        if not found:
            tried = "; ".join(facts[key].layouts for key in ADAPTERS)
            raise FetchError(series_id, str(path), f"not a layout this project reads; tried {tried}")
        readers |= {key for key in found if kinds[key] not in facts[key].companions}
        companions += [
            f"{path.name} is {facts[k].companions[kinds[k]]}"
            for k in found
            if kinds[k] in facts[k].companions
        ]
    where = ", ".join(map(str, paths))
    if not readers:
        message = f"no publisher's data file among them: {'; '.join(companions)}. Pass the data file too"
        raise FetchError(series_id, where, message)
    if len(readers) != 1:
        raise FetchError(
            series_id,
            where,
            f"pass one publisher's data file (found {', '.join(sorted(map(name, readers)))})",
        )
    return readers.pop()


def check_publisher(series_id: str, publisher: str, paths: list[Path]) -> None:
    """FetchError unless the series is served by the publisher whose file this is (primary or fallback).

    E.g. a Statistics Korea workbook passed for the OECD wage gap: name both, not the registry's gap.
    """
    spec = current().spec(series_id)
    if spec.query(publisher) is None:
        served = " or ".join(name(q.publisher) for q in (spec.fetch, spec.fallback) if q)
        raise FetchError(
            series_id,
            ", ".join(map(str, paths)),
            f"the file is from {name(publisher)}, but {series_id} comes from {served} "
            f"({spec.path.name}): pass that publisher's file",
        )
