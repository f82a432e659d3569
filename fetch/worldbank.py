"""World Bank Indicators API v2 and World Bank bulk CSV downloads.

Quirks handled here: errors arrive as HTTP 200 with a ``message`` envelope; results are paginated;
``country/all`` mixes countries with aggregates (told apart by ``region.id == "NA"`` in the
country list, or an empty ``Region`` in a bulk download's ``Metadata_Country`` file).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import requests

from fetch.common import Fetched, fetched_live, file_sha256, to_tidy
from fetch.errors import FetchError
from fetch.http import base_url, get, json_body
from tidy import registry

BASE_URL_VARIABLE = "WORLDBANK_BASE_URL"
PER_PAGE = 20000  # all countries x all years fits in one or two pages


def indicator_query(series_id: str) -> tuple[str, int]:
    """The registry's World Bank indicator code and source (database) id for the series."""
    try:
        query = registry.query(series_id, "worldbank")
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


def parse_api_rows(rows: list[dict[str, Any]], indicator: str, series_id: str, where: str) -> pd.DataFrame:
    """API rows -> raw (country_code, year, value) frame; checks every row is the asked indicator."""
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
    return frame.drop(columns="indicator")


def fetch(series_id: str, session: requests.Session) -> Fetched:
    indicator, source_id = indicator_query(series_id)
    aggregates, country_urls = fetch_aggregates(session, series_id)
    url = f"{base_url(BASE_URL_VARIABLE)}/country/all/indicator/{indicator}"
    params = {"format": "json", "per_page": PER_PAGE, "source": source_id}
    header, rows, urls = _get_all_pages(session, url, params, series_id)
    frame = to_tidy(parse_api_rows(rows, indicator, series_id, url), aggregates)
    updated = header.get("lastupdated") or None
    label = f"World Bank WDI, updated {updated}" if updated else "World Bank WDI"
    return fetched_live(series_id, frame, (*country_urls, *urls), label, updated, "World Bank lastupdated")


def indicator_metadata(session: requests.Session, code: str) -> tuple[dict[str, Any], str]:
    """The indicator's own metadata (name, sourceNote, sourceOrganization, unit, source) and its URL."""
    url = f"{base_url(BASE_URL_VARIABLE)}/indicator/{code}"
    response = get(session, url, code, {"format": "json"})
    _, rows = _check_envelope(json_body(response, code), code, response.url)
    found = [row for row in rows if isinstance(row, dict) and str(row.get("id", "")).upper() == code.upper()]
    if not found or not found[0].get("name"):
        raise FetchError(code, response.url, "the World Bank has no indicator with this code")
    return found[0], response.url


# --- bulk downloads -------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    return Path(path).read_bytes().decode("utf-8-sig")


def _csv_starts_with(path: Path, prefix: str) -> bool:
    if Path(path).suffix.lower() != ".csv":
        return False
    with open(path, "rb") as handle:
        head = handle.read(len(prefix.encode()) + 3)
    return head.decode("utf-8-sig", errors="replace").startswith(prefix)


def is_bulk_csv(path: Path) -> bool:
    """A bulk download ("API_<code>_DS2_*.csv"), known by its name or its "Data Source" preamble."""
    return (Path(path).name.startswith("API_") and Path(path).suffix == ".csv") or _csv_starts_with(
        path, '"Data Source"'
    )


def parse_bulk_csv(text: str, series_id: str, where: str) -> tuple[pd.DataFrame, str | None]:
    """A bulk ``API_<code>_DS2_*.csv`` -> raw rows and its "Last Updated Date"."""
    lines = text.splitlines()
    updated = None
    for line in lines[:4]:
        cells = next(csv.reader([line]), [])
        if cells[:1] == ["Last Updated Date"] and len(cells) > 1:
            updated = cells[1]
    start = next((i for i, line in enumerate(lines) if line.startswith('"Country Name"')), None)
    if start is None:
        raise FetchError(series_id, where, 'not a World Bank bulk CSV: no "Country Name" header line')
    table = pd.read_csv(io.StringIO("\n".join(lines[start:])), dtype=str, keep_default_na=False)
    table = table.loc[:, [c for c in table.columns if not c.startswith("Unnamed")]]
    indicator = indicator_query(series_id)[0]
    codes = set(table["Indicator Code"])
    if codes != {indicator}:
        raise FetchError(series_id, where, f"file holds indicator {sorted(codes)}, expected {indicator}")
    years = [c for c in table.columns if c.isdigit()]
    if not years:
        raise FetchError(series_id, where, "no year columns")
    long = table.melt(id_vars=["Country Code"], value_vars=years, var_name="year", value_name="value")
    long = long.rename(columns={"Country Code": "country_code"})
    long["value"] = long["value"].replace("", None)
    return long[["country_code", "year", "value"]], updated


