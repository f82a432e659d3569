"""Helpers for the fetch tests: a real local HTTP server replaying recorded publisher responses.

The server runs ``http.server`` in a thread on 127.0.0.1 (random port). Each route holds a script
of replies: every request takes the next one and the last repeats, so ``[503, 200]`` is "5xx then
success" and ``[503]`` is "5xx forever". The clients are pointed at it with the base-URL variables
(WORLDBANK_BASE_URL, OECD_BASE_URL, OWID_BASE_URL), so requests go through the project's real
session, urllib3 retries, timeouts and parsers.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pandas as pd
import pytest

from fetch.common import Fetched

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHIPPED_DATA = ROOT / "data"
# World Bank files the fetch and command tests import (excerpts of real downloads, see fixtures/README.md).
BULK = FIXTURES / "worldbank/API_SP.DYN.TFRT.IN_DS2_EN_csv_v2_excerpt.csv"
BULK_META = FIXTURES / "worldbank/Metadata_Country_API_SP.DYN.TFRT.IN_DS2_EN_csv_v2_excerpt.csv"
DATABANK = FIXTURES / "worldbank/databank_lfp_male_excerpt.csv"
# Real publisher files; CI has them at ../shared (RAW_DIR overrides, e.g. in a git worktree).
RAW = Path(os.environ.get("RAW_DIR") or ROOT.parent / "shared" / "data" / "raw")

WB_PREFIX = "/wb/v2"
OECD_PREFIX = "/oecd/public/rest"
OWID_PREFIX = "/owid"
KOSIS_PATH = "/kosis/openapi/Param/statisticsParameterData.do"

WAGE_GAP_PATH = f"{OECD_PREFIX}/data/OECD.ELS.SAE,DSD_EARNINGS@GENDER_WAGE_GAP,1.1/all"
TIME_USE_PATH = f"{OECD_PREFIX}/data/OECD.WISE.INE,DSD_TIME_USE@DF_TIME_USE,1.0/all"
COUNTRY_PATH = f"{WB_PREFIX}/country"
BIRTHS_META_PATH = f"{OWID_PREFIX}/grapher/number-of-births-per-year.metadata.json"
BIRTHS_CSV_PATH = f"{OWID_PREFIX}/grapher/number-of-births-per-year.csv"
GAP_META_PATH = f"{OWID_PREFIX}/grapher/gender-wage-gap-oecd.metadata.json"
GAP_CSV_PATH = f"{OWID_PREFIX}/grapher/gender-wage-gap-oecd.csv"

SDMX_CSV = "application/vnd.sdmx.data+csv; charset=utf-8"


def fetched(result: Fetched) -> tuple[pd.DataFrame, Fetched]:
    """An import's rows and the whole result (its provenance and warnings), for assertions."""
    return result.frame, result


def value(frame, code: str, year: int) -> float:
    """The one value of a country-year in a tidy frame (fails if there are none or several)."""
    found = frame[(frame["country_code"] == code) & (frame["year"] == year)]["value"]
    assert len(found) == 1, f"{code} {year}: {len(found)} rows"
    return float(found.iloc[0])


def wb_indicator_path(indicator: str) -> str:
    return f"{WB_PREFIX}/country/all/indicator/{indicator}"


def fixture_bytes(relpath: str) -> bytes:
    return (FIXTURES / relpath).read_bytes()


