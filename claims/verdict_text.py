"""The sentences a verdict opens with, and each test's role, in words a reader (or a slide) can use.

Pure functions of the test results: the Claims page, the CLI, ClaimReview's ratingExplanation, the
classroom deck and a static site all say the same thing.
"""

from __future__ import annotations

from claims.model import Article, CheckResult, Evidence, Label

INDIVIDUALS = "Figures for whole countries cannot show any one person's reasons."
CONTEXT = "two measures that trend over the years move together whatever links them"
VERBS = {  # (one test, several tests)
    Label.SUPPORTED: ("supports it", "support it"),
    Label.PARTLY: ("partly supports it", "partly support it"),
    Label.NOT_SUPPORTED: ("does not support it", "do not support it"),
}


def about_association(results: list[CheckResult]) -> bool:
    """A claim with any association test is about measures going together (the stricter rule)."""
    return any(r.shows in (Evidence.ASSOCIATION, Evidence.CO_TREND) for r in results)


def role(result: CheckResult) -> str:
    """How the combination rule used a test: a few words for its row."""
    if not result.label.judged:
        return "not run, not counted"
    if not result.counts:
        return "context only, not counted"
    return "counted"


def reason(label: Label, results: list[CheckResult]) -> str:
    """What decided the verdict, without the sentences on what context cannot show (see ``lead``)."""
    if about_association(results):
        return _association_parts(label, results)[0]
    if len(results) == 1:
        return results[0].evidence
    run = [r for r in results if r.label.judged]
    if not run:
        return " ".join(dict.fromkeys(r.evidence for r in results))
    text = f"{_agreement(run, len(results))}: {'; '.join(r.finding for r in run)}."
    return text + _not_run(results, len(run))


def lead(label: Label, results: list[CheckResult]) -> str:
    """One to three short sentences that open a verdict's evidence; each test's row gives the details.

    For a claim about an association they end by saying what changes over time and figures for whole
    countries cannot show."""
    if not about_association(results):
        return reason(label, results)
    decided, context = _association_parts(label, results)
    return " ".join(part for part in (decided, context, INDIVIDUALS) if part)


def _agreement(run: list[CheckResult], total: int) -> str:
    labels = [r.label for r in run]
    if len(set(labels)) == 1:
        one, several = VERBS[labels[0]]
        if len(run) == 1:
            return f"The one test that could be run {one}" if total > 1 else f"The test {one}"
        return f"{'Both' if len(run) == 2 else f'All {len(run)}'} tests {several}"
    parts = [
        f"{labels.count(label)} {VERBS[label][0] if labels.count(label) == 1 else VERBS[label][1]}"
        for label in VERBS
        if label in labels
    ]
    return f"Of the {len(run)} tests, " + " and ".join(parts)


def _not_run(results: list[CheckResult], run: int) -> str:
    skipped = [r for r in results if not r.label.judged]
    if not skipped:
        return ""
    why = ", ".join(dict.fromkeys(r.label.value for r in skipped))
    who = "The other test" if len(skipped) == 1 else f"{len(skipped)} other tests"
    return f" {who} could not be run: {why}."


def _association_parts(label: Label, results: list[CheckResult]) -> tuple[str, str]:
    """(what the deciding tests showed, what the changes over time are) for an association claim."""
    deciding = [r for r in results if r.counts]
    run = [r for r in deciding if r.label.judged]
    context = [r for r in results if not r.counts and r.label.judged]
    skipped = [r for r in deciding if not r.label.judged]
    if not deciding:
        text = (
            f"{label.title}: no test here can show an association (across countries, or year on year "
            f"within one), and a change over time cannot by itself: {CONTEXT}."
        )
        return f"{text} {' '.join(r.evidence for r in results)}", ""
    if len(results) == 1:
        return results[0].evidence, ""
    if run:
        shown = sum(r.label is Label.SUPPORTED for r in run)
        text = f"{label.title}: {_shows(shown, len(run))} ({'; '.join(r.finding for r in run)})"
        if skipped:
            why = ", ".join(dict.fromkeys(r.label.value for r in skipped))
            text += f"; {len(skipped)} other could not be run ({why})"
        text += "."
    else:
        reasons = " ".join(dict.fromkeys(r.evidence for r in skipped))
        text = f"{label.title}: no test that can show an association could be run. {reasons}"
    if not context:
        return text, ""
    changes = f"The {len(context)} changes over time are" if len(context) > 1 else "The change over time is"
    return text, f"{changes} context only: {CONTEXT}."


def _shows(shown: int, run: int) -> str:
    """How many of the deciding tests show the claimed association, in words."""
    if run == 1:
        return f"the one test that can show an association {'shows it' if shown else 'does not show it'}"
    if shown == run:
        return f"{'both' if run == 2 else f'all {run}'} tests that can show an association show it"
    if shown == 0:
        return f"{'neither' if run == 2 else 'none'} of the {run} tests that can show an association shows it"
    return f"{shown} of the {run} tests that can show an association show it"


def byline(article: Article) -> str:
    """Who published the article and when, saying what is not known and how an inferred date was found."""
    who = ", ".join(p for p in (article.publisher, article.author and f"by {article.author}") if p)
    named = (("outlet", article.publisher), ("author", article.author))
    unknown = [name for name, value in named if not value]
    if unknown:
        who = (who + "; " if who else "") + f"{' and '.join(unknown)} not known"
    day = f"{article.published.day} {article.published:%B %Y}"
    inferred = f" (date inferred: {article.published_inferred})" if article.published_inferred else ""
    return f"{article.title} ({who}), dated {day}{inferred}"
