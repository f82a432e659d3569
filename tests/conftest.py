"""Shared pytest set-up. Keep this generic: area-specific helpers live in their own modules."""

from __future__ import annotations

import sys
import uuid
from functools import cache
from pathlib import Path

import pytest

# Tests live in folders named after the packages they test (tests/store/test_save.py tests
# store/save.py) and are imported by path (--import-mode=importlib), so those folders never shadow
# the packages. The project comes first on sys.path, then the shared helpers of tests/.
TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
for folder in (TESTS, ROOT):  # ROOT ends up first
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

# Fixtures for the fetch tests (local publisher server, snapshot copies, the raw publisher files) and
# the dashboard's (the synthetic data/ folder, built once per run, copied per test).
from dashboard_fixture import data_dir, fixture_data  # noqa: E402, F401
from fetch_helpers import publishers, raw_dir, session, snapshot  # noqa: E402, F401

# The static site, built once per session (tests/publish/ and the browser tests of it).
from site_fixture import built_site  # noqa: E402, F401


def _scan_installed_components_once() -> None:
    """Streamlit's AppTest scans every installed distribution's metadata for Streamlit components on
    its first run (0.4 s here, most of a dashboard test's time), as a server does once when it starts.
    The installed packages do not change during a test run, so each test process scans once."""
    from streamlit.components.v2 import manifest_scanner

    manifest_scanner.scan_component_manifests = cache(manifest_scanner.scan_component_manifests)


_scan_installed_components_once()


@pytest.fixture(autouse=True)
def verdict_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own folder of stored verdicts (dashboard/verdict_store.py): a verdict one test
    stored never answers another's question (created only when something is stored)."""
    folder = tmp_path_factory.getbasetemp() / "verdict-cache" / uuid.uuid4().hex
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(folder))
    return folder


# The browser tests in four groups of about equal time (their durations in a run of the suite), each
# group in order on one worker, sharing that worker's one app server and one Chromium (started once per
# group); the groups and the other tests share the workers (start.py: a worker per core, and one more).
BROWSER_GROUPS = {
    "test_browser.py": "a",
    "test_browser_frames.py": "b",
    "test_browser_classroom.py": "c",
    "test_claims.py": "d",
    "test_browser_present.py": "d",
    "test_browser_site.py": "d",
    "test_browser_hostile.py": "d",
    "test_server_flood.py": "d",
}


# Tests that mostly wait (on a dripping server, a lock, a retry's pause, a subprocess). Spread through
# the other tests, each one's waits fall while the other worker keeps the cores busy; run together at
# the end, as their folders' names had them, they left a core idle for the suite's last minute.
WAITING = (
    "tests/fetch/test_meter.py",
    "tests/store/test_lock.py",
    "tests/dashboard/test_data.py",
    "tests/commands/test_parallel.py",
    "tests/fetch/test_http_limits.py",
    "tests/fetch/test_http.py",
    "tests/commands/test_fetch_faults.py",
    "tests/store/test_files.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser tests (with the static site's) first, in the order collected, then the others with
    the tests that mostly wait spread evenly among them (pytest-xdist hands tests out in this order)."""
    in_browser = [item.nodeid.startswith(("tests/browser/", "tests/publish/")) for item in items]
    browser = [item for item, flag in zip(items, in_browser, strict=True) if flag]
    others = [item for item, flag in zip(items, in_browser, strict=True) if not flag]
    rest = [item for item in others if not item.nodeid.startswith(WAITING)]
    place = {item.nodeid: float(index) for index, item in enumerate(rest)}
    for number, module in enumerate(WAITING):
        at = (number + 0.5) * len(rest) / len(WAITING) - 0.5  # just before the rest's test at that point
        place.update({item.nodeid: at for item in others if item.nodeid.startswith(module)})
    items[:] = browser + sorted(others, key=lambda item: place[item.nodeid])  # stable within a module


@cache
def _shares_fixtures(module: str) -> bool:
    """Whether a test module has module-scoped fixtures (a deck drawn, claims judged): its tests then
    go to one worker, which builds them once, instead of each worker that gets one of its tests."""
    return 'scope="module"' in (ROOT / module).read_text(encoding="utf-8")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """Under pytest-xdist (``python3 start.py test``) each group of browser tests goes to one worker, in
    order, the static site's own tests with the browser tests of it (the site is built once per
    worker: site_fixture.py); every other test goes wherever a worker is free. (xdist's own
    ``--dist loadgroup`` marks are not applied under pytest 9.)"""
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsGrouped(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith("tests/publish/"):  # with the site's browser tests: one site built
                return f"tests/browser ({BROWSER_GROUPS['test_browser_site.py']})"
            if not nodeid.startswith("tests/browser/"):
                module = nodeid.split("::", 1)[0]
                return module if _shares_fixtures(module) else nodeid
            module = nodeid.split("::", 1)[0].rsplit("/", 1)[-1]
            return f"tests/browser ({BROWSER_GROUPS.get(module, 'd')})"

    return BrowserTestsGrouped(config, log)
