"""Presentation mode for educators: one chart per screen, a title stating the finding, next/previous.

Slides are the op-ed's claims with their evidence charts (the Claims page's cached verdicts) followed
by the headline chart of each measure page; if the claims cannot be judged the measure slides remain.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st
from streamlit_shortcuts import add_shortcuts

from claims.data import cache_key
from claims.loader import DEFAULT_CLAIMS, ClaimsFileError
from claims.model import TimedVerdict
from dashboard import charts, evidence, summary
from dashboard.data import Series, load_manifest, try_load, values_for_year
from dashboard.pair import gap_series
from dashboard.state import parse_number, single_value
from dashboard.text import plain, ranking_sentence
from dashboard.theme import CLAIM_COLOUR
from registry.groups import KOREA
from store.files import data_dir_from_env
from store.manifest import DataFileError

BIG_TYPE = {
    "font": {"size": 18},
    "title": {"font": {"size": 26}},
    "xaxis": {"tickfont": {"size": 18}},
    "yaxis": {"tickfont": {"size": 18}},
}
CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header {display: none !important;}
.block-container {max-width: 1400px; padding-top: 1rem;}
.block-container p, .block-container li {font-size: 1.35rem;}
.block-container h1 {font-size: 2.4rem; line-height: 1.2;}
.st-key-deck-detail p {font-size: 1.6rem;}
</style>"""


@dataclass(frozen=True)
class Slide:
    finding: str  # the slide title: what the chart shows, as a sentence
    figure: dict | None  # None on the summary slide, which shows ``verdicts`` as a table
    sources: list[Series]
    detail: str = ""  # the evidence sentence under a claim's verdict
    verdicts: tuple[TimedVerdict, ...] = ()

    def as_page(self) -> dict[str, Any]:
        """What the PDF draws: the finding, the chart (or the verdict table) and the source line."""
        page: dict[str, Any] = {"finding": self.finding, "detail": self.detail, "figure": self.figure}
        page["source"] = charts.source_line(self.sources) if self.sources else "Verdicts: claims/op-ed.toml"
        if self.verdicts:
            page["rows"] = [(r.gist, r.now.title, r.then.title) for r in summary.rows(list(self.verdicts))]
            page["header"] = ("Claim", "Now", self.verdicts[0].then_label.capitalize())
        return page


def _ranking_slide(series_id: str, tolerance: int | None = 0) -> Slide | None:
    series = try_load(series_id)
    if not isinstance(series, Series):
        return None
    year = series.default_year
    shown = values_for_year(series, year, "oecd", tolerance)
    fig = charts.ranking_figure(
        shown,
        f"{series.info.title}, {year}: OECD members",
        series.info.unit,
        charts.source_line([series]),
        series.info.describe_value,
    )
    return Slide(ranking_sentence(series, shown, year, "oecd"), fig, [series])


def _pair_slide(female_id: str, male_id: str, topic: str, unit: str, short: str) -> Slide | None:
    female, male = try_load(female_id), try_load(male_id)
    if not (isinstance(female, Series) and isinstance(male, Series)):
        return None
    gap = gap_series(female, male, topic, unit, short)
    year = gap.default_year
    shown = values_for_year(gap, year, "oecd", None)
    labels = [f"{n} ({y})" for n, y in zip(shown["country"], shown["year"], strict=True)]
    fig = charts.dumbbell_figure(
        shown,
        f"{topic.capitalize()}: women and men, OECD members",
        unit,
        charts.source_line(gap.sources),
        labels,
    )
    return Slide(ranking_sentence(gap, shown, year, "oecd"), fig, gap.sources)


def measure_slides() -> list[Slide]:
    makers: list[Callable[[], Slide | None]] = [
        lambda: _ranking_slide("pay_gap"),
        lambda: _ranking_slide("fertility_rate"),
        lambda: _pair_slide(
            "lfp_female", "lfp_male", "labour force participation", "percentage points", "pp"
        ),
        lambda: _pair_slide(
            "unpaid_care_female", "unpaid_care_male", "unpaid work", "minutes per day", "min/day"
        ),
    ]
    return [slide for make in makers if (slide := make()) is not None]


def claim_slides() -> list[Slide]:
    """One slide per checkable claim: its verdict as the title, its evidence chart below."""
    from dashboard.verdicts import judge  # cached on the claims text and the data's sha256s

    data_dir = data_dir_from_env()
    try:
        key = cache_key(load_manifest())  # the manifest is cached; no re-read per rerun
        timed = judge(DEFAULT_CLAIMS.read_text(encoding="utf-8"), DEFAULT_CLAIMS.name, str(data_dir), key)
    except (DataFileError, ClaimsFileError, OSError):  # the measure slides still work
        return []
    verdicts = [t.now for t in timed]
    slides = [Slide("The op-ed's claims at a glance", None, [], summary.headline(timed), tuple(timed))]
    for verdict in verdicts:
        chart = next((c.chart for c in verdict.checks if c.chart is not None), None)
        series = try_load(chart.series) if chart is not None else None
        if chart is None or not isinstance(series, Series):
            continue
        finding = f"“{verdict.claim.quote}”: {verdict.label.value}"
        slides.append(Slide(finding, _claim_figure(chart, series), [series], verdict.evidence))
    return slides


