"""Unit tests of the dashboard's pure helpers: link parsing and the CSV download."""

from __future__ import annotations

import pandas as pd

from dashboard.charts import plot_config
from dashboard.csv_export import csv_bytes
from dashboard.state import View, default_view, parse_view

COUNTRIES = {"KOR": "South Korea", "JPN": "Japan", "USA": "United States", "FRA": "France"}
YEARS = [2020, 2021, 2022]


def test_parse_view_reads_a_good_link() -> None:
    view, notices = parse_view({"countries": "fra,JPN,KOR", "year": "2021", "group": "all"}, COUNTRIES, YEARS)
    assert view == View(["FRA", "JPN"], 2021, "all", {})
    assert notices == []


def test_parse_view_falls_back_with_notices() -> None:
    bad = {"countries": "XXX", "year": "1800", "group": "?", "zzz": "1"}
    view, notices = parse_view(bad, COUNTRIES, YEARS)
    assert view.year == 2022 and view.group == "oecd" and view.countries == []
    assert len(notices) == 4


def test_defaults_leave_the_link_short() -> None:
    defaults = default_view(COUNTRIES, YEARS, {})
    assert defaults.as_params(defaults) == {}
    assert View(["FRA"], 2020, "oecd").as_params(defaults) == {"countries": "FRA", "year": "2020"}


def test_csv_neutralises_formulas_but_keeps_negative_numbers() -> None:
    names = ["=HYPERLINK(1)", "+1", "-x", "@sum", "Korea"]
    frame = pd.DataFrame({"Country": names, "Gap": [-3.5, 1, 2, 3, 4]})
    lines = csv_bytes(frame).decode().splitlines()
    assert lines[1:] == ["'=HYPERLINK(1),-3.5", "'+1,1.0", "'-x,2.0", "'@sum,3.0", "Korea,4.0"]


def test_png_export_is_configured() -> None:
    config = plot_config("pay_gap")
    assert config["toImageButtonOptions"]["format"] == "png"
    assert config["toImageButtonOptions"]["filename"] == "pay_gap"
