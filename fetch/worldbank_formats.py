"""World Bank formats: API answers, bulk downloads, DataBank exports (either column order), country lists.

Parsers only (no requests): fetch/worldbank.py asks the API and reads files through these.

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

from fetch.decode import decode_text, load_json
from fetch.errors import FetchError
from fetch.markers import annual_only, numeric_values
from registry.catalogue import current
from registry.publishers import publisher

DATABANK_COLUMNS = {"Country Name", "Country Code", "Series Name", "Series Code"}
YEAR_COLUMN = re.compile(r"(\d{4})(?: \[YR\d{4}\])?")
PERIOD_COLUMN = re.compile(r"\d{4}\S*(?: \[\S+\])?")  # also 2023Q1 [2023Q1], 2023M01 [2023M01]


def read_text(path: Path, series_id: str = "") -> str:
    """A World Bank CSV file's text (bulk download, DataBank export, country metadata)."""
    return decode_text(Path(path).read_bytes(), series_id, str(path), lines=publisher("worldbank"))


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


def indicator_query(series_id: str) -> tuple[str, int]:
    """The registry's World Bank indicator code and source (database) id for the series."""
    try:
        query = current().query(series_id, "worldbank")
    except KeyError as exc:
        raise FetchError(series_id, "series registry", str(exc).strip("'\"")) from exc
    return query["indicator"], query["source_id"]


def check_envelope(body: Any, series_id: str, url: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
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


def json_body_of_file(path: Path, series_id: str) -> Any:
    return load_json(decode_text(Path(path).read_bytes(), series_id, str(path)), series_id, str(path))


INDICATOR_METADATA_COLUMNS = ["INDICATOR_CODE", "INDICATOR_NAME", "SOURCE_NOTE", "SOURCE_ORGANIZATION"]
DATABASE = re.compile(r"_DS(\d+)_")  # a bulk download's database: API_<code>_DS2_... is source 2 (WDI)


def parse_indicator_metadata(path: Path, code: str) -> dict[str, Any]:
    """A bulk download's ``Metadata_Indicator_*.csv`` as the API's indicator record (name, sourceNote,
    sourceOrganization, source), so a file and the API write the same registry file.

    The database comes from the file name (``_DS2_``) and its name from the data file beside it (the
    same zip's ``API_*.csv``, whose first line is ``"Data Source","World Development Indicators"``).
    """
    path = Path(path)
    text = read_text(path, code)
    try:
        rows = list(csv.DictReader(io.StringIO(text)))
    except csv.Error as exc:
        raise FetchError(code, str(path), f"unreadable CSV ({exc})") from exc
    if not rows or not set(INDICATOR_METADATA_COLUMNS) <= set(rows[0]):
        raise FetchError(
            code,
            str(path),
            f"not a World Bank Metadata_Indicator file: expected columns {INDICATOR_METADATA_COLUMNS}",
        )
    found = [row for row in rows if str(row["INDICATOR_CODE"]).strip().upper() == code.upper()]
    if not found or not str(found[0]["INDICATOR_NAME"] or "").strip():
        held = ", ".join(sorted({str(row["INDICATOR_CODE"]) for row in rows})) or "none"
        raise FetchError(code, str(path), f"the file describes indicator(s) {held}, not {code}")
    row = found[0]
    database = DATABASE.search(path.name)
    return {
        "id": str(row["INDICATOR_CODE"]).strip(),
        "name": str(row["INDICATOR_NAME"]).strip(),
        "unit": "",  # the file has no unit column: the name carries it, as in the API
        "sourceNote": str(row["SOURCE_NOTE"] or "").strip(),
        "sourceOrganization": str(row["SOURCE_ORGANIZATION"] or "").strip(),
        "source": {"id": database.group(1) if database else "", "value": _data_source(path)},
    }


def _data_source(metadata: Path) -> str:
    """The database named in the first line of the data file beside the metadata file, if it is there."""
    data_file = metadata.with_name(metadata.name.removeprefix("Metadata_Indicator_"))
    if data_file == metadata or not data_file.is_file():
        return ""
    cells = next(csv.reader([_first_line(data_file).strip()]), [])
    return cells[1].strip() if cells[:1] == ["Data Source"] and len(cells) > 1 else ""
