"""Our World in Data grapher CSVs (``/grapher/<slug>.csv`` plus ``.metadata.json``).

Quirks handled here: the value column's name changes between OWID updates, so it is chosen from
the metadata and the words the registry entry names (``column_includes``, ``column_excludes``);
aggregates carry an empty or ``OWID_*`` code, except Kosovo (``OWID_KOS``), which is a country;
births come as estimates and projections in separate columns, and only the estimates are kept.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pandas as pd
import requests

from fetch.common import Fetched, fetched_file, fetched_live, to_tidy
from fetch.decode import decode_text, load_json
from fetch.errors import FetchError
from fetch.http import get, json_body, text_body
from fetch.markers import annual_only, numeric_values
from registry.catalogue import current
from registry.publishers import publisher

PUBLISHER = publisher("owid")  # name, base URL and its variable: registry/publishers.toml
CSV_PARAMS = {"v": "1", "csvType": "full", "useColumnShortNames": "true"}
CODE_FIXES = {"OWID_KOS": "XKX"}


def grapher_query(series_id: str) -> dict[str, Any]:
    """The registry's grapher slug and value-column words for the series."""
    try:
        return current().query(series_id, "owid")
    except KeyError as exc:
        raise FetchError(series_id, "series registry", str(exc).strip("'\"")) from exc


def _is_value_column(column: str, query: dict[str, Any]) -> bool:
    """Holds every word of ``column_includes`` and none of ``column_excludes`` (case-insensitive)."""
    lowered = column.lower()
    return all(w.lower() in lowered for w in query["column_includes"]) and not any(
        w.lower() in lowered for w in query.get("column_excludes", [])
    )


def column_names(metadata: dict[str, Any]) -> set[str]:
    """Every name a metadata column may have in the CSV: its ``shortName`` (with
    ``useColumnShortNames=true``), else its ``titleShort`` (a recorded answer's CSV header), key or
    ``titleLong``."""
    names: set[str] = set()
    for key, meta in metadata.get("columns", {}).items():
        fields = (
            (meta.get(f) for f in ("shortName", "titleShort", "titleLong")) if isinstance(meta, dict) else ()
        )
        names |= {key, *(name for name in fields if isinstance(name, str))}
    return names


def value_column(
    columns: list[str], series_id: str, where: str, metadata: dict[str, Any] | None = None
) -> str:
    """The one data column for the series: among the metadata's columns if given, by rule."""
    candidates = [c for c in columns if c.lower() not in {"entity", "code", "year", "day"}]
    if metadata is not None:
        names = column_names(metadata)
        candidates = [c for c in candidates if c in names]
    query = grapher_query(series_id)
    matching = [c for c in candidates if _is_value_column(c, query)]
    if len(matching) != 1:
        raise FetchError(series_id, where, f"cannot pick one value column for {series_id} from {candidates}")
    return matching[0]


def parse_grapher_csv(
    text: str, series_id: str, where: str, metadata: dict[str, Any] | None = None
) -> tuple[pd.DataFrame, str, list[str]]:
    """Grapher CSV -> raw (country_code, year, value) rows, the column they came from, and notes."""
    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, ValueError) as exc:
        raise FetchError(series_id, where, f"unreadable CSV ({exc})") from exc
    lower = {c.lower(): c for c in table.columns}
    if not {"entity", "code", "year"} <= set(lower):
        raise FetchError(series_id, where, f"not a grapher CSV: columns {list(table.columns)[:5]}")
    column = value_column(list(table.columns), series_id, where, metadata)
    rows = pd.DataFrame(
        {
            "country_code": table[lower["code"]].replace(CODE_FIXES),
            "year": table[lower["year"]],
            "value": table[column],
        }
    )
    rows, notes = annual_only(rows, series_id, where, 2)
    return numeric_values(rows, series_id, where, 2), column, notes


def _provenance_dates(metadata: dict[str, Any]) -> str | None:
    """OWID's last update of the underlying data, from the column metadata."""
    dates = [
        meta.get("lastUpdated") for meta in metadata.get("columns", {}).values() if meta.get("lastUpdated")
    ]
    return max(dates) if dates else None


def fetch(series_id: str, session: requests.Session) -> Fetched:
    slug = grapher_query(series_id)["slug"]
    root = f"{PUBLISHER.url()}/grapher/{slug}"
    meta_response = get(
        session, f"{root}.metadata.json", series_id, {"v": "1", "useColumnShortNames": "true"}, PUBLISHER
    )
    metadata = json_body(meta_response, series_id)
    if not isinstance(metadata, dict) or not isinstance(metadata.get("columns"), dict):
        raise FetchError(series_id, meta_response.url, "unexpected metadata: no 'columns' object")
    response = get(session, f"{root}.csv", series_id, CSV_PARAMS, PUBLISHER)
    text = text_body(response, series_id, "CSV", PUBLISHER)
    rows, column, warnings = parse_grapher_csv(text, series_id, response.url, metadata)
    citation = metadata.get("chart", {}).get("citation") or ""
    return fetched_live(
        series_id,
        to_tidy(rows),
        (meta_response.url, response.url),
        f"Our World in Data grapher {slug} ({citation})".replace(" ()", ""),
        _provenance_dates(metadata),
        "OWID lastUpdated",
        notes=f"value column {column!r}",
        warnings=warnings,
    )


def import_files(series_id: str, paths: list[Path]) -> Fetched:
    """Parse a saved grapher CSV, with its .metadata.json if one is given."""
    csvs = [Path(p) for p in paths if layout(p) == "grapher"]
    metas = [Path(p) for p in paths if layout(p) == "metadata"]
    if len(csvs) != 1 or len(csvs) + len(metas) != len(paths):
        raise FetchError(
            series_id,
            ", ".join(map(str, paths)),
            "an OWID import needs one grapher CSV (and at most its .metadata.json)",
        )
    metadata = None
    if metas:
        where = str(metas[0])
        metadata = load_json(decode_text(metas[0].read_bytes(), series_id, where), series_id, where)
    text = decode_text(csvs[0].read_bytes(), series_id, str(csvs[0]), lines=PUBLISHER)
    rows, column, warnings = parse_grapher_csv(text, series_id, str(csvs[0]), metadata)
    label = f"Our World in Data grapher CSV, column {column!r}"
    updated = _provenance_dates(metadata) if metadata else None
    notes = f"value column {column!r}"
    return fetched_file(series_id, to_tidy(rows), csvs[0], label, updated, notes, warnings)


def layout(path: Path) -> str | None:
    """Which OWID layout a file has, judged by its content (None: not an OWID file)."""
    path = Path(path)
    with open(path, "rb") as handle:
        first = handle.read(200).decode("utf-8-sig", errors="replace")
    if first.lstrip().startswith("{"):
        return "metadata"
    return "grapher" if first.lower().startswith("entity,code,year") else None
