"""The front page's first view draws the first card's charts only, keeping each other chart's space at
its height, and asks for the rest; the session's next run draws every chart (dashboard/staging.py)."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from claims.loader import DEFAULT_CLAIMS, load_claims
from dashboard import staging
from store.files import DEFAULT_DATA_DIR

TIMEOUT = 60
pytestmark = pytest.mark.skipif(
    not (DEFAULT_DATA_DIR / "manifest.json").exists(), reason="no shipped data snapshot"
)


def page_app() -> None:
    from dashboard.pages.claims import render

    render()


def kept_spaces(block) -> list[int]:
    """Heights of the fixed-height containers under ``block`` that say a chart is coming, in order."""
    found = []
    for child in getattr(block, "children", {}).values():
        config = getattr(child.proto, "height_config", None)
        shown = [getattr(e, "value", None) for e in getattr(child, "children", {}).values()]
        if config is not None and config.pixel_height and shown == ["Chart loading…"]:
            found.append(config.pixel_height)
        found += kept_spaces(child)
    return found


def chart_heights(at: AppTest, skip: str) -> list[int]:
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if not c.key.startswith(skip)]
    return [spec["layout"]["height"] for spec in specs]


@pytest.mark.parametrize("focus", [None, "why-fewer-children"])
def test_the_first_view_draws_the_first_cards_charts_then_every_chart_in_the_space_kept(
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
    (stage,) = at.get("bidi_component")
    assert stage.proto.component_name == staging.COMPONENT
    kept = kept_spaces(at.main)

    at.run()  # what the page's script asks for once the first chart is painted
    assert not at.exception, [e.message for e in at.exception]
    assert not at.get("bidi_component")
    assert kept_spaces(at.main) == []
    assert kept == chart_heights(at, f"chart-{first}-")  # each chart where its space was, as tall
    assert len(kept) + len(keys) == len(at.get("plotly_chart"))

    at.run()  # and every later run of the session draws them at once
    assert not at.get("bidi_component") and kept_spaces(at.main) == []


def test_only_a_first_view_with_a_first_chart_and_others_is_staged(monkeypatch: pytest.MonkeyPatch) -> None:
    """A first card with no chart has nothing to paint first (the rest would wait for it in vain); a
    page with no other chart has nothing to hold back; a session's later runs draw everything."""
    monkeypatch.setattr(staging.st, "session_state", {})
    assert staging.staged([0, 2, 1]) is False
    assert staging.staged([2]) is False  # one card: nothing to hold back
    assert staging.staged([2, 0, 0]) is False
    assert staging.staged([1, 1]) is True
    staging.st.session_state[staging.DONE] = True
    assert staging.staged([1, 1]) is False
