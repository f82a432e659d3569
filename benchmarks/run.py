"""Benchmark the dashboard: server render time per page, and time to the first chart in Chromium.

Not a test: it reports numbers. Run ``python benchmarks/run.py`` (``--runs N``, ``--no-browser``,
``--suite`` to time the whole test suite as ``python3 start.py test`` runs it).
Server time is one rerun of a page's script with warm caches (timed around the script inside
AppTest; AppTest's own wall time is shown too), on the data in ``$DASHBOARD_DATA_DIR`` or ``data/``.
The browser figures, in headless Debian Chromium with the network blocked: ``streamlit run`` to the
first Plotly chart's SVG, for the app as start.py serves it (serve.py) and for a bare one-chart page
side by side (benchmarks/bare_app.py), and a class of 30 viewers opening the front page at once
(benchmarks/classroom.py).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]
PAGES = ["claims", "pay_gap", "births", "work", "unpaid_care", "explore", "compare", "sources"]


class ScriptClock:
    """Times the page script itself inside AppTest (its polling adds ~30 ms of its own per run).

    A server compiles each script once (its Runtime keeps one ScriptCache); AppTest makes a new
    ScriptCache on every run and so recompiles app.py and the page each time (20–80 ms that no
    viewer waits for). The clock makes AppTest keep one, as the server does.
    """

    def __init__(self) -> None:
        from streamlit.runtime.scriptrunner import script_cache, script_runner
        from streamlit.testing.v1 import app_test, local_script_runner

        shared = script_cache.ScriptCache()
        app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared

        self.samples: list[float] = []
        self.module, self.original = script_runner, script_runner.exec_func_with_error_handling

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return self.original(*args, **kwargs)
            finally:
                self.samples.append((time.perf_counter() - started) * 1000)

        script_runner.exec_func_with_error_handling = timed


def page_times(runs: int) -> dict[str, dict[str, float]]:
    from app_harness import open_app

    clock = ScriptClock()
    results = {}
    for page in PAGES:
        at = open_app(None if page == "claims" else page, timeout=120)  # the first run fills the caches
        if at.exception:
            raise SystemExit(f"{page}: {at.exception[0].message}")
        samples = []
        clock.samples.clear()
        for _ in range(runs):
            started = time.perf_counter()
            at.run()
            samples.append((time.perf_counter() - started) * 1000)
        script = list(clock.samples)
        results[page] = {
            "script_median_ms": statistics.median(script),
            "script_max_ms": max(script),
            "apptest_median_ms": statistics.median(samples),
        }
    return results


def first_chart_seconds() -> dict[str, float]:
    from browser_harness import offline_page, streamlit_server

    with offline_page() as (page, blocked):
        started = time.perf_counter()
        with streamlit_server() as (url, ready):
            page.goto(f"{url}/pay_gap")
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
            painted = time.perf_counter() - started
            page.goto(f"{url}/pay_gap")
            again = time.perf_counter()
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
            warm = time.perf_counter() - again
    return {
        "server_ready_s": ready,
        "first_chart_s": painted,
        "warm_reload_chart_s": warm,
        "blocked_requests": len(blocked),
    }


def report_classroom(results: dict[str, object], viewers: int, rounds: int) -> None:
    from classroom import BARE, classroom, side_by_side

    from start import APP

    cold = side_by_side(rounds)
    results["cold_start"] = cold
    print(
        f"streamlit run -> first chart, median of {rounds}: app {cold['app_first_chart_s']:.2f} s, "
        f"bare one-chart page {cold['bare_first_chart_s']:.2f} s, ratio {cold['ratio']:.2f} (goal <= 1.10)"
    )
    for name, script in (("classroom", APP), ("classroom_bare_page", BARE)):
        if not viewers:
            break
        room = classroom(viewers, script=script)
        results[name] = room
        print(f"{'front page' if script == APP else 'bare one-chart page (the floor)'}:")
        print(
            f"classroom of {viewers} (opened within {room['spread_s']:.0f} s, {room['cores']} cores): "
            f"all painted after {room['wall_until_all_painted_s']:.1f} s "
            f"(median viewer {room['median_viewer_first_chart_s']:.1f} s, "
            f"slowest {room['slowest_viewer_first_chart_s']:.1f} s)"
        )
        print(
            f"  server CPU {room['server_cpu_s_per_session'] * 1000:.0f} ms per session "
            f"({room['server_cpu_s_total']:.1f} s total), peak memory {room['server_peak_rss_mb']:.0f} MB; "
            f"browsers' own work {room['browser_cpu_s_total']:.1f} s "
            f"({room['browser_share_of_cpu']:.0%} of server + browsers; pages' main-thread busy time "
            f"{room['pages_main_thread_busy_s']:.1f} s, an upper bound on their CPU under contention)"
        )


def suite_seconds() -> dict[str, float]:
    """The whole test suite as ``python3 start.py test`` runs it (its pytest options), wall and CPU."""
    import subprocess

    from start import PARALLEL

    started, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *PARALLEL], cwd=ROOT
    )
    return {
        "suite_wall_s": time.perf_counter() - started,
        "suite_cpu_s": _children_cpu() - cpu,
        "suite_exit_code": done.returncode,
    }


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=10, help="reruns per page (default 10)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurement")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--viewers", type=int, default=30, help="classroom size (default 30; 0 skips)")
    parser.add_argument("--rounds", type=int, default=3, help="cold starts of the app and the bare page")
    parser.add_argument("--suite", action="store_true", help="also time the whole test suite")
    args = parser.parse_args()
    results: dict[str, object] = {"pages": page_times(args.runs)}
    print(f"{'page rerun':<12} {'script median ms':>17} {'max ms':>8} {'AppTest wall ms':>16}  (goal < 50)")
    for page, numbers in results["pages"].items():
        print(
            f"{page:<12} {numbers['script_median_ms']:>17.1f} {numbers['script_max_ms']:>8.1f} "
            f"{numbers['apptest_median_ms']:>16.1f}"
        )
    if not args.no_browser and Path("/usr/bin/chromium").exists():
        browser = first_chart_seconds()
        results["browser"] = browser
        print(f"streamlit run -> server ready: {browser['server_ready_s']:.2f} s")
        print(f"streamlit run -> first chart painted: {browser['first_chart_s']:.2f} s")
        print(f"reload -> chart painted (warm server): {browser['warm_reload_chart_s']:.2f} s")
    if not args.no_browser and Path("/usr/bin/chromium").exists():
        report_classroom(results, args.viewers, args.rounds)
    if args.suite:
        results["suite"] = suite_seconds()
        suite = results["suite"]
        print(
            f"test suite (python3 start.py test's pytest): {suite['suite_wall_s']:.0f} s wall, "
            f"{suite['suite_cpu_s']:.0f} CPU-s, exit code {suite['suite_exit_code']}"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
