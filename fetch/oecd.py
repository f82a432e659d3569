"""OECD: the Data Explorer's SDMX REST API (SDMX-CSV) and the OECD's older export formats.

Quirks handled here: one call per dataflow with the version pinned (an unpinned query silently
follows structural changes); rate limits answered with 429/403 (see fetch.http); aggregates
(``OECD``, ``EU27``...) beside the countries; the headline wage gap is only the ``MEDIAN`` rows.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import requests

from fetch import time_use
from fetch.common import Fetched, fetched_file, fetched_live, now_iso, to_tidy
from fetch.decode import decode_text
from fetch.errors import FetchError
from fetch.http import get, text_body
from fetch.markers import annual_only, numeric_values
from fetch.sdmx import Dataflow, is_sdmx_csv, parse_sdmx_csv
from registry.catalogue import current
from registry.publishers import publisher

PUBLISHER = publisher("oecd")  # name, base URL and its variable: registry/publishers.toml


def dataflow(series_id: str) -> Dataflow:
    """The series' pinned dataflow and the codes it keeps, from the registry."""
    try:
        query = current().query(series_id, "oecd")
    except KeyError as exc:
        raise FetchError(series_id, "series registry", str(exc).strip("'\"")) from exc
    return Dataflow(
        query["agency"],
        query["dataflow"],
        query["version"],
        dict(query["filters"]),
        query.get("time_dimension", True),
    )


# Older export formats exist only for these dataflows (see import_files).
WAGE_GAP_DATAFLOW = "DSD_EARNINGS@GENDER_WAGE_GAP"
TIME_USE_DATAFLOW = "DSD_TIME_USE@DF_TIME_USE"
# The OECD.Stat export names the sexes in words: SDMX SEX code -> export code.
TIME_USE_EXPORT_SEXES = {"F": "WOMEN", "M": "MEN"}


def data_url(flow: Dataflow) -> str:
    return f"{PUBLISHER.url()}/data/{flow.ref}/all"


DATA_PARAMS = {"dimensionAtObservation": "AllDimensions", "format": "csvfilewithlabels"}


def _time_use_sex(series_id: str) -> str:
    """The SDMX SEX code a time-use series keeps (its registry filters)."""
    sex = dataflow(series_id).filters.get("SEX")
    if sex not in time_use.SHEETS:
        raise FetchError(
            series_id, "series registry", f"a time-use series needs filters SEX = F or M, not {sex!r}"
        )
    return sex


def parse_data_explorer(
    text: str, series_id: str, where: str, survey_years: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, list[str], str]:
    """A Data Explorer SDMX-CSV answer -> raw rows, notes for the user, and a provenance note.

    Time-use rows carry no period: they are dated with ``survey_years`` (default: the project's
    table imported from the OECD Time Use workbook).
    """
    flow = dataflow(series_id)
    rows, notes = parse_sdmx_csv(text, flow, flow.filters, series_id, where)
    if flow.time_dimension:
        return rows, notes, ""
    source = "survey years from the OECD Time Use workbook passed with it"
    if survey_years is None:
        survey_years, source = time_use.load_reference()
    rows, undated = time_use.date_rows(rows, survey_years, _time_use_sex(series_id))
    return rows, [*notes, *undated], source


def fetch(series_id: str, session: requests.Session) -> Fetched:
    flow = dataflow(series_id)
    url = data_url(flow)
    response = get(session, url, series_id, DATA_PARAMS, PUBLISHER)
    text = text_body(response, series_id, "SDMX-CSV", PUBLISHER)
    rows, warnings, source = parse_data_explorer(text, series_id, response.url)
    label = f"OECD Data Explorer {flow.structure_id}, retrieved {now_iso()[:10]}"
    return fetched_live(series_id, to_tidy(rows), (response.url,), label, notes=source, warnings=warnings)


# --- files: Data Explorer exports, data.oecd.org (DP_LIVE) and OECD.Stat time-use exports -----

DP_LIVE_HEADER = ["LOCATION", "INDICATOR", "SUBJECT"]
TIME_USE_EXPORT_COLUMNS = {"LOCATION", "Country", "DESC", "SEX", "AGE", "Value"}


def _read(path: Path, series_id: str = "") -> str:
    return decode_text(Path(path).read_bytes(), series_id, str(path), lines=PUBLISHER)


def _header(path: Path) -> list[str]:
    with open(path, "rb") as handle:
        first = handle.readline(4096).decode("utf-8-sig", errors="replace")
    return next(csv.reader([first]), [])


