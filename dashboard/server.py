"""What the web server does before Streamlit sees a request (ASGI middleware, installed by serve.py).

- **Unknown paths**: a browser asking for a page the app does not have (``/dashboard/pages/claims``)
  gets this app's "page not found" with a link to every page (HTTP 404), not a blank page: Streamlit
  answers any path with its index page, whose relative script paths break under a nested one.
- **The first view**: a page's HTML loads Plotly's script at once and runs it while the server
  runs the page, and the front page's modules are imported as the first browser connects
  (``FirstView``).
- **Idle and excess websockets**: each Streamlit session holds about four file descriptors (its
  socket, and its event loop's epoll and self-pipe) from the moment it connects, whether or not it
  ever asks for a page. A websocket that sends nothing for IDLE_SECONDS is closed (a real browser
  reconnects to the same session at once), no client may hold more than PER_CLIENT, and no more
  are accepted than the descriptor limit leaves room for: a flood is refused (close code 1013, "try
  again later") instead of leaving the server answering "Too many open files".
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import html
import importlib
import os
import re
import resource
import threading
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from pathlib import Path
from typing import Any

from dashboard import staging

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

IDLE_SECONDS = float(os.environ.get("DASHBOARD_IDLE_SECONDS", "1800"))
PER_CLIENT = int(os.environ.get("DASHBOARD_SOCKETS_PER_CLIENT", "100"))  # a classroom behind one address
FDS_PER_SESSION = 4  # measured: 100 idle websockets took the server from 55 to 256 descriptors
RESERVED_FDS = 128  # files, the HTTP connections of page loads, the data folder's reads
# What the front page's first view draws with, imported when the first browser asks for the host
# configuration: not pandas, which that view does without (dashboard/pages/claims.py); with it, the
# first run waited for its import (last message 1.1 s after the websocket opened, against 0.3 s now)
WARM_MODULES = ("plotly.io", "dashboard.pages.claims", "registry.catalogue")
# What the rest of the front page and the other pages read data and judge with (pandas among them),
# imported once the whole front page is drawn (dashboard/staging.py), or after LATER_AFTER seconds
LATER_MODULES = ("dashboard.data", "dashboard.verdicts", "claims.engine")
LATER_AFTER = 10.0
# A browser asks for it once it has loaded and run Streamlit's scripts, just before it connects
CONNECTING = "/_stcore/host-config"
# Streamlit's scripts loaded only when an element needs them, which the first view needs: Plotly (every
# page charts), the page link of every claim card, drawn as a taller grey box until its script runs
# (each card below moved 20 px when it came), and st.html's, which holds the front page's style for
# those links (without it, the first chart came 0.2–0.4 s later: median of 5, interleaved)
FIRST_CHUNKS = ("PageLink", "Html", "PlotlyChart")
# Run the scripts (Plotly's takes 0.6 s of the page's only thread) as soon as the app's websocket has
# sent its first message, the request for the page's run: run before, they held back Streamlit's
# connection by as long; from then on, they run while the server computes the page.
AFTER_FIRST_SEND = (
    "window.WebSocket = new Proxy(window.WebSocket, { construct(target, args) {"
    " window.WebSocket = target; const socket = Reflect.construct(target, args);"
    " socket.send = function (data) { delete socket.send;"
    " try { socket.send(data); } finally { setTimeout(() => { IMPORTS }, 0); } }; return socket; } });"
)
STATIC_IMPORT = re.compile(r'import\s*(?:[\w${},\s*]*?from\s*)?"\./([\w.-]+\.js)";?')
PAGE_SCRIPT = re.compile(r'(?:src|href)="\./static/js/([\w.-]+\.js)"')  # in Streamlit's index.html
IMPORTS_READ = 16_384  # a chunk's leading imports fit well within this (Plotly's: 1.2 kB)
STREAMLIT_PREFIXES = ("/_stcore/", "/static/", "/app/static/", "/media/", "/component/", "/-/")


def raise_descriptor_limit() -> tuple[int, int]:
    """Raise this process's soft limit on open files to its hard limit (as ``ulimit -n $(ulimit
    -Hn)`` would), where the system allows; the limits now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
    if soft < wanted:  # a container may forbid it: the session cap follows whatever is in force
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def streamlit_static() -> Path:
    """The installed Streamlit's web page folder: index.html, and its scripts under static/js/."""
    import streamlit

    return Path(streamlit.__file__).parent / "static"