def _claim_figure(chart, series: Series) -> dict:
    if chart.kind in ("scatter", "paths"):  # association checks: the claim card's own chart
        return evidence.scatter(chart) if chart.kind == "scatter" else evidence.paths(chart)
    points: pd.DataFrame = chart.points
    source = charts.source_line([series])
    if chart.kind == "ranking":
        ranked = points.sort_values("value", ascending=False)
        fig = charts.ranking_figure(
            ranked, series.info.title, series.info.unit, source, series.info.describe_value
        )
    else:
        lines = [
            (code, rows["country"].iloc[0], rows.sort_values("year"))
            for code, rows in points.groupby("country_code", sort=False)
        ]
        lines.sort(key=lambda line: line[0] != KOREA)
        fig = charts.time_series_figure(lines, None, series.info.title, series.info.unit, source)
    if chart.reference is not None:
        axis = "x" if chart.kind == "ranking" else "y"
        fig["layout"]["shapes"] = [
            {
                "type": "line",
                "xref": "paper" if axis == "y" else "x",
                "yref": "paper" if axis == "x" else "y",
                "x0": chart.reference if axis == "x" else 0,
                "x1": chart.reference if axis == "x" else 1,
                "y0": chart.reference if axis == "y" else 0,
                "y1": chart.reference if axis == "y" else 1,
                "line": {"color": CLAIM_COLOUR, "dash": "dot", "width": 2},
            }
        ]
        fig["layout"]["annotations"] = [
            *fig["layout"].get("annotations", []),
            {
                "text": f"claimed: {series.info.describe_value(chart.reference)}",
                "xref": "paper" if axis == "y" else "x",
                "yref": "paper" if axis == "x" else "y",
                "x": chart.reference if axis == "x" else 1,
                "y": chart.reference if axis == "y" else 1,
                "xanchor": "right" if axis == "y" else "left",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"color": CLAIM_COLOUR},
            },
        ]
    return fig


def slides() -> list[Slide]:
    return claim_slides() + measure_slides()


def deck_key() -> str:
    """What the deck depends on: the data's sha256s and the claims file's text."""
    try:
        data = cache_key(load_manifest())
    except (DataFileError, OSError):
        data = "no manifest"
    try:
        text = DEFAULT_CLAIMS.read_bytes()
    except OSError:
        text = b""
    return f"{data}:{hashlib.sha256(text).hexdigest()}"


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_slides(key: str) -> list[Slide]:
    """The deck, built once per data and claims version for every viewer (read-only)."""
    del key  # only the cache key
    return slides()


@st.cache_resource(show_spinner=False, max_entries=4)  # runs on the download thread
def cached_pdf(key: str) -> bytes:
    from dashboard.deck_pdf import deck_pdf  # matplotlib only when a deck is downloaded

    return deck_pdf([slide.as_page() for slide in cached_slides(key)])


def _leave() -> None:
    st.query_params.clear()
    st.session_state["present_toggle"] = False


def _go(slide: int) -> None:
    # The run writes the URL, so a link always names the slide shown (an invalid ?slide= too).
    st.session_state["deck_goto"] = str(slide)


def render_deck() -> None:
    """The deck: large type, no sidebar, one chart, a finding as the title, and previous/next."""
    st.markdown(CSS, unsafe_allow_html=True)
    # First on the page, so its (invisible) frame is never remounted as slides change: a remount
    # would drop the key listener it installed.
    add_shortcuts(deck_prev=["arrowleft", "pageup"], deck_next=["arrowright", "pagedown"])
    key = deck_key()
    deck = cached_slides(key)
    if not deck:
        st.error("Nothing to present: the data files are missing. Restore them with `python -m fetch`.")
        return
    notices: list[str] = []  # a hand-edited link: Unicode digits, huge numbers, a repeated key
    goto = st.session_state.pop("deck_goto", None)
    raw = goto or single_value({"slide": st.query_params.get_all("slide") or ["1"]}, "slide", notices)
    number = parse_number(raw, max_digits=3)
    index = number - 1 if number is not None and 1 <= number <= len(deck) else 0
    if index + 1 != number:
        notices.append(f"No slide “{raw[:12]}”; showing slide 1 of {len(deck)}.")
    if st.query_params.get_all("slide") != [str(index + 1)]:  # the URL names the slide shown
        st.query_params["slide"] = str(index + 1)
    for notice in notices:
        st.info(plain(notice), icon=":material/info:")
    slide = deck[index]
    st.title(plain(slide.finding))
    if slide.detail:  # data-derived text: plain Markdown, never raw HTML
        st.container(key="deck-detail").markdown(plain(slide.detail))
    if slide.figure is None:
        st.markdown(summary.table(list(slide.verdicts), [""] * len(slide.verdicts)))
    else:
        _chart(slide, index)
    _controls(deck, index, key)


def _chart(slide: Slide, index: int) -> None:
    assert slide.figure is not None
    base = slide.figure["layout"]
    big = {key: {**base.get(key, {}), **value} for key, value in BIG_TYPE.items()}
    fig = {**slide.figure, "layout": {**base, **big, "height": 620}}
    charts.show_chart(
        fig,
        summary_visible=False,
        key=f"slide_{index}",
        summary=slide.finding,
        sources=slide.sources,
        filename=f"slide_{index + 1}",
    )


def _controls(deck: list[Slide], index: int, key: str) -> None:
    """Previous/next (also the arrow keys and Page Up/Down a clicker sends), the PDF, and the exit."""
    back, where, forward, pdf, leave = st.columns([1, 1, 1, 1, 1])
    back.button("← Previous", on_click=_go, args=(index,), disabled=index == 0, key="deck_prev")
    where.markdown(f"Slide {index + 1} of {len(deck)}")
    forward.button(
        "Next →", on_click=_go, args=(index + 2,), disabled=index + 1 >= len(deck), key="deck_next"
    )
    pdf.download_button(
        "Download the deck (PDF)",
        data=lambda: cached_pdf(key),
        file_name="deck.pdf",
        mime="application/pdf",
        key="deck_pdf",
        on_click="ignore",
        icon=":material/download:",
    )
    leave.button("Leave presentation", on_click=_leave, key="deck_exit")
