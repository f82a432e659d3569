"""One Streamlit server and one Chromium for every browser test on the shipped data/ (a new browser
context per test: no cookies, storage or cache carried over). Package-scoped, so both stop after the
last test of tests/browser/ (Playwright's sync API holds an event loop while it runs)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_harness import chromium, streamlit_server


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
