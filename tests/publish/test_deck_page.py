"""deck.html: every slide of the app's deck, in one file that needs nothing beside it."""

from __future__ import annotations

import re

from site_pages import squash, text

from claims.data import cache_key
from claims.loader import DEFAULT_CLAIMS, parse_claims
from dashboard.data import load_manifest
from dashboard.deck import deck
from dashboard.verdicts import judge
from store.files import data_dir_from_env


def test_the_deck_has_the_apps_slides_and_no_file_or_address_beside_it(built_site) -> None:
    claims_text = DEFAULT_CLAIMS.read_text(encoding="utf-8")
    claims = parse_claims(claims_text, DEFAULT_CLAIMS.name)
    timed = judge(claims_text, DEFAULT_CLAIMS.name, str(data_dir_from_env()), cache_key(load_manifest()))
    slides = deck(claims, timed)
    path = built_site.root / "deck.html"
    raw = path.read_text("utf-8")
    assert raw.count('class="slide') == len(slides)
    shown = text(path)
    for number, slide in enumerate(slides, 1):
        assert squash(slide.title) in shown
        assert f"{number} / {len(slides)}" in shown
    sources = re.findall(r'(?:src|href)="([^"]*)"', raw)
    assert sources and all(s.startswith("data:image/png;base64,") for s in sources), sources[:3]
