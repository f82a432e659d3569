"""The static site (python -m publish), built once per test session into a temporary folder.

Its address is a loopback port chosen before the build, so the browser tests can serve it there and
the share links, ClaimReview urls and embed code all point at the served copy.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_harness import free_port


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    base: str  # the address it was built for (served there by ``served``)
    port: int
    files: list[Path]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    from publish.build import build

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    root = tmp_path_factory.mktemp("site")
    return BuiltSite(root, base, port, build(root, base))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # no line per request in the test output
        pass


@contextmanager
def serving(folder: Path, port: int) -> Iterator[None]:
    """``folder`` from a loopback static server (what any static host does), stopped after."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def served(site: BuiltSite) -> Iterator[str]:
    """The site at the address it was built for."""
    with serving(site.root, site.port):
        yield site.base
