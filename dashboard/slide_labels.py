"""Where a slide chart's labels go, and how its axes shrink to fit the area they are given.

A label goes to the first of a few spots where it overprints no other text, bar or line; labels for
lines' right ends are pushed apart vertically; the axes shrink until every tick label, name and
label they draw lies inside the area (matplotlib's own extents of each).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox, offset_copy

Area = tuple[float, float, float, float]  # left, bottom, width, height in inches


class Placer(Protocol):
    def place(self) -> None: ...


@dataclass(frozen=True)
class Spot:
    """Where a label may go: (x, y) in data units, or x as a fraction of the axes (``across``)."""

    x: float
    y: float
    ha: str
    va: str
    dy: float = 0  # points
    dx: float = 0
    across: bool = False


@dataclass
class Label:
    text: Text
    spots: list[Spot]
    ax: Axes

    def place(self) -> None:
        """The first spot inside the axes where the label overprints nothing; else the first."""
        renderer = self.ax.figure.canvas.get_renderer()
        inside = self.ax.get_window_extent(renderer)
        boxes = [t.get_window_extent(renderer) for t in self.ax.texts if t is not self.text and t.get_text()]
        points = _line_points(self.ax)
        for spot in [*self.spots, self.spots[0]]:
            base = self.ax.get_yaxis_transform() if spot.across else self.ax.transData
            self.text.set_transform(offset_copy(base, self.ax.figure, spot.dx, spot.dy, units="points"))
            self.text.set_position((spot.x, spot.y))
            self.text.set_ha(spot.ha)
            self.text.set_va(spot.va)
            box = self.text.get_window_extent(renderer)
            inner = (
                inside.x0 <= box.x0 and box.x1 <= inside.x1 and inside.y0 <= box.y0 and box.y1 <= inside.y1
            )
            padded = box.padded(3)
            clear = not any(padded.overlaps(other) for other in boxes)
            if inner and clear and not (len(points) and padded.count_contains(points)):
                return


def _line_points(ax: Axes) -> np.ndarray:
    """Every drawn line's points in display units, densified so a label cannot sit on a segment."""
    out = []
    for line in ax.get_lines():
        xy = line.get_xydata()
        if len(xy) < 2 or line.get_gid() == "across":
            continue
        xy = xy[~np.isnan(xy).any(axis=1)]
        steps = np.linspace(0, 1, 6)[:, None, None]
        dense = (xy[:-1] + steps * (xy[1:] - xy[:-1])).reshape(-1, 2) if len(xy) > 1 else xy
        out.append(line.get_transform().transform(dense))
    return np.concatenate(out) if out else np.empty((0, 2))


class Ends:
    """Line-end labels right of the plot at their lines' last values, pushed apart vertically."""

    def __init__(self, ax: Axes, ends: list[tuple[Text, float]]) -> None:
        self.ax, self.ends = ax, ends

    def place(self) -> None:
        renderer = self.ax.figure.canvas.get_renderer()
        floor = None
        for text, value in sorted(self.ends, key=lambda end: end[1]):
            text.set_transform(
                offset_copy(self.ax.get_yaxis_transform(), self.ax.figure, 8, 0, units="points")
            )
            text.set_position((1, value))
            text.set_va("center")
            box = text.get_window_extent(renderer)
            if floor is not None and box.y0 < floor:
                shift = (floor - box.y0) * 72 / self.ax.figure.dpi
                text.set_transform(
                    offset_copy(self.ax.get_yaxis_transform(), self.ax.figure, 8, shift, units="points")
                )
                box = text.get_window_extent(renderer)
            floor = box.y1 + 2


def fit(fig: Figure, axes: list[Axes], area: Area, labels: list[Placer]) -> None:
    """Shrink the axes until everything they draw (ticks, names, labels) lies inside ``area``."""
    renderer = fig.canvas.get_renderer()
    dpi = fig.dpi
    target = Bbox.from_bounds(*(v * dpi for v in area))
    page_w, page_h = fig.get_size_inches() * dpi
    for _ in range(5):
        for label in labels:
            label.place()
        inner = Bbox.union([ax.get_window_extent(renderer) for ax in axes])
        outer = Bbox.union([ax.get_tightbbox(renderer) for ax in axes])
        x0, y0 = target.x0 + inner.x0 - outer.x0, target.y0 + inner.y0 - outer.y0
        x1, y1 = target.x1 - (outer.x1 - inner.x1), target.y1 - (outer.y1 - inner.y1)
        new = Bbox.from_extents(x0, y0, max(x1, x0 + 8), max(y1, y0 + 8))  # labels wider than the area
        if max(abs(a - b) for a, b in zip(new.extents, inner.extents, strict=True)) < 0.5:
            break
        for ax in axes:
            box = ax.get_window_extent(renderer)
            x0 = new.x0 + (box.x0 - inner.x0) / inner.width * new.width
            x1 = new.x0 + (box.x1 - inner.x0) / inner.width * new.width
            y0 = new.y0 + (box.y0 - inner.y0) / inner.height * new.height
            y1 = new.y0 + (box.y1 - inner.y0) / inner.height * new.height
            ax.set_position((x0 / page_w, y0 / page_h, (x1 - x0) / page_w, (y1 - y0) / page_h))
    for label in labels:
        label.place()
