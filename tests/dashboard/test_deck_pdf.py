"""Every page of the deck, and every chart presentation mode shows, through the layout check
(tests/deck_layout.py); and the check itself failing on slides broken on purpose.

The units the axes must show are worked out here from the series registry and the claims file.
"""

from __future__ import annotations

import pandas as pd
import pytest
from deck_layout import problems

from dashboard import slide_charts as sc
from dashboard.deck import Slide, charted, deck
from dashboard.deck_pdf import chart_figure, page_figure
from dashboard.routes import PAGES
from registry.catalogue import series_info
from store.files import DEFAULT_DATA_DIR

needs_data = pytest.mark.skipif(
    not (DEFAULT_DATA_DIR / "manifest.json").exists(), reason="no shipped data snapshot"
)
# Which series each measure page's slide charts, and how its unit follows from the registry.
PAGE_SERIES = {"pay_gap": "pay_gap", "births": "fertility_rate"}
PAGE_GAPS = {"work": ("lfp_female", "lfp_male"), "unpaid_care": ("unpaid_care_female", "unpaid_care_male")}


def unit_of(name: str) -> str:
    """A series' unit; "a/b", women's value divided by men's, is a ratio: "×"."""
    return "×" if "/" in name else series_info(name).unit


def gap_unit(female: str, male: str) -> str:
    """Women's value minus men's: points if both are rates in %, else their shared unit."""
    units = {series_info(female).unit.replace("female ", ""), series_info(male).unit.replace("male ", "")}
    assert len(units) == 1, units
    return "percentage points" if series_info(female).short_unit == "%" else units.pop()


def expected_units(slide: Slide) -> set[str]:
    if slide.table:
        return set()
    if slide.verdict is not None:
        spec = slide.verdict.claim.checks[charted(slide.verdict)]
        if spec.kind == "ratio":
            return {"×"}
        if spec.kind == "association":
            return {unit_of(spec.params["x"]), unit_of(spec.params["y"])}
        return {unit_of(spec.params["series"])}
    route = next(page.route for page in PAGES if slide.kicker == f"From the {page.title} page")
    return {unit_of(PAGE_SERIES[route])} if route in PAGE_SERIES else {gap_unit(*PAGE_GAPS[route])}


@pytest.fixture(scope="module")
def slides() -> list[Slide]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DASHBOARD_DATA_DIR", str(DEFAULT_DATA_DIR))
        from dashboard.present import _judged

        return deck(*_judged())


@needs_data
def test_every_page_and_projected_chart_passes_the_layout_check(slides: list[Slide]) -> None:
    found = {}
    for number, slide in enumerate(slides, 1):
        units = expected_units(slide)
        found[f"page {number}"] = problems(page_figure(slide, number, len(slides)), units)
        if slide.chart is not None:
            found[f"chart {number}"] = problems(chart_figure(slide), units)
    assert not any(found.values()), {k: v for k, v in found.items() if v}
    assert len(slides) >= 12  # the opening, seven claims and four measure pages


def test_the_deck_from_other_data_passes_too(tmp_path) -> None:
    """The tests' small synthetic data folder: other countries, years and verdicts, the same layout."""
    from dashboard_fixture import build

    build(tmp_path / "data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DASHBOARD_DATA_DIR", str(tmp_path / "data"))
        from dashboard.present import _judged

        slides = deck(*_judged())
        found = {
            n: problems(page_figure(s, n, len(slides)), expected_units(s)) for n, s in enumerate(slides, 1)
        }
    assert len(slides) >= 12 and not any(found.values()), {k: v for k, v in found.items() if v}


@needs_data
def test_a_ranking_too_long_to_name_keeps_its_first_columns_and_korea() -> None:
    """The world's fertility ranking: 190-odd countries, South Korea last; 40 named, Korea among them."""
    frame = pd.read_csv(DEFAULT_DATA_DIR / "fertility_rate.csv")
    from registry.groups import un_members

    year = int(frame.loc[frame["country_code"] == "KOR", "year"].max())
    ranked = frame[(frame["year"] == year) & frame["country_code"].isin(un_members())]
    ranked = ranked.sort_values("value", ascending=False)
    chart = sc.ranking(ranked, sc.series_axis("fertility_rate"))
    assert len(chart.names) == sc.MAX_BARS and chart.total == len(ranked)
    assert chart.names[-1] == "South Korea" and chart.korea == sc.MAX_BARS - 1
    slide = Slide("From a test", "The world's fertility, ranked", chart=chart, source="Source: test")
    assert problems(page_figure(slide, 1, 1), {"births per woman"}) == []
    assert problems(chart_figure(slide), {"births per woman"}) == []


# ---------------------------------------------------------------- the check fails when it should

RATIO = sc.ranking(
    pd.DataFrame(
        {
            "country_code": ["KOR", "JPN", "FRA"],
            "country": ["South Korea", "Japan", "France"],
            "year": [2014, 2016, 2010],
            "value": [4.39, 3.2, 1.6],
        }
    ),
    sc.Axis("minutes per day, ages 15-64", 0),  # the fault seen on page 7: a ratio read as minutes
    sc.Reference(1.5, "Rule: supported at 1.5×"),
)


def broken(**fields) -> Slide:
    sound = {"kicker": "Claim 1 of 1", "title": "A finding", "chart": RATIO, "source": "Source: x"}
    return Slide(**{**sound, **fields})


def test_the_check_passes_a_sound_slide_and_names_a_wrong_unit() -> None:
    assert problems(page_figure(broken(), 1, 1), {"minutes per day, ages 15-64"}) == []
    found = problems(page_figure(broken(), 1, 1), {"×"})
    assert any("is not the unit" in p for p in found)
    assert any("no axis shows the unit '×'" in p for p in found)


def test_the_check_finds_a_title_too_long_for_the_page() -> None:
    found = problems(page_figure(broken(title="South Korea's gap was wide " * 40), 1, 1), set())
    assert any("takes" in p and "lines" in p for p in found)
    assert any("runs off the page" in p or "overprints" in p for p in found), found


def test_the_check_finds_text_off_the_page_and_type_too_small() -> None:
    fig = page_figure(broken(source="Source: " + "x" * 400), 1, 1)
    fig.text(0.5, 0.5, "fine print", fontsize=9)
    found = problems(fig, None)
    assert any("runs off the page" in p and "Source" in p for p in found)
    assert any("'fine print' is 9 pt" in p for p in found)


def test_the_check_finds_a_line_striking_a_name_through() -> None:
    """Page 7's fault: the rule's line at 1.5× ran through names written up shorter columns."""
    fig = page_figure(broken(), 1, 1)
    assert not any("strikes" in p for p in problems(fig, None))
    fig.axes[0].axhline(0.5, color="black", gid="across")  # through every name, above no column's top
    assert any("strikes 'France" in p for p in problems(fig, None))


def test_the_check_finds_overprinted_and_clipped_labels() -> None:
    fig = page_figure(broken(), 1, 1)
    ax = fig.axes[0]
    ax.text(0, 4.39, "South Korea, 4.39×", fontsize=18)  # over the name written up Korea's column
    ax.text(10, 1, "cut by the axes", fontsize=18, clip_on=True)
    found = problems(fig, None)
    assert any("overprints" in p and "South Korea, 4.39×" in p for p in found)
    assert any("'cut by the axes' is clipped" in p for p in found)
