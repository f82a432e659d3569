"""The engine: every checkable claim judged against data/, as of a date or with the newest data.

Nothing here knows about particular claims; verdicts follow from the claims file's checks and
whatever data/ holds, so a re-fetch changes them and a user's own claims file works the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from claims.changes import compare
from claims.data import DataView
from claims.kinds import run_check
from claims.model import CheckResult, Claim, ClaimsFile, Evidence, Label, TimedVerdict, Verdict
from claims.verdict_text import about_association, lead, reason
from store.files import data_dir_from_env

RULES = (
    "Each test has its own verdict, by the rule shown with it. A test that could not be run (no data "
    "that could test it existed, or the publisher's release is not kept in this snapshot) is shown "
    "but not counted.",
    "A claim tested several ways is supported if every counted test supports it, not supported if none "
    "supports it even partly, and partly supported otherwise.",
    "A claim about reasons, or about two measures going together (any association test), is decided "
    "only by tests that can show an association: across countries, or within one country year on "
    "year. A change over time, of one measure or of two over the same window, is shown as "
    "corroboration and never counted: almost any two measures that trend over the years move "
    "together. Such a claim is supported if every deciding test supports it, partly supported if some "
    "do, not supported if none does (a correlation of the claimed sign whose interval includes 0 is "
    "not support), and cannot be checked if no deciding test could be run.",
    "Figures for whole countries cannot show why any one person acts: they can show whether the data "
    "are consistent with a stated reason, never that it is the reason.",
)
COMBINE_RULE = " ".join(RULES[:2])  # the rule for claims that are not about an association
ASSOCIATION_RULE = " ".join(RULES[2:])


def counted(results: list[CheckResult]) -> list[CheckResult]:
    """Each result marked with whether the combination rule counts it (``RULES``)."""
    if not about_association(results):
        return results
    return [replace(r, counts=r.shows is Evidence.ASSOCIATION) for r in results]


def combine(results: list[CheckResult]) -> Label:
    """The verdict of a claim from its checks' verdicts (see ``RULES``)."""
    results = counted(results)
    deciding = [r for r in results if r.counts]
    run = [r.label for r in deciding if r.label.judged]
    if not run:
        return Label.NOT_KEPT if any(r.label is Label.NOT_KEPT for r in deciding) else Label.CANNOT_CHECK
    if about_association(results):
        support = sum(label is Label.SUPPORTED for label in run)
        return Label.SUPPORTED if support == len(run) else Label.PARTLY if support else Label.NOT_SUPPORTED
    if all(label is Label.SUPPORTED for label in run):
        return Label.SUPPORTED
    if all(label is Label.NOT_SUPPORTED for label in run):
        return Label.NOT_SUPPORTED
    return Label.PARTLY


def join_evidence(sentences: list[str]) -> str:
    """One paragraph from several tests' sentences, saying a shared opening only once.

    "In 2024 X was 0.75, the lowest of 38 OECD members with data." and "..., the lowest of 193 UN member
    states with data." become "In 2024 X was 0.75, the lowest of 38 OECD members with data and the
    lowest of 193 UN member states with data."
    """
    merged: list[str] = []
    for sentence in dict.fromkeys(sentences):  # unique, in order
        if merged:
            previous = merged[-1]
            pairs = enumerate(zip(previous, sentence, strict=False))
            shared = next((i for i, (a, b) in pairs if a != b), min(len(previous), len(sentence)))
            cut = previous.rfind(", ", 0, shared)
            if cut > 0 and previous[: cut + 2] == sentence[: cut + 2]:
                merged[-1] = f"{previous.rstrip('.')} and {sentence[cut + 2 :]}"
                continue
        merged.append(sentence)
    return " ".join(merged)


def check_claim(claim: Claim, claims: ClaimsFile, view: DataView) -> Verdict:
    """Judge one checkable claim with the data in ``view`` (a check repeated in the file runs once)."""
    article = claims.article
    results = counted(
        [
            view.once(
                ("check", spec.kind, repr(sorted(spec.params.items())), article.published),
                lambda spec=spec: run_check(spec, view, article),
            )
            for spec in claim.checks
        ]
    )
    label = combine(results)
    caveats: list[str] = []
    if about_association(results):
        caveats.append(ASSOCIATION_RULE)
    elif len(results) > 1:
        caveats.append(COMBINE_RULE)
    skipped = [r for r in results if not r.label.judged]
    if len(results) > 1 and skipped and label.judged:
        caveats.append(f"{len(skipped)} of {len(results)} tests could not be run and are not counted.")
    return Verdict(
        claim=claim,
        label=label,
        evidence=lead(label, results),
        checks=tuple(results),
        as_of=view.as_of,
        caveats=tuple(caveats),
    )


