"""The web server in front of the app: unknown paths get the app's own page-not-found with links,
idle websockets are closed, excess ones refused, and under a low descriptor limit a flood of idle
connections leaves the server answering and a real browser painting its chart.

The middleware is driven directly as ASGI (fast); the flood runs the real server (``streamlit run
serve.py``) under a 1,024-descriptor limit it may not raise, with Chromium as the real browser.
"""

from __future__ import annotations

import asyncio
import re
import time
import tomllib

import pytest
from fetch_helpers import ROOT

from dashboard import server
from dashboard.routes import PAGES
from dashboard.server import (
    FIRST_CHUNKS,
    FirstView,
    PageNotFound,
    Websockets,
    imported_chunks,
    not_found_page,
    streamlit_chunks,
)


async def _streamlit(scope, receive, send) -> None:
    """Stands for Streamlit: answers any HTTP request; accepts a websocket and reads until it ends."""
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"streamlit"})
        return
    await send({"type": "websocket.accept"})
    while (await receive())["type"] != "websocket.disconnect":
        pass


def _http(path: str, accept: bytes = b"text/html,application/xhtml+xml") -> tuple[int, bytes]:
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "headers": [(b"accept", accept)]}
    asyncio.run(PageNotFound(_streamlit)(scope, receive, send))
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


@pytest.mark.parametrize("path", ["/dashboard/pages/claims", "/pay_gap/extra", "/no_such_page"])
def test_an_unknown_path_gets_the_page_not_found_with_links(path):
    status, body = _http(path)
    text = body.decode()
    assert status == 404 and "Page not found" in text and f"<code>{path}</code>" in text
    assert all(f'<a href="/{page.route}">{page.title.replace("&", "&amp;")}</a>' in text for page in PAGES)


@pytest.mark.parametrize("path", ["/", "/pay_gap", "/sources/", "/_stcore/health", "/app/static/x.json"])
def test_pages_and_streamlit_paths_pass_through(path):
    assert _http(path) == (200, b"streamlit")


def test_assets_pass_through():
    assert _http("/dashboard/pages/static/js/main.js", accept=b"*/*") == (200, b"streamlit")


def test_the_path_asked_for_is_shown_as_text():
    body = not_found_page('/<img src="https://example.org/x">', [("claims", "Claims")]).decode()
    assert "<img" not in body and "&lt;img src=&quot;https://example.org/x&quot;&gt;" in body


async def _connect(middleware: Websockets, client: str, log: list[dict]) -> asyncio.Task:
    """A websocket that connects and then says nothing; what the middleware sends goes to ``log``."""
    incoming: asyncio.Queue = asyncio.Queue()
    incoming.put_nowait({"type": "websocket.connect"})

    async def send(message):
        log.append(message)

    task = asyncio.create_task(middleware({"type": "websocket", "client": (client, 1)}, incoming.get, send))
    await asyncio.sleep(0.01)
    return task


def test_an_idle_websocket_is_closed_after_the_timeout():
    async def run() -> float:
        middleware, log = Websockets(_streamlit, idle=0.3), []
        started = time.monotonic()
        task = await _connect(middleware, "10.0.0.1", log)
        await asyncio.wait_for(task, 5)  # the app saw a disconnect and ended its session
        return time.monotonic() - started

    assert 0.3 <= asyncio.run(run()) < 2


def test_each_client_and_the_descriptor_limit_cap_the_websockets(monkeypatch):
    monkeypatch.setattr(server, "session_cap", lambda: 5)

    async def run() -> tuple[list, list, list]:
        middleware = Websockets(_streamlit, idle=60, per_client=3)
        one, other, third = [], [], []
        tasks = [await _connect(middleware, "203.0.113.7", one) for _ in range(4)]
        tasks += [await _connect(middleware, "198.51.100.2", other) for _ in range(3)]
        tasks += [await _connect(middleware, "192.0.2.9", third)]
        for task in tasks:
            task.cancel()
        return one, other, third

    one, other, third = asyncio.run(run())
    refused = {"type": "websocket.close", "code": 1013, "reason": "server busy, try again later"}
    assert one.count({"type": "websocket.accept"}) == 3 and one.count(refused) == 1  # its own cap
    assert other.count({"type": "websocket.accept"}) == 2 and other.count(refused) == 1  # the total: 5
    assert third == [refused]


def test_the_cap_follows_the_descriptor_limit(monkeypatch):
    monkeypatch.setattr(server.resource, "getrlimit", lambda kind: (1024, 1024))
    assert server.session_cap() == (1024 - server.RESERVED_FDS) // server.FDS_PER_SESSION


PAGE = b"<!DOCTYPE html><html><head><title>Streamlit</title></head><body></body></html>"


