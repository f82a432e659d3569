"""World Bank: the Indicators API v2, and its files (bulk downloads, DataBank exports, saved answers).

Quirks handled here: errors arrive as HTTP 200 with a ``message`` envelope; results are paginated;
``country/all`` mixes countries with aggregates (told apart by ``region.id == "NA"`` in the
country list); monthly or quarterly rows (``2023M01``, ``2023Q1``) may come beside annual ones.
The formats themselves are read by fetch.worldbank_formats.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from fetch.common import Fetched, fetched_file, fetched_live, to_tidy
from fetch.errors import FetchError
from fetch.http import get, json_body
from fetch.paging import Page, all_pages, check_total
from fetch.worldbank_formats import (
    check_envelope,
    indicator_query,
    json_body_of_file,
    layout,
    parse_api_rows,
    parse_bulk_csv,
    parse_country_metadata,
    parse_databank_csv,
    read_text,
)
from registry.publishers import publisher

__all__ = ["fetch", "import_files", "indicator_metadata", "layout"]  # the adapter's verbs

PUBLISHER = publisher("worldbank")  # name, base URL and its variable: registry/publishers.toml
PER_PAGE = 20000  # all countries x all years fits in one or two pages
WDI_SOURCE_ID = 2  # World Development Indicators, the database whose past releases are archived


def _page(series_id: str) -> Callable[[requests.Response], Page]:
    """How one page of a v2 answer is read: its JSON, checked for the error envelope."""
    return lambda response: check_envelope(json_body(response, series_id), series_id, response.url)


def fetch_aggregates(session: requests.Session, series_id: str) -> tuple[set[str], list[str]]:
    """Codes of aggregates (regions, income groups, OECD members...) from the country list,
    and the exact URLs requested for it."""
    url = f"{PUBLISHER.url()}/country"
    params = {"format": "json", "per_page": 1000}
    _, rows, urls = all_pages(session, url, params, series_id, _page(series_id), PUBLISHER)
    try:
        aggregates = {row["id"] for row in rows if row["region"]["id"] == "NA"}
    except (KeyError, TypeError) as exc:
        raise FetchError(series_id, url, "unexpected country list: no region ids") from exc
    if not aggregates:
        raise FetchError(series_id, url, "country list names no aggregates; cannot tell countries apart")
    return aggregates, urls


def fetch(series_id: str, session: requests.Session) -> Fetched:
    indicator, source_id = indicator_query(series_id)
    aggregates, country_urls = fetch_aggregates(session, series_id)
    url = f"{PUBLISHER.url()}/country/all/indicator/{indicator}"
    params = {"format": "json", "per_page": PER_PAGE, "source": source_id}
    header, rows, urls = all_pages(session, url, params, series_id, _page(series_id), PUBLISHER)
    raw, warnings = parse_api_rows(rows, indicator, series_id, url)
    updated = header.get("lastupdated") or None
    label = f"World Bank WDI, updated {updated}" if updated else "World Bank WDI"
    return fetched_live(
        series_id,
        to_tidy(raw, aggregates),
        (*country_urls, *urls),
        label,
        updated,
        "World Bank lastupdated",
        warnings=warnings,
    )


def import_files(series_id: str, paths: list[Path]) -> Fetched:
    """Parse a bulk download or DataBank export (plus a Metadata_Country file), or saved API responses."""
    paths = [Path(p) for p in paths]
    layouts = {p: layout(p) for p in paths}
    if "api_json" in layouts.values():
        return _import_saved_responses(series_id, paths)
    metadata = [p for p, kind in layouts.items() if kind == "metadata_country"]
    data = [p for p, kind in layouts.items() if kind in ("bulk", "databank")]
    if len(data) != 1 or len(metadata) != 1:
        raise FetchError(
            series_id,
            ", ".join(str(p) for p in paths),
            "a World Bank import needs one data file (API_*.csv bulk download or DataBank CSV export) "
            "and a Metadata_Country_*.csv to tell aggregates apart",
        )
    text = read_text(data[0], series_id)
    warnings: list[str] = []
    if layouts[data[0]] == "bulk":
        rows, updated = parse_bulk_csv(text, series_id, str(data[0]))
        label = f"World Bank WDI bulk download, updated {updated}"
    else:
        rows, updated, warnings = parse_databank_csv(text, series_id, str(data[0]))
        label = f"World Bank DataBank export (WDI), updated {updated}"
    aggregates = parse_country_metadata(read_text(metadata[0], series_id), series_id, str(metadata[0]))
    frame = to_tidy(rows, aggregates)
    return fetched_file(series_id, frame, data[0], label, updated, warnings=warnings, companions=metadata)


def _import_saved_responses(series_id: str, paths: list[Path]) -> Fetched:
    """Saved v2 JSON pages of the indicator, plus the saved /v2/country list to tell aggregates apart."""
    indicator = indicator_query(series_id)[0]
    rows: list[dict[str, Any]] = []
    aggregates: set[str] | None = None
    updated = None
    announced = {"data": None, "country list": None}  # each list's "total", to check no page is missing
    counted = {"data": 0, "country list": 0}
    for path in paths:
        header, page_rows = check_envelope(json_body_of_file(path, series_id), series_id, str(path))
        kind = "country list" if page_rows and "region" in page_rows[0] else "data"
        announced[kind] = announced[kind] or header.get("total")
        counted[kind] += len(page_rows)
        if kind == "country list":  # aggregates may be on any page of the country list
            found = {row["id"] for row in page_rows if row["region"]["id"] == "NA"}
            aggregates = (aggregates or set()) | found
        else:
            rows.extend(page_rows)
            updated = updated or header.get("lastupdated")
    for kind, total in announced.items():
        check_total(series_id, str(paths[0]), counted[kind], total, kind)
    if aggregates is None:
        raise FetchError(
            series_id, str(paths[0]), "also pass the saved /v2/country response to tell aggregates apart"
        )
    raw, warnings = parse_api_rows(rows, indicator, series_id, str(paths[0]))
    label = f"World Bank API v2 response, lastupdated {updated}"
    return fetched_file(series_id, to_tidy(raw, aggregates), paths[0], label, updated, warnings=warnings)


def indicator_metadata(session: requests.Session, code: str) -> tuple[dict[str, Any], str]:
    """The indicator's own metadata (name, sourceNote, sourceOrganization, unit, source) and its URL."""
    url = f"{PUBLISHER.url()}/indicator/{code}"
    response = get(session, url, code, {"format": "json"}, PUBLISHER)
    _, rows = check_envelope(json_body(response, code), code, response.url)
    found = [row for row in rows if isinstance(row, dict) and str(row.get("id", "")).upper() == code.upper()]
    if not found or not found[0].get("name"):
        raise FetchError(code, response.url, "the World Bank has no indicator with this code")
    return found[0], response.url