def check_claims(
    claims: ClaimsFile, data_dir: Path | None = None, as_of: date | None = None, view: DataView | None = None
) -> list[Verdict]:
    """Every checkable claim judged with the data public on ``as_of`` (None: the newest data); a
    ``view`` of those data may be given, to share what it read and computed with other claims."""
    view = view or DataView(data_dir if data_dir is not None else data_dir_from_env(), as_of)
    return [check_claim(claim, claims, view) for claim in claims.checkable]


def judge_over_time(
    claims: ClaimsFile,
    data_dir: Path | None = None,
    as_of: date | None = None,
    views: Callable[[date | None], DataView] | None = None,
) -> list[TimedVerdict]:
    """Each claim judged at a date (default: the article's, "when written") and with the newest data.

    With a review date in the claims file, each newest verdict is also compared with the one the data
    public on that date gave: where they differ, ``modified`` is the release date that changed it.
    ``views`` gives the data as of a date (the app shares them across claims and viewers).
    """
    folder = data_dir if data_dir is not None else data_dir_from_env()
    view_for = views or (lambda day: DataView(folder, day))
    when = as_of or claims.article.published
    then_label = "when written" if as_of is None else f"as of {as_of.isoformat()}"
    then = check_claims(claims, view=view_for(when))
    now = check_claims(claims, view=view_for(None))
    reviewed = claims.reviewed
    at_review = check_claims(claims, view=view_for(reviewed)) if reviewed else now
    out = []
    for before, after, published in zip(then, now, at_review, strict=True):
        timed = TimedVerdict(claim=before.claim, then=before, now=after, then_label=then_label)
        summary = change_sentence(timed, when) if timed.differs else ""
        modified = modified_on(published, after, reviewed)
        out.append(TimedVerdict(before.claim, before, after, then_label, summary, modified))
    return out


def modified_on(published: Verdict, now: Verdict, reviewed: date | None) -> date | None:
    """The newest release after the review's date, where the verdict differs from the one published."""
    if reviewed is None or published.label == now.label:
        return None
    later = [d for s in now.sources if s.released and (d := date.fromisoformat(s.released[:10])) > reviewed]
    return max(later, default=None)


def what_changed(then: Verdict, now: Verdict) -> str:
    """Per test, what moved between the two runs: years, countries compared (named), revised figures."""
    clauses = []
    several = len(now.checks) > 1
    for number, (old, new) in enumerate(zip(then.checks, now.checks, strict=True), start=1):
        change = compare(old, new) if old.label.judged and new.label.judged else None
        if change is None or change.unchanged:
            continue
        assert new.chart is not None
        text = change.describe(new.chart.country)
        clauses.append(f"test {number}: {text}" if several else text)
    return "; ".join(clauses)


def not_run_then(then: Verdict) -> str:
    """Why a test of a judged verdict could not be run then (a release not kept: the command)."""
    reasons: dict[str, list[int]] = {}
    for number, check in enumerate(then.checks, start=1):
        if not check.label.judged:
            reasons.setdefault(check.evidence, []).append(number)
    text = ""
    for evidence, numbers in reasons.items():
        tests = f"Test {numbers[0]}" if len(numbers) == 1 else f"Tests {', '.join(map(str, numbers))}"
        text += f" {tests} could not be run then: {_lower(evidence)}"
    return text


def change_sentence(timed: TimedVerdict, when: date) -> str:
    """What the data said then, what changed in the data (revised, or other years or countries), and what
    they say now."""
    then, now = timed.then, timed.now
    # Name the vintages: "published by" means the newest release this snapshot holds, not all there was.
    held = ", ".join(dict.fromkeys(s.vintage for s in then.sources if s.released))
    by = f"With the data published by {when.isoformat()}" + (f" (here: {held})" if held else "")
    now_text = f"{now.label.value}: {_lower(_reason(now))}"
    if not then.label.judged:
        return f"{by} it was not judged ({then.label.value}): {_lower(then.evidence)} Now it is {now_text}"
    changed = what_changed(then, now)
    what = f" What changed in the data: {changed}." if changed else ""
    what += not_run_then(then)
    if then.label == now.label:  # the card and the table say what the newest data show
        return f"{by} it was {then.label.value}, as now: {_lower(_reason(then))}{what}"
    return (
        f"{by} the claim was {then.label.value} ({_lower(_reason(then)).rstrip('.')}); "
        f"with the newest data it is {now_text}{what}"
    )


def _reason(verdict: Verdict) -> str:
    """What decided the verdict, without a leading "Supported: " (the label is said around it)."""
    return reason(verdict.label, list(verdict.checks)).removeprefix(f"{verdict.label.title}: ")


def _lower(text: str) -> str:
    """Lower-case a sentence's first letter unless it starts a name (e.g. a country)."""
    first = text.split(" ", 1)[0]
    if first in {"In", "The", "With", "No", "Both", "All", "Of", "Neither", "None", "Across", "From"}:
        return text[0].lower() + text[1:]
    return text
