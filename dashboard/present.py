"""Presentation mode for educators (``?present=1``): one slide per screen, sized to fit a projector.

The slides are dashboard/deck.py's, built once per data and claims version for every viewer. Each
slide's chart is the PDF page's own drawing (dashboard/slide_draw.py), rendered once as an image;
the title, verdict and evidence are text. The page is a column as high as the window whose chart
shrinks to what the text leaves, so a slide never scrolls at 1366×768 or 1280×720.
"""

from __future__ import annotations

import hashlib

import streamlit as st
from streamlit_shortcuts import add_shortcuts

from claims.loader import DEFAULT_CLAIMS, ClaimsFileError
from claims.model import ClaimsFile, TimedVerdict
from dashboard import summary
from dashboard.data import data_key
from dashboard.deck import Slide, deck, when_written
from dashboard.markup import DOT, plain
from dashboard.state import parse_number, single_value
from store.files import data_dir_from_env
from store.manifest import DataFileError

CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header {display: none !important;}
[data-testid="stMainBlockContainer"] {max-width: none; padding: 0.75rem 1rem 0.5rem;}
/* this style and the key listener's frame take no room: no gap above the slide */
.stElementContainer:has(> .stIFrame), .stElementContainer:has(style) {position: absolute;}
[data-testid="stMainBlockContainer"] h1 {font-size: 2.1rem; line-height: 1.2; padding: 0;}
.st-key-deck-text p, .st-key-deck-text li {font-size: 1.3rem; line-height: 1.35;}
.st-key-deck-text .stMarkdownBadge {font-size: 1.1rem !important;}  /* Streamlit sets 14px */
.st-key-deck-text td, .st-key-deck-text th {font-size: 1.15rem; padding: 0.3rem 0.6rem;}
.st-key-deck-kicker p {font-size: 1rem;}
.st-key-deck-chart img {object-fit: contain;}
@media (max-width: 699px) {  /* a phone: the verdict table fits its width */
  .st-key-deck-text td, .st-key-deck-text th {font-size: 0.9rem; padding: 0.25rem;}
  .st-key-deck-text .stMarkdownBadge {font-size: 0.8rem !important; white-space: normal;}
}
@media (min-width: 700px) {  /* a projector or laptop: the slide is the window's height */
  [data-testid="stMainBlockContainer"] {height: calc(100dvh - 2px); padding: 0.75rem 2.5rem 0.5rem;}
  [data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] {height: 100%;}
  [data-testid="stLayoutWrapper"]:has(> .st-key-deck-chart) {flex: 1 1 0; min-height: 0;}
  .st-key-deck-chart, .st-key-deck-chart [data-testid="stElementContainer"],
  .st-key-deck-chart [data-testid="stFullScreenFrame"],
  .st-key-deck-chart [data-testid="stFullScreenFrame"] > div,
  .st-key-deck-chart [data-testid="stImage"], .st-key-deck-chart [data-testid="stImageContainer"],
  .st-key-deck-chart img {height: 100%; min-height: 0;}
  .st-key-deck-chart img {width: 100%;}
}
</style>"""


def _judged() -> tuple[ClaimsFile | None, list[TimedVerdict]]:
    """The op-ed's claims and verdicts (the Claims page's cache); none if they cannot be judged."""
    from dashboard.verdict_store import digest
    from dashboard.verdicts import judge, parsed

    try:
        text = DEFAULT_CLAIMS.read_text(encoding="utf-8")
        claims = parsed(text, digest(text), DEFAULT_CLAIMS.name)
        key = data_key()  # the manifest is cached; no re-read per rerun
        return claims, judge(text, DEFAULT_CLAIMS.name, str(data_dir_from_env()), key)
    except (DataFileError, ClaimsFileError, OSError):  # the measure slides still work
        return None, []


def deck_key() -> str:
    """What the deck depends on: the data's sha256s and the claims file's text."""
    try:
        data = data_key()
    except (DataFileError, OSError):
        data = "no manifest"
    try:
        text = DEFAULT_CLAIMS.read_bytes()
    except OSError:
        text = b""
    return f"{data}:{hashlib.sha256(text).hexdigest()}"


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_deck(key: str) -> tuple[str, list[Slide]]:
    """The deck's title (the article's name) and slides, built once per data and claims version."""
    del key  # only the cache key
    claims, timed = _judged()
    return (claims.article.title if claims else "Gender statistics: Korea in context"), deck(claims, timed)


@st.cache_resource(show_spinner=False, max_entries=64)
def cached_chart(key: str, index: int) -> bytes:
    """A slide's chart as a PNG, drawn once for every viewer (matplotlib only when a slide is shown)."""
    from dashboard.deck_pdf import chart_png

    return chart_png(cached_deck(key)[1][index])


