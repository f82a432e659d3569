"""The deck as pages: 16:9, the finding as the title, type a class can read; one PDF to take offline.

Each page is drawn with matplotlib (no browser, no Plotly image export, no internet): a small line
naming where the slide comes from, the title, a claim's verdict now and when written, its evidence or
the rest of the finding, the chart (dashboard/slide_draw.py) and the source line. Sizes: deck_style.py.
Presentation mode shows the same chart drawing as an image (``chart_png``).
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from claims.model import TimedVerdict
from dashboard.deck import Slide, when_written
from dashboard.deck_style import (
    CHART,
    DETAIL,
    DETAIL_LINES,
    GREY,
    INK,
    KICKER,
    LONG_DETAIL,
    MARGIN,
    PAGE,
    SOURCE,
    TEXT_WIDTH,
    TITLE,
    VERDICT,
    line_height,
    shorten,
    text_width,
    verdict_colour,
    wrap,
)
from dashboard.slide_draw import draw_chart
from dashboard.summary import rows

TOP = 0.4  # inches above the first line
GAP = 0.14  # between blocks
FOOTER = 0.3  # inches below the source line
PNG_WIDTH = 1440  # pixels: sharp on a 1366 or 1280 px projector


def text_block(fig: Figure, lines: list[str], size: float, top: float, **style) -> float:
    """Lines of text from ``top`` (inches from the page's bottom) down; returns where they end.

    Positions are in inches of this figure (a slide page, or a wider share preview)."""
    if not lines:
        return top
    width, height = fig.get_size_inches()
    text = fig.text(
        MARGIN / width, top / height, "\n".join(lines), fontsize=size, va="top",
        linespacing=1.15, parse_math=False, **{"color": INK, **style},
    )  # fmt: skip
    return text.get_window_extent(fig.canvas.get_renderer()).y0 / fig.dpi


def verdict_line(fig: Figure, timed: TimedVerdict, top: float) -> float:
    """The verdict now and when written, each in its colour; the second goes below if it must."""
    runs = [("Now:", timed.now.label.value), (f"{when_written(timed)}:", timed.then.label.value)]
    space = text_width("n", VERDICT)
    page = fig.get_size_inches()
    x, y = MARGIN, top
    for index, (lead, label) in enumerate(runs):
        word = label[:1].upper() + label[1:]
        width = text_width(lead, VERDICT) + space + text_width(word, VERDICT, bold=True)
        if index and x + width > page[0] - MARGIN:
            x, y = MARGIN, y - line_height(VERDICT)
        for text, bold, colour in ((lead, False, INK), (word, True, verdict_colour(label))):
            fig.text(
                x / page[0], y / page[1], text, fontsize=VERDICT, va="top", color=colour,
                weight="bold" if bold else "normal", parse_math=False, gid="verdict",
            )  # fmt: skip
            x += text_width(text, VERDICT, bold) + space
        x += 4 * space
    return y - line_height(VERDICT)


def _table(fig: Figure, area: tuple[float, float, float, float], timed: tuple[TimedVerdict, ...]) -> None:
    """Every claim in a few words (the Claims page's) with its verdict now and when written."""
    left, bottom, width, height = area
    header = ["Claim", "Now", when_written(timed[0]).replace(" (", "\n(")]
    claims = rows(list(timed))
    columns = [width - 2 * 2.7, 2.7, 2.7]
    for size in (18, 16):  # the smaller only if the rows would not fit
        cells = [wrap(row.gist, size, columns[0] - 0.2) for row in claims]
        heights = [len(cell) * line_height(size) + 0.14 for cell in cells]
        head = 2 * line_height(size) + 0.14
        if head + sum(heights) <= height:
            break
    xs = [left, left + columns[0], left + columns[0] + columns[1]]
    y = bottom + height
    for x, text in zip(xs, header, strict=True):
        fig.text(x / PAGE[0], y / PAGE[1], text, fontsize=size, weight="bold", va="top", color=GREY)
    y -= head
    for row, cell, row_height in zip(claims, cells, heights, strict=True):
        line = ((left / PAGE[0], (left + width) / PAGE[0]), ((y + 0.07) / PAGE[1],) * 2)
        fig.add_artist(Line2D(*line, transform=fig.transFigure, color="#DDDDDD", linewidth=1))
        fig.text(xs[0] / PAGE[0], y / PAGE[1], "\n".join(cell), fontsize=size, va="top", parse_math=False)
        for x, label in zip(xs[1:], (row.now, row.then), strict=True):
            colour = verdict_colour(label.value)
            fig.text(
                x / PAGE[0], y / PAGE[1], label.title, fontsize=size, va="top", color=colour, weight="bold"
            )
        y -= row_height


def page_figure(slide: Slide, number: int, total: int) -> Figure:
    """One slide as a 16:9 page."""
    fig = Figure(figsize=PAGE)
    FigureCanvasAgg(fig)
    y = text_block(fig, [slide.kicker], KICKER, PAGE[1] - TOP, color=GREY, gid="kicker")
    y = text_block(fig, wrap(slide.title, TITLE, bold=True), TITLE, y - 0.04, weight="bold", gid="title")
    if slide.verdict is not None:
        y = verdict_line(fig, slide.verdict, y - GAP)
    if slide.detail:
        size = DETAIL if len(wrap(slide.detail, DETAIL)) <= 3 else LONG_DETAIL
        detail = shorten(slide.detail, size, DETAIL_LINES)
        y = text_block(fig, wrap(detail, size), size, y - GAP, gid="detail")
    source = wrap(slide.source, SOURCE, TEXT_WIDTH - 1.2)[:2]
    footer = FOOTER + len(source) * line_height(SOURCE)
    text_block(fig, source, SOURCE, footer, color=GREY, gid="source")
    fig.text(
        1 - MARGIN / PAGE[0], FOOTER / PAGE[1], f"{number} / {total}", fontsize=SOURCE, ha="right",
        va="bottom", color=GREY, gid="source",
    )  # fmt: skip
    # Never less than an inch: text too long for the page then overprints the chart (the layout
    # check says so) instead of failing to draw.
    area = (MARGIN, footer + GAP, TEXT_WIDTH, max(y - 2 * GAP - footer, 1.0))
    if slide.table:
        _table(fig, area, slide.table)
    elif slide.chart is not None:
        draw_chart(fig, area, slide.chart)
    return fig


def chart_figure(slide: Slide) -> Figure:
    """Presentation mode's chart: the page's drawing at the screen's shape, without the page's text."""
    fig = Figure(figsize=CHART)
    FigureCanvasAgg(fig)
    assert slide.chart is not None
    draw_chart(fig, (0.2, 0.1, CHART[0] - 0.4, CHART[1] - 0.2), slide.chart)
    return fig


def chart_png(slide: Slide) -> bytes:
    """The chart as a PNG no wider than Streamlit passes through untouched (1460 px): a wider one
    would be decoded, scaled and re-encoded on every rerun of every viewer."""
    buffer = io.BytesIO()
    chart_figure(slide).savefig(buffer, format="png", dpi=PNG_WIDTH / CHART[0])
    return buffer.getvalue()


def deck_pdf(slides: list[Slide], title: str) -> bytes:
    """Every slide as a page of one PDF, titled with the article's name."""
    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Title": title, "Subject": "Presentation deck"}) as pdf:
        for number, slide in enumerate(slides, 1):
            pdf.savefig(page_figure(slide, number, len(slides)))
    return buffer.getvalue()
