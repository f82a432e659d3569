"""The deck's layout check: every text a page draws, with matplotlib's own extents of it.

A page fails when a text runs off the page, two texts overprint each other, a line drawn across the
axes (an average, a rule: gid "across") strikes a text through, a text is cut by its clip box, the
title takes more than two lines, type is smaller than a room can read, or an axis'
title is not the unit the series registry gives.
"""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from dashboard.deck_style import TITLE_LINES

SMALLEST = 16  # points: the least a pupil at the back must read
TOLERANCE = 0.5  # pixels: anti-aliasing, not overprinting


def drawn_texts(fig: Figure) -> list[tuple[Text, Bbox, Bbox | None]]:
    """Each text the page really draws (tick labels outside the view are not), its extent and the box
    it is clipped to, if any."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    seen: dict[int, Text] = {}
    draw = Text.draw

    def record(text: Text, renderer) -> None:
        if text.get_visible() and text.get_text().strip():
            seen.setdefault(id(text), text)
        draw(text, renderer)

    Text.draw = record  # the test's own thread draws; put back below
    try:
        fig.draw(renderer)
    finally:
        Text.draw = draw
    return [
        (text, text.get_window_extent(renderer), text.get_clip_box() if text.get_clip_on() else None)
        for text in seen.values()
    ]


def _name(text: Text) -> str:
    return repr(text.get_text().replace("\n", " ")[:40])


def _unit_matches(label: str, unit: str) -> bool:
    return label == unit or label.endswith(f"({unit})")


def problems(fig: Figure, units: set[str] | None = None) -> list[str]:
    """What is wrong with the page's layout; ``units``: the units its axes must show (None: skip)."""
    texts = drawn_texts(fig)
    page = fig.bbox.padded(TOLERANCE)
    found = []
    for text, box, clip in texts:
        if not (page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1):
            found.append(f"{_name(text)} runs off the page")
        if clip is not None:
            inner = clip.padded(TOLERANCE)
            if not (inner.x0 <= box.x0 and box.x1 <= inner.x1 and inner.y0 <= box.y0 and box.y1 <= inner.y1):
                found.append(f"{_name(text)} is clipped")
        if text.get_fontsize() < SMALLEST and text.get_gid() != "source":
            found.append(f"{_name(text)} is {text.get_fontsize():g} pt, too small for a room")
        if text.get_gid() == "title" and text.get_text().count("\n") + 1 > TITLE_LINES:
            found.append(f"the title {_name(text)} takes {text.get_text().count(chr(10)) + 1} lines")
    for index, (first, box, _) in enumerate(texts):
        for second, other, _ in texts[index + 1 :]:
            if _overlap(box, other):
                found.append(f"{_name(first)} overprints {_name(second)}")
    for y, x0, x1 in _across_lines(fig):
        for text, box, _ in texts:
            covered = text.get_bbox_patch() is not None  # a label on a white box, drawn over the line
            if not covered and box.y0 + 2 < y < box.y1 - 2 and min(x1, box.x1) - max(x0, box.x0) > 2:
                found.append(f"a line across strikes {_name(text)} through")
    if units is not None:
        labels = [label for ax in fig.axes for label in (ax.get_xlabel(), ax.get_ylabel()) if label]
        for label in labels:
            if not any(_unit_matches(label, unit) for unit in units):
                found.append(f"axis {label!r} is not the unit {sorted(units)}")
        for unit in units:
            if not any(_unit_matches(label, unit) for label in labels):
                found.append(f"no axis shows the unit {unit!r}")
    return found


def _across_lines(fig: Figure) -> list[tuple[float, float, float]]:
    """Every horizontal piece of a line drawn across the axes, as (y, x0, x1) in pixels."""
    pieces = []
    for ax in fig.axes:
        for artist in [*ax.lines, *ax.collections]:
            if artist.get_gid() != "across" or not artist.get_visible():
                continue
            if isinstance(artist, LineCollection):
                segments = [ax.transData.transform(segment) for segment in artist.get_segments()]
            else:
                segments = [artist.get_transform().transform(artist.get_xydata())]
            for points in segments:
                (x0, y0), (x1, y1) = points[0], points[-1]
                if abs(y0 - y1) < 0.5:
                    pieces.append((y0, min(x0, x1), max(x0, x1)))
    return pieces


def _overlap(a: Bbox, b: Bbox) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > TOLERANCE and min(a.y1, b.y1) - max(a.y0, b.y0) > TOLERANCE
