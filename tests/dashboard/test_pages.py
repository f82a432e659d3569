"""AppTest of every dashboard page: defaults, links with parameters, bad links and bad data files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from app_harness import open_app
from dashboard_fixture import build
from streamlit.testing.v1 import AppTest

PAGES = ["pay_gap", "births", "work", "unpaid_care", "compare", "sources"]
CHART_PAGES = [p for p in PAGES if p != "sources"]
FRAME_PAGES = ["pay_gap", "births", "work", "unpaid_care"]
FIRST_FRAME = {"pay_gap": "pay_gap", "births": "fertility_rate", "work": "work_gap"}


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in (*at.error, *at.warning, *at.info)]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))  # as shown: escapes removed


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_with_defaults(data_dir: Path, page: str) -> None:
    at = open_app(page)
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    if page in CHART_PAGES:
        assert len(at.get("plotly_chart")) >= 1
    if page in FRAME_PAGES:  # a one-line citation under the chart; the provenance in the Sources tab
        assert "Source: " in texts(at)
        at = open_app(page, {"tab": "Sources"})
        body = texts(at)
        assert "**Source:**" in body and "**Licence:**" in body and "retrieved 2025-01-15" in body


def test_claims_front_page_renders(data_dir: Path) -> None:
    at = open_app(None)
    assert not at.exception, [e.message for e in at.exception]


@pytest.mark.parametrize("page", ["pay_gap", "births", "work"])
def test_link_parameters_restore_the_view(data_dir: Path, page: str) -> None:
    at = open_app(page, {"countries": "FRA,SWE", "year": "2010", "group": "all", "tab": "Map"})
    assert not at.exception
    assert at.multiselect(key=f"{page}_countries").value == ["FRA", "SWE"]
    assert at.selectbox(key=f"frame_{FIRST_FRAME[page]}_year").value == 2010
    assert at.radio(key=f"{page}_group").value == "all"
    assert not at.info, [i.value for i in at.info]


def test_births_measure_from_link(data_dir: Path) -> None:
    at = open_app("births", {"measure": "births"})
    headings = [m.value for m in at.markdown if m.value.startswith("#### ")]  # one per frame
    assert headings[0].startswith("#### Number of births")  # the linked measure's frame first
    assert "draws no OECD average" in texts(at)


def test_unpaid_care_states_survey_years(data_dir: Path) -> None:
    at = open_app("unpaid_care", {"countries": "JPN"})
    assert not at.exception
    assert "South Korea (2014)" in str(at.get("plotly_chart")[0].proto.spec)


def test_compare_link(data_dir: Path) -> None:
    at = open_app("compare", {"x": "pay_gap", "y": "lfp_female", "year": "2015"})
    assert not at.exception
    assert at.selectbox(key="compare_x").value == "pay_gap"
    assert at.selectbox(key="compare_y").value == "lfp_female"
    assert at.selectbox(key="compare_year").value == 2015


def test_changing_a_widget_updates_the_url(data_dir: Path) -> None:
    at = open_app("pay_gap", {"tab": "Map"})
    at.multiselect(key="pay_gap_countries").set_value(["SWE"]).run()
    at.selectbox(key="frame_pay_gap_year").set_value(2012).run()
    assert at.query_params["countries"] == "SWE"
    assert at.query_params["year"] == "2012"


@pytest.mark.parametrize("page", CHART_PAGES)
def test_malformed_parameters_fall_back_with_a_notice(data_dir: Path, page: str) -> None:
    params = {"countries": "ZZZ,<script>", "year": "20x5", "group": "mars", "x": "nope", "bogus": "1"}
    at = open_app(page, params)
    assert not at.exception, [e.message for e in at.exception]
    notices = " ".join(i.value for i in at.info)
    assert "year" in notices and "group" in notices and "bogus" in notices
    assert len(at.get("plotly_chart")) >= 1


def test_corrupt_data_file_gives_readable_message(data_dir: Path) -> None:
    (data_dir / "pay_gap.csv").write_text("this is not,a series\n1,2\n", encoding="utf-8")
    at = open_app("pay_gap")
    assert not at.exception
    message = re.sub(r"\\(.)", r"\1", at.error[0].value)  # as shown: the file's text is escaped
    assert "pay_gap.csv" in message and "python -m fetch pay_gap" in message


def test_corrupt_manifest_gives_readable_message(data_dir: Path) -> None:
    (data_dir / "manifest.json").write_text("{not json", encoding="utf-8")
    at = open_app("sources")
    assert not at.exception
    assert "manifest.json" in at.error[0].value


def test_missing_male_series_is_said_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(tmp_path / "data", skip=("lfp_male",))
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path / "data"))
    at = open_app("work")
    assert not at.exception
    assert any("lfp_male" in w.value for w in at.warning)
    assert len(at.get("plotly_chart")) >= 1


def test_presentation_mode_steps_through_slides(data_dir: Path) -> None:
    at = open_app(None, {"present": "1"})
    assert not at.exception, [e.message for e in at.exception]
    first = at.title[0].value
    assert any(m.value.startswith("| Claim |") for m in at.markdown)  # slide 1: the verdicts at a glance
    at.button(key="deck_next").click().run()
    assert at.query_params["slide"] == "2"
    assert at.title[0].value != first
    assert len(at.get("image")) == 1  # the slide's chart: the PDF page's drawing, as an image
    at.button(key="deck_exit").click().run()
    assert "present" not in at.query_params


def test_presentation_bad_slide_falls_back(data_dir: Path) -> None:
    at = open_app(None, {"present": "1", "slide": "999"})
    assert not at.exception
    assert at.query_params["slide"] == "1"
    assert any(m.value.startswith("| Claim |") for m in at.markdown)


@pytest.mark.parametrize(
    ("measure", "national"), [("births", "births_national"), ("fertility_rate", "fertility_rate_national")]
)
def test_births_page_shows_statistics_korea_beside_the_international_series(
    data_dir: Path, measure, national
):
    at = open_app("births", {"measure": measure})
    assert not at.exception, [e.message for e in at.exception]
    body = texts(at)
    assert "Statistics Korea" in body
    spec = str(at.get("plotly_chart")[1].proto.spec)  # the national frame follows its measure's
    assert "Statistics Korea, preliminary (2023)" in spec
    at = open_app("births", {"measure": measure, f"{national}_tab": "Sources"})
    body = texts(at)
    assert "Why the two" in body and "marks 2023 as preliminary" in body  # the fixture's last year
    at = open_app("births", {"measure": measure, f"{national}_tab": "Table"})
    table = at.dataframe[0].value
    assert list(table["Status"].head(2)) == ["preliminary", "final"]


def test_births_page_without_the_national_series_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(tmp_path / "data", skip=("births_national",))
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path / "data"))
    at = open_app("births", {"measure": "births"})
    assert not at.exception and not at.error
    assert any("births_national" in w.value for w in at.warning)


def test_compare_reports_rank_correlation_and_korea_path(data_dir: Path) -> None:
    import json

    from scipy import stats

    at = open_app("compare", {"x": "lfp_female", "y": "fertility_rate", "year": "2020"})
    assert not at.exception, [e.message for e in at.exception]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["data"][0]["name"] == "South Korea over time"  # the toggle is on by default
    table = at.dataframe[0].value
    x = next(c for c in table.columns if c.startswith("Labour force participation"))
    y = next(c for c in table.columns if c.startswith("Fertility rate"))
    rho = stats.spearmanr(table[x], table[y]).statistic
    body = texts(at)
    assert "Spearman's rank correlation ρ = " in body and f"(n = {len(table)}; 95% interval" in body
    assert f"ρ = {'+' if rho > 0 else '−'}{abs(rho):.2f}" in body
    assert "Dotted line: South Korea's own path" in body
    links = [p.proto.label for p in at.get("page_link")]
    assert "There are a number of reasons why South Korean women" in body  # the quote, as wrapping text
    assert "See its verdict on the Claims page" in links  # a label short enough never to be cut
    at.toggle(key="compare_path").set_value(False).run()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert all(trace.get("name") != "South Korea over time" for trace in spec["data"])


def test_compare_offers_the_unpaid_work_ratio(data_dir: Path) -> None:
    at = open_app("compare", {"x": "unpaid_care_ratio", "y": "fertility_rate"})
    assert not at.exception, [e.message for e in at.exception]
    assert at.selectbox(key="compare_x").value == "unpaid_care_ratio"
    body = texts(at)
    assert "ρ = " in body or "too few" in body
    assert "only one year with both measures" in body
