"""OECD: the Data Explorer's SDMX REST API (SDMX-CSV) and the OECD's older export formats.

Quirks handled here: one call per dataflow with the version pinned (an unpinned query silently
follows structural changes); rate limits answered with 429/403 (see fetch.http); aggregates
(``OECD``, ``EU27``...) beside the countries; the headline wage gap is only the ``MEDIAN`` rows.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import requests

from fetch.common import Fetched, fetched_live, file_sha256, now_iso, to_tidy
from fetch.errors import FetchError
from fetch.http import base_url, get, text_body
from tidy import registry
from tidy.groups import code_for_name

BASE_URL_VARIABLE = "OECD_BASE_URL"


@dataclass(frozen=True)
class Dataflow:
    agency: str
    id: str
    version: str
    filters: dict[str, str]  # SDMX-CSV column -> code kept

    @property
    def ref(self) -> str:
        return f"{self.agency},{self.id},{self.version}"

    @property
    def structure_id(self) -> str:
        return f"{self.agency}:{self.id}({self.version})"


def dataflow(series_id: str) -> Dataflow:
    """The series' pinned dataflow and the codes it keeps, from the registry."""
    try:
        query = registry.query(series_id, "oecd")
    except KeyError as exc:
        raise FetchError(series_id, "series registry", str(exc).strip("'\"")) from exc
    return Dataflow(query["agency"], query["dataflow"], query["version"], dict(query["filters"]))


# Older export formats exist only for these dataflows (see import_files).
WAGE_GAP_DATAFLOW = "DSD_EARNINGS@GENDER_WAGE_GAP"
TIME_USE_DATAFLOW = "DSD_TIME_USE@DF_TIME_USE"
REQUIRED = ("STRUCTURE_ID", "REF_AREA", "TIME_PERIOD", "OBS_VALUE")


def data_url(flow: Dataflow) -> str:
    return f"{base_url(BASE_URL_VARIABLE)}/data/{flow.ref}/all"


DATA_PARAMS = {"dimensionAtObservation": "AllDimensions", "format": "csvfilewithlabels"}


def _filters(series_id: str) -> dict[str, str]:
    return dataflow(series_id).filters


def parse_sdmx_csv(text: str, series_id: str, where: str) -> pd.DataFrame:
    """SDMX-CSV (with or without labels) -> raw (country_code, year, value) rows of one series."""
    flow = dataflow(series_id)
    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, ValueError) as exc:
        raise FetchError(series_id, where, f"unreadable SDMX-CSV ({exc})") from exc
    filters = _filters(series_id)
    missing = [c for c in (*REQUIRED, *filters) if c not in table.columns]
    if missing:
        raise FetchError(series_id, where, f"unexpected SDMX-CSV schema: missing columns {missing}")
    structures = set(table["STRUCTURE_ID"])
    if structures != {flow.structure_id}:
        raise FetchError(
            series_id, where, f"holds dataflow {sorted(structures)}, expected {flow.structure_id}"
        )
    for column, code in filters.items():
        table = table[table[column] == code]
    if table.empty:
        raise FetchError(series_id, where, f"no rows match {filters}")
    years = table["TIME_PERIOD"]
    if not years.str.fullmatch(r"\d{4}").all():
        raise FetchError(series_id, where, f"TIME_PERIOD is not annual: {sorted(set(years))[:5]}")
    return table.rename(columns={"REF_AREA": "country_code", "TIME_PERIOD": "year", "OBS_VALUE": "value"})[
        ["country_code", "year", "value"]
    ]


def fetch(series_id: str, session: requests.Session) -> Fetched:
    flow = dataflow(series_id)
    url = data_url(flow)
    response = get(session, url, series_id, DATA_PARAMS)
    text = text_body(response, series_id, "SDMX-CSV")
    frame = to_tidy(parse_sdmx_csv(text, series_id, response.url))
    label = f"OECD Data Explorer {flow.structure_id}, retrieved {now_iso()[:10]}"
    return fetched_live(series_id, frame, (response.url,), label)


# --- files: Data Explorer exports, data.oecd.org (DP_LIVE) and OECD.Stat time-use exports -----


def _read(path: Path) -> str:
    return Path(path).read_bytes().decode("utf-8-sig")


def _header(path: Path) -> list[str]:
    return next(csv.reader([_read(path).splitlines()[0]]))


def parse_dp_live(text: str, series_id: str, where: str) -> pd.DataFrame:
    """data.oecd.org WAGEGAP export (retired in 2024): SUBJECT=EMPLOYEE is the full-time series."""
    table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    if set(table["INDICATOR"]) != {"WAGEGAP"}:
        raise FetchError(
            series_id, where, f"holds indicator {sorted(set(table['INDICATOR']))}, expected WAGEGAP"
        )
    table = table[(table["SUBJECT"] == "EMPLOYEE") & (table["MEASURE"] == "PC") & (table["FREQUENCY"] == "A")]
    return table.rename(columns={"LOCATION": "country_code", "TIME": "year", "Value": "value"})[
        ["country_code", "year", "value"]
    ]


