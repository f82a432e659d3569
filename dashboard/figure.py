"""The frame every figure dict shares: title (wrapped for phones), unit, source line, legend room,
and the wrapper that hands a built figure to Streamlit without re-validating it on every rerun.
"""

from __future__ import annotations

import html
import math
import textwrap
from typing import Any

import plotly.graph_objects as go

from dashboard.markup import chart_text

Fig = dict[str, Any]
TITLE_CHARS = 40  # about what fits across a 390 px phone at the title size
LEGEND_COLUMNS = 2  # fixed columns, so the rows a legend needs are known here, at any width
LEGEND_ROW_PX = 22
SOURCE_CHARS = 55  # the same for the source line's smaller type
SCREEN_TOP = 12  # px above the plot on screen, where the frame's heading already gives the title


class Prebuilt(go.Figure):
    """A figure dict sent to the browser as it is.

    ``st.plotly_chart`` re-validates a dict figure against Plotly's schema on every rerun (270 ms for
    an animated map, tens of ms per small chart); a Figure is sent via ``to_dict``, so this empty
    Figure hands over the dict (Streamlit reads only ``to_dict``; none of Figure's own state is built,
    which would cost 3 ms a chart). The builders' output is validated in the tests (go.Figure(fig)).
    """

    def __init__(self, fig: Fig) -> None:  # no Figure.__init__: it deep-copies a template (3 ms)
        self._plain = fig

    def to_dict(self) -> Fig:
        return self._plain


def wrap(text: str, width: int = TITLE_CHARS) -> str:
    """Break a chart title into lines (Plotly never wraps), so a phone shows all of it.

    The text is data (registry titles, units, attributions), so it is escaped for Plotly first.
    """
    safe = chart_text(text)
    return "<br>".join(textwrap.wrap(safe, width)) or safe


def layout(title: str, subtitle: str, source: str, height: int = 460, **extra: Any) -> dict[str, Any]:
    """Title, unit subtitle and a source line under the plot area (drawn into exported images)."""
    lines = wrap(title).count("<br>") + wrap(subtitle).count("<br>")
    source_lines = wrap(source, SOURCE_CHARS).count("<br>")
    top = 80 + 22 * lines
    return {
        "title": {
            "text": wrap(title),
            "subtitle": {"text": wrap(subtitle)},
            "x": 0,
            "xanchor": "left",
        },
        "height": height + 22 * lines + 14 * source_lines,
        "margin": {"l": 10, "r": 10, "t": top, "b": 110 + 14 * source_lines},
        # what the page's copy drops (see on_screen): the title's rows, the source line's rows
        "meta": {"screen": {"top": top - SCREEN_TOP, "bottom": 14 * (source_lines + 1) + 35}},
        "legend": {
            "orientation": "h",
            "yanchor": "top",
            "y": -0.12,
            "x": 0,
            "entrywidth": 1 / LEGEND_COLUMNS,
            "entrywidthmode": "fraction",
        },
        "hovermode": "closest",
        "annotations": [
            {
                "text": wrap(source, SOURCE_CHARS),
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "yshift": -95 - 14 * source_lines,
                "xanchor": "left",
                "yanchor": "bottom",
                "align": "left",
                "showarrow": False,
                "font": {"size": 10},
            }
        ],
        **extra,
    }


def legend_room(fig: Fig) -> Fig:
    """The figure with its bottom margin grown by the legend's extra rows, so no label is clipped."""
    legend = fig["layout"].get("legend", {})
    shown = [t for t in fig["data"] if t.get("name") and t.get("showlegend", True)]
    if legend.get("orientation") != "h" or fig["layout"].get("showlegend") is False or len(shown) < 2:
        return fig
    extra = LEGEND_ROW_PX * (math.ceil(len(shown) / LEGEND_COLUMNS) - 1)
    if not extra:
        return fig
    out = {**fig, "layout": {**fig["layout"], "height": fig["layout"]["height"] + extra}}
    out["layout"]["margin"] = {**out["layout"]["margin"], "b": out["layout"]["margin"]["b"] + extra}
    source, *rest = out["layout"]["annotations"]
    out["layout"]["annotations"] = [{**source, "yshift": source["yshift"] - extra}, *rest]
    return out


def titles(fig: Fig) -> tuple[str, str]:
    """The figure's title and subtitle as plain text (the frame's heading and its caption)."""
    title = fig["layout"].get("title", {})
    return tuple(  # type: ignore[return-value]
        html.unescape(str(part.get("text", "")).replace("<br>", " ")).lstrip("\u200b")
        for part in (title, title.get("subtitle", {}))
    )


def on_screen(fig: Fig) -> Fig:
    """The figure as a frame draws it: the frame's heading says its title and unit and a caption under
    it cites the source, so the figure drops both and the page is that much shorter. An animated map
    keeps one short title, the year on screen (``screen.title``). Downloaded images keep everything.
    """
    layout = fig["layout"]
    cut = layout.get("meta", {}).get("screen")
    if not cut:
        return fig
    out = {**fig, "layout": {k: v for k, v in layout.items() if k != "meta"}}
    out_layout = out["layout"]
    out_layout["margin"] = {
        **layout["margin"],
        "t": layout["margin"]["t"] - cut["top"],
        "b": layout["margin"]["b"] - cut["bottom"],
    }
    out_layout["height"] = layout["height"] - cut["top"] - cut["bottom"]
    out_layout["annotations"] = layout["annotations"][1:]  # the first is the source line
    year = cut.get("title", "")
    out_layout["title"] = {"text": year, "x": 0, "xanchor": "left", "font": {"size": 18}}
    if "frames" in fig:  # each year of a timeline names its own year
        out["frames"] = [{**f, "layout": {"title": {"text": f["name"]}}} for f in fig["frames"]]
    return out
