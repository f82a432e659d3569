"""The OECD Time Use workbook's archive sheets as releases, dated by its "Read me" log; every figure
checked against the sheet's own cells, read here independently of the importer."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from fetch.time_use_releases import archive_table, read_releases, update_log
from registry.groups import code_for_name

WORKBOOK = "oecd/OECD-time-use-database-updates.xlsx"


@pytest.fixture
def book(raw_dir: Path):
    import openpyxl  # at use, not at collection (every test worker collects this file)

    workbook = openpyxl.load_workbook(raw_dir / WORKBOOK, read_only=True, data_only=True)
    sheets = {name: list(workbook[name].iter_rows(values_only=True)) for name in workbook.sheetnames}
    workbook.close()
    return sheets


def cells(rows, block: str) -> dict[str, tuple[str, float]]:
    """Country code -> (survey year, unpaid minutes) of one block ("MEN & WOMEN", "MEN", "WOMEN")."""
    start = next(i for i, r in enumerate(rows) if r and str(r[0]).strip() == block)
    header = next(i for i in range(start, len(rows)) if any(isinstance(c, str) for c in rows[i][2:]))
    unpaid = next(r for r in rows[header:] if str(r[1]).strip() == "Unpaid work")
    out: dict[str, tuple[str, float]] = {}
    for name, year, minutes in zip(rows[header][2:], rows[header + 1][2:], unpaid[2:], strict=False):
        if name and year:
            out.setdefault(code_for_name(str(name)), (str(year), float(minutes)))
    return out


def log_lines(book) -> dict[datetime, str]:
    return {
        datetime.strptime(m.group(1), "%d %B %Y"): m.group(2)
        for row in book["Read me"]
        for cell in row
        if isinstance(cell, str) and (m := re.match(r"(\d{1,2} \w+ \d{4}): (.*)", cell))
    }


def test_each_archive_is_dated_by_the_newest_update_it_holds(raw_dir: Path, book) -> None:
    releases, skipped = read_releases(raw_dir / WORKBOOK)
    lines = log_lines(book)
    for release in releases:
        when = datetime.combine(release.update.released, datetime.min.time())
        years = {code: year for code, (year, _) in cells(book[release.sheet], "MEN & WOMEN").items()}
        for name, year in re.findall(r"([A-Z][\w ]+?) \((?:new, )?(\d{4})", lines[when]):
            assert years[code_for_name(name.removeprefix("the "))][:4] == year, (release.sheet, name)
        newer = [d for d in lines if d > when]
        if newer:  # the next update's surveys are not in the sheet
            pairs = re.findall(r"([A-Z][\w ]+?) \((?:new, )?(\d{4})", lines[min(newer)])
            held = [years.get(code_for_name(n.removeprefix("the ")), "")[:4] == y for n, y in pairs]
            assert not all(held), release.sheet
    assert [r.sheet for r in releases] == sorted(
        (s for s in book if s.startswith("Archive") and not any(s in note for note in skipped)),
        key=lambda s: next(r.update.released for r in releases if r.sheet == s),
    )
    assert all("predates the log" in note for note in skipped)


def test_the_archive_public_in_september_2024_is_the_june_2024_release(raw_dir: Path, book) -> None:
    releases, _ = read_releases(raw_dir / WORKBOOK)
    public = max(
        (r for r in releases if r.update.released.isoformat() <= "2024-09-01"),
        key=lambda r: r.update.released,
    )
    women = cells(book[public.sheet], "WOMEN")
    table = public.table[public.table["sex"] == "F"].set_index("country_code")
    for code, (year, minutes) in women.items():
        assert table.at[code, "unpaid_work"] == minutes and table.at[code, "year"] == int(year[:4])
    assert table.at["JPN", "year"] == int(women["JPN"][0][:4])


def test_a_country_listed_twice_keeps_the_first_blocks_survey(book) -> None:
    """Archive 2023's men's block lists South Africa twice (2000 and 2010, one value)."""
    table, notes = archive_table(book["Archive 2023"], "Archive 2023")
    men = table[(table["sex"] == "M") & (table["country_code"] == "ZAF")]
    assert len(men) == 1 and men["survey_year"].item() == cells(book["Archive 2023"], "MEN & WOMEN")["ZAF"][0]
    assert any("ZAF is listed 2 times for men" in note for note in notes)


def test_the_log_names_countries_by_code(book) -> None:
    updates = update_log(book["Read me"])
    assert [u.released for u in updates] == sorted((d.date() for d in log_lines(book)), reverse=True)
    assert all(len(code) == 3 for u in updates for code in u.surveys)
