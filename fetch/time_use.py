"""Survey years for the OECD time-use data, which carry none.

The Data Explorer's time-use dataflow has no time dimension and the OECD.Stat export says only
"latest year"; the year of each country's survey is in the OECD Time Use workbook ("Survey year"
row). ``python -m fetch.time_use WORKBOOK --origin owner/repo:path@commit`` imports that workbook
into a small reference table kept in the project (``fetch/reference/``), with its provenance, so a
live fetch can date each country (its archived releases are imported by ``python -m fetch archive``,
fetch/time_use_releases.py). A survey year applies to a value only if the workbook has the same
value for that country and sex: otherwise the figure comes from a later survey (or a revision) whose
year the workbook cannot tell, and the country is left out and named.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

import pandas as pd

from fetch.common import ORIGIN_FORM, file_sha256, parse_origin
from fetch.errors import FetchError
from registry.groups import code_for_name
from store.frame import format_value

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
TABLE = REFERENCE_DIR / "oecd_time_use_survey_years.csv"
PROVENANCE = REFERENCE_DIR / "oecd_time_use_survey_years.json"
SHEETS = {"F": "Women", "M": "Men"}  # SDMX SEX code -> workbook sheet
COLUMNS = ["country_code", "sex", "country", "survey_year", "year", "unpaid_work"]
TOLERANCE = 0.001  # minutes a day: the 2019 export rounds the workbook's values to 8 digits


def first_survey_year(text: str) -> int:
    """ "2008/09" or "2009-10" -> 2008: a survey spanning two years is dated by the year it began."""
    match = re.match(r"\s*(\d{4})", text)
    if not match:
        raise ValueError(f"no year in {text!r}")
    return int(match.group(1))


def read_workbook(workbook: Path, series_id: str = "time use") -> pd.DataFrame:
    """The workbook's survey year and "Unpaid work" minutes per country and sex (``COLUMNS``)."""
    import zipfile

    import openpyxl

    where = str(workbook)
    try:
        book = openpyxl.load_workbook(workbook, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise FetchError(series_id, where, f"not a readable .xlsx workbook ({exc})") from exc
    records = []
    try:
        for sex, sheet in SHEETS.items():
            if sheet not in book.sheetnames:
                raise FetchError(series_id, where, f"no {sheet!r} sheet: not the OECD Time Use workbook")
            rows = list(book[sheet].iter_rows(values_only=True))
            labels = {str(row[1]).strip(): row for row in rows if len(row) > 1 and row[1]}
            if rows[0][1] != "Country" or "Survey year" not in labels or "Unpaid work" not in labels:
                raise FetchError(
                    series_id, where, f"sheet {sheet!r} lacks a 'Country', 'Survey year' or 'Unpaid work' row"
                )
            names, years, unpaid = rows[0], labels["Survey year"], labels["Unpaid work"]
            for name, year, minutes in zip(names[2:], years[2:], unpaid[2:], strict=False):
                if name and year:
                    records.append((str(name), sex, str(year), minutes))
    finally:
        book.close()
    table = pd.DataFrame(records, columns=["country", "sex", "survey_year", "unpaid_work"])
    table["country_code"] = table["country"].map(code_for_name)
    unknown = sorted(set(table.loc[table["country_code"].isna(), "country"]))
    if unknown:
        raise FetchError(series_id, where, f"cannot tell which countries these are: {unknown}")
    table["year"] = table["survey_year"].map(first_survey_year)
    table["unpaid_work"] = pd.to_numeric(table["unpaid_work"], errors="coerce")
    return table[COLUMNS].sort_values(["country_code", "sex"]).reset_index(drop=True)


def load_reference() -> tuple[pd.DataFrame, str]:
    """The project's survey-year table and a sentence saying where it came from."""
    table = pd.read_csv(TABLE, dtype={"survey_year": str}, keep_default_na=False)
    source = json.loads(PROVENANCE.read_text(encoding="utf-8"))["source_file"]
    origin = f"{source.get('repository')}:{source.get('path')}@{source.get('commit')}"
    return table, f"survey years from {TABLE.name} (OECD workbook {source['file']}, {origin})"


def date_rows(rows: pd.DataFrame, table: pd.DataFrame, sex: str) -> tuple[pd.DataFrame, list[str]]:
    """Give each (country_code, value) row of one sex (``SHEETS`` key) its survey year.

    Rows it cannot date are left out and named.
    """
    rows = rows[rows["value"].notna()]
    known = table[table["sex"] == sex].set_index("country_code")
    years, undated = [], []
    for code, value in zip(rows["country_code"], rows["value"], strict=True):
        if code not in known.index:
            undated.append(f"{code} (not in the workbook)")
        elif not math.isclose(float(value), float(known.at[code, "unpaid_work"]), abs_tol=TOLERANCE):
            survey, minutes = known.at[code, "survey_year"], known.at[code, "unpaid_work"]
            undated.append(f"{code} ({value:g} here, {minutes:g} in the workbook's {survey} survey)")
        else:
            years.append((code, int(known.at[code, "year"])))
            continue
        years.append((code, None))
    dated = rows.assign(year=[year for _, year in years])
    notes = []
    if undated:
        notes.append(
            f"left out {len(undated)} countries whose survey year is unknown "
            f"(not in the OECD Time Use workbook, or a value from a later survey): {', '.join(undated)}"
        )
    return dated[dated["year"].notna()].astype({"year": "int64"}), notes


def write_reference(workbook: Path, origin: str, directory: Path = REFERENCE_DIR) -> pd.DataFrame:
    """Import the workbook into ``TABLE`` and record its provenance in ``PROVENANCE``."""
    where = parse_origin(origin)
    if where is None:
        raise FetchError("time use", origin, f"--origin must look like {ORIGIN_FORM}")
    table = read_workbook(workbook)
    directory.mkdir(exist_ok=True)
    out = table.assign(unpaid_work=table["unpaid_work"].map(format_value))
    out.to_csv(directory / TABLE.name, index=False, lineterminator="\n")
    provenance = {
        "what": "Survey year and 'Unpaid work' minutes a day (ages 15-64) per country and sex, "
        "from the OECD Time Use workbook's 'Women' and 'Men' sheets",
        "publisher": "OECD",
        "dataset": "OECD Time Use Database (workbook for the Gender Data Portal)",
        "generated_by": f"python -m fetch.time_use {Path(workbook).name} --origin {origin}",
        "source_file": {"file": Path(workbook).name, "sha256": file_sha256(workbook), **where},
        "year_rule": "a survey spanning two years ('2008/09') is dated by the year it began",
        "rows": len(table),
        "countries": int(table["country_code"].nunique()),
        "table_sha256": file_sha256(directory / TABLE.name),
    }
    (directory / PROVENANCE.name).write_text(json.dumps(provenance, indent=2) + "\n", encoding="utf-8")
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m fetch.time_use",
        description="Import the OECD Time Use workbook's survey years into fetch/reference/.",
    )
    parser.add_argument("workbook", type=Path, help="OECD-time-use-database-updates.xlsx")
    parser.add_argument("--origin", required=True, help="where it was found: owner/repo:path@commit")
    args = parser.parse_args(argv)
    try:
        table = write_reference(args.workbook, args.origin)
    except (FetchError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    countries = table["country_code"].nunique()
    print(f"wrote {TABLE} ({len(table)} rows, {countries} countries) and {PROVENANCE.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
