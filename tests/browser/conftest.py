"""One Streamlit server and one Chromium for every browser test on the shipped data/ (a new browser
context per test: no cookies, storage or cache carried over), except the tests that only open a link
and look (``reader``). Package-scoped, so both stop after the last test of tests/browser/
(Playwright's sync API holds an event loop while it runs)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from browser_harness import chromium, new_offline_page, streamlit_server


@pytest.fixture(scope="package")
def server() -> Iterator[str]:
    """The app on data/, started once."""
    from dashboard.assets import installed

    if not installed():
        pytest.fail("map outlines missing: run `python3 start.py setup`")
    with streamlit_server() as (url, _):
        yield url


@pytest.fixture(scope="package")
def browser() -> Iterator:
    """Debian's Chromium, launched once."""
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="package")
def reader(browser) -> Iterator[Callable]:
    """``reader(width, height, color_scheme)``: a page kept open per screen and theme for the tests
    that only open a link and look (accessibility, pages drawn offline, hostile text). Each link opened
    is a new app session, so nothing of one test reaches the next, while Chromium keeps Streamlit's and
    Plotly's compiled scripts (a page in a new context costs about 2.5 s more here). Tests that click,
    type, upload or download use a context of their own (offline_page). ``keep=True``: the session
    stays open for the next test, which may switch pages in it (browser_harness.open_page)."""
    opened: dict[tuple, tuple] = {}

    @contextmanager
    def page_for(
        width: int = 1280, height: int = 900, color_scheme: str = "light", keep: bool = False
    ) -> Iterator[tuple]:
        key = (width, height, color_scheme)
        if key not in opened:
            opened[key] = new_offline_page(browser, width, height, color_scheme)
        _, page, blocked = opened[key]
        blocked.clear()
        try:
            yield page, blocked
        finally:
            if not keep:
                page.goto("about:blank")  # the app's session ends with the test

    yield page_for
    for context, _, _ in opened.values():
        context.close()
