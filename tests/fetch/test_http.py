"""The shared HTTP session against a real local server: retries, Retry-After, timeouts, bad bodies."""

from __future__ import annotations

import time

import pytest
from fetch_helpers import (
    BIRTHS_META_PATH,
    WAGE_GAP_PATH,
    Reply,
    csv_reply,
    html_reply,
    json_reply,
    status_reply,
    wb_indicator_path,
)

import fetch.http
from fetch import oecd, owid, worldbank
from fetch.errors import FetchError
from registry.publishers import publisher, publishers

TFRT = wb_indicator_path("SP.DYN.TFRT.IN")


def test_base_urls_come_from_the_environment(monkeypatch):
    oecd_facts = publisher("oecd")
    monkeypatch.delenv(oecd_facts.base_url_variable, raising=False)
    assert oecd_facts.url() == "https://sdmx.oecd.org/public/rest"
    monkeypatch.setenv(oecd_facts.base_url_variable, "http://mirror.example/oecd/")
    assert oecd_facts.url() == "http://mirror.example/oecd"
    assert all(p.base_url.startswith("https://") for p in publishers().values())


def test_default_policy_retries_429_and_5xx_honouring_retry_after():
    policy = fetch.http.retry_policy()
    assert set(policy.status_forcelist) == {429, 500, 502, 503, 504}
    assert policy.respect_retry_after_header
    assert policy.total == 4 and policy.backoff_factor == 2.0
    assert "POST" not in policy.allowed_methods


def test_user_agent_is_sent(session, publishers):
    worldbank.fetch("fertility_rate", session)
    agents = {r.headers.get("User-Agent") for r in publishers.requests}
    assert agents == {fetch.http.USER_AGENT}
    assert "gender-stats-dashboard" in fetch.http.USER_AGENT


def test_429_then_success(session, publishers):
    publishers.route(WAGE_GAP_PATH, status_reply(429, retry_after="0"), csv_reply("oecd/gender_wage_gap.csv"))
    frame = oecd.fetch("pay_gap", session).frame
    assert publishers.hits(WAGE_GAP_PATH) == 2
    assert frame.loc[(frame.country_code == "KOR") & (frame.year == 2023), "value"].item() == 29.3008641


def test_retry_after_is_honoured(session, publishers):
    publishers.route(WAGE_GAP_PATH, status_reply(503, retry_after="1"), csv_reply("oecd/gender_wage_gap.csv"))
    started = time.monotonic()
    oecd.fetch("pay_gap", session)
    assert time.monotonic() - started >= 0.9
    assert publishers.hits(WAGE_GAP_PATH) == 2


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_then_success(session, publishers, status):
    publishers.route(
        BIRTHS_META_PATH, status_reply(status), json_reply("owid/number-of-births-per-year.metadata.json")
    )
    frame = owid.fetch("births", session).frame
    assert publishers.hits(BIRTHS_META_PATH) == 2
    assert frame.loc[(frame.country_code == "KOR") & (frame.year == 2023), "value"].item() == 236394


def test_5xx_forever_gives_up_after_the_retries(session, publishers):
    publishers.route(TFRT, status_reply(502))
    with pytest.raises(FetchError) as caught:
        worldbank.fetch("fertility_rate", session)
    assert "HTTP 502" in str(caught.value) or "gave up after retries" in str(caught.value)
    assert caught.value.series_id == "fertility_rate"
    assert "/indicator/SP.DYN.TFRT.IN" in caught.value.where
    assert publishers.hits(TFRT) == 3  # the first try and 2 retries (the test policy)


def test_429_forever_is_reported_as_rate_limiting(session, publishers):
    publishers.route(WAGE_GAP_PATH, status_reply(429, retry_after="0"))
    with pytest.raises(FetchError, match="HTTP 429: the publisher is rate-limiting"):
        oecd.fetch("pay_gap", session)
    assert publishers.hits(WAGE_GAP_PATH) == 3


def test_403_block_is_not_retried(session, publishers):
    publishers.route(WAGE_GAP_PATH, status_reply(403))
    with pytest.raises(FetchError, match="HTTP 403: the publisher is rate-limiting or blocking"):
        oecd.fetch("pay_gap", session)
    assert publishers.hits(WAGE_GAP_PATH) == 1


