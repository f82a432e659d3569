"""In Debian's Chromium: accessibility (Deque's axe-core) on every page in light and dark, the phone
width (titles wrap, nothing cut), the PNG export's legend and maps that play. The deck's keys and PDF:
test_browser_present.py.

axe-core is installed (pinned, sha256-checked) by ``python -m dashboard.assets`` into tests/vendor/.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from browser_harness import CHROMIUM, IDLE, offline_page, open_page

from dashboard.assets import AXE_SCRIPT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed"),
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PAGES = ["", "pay_gap", "births", "work", "unpaid_care", "compare", "sources", "?present=1"]
BLOCKING = ("serious", "critical")
WAIT_MS = 180_000  # generous: the machine running the suite may be shared and loaded
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ") + " :: " + n.failureSummary)}));
}"""


# The run is over and every element drawn at full strength: Streamlit fades an element it is about to
# replace (``data-stale``) and shows a skeleton until a lazy element loads; axe measuring a faded
# element's contrast (#bfbfbf on white, once in CI) would be measuring the transition, not the page.
DRAWN = f"""() => ({IDLE})()
    && !document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')
    && [...document.querySelectorAll('[data-testid="stElementContainer"]')]
        .every(e => getComputedStyle(e).opacity === '1')"""


def settle(page, chart: bool = True) -> None:
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=WAIT_MS)
    if chart:
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=WAIT_MS)
    page.wait_for_function(DRAWN, timeout=WAIT_MS)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(server: str, reader, path: str, scheme: str) -> None:
    """axe-core finds no serious or critical violation; every chart has its text alternative."""
    if not AXE_SCRIPT.is_file():
        pytest.fail("axe-core missing: run `python -m dashboard.assets` (see .ci/run)")
    with reader(color_scheme=scheme, keep=True) as (page, blocked):  # pages reached as from the menu
        open_page(page, server, path)
        settle(page, chart=path not in ("sources", "?present=1"))
        page.add_script_tag(path=str(AXE_SCRIPT))
        violations = page.evaluate(AXE_RUN)
        serious = [v for v in violations if v["impact"] in BLOCKING]
        assert not serious, json.dumps(serious, indent=1)[:4000]
        charts = page.locator(".js-plotly-plot")
        for index in range(charts.count()):
            label = page.evaluate(
                "(el) => el.closest('[aria-label]')?.getAttribute('aria-label') || ''",
                charts.nth(index).element_handle(),
            )
            assert label.strip(), f"chart {index} on /{path} has no text alternative"
        assert blocked == []


def test_phone_width_titles_wrap_and_fit(server: str, browser) -> None:
    """At 390 px every frame's title (its heading, the one title a frame has) is inside the screen,
    wrapped onto lines rather than cut; a map's year title is inside its chart."""
    ARTIFACTS.mkdir(exist_ok=True)
    with offline_page(browser, width=390, height=844) as (page, blocked):
        page.goto(f"{server}/work?tab=Map")
        settle(page)
        page.wait_for_selector(".js-plotly-plot .geo", timeout=WAIT_MS)
        page.screenshot(path=str(ARTIFACTS / "phone_work.png"))
        headings = page.evaluate(
            """() => [...document.querySelectorAll('[data-testid="stMain"] h4')].map(h => {
                 const r = h.getBoundingClientRect();
                 const line = parseFloat(getComputedStyle(h).lineHeight);
                 const lines = Math.round(r.height / line);
                 return {text: h.textContent, left: r.left, right: r.right, lines};
               })"""
        )
        assert len(headings) >= 2, headings
        assert all(h["left"] >= 0 and h["right"] <= 390 for h in headings), headings
        assert max(h["lines"] for h in headings) >= 2, headings  # a long title wrapped, not cut
        overflow = page.evaluate(
            """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(plot => {
                 const box = plot.getBoundingClientRect();
                 return [...plot.querySelectorAll('.gtitle')].map(t => t.getBoundingClientRect())
                   .filter(r => r.left < box.left - 1 || r.right > box.right + 1);
               })"""
        )
        assert overflow == []
        assert blocked == []


def test_png_export_keeps_the_whole_legend(server: str, browser) -> None:
    """The chart image from the Download tab, with nine lines: nothing runs off the PNG's edge, and
    the SVG names every line in its legend."""
    countries = ["JPN", "USA", "DEU", "FRA", "GBR", "ITA", "ESP", "CAN"]
    with offline_page(browser) as (page, blocked):
        page.goto(f"{server}/work?tab=Download&countries={','.join(countries)}")
        png_button = page.get_by_role("button", name="Chart image (PNG)")
        png_button.wait_for(timeout=WAIT_MS)
        with page.expect_download(timeout=120_000) as png_info:
            png_button.click()
        png = Path(png_info.value.path()).read_bytes()
        with page.expect_download(timeout=120_000) as svg_info:
            page.get_by_role("button", name="Chart image (SVG)").click()
        svg = Path(svg_info.value.path()).read_text(encoding="utf-8")
        assert blocked == []
    (ARTIFACTS / "legend_export.png").write_bytes(png)
    import numpy as np
    from PIL import Image

    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))  # rows x columns x RGBA
    background = image[0, 0]
    edges = [image[-4:, :], image[:, -4:], image[:, :4]]  # a clipped label would leave ink at the border
    assert all((edge == background).all() for edge in edges), "something runs off the PNG's edge"
    from registry.groups import country_name

    legend = svg[svg.index('class="legend"') :]
    for name in ["South Korea", *(country_name(c) for c in countries), "OECD average"]:
        assert name in legend, name
    assert png.startswith(b"\x89PNG")


def test_map_plays_through_the_years(server: str, browser) -> None:
    with offline_page(browser) as (page, blocked):
        page.goto(f"{server}/pay_gap?tab=Map&year=2015")
        settle(page)
        plot = page.locator(".js-plotly-plot:has(.geo)").first
        plot.wait_for(timeout=WAIT_MS)
        assert plot.locator(".gtitle").text_content() == "2015"  # on screen the map is titled by its year
        assert "No data" in plot.locator(".legend").text_content()
        plot.scroll_into_view_if_needed()
        plot.locator(".updatemenu-button").first.click()  # play
        page.wait_for_function(
            "(el) => !el.querySelector('.gtitle').textContent.includes('2015')",
            arg=plot.element_handle(),
            timeout=120_000,
        )
        assert "year=2015" in page.evaluate(
            "location.href"
        )  # the link still opens the map on the year it names
        assert blocked == []
