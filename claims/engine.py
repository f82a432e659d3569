"""The engine: every checkable claim judged against data/, as of a date or with the newest data.

Nothing here knows about particular claims; verdicts follow from the claims file's checks and
whatever data/ holds, so a re-fetch changes them and a user's own claims file works the same.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from claims.data import DataView
from claims.kinds import run_check
from claims.model import CheckResult, Claim, ClaimsFile, Label, TimedVerdict, Verdict
from store.files import data_dir_from_env

COMBINE_RULE = (
    "A claim tested several ways is supported if every test supports it, not supported if none "
    "supports it even partly, and partly supported otherwise; tests that cannot be run are shown "
    "but not counted, unless none can be run."
)


def combine(results: list[CheckResult]) -> Label:
    """The verdict of a claim from its checks' verdicts (see COMBINE_RULE)."""
    labels = [r.label for r in results if r.label is not Label.CANNOT_CHECK]
    if not labels:
        return Label.CANNOT_CHECK
    if all(label is Label.SUPPORTED for label in labels):
        return Label.SUPPORTED
    if all(label is Label.NOT_SUPPORTED for label in labels):
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
    results = [
        view.once(
            ("check", spec.kind, repr(sorted(spec.params.items())), article.published),
            lambda spec=spec: run_check(spec, view, article),
        )
        for spec in claim.checks
    ]
    label = combine(results)
    caveats: list[str] = []
    if len(results) > 1:
        caveats.append(COMBINE_RULE)
        skipped = [r for r in results if r.label is Label.CANNOT_CHECK]
        if skipped and label is not Label.CANNOT_CHECK:
            caveats.append(f"{len(skipped)} of {len(results)} tests could not be run and are not counted.")
    evidence = join_evidence([r.evidence for r in results])
    return Verdict(
        claim=claim,
        label=label,
        evidence=evidence,
        checks=tuple(results),
        as_of=view.as_of,
        caveats=tuple(caveats),
    )


def check_claims(
    claims: ClaimsFile, data_dir: Path | None = None, as_of: date | None = None
) -> list[Verdict]:
    """Every checkable claim judged with the data public on ``as_of`` (None: the newest data)."""
    view = DataView(data_dir if data_dir is not None else data_dir_from_env(), as_of)
    return [check_claim(claim, claims, view) for claim in claims.checkable]


def judge_over_time(
    claims: ClaimsFile, data_dir: Path | None = None, as_of: date | None = None
) -> list[TimedVerdict]:
    """Each claim judged at a date (default: the article's, "when written") and with the newest data."""
    when = as_of or claims.article.published
    then_label = "when written" if as_of is None else f"as of {as_of.isoformat()}"
    then = check_claims(claims, data_dir, when)
    now = check_claims(claims, data_dir, None)
    out = []
    for before, after in zip(then, now, strict=True):
        timed = TimedVerdict(claim=before.claim, then=before, now=after, then_label=then_label)
        summary = change_sentence(timed, when) if timed.differs else ""
        out.append(TimedVerdict(before.claim, before, after, then_label, summary))
    return out


def change_sentence(timed: TimedVerdict, when: date) -> str:
    """One sentence a reader understands: what the data said then, and what they say now."""
    then, now = timed.then, timed.now
    # Name the vintages: "published by" means the newest release this snapshot holds, not all there was.
    held = ", ".join(dict.fromkeys(s.vintage for s in then.sources if s.released))
    by = f"With the data published by {when.isoformat()}" + (f" (here: {held})" if held else "")
    if then.label is Label.CANNOT_CHECK:
        return f"{by} this could not be checked; now: {_lower(now.evidence)}"
    if then.label == now.label:
        return f"{by}: {_lower(then.evidence)} Revised data now say: {_lower(now.evidence)}"
    return (
        f"{by} the claim was {then.label.value} "
        f"({_lower(then.evidence).rstrip('.')}); with the newest data it is {now.label.value}."
    )


def _lower(text: str) -> str:
    """Lower-case a sentence's first letter unless it starts a name (e.g. a country)."""
    first = text.split(" ", 1)[0]
    if first in {"In", "The", "With", "No"}:
        return text[0].lower() + text[1:]
    return text
