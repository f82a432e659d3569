"""Writing pages: one Jinja2 environment that escapes every value, and JSON that is safe in a page.

Every text on the site comes from a claims file, the manifest or a publisher's data, so none of it may
reach HTML unescaped: the environment autoescapes every template, and data go into ``<script>`` blocks
(Plotly figures, ClaimReview JSON-LD) as JSON with ``<``, ``>`` and ``&`` written as ``\\u003c``…, so
a quote holding ``</script>`` can never end the block.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from plotly.utils import PlotlyJSONEncoder

from claims.model import Label
from dashboard.summary import BADGES

TEMPLATES = Path(__file__).resolve().parent / "templates"
# JSON's own escapes for what would let text leave a <script> block, or break a JavaScript string.
SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: Any, indent: int | None = None) -> Markup:
    """``value`` as JSON to place inside ``<script type="application/...json">`` as it is.

    NaN becomes null (Plotly's encoder), numpy numbers plain numbers.
    """
    text = json.dumps(value, cls=PlotlyJSONEncoder, ensure_ascii=False, indent=indent)
    for char, escaped in SCRIPT_SAFE.items():
        text = text.replace(char, escaped)
    return Markup(text)


def badge_class(label: Label) -> str:
    """The verdict's colour as a CSS class: the app's badge colours (dashboard.summary.BADGES)."""
    return f"badge-{BADGES[label][0]}"


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,  # every template, whatever its name
        undefined=StrictUndefined,  # a misspelt name fails the build instead of showing nothing
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["script_json"] = script_json
    env.filters["badge"] = badge_class
    return env


def write(path: Path, text: str | bytes) -> Path:
    """Write one file of the site, making its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
