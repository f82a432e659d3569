"""World Bank files: bulk downloads, DataBank exports (either column order) and saved API answers.

Quirks handled here: a bulk ``API_<code>_DS2_*.csv`` has a four-line preamble and one column per
year; a DataBank export writes missing values as ``..``, names years ``2000 [YR2000]``, puts its
"Last Updated" date in footer lines, and offers its columns country-first or series-first;
aggregates are the rows with an empty ``Region`` in the ``Metadata_Country_*.csv`` companion.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pandas as pd

from fetch.common import file_sha256, to_tidy
from fetch.decode import decode_text, load_json
from fetch.errors import FetchError
from fetch.markers import numeric_values
from fetch.worldbank import _check_envelope, indicator_query, parse_api_rows

DATABANK_COLUMNS = {"Country Name", "Country Code", "Series Name", "Series Code"}
YEAR_COLUMN = re.compile(r"(\d{4})(?: \[YR\d{4}\])?")
PERIOD_COLUMN = re.compile(r"\d{4}\S*(?: \[\S+\])?")  # also 2023Q1 [2023Q1], 2023M01 [2023M01]


def _read_text(path: Path, series_id: str = "") -> str:
    return decode_text(Path(path).read_bytes(), series_id, str(path))


def _first_line(path: Path) -> str:
    with open(path, "rb") as handle:
        return handle.readline(65536).decode("utf-8-sig", errors="replace")


def layout(path: Path) -> str | None:
    """Which World Bank layout a file has, judged by its content (None: not a World Bank file)."""
    first = _first_line(path)
    if first.lstrip().startswith("["):
        return "api_json"
    header = next(csv.reader([first]), [])
    if header[:1] == ["Data Source"] or {"Country Code", "Indicator Code"} <= set(header):
        return "bulk"
    if set(header) >= DATABANK_COLUMNS and any(YEAR_COLUMN.fullmatch(c) for c in header):
        return "databank"
    if "Country Code" in header and {"Region", "IncomeGroup", "TableName"} & set(header):
        return "metadata_country"
    return None


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
    long = long.rename(columns={"Country Code": "country_code"})[["country_code", "year", "value"]]
    return numeric_values(long, series_id, where), updated


def parse_country_metadata(text: str, series_id: str, where: str) -> set[str]:
    """Aggregates listed in a bulk ``Metadata_Country_*.csv``: the rows with no Region."""
    table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    if not {"Country Code", "Region"} <= set(table.columns):
        raise FetchError(series_id, where, "not a World Bank Metadata_Country file: no Region column")
    return set(table.loc[table["Region"].str.strip() == "", "Country Code"])


def parse_databank_csv(text: str, series_id: str, where: str) -> tuple[pd.DataFrame, str | None, list[str]]:
    """A DataBank export, country or series columns first -> raw rows, "Last Updated" date, notes.

    Columns of periods shorter than a year (``2023Q1 [2023Q1]``) are dropped and counted.

    The footer ("Data from database: ...", "Last Updated: MM/DD/YYYY") sits in the first column of
    rows with no country code, whichever column comes first.
    """
    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, ValueError) as exc:
        raise FetchError(series_id, where, f"unreadable DataBank CSV ({exc})") from exc
    missing = sorted(DATABANK_COLUMNS - set(table.columns))
    if missing:
        raise FetchError(series_id, where, f"not a DataBank export: no {missing} columns")
    footer = " ".join(table.iloc[:, 0][table["Country Code"].str.strip() == ""])
    match = re.search(r"Last Updated: (\d{2})/(\d{2})/(\d{4})", footer)
    updated = f"{match.group(3)}-{match.group(1)}-{match.group(2)}" if match else None
    table = table[table["Country Code"].str.strip() != ""]
    indicator = indicator_query(series_id)[0]
    codes = set(table["Series Code"])
    if codes != {indicator}:
        raise FetchError(series_id, where, f"file holds series {sorted(codes)}, expected {indicator}")
    years = {c: m.group(1) for c in table.columns if (m := YEAR_COLUMN.fullmatch(c))}
    if not years:
        raise FetchError(series_id, where, "no year columns")
    long = table.melt(id_vars=["Country Code"], value_vars=list(years), var_name="year", value_name="value")
    long["year"] = long["year"].map(years)
    long = long.rename(columns={"Country Code": "country_code"})[["country_code", "year", "value"]]
    shorter = [c for c in table.columns if PERIOD_COLUMN.fullmatch(c) and c not in years]
    notes = []
    if shorter:
        cells = len(shorter) * len(table)
        examples = ", ".join(shorter[:3])
        what = f"{len(shorter)} columns of periods shorter than a year"
        notes.append(f"dropped {cells} values in {what} (e.g. {examples})")
    return numeric_values(long, series_id, where), updated, notes


def import_files(series_id: str, paths: list[Path]) -> tuple[pd.DataFrame, dict[str, Any]]:
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
    text = _read_text(data[0], series_id)
    warnings: list[str] = []
    if layouts[data[0]] == "bulk":
        rows, updated = parse_bulk_csv(text, series_id, str(data[0]))
        label = f"World Bank WDI bulk download, updated {updated}"
    else:
        rows, updated, warnings = parse_databank_csv(text, series_id, str(data[0]))
        label = f"World Bank DataBank export (WDI), updated {updated}"
    aggregates = parse_country_metadata(_read_text(metadata[0], series_id), series_id, str(metadata[0]))
    details = {
        "source_updated": updated,
        "label": label,
        "sha256": file_sha256(data[0]),
        "file": data[0].name,
        "extra_files": [{"file": metadata[0].name, "sha256": file_sha256(metadata[0])}],
        "warnings": warnings,
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
    raw, warnings = parse_api_rows(rows, indicator, series_id, str(paths[0]))
    details = {
        "source_updated": updated,
        "label": f"World Bank API v2 response, lastupdated {updated}",
        "sha256": file_sha256(paths[0]),
        "file": paths[0].name,
        "warnings": warnings,
    }
    return to_tidy(raw, aggregates), details


def json_body_of_file(path: Path, series_id: str) -> Any:
    return load_json(_read_text(path, series_id), series_id, str(path))
