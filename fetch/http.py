"""One HTTP session for every publisher: timeouts, retries with backoff, a User-Agent, an optional cache.

Retries are urllib3's own (429 and 5xx, honouring Retry-After), not a hand-written loop. Work is
bounded: each request must be answered in full within REQUEST_DEADLINE seconds and each series
within SERIES_DEADLINE (the read timeout alone bounds only each read, so a server dripping a byte a
second would never end); the body is streamed and refused once it decompresses to more than
MAX_BODY_MB (a gzip bomb never reaches memory). Each limit has an environment variable.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import HTTPError, MaxRetryError, ReadTimeoutError, ResponseError
from urllib3.util.retry import Retry

from fetch.decode import decode_text, load_json
from fetch.errors import FetchError

USER_AGENT = "gender-stats-dashboard/0.1 (+https://github.com/; fact-checking op-ed claims; python-requests)"
TIMEOUT = (10, 60)  # connect, read: the World Bank API is slow at times
RETRY_STATUSES = (429, 500, 502, 503, 504)
MAX_RETRY_AFTER = 120  # seconds; longer waits (OECD hourly blocks) fail with a clear message instead
REQUEST_DEADLINE = float(os.environ.get("FETCH_REQUEST_DEADLINE", "600"))  # seconds, whole answer
SERIES_DEADLINE = float(os.environ.get("FETCH_SERIES_DEADLINE", "1800"))  # seconds, all of a series' requests
MAX_BODY_MB = float(os.environ.get("FETCH_MAX_BODY_MB", "200"))  # decompressed; the real files are ~1 MB
CHUNK = 64 * 1024

BASE_URL_DEFAULTS = {
    "WORLDBANK_BASE_URL": "https://api.worldbank.org/v2",
    "OECD_BASE_URL": "https://sdmx.oecd.org/public/rest",
    "OWID_BASE_URL": "https://ourworldindata.org",
    "KOSIS_BASE_URL": "https://kosis.kr/openapi/Param/statisticsParameterData.do",  # the endpoint itself
}


def base_url(variable: str) -> str:
    """A publisher's base URL, overridable by an environment variable for mirrors and proxies."""
    return os.environ.get(variable, BASE_URL_DEFAULTS[variable]).rstrip("/")


DEADLINE_REASON = "the deadline would pass before the next retry"
_REQUEST_END: ContextVar[float | None] = ContextVar("request_end", default=None)  # for CappedRetry


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
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        end = _REQUEST_END.get()
        if end is not None and time.monotonic() + max(wait or 0, retry.get_backoff_time()) > end:
            raise MaxRetryError(_pool, url, ResponseError(DEADLINE_REASON))
        return retry


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


@contextmanager
def series_deadline(session: requests.Session, series_id: str) -> Iterator[None]:
    """Every request ``get`` makes for one series, inside this block, ends by SERIES_DEADLINE."""
    session.series_deadline = (series_id, time.monotonic() + SERIES_DEADLINE)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        del session.series_deadline  # type: ignore[attr-defined]


def _deadline(session: requests.Session, series_id: str, url: str) -> tuple[float, str]:
    """When this request must end (monotonic clock), and which limit that is, for the message."""
    end, why = time.monotonic() + REQUEST_DEADLINE, f"the {REQUEST_DEADLINE:g}s deadline per request"
    held = getattr(session, "series_deadline", None)
    if held is not None and held[0] == series_id and held[1] < end:
        end, why = held[1], f"the {SERIES_DEADLINE:g}s deadline per series"
    if end <= time.monotonic():
        raise FetchError(series_id, url, f"not requested: {why} has passed")
    return end, why


def _read_body(response: requests.Response, series_id: str, end: float, why: str) -> bytes:
    """The decompressed body, read in chunks: FetchError past the deadline or MAX_BODY_MB."""
    limit = int(MAX_BODY_MB * 1_000_000)
    body = bytearray()
    raw = response.raw
    read = raw.read1 if hasattr(raw, "read1") else raw.read  # read1: returns as soon as bytes arrive
    try:
        while chunk := read(CHUNK, decode_content=True):
            body += chunk
            if len(body) > limit:
                raise FetchError(
                    series_id,
                    response.url,
                    f"the answer is larger than {MAX_BODY_MB:g} MB once decompressed (FETCH_MAX_BODY_MB); "
                    "refused without reading the rest",
                )
            if time.monotonic() > end:
                raise FetchError(
                    series_id,
                    response.url,
                    f"the answer was not complete within {why} ({len(body):,} bytes received)",
                )
    except (HTTPError, requests.exceptions.RequestException, OSError) as exc:
        raise FetchError(series_id, response.url, f"the answer broke off ({exc})") from exc
    finally:
        response.close()
    return bytes(body)


