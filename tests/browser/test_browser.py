"""End to end in Debian's Chromium: every page renders a chart, no exception, maps drawn offline.

Screenshots go to tests/artifacts/ (ignored by git) for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_harness import CHROMIUM, assert_no_traceback, offline_page, wait_idle

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason=f"{CHROMIUM} not installed: enable with `sudo apt-get install -y chromium` "
        "(or run `python3 start.py test` as root)",
    ),
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PAGES = [
    "pay_gap?tab=Map",
    "births?measure=fertility_rate&tab=Map",
    "work?tab=Map",
    "unpaid_care?tab=Map",
    "explore?series=lfp_female&tab=Map",
    "compare",
    "sources",
]  # each measure page's first frame on its Map tab (test_browser_frames.py opens the others); the
# front page: test_claims.py, at each of its routes
MAP_PAGES = {"pay_gap", "births", "work", "unpaid_care", "explore"}
WAIT_MS = 120_000  # generous: the first page of a run starts the app on a machine that may be loaded


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_offline(server: str, reader, path: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    name = path.split("?")[0]
    with reader() as (page, blocked):
        page.goto(f"{server}/{path}")
        wait_idle(page)
        page.wait_for_selector("[data-testid='stMain'] h1", timeout=WAIT_MS)
        if name == "sources":
            page.wait_for_selector("[data-testid='stDataFrame']", timeout=WAIT_MS)
        else:
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=WAIT_MS)
        if name in MAP_PAGES:
            page.wait_for_selector(".js-plotly-plot .geo .choroplethlocation", timeout=WAIT_MS)
            assert page.locator(".js-plotly-plot .geo .choroplethlocation").count() > 5
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        assert_no_traceback(page, blocked)


def test_narrow_dark_screen(server: str, browser) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with offline_page(browser, width=390, height=844, color_scheme="dark") as (page, blocked):
        page.goto(f"{server}/pay_gap?countries=JPN")
        wait_idle(page)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
        page.screenshot(path=str(ARTIFACTS / "narrow_dark_pay_gap.png"), full_page=True)
        assert blocked == []


def test_downloads_are_what_is_shown(server: str, browser) -> None:
    """The Download tab's chart data holds the publisher's values for the view in the URL (its years and
    countries); the chart's PNG is an image of the chart."""
    import pandas as pd

    ARTIFACTS.mkdir(exist_ok=True)
    with offline_page(browser) as (page, blocked):
        page.goto(f"{server}/pay_gap?tab=Download&time=2005..2020&countries=JPN")
        wait_idle(page)
        button = page.get_by_role("button", name="Chart data (CSV)")
        button.wait_for(timeout=120_000)
        with page.expect_download(timeout=120_000) as download_info:
            button.click()
        rows = pd.read_csv(download_info.value.path())
        published = pd.read_csv(Path(__file__).resolve().parents[2] / "data" / "pay_gap.csv")
        for code in ("KOR", "JPN"):
            expected = published[(published["country_code"] == code) & published["year"].between(2005, 2020)]
            drawn = rows[rows["country_code"] == code]
            assert drawn["year"].tolist() == expected["year"].tolist()
            assert drawn["value (% of men's median earnings)"].tolist() == expected["value"].tolist()
        assert set(rows["country_code"]) == {"KOR", "JPN", "OECD"}  # the lines drawn, nothing else

        with page.expect_download(timeout=120_000) as png_info:
            page.get_by_role("button", name="Chart image (PNG)").click()
        png = Path(png_info.value.path()).read_bytes()
        (ARTIFACTS / "pay_gap_export.png").write_bytes(png)
        assert png.startswith(b"\x89PNG") and len(png) > 10_000
        assert blocked == []


HOSTILE_LINKS = [
    "pay_gap?year=%C2%B2",  # a superscript two: isdigit() but not int()
    "?present=1&slide=%C2%B3",
    "compare?year=" + "9" * 20_000,  # past Python's int-from-string limit
    "pay_gap?countries=JPN&countries=USA",  # a repeated key: both countries
    "births?measure=%3Cimg%20src%3Dhttps%3A%2F%2Fexample.com%2Fa.png%3E&group=!%5Bx%5D(https%3A%2F%2Fexample.com%2Fb.png)",
    "?present=1&slide=99999999999",
    "explore?series=!%5Bx%5D(https%3A%2F%2Fexample.com%2Fs.png)",  # the notice made this an image
    "compare?x=fertility_rate&y=fertility_rate",  # one series on both axes
    "pay_gap?tab=%3Cscript%3Ealert(1)%3C%2Fscript%3E&time=abc..",  # a frame's tab and years
    "pay_gap?tab=Map&year=99999&region=%3Cb%3EAtlantis%3C%2Fb%3E",
    "births?births_tab=Map&births_year=abc&time=" + "1" * 5000,
    "claims#%E0%A4%A",  # a card's address cut inside a character: no card named, no script error
]
HOSTILE_CLAIMS = (
    '\ufeff[article]\r\ntitle = "![t](https://example.com/t.png)"\r\npublished = 2999-01-01\r\n'
    '[[claims]]\r\nid = "q"\r\nquote = "<img src=https://example.com/i.png> ![q](https://example.com/q.png)"\r\n'
    '[[claims.checks]]\r\nkind = "about_value"\r\nseries = "pay_gap"\r\nclaimed = 30\r\ntolerance = 3\r\n'
)


