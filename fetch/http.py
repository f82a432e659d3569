"""One HTTP session for every publisher: timeouts, retries with backoff, a User-Agent, an optional cache.

Retries are urllib3's own (429 and 5xx, honouring Retry-After), not a hand-written loop. Every step
is bounded from the first byte: connecting (CONNECT_TIMEOUT), waiting for the answer to start
(READ_TIMEOUT), then the status line, headers and body, each read cut to what is left of the
request's deadline (REQUEST_DEADLINE) and of the series' (SERIES_DEADLINE), and abandoned when fewer
than MIN_SPEED bytes a second come over SPEED_WINDOW seconds (fetch.meter). The body is streamed and
refused once it decompresses to more than the publisher's ``max_answer_mb`` (registry/publishers.toml;
a gzip bomb never reaches memory). Each limit has an environment variable; the defaults follow from
the publishers' real answers: the largest is a World Bank API answer of about 4 MB (all economies x
all years of an indicator), the OECD's 0.7 MB (the wage gap with labels), OWID's 1.3 MB (a grapher
CSV), KOSIS's 10 kB. At 1 Mbit/s the largest takes 32 s, so 120 s per request; a stalled server
(1 byte a second) is cut off after SPEED_WINDOW seconds. All through public interfaces: urllib3's
``Retry`` and ``HTTPResponse.read1``, requests' ``HTTPAdapter.build_response``; the limits of the
request under way travel in a context variable, not on the session.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3 import HTTPHeaderDict, HTTPResponse
from urllib3.exceptions import HTTPError, MaxRetryError, ReadTimeoutError, ResponseError
from urllib3.util.retry import Retry

from fetch.decode import decode_text, load_json
from fetch.errors import FetchError
from fetch.meter import POOL_CLASSES, TRANSFER, Transfer
from registry.publishers import Publisher, publishers


def _env(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


USER_AGENT = "gender-stats-dashboard/0.1 (+https://github.com/; fact-checking op-ed claims; python-requests)"
# connect; wait for the first byte (the World Bank API is slow to start at times)
TIMEOUT = (_env("FETCH_CONNECT_TIMEOUT", 10), _env("FETCH_READ_TIMEOUT", 60))
RETRY_STATUSES = (429, 500, 502, 503, 504)
MAX_RETRY_AFTER = 120  # seconds; longer waits (OECD hourly blocks) fail with a clear message instead
REQUEST_DEADLINE = _env("FETCH_REQUEST_DEADLINE", 120)  # seconds, a whole answer
SERIES_DEADLINE = _env("FETCH_SERIES_DEADLINE", 600)  # seconds, all of a series' requests
MIN_SPEED = _env("FETCH_MIN_SPEED", 1000)  # bytes/s, averaged over SPEED_WINDOW; 0: no floor
SPEED_WINDOW = _env("FETCH_SPEED_WINDOW", 10)  # seconds
# decompressed MB; unset: each publisher's max_answer_mb (registry/publishers.toml)
MAX_BODY_MB: float | None = _env("FETCH_MAX_BODY_MB", 0) or None
CHUNK = 64 * 1024


def answer_cap(publisher: Publisher | None = None) -> float:
    """MB an answer or file may hold: FETCH_MAX_BODY_MB if set, else the publisher's (the largest)."""
    if MAX_BODY_MB is not None:
        return MAX_BODY_MB
    if publisher is not None:
        return publisher.max_answer_mb
    return max(p.max_answer_mb for p in publishers().values())


def _cap_name(publisher: Publisher | None) -> str:
    if MAX_BODY_MB is not None or publisher is None:
        return "FETCH_MAX_BODY_MB"
    return f"{publisher.name}'s max_answer_mb in registry/publishers.toml"


class DeadlineReached(ResponseError):
    """A retry would end after the request's deadline (urllib3's reason for giving up)."""


