"""World Bank Indicators API v2 (files saved from it and bulk downloads: fetch.worldbank_files).

Quirks handled here: errors arrive as HTTP 200 with a ``message`` envelope; results are paginated;
``country/all`` mixes countries with aggregates (told apart by ``region.id == "NA"`` in the
country list); monthly or quarterly rows (``2023M01``, ``2023Q1``) may come beside annual ones.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import requests

from fetch.common import Fetched, fetched_live, to_tidy
from fetch.errors import FetchError
from fetch.http import base_url, get, json_body
from fetch.markers import annual_only, numeric_values
from registry.catalogue import current

BASE_URL_VARIABLE = "WORLDBANK_BASE_URL"
PER_PAGE = 20000  # all countries x all years fits in one or two pages
WDI_SOURCE_ID = 2  # World Development Indicators, the database whose past releases are archived


def indicator_query(series_id: str) -> tuple[str, int]:
    """The registry's World Bank indicator code and source (database) id for the series."""
    try:
        query = current().query(series_id, "worldbank")
    except KeyError as exc:
        raise FetchError(series_id, "series registry", str(exc).strip("'\"")) from exc
    return query["indicator"], query["source_id"]


def _check_envelope(body: Any, series_id: str, url: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Return (header, rows) or raise on the API's error envelope or an unexpected shape."""
    if isinstance(body, list) and body and isinstance(body[0], dict) and "message" in body[0]:
        messages = body[0]["message"]
        detail = "; ".join(f"{m.get('id')} {m.get('key')}: {m.get('value')}" for m in messages)
        raise FetchError(series_id, url, f"World Bank API error {detail}")
    if not (isinstance(body, list) and len(body) == 2 and isinstance(body[0], dict)):
        raise FetchError(series_id, url, "unexpected response shape: expected [header, rows]")
    header, rows = body
    if rows is None:
        rows = []
    if not isinstance(rows, list):
        raise FetchError(series_id, url, "unexpected response shape: rows are not a list")
    try:
        header = {**header, "page": int(header["page"]), "pages": int(header["pages"])}
    except (KeyError, TypeError, ValueError) as exc:
        raise FetchError(series_id, url, f"unexpected header {header!r}") from exc
    return header, rows


def _get_all_pages(
    session: requests.Session, url: str, params: dict[str, Any], series_id: str
) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    """Every page of a v2 query; returns the first header, all rows and the URLs requested."""
    rows: list[dict[str, Any]] = []
    urls: list[str] = []
    page, pages, first_header = 1, 1, {}
    while page <= pages:
        response = get(session, url, series_id, {**params, "page": page})
        urls.append(response.url)
        header, page_rows = _check_envelope(json_body(response, series_id), series_id, response.url)
        first_header = first_header or header
        pages = header["pages"]
        rows.extend(page_rows)
        page += 1
    total = first_header.get("total")
    if total is not None and int(total) != len(rows):
        raise FetchError(series_id, url, f"incomplete result: {len(rows)} rows of {total} announced")
    return first_header, rows, urls


def fetch_aggregates(session: requests.Session, series_id: str) -> tuple[set[str], list[str]]:
    """Codes of aggregates (regions, income groups, OECD members...) from the country list,
    and the exact URLs requested for it."""
    url = f"{base_url(BASE_URL_VARIABLE)}/country"
    _, rows, urls = _get_all_pages(session, url, {"format": "json", "per_page": 1000}, series_id)
    try:
        aggregates = {row["id"] for row in rows if row["region"]["id"] == "NA"}
    except (KeyError, TypeError) as exc:
        raise FetchError(series_id, url, "unexpected country list: no region ids") from exc
    if not aggregates:
        raise FetchError(series_id, url, "country list names no aggregates; cannot tell countries apart")
    return aggregates, urls


def parse_api_rows(
    rows: list[dict[str, Any]], indicator: str, series_id: str, where: str
) -> tuple[pd.DataFrame, list[str]]:
    """API rows -> raw (country_code, year, value) frame and notes; checks every row's indicator."""
    try:
        frame = pd.DataFrame(
            {
                "indicator": [row["indicator"]["id"] for row in rows],
                "country_code": [row["countryiso3code"] or row["country"]["id"] for row in rows],
                "year": [row["date"] for row in rows],
                "value": [row["value"] for row in rows],
            }
        )
    except (KeyError, TypeError) as exc:
        raise FetchError(series_id, where, f"unexpected row shape, missing {exc}") from exc
    wrong = set(frame["indicator"]) - {indicator}
    if wrong:
        raise FetchError(series_id, where, f"response holds other indicators: {sorted(wrong)}")
    frame, notes = annual_only(frame.drop(columns="indicator"), series_id, where)
    return numeric_values(frame, series_id, where), notes


def fetch(series_id: str, session: requests.Session) -> Fetched:
    indicator, source_id = indicator_query(series_id)
    aggregates, country_urls = fetch_aggregates(session, series_id)
    url = f"{base_url(BASE_URL_VARIABLE)}/country/all/indicator/{indicator}"
    params = {"format": "json", "per_page": PER_PAGE, "source": source_id}
    header, rows, urls = _get_all_pages(session, url, params, series_id)
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


def indicator_metadata(session: requests.Session, code: str) -> tuple[dict[str, Any], str]:
    """The indicator's own metadata (name, sourceNote, sourceOrganization, unit, source) and its URL."""
    url = f"{base_url(BASE_URL_VARIABLE)}/indicator/{code}"
    response = get(session, url, code, {"format": "json"})
    _, rows = _check_envelope(json_body(response, code), code, response.url)
    found = [row for row in rows if isinstance(row, dict) and str(row.get("id", "")).upper() == code.upper()]
    if not found or not found[0].get("name"):
        raise FetchError(code, response.url, "the World Bank has no indicator with this code")
    return found[0], response.url
