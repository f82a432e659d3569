"""The server survives idle connections: under a 1,024-descriptor limit it may not raise, one client
opens 400 websockets and sends nothing; the server keeps answering, never runs out of descriptors,
and a real browser (Chromium, another client) still paints its first chart within 60 seconds.

Before dashboard/server.py, the same 400 connections left the server answering "Too many open
files" and the browser got no chart.
"""

from __future__ import annotations

import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest
from browser_harness import CHROMIUM, offline_page, streamlit_server

from dashboard.server import PER_CLIENT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs {CHROMIUM}"),
]
LIMIT = 1024
FLOOD = 400


def _flood(url: str, stack: ExitStack) -> tuple[int, int]:
    """FLOOD idle websockets from one client (a proxy's X-Forwarded-For, trusted from 127.0.0.1),
    held open by ``stack``; how many were held and how many refused."""
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    held = refused = 0
    for _ in range(FLOOD):
        try:
            stack.enter_context(
                connect(
                    url.replace("http://", "ws://") + "/_stcore/stream",
                    subprotocols=["streamlit"],
                    additional_headers={"X-Forwarded-For": "203.0.113.7"},
                    open_timeout=10,
                )
            )
            held += 1
        except InvalidStatus:
            refused += 1
    return held, refused


def _descriptors(port: str) -> int:
    import psutil

    server = next(p for p in psutil.process_iter(["cmdline"]) if port in " ".join(p.info["cmdline"] or []))
    return server.num_fds()


def test_a_flood_of_idle_connections_leaves_room_for_a_real_browser(browser, shipped_verdicts, tmp_path):
    log = tmp_path / "server.log"
    serving = streamlit_server(env=shipped_verdicts, open_files=LIMIT, stderr=log)
    with serving as (url, _), ExitStack() as stack:
        held, refused = _flood(url, stack)
        descriptors = _descriptors(url.rsplit(":", 1)[1])
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as answer:
            assert answer.status == 200
        started = time.monotonic()
        with offline_page(browser) as (page, _):
            page.goto(url)
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        painted = time.monotonic() - started
    assert "Too many open files" not in log.read_text(errors="replace")
    assert held == min(PER_CLIENT, FLOOD) and refused == FLOOD - held
    assert descriptors < LIMIT
    print(
        f"{FLOOD} idle websockets under a {LIMIT}-descriptor limit: {held} held (the per-client cap), "
        f"{refused} refused; the server at {descriptors} descriptors; a real browser painted its "
        f"chart {painted:.1f}s later"
    )
