"""What a claim card says, as plain text: the Claims page and the static site (publish/) both show it.

Pure (no Streamlit): the page renders these strings through ``plain`` into Markdown, the site through
an autoescaping template, so the two can never say different things.
"""

from __future__ import annotations

from dataclasses import dataclass

from claims.model import Claim, Label, TimedVerdict
from claims.verdict_text import role
from registry.catalogue import current


@dataclass(frozen=True)
class CheckRow:
    """One test of a claim: its verdict, what was tested, the figure found, and how the rule used it."""

    number: int
    label: Label
    test: str
    finding: str  # "" when the test has no short figure
    note: str  # "" or one sentence: its role, its verdict when written if different, why it did not run


@dataclass(frozen=True)
class Card:
    timed: TimedVerdict
    rows: tuple[CheckRow, ...]
    tests: tuple[str, ...]  # each test's full sentence, when the claim has several tests
    rule: str
    caveats: tuple[str, ...]
    sources: tuple[str, ...]  # every release used, now and when written, once each

    @property
    def claim(self) -> Claim:
        return self.timed.claim

    @property
    def then_heading(self) -> str:
        """ "When written" (or "As of 2022-06-30"), as the card's second verdict is introduced."""
        return self.timed.then_label.capitalize()


def check_rows(timed: TimedVerdict) -> list[CheckRow]:
    """One row per test; the note says how the rule counted it, its verdict when written where that
    differs, and why a test of a several-test claim could not be run."""
    several = len(timed.now.checks) > 1
    rows = []
    for number, (now, then) in enumerate(zip(timed.now.checks, timed.then.checks, strict=True), start=1):
        notes = [role(now).capitalize()] if several or not (now.label.judged and now.counts) else []
        if then.label != now.label:
            notes.append(f"{timed.then_label.capitalize()}: {then.label.value}")
        if not now.label.judged and several:
            notes.append(now.evidence)
        note = ". ".join(n.rstrip(".") for n in notes) + "." if notes else ""
        rows.append(CheckRow(number, now.label, now.test, now.finding, note))
    return rows


def card(timed: TimedVerdict) -> Card:
    now, then = timed.now, timed.then
    tests = tuple(check.evidence for check in now.checks) if len(now.checks) > 1 else ()
    sources = tuple(dict.fromkeys(s.describe() for s in [*now.sources, *then.sources]))
    return Card(
        timed=timed,
        rows=tuple(check_rows(timed)),
        tests=tests,
        rule=" ".join(dict.fromkeys(now.rules)),
        caveats=tuple(now.all_caveats),
        sources=sources,
    )


def measure_series(claim: Claim) -> tuple[str, str | None]:
    """The page that charts the claim's measure (its ``page``, else its first series' registry page)
    and that series (None when the claim names none the registry knows)."""
    series = [s for check in claim.checks for s in check.series if s in current()]
    first = series[0] if series else None
    route = claim.page or (current().info(first).page if first else "")
    return route, first