def test_long_retry_after_fails_now_instead_of_sleeping(session, publishers):
    # The OECD blocks for up to an hour; a fetch must not sleep that long per retry.
    publishers.route(
        WAGE_GAP_PATH, status_reply(429, retry_after="3600"), csv_reply("oecd/gender_wage_gap.csv")
    )
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"HTTP 429.*Retry-After: 3600"):
        oecd.fetch("pay_gap", session)
    assert time.monotonic() - started < 5
    assert publishers.hits(WAGE_GAP_PATH) == 1


def test_404_is_an_error_naming_the_url(session, publishers):
    publishers.route(TFRT, status_reply(404))
    with pytest.raises(FetchError, match="HTTP 404") as caught:
        worldbank.fetch("fertility_rate", session)
    assert "SP.DYN.TFRT.IN" in caught.value.where


def test_read_timeout(session, publishers, monkeypatch):
    monkeypatch.setattr(fetch.http, "TIMEOUT", (2, 0.2))
    publishers.route(WAGE_GAP_PATH, Reply(body=b"late", delay=1.0))
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        oecd.fetch("pay_gap", session)
    assert "timed out after retries (no answer within 0.2s)" in str(caught.value)
    assert "could not connect" not in str(caught.value)  # it did connect; the answer was late
    assert publishers.hits(WAGE_GAP_PATH) == 3  # read timeouts are retried too
    assert time.monotonic() - started < 3


def test_timeout_then_success(session, publishers, monkeypatch):
    monkeypatch.setattr(fetch.http, "TIMEOUT", (2, 0.3))
    publishers.route(WAGE_GAP_PATH, Reply(body=b"late", delay=1.0), csv_reply("oecd/gender_wage_gap.csv"))
    frame = oecd.fetch("pay_gap", session).frame
    assert frame.loc[(frame.country_code == "JPN") & (frame.year == 2022), "value"].item() == 21.34794157


def test_html_page_instead_of_json(session, publishers):
    publishers.route(TFRT, html_reply(200))
    with pytest.raises(FetchError, match="expected JSON but the server sent an HTML page"):
        worldbank.fetch("fertility_rate", session)


def test_html_error_page_with_400(session, publishers):
    publishers.route(TFRT, html_reply(400, "worldbank/bad_request.html"))
    with pytest.raises(FetchError, match="HTTP 400"):
        worldbank.fetch("fertility_rate", session)


def test_html_page_instead_of_csv(session, publishers):
    publishers.route(WAGE_GAP_PATH, html_reply(200))
    with pytest.raises(FetchError, match="expected SDMX-CSV but the server sent an HTML page"):
        oecd.fetch("pay_gap", session)


def test_xml_instead_of_json(session, publishers):
    body = (
        b'<?xml version="1.0" encoding="utf-8"?><wb:error xmlns:wb="http://www.worldbank.org">'
        b'<wb:message id="111" key="Invalid format">The requested response format was not found</wb:message>'
        b"</wb:error>"
    )
    publishers.route(TFRT, Reply(body=body, content_type="application/xml"))
    with pytest.raises(FetchError, match="expected JSON but the server sent XML"):
        worldbank.fetch("fertility_rate", session)


def test_truncated_json(session, publishers):
    from fetch_helpers import fixture_bytes

    body = fixture_bytes("worldbank/SP.DYN.TFRT.IN_page1.json")
    publishers.route(TFRT, Reply(body=body[: len(body) // 2]), page=1)
    with pytest.raises(FetchError, match="invalid or truncated JSON"):
        worldbank.fetch("fertility_rate", session)


def test_connection_closed_mid_body(session, publishers):
    from fetch_helpers import fixture_bytes

    body = fixture_bytes("oecd/gender_wage_gap.csv")
    publishers.route(WAGE_GAP_PATH, Reply(body=body, content_type="text/csv", send_bytes=len(body) // 3))
    with pytest.raises(FetchError, match="the answer broke off") as caught:
        oecd.fetch("pay_gap", session)
    assert "DSD_EARNINGS@GENDER_WAGE_GAP" in caught.value.where


def test_connection_refused(session, monkeypatch):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("WORLDBANK_BASE_URL", f"http://127.0.0.1:{port}/v2")
    with pytest.raises(FetchError, match="Connection refused"):
        worldbank.fetch("fertility_rate", session)


def test_on_disk_cache_replays_a_response(publishers, tmp_path):
    pytest.importorskip("requests_cache")
    cached = fetch.http.make_session(cache_dir=tmp_path)
    first = oecd.fetch("pay_gap", cached).frame
    second = oecd.fetch("pay_gap", cached).frame
    assert publishers.hits(WAGE_GAP_PATH) == 1
    assert first.equals(second)
    assert (tmp_path / "http_cache.sqlite").exists()
