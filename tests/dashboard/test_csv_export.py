"""The table download: every field quoted as needed, no formula can run, numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from dashboard.csv_export import csv_bytes, safe_cell

RISKY = ["=1+1", "+1", "-x", "@SUM(A1)", " =1", "\u200b=1", "\ufeff@x", "\t=1", "\r=1"]
RISKY += ["＝1", "＋1", "－1", "＠x"]  # full-width forms, which spreadsheets also read as formulas
# invisible characters mixed with spaces, and other format characters (soft hyphen, direction marks)
RISKY += ["\u200b \u200b=1", "\u00ad=1", "\u202e=cmd|' /C calc'!A0", "\u2061+1", "\u3000=1"]
HARMLESS = ["Korea", "3-4", "a=b", "Côte d'Ivoire", ""]


def read_back(frame: pd.DataFrame) -> list[list[str]]:
    return list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8"), newline="")))


@pytest.mark.parametrize("text", RISKY)
def test_formula_starts_are_neutralised(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_ordinary_text_is_kept(text: str) -> None:
    assert safe_cell(text) == text


def test_line_breaks_quotes_and_commas_stay_inside_their_cell() -> None:
    names = ["bare\rreturn", "line\nfeed", 'a "quote"', "a, comma", "crlf\r\nend", "Korea"]
    frame = pd.DataFrame({"Country": names, "Next": ["=cmd|' /C calc'!A0"] * len(names), "Gap": range(6)})
    rows = read_back(frame)
    assert rows[0] == ["Country", "Next", "Gap"]
    assert len(rows) == 1 + len(names)
    assert [r[0] for r in rows[1:]] == names
    assert all(r[1] == "'=cmd|' /C calc'!A0" for r in rows[1:])  # every row's formula cell neutralised
    assert [r[2] for r in rows[1:]] == [str(i) for i in range(6)]


def test_every_cell_is_checked_whatever_precedes_it() -> None:
    frame = pd.DataFrame([["x\r", "=1", "\r", "@a"]], columns=["a", "b", "c", "d"])
    assert read_back(frame)[1] == ["x\r", "'=1", "'\r", "'@a"]


def test_numbers_stay_numbers_and_missing_values_are_empty() -> None:
    frame = pd.DataFrame(
        {"Code": ["KOR", "JPN", "USA"], "Gap": [-3.5, 31.2, float("nan")], "Year": [2022] * 3}
    )
    back = pd.read_csv(io.BytesIO(csv_bytes(frame)))
    assert back["Gap"].dtype == "float64" and back["Year"].dtype == "int64"
    assert back["Gap"].iloc[0] == -3.5 and pd.isna(back["Gap"].iloc[2])


def test_a_header_from_data_is_neutralised_too() -> None:
    assert read_back(pd.DataFrame({"=HYPERLINK(1)": [1]}))[0] == ["'=HYPERLINK(1)"]
