"""Hostile and odd links: Unicode digits, huge numbers and repeated keys fall back or merge, never crash."""

from __future__ import annotations

from pathlib import Path

import app_harness
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.state import parse_number, parse_view

COUNTRIES = {"KOR": "South Korea", "JPN": "Japan", "USA": "United States", "FRA": "France"}
YEARS = [2020, 2021, 2022]
HUGE = "9" * 20_000  # past Python's int-from-string digit limit


@pytest.mark.parametrize("raw", ["²", "٣", "2021.0", " ", "", "-1", "0x10", HUGE, "2_021", "２０２１"])
def test_only_ascii_digits_of_sane_length_are_numbers(raw: str) -> None:
    assert parse_number(raw) is None


def test_a_plain_number_is_read() -> None:
    assert parse_number(" 2021 ") == 2021


@pytest.mark.parametrize("year", ["²", HUGE, "２０２１"])
def test_a_bad_year_falls_back_with_a_notice(year: str) -> None:
    view, notices = parse_view({"year": year}, COUNTRIES, YEARS)
    assert view.year == max(YEARS)
    assert len(notices) == 1 and "year" in notices[0] and len(notices[0]) < 100


def test_repeated_countries_are_merged() -> None:
    view, notices = parse_view({"countries": ["JPN", "USA,fra", "JPN"]}, COUNTRIES, YEARS)
    assert view.countries == ["JPN", "USA", "FRA"] and notices == []


def test_a_repeated_single_value_says_which_was_used() -> None:
    view, notices = parse_view({"year": ["2020", "2021"], "group": ["all", "un"]}, COUNTRIES, YEARS)
    assert (view.year, view.group) == (2021, "un")
    assert any("year 2 times" in n and "2021" in n for n in notices)
    assert any("group 2 times" in n and "“un”" in n for n in notices)


def open_link(params: dict[str, str | list[str]], page: str | None = None) -> AppTest:
    at = app_harness.open_app(page, params)
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("page", ["pay_gap", "compare", "births"])
@pytest.mark.parametrize("year", ["²", HUGE])
def test_unicode_or_huge_year_in_a_link(data_dir: Path, page: str, year: str) -> None:
    at = open_link({"year": year}, page)
    assert any("No data for year" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) >= 1


@pytest.mark.parametrize("slide", ["³", HUGE, "0", "-2"])
def test_bad_slide_number_falls_back_to_the_first(data_dir: Path, slide: str) -> None:
    at = open_link({"present": "1", "slide": slide})
    assert at.query_params["slide"] == "1"  # slide 1, the verdicts at a glance
    assert any(m.value.startswith("| Claim |") for m in at.markdown)
    assert any("showing slide 1" in i.value for i in at.info)


def test_repeated_countries_in_a_link_show_both(data_dir: Path) -> None:
    at = open_link({"countries": ["JPN", "USA"]}, "pay_gap")
    assert at.multiselect(key="pay_gap_countries").value == ["JPN", "USA"]
    assert at.query_params["countries"] == "JPN,USA"


def test_notices_show_link_text_as_typed(data_dir: Path) -> None:
    at = open_link({"group": "![x](https://example.com/x.png)"}, "pay_gap")
    notice = next(i.value for i in at.info if "Unknown group" in i.value)
    assert "![" not in notice and "](" not in notice  # escaped: shown as text, no image fetched


def test_an_unknown_series_on_explore_is_shown_as_typed(data_dir: Path) -> None:
    at = open_link({"series": "![x](https://example.com/x.png)"}, "explore")
    notice = next(i.value for i in at.info if "No series" in i.value)
    assert "![" not in notice and "](" not in notice  # it was an image the browser fetched


def test_a_repeated_slide_says_which_was_used(data_dir: Path) -> None:
    at = open_link({"present": "1", "slide": ["1", "2"]})
    assert any("slide 2 times" in i.value and "“2”" in i.value for i in at.info)


@pytest.mark.parametrize("page", [None, "pay_gap", "compare"])
def test_raw_html_is_only_the_decks_own_style(data_dir: Path, page: str | None) -> None:
    """No data- or user-derived text goes through unsafe_allow_html (the deck's evidence sentence did)."""
    params: dict[str, str | list[str]] = {"present": "1"} if page is None else {"group": "<img src=x>"}
    at = open_link(params, page)
    raw = [m.value for m in at.markdown if m.allow_html]
    assert all(value.startswith("<style>") and "<img" not in value for value in raw), raw


def test_compare_with_one_series_on_both_axes_says_which_is_drawn(data_dir: Path) -> None:
    """The pickers showed the same series on both axes while the plot drew another, silently."""
    at = open_link({"x": "fertility_rate", "y": "fertility_rate"}, "compare")
    assert any("Both axes asked for fertility rate" in i.value for i in at.info)
    y = at.selectbox(key="compare_y").value
    assert y != "fertility_rate" and at.selectbox(key="compare_x").value == "fertility_rate"
    assert "y" not in at.query_params  # the link no longer names a series that is not drawn
    at.selectbox(key="compare_y").set_value("fertility_rate").run()  # the same through the picker
    assert not at.exception and at.selectbox(key="compare_y").value != "fertility_rate"
