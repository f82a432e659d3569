"""The presentation deck as one PDF to take offline: a page per slide, the finding as its title.

Drawn with matplotlib from the same figure dicts the app shows (bars, lines, points, reference
lines), so it needs no browser, no Plotly image export (kaleido wants a Chrome) and no internet.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: the PDF is drawn in memory
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.backends.backend_pdf import PdfPages

PAGE = (11.69, 8.27)  # A4 landscape, inches
DASHES = {"dash": "--", "dot": ":", "dashdot": "-."}
TAGS = re.compile(r"<[^>]+>")
RC = {"text.parse_math": False, "font.size": 10, "pdf.fonttype": 42}  # "$" in a quote stays a "$"


def bare(text: Any) -> str:
    """Plotly label text without its HTML tags (<b>, <br>)."""
    return TAGS.sub(" ", str(text)).replace("  ", " ").strip()


def _numbers(values: Sequence[Any]) -> list[float]:
    return [math.nan if v is None else float(v) for v in values]


def _positions(traces: list[dict], axis: str) -> dict[str, int]:
    """Category labels (e.g. country names on a ranking) to positions, bottom to top as Plotly draws."""
    labels: dict[str, int] = {}
    for trace in traces:
        for value in trace.get(axis) or []:
            if isinstance(value, str) and value not in labels:
                labels[value] = len(labels)
    return labels


def _coords(values: Sequence[Any], categories: dict[str, int]) -> list[float]:
    if categories:
        return [math.nan if v is None else float(categories[v]) for v in values]
    return _numbers(values)


def draw_figure(ax: Axes, fig: dict[str, Any]) -> None:
    """Bars, lines and markers of a figure dict, its reference lines and its legend."""
    traces = fig.get("data", [])
    layout = fig.get("layout", {})
    ys, xs = _positions(traces, "y"), _positions(traces, "x")
    labelled = False
    for trace in traces:
        colour = trace.get("line", {}).get("color") or trace.get("marker", {}).get("color")
        name = bare(trace.get("name", "")) if trace.get("showlegend", True) and trace.get("name") else None
        labelled = labelled or name is not None
        x, y = _coords(trace.get("x", []), xs), _coords(trace.get("y", []), ys)
        if trace.get("type") == "bar" and trace.get("orientation") == "h":
            ax.barh(y, x, color=colour, label=name)
            for value, text, row in zip(x, trace.get("text") or [], y, strict=False):
                ax.annotate(bare(text), (value, row), xytext=(3, 0), textcoords="offset points", va="center")
        elif trace.get("type") == "bar":
            ax.bar(x, y, color=colour, label=name)
        else:
            mode = trace.get("mode", "lines")
            style = DASHES.get(trace.get("line", {}).get("dash", "solid"), "-") if "lines" in mode else "none"
            marker = "o" if "markers" in mode else None
            single = colour if isinstance(colour, str) else None
            ax.plot(x, y, linestyle=style, marker=marker, color=single, label=name, markersize=5)
    for shape in layout.get("shapes", []):
        line = shape.get("line", {})
        kwargs = {"color": line.get("color"), "linestyle": DASHES.get(line.get("dash", ""), "-")}
        if shape.get("xref") == "paper":
            ax.axhline(shape["y0"], **kwargs)
        else:
            ax.axvline(shape["x0"], **kwargs)
    for note in layout.get("annotations", [])[1:]:  # the first is the source line, drawn under the chart
        ax.annotate(bare(note["text"]), (0.99, 0.98), xycoords="axes fraction", ha="right", va="top")
    for categories, ticks in ((ys, ax.set_yticks), (xs, ax.set_xticks)):
        if categories:
            ticks(list(categories.values()), [bare(c) for c in categories])
    unit = bare(layout.get("title", {}).get("subtitle", {}).get("text", ""))
    (ax.set_xlabel if ys else ax.set_ylabel)(unit)
    ax.spines[["top", "right"]].set_visible(False)
    if labelled and layout.get("showlegend", True):
        ax.legend(loc="best", frameon=False)


def _verdict_table(ax: Axes, rows: list[tuple[str, str, str]], header: tuple[str, str, str]) -> None:
    ax.axis("off")
    cells = [[textwrap.fill(a, 60), b, c] for a, b, c in rows]
    table = ax.table(
        cellText=cells, colLabels=header, loc="upper left", cellLoc="left", colWidths=[0.6, 0.2, 0.2]
    )
    table.auto_set_font_size(False)
    table.set_fontsize(12)
    table.scale(1, 2.6)


def deck_pdf(pages: list[dict[str, Any]]) -> bytes:
    """One PDF page per slide dict: ``finding``, ``detail``, ``source`` and ``figure`` or ``rows``."""
    buffer = io.BytesIO()
    with plt.rc_context(RC), PdfPages(buffer, metadata={"Title": "Presentation deck"}) as pdf:
        for number, page in enumerate(pages, 1):
            figure = plt.figure(figsize=PAGE)
            figure.text(0.04, 0.96, textwrap.fill(page["finding"], 72), fontsize=17, weight="bold", va="top")
            if page.get("detail"):
                figure.text(0.04, 0.85, textwrap.fill(page["detail"], 130), fontsize=11, va="top")
            if page.get("rows"):
                _verdict_table(figure.add_axes((0.04, 0.1, 0.92, 0.7)), page["rows"], page["header"])
            else:
                categorical = any(isinstance(v, str) for t in page["figure"]["data"] for v in t.get("y", []))
                left = 0.24 if categorical else 0.08  # room for country names on a ranking
                draw_figure(figure.add_axes((left, 0.14, 0.96 - left, 0.62)), page["figure"])
            source = textwrap.fill(page.get("source", ""), 170)
            figure.text(0.04, 0.03, source, fontsize=8, va="bottom", color="#333333")
            figure.text(0.96, 0.03, f"{number} / {len(pages)}", fontsize=8, ha="right", va="bottom")
            pdf.savefig(figure)
            plt.close(figure)
    return buffer.getvalue()
