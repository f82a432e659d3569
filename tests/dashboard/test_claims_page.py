"""The Claims page renders a card per claim (AppTest), with charts, both verdicts and the download."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from app_harness import shown
from streamlit.testing.v1 import AppTest

from claims.loader import DEFAULT_CLAIMS, load_claims
from claims.testing import save
from store.files import DEFAULT_DATA_DIR

TIMEOUT = 60


def page_app() -> None:
    from dashboard.pages.claims import render

    render()


def claims_app(text: str, source: str) -> None:
    from dashboard.pages.claims import show_claims

    show_claims(text, source)


def as_shown(markdown: str) -> str:
    """Markdown source as the reader sees it: user text is escaped (dashboard.markup.plain)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def card_quotes(at: AppTest) -> list[str]:
    return [as_shown(h.value) for h in at.subheader if h.value.startswith("“")]


@pytest.mark.skipif(not (DEFAULT_DATA_DIR / "manifest.json").exists(), reason="no shipped data snapshot")
def test_every_op_ed_claim_has_a_card(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(DEFAULT_DATA_DIR))
    at = shown(AppTest.from_function(page_app, default_timeout=TIMEOUT))
    assert not at.exception, [e.message for e in at.exception]
    claims = load_claims(DEFAULT_CLAIMS)
    assert card_quotes(at) == [f"“{c.quote}”" for c in claims.checkable]
    assert len(at.get("plotly_chart")) >= len(claims.checkable)
    badges = [m.value for m in at.markdown if "-badge[" in m.value and "|" not in m.value]
    verdicts = [b for b in badges if "Now: " in b and "When written: " in b]
    assert len(verdicts) == len(claims.checkable)  # each card: now and when written
    rows = sum(b.count("**Test ") for b in badges)  # a row per test, with its own verdict
    assert rows == sum(len(c.checks) for c in claims.checkable)
    table = next(m.value for m in at.markdown if m.value.startswith("| Claim |"))  # the summary on top
    assert table.count("-badge[") == 2 * len(claims.checkable)
    assert all(f"(#claim-{c.id})" in table for c in claims.checkable)
    context = next(e for e in at.expander if "not checkable" in e.label)
    assert len(claims.context) == int(context.label.split()[0])
    assert len(at.get("download_button")) == 1
    assert not at.get("link_button")  # no published site set: the page says how to publish one
    assert any("python -m publish" in m.value for m in at.markdown)


@pytest.mark.skipif(not (DEFAULT_DATA_DIR / "manifest.json").exists(), reason="no shipped data snapshot")
def test_each_card_links_its_page_in_the_published_site(monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard.share import BASE_URL_ENV

    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(DEFAULT_DATA_DIR))
    monkeypatch.setenv(BASE_URL_ENV, "https://factcheck.example.org/korea")
    at = shown(AppTest.from_function(page_app, default_timeout=TIMEOUT))
    assert not at.exception, [e.message for e in at.exception]
    links = [(b.proto.label, b.proto.url) for b in at.get("link_button")]
    claims = load_claims(DEFAULT_CLAIMS)
    assert links == [
        ("Share this verdict", f"https://factcheck.example.org/korea/claims/{c.id}.html")
        for c in claims.checkable
    ]


def test_when_written_and_now_are_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    save(tmp_path, "pay_gap", {"KOR": {2021: 31.0}, "JPN": {2021: 22.0}}, "2022-02-18")
    save(
        tmp_path, "pay_gap", {"KOR": {2021: 31.0, 2023: 20.0}, "JPN": {2021: 22.0, 2023: 25.0}}, "2025-11-08"
    )
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path))
    at = shown(AppTest.from_function(page_app, default_timeout=TIMEOUT))
    assert not at.exception, [e.message for e in at.exception]
    infos = " ".join(i.value for i in at.info)
    assert "With the data published by 2024-09-01" in infos
    assert "When written: Supported" in " ".join(m.value for m in at.markdown)
    assert "Release not kept" in " ".join(m.value for m in at.markdown)  # series missing from tmp data


def test_judging_at_another_date_uses_the_data_public_then(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    save(tmp_path, "pay_gap", {"KOR": {2021: 31.0}, "JPN": {2021: 22.0}}, "2022-02-18")
    save(
        tmp_path, "pay_gap", {"KOR": {2021: 31.0, 2023: 20.0}, "JPN": {2021: 22.0, 2023: 25.0}}, "2025-11-08"
    )
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path))
    at = shown(AppTest.from_function(page_app, default_timeout=TIMEOUT))
    at.date_input[0].set_value(date(2021, 6, 30)).run()
    assert not at.exception, [e.message for e in at.exception]
    # The first card is "about 30% less": no vintage was public by mid-2021.
    assert "As of 2021-06-30: Cannot check" in first_card_badges(at)
    at.date_input[0].set_value(date(2023, 1, 1)).run()
    assert "As of 2023-01-01: Supported" in first_card_badges(at)  # 2022 vintage: 31.0 in 2021
    assert "Now: Not supported" in first_card_badges(at)  # 2025 vintage: 20.0 in 2023


