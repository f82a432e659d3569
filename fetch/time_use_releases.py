"""The OECD Time Use workbook's archived releases, kept as vintages of the unpaid-work series.

The workbook of 30 April 2026 keeps earlier states of the database in sheets named "Archive 2025",
"Archive 2023", "Archive 2018", and its "Read me" sheet logs each update ("12 June 2024: New data are
available for Austria (2021/22), Japan (2021) and the United States (2022)."). An archive sheet is dated
by the newest update whose every survey it holds: "Archive 2025" holds Austria 2021/22, Japan 2021 and
the United States 2022 but not Canada's 2022 survey of the next update, so it is the release of 12 June
2024, the one a reader saw in September 2024. A sheet no logged update matches (it predates the log) is
not imported, and the summary says so.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from fetch.common import ORIGIN_FORM, Fetched, file_sha256, now_iso, parse_origin, to_tidy
from fetch.errors import FetchError
from fetch.time_use import first_survey_year
from registry.groups import code_for_name
from store.manifest import Provenance

LOG_LINE = re.compile(r"^\s*(\d{1,2} [A-Z][a-z]+ \d{4}):\s*(.+)$", re.DOTALL)
SURVEY = re.compile(r"(?:and\s+)?(?:the\s+)?([A-Z][^(),:]*?)\s*\(([^)]*\d{4}[^)]*)\)")
BLOCKS = {"MEN & WOMEN": "T", "MEN": "M", "WOMEN": "F"}  # an archive sheet's blocks, by their title cell
SEXES = {"F": "Women", "M": "Men"}


@dataclass(frozen=True)
class Update:
    """One line of the "Read me" log: its date and the survey (first year) of each country it names."""

    released: date
    surveys: dict[str, int]


@dataclass(frozen=True)
class Release:
    """One archive sheet: its date from the log, and per country and sex the survey year and minutes."""

    sheet: str
    update: Update
    table: pd.DataFrame  # country_code, sex (F/M), survey_year (as written), year, unpaid_work
    notes: tuple[str, ...] = ()


def update_log(rows: list[tuple[Any, ...]]) -> list[Update]:
    """The "Read me" sheet's dated lines, newest first; countries are named as the workbook names them."""
    updates = []
    for row in rows:
        for cell in row:
            match = LOG_LINE.match(str(cell)) if isinstance(cell, str) else None
            if not match:
                continue
            day = datetime.strptime(match.group(1), "%d %B %Y").date()
            surveys = {}
            for name, years in SURVEY.findall(match.group(2)):
                code = code_for_name(name.strip())
                if code is not None:
                    surveys[code] = first_survey_year(re.search(r"\d{4}.*", years).group(0))
            updates.append(Update(day, surveys))
    return sorted(updates, key=lambda u: u.released, reverse=True)


def _block(rows: list[tuple[Any, ...]], start: int) -> dict[str, list[tuple[str, Any]]]:
    """From a block's title row: country code -> [(survey year as written, unpaid minutes), ...]."""
    header = next(i for i in range(start, len(rows)) if any(isinstance(c, str) for c in rows[i][2:]))
    names, years = rows[header], rows[header + 1]
    unpaid = next(r for r in rows[header:] if len(r) > 1 and str(r[1]).strip() == "Unpaid work")
    out: dict[str, list[tuple[str, Any]]] = {}
    for name, year, minutes in zip(names[2:], years[2:], unpaid[2:], strict=False):
        if name and year:
            out.setdefault(code_for_name(str(name)) or str(name), []).append((str(year), minutes))
    return out


