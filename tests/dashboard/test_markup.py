"""The escapers of dashboard/markup.py: escaped text, parsed as Markdown (CommonMark with GFM's tables
and strikethrough, by markdown-it-py) or read as Plotly's pseudo-HTML, shows exactly as typed."""

from __future__ import annotations

import html
import re

import pytest
from markdown_it import MarkdownIt

from dashboard.markup import ZERO_WIDTH, chart_text, plain, table_cell

MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# GFM's literal links, which Streamlit finds in a paragraph's text after its escapes are read
BARE_LINKS = [re.compile(r"https?://"), re.compile(r"(?<![\w.])www\.", re.I), re.compile(r"\w@[\w-]+\.\w")]
HOSTILE = [
    "![i](https://evil.example/i.png) [l](https://evil.example/l) <https://evil.example/a>",
    '<img src="https://evil.example/h.png"> <span style="color:red">x</span> &lt; &amp;',
    "**bold** __b__ *i* _i_ ~~s~~ `code` ``c``",
    "# heading\n> quote\n- item\n+ item\n1. item\n---\nunderlined\n===",
    "| a | b |\n|---|---|\n| c | d |",
    "$\\alpha$ :red[red] :material/home: www.evil.example a@evil.example https://evil.example/u WWW.E.COM",
    "\\*not\\* a\\\\b {x} (y) 3.5% −15.2 pp 1990. R&D",
]


def _shown(source: str) -> str:
    """The text a reader sees when ``source`` is rendered, failing on any element but a paragraph of text."""
    blocks = MARKDOWN.parse(source)
    assert [b.type for b in blocks] == ["paragraph_open", "inline", "paragraph_close"], source
    parts = blocks[1].children or []
    assert {p.type for p in parts} <= {"text", "softbreak"}, [p.type for p in parts]
    return "".join("\n" if p.type == "softbreak" else p.content for p in parts)


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_shows_text_as_typed(text: str) -> None:
    escaped = plain(text)
    shown = _shown(escaped)
    assert shown.replace(ZERO_WIDTH, "") == text
    for link in BARE_LINKS:
        assert not link.search(shown), link.pattern
    # Streamlit's own syntax (LaTeX, directives, bare links) is not CommonMark's: each start escaped
    for mark in ("$", ":", "@"):
        assert escaped.count(mark) == escaped.count(f"\\{mark}")


@pytest.mark.parametrize("text", HOSTILE)
def test_a_table_cell_stays_one_cell_on_one_line(text: str) -> None:
    table = MARKDOWN.parse(f"| x | y |\n|---|---|\n| {table_cell(text)} | z |")
    cells = [t for t in table if t.type == "td_open"]
    assert len(cells) == 2 and table_cell(text).count("\n") == 0


@pytest.mark.parametrize("text", [*HOSTILE, "$x$", "a<br>b", '<a href="https://evil.example">x</a>'])
def test_chart_text_has_no_tag_and_no_leading_dollar(text: str) -> None:
    escaped = chart_text(text)
    assert "<" not in escaped and not escaped.startswith("$")
    assert html.unescape(escaped).lstrip("\u200b") == text
