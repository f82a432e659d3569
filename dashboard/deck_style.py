"""How slides are set: the 16:9 page, type sizes, colours, and text wrapped to its measured width.

Type is sized for a room, on a page 7.5 in high (PowerPoint's widescreen 13.33 × 7.5 in): what a pupil
must read is at least 16 pt (2.1% of the screen's height; the usual floor for chart labels on slides
is 16–18 pt): country names and direct labels 16 pt, chart ticks and axis titles 18 pt, the verdict
and the evidence 20 pt (18 pt past three lines) and the title 30 pt bold in at most two lines. Only
the source line, read up close, is smaller (12 pt).
"""

from __future__ import annotations

import re
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")  # no display: pages are drawn in memory
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties

# Process-wide, read only when a PDF is written: TrueType fonts keep the PDF's text searchable.
matplotlib.rcParams["pdf.fonttype"] = 42
# Every text on a slide (titles, names, ticks) comes from data or registry files: "$…$" is shown
# as typed, never set as mathtext.
matplotlib.rcParams["text.parse_math"] = False

PAGE = (13.333, 7.5)  # inches, 16:9
MARGIN = 0.5  # left and right
TEXT_WIDTH = PAGE[0] - 2 * MARGIN
CHART = (PAGE[0], 4.6)  # presentation mode's chart image (inches); the text above it is HTML

TITLE, VERDICT, DETAIL, KICKER = 30, 20, 20, 16
LONG_DETAIL = 18  # evidence longer than three lines of DETAIL, so the chart keeps its height
TICK, AXIS, NAME, LABEL = 18, 18, 16, 16  # chart: ticks, axis titles, country names, direct labels
SOURCE = 12
LEADING = 1.25  # line height, in multiples of the type size
TITLE_LINES, DETAIL_LINES = 2, 4

INK, GREY, LIGHT = "#111111", "#555555", "#C4C4C4"
VERDICT_COLOURS = {  # dark enough on white for a projector (WCAG AA against white)
    "supported": "#1B7837",
    "partly supported": "#9A5B00",
    "not supported": "#B2182B",
}


def verdict_colour(label: str) -> str:
    """A verdict's colour; grey for any verdict that is no judgement (cannot check, and the like)."""
    return VERDICT_COLOURS.get(label, GREY)


@lru_cache(maxsize=4096)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of one line of text in inches, measured with the font the pages use."""
    renderer = RendererAgg(1, 1, 72)  # at 72 dpi a pixel is a point
    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    width, _, _ = renderer.get_text_width_height_descent(text, prop, ismath=False)
    return width / 72


# Where a line may break: any whitespace but the no-break space (dashboard.markup.DOT keeps "·" with
# the word before it; str.split() would break there too).
BREAK = re.compile(r"[^\S\u00a0]+")


def words_of(text: str) -> list[str]:
    return [word for word in BREAK.split(text) if word]


def wrap(text: str, size: float, width: float = TEXT_WIDTH, bold: bool = False) -> list[str]:
    """Words on lines no wider than ``width`` inches (a word longer than a line gets a line of its own)."""
    lines: list[str] = []
    for word in words_of(text):
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def fits(text: str, size: float, lines: int, width: float = TEXT_WIDTH, bold: bool = False) -> bool:
    wrapped = wrap(text, size, width, bold)
    return len(wrapped) <= lines and all(text_width(line, size, bold) <= width for line in wrapped)


def shorten(
    text: str, size: float, lines: int, suffix: str = "", bold: bool = False, width: float = TEXT_WIDTH
) -> str:
    """``text + suffix``, with words cut from the text's middle (marked "…") until it fits ``lines``.

    A claim's quote keeps its opening and its end, where the claim usually is; the suffix is kept whole.
    """
    words = words_of(text)
    for keep in range(len(words), 0, -1):
        head, tail = words[: (keep + 1) // 2], words[len(words) - keep // 2 :]
        candidate = " ".join(words if keep == len(words) else [*head, "…", *tail]) + suffix
        if fits(candidate, size, lines, width, bold):
            return candidate
    return "…" + suffix


def line_height(size: float) -> float:
    """Inches one line of type of ``size`` points takes."""
    return size * LEADING / 72
