"""Statistics Korea (KOSIS): one item (row) of a KOSIS statistical table, Korea only.

Which table and item a series is comes from the registry (``[fetch]`` with ``publisher = "kosis"``).
Two ways in: the KOSIS XLSX download of the table (sheet ``데이터`` wide by year with one
row per item, the latest year marked preliminary as ``2025 p)``; sheet ``메타정보`` with the table id
and the download time), and the KOSIS Open API (``statisticsParameterData.do``, an API key required;
errors come back with HTTP 200 as ``{"err": ..., "errMsg": ...}``; one row per item and period with
``ITM_NM``, ``PRD_DE``, ``DT``, ``LST_CHN_DE``). Both give Korea only, so the country is always KOR.
"""

from __future__ import annotations

import os
import re
import warnings
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import requests

from fetch.common import Fetched, fetched_file, fetched_live
from fetch.errors import FetchError
from fetch.http import get, json_body
from registry.catalogue import current
from registry.groups import KOREA
from registry.publishers import publisher
from store.frame import tidy_frame

PUBLISHER = publisher("kosis")  # name, base URL and its variable: registry/publishers.toml
KEY_VARIABLE = "KOSIS_API_KEY"
FIRST_YEAR = 1970  # asked from this year on: KOSIS answers with the years the table has
DATA_SHEET, META_SHEET = "데이터", "메타정보"
YEAR_HEADER = re.compile(r"^(\d{4})\s*(p\))?$")  # "2024", "2025 p)" (p = preliminary)
MISSING = {"", "-", "…", "..."}


def _item(name: Any) -> str:
    """ "출생아수(명)" -> "출생아수": KOSIS appends the unit to the item name."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", str(name or "")).strip()


def table_query(series_id: str) -> tuple[str, str, str]:
    """The registry's KOSIS organisation id, table id and item (without its unit) for the series."""
    try:
        query = current().query(series_id, "kosis")
    except KeyError as exc:
        raise FetchError(series_id, "series registry", str(exc).strip("'\"")) from exc
    return query["org_id"], query["table"], _item(query["item"])


def import_hint(series_id: str) -> str:
    return (
        f"python -m fetch {series_id} --from <KOSIS download of {table_query(series_id)[1]}>.xlsx "
        "--origin owner/repo:path@commit (see ../shared/data/raw/kosis/PROVENANCE.md)"
    )


# --- the XLSX download ---------------------------------------------------------------------------


def layout(path: Path) -> str | None:
    """Which KOSIS layout a file has (None: not a KOSIS download)."""
    return "kosis_xlsx" if is_kosis_xlsx(path) else None


def is_kosis_xlsx(path: Path) -> bool:
    """A KOSIS download: an .xlsx workbook with the ``메타정보`` (metadata) sheet."""
    if Path(path).suffix.lower() != ".xlsx":
        return False
    try:
        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            workbook = openpyxl.load_workbook(path, read_only=True)
        try:
            return META_SHEET in workbook.sheetnames
        finally:
            workbook.close()
    except Exception:  # not a readable workbook: some other importer will say why
        return False


def _sheet_rows(path: Path, series_id: str) -> dict[str, list[tuple[Any, ...]]]:
    import openpyxl

    try:
        # Not read-only: KOSIS writes a wrong sheet dimension (A1), which read-only mode trusts.
        with warnings.catch_warnings():  # "Workbook contains no default style": harmless in KOSIS files
            warnings.simplefilter("ignore", UserWarning)
            workbook = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FetchError(series_id, str(path), f"not a readable XLSX workbook ({exc})") from exc
    try:
        missing = [s for s in (DATA_SHEET, META_SHEET) if s not in workbook.sheetnames]
        if missing:
            raise FetchError(
                series_id,
                str(path),
                f"not a KOSIS download: no sheet {', '.join(missing)} ({workbook.sheetnames})",
            )
        return {name: list(workbook[name].iter_rows(values_only=True)) for name in (DATA_SHEET, META_SHEET)}
    finally:
        workbook.close()


def parse_metadata(rows: list[tuple[Any, ...]], series_id: str, where: str) -> dict[str, str]:
    """The ``메타정보`` sheet: "○ 통계표ID" -> "INH_1B8000F_01", "○ 자료다운일자" -> "2026.03.27 15:18"..."""
    meta = {str(r[0]).strip("○ ").strip(): str(r[1]).strip() for r in rows if len(r) > 1 and r[0] and r[1]}
    table, expected = meta.get("통계표ID"), table_query(series_id)[1]
    if table != expected:
        raise FetchError(series_id, where, f"the file holds KOSIS table {table!r}, expected {expected}")
    return meta


def download_date(text: str, series_id: str, where: str) -> str:
    match = re.match(r"(\d{4})\.(\d{2})\.(\d{2})", text or "")
    if not match:
        raise FetchError(series_id, where, f"no download date in the 메타정보 sheet (자료다운일자 {text!r})")
    return date(*map(int, match.groups())).isoformat()


