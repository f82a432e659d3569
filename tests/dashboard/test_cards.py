"""A claim card's text (dashboard/cards.py), which the Claims page and the static site both show."""

from __future__ import annotations

import pytest

from claims.engine import judge_over_time
from claims.loader import DEFAULT_CLAIMS, load_claims
from claims.model import TimedVerdict
from claims.verdict_text import role
from dashboard.cards import card, check_rows, measure_series
from store.files import DEFAULT_DATA_DIR


@pytest.fixture(scope="module")
def timed() -> list[TimedVerdict]:
    if not (DEFAULT_DATA_DIR / "manifest.json").exists():
        pytest.skip("no shipped data snapshot")
    return judge_over_time(load_claims(DEFAULT_CLAIMS), DEFAULT_DATA_DIR)


def test_a_row_per_test_with_its_own_verdict_and_role(timed: list[TimedVerdict]) -> None:
    for verdict in timed:
        rows = check_rows(verdict)
        assert [r.number for r in rows] == list(range(1, len(verdict.now.checks) + 1))
        for row, now, then in zip(rows, verdict.now.checks, verdict.then.checks, strict=True):
            assert (row.label, row.test, row.finding) == (now.label, now.test, now.finding)
            several = len(verdict.now.checks) > 1
            assert (role(now).capitalize() in row.note) == (several or not (now.label.judged and now.counts))
            differs = f"When written: {then.label.value}"
            assert (differs in row.note) == (then.label != now.label), (verdict.claim.id, row)


def test_a_verdict_that_changed_says_so_in_its_rows(timed: list[TimedVerdict]) -> None:
    """The snapshot holds claims whose tests could not be run when written: their rows say so."""
    changed = [
        t for t in timed if any(a.label != b.label for a, b in zip(t.now.checks, t.then.checks, strict=True))
    ]
    assert changed, "the snapshot has no test whose verdict moved: this test would check nothing"
    for verdict in changed:
        assert any("When written:" in row.note for row in card(verdict).rows)


def test_the_card_lists_tests_rule_caveats_and_every_source_once(timed: list[TimedVerdict]) -> None:
    for verdict in timed:
        shown = card(verdict)
        several = len(verdict.now.checks) > 1
        assert shown.tests == (tuple(c.evidence for c in verdict.now.checks) if several else ())
        assert all(rule in shown.rule for rule in verdict.now.rules)
        assert list(shown.caveats) == verdict.now.all_caveats
        described = {s.describe() for s in [*verdict.now.sources, *verdict.then.sources]}
        assert set(shown.sources) == described and len(shown.sources) == len(described)


def test_the_measure_page_is_the_claims_or_its_first_series(timed: list[TimedVerdict]) -> None:
    for verdict in timed:
        route, series = measure_series(verdict.claim)
        assert series == verdict.claim.checks[0].series[0]
        assert route == (verdict.claim.page or route)
