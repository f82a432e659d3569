"""deck.html: the presentation (dashboard.deck's slides) as one file that works from a USB stick.

Each slide's title, verdict and evidence are text; its chart is presentation mode's own drawing
(dashboard.deck_pdf.chart_png) inlined as a data: URI, and the keys are a few lines of inline script,
so the file needs nothing beside it: no Plotly, no network, opened from ``file://``.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from claims.model import ClaimsFile, TimedVerdict
from dashboard.deck import Slide, deck, when_written
from dashboard.deck_pdf import chart_png
from dashboard.summary import rows
from publish.html import write
from publish.site import Site


@dataclass(frozen=True)
class SlideView:
    slide: Slide
    image: str  # the chart as a data: URI, "" without one
    alt: str  # what the chart shows, for a screen reader: the finding it illustrates


def slide_views(slides: list[Slide]) -> list[SlideView]:
    out = []
    for slide in slides:
        image = ""
        if slide.chart is not None:
            image = "data:image/png;base64," + base64.b64encode(chart_png(slide)).decode("ascii")
        out.append(SlideView(slide, image, f"Chart: {slide.title} {slide.detail}".strip()))
    return out


def write_deck(
    out: Path, env: Environment, site: Site, claims: ClaimsFile | None, timed: list[TimedVerdict]
) -> list[Path]:
    """deck.html, every slide in it."""
    views = slide_views(deck(claims, timed))
    title = claims.article.title if claims else site.name
    page = env.get_template("deck.html").render(
        title=f"{title} · presentation",
        site=site,
        slides=views,
        glance=rows(timed),
        then_heading=when_written(timed[0]) if timed else "",
    )
    return [write(out / "deck.html", page)]
