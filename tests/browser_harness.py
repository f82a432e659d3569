"""Start ``streamlit run serve.py`` on a free localhost port and drive Debian's Chromium with Playwright.

Shared by the end-to-end test and benchmarks/run.py. Every request that is not to this machine is
blocked and recorded, which proves the app (maps included) works with no internet.
"""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.staging import KEY as STAGE_KEY
from deploy.replicas import wait_healthy

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--proxy-server=http://127.0.0.1:9",  # a closed port: no request leaves this machine (local ones bypass)
]
LOCAL_PREFIXES = ("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:", "about:")
# The app is done: its script run is over by the app's own state (the status widget shows a moment
# after a run begins, so its absence alone let an axe check meet a fading "Stop" button, in CI), and
# none is to come (the front page's first view asks for its other cards' charts once its first is
# painted: dashboard/staging.py; until then its element is there).
IDLE = f"""() => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'notRunning'
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('.st-key-{STAGE_KEY}')"""

# An init script: when the frame that first shows a chart is done, window.__firstPaint holds its
# wall-clock time (ms), how many charts and claim cards the page had then, and where each card began.
CARD_TOPS = """() => [...document.querySelectorAll('[class*="st-key-claim-"]')]
    .map(card => Math.round(card.getBoundingClientRect().top + window.scrollY))"""
FIRST_PAINT = (
    f"const CARD_TOPS = {CARD_TOPS};"
    + """
const watch = new MutationObserver(() => {
  if (!document.querySelector('.js-plotly-plot .main-svg')) return;
  watch.disconnect();
  requestAnimationFrame(() => setTimeout(() => {
    window.__firstPaint = {
      at: performance.timeOrigin + performance.now(),
      charts: document.querySelectorAll('.js-plotly-plot').length,
      cards: document.querySelectorAll('[class*="st-key-claim-"]').length,
      tops: CARD_TOPS(),
    };
  }, 0));
});
watch.observe(document, { childList: true, subtree: true });
"""
)


ERROR_TEXT = ("Traceback", "Error:", "Exception")
# A Python exception, or an element whose script failed in the browser (Streamlit's error box)
ERROR_BOXES = "[data-testid='stException'], [data-testid='stErrorElementStack']"


def assert_no_traceback(page, blocked: list[str]) -> str:
    """The page's text, after checking it shows no exception or error and asked nothing of another
    host."""
    body = page.locator("[data-testid='stMain']").inner_text()
    assert not page.locator(ERROR_BOXES).count(), body[:500]
    assert not any(marker in body for marker in ERROR_TEXT), body[:500]
    assert blocked == [], f"requests left this machine: {blocked[:5]}"
    return body


def wait_idle(page, timeout: float = 120_000) -> None:
    """Wait until the app has loaded and its script runs are over (``IDLE``)."""
    page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=timeout)
    page.wait_for_function(IDLE, timeout=timeout)


# A page change as the app's menu makes it: in the same session, no reload (Streamlit's and Plotly's
# scripts are not run again: a third of a new page load's CPU here)
SWITCH = "(path) => { history.pushState(null, '', path); dispatchEvent(new PopStateEvent('popstate')); }"
TITLE = "() => document.querySelector('[data-testid=\"stMain\"] h1')?.textContent ?? null"
_shown: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # page → the routes its session showed


def open_page(page, server: str, path: str) -> None:
    """Open ``server/path`` in ``page``: by switching to it, as a viewer does from the menu, when the
    page holds a session of this app that has not shown that route and ``path`` has no query; otherwise
    as a link opened afresh, in a new session (a route shown keeps its widgets' state, and the tabs' own
    query parameters do not survive a switch). The front page ("" or "claims") is opened afresh."""
    route, _, query = path.partition("?")
    shown = _shown.get(page)
    fresh = query or route in ("", "claims") or shown is None or route in shown
    if fresh or not page.url.startswith(f"{server}/"):
        page.goto(f"{server}/{path}")
        _shown[page] = {route}
        return
    before = page.evaluate(TITLE)  # each page of the app has its own title
    page.evaluate(SWITCH, f"/{route}")
    page.wait_for_function(f"(before) => ({TITLE})() !== before", arg=before, timeout=60_000)
    assert urlsplit(page.url).path == f"/{route}", (path, page.url)
    shown.add(route)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def streamlit_server(
    env: dict[str, str] | None = None,
    timeout: float = 60.0,
    script: str = "serve.py",
    open_files: int | None = None,
    stderr: Path | None = None,
) -> Iterator[tuple[str, float]]:
    """Yield (base URL, seconds from launch until the server answered); stop the server after.

    ``serve.py`` is how ``python3 start.py run`` serves the app; ``open_files`` caps the server's
    descriptors (soft and hard limit alike, so it cannot raise them); ``stderr`` keeps its log."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]

    def cap_files() -> None:
        if open_files is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, open_files))

    started = time.perf_counter()
    log = open(stderr, "wb") if stderr else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=log,
        preexec_fn=cap_files,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, timeout, "streamlit")
        yield url, time.perf_counter() - started
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if stderr:
            log.close()


@contextmanager
def chromium() -> Iterator:
    """One headless Debian Chromium driven by Playwright's sync API, closed after."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def offline_page(
    browser=None, width: int = 1280, height: int = 900, color_scheme: str = "light"
) -> Iterator[tuple]:
    """Yield (page, blocked) where ``blocked`` lists every non-local request the page attempted.

    ``browser`` is the tests' shared one (``SharedBrowser``: a new page in a profile cleared of what
    earlier tests left), a Playwright browser (a context of its own, closed after), or None (a Chromium
    launched for this page alone).
    """
    if browser is None:
        with chromium() as own, offline_page(own, width, height, color_scheme) as opened:
            yield opened
        return
    if isinstance(browser, SharedBrowser):
        page, blocked = browser.clean_page(width, height, color_scheme)
        try:
            yield page, blocked
        finally:
            page.close()
        return
    context, blocked, _ = watched_context(browser, width, height, color_scheme)
    page = context.new_page()
    try:
        yield page, blocked
    finally:
        context.close()