@st.cache_resource(show_spinner=False, max_entries=4)  # runs on the download thread
def cached_pdf(key: str) -> bytes:
    from dashboard.deck_pdf import deck_pdf

    title, slides = cached_deck(key)
    return deck_pdf(slides, title)


def _leave() -> None:
    st.query_params.clear()
    st.session_state["present_toggle"] = False


def _go(slide: int) -> None:
    # The run writes the URL, so a link always names the slide shown (an invalid ?slide= too).
    st.session_state["deck_goto"] = str(slide)


def verdict_markdown(timed: TimedVerdict) -> str:
    """The verdict now and when written, as the Claims page's badges."""
    return f"Now {summary.badge(timed.now.label)}{DOT}{when_written(timed)} {summary.badge(timed.then.label)}"


def render_deck() -> None:
    """The slide the URL names: its finding as the title, its chart, previous/next and the PDF."""
    st.markdown(CSS, unsafe_allow_html=True)
    # First on the page, so its (invisible) frame is never remounted as slides change: a remount
    # would drop the key listener it installed.
    add_shortcuts(deck_prev=["arrowleft", "pageup"], deck_next=["arrowright", "pagedown"])
    key = deck_key()
    _, slides = cached_deck(key)
    if not slides:
        st.error("Nothing to present: the data files are missing. Restore them with `python -m fetch`.")
        return
    notices: list[str] = []  # a hand-edited link: Unicode digits, huge numbers, a repeated key
    goto = st.session_state.pop("deck_goto", None)
    raw = goto or single_value({"slide": st.query_params.get_all("slide") or ["1"]}, "slide", notices)
    number = parse_number(raw, max_digits=3)
    index = number - 1 if number is not None and 1 <= number <= len(slides) else 0
    if index + 1 != number:
        notices.append(f"No slide “{raw[:12]}”; showing slide 1 of {len(slides)}.")
    if st.query_params.get_all("slide") != [str(index + 1)]:  # the URL names the slide shown
        st.query_params["slide"] = str(index + 1)
    for notice in notices:
        st.info(plain(notice), icon=":material/info:")
    _slide(slides[index], key, index)
    _controls(len(slides), index, key)


def _slide(slide: Slide, key: str, index: int) -> None:
    """Data- and claims-derived text goes through ``plain``: Markdown shown as typed, never HTML."""
    st.container(key="deck-kicker").caption(plain(slide.kicker))
    st.title(plain(slide.title), anchor=False)
    with st.container(key="deck-text"):
        if slide.verdict is not None:
            st.markdown(verdict_markdown(slide.verdict))
        if slide.detail:
            st.markdown(plain(slide.detail))
        if slide.table:
            st.markdown(summary.table(list(slide.table), [""] * len(slide.table)))
    if slide.chart is not None:
        alt = f"{slide.title} {slide.detail}".strip()
        st.container(key="deck-chart").image(cached_chart(key, index), alt=alt, width="stretch")
    if slide.source:
        st.caption(plain(slide.source))


def _controls(count: int, index: int, key: str) -> None:
    """Previous/next (also the arrow keys and Page Up/Down a clicker sends), the PDF, and the exit."""
    with st.container(horizontal=True, key="deck-controls", vertical_alignment="center"):
        st.button("← Previous", on_click=_go, args=(index,), disabled=index == 0, key="deck_prev")
        st.markdown(f"Slide {index + 1} of {count}", width="content")
        st.button("Next →", on_click=_go, args=(index + 2,), disabled=index + 1 >= count, key="deck_next")
        st.download_button(
            "Download the deck (PDF)",
            data=lambda: cached_pdf(key),
            file_name="deck.pdf",
            mime="application/pdf",
            key="deck_pdf",
            on_click="ignore",
            icon=":material/download:",
        )
        st.button("Leave presentation", on_click=_leave, key="deck_exit")
