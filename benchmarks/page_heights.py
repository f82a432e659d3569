"""How tall each measure page is, in pixels, at a desktop and a phone width (issue 18's yardstick).

Not a test: it reports numbers. ``python benchmarks/page_heights.py`` starts the app, opens each page
in headless Chromium at 1300 and 390 px wide, waits until every chart has drawn, and prints the
height of the page's content. ``--widths 1300 390 1366``, ``--pages pay_gap work``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from browser_harness import IDLE  # noqa: E402 (found through the path above)

PAGES = ["pay_gap", "births", "work", "unpaid_care", "explore"]
SETTLED = f"""() => ({IDLE})()
    && document.querySelectorAll('.js-plotly-plot .main-svg').length > 0"""
HEIGHT = """() => {
    const block = document.querySelector('[data-testid="stMainBlockContainer"]');
    return Math.round(block.getBoundingClientRect().height);
}"""


def measure(url: str, pages: list[str], widths: list[int]) -> dict[str, dict[int, int]]:
    from browser_harness import offline_page

    heights: dict[str, dict[int, int]] = {page: {} for page in pages}
    for width in widths:
        with offline_page(width=width, height=900) as (page, _):
            for name in pages:
                page.goto(f"{url}/{name}")
                page.wait_for_selector("[data-testid='stMain'] h1", timeout=60_000)
                page.wait_for_function(SETTLED, timeout=60_000)
                page.wait_for_timeout(1500)  # plots resize to their container once drawn
                heights[name][width] = page.evaluate(HEIGHT)
    return heights


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--widths", type=int, nargs="+", default=[1300, 390])
    parser.add_argument("--pages", nargs="+", default=PAGES)
    args = parser.parse_args()
    from browser_harness import streamlit_server

    with streamlit_server() as (url, _):
        heights = measure(url, args.pages, args.widths)
    print("page".ljust(14) + "".join(f"{w} px".rjust(10) for w in args.widths))
    for name, by_width in heights.items():
        print(name.ljust(14) + "".join(f"{by_width[w]:>10,}" for w in args.widths))


if __name__ == "__main__":
    main()
