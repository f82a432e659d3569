"""Maps through time, the verdict summary and the deck's PDF, checked against the shipped data files."""

from __future__ import annotations

import io

import plotly.graph_objects as go
import pytest

from claims.model import Label
from dashboard import present, summary
from dashboard.deck_pdf import deck_pdf
from tidy.store import DEFAULT_DATA_DIR

needs_data = pytest.mark.skipif(
    not (DEFAULT_DATA_DIR / "manifest.json").exists(), reason="no shipped data snapshot"
)


@pytest.fixture(autouse=True)
def shipped_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(DEFAULT_DATA_DIR))


def test_summary_table_escapes_a_readers_claims_text() -> None:
    assert summary.escape("a | [x](javascript:alert(1)) *b*") == (
        r"a \| \[x\]\(javascript\:alert\(1\)\) \*b\*"
    )
    assert summary.anchor("Gap: 30%!") == "claim-gap-30"
    assert summary.badge(Label.PARTLY).startswith(":orange-badge[")


@needs_data
def test_the_deck_pdf_has_one_page_per_slide_with_its_finding_and_source() -> None:
    from pypdf import PdfReader

    deck = present.slides()
    assert deck[0].verdicts, "the first slide is the verdict summary"
    for slide in deck[1:]:
        go.Figure(**slide.figure)
    reader = PdfReader(io.BytesIO(deck_pdf([slide.as_page() for slide in deck])))
    assert len(reader.pages) == len(deck)
    for slide, page in zip(deck, reader.pages, strict=True):
        text = " ".join(page.extract_text().split())
        assert " ".join(slide.finding.split()[:4]) in text
        assert ("Source:" in text) or slide.verdicts
    first = " ".join(reader.pages[0].extract_text().split())
    assert all(row.gist.split(" …")[0][:25] in first for row in summary.rows(list(deck[0].verdicts)))
