"""deploy/replicas.py: two Streamlit replicas behind nginx keep a viewer's session, upload included.

The browser test needs Debian's nginx and Chromium and is skipped, saying how to install them, where
either is missing (CI installs Chromium but not nginx). It starts its own replicas and nginx on free
ports with the config in tmp_path, and stops them all however it ends.
"""

from __future__ import annotations

import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser_harness import CHROMIUM, free_port, offline_page, wait_idle

from deploy import replicas
from deploy.replicas import NGINX_HINT, NginxMissing, find_nginx, front_url, max_upload_mb, render, running

QUOTE = "Uploaded through nginx: about 30%"
CLAIMS = f"""[article]
title = "Behind the proxy"
published = 2024-09-01

[[claims]]
id = "gap"
quote = "{QUOTE}"
[[claims.checks]]
kind = "about_value"
series = "pay_gap"
claimed = 30
tolerance = 3
"""
TIMEOUT_MS = 120_000  # a loaded machine: the first claims page of a cold replica takes a while


def test_the_config_sends_each_cookie_to_one_replica_and_lets_uploads_through() -> None:
    config = render([8601, 8602, 8603], "0.0.0.0:8080", per_client=7)
    assert "hash $replica_key consistent;" in config
    assert all(f"server 127.0.0.1:{port};" in config for port in (8601, 8602, 8603))
    assert "listen 0.0.0.0:8080;" in config and "limit_conn viewers 7;" in config
    body_mb = int(config.split("client_max_body_size ")[1].split("m;")[0])
    assert body_mb > max_upload_mb() >= 1  # the app, not nginx, refuses a file too big
    assert "proxy_set_header Host $http_host;" in config  # the port too: Streamlit's origin check
    assert front_url("0.0.0.0:8080") == front_url("8080") == "http://127.0.0.1:8080"


def test_without_nginx_it_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(replicas, "find_nginx", lambda: None)
    with pytest.raises(NginxMissing, match="apt-get install -y nginx"), running([1], "1", tmp_path):
        pass
    assert replicas.main(["--workdir", str(tmp_path)]) == 1


def replica_for(url: str, key: str) -> str:
    """The replica (host:port) nginx sends a viewer with this cookie to."""
    request = urllib.request.Request(f"{url}/_stcore/health", headers={"Cookie": f"streamlit_replica={key}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.headers["X-Streamlit-Replica"]


def healthy(url: str) -> bool:
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as answer:
        return answer.status == 200 and answer.read() == b"ok"


def wait_text(page, text: str) -> None:
    page.wait_for_function(
        "(t) => (document.querySelector('[data-testid=\"stMain\"]') || {innerText: ''})"
        ".innerText.includes(t)",
        arg=text,
        timeout=TIMEOUT_MS,
    )


@pytest.mark.browser
@pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed: `sudo apt-get install -y chromium`"
)
@pytest.mark.skipif(find_nginx() is None, reason=f"replicas behind nginx not tested: {NGINX_HINT}")
def test_a_viewer_keeps_an_upload_across_reruns_behind_nginx(tmp_path: Path) -> None:
    ports = [free_port(), free_port()]
    with running(ports, f"127.0.0.1:{free_port()}", tmp_path / "proxy") as live:
        assert all(healthy(url) for url in live.replicas)
        spread = {key: replica_for(live.url, key) for key in "abcdefghijklmnop"}
        assert set(spread.values()) == {f"127.0.0.1:{port}" for port in ports}  # viewers go to both
        assert all(replica_for(live.url, key) == spread[key] for key in "abcd")  # and stay there
        upload = tmp_path / "proxy.toml"
        upload.write_text(CLAIMS, encoding="utf-8")
        answers: list[tuple[str, str | None]] = []
        with offline_page() as (page, blocked):

            def answered(response) -> None:  # over the network: not the components' own blob: scripts
                if response.url.startswith("http"):
                    answers.append((urlparse(response.url).path, response.headers.get("x-streamlit-replica")))

            page.on("response", answered)
            page.set_default_timeout(TIMEOUT_MS)  # every wait and click below is bounded by it
            page.goto(f"{live.url}/")
            page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(upload))
            wait_text(page, QUOTE)
            wait_text(page, "When written:")
            wait_idle(page, TIMEOUT_MS)
            # Reruns of the same session: another date for the verdicts, then two downloads.
            page.get_by_text("Judge with the data published by another date").click()
            date = page.locator("[data-testid='stDateInput'] input")
            date.fill("2024-01-31")
            date.press("Escape")  # closes the calendar: the new date goes to the server, a rerun
            wait_text(page, "As of 2024-01-31")  # the verdicts' second column is judged at that date
            wait_idle(page, TIMEOUT_MS)
            for _ in range(2):
                with page.expect_download() as download:
                    page.get_by_role("button", name="Download the verdicts as ClaimReview (JSON-LD)").click()
                assert download.value.suggested_filename == "proxy-claimreview.jsonld"  # the upload's
                wait_idle(page, TIMEOUT_MS)
                wait_text(page, "As of 2024-01-31")
            body = page.locator("[data-testid='stMain']").inner_text()
            assert QUOTE in body and "Behind the proxy" in body, body[:1000]
            assert date.input_value() == "2024-01-31"
            assert not page.locator("[data-testid='stException']").count(), body[:1000]
            assert blocked == []
            cookie = next(c["value"] for c in page.context.cookies() if c["name"] == "streamlit_replica")
        pinned = replica_for(live.url, cookie)
        later = answers[1:]  # after the first page, every request carried the cookie
        assert any(path.startswith("/_stcore/upload_file") for path, _ in later), answers
        assert {replica for _, replica in later} == {pinned}, answers
        assert all(healthy(url) for url in live.replicas)
