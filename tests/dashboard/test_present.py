"""Presentation mode's server side: each slide's chart drawn once for every viewer and rerun, and an
image Streamlit sends as it is (no decoding and scaling per rerun)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from dashboard_fixture import build
from PIL import Image
from streamlit.elements.lib.image_utils import MAXIMUM_CONTENT_WIDTH
from streamlit.testing.v1 import AppTest

import dashboard.deck_pdf
from dashboard.deck_style import CHART

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    build(tmp_path / "data")
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def viewer(slide: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"present": "1", "slide": slide})
    return at.run()


def test_a_slides_chart_is_drawn_once_for_every_viewer_and_rerun(data_dir, monkeypatch) -> None:
    from dashboard.present import cached_chart

    cached_chart.clear()  # drawn by an earlier test of the same data, perhaps
    drawn: list[str] = []
    real = dashboard.deck_pdf.chart_png
    monkeypatch.setattr(
        dashboard.deck_pdf, "chart_png", lambda slide: drawn.append(slide.title) or real(slide)
    )
    first = viewer("2")
    assert not first.exception, [e.message for e in first.exception]
    first.run()
    second = viewer("2")  # another viewer of the same slide
    second.run()
    assert len(drawn) == 1 and len(second.get("image")) == 1
    second.button(key="deck_next").click().run()
    assert len(drawn) == 2  # the next slide's chart, drawn when first shown


def test_the_chart_image_is_sent_as_drawn(data_dir) -> None:
    from dashboard.present import cached_chart, cached_deck, deck_key

    key = deck_key()
    _, slides = cached_deck(key)
    for index, slide in enumerate(slides):
        if slide.chart is not None:
            width, height = Image.open(io.BytesIO(cached_chart(key, index))).size
            assert width <= MAXIMUM_CONTENT_WIDTH  # wider ones Streamlit rescales on every rerun
            assert width / height == pytest.approx(CHART[0] / CHART[1], rel=0.01)


def test_every_slide_shows_when_series_are_missing(tmp_path: Path, monkeypatch) -> None:
    """Without men's series there is no gap to rank and the claims on them cannot be checked:
    those slides go or lose their chart, and the rest still show."""
    build(tmp_path / "data", skip=("lfp_male", "unpaid_care_male"))
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path / "data"))
    at = viewer("1")
    total = int(next(m.value for m in at.markdown if m.value.startswith("Slide 1 of")).split()[-1])
    kickers = [at.caption[0].value]
    for number in range(2, total + 1):
        at.button(key="deck_next").click().run()
        assert not at.exception, [e.message for e in at.exception]
        assert at.query_params["slide"] == str(number)
        kickers.append(at.caption[0].value)
    assert "From the Pay gap page" in kickers and "From the Births & fertility page" in kickers
    assert "From the Work page" not in kickers and "From the Unpaid care page" not in kickers
