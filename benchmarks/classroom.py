"""A class of thirty at once, and the cold start against a bare one-chart page (used by run.py).

Each viewer is its own browser context (no shared cache or cookies) in one headless Chromium; they
open the front page at random moments within ``spread`` seconds. CPU: the Streamlit server's process
(psutil), and the browsers' own: the processes under this one other than the server (Chromium's
browser, GPU and network processes, Playwright's driver) plus each page's main-thread time from
DevTools, so the report can say how much of the wall time is the browsers' work on this machine.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import threading
import time
from pathlib import Path

import psutil
from browser_harness import CHROMIUM, CHROMIUM_ARGS, FIRST_PAINT, LOCAL_PREFIXES, streamlit_server

from start import APP

CHART = ".js-plotly-plot .main-svg"
TIMEOUT_MS = 1_200_000  # an upper bound: 30 browsers drawing the front page share two cores here


def _cpu(processes: list[psutil.Process]) -> float:
    total = 0.0
    for proc in processes:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def _server(url: str) -> psutil.Process:
    port = url.rsplit(":", 1)[1]
    for proc in psutil.Process().children(recursive=True):
        command = " ".join(proc.cmdline())
        if "streamlit" in command and port in command:
            return proc
    raise RuntimeError(f"no streamlit process serving {url}")


class PeakMemory(threading.Thread):
    """Samples a process's resident memory every 50 ms until stopped."""

    def __init__(self, proc: psutil.Process) -> None:
        super().__init__(daemon=True)
        self.proc, self.peak, self.running = proc, 0, True

    def run(self) -> None:
        while self.running:
            try:
                self.peak = max(self.peak, self.proc.memory_info().rss)
            except psutil.NoSuchProcess:
                return
            time.sleep(0.05)


async def _viewers(url: str, count: int, spread: float) -> tuple[list[float], float, float]:
    """Open ``count`` viewers within ``spread`` s: each one's seconds to its first chart, the wall time,
    and the pages' own main-thread CPU (Chrome DevTools ``TaskDuration``: renderers are forked by
    Chromium's zygote and re-parented, so psutil cannot find them under this process)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        async def block(route) -> None:
            if route.request.url.startswith(LOCAL_PREFIXES):
                await route.continue_()
            else:
                await route.abort()

        contexts = [await browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(count)]
        pages = []
        for context in contexts:
            page = await context.new_page()
            await page.route("**/*", block)
            pages.append(page)
        started = time.perf_counter()

        async def view(page, delay: float) -> tuple[float, float]:
            devtools = await page.context.new_cdp_session(page)
            await devtools.send("Performance.enable")
            await asyncio.sleep(delay)
            opened = time.perf_counter()
            await page.goto(url, timeout=TIMEOUT_MS)
            await page.wait_for_selector(CHART, timeout=TIMEOUT_MS)
            painted = time.perf_counter() - opened
            metrics = (await devtools.send("Performance.getMetrics"))["metrics"]
            return painted, next(m["value"] for m in metrics if m["name"] == "TaskDuration")

        delays = [random.uniform(0, spread) for _ in pages]
        results = await asyncio.gather(*(view(p, d) for p, d in zip(pages, delays, strict=True)))
        wall = time.perf_counter() - started
        await browser.close()
    return [r[0] for r in results], wall, sum(r[1] for r in results)


def classroom(count: int = 30, spread: float = 3.0, script: str = APP) -> dict[str, float]:
    """Server CPU per session, peak memory, wall time until every viewer painted a chart, browser CPU."""
    with streamlit_server(script=script) as (url, _):
        server = _server(url)
        asyncio.run(_viewers(url, 1, 0))  # one viewer first, so imports and shared caches are warm
        mine = psutil.Process()
        before_server = _cpu([server])
        memory = PeakMemory(server)
        memory.start()
        cpu_start = time.perf_counter()
        seen: dict[int, psutil.Process] = {}

        def watch() -> None:  # browser processes come and go: remember each one's last CPU reading
            while memory.running:
                for proc in mine.children(recursive=True):
                    if proc.pid != server.pid:
                        seen.setdefault(proc.pid, proc)
                        try:
                            t = proc.cpu_times()
                            proc.last = t.user + t.system  # type: ignore[attr-defined]
                        except psutil.NoSuchProcess:
                            pass
                time.sleep(0.2)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        times, wall, pages_cpu = asyncio.run(_viewers(url, count, spread))
        server_cpu = _cpu([server]) - before_server
        memory.running = False
        watcher.join()
        memory.join()
        browser_cpu = sum(getattr(p, "last", 0.0) for p in seen.values()) + pages_cpu
        elapsed = time.perf_counter() - cpu_start
    return {
        "viewers": count,
        "spread_s": spread,
        "server_cpu_s_per_session": server_cpu / count,
        "server_cpu_s_total": server_cpu,
        "server_peak_rss_mb": memory.peak / 2**20,
        "wall_until_all_painted_s": wall,
        "median_viewer_first_chart_s": statistics.median(times),
        "slowest_viewer_first_chart_s": max(times),
        "browser_cpu_s_total": browser_cpu,
        "pages_main_thread_busy_s": pages_cpu,
        "browser_share_of_cpu": browser_cpu / max(browser_cpu + server_cpu, 1e-9),
        "cores": psutil.cpu_count() or 0,
        "measured_for_s": elapsed,
    }


def cold_start(script: str) -> float:
    """Seconds from ``streamlit run SCRIPT`` to its first chart painted in a fresh Chromium: the end of
    the first frame after a chart's SVG is in the page, timed by the page itself (Playwright's own
    polling of a busy page would notice it up to a second late)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.add_init_script(FIRST_PAINT)
        started = time.time()  # the page's clock is the wall clock (performance.timeOrigin)
        with streamlit_server(script=script) as (url, _):
            page.goto(url)
            page.wait_for_function("() => window.__firstPaint", timeout=120_000)
            painted = page.evaluate("window.__firstPaint.at") / 1000 - started
        browser.close()
    return painted


BARE = str(Path(__file__).with_name("bare_app.py"))


def side_by_side(rounds: int = 3) -> dict[str, float]:
    """The app's front page against the bare page, alternated so both see the same machine load."""
    bare = BARE
    app, floor = [], []
    for _ in range(rounds):
        floor.append(cold_start(bare))
        app.append(cold_start(APP))
    return {
        "app_first_chart_s": statistics.median(app),
        "bare_first_chart_s": statistics.median(floor),
        "ratio": statistics.median(app) / statistics.median(floor),
        "app_samples": app,  # type: ignore[dict-item]
        "bare_samples": floor,  # type: ignore[dict-item]
    }
