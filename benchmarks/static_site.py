"""N concurrent viewers of the claims page: served as static files (python -m publish, behind
``python -m http.server``) against live Streamlit views, in the same run, on this machine.

Not a test: it reports numbers. ``python benchmarks/static_site.py --viewers 10 30 60``. Each viewer is
a browser context that opens the page and waits for its first chart (benchmarks/classroom.py's
viewers, the network blocked); for the static site also a plain HTTP load (the page and every file
it loads, no browser) to find what the server itself holds. Reported per N: views per second, the
server's CPU-seconds per view and peak memory, and whether every view completed within the limit; the
largest N each held is the last line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from browser_harness import free_port  # noqa: E402
from classroom import PeakMemory, _cpu, _viewers, classroom  # noqa: E402

LIMIT_S = 120.0  # a view that has not drawn its chart by then counts as not held


def static_server(folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d", str(folder)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the static server did not start")


def page_files(folder: Path, page: str) -> list[str]:
    """The page and every file it loads (scripts, stylesheet), as a browser without a cache fetches."""
    text = (folder / page).read_text(encoding="utf-8")
    return [page, *re.findall(r'(?:src|href)="((?:\.\./)?assets/[^"]+)"', text)]


def measured(proc: psutil.Process, run) -> dict[str, float]:
    before = _cpu([proc])
    memory = PeakMemory(proc)
    memory.start()
    started = time.perf_counter()
    result = run()
    wall = time.perf_counter() - started
    memory.running = False
    memory.join()
    return {
        "wall_s": wall,
        "server_cpu_s": _cpu([proc]) - before,
        "peak_rss_mb": memory.peak / 2**20,
        **result,
    }


def static_browsers(url: str, count: int) -> dict[str, float]:
    times, _, _ = asyncio.run(_viewers(url + "index.html", count, 0.0))
    return {"complete": sum(t <= LIMIT_S for t in times), "slowest_s": max(times)}


def static_http(url: str, files: list[str], count: int) -> dict[str, float]:
    def view(_: int) -> bool:
        try:
            for name in files:
                with urllib.request.urlopen(url + name, timeout=LIMIT_S) as answer:
                    answer.read()
            return True
        except OSError:
            return False

    with ThreadPoolExecutor(max_workers=min(count, 64)) as pool:
        return {"complete": sum(pool.map(view, range(count)))}


def say(kind: str, row: dict) -> None:
    print(json.dumps({"kind": kind, **row}), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--viewers", type=int, nargs="+", default=[5, 10])
    parser.add_argument("--http-viewers", type=int, nargs="+", default=[100, 400])
    parser.add_argument("--no-streamlit", action="store_true")
    args = parser.parse_args()
    from publish.build import build

    report: dict[str, list] = {"static_browser": [], "static_http": [], "streamlit_browser": []}
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        build(site)
        proc, url = static_server(site)
        try:
            server = psutil.Process(proc.pid)
            files = page_files(site, "index.html")
            static_browsers(url, 1)  # warm: the page cache, Chromium's start
            for count in args.http_viewers:  # first: the server alone, before the browsers load the machine
                row = measured(server, lambda c=count: static_http(url, files, c))
                report["static_http"].append({"viewers": count, **row, "views_per_s": count / row["wall_s"]})
                say("static_http", report["static_http"][-1])
            for count in args.viewers:
                row = measured(server, lambda c=count: static_browsers(url, c))
                report["static_browser"].append(
                    {"viewers": count, **row, "views_per_s": count / row["wall_s"]}
                )
                say("static_browser", report["static_browser"][-1])
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    if not args.no_streamlit:
        for count in args.viewers:
            row = classroom(count, spread=0.0)
            report["streamlit_browser"].append(
                {"viewers": count, "views_per_s": count / row["wall_until_all_painted_s"], **row}
            )
            say("streamlit_browser", report["streamlit_browser"][-1])
    for rows in report.values():
        for row in rows:
            cpu = row.get("server_cpu_s", row.get("server_cpu_s_total", 0.0))
            row["server_cpu_s_per_view"] = cpu / row["viewers"]
    held = {
        kind: max((r["viewers"] for r in rows if r.get("complete", r["viewers"]) == r["viewers"]), default=0)
        for kind, rows in report.items()
    }
    print(json.dumps({**report, "largest_n_with_every_view_complete": held}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
