"""The frames in Chromium at a phone's and a projector's size: nothing wider than the screen, legends and
titles inside their charts, the table's value column on a phone's screen and sorted by number, the
years picked writing ``time=`` to the link, the map's PNG without its timeline, the pay-gap map's
colours for Korea and Japan in 2023, and Explore for a series added with ``python -m fetch add``."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_harness import CHROMIUM, IDLE, offline_page, open_page, streamlit_server

from dashboard.frame import COUNTRY_PX

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed"),
]
SIZES = [(390, 844), (1366, 768)]
PAGES = [
    "pay_gap",
    "births",
    "work",
    "unpaid_care",
    "explore",
    "pay_gap?tab=Map&region=Europe",
    "unpaid_care?tab=Map",
    "work?tab=Table",
    "births?births_tab=Map&fertility_rate_national_tab=Table",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SETTLED = f"""() => ({IDLE})()
    && document.querySelectorAll('.js-plotly-plot .main-svg, [data-testid="stDataFrame"]').length > 0"""
# Still for STILL_FRAMES animation frames in a row: the page's width and every chart's, table's, legend's
# and title's box (a chart resizes to its column, then moves its legend, a frame or two after drawing).
STILL_FRAMES = 10
STILL = """(frames) => {
    const boxes = [...document.querySelectorAll(
        '.js-plotly-plot, .js-plotly-plot .legend, .js-plotly-plot .gtitle, [data-testid="stDataFrame"]')]
        .map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; });
    const state = JSON.stringify([document.documentElement.scrollWidth, boxes]);
    const seen = window.__still || { state: null, frames: 0 };
    window.__still = state === seen.state ? { state, frames: seen.frames + 1 } : { state, frames: 0 };
    return window.__still.frames >= frames;
}"""
BOXES = """() => [...document.querySelectorAll('.js-plotly-plot')].map(plot => {
    const box = plot.getBoundingClientRect();
    const parts = [...plot.querySelectorAll('.legend, .gtitle')].map(e => e.getBoundingClientRect());
    return parts.every(r => r.width === 0 || (r.left >= box.left - 1 && r.right <= box.right + 1));
})"""
HEADINGS = """() => [...document.querySelectorAll('[data-testid="stMain"] h1, [data-testid="stMain"] h4')]
    .map(h => [h.textContent, h.getBoundingClientRect().left, h.getBoundingClientRect().right])
    .filter(([, left, right]) => left < 0 || right > window.innerWidth)"""
TABLE = """(df) => ({
    heads: [...df.querySelectorAll('table th')].map(t => t.textContent),
    rows: [...df.querySelectorAll('table tbody tr')]
        .map(r => [...r.querySelectorAll('td')].map(c => c.textContent)),
})"""

# What each tab of a frame draws: a line chart, a map, a table
TAB_DRAWN = {
    "Chart": ".js-plotly-plot .cartesianlayer",
    "Map": ".js-plotly-plot .geo",
    "Table": "[data-testid='stDataFrame']",
}
SORTED_UP = "(df) => [...df.querySelectorAll('table th')].some(t => t.textContent.startsWith('↑'))"


def settle(page, url: str | None) -> None:
    """Open ``url`` (None: stay) and wait until the app is idle and its charts or tables drawn."""
    if url is not None:
        page.goto(url)
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=60_000)
    page.wait_for_function(SETTLED, timeout=60_000)
    page.evaluate("() => { delete window.__still; }")
    page.wait_for_function(STILL, arg=STILL_FRAMES, polling="raf", timeout=60_000)


def check_fits(page, name: str, width: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"frame_{name}_{width}.png"))
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    main = page.locator("[data-testid='stMain']")
    assert main.evaluate("m => m.scrollWidth <= m.clientWidth + 1"), f"{name}: wider than the screen"
    assert all(page.evaluate(BOXES)), f"{name}: a legend or title leaves its chart"
    assert page.evaluate(HEADINGS) == [], f"{name}: a heading runs off the screen"
    assert not page.locator("[data-testid='stException']").count()
    assert "../shared" not in main.inner_text()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_measure_frames_fit_the_screen(server: str, browser, size: tuple[int, int]) -> None:
    with offline_page(browser, *size) as (page, blocked):
        for path in PAGES:
            open_page(page, server, path)
            settle(page, None)
            check_fits(page, path.replace("?", "_").replace("=", "-"), size[0])
        assert blocked == []


def test_the_pay_gap_map_colours_korea_and_japan_apart_in_2023(server: str, browser) -> None:
    with offline_page(browser, 390, 844) as (page, _):
        settle(page, f"{server}/pay_gap?tab=Map&year=2023")
        page.wait_for_selector(".js-plotly-plot .geo .choroplethlocation", timeout=120_000)
        colours = page.evaluate(
            """() => {
            const gd = document.querySelector('.js-plotly-plot');
            const fill = code => gd.data.slice(0, -1).filter(t => t.locations.includes(code))
                .map(t => t.colorscale[0][1]);
            return [fill('KOR'), fill('JPN')];
        }"""
        )
        assert len(colours[0]) == 1 and len(colours[1]) == 1 and colours[0] != colours[1]


def test_explore_frames_a_series_added_with_fetch_add(
    browser, tmp_path, publishers, snapshot, capsys, monkeypatch
) -> None:
    import shutil

    from fetch_helpers import ROOT, WB_PREFIX, json_reply, wb_indicator_path

    from commands.fetch import main
    from registry import catalogue

    series_dir = tmp_path / "series"
    shutil.copytree(ROOT / "series", series_dir)
    monkeypatch.setenv(catalogue.SERIES_DIR_VARIABLE, str(series_dir))
    code = "SG.GEN.PARL.ZS"
    publishers.route(f"{WB_PREFIX}/indicator/{code}", json_reply(f"worldbank/indicator_{code}.json"))
    publishers.route(wb_indicator_path(code), json_reply(f"worldbank/{code}.json"))
    assert main(["add", "worldbank", code]) == 0
    assert main(["sg_gen_parl_zs", "--data-dir", str(snapshot)]) == 0
    env = {"SERIES_DIR": str(series_dir), "DASHBOARD_DATA_DIR": str(snapshot)}
    with streamlit_server(env=env) as (url, _):
        for size in SIZES:
            with offline_page(browser, *size) as (page, _):
                settle(page, f"{url}/explore?series=sg_gen_parl_zs")  # its link, then its tabs clicked
                for tab, drawn in TAB_DRAWN.items():
                    if tab != "Chart":
                        page.get_by_role("tab", name=tab).click()
                        page.wait_for_function(f"() => location.search.includes('tab={tab}')")
                        page.wait_for_selector(drawn, timeout=60_000)
                        settle(page, None)
                    assert page.locator(drawn).count(), tab
                    check_fits(page, f"explore_added_{tab}", size[0])


def test_the_tables_value_column_is_on_a_phones_screen_and_sorts_by_number(server: str, browser) -> None:
    """Glide's data grid lists in its accessible table only the columns on screen: at 390 px the value
    is there, next to the country, and the code is not (at 1366 px it is, so the check can tell).
    Sorted by the value, the rows are the year's smallest figures in the CSV, in numeric order (as
    text, "10.0" would come third)."""
    import pandas as pd

    from store.files import DEFAULT_DATA_DIR

    published = pd.read_csv(DEFAULT_DATA_DIR / "pay_gap.csv").query("year == 2023")["value"]
    values: list[float] = []
    for width, code_shown in ((390, False), (1366, True)):
        with offline_page(browser, width, 844) as (page, _):
            settle(page, f"{server}/pay_gap?tab=Table&group=all&year=2023")
            grid = page.locator("[data-testid='stDataFrame']")
            page.wait_for_selector("[data-testid='stDataFrame'] table th", state="attached")
            heads = grid.evaluate(TABLE)["heads"]
            assert heads[:3] == ["Country", "Value (%)", "Year"], heads
            assert ("Code" in heads) is code_shown, heads
            if width == 390:  # on the phone, sorted by the value
                grid.scroll_into_view_if_needed()
                box = grid.bounding_box()
                page.mouse.click(box["x"] + COUNTRY_PX + 30, box["y"] + 17)  # the value's header
                page.wait_for_function(SORTED_UP, arg=grid.element_handle())
                values = [float(row[1]) for row in grid.evaluate(TABLE)["rows"]]
    smallest = sorted(published)[: len(values)]
    as_text = sorted(published, key=str)[: len(values)]
    assert len(values) >= 3 and smallest != as_text  # the data tell a numeric sort from a text sort
    assert values == pytest.approx(smallest), values


def test_the_years_picked_write_time_to_the_link(server: str, browser) -> None:
    """Picking the first year shown (typed into the From box, as a keyboard user would) redraws the
    chart and writes ``time=``; opening that link shows the same years."""
    with offline_page(browser, 1300, 900) as (page, _):
        settle(page, f"{server}/pay_gap")
        page.locator("[data-testid='stSelectbox']").filter(has_text="From").first.click()
        page.keyboard.type("1990")
        page.keyboard.press("Enter")
        page.wait_for_function("() => location.search.includes('time=1990..2024')", timeout=60_000)
        settle(page, None)
        heading = page.locator("[data-testid='stMain'] h4").first
        assert heading.inner_text().replace("\u2060", "") == "Gender wage gap, 1990–2024"
        query = page.evaluate("location.search")
        settle(page, f"{server}/pay_gap{query}")  # the link reproduces the view
        assert heading.inner_text().replace("\u2060", "") == "Gender wage gap, 1990–2024"
        ticks = page.evaluate("() => [...document.querySelectorAll('.xtick text')].map(t => +t.textContent)")
        assert min(ticks) >= 1990, ticks


def test_the_map_png_downloaded_has_no_timeline(server: str, browser) -> None:
    import io

    import numpy as np
    from PIL import Image

    with offline_page(browser, 1300, 900) as (page, _):
        page.goto(f"{server}/pay_gap?tab=Download")  # no chart on this tab: wait for its button
        button = page.get_by_role("button", name="Map image (PNG)")
        button.wait_for(timeout=60_000)
        with page.expect_download(timeout=120_000) as info:
            button.click()
        png = Path(info.value.path()).read_bytes()
    (ARTIFACTS / "frame_map_download.png").write_bytes(png)
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    assert image.shape[1] == 2000 and image.shape[0] < image.shape[1]
    border = (np.abs(image - np.array([0xBE, 0xC8, 0xD9])).max(axis=2) <= 3).sum()
    assert border < 200  # the map drawn with its timeline has thousands (tests/test_downloads.py)