def switching_app() -> None:
    """The Claims page showing the file named in session state: the op-ed's, or a user's upload."""
    import streamlit as st

    from claims.loader import DEFAULT_CLAIMS
    from dashboard.pages.claims import show_claims

    show_claims(*st.session_state.get("file", (DEFAULT_CLAIMS.read_text(encoding="utf-8"), "op-ed.toml")))


def test_a_date_picked_for_one_file_never_judges_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rerun the browser asks for can carry the old file's picker state after an upload (the front
    page asks for its other charts once the first is painted): the new file keeps its own date."""
    from datetime import date

    save(tmp_path, "pay_gap", {"KOR": {2021: 31.0}, "JPN": {2021: 22.0}}, "2022-02-18")
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path))
    at = AppTest.from_function(switching_app, default_timeout=TIMEOUT).run()
    at.date_input[0].set_value(date(2021, 6, 30)).run()
    assert "As of 2021-06-30" in first_card_badges(at)
    at.session_state["file"] = (DEFAULT_CLAIMS.read_text(encoding="utf-8"), "upload.toml")
    at.run()
    assert "When written" in first_card_badges(at)
    at.session_state["claims_as_of"] = date(2021, 6, 30)  # the old picker's state, as a stale rerun sends it
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert "When written" in first_card_badges(at), first_card_badges(at)


def first_card_badges(at: AppTest) -> str:
    """The first card's two verdict badges ("Now: …" and "As of …: …"), one line."""
    badges = [m.value for m in at.markdown if "-badge[" in m.value and "|" not in m.value]
    return next(b for b in badges if "**Test " not in b)


def test_a_users_claims_file_is_checked_the_same_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rates = {"JPN": 1.26, "KOR": 0.78, "ITA": 1.24, "ESP": 1.16}
    save(tmp_path, "fertility_rate", {code: {2022: rate} for code, rate in rates.items()})
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path))
    text = """
[article]
title = "Japan's births"
published = 2023-06-01
[[claims]]
id = "jpn-lowest"
quote = "Japan has the lowest fertility in the OECD"
[[claims.checks]]
kind = "rank"
series = "fertility_rate"
country = "JPN"
position = "lowest"
"""
    at = AppTest.from_function(claims_app, args=(text, "mine.toml"), default_timeout=TIMEOUT).run()
    assert not at.exception, [e.message for e in at.exception]
    assert card_quotes(at) == ["“Japan has the lowest fertility in the OECD”"]
    assert "Not supported" in " ".join(m.value for m in at.markdown)


def test_a_malformed_upload_shows_the_line_and_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path))
    text = (
        '[article]\ntitle = "T"\npublished = "soon"\n[[claims]]\nid = "x"\nquote = "q"\ncheckable = false\n'
    )
    at = AppTest.from_function(claims_app, args=(text, "mine.toml"), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "mine.toml, line 3: [article].published" in as_shown(at.error[0].value)


@pytest.mark.skipif(not (DEFAULT_DATA_DIR / "manifest.json").exists(), reason="no shipped data snapshot")
def test_the_why_card_shows_rho_and_korea_path_first_when_linked(monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(DEFAULT_DATA_DIR))
    at = AppTest.from_function(page_app, default_timeout=TIMEOUT)
    at.query_params["claim"] = "why-fewer-children"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert card_quotes(at)[0].startswith("“There are a number of reasons why South Korean women")
    evidence = " ".join(m.value for m in at.markdown)
    assert "rank correlation" in evidence and "ρ = " in evidence and "95% interval" in evidence
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")[:4]]
    scatter = specs[2]  # the third test: participation against fertility across OECD members
    assert "path" in scatter["layout"]["title"]["text"]
    assert any(t.get("mode") == "lines+markers+text" for t in scatter["data"])  # Korea's path
    assert "neither cause nor its direction" in evidence and "Supported if Spearman's" in evidence


AUTHORLESS = """
[article]
title = "T"
published = 2023-06-01
[[claims]]
id = "kor"
quote = "q"
[[claims.checks]]
kind = "about_value"
series = "fertility_rate"
claimed = 0.8
tolerance = 0.1
"""


@pytest.mark.parametrize("author", ["", 'author = "A. Writer"', 'publisher = "A Paper"'])
def test_a_claimreview_missing_what_google_asks_for_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, author: str
) -> None:
    """The op-ed's file names no author, so its export lacked itemReviewed.author, silently."""
    save(tmp_path, "fertility_rate", {"KOR": {2022: 0.78}})
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path))
    text = AUTHORLESS.replace("published = 2023-06-01", f"published = 2023-06-01\n{author}")
    at = AppTest.from_function(claims_app, args=(text, "mine.toml"), default_timeout=TIMEOUT).run()
    assert not at.exception, [e.message for e in at.exception]
    said = [as_shown(c.value) for c in at.caption if "ClaimReview export lacks" in c.value]
    assert bool(author) != any('missing author (add author = "…" or publisher = "…"' in c for c in said)