def archive_table(rows: list[tuple[Any, ...]], sheet: str) -> tuple[pd.DataFrame, list[str]]:
    """An archive sheet's women's and men's unpaid work, dated by the survey years of its first block.

    A country listed twice in a block (the 2023 archive's men's South Africa, with one value) keeps the
    column whose survey year is the first block's; a name no country matches stops the import."""
    titles = {BLOCKS[str(r[0]).strip()]: i for i, r in enumerate(rows) if r and str(r[0]).strip() in BLOCKS}
    if set(titles) != set(BLOCKS.values()):
        raise FetchError("time use", sheet, "not an archive sheet: no MEN & WOMEN, MEN and WOMEN blocks")
    survey = {code: cells[0][0] for code, cells in _block(rows, titles["T"]).items()}
    unknown = sorted(code for code in survey if len(code) != 3)
    if unknown:
        raise FetchError("time use", sheet, f"cannot tell which countries these are: {unknown}")
    records, notes = [], []
    for sex in SEXES:
        for code, cells in _block(rows, titles[sex]).items():
            chosen = [c for c in cells if c[0] == survey.get(code)] or cells[:1]
            if len(cells) > 1:
                who = f"{sheet}: {code} is listed {len(cells)} times for {SEXES[sex].lower()}"
                notes.append(f"{who}; kept the {chosen[0][0]} survey, as in the sheet's first block")
            records.append((code, sex, survey.get(code, chosen[0][0]), chosen[0][1]))
    table = pd.DataFrame(records, columns=["country_code", "sex", "survey_year", "unpaid_work"])
    table["year"] = table["survey_year"].map(first_survey_year)
    table["unpaid_work"] = pd.to_numeric(table["unpaid_work"], errors="coerce")
    return table, notes


def date_archive(table: pd.DataFrame, updates: list[Update]) -> Update | None:
    """The newest logged update whose every survey the sheet holds (None: it predates the log)."""
    years = dict(zip(table["country_code"], table["year"], strict=False))
    return next((u for u in updates if all(years.get(c) == y for c, y in u.surveys.items())), None)


def read_releases(workbook: Path) -> tuple[list[Release], list[str]]:
    """Every archive sheet the log dates, oldest first, and a sentence for each it cannot date."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(workbook, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise FetchError("time use", str(workbook), f"not a readable .xlsx workbook ({exc})") from exc
    try:
        if "Read me" not in book.sheetnames:
            raise FetchError("time use", str(workbook), "no 'Read me' sheet to date its archived releases")
        updates = update_log(list(book["Read me"].iter_rows(values_only=True)))
        releases, skipped = [], []
        for sheet in (s for s in book.sheetnames if s.startswith("Archive")):
            table, notes = archive_table(list(book[sheet].iter_rows(values_only=True)), sheet)
            update = date_archive(table, updates)
            if update is None:
                skipped.append(f"{sheet}: matches no update in the 'Read me' log (it predates the log), so "
                               "its release date is unknown; not imported")  # fmt: skip
            else:
                releases.append(Release(sheet, update, table, tuple(notes)))
    finally:
        book.close()
    return sorted(releases, key=lambda r: r.update.released), skipped


def release_fetched(release: Release, series_id: str, sex: str, workbook: Path, origin: str) -> Fetched:
    """One archive sheet as a vintage of ``series_id`` (its sex's minutes), with its provenance."""
    where = parse_origin(origin)
    if where is None:
        raise FetchError(series_id, origin, f"--origin must look like {ORIGIN_FORM}")
    rows = release.table[release.table["sex"] == sex]
    raw = rows.rename(columns={"unpaid_work": "value"})[["country_code", "year", "value"]]
    named = ", ".join(sorted(release.update.surveys))
    provenance = Provenance(
        method="import",
        retrieved=now_iso(),
        released=release.update.released.isoformat(),
        released_basis=f"the workbook's 'Read me' log: sheet '{release.sheet}' holds the surveys of the "
        f"update of {release.update.released:%-d %B %Y} ({named}) and none of a later one",
        source_file={
            "file": workbook.name,
            "sheet": release.sheet,
            "sha256": file_sha256(workbook),
            **where,
        },
        vintage_label=f"OECD Time Use Database, workbook sheet '{release.sheet}' "
        f"(the database after the update of {release.update.released:%-d %B %Y})",
        notes="; ".join(release.notes),
    )
    return Fetched(series_id, to_tidy(raw), provenance)
