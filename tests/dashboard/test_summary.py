"""The verdict summary (dashboard/summary.py): a reader's claims text shown as typed, anchors, badges.

(The maps' tests are in tests/dashboard/test_maps.py, the deck's in test_deck.py and test_deck_pdf.py.)
"""

from __future__ import annotations

from claims.model import Label
from dashboard import summary


def test_summary_table_escapes_a_readers_claims_text() -> None:
    assert summary.escape("a | [x](javascript:alert(1)) *b*") == (
        r"a \| \[x\]\(javascript\:alert\(1\)\) \*b\*"
    )
    assert summary.anchor("Gap: 30%!") == "claim-gap-30"
    assert summary.badge(Label.PARTLY).startswith(":orange-badge[")
