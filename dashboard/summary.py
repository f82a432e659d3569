"""The verdict summary: every claim in a few words, its verdict now and when written, a link to its card.

Shown at the top of the Claims page and as the first slide of the presentation deck (and its PDF).
Claim text comes from a claims file (possibly a reader's upload), so it is escaped for Markdown and
never goes through HTML.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from claims.model import Label, TimedVerdict, anchor
from dashboard.markup import DOT, table_cell

__all__ = ["BADGES", "Row", "anchor", "badge", "gist", "headline", "rows", "table"]

BADGES = {
    Label.SUPPORTED: ("green", ":material/check_circle:"),
    Label.PARTLY: ("orange", ":material/contrast:"),
    Label.NOT_SUPPORTED: ("red", ":material/cancel:"),
    Label.CANNOT_CHECK: ("gray", ":material/help:"),
    Label.NOT_KEPT: ("gray", ":material/cloud_download:"),
}
GIST_CHARS = 60


@dataclass(frozen=True)
class Row:
    gist: str  # the claim in a few words
    now: Label
    then: Label
    anchor: str  # the card's heading id on the Claims page


def gist(quote: str) -> str:
    return textwrap.shorten(quote, GIST_CHARS, placeholder=" …")


def rows(timed: list[TimedVerdict]) -> list[Row]:
    return [Row(gist(t.claim.quote), t.now.label, t.then.label, t.claim.anchor) for t in timed]


def badge(label: Label, prefix: str = "") -> str:
    """A verdict as a Markdown badge; ``prefix`` names whose ("Now: ", "When written: ")."""
    colour, icon = BADGES[label]
    return f":{colour}-badge[{icon} {prefix}{label.title}]"


def headline(timed: list[TimedVerdict]) -> str:
    """One sentence: how many claims, and how many of each verdict with the newest data."""
    counts = {label: sum(t.now.label is label for t in timed) for label in Label}
    parts = [f"{n} {label.value}" for label, n in counts.items() if n]
    return f"{len(timed)} data claims checked with the newest data: " + ", ".join(parts) + "."


def table(timed: list[TimedVerdict], links: list[str] | None = None) -> str:
    """A Markdown table; ``links`` (one per claim, "" for none) default to the cards' anchors.

    Two columns, both verdicts in one cell, so the table fits a phone's width: the badges wrap.
    """
    then_label = timed[0].then_label if timed else "when written"
    lines = [f"| Claim | Now{DOT}{table_cell(then_label)} |", "|---|---|"]
    for index, row in enumerate(rows(timed)):
        target = links[index] if links is not None else f"#{row.anchor}"
        claim = f"[{table_cell(row.gist)}]({target})" if target else table_cell(row.gist)
        lines.append(f"| {claim} | {badge(row.now)}{DOT}{badge(row.then)} |")
    return "\n".join(lines)
