"""Hostile registry and manifest text (tests/hostile_fixture.py) in Debian's Chromium: on the pages that
show the most of it, the browser requests nothing from another host, the DOM holds no image, link or
raw element made from it, the text is shown as typed, and a phone's screen is not widened by it.

Screenshots go to tests/artifacts/ (ignored by git) for a person to look at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_harness import CHROMIUM, streamlit_server, wait_idle
from hostile_fixture import EVIL_HOST, hostile_data, hostile_registry

from registry.catalogue import current

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed"),
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
# the Data & sources page (definitions, verbatim metadata, vintages), a frame with its Sources tab,
# Compare (provenance, axis titles) and the Claims page (evidence charts)
CHART = ".js-plotly-plot .main-svg"
PAGES = {  # each page, and what shows it has drawn
    "sources": "[data-testid='stDataFrame']",
    "pay_gap?tab=Sources": "text=Cite as",
    "compare": CHART,
    "": CHART,
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("hostile")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SERIES_DIR", str(hostile_registry(folder / "series")))
        current(refresh=True)
        data = hostile_data(folder / "data", patch)
        env = {"SERIES_DIR": os.environ["SERIES_DIR"], "DASHBOARD_DATA_DIR": str(data)}
        with streamlit_server(env=env) as (url, _):
            yield url
    current(refresh=True)


@pytest.mark.parametrize("path", list(PAGES), ids=[p.split("?")[0] or "claims" for p in PAGES])
def test_hostile_text_is_shown_as_text_in_a_browser(server: str, reader, path: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with reader(390, 844) as (page, blocked):
        page.goto(f"{server}/{path}")
        page.wait_for_selector("[data-testid='stMain'] h1", timeout=60_000)
        wait_idle(page, 60_000)
        page.locator(PAGES[path]).first.wait_for(timeout=60_000)
        for expander in page.locator("[data-testid='stExpander'] summary").all()[:3]:
            expander.click()  # the Data & sources page's definitions open
        page.screenshot(path=ARTIFACTS / f"hostile_{path.split('?')[0] or 'claims'}_390.png", full_page=True)
        assert not [url for url in blocked if EVIL_HOST in url], blocked[:5]
        main = page.locator("[data-testid='stMain']")
        assert main.locator(f"img[src*='{EVIL_HOST}'], a[href*='{EVIL_HOST}']").count() == 0
        assert main.locator(".katex").count() == 0, "LaTeX typeset from the registry's text"
        assert "Evil" in page.content(), "the hostile text is on the page"
        if path == "sources":  # as typed, every character of it
            shown = main.inner_text().replace("\u200b", "")  # the zero-width spaces that unlink a URL
            assert "Evil ![i](https://evil.example/i.png) [l](https://evil.example/l)" in shown
        wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert wide <= 0, f"{wide}px wider than the phone's screen"
