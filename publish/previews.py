"""Each verdict's 1200×630 share preview (Open Graph, Twitter card), drawn offline with matplotlib.

The deck's claim slide says what the preview says (the quote with its verdict, the test's chart and its
source, dashboard.deck.claim_slide), drawn with the deck's own text and chart functions
(dashboard.deck_pdf, dashboard.slide_draw) at the preview's size.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from claims.model import TimedVerdict
from dashboard.deck import claim_slide
from dashboard.deck_pdf import text_block, verdict_line
from dashboard.deck_style import GREY, KICKER, MARGIN, SOURCE, TITLE, line_height, shorten, wrap
from dashboard.slide_draw import draw_chart

SIZE = (12.0, 6.3)  # inches at 100 dpi: 1200×630 px, the size Open Graph and X show large
DPI = 100
TITLE_SIZE = TITLE - 4  # the quote in at most two lines of a narrower page
GAP = 0.14


def preview_figure(timed: TimedVerdict, number: int, total: int, site_name: str) -> Figure:
    """The quote and its verdict, both verdicts in their colours, the chart, the source line."""
    slide = claim_slide(timed, number, total)
    width = SIZE[0] - 2 * MARGIN
    fig = Figure(figsize=SIZE, dpi=DPI)
    FigureCanvasAgg(fig)
    fig.patch.set_facecolor("white")
    y = text_block(fig, [f"Fact-check · {site_name}"], KICKER, SIZE[1] - 0.35, color=GREY)
    quote = shorten(f"“{timed.claim.quote}", TITLE_SIZE, 2, suffix=f"”: {timed.now.label.value}", bold=True)
    lines = wrap(quote, TITLE_SIZE, width, bold=True)[:2]
    y = text_block(fig, lines, TITLE_SIZE, y - 0.04, weight="bold")
    y = verdict_line(fig, timed, y - GAP)
    source = wrap(slide.source, SOURCE, width)[:2]
    footer = 0.25 + len(source) * line_height(SOURCE)
    text_block(fig, source, SOURCE, footer, color=GREY)
    if slide.chart is not None:
        draw_chart(fig, (MARGIN, footer + GAP, width, max(y - 2 * GAP - footer, 1.0)), slide.chart)
    return fig


def preview_png(timed: TimedVerdict, number: int, total: int, site_name: str) -> bytes:
    buffer = io.BytesIO()
    preview_figure(timed, number, total, site_name).savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()