@dataclass
class Reply:
    """One scripted HTTP reply."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json;charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (read-timeout tests)
    send_bytes: int | None = None  # announce the full Content-Length but send only this many bytes
    drip: float = 0.0  # seconds between single bytes of the body (a server that never finishes)
    drip_head: bool = False  # drip the status line and headers too, from the first byte


def json_reply(relpath: str, **kwargs) -> Reply:
    return Reply(body=fixture_bytes(relpath), **kwargs)


def csv_reply(relpath: str, content_type: str = "text/csv; charset=utf-8", **kwargs) -> Reply:
    return Reply(body=fixture_bytes(relpath), content_type=content_type, **kwargs)


def html_reply(status: int = 200, relpath: str = "maintenance.html") -> Reply:
    return Reply(status=status, body=fixture_bytes(relpath), content_type="text/html; charset=utf-8")


def status_reply(status: int, retry_after: str | None = None) -> Reply:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return Reply(status=status, body=f"error {status}".encode(), content_type="text/plain", headers=headers)


@dataclass
class Request:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A client that hangs up (a refused gzip bomb, a deadline) is expected, not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class PublisherServer:
    """A local HTTP server with scripted replies per (path, page) route."""

    def __init__(self) -> None:
        self._routes: dict[tuple[str, str | None], list[Reply]] = {}
        self._lock = threading.Lock()
        self.requests: list[Request] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                path = unquote(parts.path)
                query = parse_qs(parts.query)
                server._record(Request(path, query, dict(self.headers.items())))
                reply = server._next(path, (query.get("page") or [None])[0])
                try:
                    if reply.delay:
                        time.sleep(reply.delay)
                    if reply.drip_head:
                        head = (
                            f"HTTP/1.1 {reply.status} OK\r\nContent-Type: {reply.content_type}\r\n"
                            f"Content-Length: {len(reply.body)}\r\n\r\n"
                        ).encode()
                        self._drip(head + reply.body, reply.drip)
                        return
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(reply.body)))
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    if reply.send_bytes is not None:
                        self.send_header("Connection", "close")
                        self.close_connection = True
                    self.end_headers()
                    body = reply.body if reply.send_bytes is None else reply.body[: reply.send_bytes]
                    if reply.drip:
                        self._drip(body, reply.drip)
                    else:
                        self.wfile.write(body)
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up (read timeout): fine

            def _drip(self, data: bytes, pause: float) -> None:
                for index in range(len(data)):
                    self.wfile.write(data[index : index + 1])
                    self.wfile.flush()
                    time.sleep(pause)

            def log_message(self, format: str, *args) -> None:
                pass

        self._httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.01,), daemon=True)

    # --- scripting ---------------------------------------------------------------------------

    def route(self, path: str, *replies: Reply, page: int | None = None) -> None:
        """Script the replies for ``path`` (and, for paginated APIs, one ``page``).

        Without ``page`` the script replaces every earlier one for the path, all pages included.
        """
        with self._lock:
            if page is None:
                for key in [key for key in self._routes if key[0] == path]:
                    del self._routes[key]
            self._routes[(path, None if page is None else str(page))] = list(replies)

    def _next(self, path: str, page: str | None) -> Reply:
        with self._lock:
            script = self._routes.get((path, page)) or self._routes.get((path, None))
            if not script:
                return Reply(404, f"no route for {path} page={page}".encode(), "text/plain")
            return script.pop(0) if len(script) > 1 else script[0]

    def _record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    def hits(self, path: str, page: int | None = None) -> int:
        """Requests for ``path`` so far (for one ``page`` only, if given)."""
        with self._lock:
            return sum(
                1
                for r in self.requests
                if r.path == path and (page is None or r.query.get("page") == [str(page)])
            )

    # --- lifecycle ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def base_urls(self) -> dict[str, str]:
        return {
            "WORLDBANK_BASE_URL": self.url + WB_PREFIX,
            "OECD_BASE_URL": self.url + OECD_PREFIX,
            "OWID_BASE_URL": self.url + OWID_PREFIX,
            "KOSIS_BASE_URL": self.url + KOSIS_PATH,
        }

    def start(self) -> PublisherServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


# --- the recorded responses, as each publisher serves them ---------------------------------------


def serve_worldbank_countries(server: PublisherServer) -> None:
    server.route(COUNTRY_PATH, json_reply("worldbank/country_page1.json"), page=1)
    server.route(COUNTRY_PATH, json_reply("worldbank/country_page2.json"), page=2)


def serve_fertility(server: PublisherServer, release: str = "2026") -> None:
    path = wb_indicator_path("SP.DYN.TFRT.IN")
    if release == "2026":  # two pages
        server.route(path, json_reply("worldbank/SP.DYN.TFRT.IN_page1.json"), page=1)
        server.route(path, json_reply("worldbank/SP.DYN.TFRT.IN_page2.json"), page=2)
    else:
        server.route(path, json_reply("worldbank/SP.DYN.TFRT.IN_2023.json"), page=1)


def serve_all(server: PublisherServer) -> None:
    """Every series' recorded response, except lfp_male (no real response recorded: 404)."""
    serve_worldbank_countries(server)
    serve_fertility(server)
    server.route(wb_indicator_path("SP.DYN.CBRT.IN"), json_reply("worldbank/SP.DYN.CBRT.IN.json"))
    server.route(wb_indicator_path("SL.TLF.CACT.FE.ZS"), json_reply("worldbank/SL.TLF.CACT.FE.ZS.json"))
    server.route(WAGE_GAP_PATH, csv_reply("oecd/gender_wage_gap.csv", content_type=SDMX_CSV))
    server.route(TIME_USE_PATH, csv_reply("oecd/time_use.csv", content_type=SDMX_CSV))
    server.route(BIRTHS_META_PATH, json_reply("owid/number-of-births-per-year.metadata.json"))
    server.route(BIRTHS_CSV_PATH, csv_reply("owid/number-of-births-per-year.csv"))
    server.route(GAP_META_PATH, json_reply("owid/gender-wage-gap-oecd.metadata.json"))
    server.route(GAP_CSV_PATH, csv_reply("owid/gender-wage-gap-oecd.csv"))
    server.route(KOSIS_PATH, json_reply("kosis/INH_1B8000F_01.json"))


