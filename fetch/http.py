"""One HTTP session for every publisher: timeouts, retries with backoff, a User-Agent, an optional cache.

Retries are urllib3's own (429 and 5xx, honouring Retry-After), not a hand-written loop. Work is
bounded: each request must be answered in full within REQUEST_DEADLINE seconds and each series
within SERIES_DEADLINE (the read timeout alone bounds only each read, so a server dripping a byte a
second would never end); the body is streamed (``stream=True``) and refused once it decompresses to
more than MAX_BODY_MB (a gzip bomb never reaches memory). Each limit has an environment variable.
All through public interfaces: urllib3's ``Retry`` and ``HTTPResponse.read1``, requests'
``HTTPAdapter.build_response``; the deadlines travel in context variables, not on the session.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3 import HTTPHeaderDict, HTTPResponse
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


class DeadlineReached(ResponseError):
    """A retry would end after the request's deadline (urllib3's reason for giving up)."""


@dataclass(frozen=True)
class Deadline:
    """When the request under way must end (monotonic clock), and which limit that is."""

    end: float
    why: str


# The deadline of the request under way (read by the retry policy and the body reader), and of the
# series whose requests these are (set by ``series_deadline``).
_REQUEST: ContextVar[Deadline | None] = ContextVar("request", default=None)
_SERIES: ContextVar[tuple[str, float] | None] = ContextVar("series", default=None)


class CappedRetry(Retry):
    """urllib3's Retry, except that a Retry-After above MAX_RETRY_AFTER ends the retries at once,
    and no retry is waited for that would end after the request's deadline.

    urllib3 would otherwise sleep for whatever the server asks (up to 6 hours) before each retry;
    the 429/503 response then reaches ``get``, which reports it with its Retry-After.
    """

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        wait = self.get_retry_after(response) if response is not None else None
        if wait is not None and wait > MAX_RETRY_AFTER:
            reason = ResponseError(f"Retry-After {wait:g}s exceeds {MAX_RETRY_AFTER}s")
            raise MaxRetryError(_pool, url, reason)
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        deadline = _REQUEST.get()
        if (
            deadline is not None
            and time.monotonic() + max(wait or 0, retry.get_backoff_time()) > deadline.end
        ):
            raise MaxRetryError(_pool, url, DeadlineReached("the deadline would pass before the next retry"))
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


class BoundedAdapter(HTTPAdapter):
    """requests' transport adapter, reading each successful body at once within MAX_BODY_MB and the
    request's deadline, before anything else (requests-cache included) sees the response."""

    def build_response(self, req: requests.PreparedRequest, resp: HTTPResponse) -> requests.Response:
        deadline = _REQUEST.get()
        if resp.status < 400 and deadline is not None:
            resp = _bounded(resp, req.url or "", deadline)
        return super().build_response(req, resp)


def _bounded(resp: HTTPResponse, url: str, deadline: Deadline) -> HTTPResponse:
    """The decompressed body read in chunks, as a response of its own: FetchError past the deadline or
    MAX_BODY_MB (the series is named by ``get``, which re-raises it)."""
    limit = int(MAX_BODY_MB * 1_000_000)
    body = bytearray()
    complete = False
    try:
        while chunk := resp.read1(CHUNK, decode_content=True):  # returns as soon as bytes arrive
            body += chunk
            if len(body) > limit:
                raise FetchError(
                    "",
                    url,
                    f"the answer is larger than {MAX_BODY_MB:g} MB once decompressed (FETCH_MAX_BODY_MB); "
                    "refused without reading the rest",
                )
            if time.monotonic() > deadline.end:
                message = f"the answer was not complete within {deadline.why} ({len(body):,} bytes received)"
                raise FetchError("", url, message)
        complete = True
    except (HTTPError, OSError) as exc:
        raise FetchError("", url, f"the answer broke off ({exc})") from exc
    finally:
        if not complete:  # the rest of the answer is still on the way: never reuse this connection
            resp.close()
        resp.release_conn()
    headers = HTTPHeaderDict(resp.headers)
    for name in ("Content-Encoding", "Content-Length", "Transfer-Encoding"):  # now plain bytes in memory
        headers.discard(name)
    return HTTPResponse(
        body=io.BytesIO(bytes(body)),
        headers=headers,
        status=resp.status,
        version=resp.version,
        reason=resp.reason,
        preload_content=False,
        decode_content=False,
        request_url=url,
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
    adapter = BoundedAdapter(max_retries=retries or retry_policy())
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


@contextmanager
def series_deadline(series_id: str) -> Iterator[None]:
    """Every request ``get`` makes for this series, inside this block, ends by SERIES_DEADLINE."""
    token = _SERIES.set((series_id, time.monotonic() + SERIES_DEADLINE))
    try:
        yield
    finally:
        _SERIES.reset(token)


def _deadline(series_id: str, url: str) -> Deadline:
    """When this request must end, and which limit that is, for the message."""
    deadline = Deadline(
        time.monotonic() + REQUEST_DEADLINE, f"the {REQUEST_DEADLINE:g}s deadline per request"
    )
    held = _SERIES.get()
    if held is not None and held[0] == series_id and held[1] < deadline.end:
        deadline = Deadline(held[1], f"the {SERIES_DEADLINE:g}s deadline per series")
    if deadline.end <= time.monotonic():
        raise FetchError(series_id, url, f"not requested: {deadline.why} has passed")
    return deadline


def get(
    session: requests.Session, url: str, series_id: str, params: dict[str, Any] | None = None
) -> requests.Response:
    """GET with the session's retries and limits; any failure becomes a FetchError naming series and URL."""
    deadline = _deadline(series_id, url)
    timeout = (TIMEOUT[0], max(0.001, min(TIMEOUT[1], deadline.end - time.monotonic())))
    token = _REQUEST.set(deadline)
    try:
        response = session.get(url, params=params, timeout=timeout, stream=True)
    except FetchError as exc:  # the body reader's: name the series
        raise FetchError(series_id, exc.where, exc.message) from exc.__cause__
    except requests.exceptions.RequestException as exc:
        raise _request_error(exc, series_id, url, deadline, timeout[1]) from exc
    finally:
        _REQUEST.reset(token)
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
    exc: requests.exceptions.RequestException, series_id: str, url: str, deadline: Deadline, read: float
) -> FetchError:
    """The FetchError for a request that failed after urllib3's retries (told apart by their types)."""
    reason = getattr(exc.args[0] if exc.args else None, "reason", None)  # urllib3's, in MaxRetryError
    if isinstance(reason, DeadlineReached):
        return FetchError(
            series_id, url, f"no complete answer within {deadline.why} (a retry would end after it)"
        )
    if isinstance(exc, requests.exceptions.RetryError):
        return FetchError(series_id, url, f"gave up after retries: {exc.__context__ or exc}")
    if isinstance(exc, requests.exceptions.Timeout):
        return FetchError(series_id, url, _timed_out(deadline, exc.__class__.__name__))
    if isinstance(exc, requests.exceptions.ConnectionError):
        if isinstance(reason, ReadTimeoutError):
            # requests reports a read timeout that outlasted the retries as a ConnectionError
            return FetchError(series_id, url, _timed_out(deadline, f"no answer within {read:g}s"))
        return FetchError(
            series_id, url, f"could not connect ({reason.__cause__ or reason if reason else exc})"
        )
    return FetchError(series_id, url, f"request failed: {exc}")


def _timed_out(deadline: Deadline, detail: str) -> str:
    if time.monotonic() >= deadline.end - 0.05:
        return f"no complete answer within {deadline.why}"
    return f"timed out after retries ({detail})"


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
