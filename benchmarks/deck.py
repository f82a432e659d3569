"""Benchmark the deck: building it once per data version, drawing its charts and PDF, and a slide's rerun.

Not a test: it reports numbers. ``python benchmarks/deck.py`` (``--runs N``) on the data in
``$DASHBOARD_DATA_DIR`` or ``data/``. The first three are paid once per data and claims version for
every viewer (``st.cache_resource``); the rerun is what each viewer's arrow key costs the server.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]


def seconds(work) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10, help="reruns of a slide (default 10)")
    args = parser.parse_args()
    from dashboard.deck import deck
    from dashboard.deck_pdf import chart_png, deck_pdf
    from dashboard.present import _judged

    judging, (claims, timed) = seconds(_judged)
    building, slides = seconds(lambda: deck(claims, timed))
    drawing = [seconds(lambda s=s: chart_png(s))[0] for s in slides if s.chart is not None]
    pdf, data = seconds(lambda: deck_pdf(slides, claims.article.title if claims else "deck"))
    print(f"judge the claims (cold):       {judging:6.2f} s")
    print(f"build {len(slides)} slides:              {building:6.2f} s")
    print(
        f"draw a slide's chart (PNG):    {statistics.median(drawing):6.2f} s median, {max(drawing):.2f} s max"
    )
    print(f"draw the PDF ({len(data) / 1e3:.0f} kB):         {pdf:6.2f} s")

    from run import ScriptClock  # benchmarks/run.py: the script's own time inside AppTest
    from streamlit.testing.v1 import AppTest

    clock = ScriptClock()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update({"present": "1", "slide": "3"})
    at.run()  # fills the caches
    clock.samples.clear()
    for _ in range(args.runs):
        at.run()
    print(f"a slide's rerun (warm):        {statistics.median(clock.samples):6.0f} ms median script time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