# --- python -m fetch in a child with its own memory cap -------------------------------------------

CHILD_MEMORY = 2 * 1024**3  # address space for the child: ample for a fetch, far below an unbounded bomb
PEAK = "PEAK_RSS_KB"
# The child's own peak: VmHWM belongs to the memory image execve made, whereas ru_maxrss survives
# execve and so counts the forked parent's pages too (an xdist worker's 440 MB, not the fetch's).
CHILD = (
    "import sys; from commands.fetch import main; code = main(sys.argv[1:]); "
    "hwm = next(l for l in open('/proc/self/status') if l.startswith('VmHWM:')).split()[1]; "
    f"print('{PEAK}', hwm); sys.exit(code)"
)


def run_child(
    server: PublisherServer, args: list[str], **limits: str
) -> tuple[subprocess.CompletedProcess, float]:
    """``python -m fetch ARGS`` in a child with a memory cap; returns it and its wall-clock time."""
    env = {**os.environ, **server.base_urls(), **limits, "PYTHONPATH": str(ROOT), "COLUMNS": "300"}

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))

    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,  # the test's own bound; the deadlines under test are seconds
        preexec_fn=cap_memory,
    )
    return done, time.monotonic() - started


def peak_mb(done: subprocess.CompletedProcess) -> float:
    line = next(line for line in done.stdout.splitlines() if line.startswith(PEAK))
    return int(line.split()[1]) / 1024


# --- data directories ------------------------------------------------------------------------


def tree_hashes(directory: Path) -> dict[str, str]:
    """sha256 of every file under ``directory`` (hidden and temporary files included)."""
    directory = Path(directory)
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


# --- pytest fixtures (registered through tests/conftest.py) -----------------------------------


@pytest.fixture
def publishers(monkeypatch) -> PublisherServer:
    """A started local publisher server with every recorded response; base URLs point at it.

    Retries are fast (2 retries, no backoff) so fault tests take milliseconds, not minutes.
    """
    import fetch.http

    server = PublisherServer()
    serve_all(server)
    server.start()
    for variable, value in server.base_urls().items():
        monkeypatch.setenv(variable, value)
    monkeypatch.setenv("KOSIS_API_KEY", "test-key-not-secret")
    original = fetch.http.retry_policy
    monkeypatch.setattr(
        fetch.http, "retry_policy", lambda total=2, backoff_factor=0.0: original(total=2, backoff_factor=0)
    )
    yield server
    server.stop()


@pytest.fixture
def session(publishers):
    import fetch.http

    return fetch.http.make_session()


@pytest.fixture
def snapshot(tmp_path) -> Path:
    """A copy of the shipped data/ snapshot to fetch into."""
    target = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, target)
    return target


@pytest.fixture
def raw_dir() -> Path:
    """The real publisher files in ../shared/data/raw (read-only); skip if this checkout lacks them."""
    if not RAW.is_dir():
        pytest.skip(f"{RAW} is absent (the publishers' raw files live beside the clone)")
    return RAW