def parse_data(rows: list[tuple[Any, ...]], series_id: str, where: str) -> tuple[pd.DataFrame, list[int]]:
    """The ``데이터`` sheet -> Korea's rows of one item, and the years marked preliminary."""
    if not rows:
        raise FetchError(series_id, where, f"sheet {DATA_SHEET} is empty")
    header = rows[0]
    years: dict[int, tuple[int, bool]] = {}
    for column, cell in enumerate(header[1:], start=1):
        match = YEAR_HEADER.match(str(cell or "").strip())
        if match:
            years[column] = (int(match.group(1)), bool(match.group(2)))
    if not years:
        raise FetchError(series_id, where, f"sheet {DATA_SHEET} has no year columns (header {header[:4]})")
    wanted = table_query(series_id)[2]
    found = [r for r in rows[1:] if r and _item(r[0]) == wanted]
    if len(found) != 1:
        items = [str(r[0]) for r in rows[1:] if r and r[0]]
        raise FetchError(
            series_id, where, f"expected one row {wanted!r} in sheet {DATA_SHEET}, found {items}"
        )
    records, preliminary = [], []
    for column, (year, is_preliminary) in years.items():
        cell = found[0][column] if column < len(found[0]) else None
        if cell is None or (isinstance(cell, str) and cell.strip() in MISSING):
            continue
        try:
            number = float(str(cell).replace(",", "")) if isinstance(cell, str) else float(cell)
        except ValueError as exc:
            raise FetchError(series_id, where, f"{wanted} {header[column]}: not a number ({cell!r})") from exc
        records.append((KOREA, year, number))
        if is_preliminary:
            preliminary.append(year)
    frame = pd.DataFrame(records, columns=["country_code", "year", "value"])
    return tidy_frame(frame), preliminary


def import_files(series_id: str, paths: list[Path]) -> Fetched:
    """A KOSIS XLSX download of the series' table -> its rows, dated by the download time."""
    if len(paths) != 1:
        raise FetchError(series_id, ", ".join(map(str, paths)), "a KOSIS import takes one XLSX download")
    path = Path(paths[0])
    sheets = _sheet_rows(path, series_id)
    meta = parse_metadata(sheets[META_SHEET], series_id, str(path))
    downloaded = meta.get("자료다운일자", "")
    frame, preliminary = parse_data(sheets[DATA_SHEET], series_id, str(path))
    notes = (
        f"KOSIS download of {downloaded}; source {meta.get('출처', '?')}; table {meta.get('통계표URL', '')}"
    )
    if preliminary:
        notes += f"; preliminary (p) in the file: {', '.join(map(str, preliminary))}"
    updated = download_date(downloaded, series_id, str(path))
    label = f"{current().info(series_id).attribution}, downloaded {downloaded}"
    return fetched_file(series_id, frame, path, label, updated, notes, preliminary=preliminary)


# --- the Open API --------------------------------------------------------------------------------


def redact(text: str) -> str:
    """Never keep or show the API key: it sits in the query string of every URL."""
    return re.sub(r"(apiKey=)[^&\s)]+", r"\1***", text)


def query(series_id: str, key: str, last_year: int) -> dict[str, str]:
    org_id, table, _ = table_query(series_id)
    return {
        "method": "getList",
        "apiKey": key,
        "format": "json",
        "jsonVD": "Y",
        "orgId": org_id,
        "tblId": table,
        "itmId": "ALL",
        "objL1": "ALL",
        "prdSe": "Y",
        "startPrdDe": str(FIRST_YEAR),
        "endPrdDe": str(last_year),
    }


def parse_answer(body: Any, series_id: str, where: str) -> tuple[pd.DataFrame, str | None]:
    """API rows -> Korea's rows of the series' item, and the newest ``LST_CHN_DE`` (last change)."""
    if isinstance(body, dict) and "err" in body:
        raise FetchError(series_id, where, f"KOSIS API error {body.get('err')}: {body.get('errMsg', '')}")
    if not isinstance(body, list):
        raise FetchError(series_id, where, "unexpected KOSIS answer: expected a list of rows")
    _, table, wanted = table_query(series_id)
    records, changed = [], []
    for row in body:
        if not isinstance(row, dict) or not {"ITM_NM", "PRD_DE", "DT"} <= set(row):
            raise FetchError(series_id, where, f"unexpected KOSIS row: {str(row)[:200]}")
        if row.get("TBL_ID", table) != table or _item(row["ITM_NM"]) != wanted:
            continue
        if not re.fullmatch(r"\d{4}", str(row["PRD_DE"])):
            raise FetchError(series_id, where, f"unexpected period {row['PRD_DE']!r} (expected a year)")
        if str(row["DT"]).strip() in MISSING:
            continue
        try:
            number = float(str(row["DT"]).replace(",", ""))
        except ValueError as exc:
            raise FetchError(
                series_id, where, f"{wanted} {row['PRD_DE']}: not a number ({row['DT']!r})"
            ) from exc
        records.append((KOREA, int(row["PRD_DE"]), number))
        if row.get("LST_CHN_DE"):
            changed.append(str(row["LST_CHN_DE"])[:10])
    if not records:
        names = sorted({str(r.get("ITM_NM")) for r in body if isinstance(r, dict)})
        raise FetchError(series_id, where, f"no {wanted!r} rows in the answer (items: {names})")
    frame = pd.DataFrame(records, columns=["country_code", "year", "value"])
    return tidy_frame(frame), max(changed) if changed else None


def fetch(series_id: str, session: requests.Session) -> Fetched:
    endpoint = PUBLISHER.url()
    key = os.environ.get(KEY_VARIABLE, "").strip()
    if not key:
        raise FetchError(
            series_id,
            endpoint,
            f"the KOSIS Open API needs a key: set {KEY_VARIABLE} (free on registration at "
            f"https://kosis.kr/openapi/), or import the KOSIS download instead: `{import_hint(series_id)}`",
        )
    try:
        response = get(session, endpoint, series_id, query(series_id, key, date.today().year), PUBLISHER)
        where = redact(response.url)
        frame, changed = parse_answer(json_body(response, series_id), series_id, where)
    except FetchError as exc:  # the URL in the message carries the key
        raise FetchError(series_id, redact(exc.where), redact(exc.message)) from None
    return fetched_live(
        series_id,
        frame,
        (where,),
        f"{current().spec(series_id).info.attribution}, KOSIS Open API",
        changed,
        "KOSIS LST_CHN_DE (last change date of the rows)",
        notes="the Open API answer does not mark preliminary years",
    )
