"""The Claims page in Chromium: its routes open directly (with or without ?claim=), the links to a claim
work opened in a new tab, and at three screen sizes nothing is wider than the screen.

Screenshots go to tests/artifacts/ (ignored by git) for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_harness import CARD_TOPS, CHROMIUM, FIRST_PAINT, assert_no_traceback, offline_page, wait_idle

from claims.loader import DEFAULT_CLAIMS, load_claims

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason=f"{CHROMIUM} not installed: enable with `sudo apt-get install -y chromium` "
        "(or run `python3 start.py test` as root)",
    ),
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SCROLLED = "() => document.querySelector('[data-testid=\"stMain\"]').scrollTop > 0"
SIZES = [(1300, 900), (390, 844), (1366, 768)]
WHY = "why-fewer-children"


def open_claims(page, url: str | None) -> list[str]:
    """Open ``url`` (None: the page open), wait for every card, and return the cards' headings in order."""
    if url is not None:
        page.goto(url)
    page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=120_000)
    page.wait_for_selector("[data-testid='stMain'] [data-testid='stDownloadButton']", timeout=120_000)
    wait_idle(page, 60_000)
    assert not page.get_by_text("Page not found").count(), f"{url} opened a 'Page not found' dialog"
    return page.locator("[data-testid='stMain'] h3").all_inner_texts()


def overflowing(page) -> list[str]:
    """Elements of the page that reach past the right edge of the screen."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stMain] *')]
            .filter(e => e.getBoundingClientRect().width > 0
                && e.getBoundingClientRect().right > window.innerWidth + 1)
            .map(e => e.tagName + '.' + e.className)"""
    )


# Each route the front page answers to, opened directly at one of the screens: every route opens and
# every screen is checked (a card fits the screen whichever route put it first; one page load each)
ROUTES = ["claims", f"claims?claim={WHY}", ""]
SCREENS = [(*size, path) for size, path in zip(SIZES, ROUTES, strict=True)]


@pytest.mark.parametrize(("width", "height", "path"), SCREENS)
def test_claims_routes_open_directly_and_fit_the_screen(
    server: str, browser, width: int, height: int, path: str
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    claims = load_claims(DEFAULT_CLAIMS)
    why = next(c for c in claims.checkable if c.id == WHY)
    with offline_page(browser, width, height) as (page, blocked):
        headings = open_claims(page, f"{server}/{path}")
        first = claims.checkable[0] if "claim=" not in path else why
        assert headings[0].strip("“”") == first.quote, (path, headings[:2])
        assert overflowing(page) == [], path
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=str(ARTIFACTS / f"claims_{width}x{height}.png"))
        assert_no_traceback(page, blocked)  # the front page drawn offline (test_browser.py: the others)


def test_every_link_to_a_claim_works_in_a_new_tab(server: str, browser) -> None:
    """Compare's "see its verdict" link and the summary table's links, each opened on its own."""
    with offline_page(browser) as (page, blocked):
        page.goto(f"{server}/compare?x=lfp_female&y=fertility_rate")
        link = page.get_by_role("link", name="see its verdict")
        link.wait_for(timeout=60_000)
        href = link.get_attribute("href")
        assert href and f"claim={WHY}" in href
        target = href if href.startswith("http") else f"{server}/{href.lstrip('/')}"
        headings = open_claims(page, target)
        assert headings[0].startswith("“There are a number of reasons why South Korean women")
        anchors = page.locator("[data-testid='stMain'] table a").evaluate_all("els => els.map(e => e.hash)")
        assert len(anchors) == len(load_claims(DEFAULT_CLAIMS).checkable)
        for anchor in anchors:
            assert page.locator(f"[id='{anchor.lstrip('#')}']").count() == 1, anchor
        # a card's own address, the card last on the page, and what follows its heading arriving late
        # (as from a busy server): when the heading mounts, the page is too short to bring it up
        last = next(c for c in load_claims(DEFAULT_CLAIMS).checkable if f"#{c.anchor}" == anchors[-1])
        late = LateAfter(f"“{last.quote}".encode())
        page.route_web_socket("**/_stcore/stream", late.route)
        page.goto(f"{server}/claims{anchors[-1]}")
        card = page.locator(f"[id='{last.anchor}']")
        card.wait_for(timeout=120_000)
        page.wait_for_function(SCROLLED, timeout=60_000)  # Streamlit's own scroll to the heading
        late.release()
        open_claims(page, None)
        assert card.count() == 1
        top = card.evaluate("e => e.getBoundingClientRect().top")  # scrolled to, though it came last
        assert 0 <= top < page.viewport_size["height"] / 2, top
        assert blocked == []