# The body cap of the request under way, and the deadline of the series whose requests these are
# (set by ``series_deadline``).
_CAP: ContextVar[tuple[float, str]] = ContextVar("cap", default=(0.0, ""))
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
        transfer = TRANSFER.get()
        if transfer is not None and max(wait or 0, retry.get_backoff_time()) > transfer.left():
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
    """requests' transport adapter: its connection pools read every answer through a meter
    (fetch.meter), and each successful body is read at once within the answer cap, before anything
    else (requests-cache included) sees the response."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = POOL_CLASSES

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith("socks"):  # SOCKS pools have connection classes of their own
            manager.pool_classes_by_scheme = POOL_CLASSES
        return manager

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        transfer = TRANSFER.get()
        if transfer is not None:
            transfer.url = request.url or transfer.url  # the URL with its query, for messages
        return super().send(request, *args, **kwargs)

    def build_response(self, req: requests.PreparedRequest, resp: HTTPResponse) -> requests.Response:
        if resp.status < 400 and TRANSFER.get() is not None:
            resp = _bounded(resp, req.url or "", *_CAP.get())
        return super().build_response(req, resp)


def _bounded(resp: HTTPResponse, url: str, cap_mb: float, cap_name: str) -> HTTPResponse:
    """The decompressed body read in chunks, as a response of its own: FetchError past ``cap_mb``
    (the meter raises past the deadline or below the speed floor; ``get`` names the series)."""
    limit = int(cap_mb * 1_000_000)
    body = bytearray()
    complete = False
    try:
        while chunk := resp.read1(CHUNK, decode_content=True):  # returns as soon as bytes arrive
            body += chunk
            if len(body) > limit:
                raise FetchError(
                    "",
                    url,
                    f"the answer is larger than {cap_mb:g} MB once decompressed ({cap_name}); "
                    "refused without reading the rest",
                )
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


def _transfer(series_id: str, url: str) -> Transfer:
    """This request's limits: its deadline (and which limit that is, for the message), the floor."""
    end, why = time.monotonic() + REQUEST_DEADLINE, f"the {REQUEST_DEADLINE:g}s deadline per request"
    held = _SERIES.get()
    if held is not None and held[0] == series_id and held[1] < end:
        end, why = held[1], f"the {SERIES_DEADLINE:g}s deadline per series"
    if end <= time.monotonic():
        raise FetchError(series_id, url, f"not requested: {why} has passed")
    return Transfer(end, why, MIN_SPEED, SPEED_WINDOW, url)


def get(
    session: requests.Session,
    url: str,
    series_id: str,
    params: dict[str, Any] | None = None,
    publisher: Publisher | None = None,
) -> requests.Response:
    """GET with the session's retries and limits (the answer cap is ``publisher``'s); any failure
    becomes a FetchError naming series and URL."""
    transfer = _transfer(series_id, url)
    left = transfer.left()
    timeout = (max(0.001, min(TIMEOUT[0], left)), max(0.001, min(TIMEOUT[1], left)))
    tokens = (TRANSFER.set(transfer), _CAP.set((answer_cap(publisher), _cap_name(publisher))))
    try:
        response = session.get(url, params=params, timeout=timeout, stream=True)
    except FetchError as exc:  # the meter's or the body reader's: name the series
        raise FetchError(series_id, exc.where, exc.message) from exc.__cause__
    except requests.exceptions.RequestException as exc:
        raise _request_error(exc, series_id, transfer, timeout[1]) from exc
    finally:
        TRANSFER.reset(tokens[0])
        _CAP.reset(tokens[1])
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
    exc: requests.exceptions.RequestException, series_id: str, transfer: Transfer, read: float
) -> FetchError:
    """The FetchError for a request that failed after urllib3's retries (told apart by their types)."""
    url = transfer.url
    reason = getattr(exc.args[0] if exc.args else None, "reason", None)  # urllib3's, in MaxRetryError
    if isinstance(reason, DeadlineReached):
        return FetchError(
            series_id, url, f"no complete answer within {transfer.why} (a retry would end after it)"
        )
    if isinstance(exc, requests.exceptions.RetryError):
        return FetchError(series_id, url, f"gave up after retries: {exc.__context__ or exc}")
    if isinstance(exc, requests.exceptions.Timeout):
        return FetchError(series_id, url, _timed_out(transfer, exc.__class__.__name__))
    if isinstance(exc, requests.exceptions.ConnectionError):
        if isinstance(reason, ReadTimeoutError):
            # requests reports a read timeout that outlasted the retries as a ConnectionError
            return FetchError(series_id, url, _timed_out(transfer, f"no answer within {read:g}s"))
        return FetchError(
            series_id, url, f"could not connect ({reason.__cause__ or reason if reason else exc})"
        )
    return FetchError(series_id, url, f"request failed: {exc}")


def _timed_out(transfer: Transfer, detail: str) -> str:
    if transfer.left() <= 0.05:
        return f"no complete answer within {transfer.why}"
    return f"timed out after retries ({detail})"


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith("<!doctype html") or head.startswith("<html") or "<head" in head


def _text(response: requests.Response, series_id: str, lines: Publisher | None = None) -> str:
    content_type = response.headers.get("Content-Type", "")
    return decode_text(response.content, series_id, response.url, content_type, lines)


def json_body(response: requests.Response, series_id: str) -> Any:
    """The JSON body, or a FetchError saying it was HTML, XML, undecodable, truncated or too deep."""
    text = _text(response, series_id)
    if _looks_like_html(text):
        raise FetchError(series_id, response.url, "expected JSON but the server sent an HTML page")
    if text.lstrip().startswith("<"):
        raise FetchError(series_id, response.url, f"expected JSON but the server sent XML: {text[:200]!r}")
    return load_json(text, series_id, response.url)


def text_body(response: requests.Response, series_id: str, expected: str, publisher: Publisher) -> str:
    """A CSV body, or a FetchError if a line is too long, it is undecodable or the server sent an HTML
    page instead."""
    text = _text(response, series_id, publisher)
    if _looks_like_html(text):
        raise FetchError(series_id, response.url, f"expected {expected} but the server sent an HTML page")
    return text
