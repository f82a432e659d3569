"""The verdict pages: index.html (every claim card), a page per claim with its ClaimReview and share
preview, and the small card other sites embed.

The cards say what the app's Claims page says (dashboard.cards), with its charts (dashboard.evidence);
the ClaimReview is claims.claimreview's, its ``url`` the claim's own page.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment

from claims.claimreview import to_claimreview
from claims.engine import RULES
from claims.kinds import KINDS
from claims.model import ClaimsFile, TimedVerdict
from dashboard.cards import Card, card, measure_series
from dashboard.evidence import Fig, claim_figures
from dashboard.share import claim_path, embed_path, preview_path
from dashboard.summary import gist, headline, rows
from publish.html import script_json, write
from publish.site import Site

EMBED_HEIGHT = 420  # px: the small card's quote, verdicts and opening sentence on a phone
DESCRIPTION_CHARS = 300  # a share preview's description: the opening sentence, shortened
NO_BASE_URL = (
    "This site was built without its published address (python -m publish OUTDIR --base-url URL), "
    "so this page has no address to share yet and the embed code below works only on this site."
)


@dataclass(frozen=True)
class ClaimView:
    """One claim as the site shows it: the app's card text and charts, and its files in the site."""

    card: Card
    figures: list[tuple[int, Fig]]
    measure: tuple[str, str] | None  # (site path, title) of the indicator page charting its measure
    files: dict[str, str] = field(default_factory=dict)

    @property
    def claim_id(self) -> str:
        return self.card.claim.id

    @property
    def page(self) -> str:
        return claim_path(self.claim_id)

    @property
    def embed(self) -> str:
        return embed_path(self.claim_id)

    @property
    def preview(self) -> str:
        return preview_path(self.claim_id)

    @property
    def review_file(self) -> str:
        return self.page.removesuffix(".html") + ".jsonld"

    def figure_id(self, number: int) -> str:
        return f"figure-{self.card.claim.anchor}-{number}"


def views(timed: list[TimedVerdict], measures: dict[str, tuple[str, str]]) -> list[ClaimView]:
    """Each claim's card and charts; its measure links to the indicator page charting it (``measures``:
    series id → the page's path and title) when the site has one."""
    out = []
    for verdict in timed:
        _, series = measure_series(verdict.claim)
        out.append(ClaimView(card(verdict), claim_figures(verdict), measures.get(series or "")))
    return out


def review(view: ClaimView, claims: ClaimsFile, site: Site) -> dict[str, Any]:
    """The claim's ClaimReview, its ``url`` the claim's own page (absent without a base URL)."""
    timed = view.card.timed
    page_url = site.url(view.page)
    return to_claimreview(timed.now, claims, timed=timed, review_url=page_url, own_page=True)


def embed_code(view: ClaimView, site: Site) -> str:
    """The ``<iframe>`` another page pastes: the small card, at the site's published address."""
    source = site.url(view.embed) or f"../{view.embed}"
    title = html.escape(f"Fact-check: {gist(view.card.claim.quote)}", quote=True)
    return (
        f'<iframe src="{html.escape(source, quote=True)}" title="{title}" width="100%" '
        f'height="{EMBED_HEIGHT}" style="border:0;max-width:640px" loading="lazy"></iframe>'
    )


def write_claim_pages(
    out: Path, env: Environment, site: Site, claims: ClaimsFile, claim_views: list[ClaimView]
) -> list[Path]:
    """index.html, and per claim its page, its ClaimReview file and its embeddable card."""
    timed = [view.card.timed for view in claim_views]
    reviews = [review(view, claims, site) for view in claim_views]
    written = [
        write(
            out / "index.html",
            env.get_template("index.html").render(
                root="",
                site=site,
                title=f"Fact-check: {site.heading}",
                description=headline(timed),
                charts=any(view.figures for view in claim_views),
                maps=False,
                headline=headline(timed),
                glance=rows(timed),
                then_label=timed[0].then_label if timed else "when written",
                views=claim_views,
                context=claims.context,
                kinds=[(name, kind.summary) for name, kind in KINDS.items()],
                rules=RULES,
            ),
        ),
        write(out / "claimreview.jsonld", str(script_json(reviews, indent=2)) + "\n"),
    ]
    for view, claim_review in zip(claim_views, reviews, strict=True):
        written += _claim_files(out, env, site, view, claim_review)
    return written


def _claim_files(
    out: Path, env: Environment, site: Site, view: ClaimView, claim_review: dict[str, Any]
) -> list[Path]:
    timed = view.card.timed
    label = timed.now.label.title
    short = gist(timed.claim.quote)
    description = textwrap.shorten(timed.now.evidence, DESCRIPTION_CHARS, placeholder=" …")
    common = {"root": "../", "site": site, "view": view, "page_url": site.url(view.page)}
    page = env.get_template("claim.html").render(
        **common,
        title=f"“{short}”: {label.lower()} · {site.name}",
        description=description,
        share_title=f"“{short}”: {label.lower()}",
        image_url=site.url(view.preview) or f"../{view.preview}",
        image_alt=f"Verdict: {label}. “{timed.claim.quote}” {description}",
        review=claim_review,
        embed_code=embed_code(view, site),
        no_base_url=NO_BASE_URL,
        charts=bool(view.figures),
        maps=False,
    )
    embed = env.get_template("embed.html").render(
        **common,
        title=f"“{short}”: {label.lower()}",
        full_url=site.url(view.page) or f"../{view.page}",
    )
    return [
        write(out / view.page, page),
        write(out / view.review_file, str(script_json(claim_review, indent=2)) + "\n"),
        write(out / view.embed, embed),
    ]