# The OECD.Stat export and workbook name the sexes in words: SDMX code -> (workbook sheet, export code).
TIME_USE_SEXES = {"F": ("Women", "WOMEN"), "M": ("Men", "MEN")}


def _time_use_sex(series_id: str) -> tuple[str, str]:
    sex = _filters(series_id).get("SEX")
    if sex not in TIME_USE_SEXES:
        raise FetchError(
            series_id, "series registry", f"a time-use series needs filters SEX = F or M, not {sex!r}"
        )
    return TIME_USE_SEXES[sex]


def survey_years(workbook: Path, series_id: str) -> dict[str, str]:
    """ISO3 code -> "Survey year" cell of the OECD Time Use workbook's sheet for that sex."""
    import openpyxl

    book = openpyxl.load_workbook(workbook, read_only=True, data_only=True)
    try:
        sheet = _time_use_sex(series_id)[0]
        rows = list(book[sheet].iter_rows(min_row=1, max_row=2, values_only=True))
    except KeyError as exc:
        raise FetchError(series_id, str(workbook), f"no {exc} sheet: not the OECD Time Use workbook") from exc
    finally:
        book.close()
    names, years = rows
    if names[1] != "Country" or years[1] != "Survey year":
        raise FetchError(series_id, str(workbook), "first rows are not 'Country' and 'Survey year'")
    found = {str(n): str(y) for n, y in zip(names[2:], years[2:], strict=False) if n and y}
    codes = {name: code_for_name(name) for name in found}
    unknown = sorted(name for name, code in codes.items() if code is None)
    if unknown:
        raise FetchError(series_id, str(workbook), f"cannot tell which countries these are: {unknown}")
    return {codes[name]: year for name, year in found.items()}


def first_survey_year(text: str) -> int:
    """ "2008/09" or "2009-10" -> 2008: a survey spanning two years is dated by the year it began."""
    match = re.match(r"\s*(\d{4})", text)
    if not match:
        raise ValueError(f"no year in {text!r}")
    return int(match.group(1))


def parse_time_use_export(text: str, years: dict[str, str], series_id: str, where: str) -> pd.DataFrame:
    """OECD.Stat TIME_USE export ("Latest year" per country) dated by the workbook's survey years."""
    table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    needed = {"LOCATION", "Country", "DESC", "SEX", "AGE", "Value"}
    if not needed <= set(table.columns):
        raise FetchError(
            series_id, where, f"not an OECD TIME_USE export: missing {sorted(needed - set(table.columns))}"
        )
    sex = _time_use_sex(series_id)[1]
    table = table[(table["DESC"] == "UPW") & (table["SEX"] == sex)].copy()
    undated = sorted(set(table["LOCATION"]) - set(years))
    if undated:
        raise FetchError(series_id, where, f"no survey year in the workbook for {undated}")
    table["year"] = table["LOCATION"].map(lambda code: first_survey_year(years[code]))
    return table.rename(columns={"LOCATION": "country_code", "Value": "value"})[
        ["country_code", "year", "value"]
    ]


def import_files(series_id: str, paths: list[Path]) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Parse an OECD file: Data Explorer SDMX-CSV, a DP_LIVE export, or TIME_USE + workbook."""
    csvs = [Path(p) for p in paths if Path(p).suffix.lower() == ".csv"]
    workbooks = [Path(p) for p in paths if Path(p).suffix.lower() == ".xlsx"]
    if len(csvs) != 1:
        raise FetchError(series_id, ", ".join(map(str, paths)), "an OECD import needs exactly one CSV file")
    path = csvs[0]
    header = _header(path)
    details: dict[str, Any] = {"sha256": file_sha256(path), "file": path.name}
    if header[:2] == ["STRUCTURE", "STRUCTURE_ID"]:
        rows = parse_sdmx_csv(_read(path), series_id, str(path))
        details["label"] = f"OECD Data Explorer export, {dataflow(series_id).structure_id}"
    elif header[:3] == ["LOCATION", "INDICATOR", "SUBJECT"] and dataflow(series_id).id == WAGE_GAP_DATAFLOW:
        rows = parse_dp_live(_read(path), series_id, str(path))
        details["label"] = "OECD data.oecd.org export (WAGEGAP, SUBJECT=EMPLOYEE)"
    elif "DESC" in header and dataflow(series_id).id == TIME_USE_DATAFLOW:
        if len(workbooks) != 1:
            raise FetchError(
                series_id, str(path), "a TIME_USE export needs the Time Use workbook for survey years"
            )
        years = survey_years(workbooks[0], series_id)
        rows = parse_time_use_export(_read(path), years, series_id, str(path))
        details["label"] = (
            "OECD Time Use Database (OECD.Stat TIME_USE export, survey years from the workbook)"
        )
        details["extra_files"] = [{"file": workbooks[0].name, "sha256": file_sha256(workbooks[0])}]
    else:
        raise FetchError(series_id, str(path), f"unrecognised OECD file (header starts {header[:4]})")
    return to_tidy(rows), details
