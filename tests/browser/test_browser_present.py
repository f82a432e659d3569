"""Presentation mode in Debian's Chromium at two projector sizes: every slide fits the screen without
scrolling and opens at its top after an arrow key, its buttons show their whole labels, its chart is
shown whole and large, claim slides give the verdict now and when written; the keys and the PDF.

Screenshots of every slide go to tests/artifacts/ (ignored by git) for a person to look at.
"""

from __future__ import annotations

import contextlib
import io
import tomllib
from pathlib import Path

import pytest
from browser_harness import CHROMIUM, offline_page, wait_idle
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from claims.loader import DEFAULT_CLAIMS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed"),
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
WAIT_MS = 180_000  # generous: the machine running the suite may be shared and loaded
PROJECTORS = [(1366, 768), (1280, 720)]
ARTICLE = tomllib.loads(DEFAULT_CLAIMS.read_text(encoding="utf-8"))["article"]["title"]
BUTTONS = ["← Previous", "Next →", "Download the deck (PDF)", "Leave presentation"]
MEASURE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const doc = document.scrollingElement;
  const rect = (el) => el ? el.getBoundingClientRect().toJSON() : null;
  const img = document.querySelector('.st-key-deck-chart img');
  const shown = img && img.naturalWidth  // drawn with object-fit: contain, so maybe narrower than its box
    ? Math.min(img.clientWidth, img.clientHeight * img.naturalWidth / img.naturalHeight) : 0;
  const buttons = [...document.querySelectorAll('[data-testid="stMain"] button')]
    .filter((b) => b.offsetParent && b.innerText.trim())
    .map((b) => ({label: b.innerText.trim(), cut: b.scrollWidth > b.clientWidth + 1,
                  right: b.getBoundingClientRect().right}));
  return {
    scrolled: [window.scrollY, main.scrollTop], overflow: [doc.scrollHeight - doc.clientHeight,
    main.scrollHeight - main.clientHeight, doc.scrollWidth - doc.clientWidth],
    title: rect(document.querySelector('h1')), chart: rect(img), shown,
    controls: rect(document.querySelector('.st-key-deck-controls')), buttons,
    text: main.innerText,
  };
}"""

ALL_BUTTONS = """(labels) => {
  const shown = [...document.querySelectorAll('[data-testid="stMain"] button')]
    .filter((b) => b.offsetParent).map((b) => b.innerText.trim());
  return labels.every((label) => shown.some((text) => text.includes(label)));
}"""


# The slide's own style is in effect (a rerun can briefly show the page unstyled, with Streamlit's
# header and paddings): on a projector the slide's column is exactly the window's height. Content
# taller than the slide still overflows that column, so MEASURE still sees a slide that does not fit.
STYLED = """() => {
  const block = document.querySelector('[data-testid="stMainBlockContainer"]');
  const header = document.querySelector('header');
  if (window.innerWidth < 700) return true;  // a phone: the slide scrolls as a page
  return block && Math.abs(block.getBoundingClientRect().height - (window.innerHeight - 2)) <= 1
    && (!header || getComputedStyle(header).display === 'none');
}"""


def settle(page, number: int = 1) -> None:
    """Slide ``number`` has run to its controls and its chart, if it has one, is loaded."""
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=WAIT_MS)
    page.get_by_text(f"Slide {number} of").wait_for(timeout=WAIT_MS)
    if number > 1:  # every slide after the opening one has a chart
        page.wait_for_selector(".st-key-deck-chart img", timeout=WAIT_MS)
    wait_idle(page, WAIT_MS)
    page.wait_for_function(STYLED, timeout=WAIT_MS)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.st-key-deck-chart img')]"
        ".every((img) => img.complete && img.naturalWidth)",
        timeout=WAIT_MS,
    )
    # The controls stream in after the slide's caption (CI once measured a slide with only "Leave
    # presentation" drawn): wait for every button, briefly, so a button really missing still fails
    # the test's own assertion with the labels it found.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(ALL_BUTTONS, arg=BUTTONS, timeout=20_000)


def press_until_changed(page, key: str, title: str, tries: int = 6) -> None:
    """Press ``key`` until the slide's title changes: the shortcut listener is attached only after
    the page has run, so an early press can go unheard (a clicker's user would press again too)."""
    changed = "(t) => document.querySelector('h1')?.innerText !== t"
    for _ in range(tries):
        page.keyboard.press(key)
        try:
            page.wait_for_function(changed, arg=title, timeout=5_000)
            return
        except PlaywrightTimeout:  # unheard, or heard and still running: wait for the app to be idle
            wait_idle(page, WAIT_MS)
            if page.evaluate(changed, title):
                return
    raise AssertionError(f"{key} did not change the slide after {tries} presses")


@pytest.mark.parametrize(("width", "height"), PROJECTORS, ids=["1366x768", "1280x720"])
def test_every_slide_fits_a_projector(server: str, browser, width: int, height: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with offline_page(browser, width=width, height=height) as (page, blocked):
        page.goto(f"{server}/?present=1")
        settle(page)
        total = int(page.get_by_text("Slide 1 of").inner_text().split()[-1])
        assert total >= 12  # the opening, seven claims and four measure pages
        for number in range(1, total + 1):
            if number > 1:
                page.mouse.wheel(0, 400)  # a reader scrolled down, if the page could scroll at all
                press_until_changed(page, "ArrowRight", page.locator("h1").first.inner_text())
                settle(page, number)
            assert f"slide={number}" in page.evaluate("location.href")  # page.url misses replaceState
            seen = page.evaluate(MEASURE)
            page.screenshot(path=str(ARTIFACTS / f"present_{width}x{height}_{number:02d}.png"))
            where = f"slide {number} at {width}×{height}"
            assert seen["overflow"][0] <= 0 and seen["overflow"][1] <= 0, (
                f"{where} scrolls: {seen['overflow']}"
            )
            assert seen["overflow"][2] <= 0, f"{where} is wider than the screen"
            assert seen["scrolled"] == [0, 0], f"{where} did not open at its top"
            assert 0 <= seen["title"]["top"] < 0.2 * height, where
            assert seen["controls"]["bottom"] <= height, where
            labels = [b["label"] for b in seen["buttons"]]
            assert all(any(label in shown for shown in labels) for label in BUTTONS), labels
            assert not [b for b in seen["buttons"] if b["cut"] or b["right"] > width], seen["buttons"]
            if number == 1:
                assert ARTICLE in page.locator("h1").first.inner_text() and "| Claim |" not in seen["text"]
                assert page.locator("[data-testid='stMain'] table").count() == 1  # every verdict
            elif number <= 8:  # a claim: its verdict now and when written, its evidence chart
                assert "Now" in seen["text"] and "When written (1 Sep 2024 data)" in seen["text"], where
            if number > 1:
                chart = seen["chart"]
                assert chart and chart["top"] >= 0 and chart["bottom"] <= height, where
                assert seen["shown"] >= 0.55 * width, f"{where}: the chart is only {seen['shown']} px wide"
        assert blocked == []


def test_deck_keys_and_pdf(server: str, browser) -> None:
    from playwright.sync_api import expect
    from pypdf import PdfReader

    with offline_page(browser) as (page, blocked):
        page.goto(f"{server}/?present=1")
        settle(page)
        assert ARTICLE in page.locator("h1").first.inner_text()
        for key, slide in (("ArrowRight", 2), ("PageDown", 3), ("PageUp", 2), ("ArrowLeft", 1)):
            title = page.locator("h1").first.inner_text()
            press_until_changed(page, key, title)
            settle(page, slide)
            assert f"slide={slide}" in page.evaluate("location.href")
        download = page.get_by_role("button", name="Download the deck (PDF)")
        expect(download).to_have_count(1, timeout=120_000)  # the previous slide's controls are gone
        with page.expect_download(timeout=WAIT_MS) as pdf_info:
            download.click()
        reader = PdfReader(io.BytesIO(Path(pdf_info.value.path()).read_bytes()))
        total = int(page.get_by_text("Slide 1 of").inner_text().split()[-1])
        assert len(reader.pages) == total
        assert reader.metadata.title == ARTICLE
        assert ARTICLE in " ".join(reader.pages[0].extract_text().split())
        assert blocked == []
