"""One HTTP session for every publisher: timeouts, retries with backoff, a User-Agent, an optional cache.

Retries are urllib3's own (429 and 5xx, honouring Retry-After), not a hand-written loop.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError, ReadTimeoutError, ResponseError
from urllib3.util.retry import Retry

from fetch.errors import FetchError

USER_AGENT = "gender-stats-dashboard/0.1 (+https://github.com/; fact-checking op-ed claims; python-requests)"
TIMEOUT = (10, 60)  # connect, read: the World Bank API is slow at times
RETRY_STATUSES = (429, 500, 502, 503, 504)
MAX_RETRY_AFTER = 120  # seconds; longer waits (OECD hourly blocks) fail with a clear message instead

BASE_URL_DEFAULTS = {
    "WORLDBANK_BASE_URL": "https://api.worldbank.org/v2",
    "OECD_BASE_URL": "https://sdmx.oecd.org/public/rest",
    "OWID_BASE_URL": "https://ourworldindata.org",
    "KOSIS_BASE_URL": "https://kosis.kr/openapi/Param/statisticsParameterData.do",  # the endpoint itself
}


def base_url(variable: str) -> str:
    """A publisher's base URL, overridable by an environment variable for mirrors and proxies."""
    return os.environ.get(variable, BASE_URL_DEFAULTS[variable]).rstrip("/")


class CappedRetry(Retry):
    """urllib3's Retry, except that a Retry-After above MAX_RETRY_AFTER ends the retries at once.

    urllib3 would otherwise sleep for whatever the server asks (up to 6 hours) before each retry;
    the 429/503 response then reaches ``get``, which reports it with its Retry-After.
    """

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        wait = self.get_retry_after(response) if response is not None else None
        if wait is not None and wait > MAX_RETRY_AFTER:
            reason = ResponseError(f"Retry-After {wait:g}s exceeds {MAX_RETRY_AFTER}s")
            raise MaxRetryError(_pool, url, reason)
        return super().increment(method, url, response, error, _pool, _stacktrace)


def retry_policy(total: int = 4, backoff_factor: float = 2.0) -> Retry:
    return CappedRetry(
        total=total,
        connect=2,  # a host that refuses connections is unlikely to start accepting within seconds
        read=total,
        status=total,
        backoff_factor=backoff_factor,
        backoff_max=60,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )


def make_session(cache_dir: Path | None = None, retries: Retry | None = None) -> requests.Session:
    """A session for every publisher; with ``cache_dir``, responses are cached on disk for a day."""
    session: requests.Session
    if cache_dir is not None:
        import requests_cache

        session = requests_cache.CachedSession(
            str(Path(cache_dir) / "http_cache"),
            backend="sqlite",
            expire_after=24 * 3600,
            allowable_codes=(200,),
        )
    else:
        session = requests.Session()
    adapter = HTTPAdapter(max_retries=retries or retry_policy())
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def get(
    session: requests.Session, url: str, series_id: str, params: dict[str, Any] | None = None
) -> requests.Response:
    """GET with the session's retries; any failure becomes a FetchError naming series and URL."""
    try:
        response = session.get(url, params=params, timeout=TIMEOUT)
    except requests.exceptions.RetryError as exc:
        raise FetchError(series_id, url, f"gave up after retries: {exc.__context__ or exc}") from exc
    except requests.exceptions.Timeout as exc:
        raise FetchError(series_id, url, f"timed out after retries ({exc.__class__.__name__})") from exc
    except requests.exceptions.ConnectionError as exc:
        if isinstance(getattr(exc.args[0] if exc.args else None, "reason", None), ReadTimeoutError):
            # requests reports a read timeout that outlasted the retries as a ConnectionError
            message = f"timed out after retries (no answer within {TIMEOUT[1]}s)"
            raise FetchError(series_id, url, message) from exc
        raise FetchError(series_id, url, f"could not connect ({_innermost(exc)})") from exc
    except requests.exceptions.RequestException as exc:
        raise FetchError(series_id, url, f"request failed: {exc}") from exc
    shown = response.url or url
    if response.status_code in (403, 429):
        wait = response.headers.get("Retry-After", "unknown")
        raise FetchError(
            series_id,
            shown,
            f"HTTP {response.status_code}: the publisher is rate-limiting or blocking requests "
            f"(Retry-After: {wait}); try again later or use a mirror via the base-URL variable",
        )
    if response.status_code >= 400:
        raise FetchError(series_id, shown, f"HTTP {response.status_code} {response.reason}")
    return response


def _innermost(exc: BaseException) -> str:
    """The root cause's message, e.g. "[Errno 111] Connection refused", without urllib3's wrapping."""
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    text = str(reason or exc)
    return text.split(": ", 1)[-1] if "Failed to establish" in text or "Max retries" in text else text


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith("<!doctype html") or head.startswith("<html") or "<head" in head


def json_body(response: requests.Response, series_id: str) -> Any:
    """The JSON body, or a FetchError saying it was HTML, XML or truncated."""
    text = response.text
    if _looks_like_html(text):
        raise FetchError(series_id, response.url, "expected JSON but the server sent an HTML page")
    if text.lstrip().startswith("<"):
        raise FetchError(series_id, response.url, f"expected JSON but the server sent XML: {text[:200]!r}")
    try:
        return json.loads(text)
    except ValueError as exc:
        raise FetchError(series_id, response.url, f"invalid or truncated JSON ({exc})") from exc


def text_body(response: requests.Response, series_id: str, expected: str) -> str:
    """A CSV body, or a FetchError if the server sent an HTML page instead."""
    response.encoding = response.encoding or "utf-8"
    text = response.content.decode("utf-8-sig", errors="replace")
    if _looks_like_html(text):
        raise FetchError(series_id, response.url, f"expected {expected} but the server sent an HTML page")
    return text