def streamlit_chunks(names: Iterable[str] = FIRST_CHUNKS) -> list[str]:
    """The file names of these of Streamlit's lazily loaded scripts (each name carries a hash per
    release); a name found once or not at all in the installed Streamlit is left out."""
    folder = streamlit_static() / "static" / "js"
    found = [sorted(folder.glob(f"{name}.*.js")) for name in names]
    return [files[0].name for files in found if len(files) == 1]


def imported_chunks(chunks: Iterable[str]) -> list[str]:
    """The scripts these chunks import, directly or not, that Streamlit's page does not load already:
    fetched only when a chunk is run, they made Plotly's wait 0.1 s for a server busy with the run."""
    static = streamlit_static()
    try:
        loaded = set(PAGE_SCRIPT.findall((static / "index.html").read_text(encoding="utf-8")))
    except OSError:
        loaded = set()
    todo, seen, found = list(chunks), set(chunks) | loaded, []
    while todo:
        for name in _static_imports(static / "static" / "js" / todo.pop(0)):
            if name not in seen:
                seen.add(name)
                todo.append(name)
                found.append(name)
    return found


def _static_imports(path: Path) -> list[str]:
    """The scripts a Streamlit chunk imports in the ``import … from "./x.js";`` statements it begins with."""
    try:
        with path.open(encoding="utf-8", errors="replace") as file:
            head = file.read(IMPORTS_READ)
    except OSError:
        return []
    names, position = [], 0
    while match := STATIC_IMPORT.match(head, position):
        names.append(match.group(1))
        position = match.end()
    return names