def parse_country_metadata(text: str, series_id: str, where: str) -> set[str]:
    """Aggregates listed in a bulk ``Metadata_Country_*.csv``: the rows with no Region."""
    table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    if not {"Country Code", "Region"} <= set(table.columns):
        raise FetchError(series_id, where, "not a World Bank Metadata_Country file: no Region column")
    return set(table.loc[table["Region"].str.strip() == "", "Country Code"])


DATABANK_HEADER = "Country Name,Country Code,Series Name,Series Code"


def is_databank_csv(path: Path) -> bool:
    """A DataBank "Download options > CSV" export (one row per economy, footer lines at the end)."""
    return _csv_starts_with(path, DATABANK_HEADER)


def parse_databank_csv(text: str, series_id: str, where: str) -> tuple[pd.DataFrame, str | None]:
    """A DataBank export -> raw rows and its "Last Updated" date (from the footer, MM/DD/YYYY)."""
    table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    footer = " ".join(table["Country Name"][table["Country Code"] == ""])
    match = re.search(r"Last Updated: (\d{2})/(\d{2})/(\d{4})", footer)
    updated = f"{match.group(3)}-{match.group(1)}-{match.group(2)}" if match else None
    table = table[table["Country Code"] != ""]
    indicator = indicator_query(series_id)[0]
    codes = set(table["Series Code"])
    if codes != {indicator}:
        raise FetchError(series_id, where, f"file holds series {sorted(codes)}, expected {indicator}")
    years = {c: int(c[:4]) for c in table.columns if re.fullmatch(r"\d{4}( \[YR\d{4}\])?", c)}
    if not years:
        raise FetchError(series_id, where, "no year columns")
    long = table.melt(id_vars=["Country Code"], value_vars=list(years), var_name="year", value_name="value")
    long["year"] = long["year"].map(years)
    long["value"] = long["value"].replace({"..": None, "": None})
    return long.rename(columns={"Country Code": "country_code"})[["country_code", "year", "value"]], updated


def import_files(series_id: str, paths: list[Path]) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Parse a bulk download or DataBank export (plus a Metadata_Country file), or saved API responses."""
    if any(Path(p).suffix.lower() == ".json" for p in paths):
        return _import_saved_responses(series_id, [Path(p) for p in paths])
    metadata = [p for p in paths if Path(p).name.startswith("Metadata_Country_")]
    data = [p for p in paths if p not in metadata and (is_bulk_csv(p) or is_databank_csv(p))]
    if len(data) != 1 or len(metadata) != 1:
        raise FetchError(
            series_id,
            ", ".join(str(p) for p in paths),
            "a World Bank import needs one data file (API_*.csv bulk download or DataBank CSV export) "
            "and a Metadata_Country_*.csv to tell aggregates apart",
        )
    text = _read_text(data[0])
    if is_bulk_csv(data[0]):
        rows, updated = parse_bulk_csv(text, series_id, str(data[0]))
        label = f"World Bank WDI bulk download, updated {updated}"
    else:
        rows, updated = parse_databank_csv(text, series_id, str(data[0]))
        label = f"World Bank DataBank export (WDI), updated {updated}"
    aggregates = parse_country_metadata(_read_text(metadata[0]), series_id, str(metadata[0]))
    details = {
        "source_updated": updated,
        "label": label,
        "sha256": file_sha256(data[0]),
        "file": data[0].name,
        "extra_files": [{"file": metadata[0].name, "sha256": file_sha256(metadata[0])}],
    }
    return to_tidy(rows, aggregates), details


def _import_saved_responses(series_id: str, paths: list[Path]) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Saved v2 JSON pages of the indicator, plus the saved /v2/country list to tell aggregates apart."""
    indicator = indicator_query(series_id)[0]
    rows: list[dict[str, Any]] = []
    aggregates: set[str] | None = None
    updated = None
    announced = {"data": None, "country list": None}  # each list's "total", to check no page is missing
    counted = {"data": 0, "country list": 0}
    for path in paths:
        header, page_rows = _check_envelope(json_body_of_file(path, series_id), series_id, str(path))
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
        if total is not None and int(total) != counted[kind]:
            message = f"{kind}: {counted[kind]} rows of {total} announced; pass every page"
            raise FetchError(series_id, str(paths[0]), message)
    if aggregates is None:
        raise FetchError(
            series_id, str(paths[0]), "also pass the saved /v2/country response to tell aggregates apart"
        )
    details = {
        "source_updated": updated,
        "label": f"World Bank API v2 response, lastupdated {updated}",
        "sha256": file_sha256(paths[0]),
        "file": paths[0].name,
    }
    return to_tidy(parse_api_rows(rows, indicator, series_id, str(paths[0])), aggregates), details


def json_body_of_file(path: Path, series_id: str) -> Any:
    try:
        return json.loads(_read_text(path))
    except ValueError as exc:
        raise FetchError(series_id, str(path), f"invalid or truncated JSON ({exc})") from exc
