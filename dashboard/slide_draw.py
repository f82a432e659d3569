"""Slide charts drawn with matplotlib into a given area of a page (or of presentation mode's image).

Labels go to the first of a few spots where they overprint no other text, bar or line; line labels
sit at the lines' ends; the axes shrink until every tick label, name and label lies inside the area.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MultipleLocator
from matplotlib.transforms import offset_copy

from dashboard.deck_style import AXIS, GREY, INK, LABEL, LIGHT, NAME, TICK, wrap
from dashboard.slide_charts import Axis, Dots, Lines, Panels, Ranking, SlideChart, finite
from dashboard.slide_labels import Area, Ends, Label, Spot, fit
from dashboard.theme import CLAIM_COLOUR, KOREA_COLOUR, MUTED_COLOUR, OECD_AVERAGE_COLOUR

ZERO_LINE = "#333333"
HEADROOM = 26  # points beyond the longest column, for Korea's value
END_WIDTH = 2.2  # inches: the widest a label at a line's right end may be


def draw_chart(fig: Figure, area: Area, chart: SlideChart) -> list[Axes]:
    """Draw ``chart`` inside ``area``; returns its axes (the layout check reads their labels)."""
    width, height = fig.get_size_inches()
    rect = (area[0] / width, area[1] / height, area[2] / width, area[3] / height)
    if isinstance(chart, Panels):
        count, gap = len(chart.charts), 0.25 * rect[3] / len(chart.charts)
        tall = (rect[3] - gap * (count - 1)) / count
        axes = [
            fig.add_axes((rect[0], rect[1] + (count - 1 - i) * (tall + gap), rect[2], tall))
            for i in range(count)
        ]
        labels = [label for ax, part in zip(axes, chart.charts, strict=True) for label in _lines(ax, part)]
        for ax in axes[:-1]:
            ax.sharex(axes[-1])
            ax.tick_params(labelbottom=False)
    else:
        axes = [fig.add_axes(rect)]
        labels = {Ranking: _ranking, Lines: _lines, Dots: _dots}[type(chart)](axes[0], chart)
    fit(fig, axes, area, labels)
    return axes


def _style(ax: Axes, axis: Axis, which: str = "y") -> None:
    """Ticks at slide size and the unit, once, as the axis' title."""
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=TICK)
    target = ax.yaxis if which == "y" else ax.xaxis
    if axis.counts:
        target.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    else:  # plain numbers: no "1e6" offset or multiplier above the axis
        target.get_major_formatter().set_useOffset(False)
        target.get_major_formatter().set_scientific(False)
    if which == "x":
        ax.set_xlabel(axis.label, fontsize=AXIS, color=GREY)
        return
    # Read across, above the axis: a rotated unit as long as "% of men's median earnings" would
    # need a chart taller than a slide leaves.
    ax.set_ylabel(axis.label, fontsize=AXIS, color=GREY, rotation=0, ha="left", va="bottom")
    ax.yaxis.set_label_coords(0, 1.03)


def _text(ax: Axes, text: str, colour: str) -> Text:
    return ax.text(0, 0, text, fontsize=LABEL, color=colour, weight="bold", clip_on=False, parse_math=False)


def _across(ax: Axes, value: float, text: str, colour: str) -> Label:
    """The label of a line drawn across the axes at ``value``: above it at either end, else below."""
    spots = [
        Spot(x, value, ha, va, dy, across=True)
        for va, dy in (("bottom", 3), ("top", -3))
        for x, ha in ((0.995, "right"), (0.005, "left"), (0.5, "center"))
    ]
    return Label(_text(ax, text, colour), spots, ax)


def _across_line(ax: Axes, value: float, colour: str, dotted: bool = False) -> None:
    style = (0, (2, 2)) if dotted else "--"
    ax.axhline(value, color=colour, linestyle=style, linewidth=2.5, zorder=3, gid="across")


def _end(ax: Axes, text: str, colour: str, value: float) -> tuple[Text, float]:
    """A label for the right end of a line, wrapped narrow so the plot keeps its width."""
    lines = wrap(text, LABEL, END_WIDTH, bold=True)
    return _text(ax, "\n".join(lines), colour), value