def watch_requests(context) -> tuple[list[str], set[str]]:
    """(blocked, origins): every request ``context`` makes off this machine is added to ``blocked``,
    and the origin of every local page (a frame: what can keep site storage) to ``origins``.

    A request off this machine fails (CHROMIUM_ARGS sends it to a closed port), so the failed requests
    are the ones listed: a page's hundred local requests are never sent to Playwright and this process
    (listening to every request cost 0.06-0.11 CPU-s a page load here). Requests are watched, not
    intercepted: intercepting each one turned the browser's cache off and sent every request through
    Playwright, so each page load fetched and compiled Streamlit's and Plotly's scripts afresh."""
    blocked: list[str] = []
    origins: set[str] = set()

    def failed(url: str) -> None:
        if not url.startswith(LOCAL_PREFIXES):
            blocked.append(url)

    def navigated(url: str) -> None:
        if url.startswith("http://127.0.0.1:"):
            origins.add("http://" + urlsplit(url).netloc)

    context.on("requestfailed", lambda request: failed(request.url))
    context.on("page", lambda page: page.on("framenavigated", lambda frame: navigated(frame.url)))
    return blocked, origins


def watched_context(browser, width: int, height: int, color_scheme: str) -> tuple:
    """(context, blocked, origins): a new context of ``browser``, its requests watched
    (``watch_requests``)."""
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=color_scheme)
    return context, *watch_requests(context)


# What a profile keeps of a site besides cookies, cleared before the profile's next test (CDP's
# Storage.clearDataForOrigin; "cache", the HTTP cache, is kept)
SITE_STORAGE = "local_storage,indexeddb,websql,service_workers,cache_storage,file_systems"


class SharedBrowser:
    """The Chromium the browser tests share: one profile on disk, each test a new page in it sized to
    its screen and colour scheme.

    Before the profile serves another test (``clean_page``) its cookies, permissions and the storage of
    every site it opened are cleared, and the test gets a new page (so a new session storage): what
    one test did never reaches the next. The HTTP cache and V8's cache of compiled scripts are kept, as
    a returning viewer's browser keeps them, so Streamlit's and Plotly's scripts are fetched, parsed
    and compiled once per run instead of once per test. A profile on disk, not one of Playwright's
    in-memory contexts: Chromium keeps no compiled code for those, and a page load there cost 0.7-0.8
    CPU-s more (3.5 against 2.7 for a measure page, 5.1 against 4.4 for the front page, here).
    ``kept_page`` is a page left open between tests, for tests that only open links and look."""

    def __init__(self, playwright, profile: Path) -> None:
        self._playwright = playwright
        self.context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        self._blocked, self._origins = watch_requests(self.context)
        self._browser = None
        self._kept: dict[tuple, object] = {}

    @property
    def chromium(self):
        """A Chromium of its own (launched on first use), for a test that builds its own context."""
        if self._browser is None:
            self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        return self._browser

    def _new_page(self, width: int, height: int, color_scheme: str):
        page = self.context.new_page()
        page.set_viewport_size({"width": width, "height": height})
        page.emulate_media(color_scheme=color_scheme)
        return page

    def clean_page(self, width: int, height: int, color_scheme: str) -> tuple:
        """(page, blocked): a new page at this screen, with nothing left of earlier tests."""
        self.context.clear_cookies()
        self.context.clear_permissions()
        page = self._new_page(width, height, color_scheme)
        if self._origins:
            session = self.context.new_cdp_session(page)
            for origin in self._origins:
                session.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": SITE_STORAGE})
            session.detach()
        self._blocked.clear()
        return page, self._blocked

    def kept_page(self, width: int, height: int, color_scheme: str) -> tuple:
        """(page, blocked): this screen's page kept open between tests, as the last test left it."""
        key = (width, height, color_scheme)
        if key not in self._kept:
            self._kept[key] = self._new_page(*key)
        self._blocked.clear()
        return self._kept[key], self._blocked

    def close(self) -> None:
        self.context.close()
        if self._browser is not None:
            self._browser.close()


@contextmanager
def shared_browser() -> Iterator[SharedBrowser]:
    """A ``SharedBrowser`` on a new profile, closed and its profile removed after."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        shared = SharedBrowser(playwright, Path(profile))
        try:
            yield shared
        finally:
            shared.close()
