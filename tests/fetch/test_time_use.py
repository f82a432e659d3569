"""OECD time use: the Data Explorer's answer (no TIME_PERIOD, in both of its csv layouts) dated by the
survey years of the OECD's workbook of 30 April 2026, every country; figures read from the raw files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fetch_helpers import SDMX_CSV, TIME_USE_PATH, Reply, value

from fetch import oecd, time_use
from fetch.errors import FetchError
from registry.groups import code_for_name

LABELLED = "oecd/time_use_oecd.csv"  # format=csvfilewithlabels
PLAIN = "oecd/time_use_oecd_csvfile.csv"  # format=csv
WORKBOOK = "oecd/OECD-time-use-database-updates.xlsx"  # the OECD's workbook of 30 April 2026
OLD_WORKBOOK = "oecd/OECD_1564_TUSupdatePortal.xlsx"  # its 2019 predecessor, for the 2019 export
SERIES_SEX = [("unpaid_care_female", "F"), ("unpaid_care_male", "M")]


def upw(path: Path, sex: str) -> dict[str, float]:
    """The answer's unpaid work (UPW) minutes per country for one sex, read from the raw file."""
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    return {r["REF_AREA"]: float(r["OBS_VALUE"]) for r in rows if r["MEASURE"] == "UPW" and r["SEX"] == sex}


def survey_years(path: Path, sheet: str = "Women") -> dict[str, str]:
    """Country code -> the workbook's "Survey year" cell (as written), read straight from the sheet."""
    import openpyxl  # at use, not at collection (every test worker collects this file)

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = list(book[sheet].iter_rows(values_only=True, max_row=2))
    book.close()
    return {code_for_name(str(n)): str(y) for n, y in zip(rows[0][2:], rows[1][2:], strict=False) if n and y}


def test_reference_table_is_the_workbook_imported(raw_dir: Path, tmp_path):
    """The committed table is what the command writes from the workbook: generated, never typed."""
    recorded = json.loads(time_use.PROVENANCE.read_text(encoding="utf-8"))
    assert recorded["source_file"]["file"] == Path(WORKBOOK).name
    origin = "{repository}:{path}@{commit}".format(**recorded["source_file"])
    time_use.write_reference(raw_dir / WORKBOOK, origin, tmp_path)
    assert (tmp_path / time_use.TABLE.name).read_bytes() == time_use.TABLE.read_bytes()
    assert (tmp_path / time_use.PROVENANCE.name).read_bytes() == time_use.PROVENANCE.read_bytes()


def test_reference_table_dates_every_country_of_the_workbook(raw_dir: Path):
    table, source = time_use.load_reference()
    written = survey_years(raw_dir / WORKBOOK)
    women = table[table["sex"] == "F"].set_index("country_code")
    assert set(women.index) == set(written)
    for code, cell in written.items():
        assert women.at[code, "survey_year"] == cell
        assert women.at[code, "year"] == int(cell[:4])  # a survey over two years: the year it began
    assert Path(WORKBOOK).name in source and "@" in source


@pytest.mark.parametrize("layout", [LABELLED, PLAIN])
@pytest.mark.parametrize(("series_id", "sex"), SERIES_SEX)
def test_both_answer_layouts_are_dated_for_every_country(raw_dir: Path, series_id, sex, layout):
    imported = oecd.import_files(series_id, [raw_dir / layout])
    frame = imported.frame
    answer = upw(raw_dir / layout, sex)
    written = survey_years(raw_dir / WORKBOOK, "Women" if sex == "F" else "Men")
    assert imported.warnings == ()  # nobody left out
    assert set(frame["country_code"]) == set(answer)
    for code, minutes in answer.items():
        assert value(frame, code, int(written[code][:4])) == minutes


def test_the_two_layouts_are_the_same_release(raw_dir: Path):
    labelled = oecd.import_files("unpaid_care_female", [raw_dir / LABELLED]).frame
    plain = oecd.import_files("unpaid_care_female", [raw_dir / PLAIN]).frame
    assert (
        labelled.sort_values("country_code")
        .reset_index(drop=True)
        .equals(plain.sort_values("country_code").reset_index(drop=True))
    )


@pytest.mark.parametrize(("series_id", "sex"), SERIES_SEX)
def test_real_answer_served_live(raw_dir: Path, session, publishers, series_id, sex):
    publishers.route(TIME_USE_PATH, Reply(body=(raw_dir / LABELLED).read_bytes(), content_type=SDMX_CSV))
    fetched = oecd.fetch(series_id, session)
    answer = upw(raw_dir / LABELLED, sex)
    assert fetched.warnings == ()
    assert fetched.frame["value"].tolist() == [answer[c] for c in fetched.frame["country_code"]]
    assert value(fetched.frame, "KOR", 2014) == answer["KOR"]


def test_not_the_workbook_is_a_clear_error(tmp_path):
    bad = tmp_path / "book.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(FetchError, match=r"not a readable \.xlsx workbook"):
        time_use.read_workbook(bad)