def _ranking(ax: Axes, chart: Ranking) -> list:
    """Columns, each country's name written up its column from the baseline (down, for a ranking of
    mostly negative values), Korea's value above its column, the average and the rule at the right."""
    count = len(chart.values)
    up = max([0.0, *chart.values]) >= -min([0.0, *chart.values])
    colours = [KOREA_COLOUR if i == chart.korea else MUTED_COLOUR for i in range(count)]
    ax.bar(range(count), chart.values, color=colours, width=0.76, zorder=2)
    _style(ax, chart.axis)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    ax.set_xlim(-0.6, count - 0.4)
    ax.axhline(0, color=ZERO_LINE, linewidth=1.2, zorder=3, gid="across")
    width_pt = ax.get_window_extent().width * 72 / ax.figure.dpi / count
    two_lines = width_pt >= 2.4 * NAME + 4  # room for a survey's year under its country's name
    along = offset_copy(ax.transData, ax.figure, 0, 5 if up else -5, units="points")
    names = [
        ax.text(
            i, 0, name.replace(" (", "\n(") if two_lines else name, rotation=90, rotation_mode="anchor",
            ha="left" if up else "right", va="center", fontsize=NAME, color=INK, clip_on=False,
            weight="bold" if i == chart.korea else "normal", linespacing=1.0, transform=along,
            parse_math=False, zorder=4,
        )
        for i, name in enumerate(chart.names)
    ]  # fmt: skip
    ends, gapped = [], []
    if chart.average is not None:
        gapped.append(_gapped_line(ax, chart.average, OECD_AVERAGE_COLOUR, "--"))
        label = f"{chart.average_label}: {chart.axis.format(chart.average)}"
        ends.append(_end(ax, label, OECD_AVERAGE_COLOUR, chart.average))
    if chart.reference is not None:
        gapped.append(_gapped_line(ax, chart.reference.value, CLAIM_COLOUR, (0, (2, 2))))
        ends.append(_end(ax, chart.reference.label, CLAIM_COLOUR, chart.reference.value))
    korea = None
    if chart.korea is not None:
        korea = _text(ax, chart.axis.format(chart.values[chart.korea]), KOREA_COLOUR)
        korea.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 1.5})  # over the average's line
    if chart.total:
        note = f"The first {count} of {chart.total} countries"
        ax.text(1, 1.03, note, transform=ax.transAxes, ha="right", va="bottom", fontsize=LABEL, color=GREY)
    return [_Room(ax, chart, names, korea, up, gapped), Ends(ax, ends)]


def _gapped_line(ax: Axes, value: float, colour: str, style) -> tuple[LineCollection, float]:
    """A line across a ranking, behind the columns, drawn in pieces (``_Room._gaps``) that break
    where a country's name rises past its column, instead of striking the name through."""
    line = LineCollection([], colors=colour, linestyles=style, linewidths=2.5, zorder=1.5, gid="across")
    ax.add_collection(line, autolim=False)
    return line, value


class _Room:
    """Y limits leaving room beyond the columns for the names written along them and for Korea's
    value (recomputed as the axes shrink to fit); then Korea's value, past its column or its name."""

    def __init__(
        self, ax: Axes, chart: Ranking, names: list[Text], korea: Text | None, up: bool,
        gapped: list[tuple[LineCollection, float]],
    ) -> None:  # fmt: skip
        self.ax, self.chart, self.names, self.korea, self.up = ax, chart, names, korea, up
        self.gapped = gapped

    def place(self) -> None:
        ax, sign = self.ax, 1 if self.up else -1  # worked out as if the columns rose; mirrored if not
        renderer = ax.figure.canvas.get_renderer()
        to_points = 72 / ax.figure.dpi
        height = ax.get_window_extent(renderer).height * to_points
        name = max(t.get_window_extent(renderer).height for t in self.names) * to_points + 5
        lines = [v for v in (self.chart.average, self.chart.reference and self.chart.reference.value) if v]
        values = [sign * v for v in (*self.chart.values, *lines)]
        high, low = max(0.0, *values), min(0.0, *values)
        low -= 0.02 * ((high - low) or 1.0)
        free = 1 - HEADROOM / height  # the share of the height below Korea's value
        top = max(low + (high - low) / free, low - low / max(free - name / height, 0.05))
        ax.set_ylim((low, top) if self.up else (-top, -low))
        if self.korea is not None:
            self._korea(renderer, sign)
        self._gaps(renderer)

    def _gaps(self, renderer) -> None:
        """Each line across from edge to edge, less the width of every name it would run through."""
        to_data = self.ax.transData.inverted()
        boxes = [name.get_window_extent(renderer).padded(3) for name in self.names]
        left, right = self.ax.get_xlim()
        for line, value in self.gapped:
            y = self.ax.transData.transform((0, value))[1]
            cuts = sorted(
                (to_data.transform((box.x0, y))[0], to_data.transform((box.x1, y))[0])
                for box in boxes
                if box.y0 <= y <= box.y1
            )
            pieces, start = [], left
            for cut_start, cut_end in cuts:
                if cut_start > start:
                    pieces.append([(start, value), (cut_start, value)])
                start = max(start, cut_end)
            if start < right:
                pieces.append([(start, value), (right, value)])
            line.set_segments(pieces)

    def _korea(self, renderer, sign: int) -> None:
        """Korea's value just past its column and name, and past the neighbours' it is wider than."""
        ax, index, label = self.ax, self.chart.korea, self.korea
        assert index is not None and label is not None
        label.set_transform(offset_copy(ax.transData, ax.figure, 0, 4 * sign, units="points"))
        label.set_position((index, 0))
        label.set_ha("center")
        label.set_va("bottom" if self.up else "top")
        box, inside = label.get_window_extent(renderer), ax.get_window_extent(renderer)
        if box.x0 < inside.x0 or box.x1 > inside.x1:  # the first or last column: flush with it
            left = box.x0 < inside.x0
            label.set_position((index - 0.38 if left else index + 0.38, 0))
            label.set_ha("left" if left else "right")
            box = label.get_window_extent(renderer)
        under = [bar.get_window_extent(renderer) for bar in ax.patches]
        under += [name.get_window_extent(renderer) for name in self.names]
        near = [b for b in under if b.x1 > box.x0 and b.x0 < box.x1]
        edge = max(b.y1 for b in near) if self.up else min(b.y0 for b in near)
        label.set_y(ax.transData.inverted().transform((0, edge))[1])


