"""The static site in Chromium with every request off this machine blocked: from ``file://`` (a USB
stick) and from a loopback static server, every page draws its charts with no console error, fits a
390 px phone and a 1366×768 projector, the deck moves with the keys, and a claim's embed code shows
its card inside an ``<iframe>`` on a page of another origin."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser_harness import CHROMIUM, free_port
from site_fixture import served, serving

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed"),
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
DRAWN = """() => [...document.querySelectorAll('[data-figure]')].every(div => {
    const svg = div.querySelector('.main-svg');
    return svg && svg.getBoundingClientRect().height > 50;
})"""
CUT = """() => [...document.querySelectorAll('main *, .slide.current *')]
    .filter(e => e.getClientRects().length && !e.closest('.table-wrap, pre'))
    .map(e => [e.tagName, e.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && (r.left < -1 || r.right > window.innerWidth + 1))
    .map(([tag, r]) => tag + ' ' + Math.round(r.left) + '..' + Math.round(r.right))"""


@contextmanager
def offline(browser, width: int, height: int, allowed: tuple[str, ...] = ("file:",)) -> Iterator[tuple]:
    """A page where only ``allowed`` addresses (and data:, about:) load; yields (page, blocked, errors)."""
    context = browser.chromium.new_context(viewport={"width": width, "height": height})
    blocked: list[str] = []
    errors: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith((*allowed, "data:", "about:", "blob:")):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page, blocked, errors
    finally:
        context.close()


def open_drawn(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function(DRAWN, timeout=120_000)


# One page of each kind: the verdicts, a claim, and an indicator with a map and timeline, a survey
# series (no timeline) and Statistics Korea's figures beside an international series (no map).
PAGES = [
    "index.html",
    "claims/rising-lfp.html",
    "indicators/pay_gap.html",
    "indicators/unpaid_care_gap.html",
    "indicators/births_national.html",
    "data/index.html",
]


@pytest.mark.parametrize("size", [(390, 844), (1366, 768)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_pages_draw_offline_from_file_and_fit_a_phone_and_a_projector(browser, built_site, size) -> None:
    width, height = size
    ARTIFACTS.mkdir(exist_ok=True)
    with offline(browser, width, height) as (page, blocked, errors):
        for name in PAGES:
            open_drawn(page, (built_site.root / name).as_uri())
            assert page.locator(".js-plotly-plot").count() == page.locator("[data-figure]").count(), name
            page.screenshot(path=str(ARTIFACTS / f"site_{name.replace('/', '_')}_{width}.png"))
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
            assert page.evaluate(CUT) == [], name
            if name == "indicators/pay_gap.html":
                world = page.locator("#map .js-plotly-plot")
                assert world.locator("path.choroplethlocation").count() > 30  # outlines shipped
                assert world.locator(".slider-container").count() == 1  # the timeline
        assert not errors and not blocked, (errors, blocked)


@pytest.mark.parametrize("size", [(390, 844), (1366, 768)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_deck_moves_with_the_keys_from_file_and_every_slide_fits(browser, built_site, size) -> None:
    width, height = size
    with offline(browser, width, height) as (page, blocked, errors):
        page.goto((built_site.root / "deck.html").as_uri())
        count = page.locator(".slide").count()
        for number in range(1, count + 1):
            assert page.locator(f"#slide-{number}").is_visible()
            assert page.evaluate("location.hash") == f"#{number}"
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), number
            assert page.evaluate(CUT) == [], number
            if width >= 700:  # a projector: the slide is the screen, nothing below it
                assert page.evaluate("document.documentElement.scrollHeight <= window.innerHeight"), number
            page.keyboard.press("ArrowRight")
        assert page.locator(f"#slide-{count}").is_visible()  # past the end: stays on the last
        page.keyboard.press("ArrowLeft")
        assert page.locator(f"#slide-{count - 1}").is_visible()
        page.keyboard.press("Home")
        assert page.locator("#slide-1").is_visible()
        assert not errors and not blocked, (errors, blocked)


def test_served_pages_work_and_the_embed_shows_on_another_origin(browser, built_site, tmp_path) -> None:
    claim = "rising-lfp"
    raw = (built_site.root / "claims" / f"{claim}.html").read_text("utf-8")
    code = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", raw, re.S).group(1))
    assert code.startswith(f'<iframe src="{built_site.base}embed/{claim}.html"')
    host = f"<!doctype html><title>An article</title><p>Our fact-check partner:</p>{code}"
    (tmp_path / "article.html").write_text(host, encoding="utf-8")
    port = free_port()
    other = f"http://localhost:{port}/"  # a newsroom's page: another origin (host and port)
    with (
        served(built_site) as base,
        serving(tmp_path, port),
        offline(browser, 390, 844, (base, other)) as (page, blocked, errors),
    ):
        open_drawn(page, f"{base}claims/{claim}.html")
        page.goto(other + "article.html")
        card = page.frame_locator("iframe").locator("article.card")
        card.wait_for(timeout=60_000)
        assert "Now:" in card.inner_text()
        box = page.locator("iframe").bounding_box()
        assert box is not None and box["width"] <= 390
        assert not errors and not blocked, (errors, blocked)