class LateAfter:
    """Route a page's app connection so that the app's messages after the one holding ``marker`` wait
    until ``release()``."""

    def __init__(self, marker: bytes) -> None:
        self.marker, self.held, self.holding, self.client = marker, [], False, None

    def route(self, client) -> None:
        server = client.connect_to_server()
        self.client = client
        client.on_message(server.send)
        server.on_message(self._from_server)

    def _from_server(self, message) -> None:
        if self.holding:
            self.held.append(message)
            return
        self.client.send(message)
        self.holding = isinstance(message, bytes) and self.marker in message

    def release(self) -> None:
        assert self.holding, "the marker never came"
        self.holding = False
        for message in self.held:
            self.client.send(message)


# Every chart as tall as its figure says
AS_TALL = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .filter(g => Math.abs(g.getBoundingClientRect().height - g.layout.height) > 1).length"""


def test_the_verdicts_and_the_first_cards_chart_come_first_and_are_painted_before_the_other_cards(
    server: str, browser
) -> None:
    """Ordering evidence from the app's own messages as the browser receives them, no timing: the
    verdicts at a glance arrive first, then the first card's chart, then the last card. The first
    chart is painted while the page holds the first card only (dashboard/staging.py); the other cards
    come after, below it, every chart as tall as its figure, and the first card begins where it began
    then (nothing moved: not for the rest, nor for the page links Streamlit draws as taller grey boxes
    until their script loads)."""
    claims = load_claims(DEFAULT_CLAIMS)
    # a card's heading: its quote's opening words after “ (the table at a glance shortens it, with no “)
    heading = [f"“{re.match(r'[A-Za-z ]+', c.quote).group()}".encode() for c in claims.checkable]
    frames: list[bytes] = []
    held: list = []  # the page link's script, held back as a slow network would, until the page is done
    with offline_page(browser, 390, 844) as (page, blocked):
        page.on("websocket", lambda ws: ws.on("framereceived", lambda body: frames.append(as_bytes(body))))
        page.add_init_script(FIRST_PAINT)
        page.route("**/PageLink.*.js", lambda request: held.append(request))
        open_claims(page, f"{server}/claims")
        assert held and page.locator("[data-testid='stSkeleton']").count()  # links still grey boxes
        for request in held:
            request.continue_()
        no_grey_box = "() => !document.querySelector('[data-testid=\"stSkeleton\"]')"
        page.wait_for_function(no_grey_box, timeout=60_000)
        assert page.locator("[data-testid='stPageLink']").count()

        def first(marker: bytes) -> int:
            return next(i for i, frame in enumerate(frames) if marker in frame)

        glance, chart = first(b"The verdicts at a glance"), first(b'"layout"')
        first_card, last_card = first(heading[0]), first(heading[-1])
        assert glance < first_card < chart < last_card, (glance, first_card, chart, last_card)
        card = page.locator(f".st-key-claim-{claims.checkable[0].id} .js-plotly-plot")
        painted = page.evaluate("window.__firstPaint")
        assert (painted["charts"], painted["cards"]) == (card.count(), 1), painted
        assert page.locator(".js-plotly-plot").count() > card.count()
        assert page.locator("[class*='st-key-claim-']").count() == len(claims.checkable)
        assert page.evaluate(AS_TALL) == 0
        assert page.evaluate(CARD_TOPS)[:1] == painted["tops"]
        assert blocked == []


def as_bytes(body: str | bytes) -> bytes:
    return body if isinstance(body, bytes) else body.encode("utf-8")


# The smallest text length the open "How the verdicts are decided" panel had, checked every frame
RULES_WATCH = """() => {
  window.__rulesMin = Infinity;
  const tick = () => {
    const box = [...document.querySelectorAll("[data-testid='stExpander']")]
      .find(e => e.querySelector('summary')?.textContent.includes('How the verdicts are decided'));
    const text = box?.querySelector("[data-testid='stExpanderDetails']")?.textContent ?? '';
    window.__rulesMin = Math.min(window.__rulesMin, text.length);
    requestAnimationFrame(tick);
  };
  tick();
}"""


def test_a_rerun_leaves_an_open_expander_as_it_was(server: str, browser) -> None:
    """The first view fills its closed expanders later (dashboard/staging.py); a later run, such as
    one judging with another date, redraws them in place: the open rules panel never empties while
    the run lasts (it did, for up to 1.2 s, the page below jumping up)."""
    with offline_page(browser) as (page, blocked):
        open_claims(page, f"{server}/claims")
        page.get_by_text("How the verdicts are decided", exact=True).click()
        page.get_by_text("Combining a claim's tests.").wait_for(timeout=30_000)
        page.get_by_text("Judge with the data published by another date", exact=True).click()
        page.evaluate(RULES_WATCH)
        page.locator("[data-testid='stDateInput'] [data-type='year']").click()
        page.keyboard.type("20210630", delay=50)
        page.locator("h1").first.click()  # the picker sends its date when it loses focus
        page.get_by_text("As of 2021-06-30").first.wait_for(timeout=120_000)
        open_claims(page, None)
        assert page.evaluate("window.__rulesMin") > 500, "the open rules panel emptied during the rerun"
        assert_no_traceback(page, blocked)
