"""One Streamlit server and one Chromium for every browser test on the shipped data/: each test a new
page in a profile cleared of cookies and site storage (browser_harness.SharedBrowser: only the HTTP
cache and compiled scripts are carried over), except the tests that only open a link and look
(``reader``). Package-scoped, so both stop after the last test of tests/browser/ (Playwright's sync
API holds an event loop while it runs)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from browser_harness import SharedBrowser, shared_browser, streamlit_server

from dashboard.verdict_store import CACHE_VARIABLE


@pytest.fixture(scope="package")
def shipped_verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a server on data/: one folder of stored verdicts (dashboard/verdict_store.py)
    for every such server of the run, on every worker, as the replicas of a deployment share one: the
    first server to judge the claims stores the verdicts, the others read them."""
    run = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run = run.parent  # the run's folder, above each worker's
    return {CACHE_VARIABLE: str(run / "shipped-verdicts")}


@pytest.fixture(scope="package")
def server(shipped_verdicts: dict[str, str]) -> Iterator[str]:
    """The app on data/, started once."""
    from dashboard.assets import installed

    if not installed():
        pytest.fail("map outlines missing: run `python3 start.py setup`")
    with streamlit_server(env=shipped_verdicts) as (url, _):
        yield url


@pytest.fixture(scope="package")
def browser() -> Iterator[SharedBrowser]:
    """Debian's Chromium, launched once on a profile of its own."""
    with shared_browser() as shared:
        yield shared


@pytest.fixture(scope="package")
def reader(browser: SharedBrowser) -> Callable:
    """``reader(width, height, color_scheme)``: a page kept open per screen and theme for the tests
    that only open a link and look (accessibility, pages drawn offline, hostile text). Each link opened
    is a new app session, so nothing of one test reaches the next. Tests that click, type, upload or
    download get a new page of their own (offline_page). ``keep=True``: the session stays open for
    the next test, which may switch pages in it (browser_harness.open_page)."""

    @contextmanager
    def page_for(
        width: int = 1280, height: int = 900, color_scheme: str = "light", keep: bool = False
    ) -> Iterator[tuple]:
        page, blocked = browser.kept_page(width, height, color_scheme)
        try:
            yield page, blocked
        finally:
            if not keep:
                page.goto("about:blank")  # the app's session ends with the test

    return page_for
