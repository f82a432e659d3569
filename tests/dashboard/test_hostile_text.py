"""Text from publishers, registry files and the manifest is shown as text, everywhere it appears.

A registry whose every text field (title, unit, definition, source, publisher, dataset, indicator,
licence, attribution, the publisher's own metadata) and a manifest whose every provenance text
(label, notes, how the release was dated) hold Markdown, HTML, LaTeX and Streamlit directives are
rendered on every page and in presentation mode; no element may carry them live: in Markdown they
must arrive escaped, in Plotly's pseudo-HTML (titles, hovers, legends, annotations) as entities.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hostile_fixture import hostile_data, hostile_registry
from streamlit.testing.v1 import AppTest

from dashboard.routes import PAGES
from registry.catalogue import current

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
# what any of the hostile text (tests/hostile_fixture.py) would become if rendered live
LIVE_MARKDOWN = [
    re.compile(r"(?<!\\)!(?<!\\)\[i"),  # an image
    re.compile(r"(?<!\\)\[l(?<!\\)\]\("),  # a link
    re.compile(r"(?<!\\)<img"),  # HTML
    re.compile(r"(?<!\\)\$\\\\alpha"),  # LaTeX
    re.compile(r"(?<!\\):red(?<!\\)\["),  # a Streamlit directive
    re.compile(r"https?\\?://evil"),  # a bare link (GFM finds it after the escapes are read)
]
LIVE_PLOTLY = [re.compile(r"<img"), re.compile(r"^\$"), re.compile(r"<a ")]  # in any string of a chart


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SERIES_DIR", str(hostile_registry(tmp_path / "series")))
    current(refresh=True)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(hostile_data(tmp_path / "data", monkeypatch)))
    yield tmp_path / "data"
    monkeypatch.delenv("SERIES_DIR")
    current(refresh=True)


def _markdown_texts(at: AppTest) -> list[str]:
    """Every text Streamlit renders as Markdown: markdown, captions, headings, alerts, labels."""
    texts: list[str] = []
    kinds = ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success")
    for kind in kinds:
        texts += [str(e.value) for e in at.get(kind)]
    for kind in ("expander", "tab", "metric"):
        texts += [str(getattr(e, "label", "")) for e in at.get(kind)]
    return texts


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _plotly_texts(at: AppTest) -> list[str]:
    """Every string of every chart: titles, hovers, legend names, annotations, axis titles."""
    return [s for e in at.get("plotly_chart") for s in _strings(json.loads(e.proto.spec))]


# presentation mode's first claim slide: its source line cites the registry
PAGE_RUNS = [(page.route, None) for page in PAGES] + [(None, {"present": "1", "slide": "2"})]


@pytest.mark.parametrize(("page", "params"), PAGE_RUNS, ids=[p or "presentation" for p, _ in PAGE_RUNS])
def test_hostile_registry_and_manifest_text_is_shown_as_text(hostile: Path, page, params) -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page is not None and page != "claims":
        at.switch_page(f"dashboard/pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    markdown = _markdown_texts(at)
    assert any("Evil" in text for text in markdown + _plotly_texts(at)), "the hostile text is shown somewhere"
    for text in markdown:
        for live in LIVE_MARKDOWN:
            assert not live.search(text), f"{live.pattern} live in: {text[:300]}"
    for text in _plotly_texts(at):
        for live in LIVE_PLOTLY:
            assert not live.search(text), f"{live.pattern} live in a chart: {text[:300]}"


def test_the_data_zips_readme_shows_hostile_text_as_text(hostile: Path) -> None:
    """README.md of every series' zip (a Markdown file a viewer renders) holds the registry's and the
    manifest's words escaped."""
    from dashboard.data import try_load
    from dashboard.downloads import readme
    from dashboard.provenance import metadata

    for series_id in current().infos:
        text = readme(metadata(try_load(series_id)), [f"{series_id}.csv"])
        assert "Evil" in text, series_id
        for live in LIVE_MARKDOWN:
            assert not live.search(text), f"{live.pattern} live in {series_id}'s README: {text[:300]}"


def test_the_decks_pages_set_no_hostile_text_as_mathtext(hostile: Path) -> None:
    """A PDF deck's measure slide (title, finding, source line, chart labels) draws "$…$" as typed (one
    slide: every slide's text goes through the same matplotlib settings)."""
    from matplotlib.text import Text

    from dashboard.deck import measure_slides
    from dashboard.deck_pdf import page_figure

    slides = measure_slides()
    pages = [page_figure(slides[0], 1, len(slides))]
    texts = [t.get_text() for page in pages for t in page.findobj(Text)]
    assert any("Evil" in text for text in texts), "the hostile text is on a slide"
    for page in pages:
        for artist in page.findobj(Text):
            assert not artist._preprocess_math(artist.get_text())[1], artist.get_text()[:200]
