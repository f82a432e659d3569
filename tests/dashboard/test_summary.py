"""The verdict summary (dashboard/summary.py): anchors and badges.

(A reader's text in its table is escaped by dashboard/markup.py, tested in test_markup.py.)

(The maps' tests are in tests/dashboard/test_maps.py, the deck's in test_deck.py and test_deck_pdf.py.)
"""

from __future__ import annotations

from claims.model import Label
from dashboard import summary
from dashboard.markup import DOT


def test_anchors_and_badges() -> None:
    assert summary.anchor("Gap: 30%!") == "claim-gap-30"
    assert summary.badge(Label.PARTLY).startswith(":orange-badge[")


def test_the_dot_between_now_and_when_written_stays_with_the_word_before_it() -> None:
    """On a phone the table's cell wraps: a breaking space before "·" could start a line with it."""
    from dashboard.deck_style import wrap

    header = summary.table([]).splitlines()[0]
    assert f"Now{DOT}when written" in header and " ·" not in header
    lines = wrap(f"Claim 3 of 7{DOT}Births & fertility{DOT}2 tests", 20, 1.7)  # the deck's kicker, narrow
    assert len(lines) > 1 and not any(line.startswith("·") for line in lines), lines