def get(
    session: requests.Session, url: str, series_id: str, params: dict[str, Any] | None = None
) -> requests.Response:
    """GET with the session's retries and limits; any failure becomes a FetchError naming series and URL."""
    end, why = _deadline(session, series_id, url)
    timeout = (TIMEOUT[0], max(0.001, min(TIMEOUT[1], end - time.monotonic())))

    def bounded(response: requests.Response, **_: Any) -> requests.Response:
        """Read the body within the limits as soon as it arrives (before requests-cache stores it)."""
        if response.status_code < 400 and not response._content_consumed:
            response._content = _read_body(response, series_id, end, why)  # what .content returns
            response._content_consumed = True
        return response

    token = _REQUEST_END.set(end)
    try:
        response = session.get(url, params=params, timeout=timeout, stream=True, hooks={"response": bounded})
    except requests.exceptions.RequestException as exc:
        raise _request_error(exc, series_id, url, end, why, timeout[1]) from exc
    finally:
        _REQUEST_END.reset(token)
    shown = response.url or url
    if response.status_code >= 400:
        response.close()  # the body of an error is not needed, and may be anything
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


def _request_error(
    exc: requests.exceptions.RequestException, series_id: str, url: str, end: float, why: str, read: float
) -> FetchError:
    """The FetchError for a request that failed after urllib3's retries."""
    if DEADLINE_REASON in str(exc):
        return FetchError(series_id, url, f"no complete answer within {why} (a retry would end after it)")
    if isinstance(exc, requests.exceptions.RetryError):
        return FetchError(series_id, url, f"gave up after retries: {exc.__context__ or exc}")
    if isinstance(exc, requests.exceptions.Timeout):
        return FetchError(series_id, url, _timed_out(end, why, exc.__class__.__name__))
    if isinstance(exc, requests.exceptions.ConnectionError):
        if isinstance(getattr(exc.args[0] if exc.args else None, "reason", None), ReadTimeoutError):
            # requests reports a read timeout that outlasted the retries as a ConnectionError
            return FetchError(series_id, url, _timed_out(end, why, f"no answer within {read:g}s"))
        return FetchError(series_id, url, f"could not connect ({_innermost(exc)})")
    return FetchError(series_id, url, f"request failed: {exc}")


def _timed_out(end: float, why: str, detail: str) -> str:
    if time.monotonic() >= end - 0.05:
        return f"no complete answer within {why}"
    return f"timed out after retries ({detail})"


def _innermost(exc: BaseException) -> str:
    """The root cause's message, e.g. "[Errno 111] Connection refused", without urllib3's wrapping."""
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    text = str(reason or exc)
    return text.split(": ", 1)[-1] if "Failed to establish" in text or "Max retries" in text else text


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith("<!doctype html") or head.startswith("<html") or "<head" in head


def _text(response: requests.Response, series_id: str) -> str:
    return decode_text(response.content, series_id, response.url, response.headers.get("Content-Type", ""))


def json_body(response: requests.Response, series_id: str) -> Any:
    """The JSON body, or a FetchError saying it was HTML, XML, undecodable, truncated or too deep."""
    text = _text(response, series_id)
    if _looks_like_html(text):
        raise FetchError(series_id, response.url, "expected JSON but the server sent an HTML page")
    if text.lstrip().startswith("<"):
        raise FetchError(series_id, response.url, f"expected JSON but the server sent XML: {text[:200]!r}")
    return load_json(text, series_id, response.url)


def text_body(response: requests.Response, series_id: str, expected: str) -> str:
    """A CSV body, or a FetchError if it is undecodable or the server sent an HTML page instead."""
    text = _text(response, series_id)
    if _looks_like_html(text):
        raise FetchError(series_id, response.url, f"expected {expected} but the server sent an HTML page")
    return text
