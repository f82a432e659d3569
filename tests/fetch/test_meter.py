"""A stalled server is cut off from its first byte: a status line, headers or body that drip are
abandoned once the speed falls below the floor, with a message naming the series, the URL and the
rate; the other series still run and the failed one's files stay byte-identical.

The last test is the issue's own bar: ``python -m fetch`` with its default limits against a server
where every answer drips ends, every series cut by the speed floor.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest
from fetch_helpers import COUNTRY_PATH, ROOT, TIME_USE_PATH, Reply, fixture_bytes, tree_hashes

import fetch.http
from commands.fetch import main
from fetch import meter
from fetch.errors import FetchError


@pytest.fixture
def fast_floor(monkeypatch):
    """A floor of 1,000 bytes/s over a 1 s window, so each case takes about a second."""
    monkeypatch.setattr(fetch.http, "SPEED_WINDOW", 1.0)
    monkeypatch.setattr(fetch.http, "MIN_SPEED", 1000.0)


def _rate(out: str) -> float:
    found = re.search(r"slowed to ([\d.]+) bytes/s over the last 1s, below the floor of 1,000 bytes/s", out)
    assert found, out
    return float(found.group(1))


def test_dripping_status_line_and_headers_are_cut_off(fast_floor, publishers, snapshot, capsys):
    body = fixture_bytes("worldbank/country_page1.json")
    publishers.route(COUNTRY_PATH, Reply(body=body, drip=0.05, drip_head=True), page=1)  # 20 bytes/s
    before = tree_hashes(snapshot)
    started = time.monotonic()
    assert main(["fertility_rate", "births", "--data-dir", str(snapshot), "--accept-shrink"]) == 1
    seconds = time.monotonic() - started
    out = " ".join(capsys.readouterr().out.split())
    assert "fertility_rate failed: fertility_rate: the transfer slowed to" in out
    assert 10 <= _rate(out) <= 30  # what the server really sent: about 20 bytes a second
    assert f"{COUNTRY_PATH}?format=json" in out  # the URL
    assert "1 failed: fertility_rate" in out  # births, fetched beside it, was saved
    assert "Traceback" not in out
    changed = {name for name, sha in tree_hashes(snapshot).items() if before.get(name) != sha}
    described = ("manifest.json", "datapackage.json")
    assert changed and all("births" in name or name in described for name in changed)
    assert seconds < 10, f"{seconds:.1f}s for a 1 s window"
    print(f"dripping headers (20 bytes/s) cut off after {seconds:.1f}s (window 1 s)")


def test_a_body_that_slows_to_a_trickle_is_abandoned(fast_floor, publishers, tmp_path, capsys):
    body = fixture_bytes("oecd/time_use.csv")  # 12.8 kB: at 100 bytes/s it would take two minutes
    publishers.route(TIME_USE_PATH, Reply(body=body, content_type="text/csv", drip=0.01))
    started = time.monotonic()
    assert main(["unpaid_care_female", "--data-dir", str(tmp_path)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "unpaid_care_female failed: unpaid_care_female: the transfer slowed to" in out
    assert _rate(out) < 1000
    assert "DF_TIME_USE" in out
    assert time.monotonic() - started < 10
    assert not (tmp_path / "manifest.json").exists()


def test_a_fast_answer_after_a_slow_start_is_read(fast_floor, publishers, session):
    """The floor counts from the first byte: a server thinking before it answers is not cut off
    (the read timeout bounds that wait), nor a short pause within the window."""
    from fetch import worldbank

    publishers.route(
        COUNTRY_PATH, Reply(body=fixture_bytes("worldbank/country_page1.json"), delay=1.5), page=1
    )
    aggregates, _ = worldbank.fetch_aggregates(session, "fertility_rate")
    assert aggregates


def test_the_floor_can_be_turned_off(monkeypatch):
    transfer = meter.Transfer(time.monotonic() + 60, "the 60s deadline per request", 0, 1.0, "u")
    counted = meter.Meter(transfer)
    counted.count(1)
    counted.check(time.monotonic() + 5)  # five seconds later, one byte: no floor, no error
    assert counted.timeout(30) == pytest.approx(30, abs=0.1)


def test_the_deadline_cuts_the_socket_timeout_and_ends_the_transfer():
    transfer = meter.Transfer(time.monotonic() + 0.5, "the 0.5s deadline per request", 1000, 10, "u")
    counted = meter.Meter(transfer)
    assert counted.timeout(60) <= 0.5
    time.sleep(0.55)
    with pytest.raises(FetchError, match=r"not complete within the 0\.5s deadline per request"):
        counted.timeout(60)


def one_series_per_publisher() -> list[str]:
    """The first series of each publisher's adapter with no fallback (a fallback would drip twice)."""
    from registry.catalogue import current

    registry = current()
    chosen: dict[str, str] = {}
    for series_id in registry:
        spec = registry.spec(series_id)
        if spec.fallback is None:
            chosen.setdefault(spec.fetch.publisher, series_id)
    return list(chosen.values())


def test_a_default_fetch_against_a_dripping_server_ends_by_the_speed_floor(publishers, tmp_path):
    """Every answer drips one byte a second from its status line on; no FETCH_* variable is set. Each
    series is cut by the speed floor (its message counted), not by a deadline; the subprocess'
    timeout bounds the test (a hang fails it); how long the run takes is benchmarks' business. One
    series per publisher's adapter, fetched at once (the default runs 4 at a time): the smallest run
    that reaches the floor on every adapter's path."""
    series = one_series_per_publisher()
    assert len(series) >= 4, series  # World Bank, OWID, KOSIS and OECD at least
    publishers._next = lambda path, page: Reply(body=b"x" * 5000, drip=1.0, drip_head=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FETCH_")}
    env.update(publishers.base_urls(), KOSIS_API_KEY="test-key-not-secret", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "fetch", *series, "--data-dir", str(tmp_path / "data")],
        cwd=ROOT,
        env={**env, "COLUMNS": "300"},
        capture_output=True,
        text=True,
        timeout=120,  # the test's own bound
    )
    out = " ".join(done.stdout.split())
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert out.count("the transfer slowed to 1.0 bytes/s over the last 10s") >= len(series), out
    assert f"{len(series)} failed" in out
    for series_id in series:
        assert series_id in out
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir())