def layout(path: Path) -> str | None:
    """Which OECD layout a file has, judged by its first line (None: not an OECD file)."""
    if Path(path).suffix.lower() == ".xlsx":
        return "workbook"
    header = _header(path)
    if is_sdmx_csv(header):
        return "sdmx"
    if header[:3] == DP_LIVE_HEADER:
        return "dp_live"
    if set(header) >= TIME_USE_EXPORT_COLUMNS:
        return "time_use_export"
    return None


def _read_table(text: str, series_id: str, where: str) -> pd.DataFrame:
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, ValueError) as exc:
        raise FetchError(series_id, where, f"unreadable CSV ({exc})") from exc


def parse_dp_live(text: str, series_id: str, where: str) -> tuple[pd.DataFrame, list[str]]:
    """data.oecd.org WAGEGAP export (retired in 2024): SUBJECT=EMPLOYEE is the full-time series."""
    table = _read_table(text, series_id, where)
    if set(table["INDICATOR"]) != {"WAGEGAP"}:
        raise FetchError(
            series_id, where, f"holds indicator {sorted(set(table['INDICATOR']))}, expected WAGEGAP"
        )
    table = table[(table["SUBJECT"] == "EMPLOYEE") & (table["MEASURE"] == "PC")]
    rows = table.rename(columns={"LOCATION": "country_code", "TIME": "year", "Value": "value"})
    rows, notes = annual_only(rows[["country_code", "year", "value"]], series_id, where, 2)
    return numeric_values(rows, series_id, where, 2), notes


def parse_time_use_export(
    text: str, survey_years: pd.DataFrame, series_id: str, where: str
) -> tuple[pd.DataFrame, list[str]]:
    """OECD.Stat TIME_USE export ("Latest year" per country) dated by the workbook's survey years."""
    table = _read_table(text, series_id, where)
    if not set(table.columns) >= TIME_USE_EXPORT_COLUMNS:
        missing = sorted(TIME_USE_EXPORT_COLUMNS - set(table.columns))
        raise FetchError(series_id, where, f"not an OECD TIME_USE export: missing {missing}")
    sex = _time_use_sex(series_id)
    table = table[(table["DESC"] == "UPW") & (table["SEX"] == TIME_USE_EXPORT_SEXES[sex])]
    rows = table.rename(columns={"LOCATION": "country_code", "Value": "value"})[["country_code", "value"]]
    rows = numeric_values(rows.assign(year="latest"), series_id, where, 2).drop(columns="year")
    return time_use.date_rows(rows, survey_years, sex)


def import_files(series_id: str, paths: list[Path]) -> Fetched:
    """Parse an OECD file: Data Explorer SDMX-CSV, a DP_LIVE export, or a TIME_USE export.

    Time-use files are dated with the Time Use workbook if one is passed, else with the project's
    survey-year table imported from it (``fetch.time_use``).
    """
    layouts = {Path(p): layout(p) for p in paths}
    data = [p for p, kind in layouts.items() if kind not in ("workbook",)]
    workbooks = [p for p, kind in layouts.items() if kind == "workbook"]
    if len(data) != 1 or len(workbooks) > 1:
        raise FetchError(
            series_id,
            ", ".join(map(str, paths)),
            "an OECD import needs one data file (plus, for time use, at most one Time Use workbook)",
        )
    path = data[0]
    kind = layouts[path]
    flow = dataflow(series_id)
    years, source, companions = None, "", []
    if flow.id == TIME_USE_DATAFLOW and kind in ("sdmx", "time_use_export"):
        if workbooks:
            years = time_use.read_workbook(workbooks[0], series_id)
            source, companions = f"survey years from {workbooks[0].name}", workbooks
        else:
            years, source = time_use.load_reference()
    if kind == "sdmx":
        rows, warnings, _ = parse_data_explorer(_read(path, series_id), series_id, str(path), years)
        label = f"OECD Data Explorer export, {flow.structure_id}"
    elif kind == "dp_live" and flow.id == WAGE_GAP_DATAFLOW:
        rows, warnings = parse_dp_live(_read(path, series_id), series_id, str(path))
        label = "OECD data.oecd.org export (WAGEGAP, SUBJECT=EMPLOYEE)"
    elif kind == "time_use_export" and flow.id == TIME_USE_DATAFLOW:
        rows, warnings = parse_time_use_export(_read(path, series_id), years, series_id, str(path))
        label = "OECD Time Use Database (OECD.Stat TIME_USE export, dated by survey year)"
    else:
        raise FetchError(
            series_id, str(path), f"not an OECD layout for {series_id} (header starts {_header(path)[:4]})"
        )
    return fetched_file(series_id, to_tidy(rows), path, label, None, source, warnings, companions)