def test_hostile_links_and_upload_show_no_traceback(server: str, browser, tmp_path: Path) -> None:
    """Odd links fall back with a notice; a Windows-saved claims file with Markdown images uploads."""
    with offline_page(browser) as (page, blocked):  # each link opened afresh: a new app session
        for link in HOSTILE_LINKS:
            page.goto(f"{server}/{link}")
            wait_idle(page)
            page.wait_for_selector(".js-plotly-plot .main-svg, [data-testid='stMain'] table", timeout=120_000)
            body = assert_no_traceback(page, blocked)
            if "countries=JPN&countries=USA" in link:
                chosen = page.locator("[data-testid='stMultiSelect']").first.inner_text()
                assert "Japan" in chosen and "United States" in chosen
    upload = tmp_path / "windows.toml"
    upload.write_bytes(HOSTILE_CLAIMS.encode("utf-8"))
    with offline_page(browser) as (page, blocked):
        page.goto(server)
        wait_idle(page)
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(upload))
        quote = "![q](https://example.com/q.png)"  # shown as typed: no image, nothing fetched
        # the page streams in: the byline and the card's verdicts may follow the quote by seconds;
        # zero-width spaces keep a URL in text from being linked, so they are read past
        for expected in (quote, "dated 1 January 2999", "When written:"):
            page.wait_for_function(
                "(t) => document.querySelector('[data-testid=\"stMain\"]').innerText"
                ".replaceAll('\\u200b', '').includes(t)",
                arg=expected,
                timeout=120_000,
            )
        wait_idle(page)
        body = assert_no_traceback(page, blocked)
        assert "dated 1 January 2999" in body and "When written:" in body, body[:2000]
        assert not page.locator(
            "[data-testid='stMain'] :is(img[src*='example.com'], a[href*='example.com'])"
        ).count()


def test_a_request_off_this_machine_is_listed_and_refused(browser) -> None:
    """What every browser test's ``blocked`` rests on: a page's request to another host, named or by
    address, is listed and fails."""
    with offline_page(browser) as (page, blocked):
        page.set_content("<img src='http://example.com/a.png'>")
        fetched = page.evaluate(
            "() => fetch('http://93.184.216.34/b').then(() => 'answered', () => 'refused')"
        )
        page.wait_for_function("() => document.querySelector('img').complete")
        assert fetched == "refused"
        assert sorted(blocked) == ["http://93.184.216.34/b", "http://example.com/a.png"]


def test_a_page_of_the_shared_browser_holds_nothing_of_the_test_before(server: str, browser) -> None:
    """What sharing a browser profile between tests rests on (browser_harness.SharedBrowser): cookies,
    local and session storage and permissions one test left are gone for the next; requests are listed
    afresh."""
    with offline_page(browser, 1280, 900) as (page, blocked):
        page.goto(f"{server}/_stcore/health")
        page.evaluate("() => { localStorage.setItem('left', '1'); sessionStorage.setItem('left', '1'); }")
        page.context.add_cookies([{"name": "left", "value": "1", "url": server}])
        page.context.grant_permissions(["clipboard-read"], origin=server)
        page.evaluate("() => fetch('http://example.com/left').catch(() => null)")
        assert blocked == ["http://example.com/left"]
    with offline_page(browser, 1280, 900) as (page, blocked):
        page.goto(f"{server}/_stcore/health")
        left = page.evaluate(
            """async () => [localStorage.getItem('left'), sessionStorage.getItem('left'),
                (await navigator.permissions.query({name: 'clipboard-read'})).state]"""
        )
        assert left == [None, None, "prompt"]
        assert "left" not in [cookie["name"] for cookie in page.context.cookies()]  # Streamlit sets its own
        assert blocked == []
