"""End to end in Debian's Chromium: every page renders a chart, no exception, maps drawn offline.

Screenshots go to tests/artifacts/ (ignored by git) for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_harness import CHROMIUM, offline_page, streamlit_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason=f"{CHROMIUM} not installed: enable with `sudo apt-get install -y chromium` "
        "(or run `python3 start.py test` as root)",
    ),
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PAGES = ["", "pay_gap", "births?measure=fertility_rate", "work", "unpaid_care", "compare", "sources"]
MAP_PAGES = {"pay_gap", "births", "work", "unpaid_care"}
ERROR_TEXT = ("Traceback", "Error:", "Exception")


@pytest.fixture(scope="module")
def server() -> str:
    from dashboard.assets import installed

    if not installed():
        pytest.fail("map outlines missing: run `python3 start.py setup`")
    with streamlit_server() as (url, _):
        yield url


def wait_for_app(page) -> None:
    page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=30_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_offline(server: str, path: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    name = path.split("?")[0] or "claims"
    with offline_page() as (page, blocked):
        page.goto(f"{server}/{path}")
        wait_for_app(page)
        page.wait_for_selector("[data-testid='stMain'] h1", timeout=30_000)
        if name == "sources":
            page.wait_for_selector("[data-testid='stDataFrame']", timeout=30_000)
        else:
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        if name in MAP_PAGES:
            page.wait_for_selector(".js-plotly-plot .geo .choroplethlocation", timeout=30_000)
            assert page.locator(".js-plotly-plot .geo .choroplethlocation").count() > 5
        body = page.locator("[data-testid='stMain']").inner_text()
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        assert not page.locator("[data-testid='stException']").count()
        assert not any(marker in body for marker in ERROR_TEXT), body[:500]
        assert blocked == [], f"requests left this machine: {blocked[:5]}"


def test_narrow_dark_screen(server: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with offline_page(width=390, height=844, color_scheme="dark") as (page, blocked):
        page.goto(f"{server}/pay_gap?countries=JPN")
        wait_for_app(page)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "narrow_dark_pay_gap.png"), full_page=True)
        assert blocked == []


def test_downloads_are_what_is_shown(server: str) -> None:
    """The table's CSV holds the publisher's values for the view in the URL; the PNG carries the chart."""
    import csv
    import io

    import pandas as pd

    from registry.groups import oecd_members

    ARTIFACTS.mkdir(exist_ok=True)
    with offline_page() as (page, blocked):
        page.goto(f"{server}/pay_gap?year=2022&group=oecd")
        wait_for_app(page)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        with page.expect_download(timeout=30_000) as download_info:
            page.get_by_role("button", name="Download this table (CSV)").first.click()
        rows = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8"))))
        published = pd.read_csv(Path(__file__).resolve().parents[2] / "data" / "pay_gap.csv")
        expected = published[(published["year"] == 2022) & published["country_code"].isin(oecd_members())]
        assert len(rows) == len(expected)
        value_column = next(c for c in rows[0] if c.startswith("Gender wage gap"))
        korea = next(r for r in rows if r["Code"] == "KOR")
        assert float(korea[value_column]) == expected.loc[expected["country_code"] == "KOR", "value"].item()

        chart = page.locator(".js-plotly-plot").first
        chart.hover()
        with page.expect_download(timeout=30_000) as png_info:
            chart.locator(".modebar-btn[data-title='Download plot as a PNG']").click()
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
]
HOSTILE_CLAIMS = (
    '\ufeff[article]\r\ntitle = "![t](https://example.com/t.png)"\r\npublished = 2999-01-01\r\n'
    '[[claims]]\r\nid = "q"\r\nquote = "<img src=https://example.com/i.png> ![q](https://example.com/q.png)"\r\n'
    '[[claims.checks]]\r\nkind = "about_value"\r\nseries = "pay_gap"\r\nclaimed = 30\r\ntolerance = 3\r\n'
)


def assert_no_traceback(page, blocked: list[str]) -> str:
    body = page.locator("[data-testid='stMain']").inner_text()
    assert not page.locator("[data-testid='stException']").count(), body[:500]
    assert not any(marker in body for marker in ERROR_TEXT), body[:500]
    assert blocked == [], f"requests left this machine: {blocked[:5]}"
    return body


def test_hostile_links_and_upload_show_no_traceback(server: str, tmp_path: Path) -> None:
    """Odd links fall back with a notice; a Windows-saved claims file with Markdown images uploads."""
    for link in HOSTILE_LINKS:
        with offline_page() as (page, blocked):
            page.goto(f"{server}/{link}")
            wait_for_app(page)
            page.wait_for_selector(".js-plotly-plot .main-svg, [data-testid='stMain'] table", timeout=30_000)
            body = assert_no_traceback(page, blocked)
            if "countries=JPN&countries=USA" in link:
                chosen = page.locator("[data-testid='stMultiSelect']").first.inner_text()
                assert "Japan" in chosen and "United States" in chosen
    upload = tmp_path / "windows.toml"
    upload.write_bytes(HOSTILE_CLAIMS.encode("utf-8"))
    with offline_page() as (page, blocked):
        page.goto(server)
        wait_for_app(page)
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(upload))
        quote = "![q](https://example.com/q.png)"  # shown as typed: no image, nothing fetched
        page.wait_for_function(
            f"() => document.querySelector('[data-testid=\"stMain\"]').innerText.includes({quote!r})",
            timeout=60_000,
        )
        wait_for_app(page)
        body = assert_no_traceback(page, blocked)
        assert "dated 1 January 2999" in body and "When written:" in body
        assert not page.locator("[data-testid='stMain'] img[src*='example.com']").count()
