"""What the Download tab hands out, built without Streamlit: the chart's rows as drawn, the full series
with its metadata as a zip, static images (PNG, SVG) and one-line loading snippets.

Images are drawn by Kaleido (Plotly's own exporter) in Debian's Chromium, offline: the same figure
as on screen, minus the timeline's slider and buttons, plus the page's link under the source line.
One headless Chromium is started on the first export and reused (``start.py`` installs it).
"""

from __future__ import annotations

import atexit
import copy
import html
import io
import json
import shutil
import threading
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.csv_export import csv_bytes
from dashboard.figure import Fig
from dashboard.markup import plain
from dashboard.provenance import metadata

TOPOJSON = Path(__file__).resolve().parent.parent / "static" / "topojson"
IMAGE_WIDTH = 1000
LINK_PX = 14  # the page's link, a line under the source
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
_lock = threading.Lock()
_server: list[bool] = []
# Kaleido 1.5 can hand a figure to a tab whose script is not there yet (under load: "kaleido_scopes is
# not defined"); each tab is reloaded after a figure, so a second try finds it.
NOT_READY = "kaleido_scopes is not defined"


class ImageError(RuntimeError):
    """A static image cannot be drawn here (no Chromium); the message says how to fix it."""


def chart_csv(rows: pd.DataFrame, unit: str) -> bytes:
    """The chart's rows exactly as drawn, the value column named with its unit."""
    return csv_bytes(rows.rename(columns={"value": f"value ({unit})"}))


def readme(meta: dict[str, Any], files: list[str]) -> str:
    """The README of a data zip: what the files are, where the data come from and how to cite them.

    A Markdown file: the registry's and the manifest's words are escaped, so a viewer shows them as typed.
    """
    text = {key: plain(value) for key, value in meta.items()}
    lines = [
        f"# {text['title']}",
        "",
        f"{text['definition']}",
        "",
        f"- Unit: {text['unit']}",
        f"- Publisher: {text['publisher']} ({text['dataset']})",
        f"- Publisher's page: {meta['publisher_page'] or 'not recorded'}",  # built here, from quoted codes
        f"- Licence: {text['licence']}",
        f"- Release: {text['release']}",
        f"- Cite as: {text['citation']}",
        "",
        "## Files",
        "",
        *[f"- {name}" for name in files],
        "",
        "Values are the publisher's, unrounded; an empty cell is a year the publisher gives no figure for.",
        "sha256 in the metadata file is that of the publisher's series as stored by this dashboard.",
    ]
    return "\n".join(lines) + "\n"


def data_zip(name: str, table: pd.DataFrame, metas: list[dict[str, Any]]) -> bytes:
    """A zip of ``name``.csv (every country and year), ``name``.metadata.json and README.md."""
    files = [f"{name}.csv", f"{name}.metadata.json", "README.md"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(files[0], csv_bytes(table))
        body = metas[0] if len(metas) == 1 else {"series": metas}
        archive.writestr(files[1], json.dumps(body, indent=2, ensure_ascii=False, default=str))
        archive.writestr(files[2], "\n".join(readme(m, files) for m in metas))
    return buffer.getvalue()


def series_zip(series: Any, page_url: str | None) -> bytes:
    """The full data behind a frame: the series' own file, or for a gap both sexes' with the gap."""
    frame = series.frame
    columns = [c for c in ("country_code", "country", "year", "value", "value_f", "value_m") if c in frame]
    table = (
        frame[columns]
        .sort_values(["country_code", "year"])
        .rename(columns={"value_f": "women", "value_m": "men"})
    )
    metas = [metadata(s, page_url) for s in series.sources]
    if series.parents:
        table = table.rename(columns={"value": "gap (women minus men)"})
    return data_zip(series.id, table, metas)


def snippets(name: str) -> tuple[str, str]:
    """One line each to load the zip's CSV in pandas and in R."""
    return (
        f'import pandas as pd; df = pd.read_csv("{name}.csv")  # from {name}.zip',
        f'df <- read.csv(unz("{name}.zip", "{name}.csv"))',
    )


def static_figure(fig: Fig, url: str) -> Fig:
    """The figure as an image shows it: no timeline controls or frames, white, the page's link last."""
    out = copy.deepcopy({k: v for k, v in fig.items() if k != "frames"})
    layout = out["layout"]
    for key in ("sliders", "updatemenus"):
        layout.pop(key, None)
    band = layout.pop("meta", {}).get("controls_px", 0)  # the timeline's rows, empty without it
    layout["height"] = layout.get("height", 460) - band
    layout["margin"] = {**layout["margin"], "b": layout["margin"]["b"] - band}
    layout["template"] = "plotly_white"
    layout["title"] = {**layout.get("title", {}), "pad": {"l": 12}}  # off the image's left edge
    for axis in ("xaxis", "yaxis"):  # tick labels inside the image whatever the margins
        if axis in layout or "geo" not in layout:
            layout[axis] = {**layout.get(axis, {}), "automargin": True}
    layout["height"] = layout.get("height", 460) + LINK_PX
    layout["margin"] = {**layout["margin"], "b": layout["margin"]["b"] + LINK_PX}
    source = layout["annotations"][0]
    source["text"] += f"<br>{html.escape(url)}"
    if source.get("yanchor") == "bottom":  # it grows upwards: move it down by the new line
        source["yshift"] -= LINK_PX
    else:  # under the map's legend: up where the timeline was
        source["yshift"] = source.get("yshift", 0) + band
    return out


def browser_available() -> bool:
    """Kaleido draws in a Chromium found on PATH (Debian's, which start.py installs)."""
    return any(shutil.which(b) for b in BROWSERS)


def _start() -> None:
    import kaleido

    if not browser_available():
        raise ImageError("Images need Chromium: install it with `sudo apt-get install -y chromium`.")
    if not _server:
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)  # no TeX: nothing from a CDN
        atexit.register(kaleido.stop_sync_server, silence_warnings=True)
        _server.append(True)


def image(fig: Fig, fmt: str) -> bytes:
    """PNG or SVG bytes of a static figure, drawn offline (map outlines from static/topojson)."""
    import kaleido

    with _lock:
        _start()
        retried = False
        while True:
            try:
                return kaleido.calc_fig_sync(
                    fig,
                    opts={"format": fmt, "width": IMAGE_WIDTH, "height": fig["layout"]["height"], "scale": 2},
                    topojson=TOPOJSON.as_uri() + "/" if TOPOJSON.is_dir() else None,
                )
            except Exception as exc:  # Chromium missing, crashed or timed out: say so, never a traceback
                if retried or NOT_READY not in str(exc):
                    raise ImageError(f"The image could not be drawn ({type(exc).__name__}).") from exc
                retried = True