class FirstView:
    """What a browser opening a page needs first, started as soon as it asks for the page.

    Every page charts with Plotly, whose script (4.7 MB, 0.65 s to run here) a browser otherwise
    requests only when a chart arrives, then runs while the page waits. The page's HTML names it (and
    the scripts it imports) to load at once (``modulepreload``) and runs it as soon as the app's
    websocket has asked for the page's run, so it runs while the server computes the page; run
    earlier, it held back that request by as long. The page link's and st.html's small scripts come
    with it, so the claim cards' links are drawn as links at once (in 6 of 6 loads of the front page,
    against 1 of 3 without). And the first browser about to connect to the process has the front
    page's first view's modules imported in the background (``WARM_MODULES``: Plotly, the claim
    checker's models, the registry), which its first run would otherwise wait for; not sooner, where
    the import slowed the server sending Streamlit's scripts (0.15 s later). What the rest of the page
    reads data with (``LATER_MODULES``: pandas among them) follows once the whole page is drawn (its
    second run imports what it needs), not while the browser paints the first view on the same cores.
    What the process then holds is kept out of the garbage collector's full collections
    (``gc.freeze``).
    """

    def __init__(
        self,
        app: ASGIApp,
        chunks: Iterable[str] | None = None,
        modules: Iterable[str] = WARM_MODULES,
        later: Iterable[str] = LATER_MODULES,
    ) -> None:
        self.app = app
        self.modules, self.later = tuple(modules), tuple(later)
        self.warming: threading.Thread | None = None
        run = streamlit_chunks() if chunks is None else list(chunks)
        sources = [f"./static/js/{chunk}" for chunk in run + imported_chunks(run)]
        links = "".join(f'<link rel="modulepreload" crossorigin href="{src}">' for src in sources)
        imports = "".join(f'import("./static/js/{chunk}").catch(() => {{}});' for chunk in run)
        script = AFTER_FIRST_SEND.replace("IMPORTS", imports)
        self.preload = f"{links}<script>{script}</script>".encode() if run else b""

    def _import(self) -> None:
        # Streamlit collects every generation after each script run (runner.postScriptGC), which
        # walked all these modules' objects each time: 0.06 of a page load's 0.12 server CPU-s here.
        # They live as long as the process, so the collector stops looking at them (``gc.freeze``;
        # the first view's without a collection first: 30 ms its first run would wait for).
        self._load(self.modules)
        gc.freeze()
        staging.PAGE_DRAWN.wait(LATER_AFTER)
        self._load(self.later)
        gc.collect()
        gc.freeze()

    @staticmethod
    def _load(names: tuple[str, ...]) -> None:
        for name in names:
            with contextlib.suppress(Exception):  # the page's own run reports what cannot load
                importlib.import_module(name)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.warming is None and scope["type"] == "http" and scope["path"].endswith(CONNECTING):
            self.warming = threading.Thread(target=self._import, name="warm-up", daemon=True)
            self.warming.start()
        if scope["type"] != "http" or scope["path"].startswith(STREAMLIT_PREFIXES):
            await self.app(scope, receive, send)
            return
        preloading = self.preload and scope["method"] == "GET"
        await self.app(scope, receive, self._preloading(send) if preloading else send)

    def _preloading(self, send: Send) -> Send:
        """``send``, except that an uncompressed HTML page gets the preload link before ``</head>``."""
        start: Message | None = None
        body = b""

        async def preloading(message: Message) -> None:
            nonlocal start, body
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers") or [])
                html_page = headers.get(b"content-type", b"").startswith(b"text/html")
                if not html_page or b"content-encoding" in headers or message.get("status") != 200:
                    await send(message)
                    return
                start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            body += message.get("body", b"")
            if message.get("more_body"):
                return
            if b"</head>" in body and self.preload not in body:
                body = body.replace(b"</head>", self.preload + b"</head>", 1)
            headers = [(k, v) for k, v in start.get("headers") or [] if k != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        return preloading


def session_cap() -> int:
    """Websockets the descriptor limit in force leaves room for."""
    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if soft == resource.RLIM_INFINITY:
        return 1 << 16
    return max(8, (soft - RESERVED_FDS) // FDS_PER_SESSION)


class Websockets:
    """Close idle websockets and refuse those over the per-client and total caps."""

    def __init__(self, app: ASGIApp, idle: float | None = None, per_client: int | None = None) -> None:
        self.app = app
        self.idle = IDLE_SECONDS if idle is None else idle
        self.per_client = PER_CLIENT if per_client is None else per_client
        self.open: Counter[str] = Counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return
        client = str((scope.get("client") or ("unknown",))[0])
        if sum(self.open.values()) >= session_cap() or self.open[client] >= self.per_client:
            await receive()  # the connect event; then refuse before any session exists
            await send({"type": "websocket.close", "code": 1013, "reason": "server busy, try again later"})
            return
        self.open[client] += 1
        try:
            await self.app(scope, self._timed(receive), send)
        finally:
            self.open[client] -= 1

    def _timed(self, receive: Receive) -> Receive:
        """``receive``, except that IDLE_SECONDS without a message from the client end the
        connection: the app is told the client left, and cleans its session up."""

        async def timed() -> Message:
            try:
                return await asyncio.wait_for(receive(), self.idle)
            except TimeoutError:
                return {"type": "websocket.disconnect", "code": 1001}

        return timed


def not_found_page(path: str, pages: Iterable[tuple[str, str]]) -> bytes:
    """The page-not-found page: the path asked for, as text, and a link to every page."""
    links = "\n".join(
        f'<li><a href="/{html.escape(route)}">{html.escape(title)}</a></li>' for route, title in pages
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Page not found · Gender statistics</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}}
a{{color:#0060A0}} p,li{{line-height:1.5}}</style></head>
<body><main><h1>Page not found</h1>
<p>This dashboard has no page at <code>{html.escape(path)}</code>. Its pages are:</p>
<ul>
{links}
</ul></main></body></html>
""".encode()


class PageNotFound:
    """HTTP 404 with ``not_found_page`` for a browser's request of a path that is no page."""

    def __init__(self, app: ASGIApp, pages: Iterable[tuple[str, str]] | None = None) -> None:
        if pages is None:
            from dashboard.routes import PAGES

            pages = [(page.route, page.title) for page in PAGES]
        self.app = app
        self.pages = list(pages)
        self.known = {
            "/",
            *(f"/{route}" for route, _ in self.pages),
            *(f"/{route}/" for route, _ in self.pages),
        }

    def _is_unknown_page(self, scope: Scope) -> bool:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return False
        path = scope["path"]
        if path in self.known or path.startswith(STREAMLIT_PREFIXES):
            return False
        accept = dict(scope.get("headers") or []).get(b"accept", b"")
        return b"text/html" in accept  # a browser navigating; assets and API calls pass

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._is_unknown_page(scope):
            await self.app(scope, receive, send)
            return
        body = not_found_page(scope["path"], self.pages)
        headers = [
            (b"content-type", b"text/html; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 404, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
