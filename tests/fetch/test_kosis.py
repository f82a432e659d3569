"""Statistics Korea (KOSIS): the XLSX download of INH_1B8000F_01 and the Open API client."""

from __future__ import annotations

import json
import re
import shutil
import warnings

import pytest
from fetch_helpers import FIXTURES, KOSIS_PATH, Reply, html_reply, json_reply, value

from commands.fetch import main
from fetch import kosis
from fetch.errors import FetchError
from registry.catalogue import series_info
from store.files import read_series
from store.manifest import read_manifest

ITEMS = {"births_national": "출생아수(명)", "fertility_rate_national": "합계출산율(명)"}


@pytest.fixture
def kosis_file(raw_dir):
    return next((raw_dir / "kosis").glob("*.xlsx"))


def workbook(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        import openpyxl  # at use, not at collection (every test worker collects this file)

        return openpyxl.load_workbook(path)


def published(path, item: str) -> dict[str, object]:
    """The file's own row for an item, header -> cell (read here without the project's parser)."""
    rows = list(workbook(path)["데이터"].iter_rows(values_only=True))
    row = next(r for r in rows if r[0] == item)
    return dict(zip(rows[0][1:], row[1:], strict=True))


# --- the XLSX download ---------------------------------------------------------------------------


@pytest.mark.parametrize("series_id", list(ITEMS))
def test_import_reads_every_year_and_marks_the_preliminary_one(tmp_path, kosis_file, series_id):
    assert main([series_id, "--from", str(kosis_file), "--data-dir", str(tmp_path)]) == 0
    frame = read_series(tmp_path, series_info(series_id))
    cells = published(kosis_file, ITEMS[series_id])
    assert len(frame) == len(cells) and set(frame["country_code"]) == {"KOR"}
    assert value(frame, "KOR", 2023) == cells["2023"]
    assert value(frame, "KOR", 1970) == cells["1970"]
    preliminary = [int(h.split()[0]) for h in cells if h.endswith("p)")]
    assert value(frame, "KOR", preliminary[0]) == cells[f"{preliminary[0]} p)"]
    entry = read_manifest(tmp_path)["series"][series_id]
    assert entry["preliminary"] == preliminary == [2025]
    meta = {r[0]: r[1] for r in workbook(kosis_file)["메타정보"].iter_rows(values_only=True)}
    downloaded = re.match(r"(\d{4})\.(\d{2})\.(\d{2})", meta["○ 자료다운일자"]).groups()
    assert entry["released"] == "-".join(downloaded)
    assert entry["source_file"]["sha256"] and "INH_1B8000F_01" in entry["label"]


def test_births_as_published_are_whole_numbers(tmp_path, kosis_file):
    assert main(["births_national", "--from", str(kosis_file), "--data-dir", str(tmp_path)]) == 0
    text = (tmp_path / "births_national.csv").read_text()
    assert f"KOR,South Korea,2023,{int(published(kosis_file, ITEMS['births_national'])['2023'])}\n" in text


def test_another_kosis_table_is_refused_by_name(tmp_path, kosis_file, capsys):
    book = workbook(kosis_file)
    book["메타정보"]["B1"] = "DT_1B8000F"
    other = tmp_path / "other.xlsx"
    book.save(other)
    assert main(["births_national", "--from", str(other), "--data-dir", str(tmp_path / "d")]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "the file holds KOSIS table 'DT_1B8000F', expected INH_1B8000F_01" in out


def test_a_cell_that_is_not_a_number_is_named(tmp_path, kosis_file, capsys):
    book = workbook(kosis_file)
    sheet = book["데이터"]
    column = next(c.column for c in sheet[1] if c.value == "2023")
    row = next(c.row for c in sheet["A"] if c.value == ITEMS["births_national"])
    sheet.cell(row=row, column=column, value="n/a")
    damaged = tmp_path / "damaged.xlsx"
    book.save(damaged)
    assert main(["births_national", "--from", str(damaged), "--data-dir", str(tmp_path / "d")]) == 1
    assert "출생아수 2023: not a number ('n/a')" in capsys.readouterr().out


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path, kosis_file):
    fake = tmp_path / "fake.xlsx"
    shutil.copy(FIXTURES / "kosis/error_20.json", fake)
    assert main(["births_national", "--from", str(fake), "--data-dir", str(tmp_path / "d")]) == 1
    assert not (tmp_path / "d" / "births_national.csv").exists()


# --- the Open API --------------------------------------------------------------------------------


def api_rows(item: str) -> dict[int, str]:
    rows = json.loads((FIXTURES / "kosis/INH_1B8000F_01.json").read_text(encoding="utf-8"))
    return {int(r["PRD_DE"]): r["DT"] for r in rows if r["ITM_NM"] == item}


@pytest.mark.parametrize(
    ("series_id", "item"), [("births_national", "출생아수"), ("fertility_rate_national", "합계출산율")]
)
def test_api_answer_gives_the_item_and_never_keeps_the_key(session, publishers, tmp_path, series_id, item):
    fetched = kosis.fetch(series_id, session)
    expected = api_rows(item)
    assert {int(y): v for y, v in zip(fetched.frame["year"], fetched.frame["value"], strict=True)} == {
        y: float(v) for y, v in expected.items()
    }
    request = next(r for r in publishers.requests if r.path == KOSIS_PATH)
    assert request.query["apiKey"] == ["test-key-not-secret"]
    assert request.query["tblId"] == ["INH_1B8000F_01"] and request.query["orgId"] == ["101"]
    assert fetched.provenance.urls and all("test-key-not-secret" not in u for u in fetched.provenance.urls)
    assert "apiKey=***" in fetched.provenance.urls[0]
    assert fetched.provenance.released == "2026-03-27"  # LST_CHN_DE of the rows


def test_api_error_in_http_200_is_reported_without_the_key(session, publishers):
    publishers.route(KOSIS_PATH, json_reply("kosis/error_20.json"))
    with pytest.raises(FetchError) as caught:
        kosis.fetch("births_national", session)
    text = str(caught.value)
    assert "KOSIS API error 20: 필수요청변수값이 누락되었습니다." in text
    assert "test-key-not-secret" not in text and "apiKey=***" in text


def test_api_html_page_or_http_error_is_reported_without_the_key(session, publishers):
    publishers.route(KOSIS_PATH, html_reply())
    with pytest.raises(FetchError, match="HTML page") as caught:
        kosis.fetch("births_national", session)
    assert "test-key-not-secret" not in str(caught.value)
    publishers.route(KOSIS_PATH, Reply(403, b"forbidden", "text/plain"))
    with pytest.raises(FetchError, match="HTTP 403") as caught:
        kosis.fetch("births_national", session)
    assert "test-key-not-secret" not in str(caught.value)


def test_without_a_key_the_message_names_the_import(publishers, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("KOSIS_API_KEY")
    assert main(["births_national", "--data-dir", str(tmp_path)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "set KOSIS_API_KEY" in out and "python -m fetch births_national --from" in out
    assert publishers.hits(KOSIS_PATH) == 0


def test_answer_without_the_item_is_an_error(session, publishers):
    rows = [
        r
        for r in json.loads((FIXTURES / "kosis/INH_1B8000F_01.json").read_text())
        if r["ITM_NM"] != "출생아수"
    ]
    publishers.route(KOSIS_PATH, Reply(body=json.dumps(rows).encode()))
    with pytest.raises(FetchError, match="no '출생아수' rows in the answer"):
        kosis.fetch("births_national", session)
