"""Text from readers, publishers, registry files and the manifest, shown as text wherever it is drawn.

Two renderers read markup inside text: Streamlit's Markdown (every ``st.markdown``, caption, heading,
alert and widget label: links, images, raw HTML, LaTeX between ``$``, directives like ``:red[…]``)
and Plotly (titles, hovers, legend names, annotations, axis titles: a subset of HTML tags, and LaTeX
when a string starts with ``$``). Each has its one escaper here, applied by pages and chart builders
to every string that comes from a file, never to their own markup. (The deck's PDF turns
matplotlib's mathtext off once, in dashboard/deck_style.py.)
"""

from __future__ import annotations

import html
import re

__all__ = ["DOT", "chart_text", "plain", "table_cell"]

# Characters that start Markdown links and images, emphasis, code, headings, tables, raw HTML,
# entities ("&lt;", a bare "&" is left as it is), LaTeX ($) and Streamlit's directives (:red[...]):
# escaped, each shows as itself.
MARKUP = re.compile(r"[\\`*_{}\[\]()<>#!|~$:@]|&(?=#?\w+;)")
# GFM's bare links ("https://…", "www.…", "a@b.c") are found in the text after escapes are read, so
# a backslash cannot stop them: a zero-width space inside "://", "www." and after "@" does.
BARE_LINK = re.compile(r"(?<=\\:)(?=//)|(?<=\\@)|(?<=(?<![\w.])www)(?=\.)", re.IGNORECASE)
ZERO_WIDTH = "\u200b"
# A line's start that makes a list, a rule or a heading underline: "- x", "+ x", "---", "===", "1. x"
LINE_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)\.)", re.MULTILINE)

# The separator between two items on one line ("Now · when written"): a no-break space before the dot
# keeps it with the item before it, so a narrow screen never starts a line with it.
DOT = "\u00a0· "


def plain(text: object) -> str:
    """Text escaped so ``st.markdown`` and friends show it as typed (links unlinked).

    A definition holding ``![x](https://…)`` would otherwise become an image the browser fetches.
    """
    escaped = BARE_LINK.sub(ZERO_WIDTH, MARKUP.sub(lambda m: f"\\{m[0]}", str(text)))
    return LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[2] else f"{m[1]}{m[3]}\\.", escaped)


def table_cell(text: object) -> str:
    """Text for one cell of a Markdown table: escaped, on one line."""
    return plain(text).replace("\r", " ").replace("\n", " ")


def chart_text(text: object) -> str:
    """Text escaped for Plotly: its HTML-like tags as entities, and a leading "$" that cannot start LaTeX."""
    safe = html.escape(str(text), quote=False)
    return "\u200b" + safe if safe.startswith("$") else safe
