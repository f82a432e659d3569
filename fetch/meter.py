"""Every byte of an answer read against a clock: the request's deadline and a speed floor.

urllib3's read timeout bounds each socket read, not a whole answer: a server sending one byte every
few seconds (in its status line, its headers or its body) would never time out. So the connection
pools here build http.client responses that read their socket through a meter: before each read the
socket's timeout is cut to what is left of the deadline (and, once bytes flow, to the speed window);
after it the meter counts the bytes and abandons the transfer when fewer than ``min_speed`` bytes a
second came over the last ``window`` seconds, as curl's ``--speed-limit``/``--speed-time`` do.
Installed through public hooks: a PoolManager's ``pool_classes_by_scheme``, a pool's
``ConnectionCls`` and http.client's ``response_class``. The transfer under way travels in a context
variable set by ``fetch.http.get``.
"""

from __future__ import annotations

import http.client
import io
import socket
import time
from collections import deque
from contextvars import ContextVar
from dataclasses import dataclass, field

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from fetch.errors import FetchError


@dataclass
class Transfer:
    """The limits of the request under way (monotonic clock) and the URL its messages name."""

    end: float  # the deadline
    why: str  # which deadline, for the message: "the 120s deadline per request"
    min_speed: float  # bytes per second; 0 turns the floor off
    window: float  # seconds the speed is averaged over
    url: str = ""
    received: int = field(default=0)  # bytes of every attempt so far, for the message

    def left(self) -> float:
        return self.end - time.monotonic()


TRANSFER: ContextVar[Transfer | None] = ContextVar("transfer", default=None)


class Meter:
    """One answer's bytes against its transfer's limits: FetchError once either is broken."""

    def __init__(self, transfer: Transfer) -> None:
        self.transfer = transfer
        self.first: float | None = None  # when the first byte came: the speed floor counts from it
        self.total = 0
        self.before = 0  # bytes received before the window that ends now
        self.marks: deque[tuple[float, int]] = deque()  # (time, total) after each read

    def timeout(self, read_timeout: float | None) -> float:
        """The socket timeout for the next read: never past the deadline, nor a window of silence."""
        left = self.transfer.left()
        if left <= 0:
            self._fail(f"the answer was not complete within {self.transfer.why}")
        limit = left if read_timeout is None else min(read_timeout, left)
        if self.first is not None and self.transfer.min_speed > 0:
            limit = min(limit, self.transfer.window)
        return max(limit, 0.001)

    def count(self, size: int) -> None:
        now = time.monotonic()
        if self.first is None:
            self.first = now
        self.total += size
        self.transfer.received += size
        self.marks.append((now, self.total))
        self.check(now)

    def check(self, now: float) -> None:
        """FetchError if the deadline passed or the last window brought less than the floor."""
        transfer = self.transfer
        if now >= transfer.end:
            self._fail(f"the answer was not complete within {transfer.why}")
        if transfer.min_speed <= 0 or self.first is None or now - self.first < transfer.window:
            return
        while self.marks and self.marks[0][0] <= now - transfer.window:
            self.before = self.marks.popleft()[1]
        rate = (self.total - self.before) / transfer.window
        if rate < transfer.min_speed:
            self._fail(
                f"the transfer slowed to {rate:,.1f} bytes/s over the last {transfer.window:g}s, below "
                f"the floor of {transfer.min_speed:,.0f} bytes/s (FETCH_MIN_SPEED over "
                f"FETCH_SPEED_WINDOW)"
            )

    def _fail(self, message: str) -> None:
        raise FetchError("", self.transfer.url, f"{message}; abandoned after {self.total:,} bytes")


class MeteredSocketIO(io.RawIOBase):
    """The raw socket reader under http.client's buffered one, every read bounded by the meter."""

    def __init__(self, sock: socket.socket, meter: Meter) -> None:
        super().__init__()
        self._sock = sock
        self._raw = sock.makefile("rb", buffering=0)
        self._meter = meter
        self._read_timeout = sock.gettimeout()  # urllib3's, set just before the response is read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int | None:  # type: ignore[override]
        self._sock.settimeout(self._meter.timeout(self._read_timeout))
        try:
            size = self._raw.readinto(buffer)
        except TimeoutError:
            self._meter.check(time.monotonic())  # a cut timeout: the deadline or the floor says why
            raise  # urllib3's own read timeout
        if size:
            self._meter.count(size)
        return size

    def close(self) -> None:
        self._raw.close()
        super().close()


class MeteredResponse(http.client.HTTPResponse):
    """http.client's response, reading status line, headers and body through a meter."""

    def __init__(self, sock: socket.socket, *args, **kwargs) -> None:
        super().__init__(sock, *args, **kwargs)
        transfer = TRANSFER.get()
        if transfer is not None:
            self.fp.close()  # the buffered reader http.client made; the socket stays open
            self.fp = io.BufferedReader(MeteredSocketIO(sock, Meter(transfer)))


class MeteredHTTPConnection(HTTPConnection):
    response_class = MeteredResponse


class MeteredHTTPSConnection(HTTPSConnection):
    response_class = MeteredResponse


class MeteredHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = MeteredHTTPConnection


class MeteredHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = MeteredHTTPSConnection


POOL_CLASSES = {"http": MeteredHTTPConnectionPool, "https": MeteredHTTPSConnectionPool}