def _served(scope: dict, messages: list[dict], view: FirstView | None = None) -> list[dict]:
    """What ``FirstView`` sends when the app behind it answers with ``messages``."""
    sent: list[dict] = []

    async def app(scope, receive, send) -> None:
        for message in messages:
            await send(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    view = view or FirstView(app)
    view.app = app
    asyncio.run(view({"type": "http", "method": "GET", "headers": [], **scope}, receive, send))
    return sent


def _page(body: bytes, content_type: bytes = b"text/html; charset=utf-8", status: int = 200, **extra) -> list:
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    headers += [(name.encode(), value) for name, value in extra.items()]
    half = len(body) // 2  # in two parts, as a server may send it
    return [
        {"type": "http.response.start", "status": status, "headers": headers},
        {"type": "http.response.body", "body": body[:half], "more_body": True},
        {"type": "http.response.body", "body": body[half:]},
    ]


def test_a_page_names_plotlys_and_the_page_links_scripts_to_load_at_once():
    chunks = streamlit_chunks()
    # Streamlit's own files, one each: the name carries its release's hash
    names = [chunk.split(".")[0] for chunk in chunks]
    assert names == list(FIRST_CHUNKS) == ["PageLink", "Html", "PlotlyChart"]
    sent = _served({"path": "/pay_gap"}, _page(PAGE))
    body = b"".join(m.get("body", b"") for m in sent[1:])
    headers = dict(sent[0]["headers"])
    assert int(headers[b"content-length"]) == len(body)
    head = body.split(b"</head>")[0].decode()
    for chunk in chunks:
        assert f'<link rel="modulepreload" crossorigin href="./static/js/{chunk}">' in head
        assert f'import("./static/js/{chunk}")' in head
    assert body.replace(FirstView(None).preload, b"") == PAGE  # nothing else changed


@pytest.mark.parametrize(
    ("scope", "messages"),
    [
        ({"path": "/", "method": "HEAD"}, _page(b"")),  # a HEAD's length is the page's, not its body's
        ({"path": "/static/js/index.js"}, _page(PAGE)),  # Streamlit's files
        ({"path": "/x.js"}, _page(b"let a = '</head>'", content_type=b"application/javascript")),
        ({"path": "/"}, _page(b"\x1f\x8b...", **{"content-encoding": b"gzip"})),  # compressed
        ({"path": "/nope"}, _page(PAGE, status=404)),
    ],
)
def test_anything_else_passes_as_it_is(scope, messages):
    sent = _served(scope, messages)
    assert sent == messages


def test_every_script_a_first_chunk_imports_comes_with_the_page_and_runs_after_the_run_is_asked_for():
    """Each script a first chunk imports, directly or not, is in Streamlit's page or preloaded with it
    (else Plotly waited for one from a server busy with the run), and they run once the app's
    websocket has sent its request for the run."""
    folder = server.streamlit_static() / "static" / "js"
    page = (folder.parent.parent / "index.html").read_text(encoding="utf-8")
    preload = FirstView(None).preload.decode()
    todo, seen = list(streamlit_chunks()), set()
    while todo:
        chunk = todo.pop()
        prologue = (folder / chunk).read_text(encoding="utf-8", errors="replace").split(";var ")[0]
        for name in set(re.findall(r'(?:from|import)\s*"\./([\w.-]+\.js)"', prologue)) - seen:
            seen.add(name)
            todo.append(name)
            assert f'href="./static/js/{name}"' in page + preload or f'src="./static/js/{name}"' in page
    assert set(imported_chunks(streamlit_chunks())) == {n for n in seen if f"/js/{n}" not in page}
    assert preload.index("socket.send = function") < preload.index("import(")


def test_the_first_browser_about_to_connect_has_the_front_pages_modules_imported_in_the_background():
    import gc
    import sys

    name = "dashboard.bins"  # a module of the app, not loaded by this test's imports
    sys.modules.pop(name, None)
    gc.unfreeze()
    view = FirstView(None, modules=(name,))
    _served({"path": "/_stcore/health"}, _page(b"ok", content_type=b"text/plain"), view)
    _served({"path": "/"}, _page(PAGE), view)
    assert view.warming is None  # a health check is no browser, and one loading the page not yet
    _served({"path": "/_stcore/host-config"}, _page(b"{}", content_type=b"application/json"), view)
    assert view.warming is not None
    view.warming.join(timeout=30)
    assert name in sys.modules
    assert gc.get_freeze_count() > 0  # then kept out of Streamlit's collection after every run
    gc.unfreeze()


def test_a_served_dashboard_watches_none_of_its_files():
    """Streamlit's default watcher walked every loaded module after each script run (most of the
    server's CPU for a page load) and polled the files: a deployed dashboard changes only when it is
    deployed again."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["fileWatcherType"] == "none"
