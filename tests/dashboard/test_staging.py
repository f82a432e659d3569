"""The front page's first view ends with the first card, its charts drawn, and asks for the rest; the
session's next run draws every card below it (dashboard/staging.py)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from claims.loader import DEFAULT_CLAIMS, load_claims
from dashboard import staging
from dashboard.pages import claims as claims_page
from store.files import DEFAULT_DATA_DIR

TIMEOUT = 60
pytestmark = pytest.mark.skipif(
    not (DEFAULT_DATA_DIR / "manifest.json").exists(), reason="no shipped data snapshot"
)


def page_app() -> None:
    from dashboard.pages.claims import render

    render()


# the page's expanders a first view draws empty, filled with the rest
CLOSED = {
    "How the verdicts are decided",
    "Check your own claims file",
    "Judge with the data published by another date",
}


def card_quotes(at: AppTest) -> list[str]:
    return [h.value for h in at.subheader if h.value.startswith("“")]


@pytest.mark.parametrize("focus", [None, "why-fewer-children"])
def test_the_first_view_ends_with_the_first_card_then_the_rest_comes_below(
    monkeypatch: pytest.MonkeyPatch, focus: str | None
) -> None:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(DEFAULT_DATA_DIR))
    at = AppTest.from_function(page_app, default_timeout=TIMEOUT)
    if focus:
        at.query_params["claim"] = focus  # a shared link: its card first, and first drawn
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    claims = load_claims(DEFAULT_CLAIMS)
    first = focus or claims.checkable[0].id
    keys = [chart.key for chart in at.get("plotly_chart")]
    assert keys and all(key.startswith(f"chart-{first}-") for key in keys), keys
    assert len(card_quotes(at)) == 1
    assert "| Claim |" in " ".join(m.value for m in at.markdown)  # the verdicts at a glance came first
    (stage,) = at.get("bidi_component")
    assert stage.proto.component_name == staging.COMPONENT
    assert not at.get("download_button")  # the downloads come with the rest
    # so do the closed expanders' contents: the upload and date widgets' scripts held the chart back
    boxes = [e for e in at.expander if e.label in CLOSED]
    assert len(boxes) == len(CLOSED)
    assert all([e.value for e in box.caption] == [claims_page.COMING] for box in boxes)
    assert not at.get("file_uploader") and not at.date_input
    before = [(e.type, getattr(e, "value", None)) for e in at.main]

    at.run()  # what the page's script asks for once the first chart is painted
    assert not at.exception, [e.message for e in at.exception]
    (anchor,) = at.get("bidi_component")  # no more asking: the link's card brought up, at the end
    assert anchor.proto.component_name == staging.ANCHOR_COMPONENT
    assert len(card_quotes(at)) == len(claims.checkable)
    assert [chart.key for chart in at.get("plotly_chart")][: len(keys)] == keys
    assert len(at.get("plotly_chart")) > len(keys) and at.get("download_button")
    boxes = [e for e in at.expander if e.label in CLOSED]
    inside = {id(e) for box in boxes for e in box} - {id(box) for box in boxes}
    assert at.get("file_uploader") and at.date_input
    assert not [c for c in at.caption if c.value == claims_page.COMING]
    before = [item for item in before if item != ("caption", claims_page.COMING)]
    after = [(e.type, getattr(e, "value", None)) for e in at.main if id(e) not in inside]
    assert after[: len(before) - 1] == before[:-1]  # all that was drawn stays where it was

    at.run()  # and every later run of the session draws it all at once
    assert [c.proto.component_name for c in at.get("bidi_component")] == [staging.ANCHOR_COMPONENT]
    assert len(card_quotes(at)) == len(claims.checkable)


def test_only_a_first_view_whose_first_card_has_a_chart_and_others_is_staged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A first card with no chart has nothing to paint first (the rest would wait for it in vain); a
    page of one card has nothing to hold back; a session's later runs draw everything."""
    monkeypatch.setattr(staging.st, "session_state", {})
    assert staging.staged(0, 3) is False
    assert staging.staged(2, 1) is False  # one card: nothing to hold back
    assert staging.staged(2, 3) is True  # the other cards' text is held back, charts or not
    assert staging.staged(1, 2) is True
    staging.st.session_state[staging.DONE] = True
    assert staging.staged(1, 2) is False


def test_a_first_view_drawn_whole_fills_its_expanders_in_the_same_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A first view that is not staged (its first card has no chart, or it is alone) has no next run
    to bring the upload and date widgets: they come after its cards, and the session is then seen."""
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(DEFAULT_DATA_DIR))
    monkeypatch.setattr(staging, "staged", lambda first_charts, cards: False)
    at = AppTest.from_function(page_app, default_timeout=TIMEOUT).run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.get("bidi_component") or all(
        c.proto.component_name != staging.COMPONENT for c in at.get("bidi_component")
    )
    assert at.get("file_uploader") and at.date_input and at.get("download_button")
    assert at.session_state[staging.DONE] is True
    at.run()  # a later run draws them in their places, read before the cards
    assert at.get("file_uploader") and at.date_input and not at.exception
