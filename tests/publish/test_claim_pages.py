"""The verdict pages: the same verdicts, sentences and charts as the app's Claims page, a valid
ClaimReview at each claim's own address, share tags with a 1200×630 preview, and escaped text."""

from __future__ import annotations

import json
import struct
from dataclasses import replace
from pathlib import Path

import pytest
from plotly.utils import PlotlyJSONEncoder
from site_pages import figures, parse, squash, text

from claims.claimreview import FIXES, export, validate_claimreview
from claims.data import cache_key
from claims.loader import DEFAULT_CLAIMS, parse_claims
from dashboard.cards import card
from dashboard.data import load_manifest
from dashboard.evidence import claim_figures
from dashboard.verdicts import judge
from store.files import data_dir_from_env


@pytest.fixture(scope="module")
def app_verdicts():
    """The verdicts as the app's Claims page computes them."""
    claims_text = DEFAULT_CLAIMS.read_text(encoding="utf-8")
    key = cache_key(load_manifest())
    return judge(claims_text, DEFAULT_CLAIMS.name, str(data_dir_from_env()), key)


def as_json(value):
    return json.loads(json.dumps(value, cls=PlotlyJSONEncoder))


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", head[16:24])


def test_index_says_what_the_app_says_for_every_claim(built_site, app_verdicts) -> None:
    page = text(built_site.root / "index.html")
    assert app_verdicts, "the op-ed has checkable claims"
    for timed in app_verdicts:
        shown = card(timed)
        assert squash(f"“{timed.claim.quote}”") in page
        assert squash(timed.now.evidence) in page
        assert f"Now: {timed.now.label.title}" in page
        assert f"{shown.then_heading}: {timed.then.label.title}" in page
        for row in shown.rows:
            assert squash(f"Test {row.number}. {row.test}") in page
            if row.finding:
                assert squash(row.finding) in page
        if timed.summary:
            assert squash(timed.summary) in page


def test_each_claim_page_charts_the_apps_evidence_figures(built_site, app_verdicts) -> None:
    for timed in app_verdicts:
        shown = figures(built_site.root / "claims" / f"{timed.claim.id}.html")
        expected = {
            f"figure-{timed.claim.anchor}-{number}": as_json(fig) for number, fig in claim_figures(timed)
        }
        assert shown == expected, timed.claim.id


def test_each_claim_page_has_the_apps_claimreview_at_its_own_address(built_site, app_verdicts) -> None:
    """The review the app exports, its url the claim's page; the validator finds nothing the site could
    fix (only what the claims file does not say, as in the app's export: the op-ed names no author)."""
    claims = parse_claims(DEFAULT_CLAIMS.read_text("utf-8"), DEFAULT_CLAIMS.name)
    exported = export(app_verdicts, claims, review_url="https://example.org/claims")
    for timed, app_review in zip(app_verdicts, exported, strict=True):
        path = built_site.root / "claims" / f"{timed.claim.id}.html"
        (block,) = parse(path).json_ld
        review = json.loads(block)
        assert review["url"] == f"{built_site.base}claims/{timed.claim.id}.html"
        assert {**review, "url": None} == {**as_json(app_review), "url": None}
        problems = validate_claimreview(review)
        assert problems == validate_claimreview(app_review)
        assert not [p for p in problems if p not in FIXES or "url" in p], problems
        saved = json.loads((built_site.root / "claims" / f"{timed.claim.id}.jsonld").read_text("utf-8"))
        assert saved == review


def test_each_claim_page_has_share_tags_and_a_1200_by_630_preview(built_site, app_verdicts) -> None:
    for timed in app_verdicts:
        meta = parse(built_site.root / "claims" / f"{timed.claim.id}.html").meta
        image = f"{built_site.base}previews/{timed.claim.id}.png"
        assert meta["og:image"] == meta["twitter:image"] == image
        assert meta["og:url"] == f"{built_site.base}claims/{timed.claim.id}.html"
        assert meta["twitter:card"] == "summary_large_image"
        assert timed.now.label.title in meta["og:image:alt"]
        assert png_size(built_site.root / "previews" / f"{timed.claim.id}.png") == (1200, 630)


def test_the_embed_code_frames_the_small_card_at_the_sites_address(built_site, app_verdicts) -> None:
    timed = app_verdicts[0]
    page = (built_site.root / "claims" / f"{timed.claim.id}.html").read_text("utf-8")
    assert f"&lt;iframe src=&#34;{built_site.base}embed/{timed.claim.id}.html&#34;" in page
    embed = text(built_site.root / "embed" / f"{timed.claim.id}.html")
    assert squash(f"“{timed.claim.quote}”") in embed and f"Now: {timed.now.label.title}" in embed


def test_text_from_a_claims_file_is_escaped_in_every_page_and_script(tmp_path, app_verdicts) -> None:
    """A quote with markup and a script end tag shows as typed: in the page, the JSON-LD and the embed."""
    from publish.build import SITE_NAME
    from publish.claim_pages import views, write_claim_pages
    from publish.html import environment
    from publish.site import Site

    hostile = '</script><script>alert(1)</script> <img src=x onerror=alert(2)> & "quoted"'
    timed = app_verdicts[0]
    claim = replace(timed.claim, quote=hostile)
    changed = replace(timed, claim=claim, now=replace(timed.now, claim=claim))
    claims = parse_claims(DEFAULT_CLAIMS.read_text("utf-8"), DEFAULT_CLAIMS.name)
    site = Site(SITE_NAME, hostile, "", "", "Built for a test.", "https://example.org/site/")
    write_claim_pages(tmp_path, environment(), site, claims, views([changed], {}))
    for path in tmp_path.rglob("*.html"):
        raw = path.read_text("utf-8")
        assert "<script>alert" not in raw and "<img src=x" not in raw, path.name
    page = tmp_path / "claims" / f"{claim.id}.html"
    assert squash(f"“{hostile}”") in text(page)
    (block,) = parse(page).json_ld
    assert json.loads(block)["claimReviewed"] == hostile
