"""The verdict summary (dashboard/summary.py): anchors and badges.

(A reader's text in its table is escaped by dashboard/markup.py, tested in test_markup.py.)

(The maps' tests are in tests/dashboard/test_maps.py, the deck's in test_deck.py and test_deck_pdf.py.)
"""

from __future__ import annotations

from claims.model import Label
from dashboard import summary


def test_anchors_and_badges() -> None:
    assert summary.anchor("Gap: 30%!") == "claim-gap-30"
    assert summary.badge(Label.PARTLY).startswith(":orange-badge[")