def _year_ticks(ax: Axes, years: list[int]) -> None:
    span = max(years) - min(years) if years else 0
    step = 1 if span <= 6 else 2 if span <= 12 else 5 if span <= 35 else 10
    ax.xaxis.set_major_locator(MultipleLocator(step))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}"))


def _lines(ax: Axes, chart: Lines) -> list:
    styles = {
        "other": {"color": LIGHT, "linewidth": 1.2, "zorder": 1},
        "average": {"color": OECD_AVERAGE_COLOUR, "linewidth": 3, "linestyle": "--", "zorder": 2},
        "korea": {"color": KOREA_COLOUR, "linewidth": 4, "zorder": 4},
    }
    ends: list[tuple[Text, float]] = []
    for line in chart.lines:
        style = styles[line.role]
        if chart.points or len(line.years) == 1:
            ax.plot(line.years, line.values, "o", color=style["color"], zorder=style["zorder"], markersize=9)
        else:
            ax.plot(line.years, line.values, **style)
        if line.label and line.values:
            ends.append(_end(ax, line.label, style["color"], line.values[-1]))
    _style(ax, chart.axis)
    _year_ticks(ax, [y for line in chart.lines for y in line.years])
    values = [v for line in chart.lines for v in finite(line.values)]
    values += [chart.reference.value] if chart.reference else []
    if values:
        low, high = min(values), max(values)
        pad = 0.1 * ((high - low) or abs(high) or 1.0)
        ax.set_ylim(0 if 0 <= low < 0.3 * high else low - pad, high + pad)
    if chart.reference is not None:
        _across_line(ax, chart.reference.value, CLAIM_COLOUR, dotted=True)
        ends.append(_end(ax, chart.reference.label, CLAIM_COLOUR, chart.reference.value))
    return [Ends(ax, ends)]


def _dots(ax: Axes, chart: Dots) -> list[Label]:
    others = [i for i in range(len(chart.x)) if i != chart.korea]
    ax.scatter([chart.x[i] for i in others], [chart.y[i] for i in others], s=90, color=MUTED_COLOUR, zorder=2)
    _style(ax, chart.y_axis)
    _style(ax, chart.x_axis, "x")
    ax.margins(0.08)
    labels = []
    if chart.average is not None:
        mean_x, mean_y = chart.average
        line = {"color": OECD_AVERAGE_COLOUR, "linestyle": "--", "linewidth": 2, "zorder": 1, "gid": "across"}
        ax.axvline(mean_x, **line)
        ax.axhline(mean_y, **line)
        labels.append(_across(ax, mean_y, chart.average_label, OECD_AVERAGE_COLOUR))
    if chart.korea is not None:
        x, y = chart.x[chart.korea], chart.y[chart.korea]
        ax.scatter([x], [y], s=220, color=KOREA_COLOUR, edgecolor="white", zorder=4)
        spots = [Spot(x, y, "left", "center", 0, 12), Spot(x, y, "right", "center", 0, -12),
                 Spot(x, y, "center", "bottom", 12), Spot(x, y, "center", "top", -12)]  # fmt: skip
        labels.insert(0, Label(_text(ax, "South Korea", KOREA_COLOUR), spots, ax))
    return labels
