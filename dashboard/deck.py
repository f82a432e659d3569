"""The deck: what each slide says and shows, for the PDF and for presentation mode alike.

The op-ed's verdicts first (the Claims page's cached verdicts: now and when written), then the
headline finding of each measure page, written by the page's own sentence functions
(dashboard/text.py), so a fact corrected on a page is corrected on its slide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.model import CheckResult, CheckSpec, ClaimsFile, Label, TimedVerdict
from dashboard import slide_charts as sc
from dashboard.charts import source_line
from dashboard.data import Series, oecd_average, try_load, values_for_year
from dashboard.deck_style import TITLE, TITLE_LINES, fits, shorten
from dashboard.markup import DOT
from dashboard.pair import gap_series
from dashboard.routes import Page, page_of
from dashboard.summary import headline
from dashboard.text import change_sentence, ranking_sentence, survey_sentence
from registry.catalogue import series_info
from registry.groups import KOREA, oecd_members

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
EVIDENCE_CHARS = 300  # about four lines of the evidence's type: longer evidence keeps its first sentence
# Where a finding too long for the title goes on below it, and how much of the mark the title keeps.
FINDING_BREAKS = (("; ", 1), (" (", 0), (", a change of ", 1), (", the ", 1))


@dataclass(frozen=True)
class Slide:
    kicker: str  # the small line above the title: where the slide comes from
    title: str  # the finding, in at most two lines of title type
    detail: str = ""  # the rest of the finding, or a claim's evidence
    chart: sc.SlideChart | None = None
    source: str = ""  # the citation line under the chart
    verdict: TimedVerdict | None = None  # a claim: its verdict now and when written
    table: tuple[TimedVerdict, ...] = ()  # the opening slide: every claim's verdicts


def split_finding(sentence: str) -> tuple[str, str]:
    """A finding as title and detail: whole if it fits the title's two lines, else cut at a clause
    ("; ", " (", ", a change of " or ", the " before a rank), the latest such place whose first part
    fits (so a title never stops at "(women minus men)" when the clause after it fits too); the two
    read on as one sentence, word for word the page's.
    """
    if fits(sentence, TITLE, TITLE_LINES, bold=True):
        return sentence, ""
    cuts = sorted(
        {m.start() + kept for mark, kept in FINDING_BREAKS for m in re.finditer(re.escape(mark), sentence)},
        reverse=True,
    )
    for cut in cuts:
        head, rest = sentence[:cut], sentence[cut:].strip()
        if fits(head, TITLE, TITLE_LINES, bold=True):
            return head, rest
    return shorten(sentence, TITLE, TITLE_LINES, bold=True), sentence


# ---------------------------------------------------------------- the op-ed's claims


def opening_slide(claims: ClaimsFile, timed: list[TimedVerdict]) -> Slide:
    """The deck's title (the article's name) with every claim's verdict now and when written."""
    supported = sum(t.now.label is Label.SUPPORTED for t in timed)
    suffix = f"”: {supported} of {len(timed)} data claims supported"
    title = shorten(f"“{claims.article.title}", TITLE, TITLE_LINES, suffix=suffix, bold=True)
    return Slide("A fact-check of the op-ed's data claims", title, headline(timed), table=tuple(timed))


def when_written(timed: TimedVerdict) -> str:
    """ "When written (1 Sep 2024 data)": the earlier verdict, judged on the data public that day."""
    when = timed.then_label[:1].upper() + timed.then_label[1:]
    as_of = timed.then.as_of
    return f"{when} ({as_of.day} {as_of:%b %Y} data)" if as_of and "as of" not in when else when


def charted(timed: TimedVerdict) -> int | None:
    """The test whose chart the slide shows: the first whose result is the claim's verdict."""
    drawn = [i for i, r in enumerate(timed.now.checks) if r.chart is not None and len(r.chart.points)]
    same = [i for i in drawn if timed.now.checks[i].label is timed.now.label]
    return (same or drawn or [None])[0]


def claim_evidence(timed: TimedVerdict, index: int | None) -> str:
    """One or two sentences: the verdict's evidence if it is that short, else the first two (or the
    first) of the charted test's. (A verdict's own short sentence, when the claims model has one,
    belongs here.)"""
    evidence = timed.now.evidence.strip()
    sentences = SENTENCE_END.split(evidence)
    if len(sentences) <= 2 and len(evidence) <= EVIDENCE_CHARS:
        return evidence
    if index is not None:
        sentences = SENTENCE_END.split(timed.now.checks[index].evidence.strip())
    two = " ".join(sentences[:2])
    return two if len(two) <= EVIDENCE_CHARS else sentences[0]


def claim_slide(timed: TimedVerdict, number: int, total: int) -> Slide:
    index = charted(timed)
    claim = timed.claim
    page = page_of(claim.page)
    results = timed.now.checks
    tests = f"{DOT}{len(results)} tests" if len(results) > 1 else ""
    kicker = f"Claim {number} of {total}" + (f"{DOT}{page.title}" if page else "") + tests
    title = shorten(f"“{claim.quote}", TITLE, TITLE_LINES, suffix=f"”: {timed.now.label.value}", bold=True)
    chart, source = None, ""
    if index is not None:
        result, spec = results[index], claim.checks[index]
        chart = claim_chart(spec, result)
        loaded = [s for s in (try_load(i) for i in spec.series) if isinstance(s, Series)]
        source = source_line(loaded) if loaded else ""
    return Slide(kicker, title, claim_evidence(timed, index), chart, source, timed)


def _reference(result: CheckResult) -> sc.Reference | None:
    chart = result.chart
    if chart is None or chart.reference is None:
        return None
    label = chart.reference_label or "claimed"
    named = label[:1].upper() + label[1:] if label.lower().startswith("claimed") else f"Rule: {label}"
    return sc.Reference(float(chart.reference), named)


def claim_chart(spec: CheckSpec, result: CheckResult) -> sc.SlideChart | None:
    """The test's evidence as a slide chart, its unit from the registry (a ratio's is "×")."""
    chart = result.chart
    assert chart is not None
    points = chart.points
    if chart.kind in ("scatter", "paths"):
        x_axis, y_axis = sc.named_axis(spec.params["x"]), sc.named_axis(spec.params["y"])
        if chart.kind == "scatter":
            return sc.dots(points, x_axis, y_axis)
        korea = points.assign(country_code=chart.country)
        return sc.Panels(
            tuple(
                sc.lines(korea.assign(value=korea[column]), axis, others=None, country=chart.country)
                for column, axis in (("x", x_axis), ("y", y_axis))
            )
        )
    ratio = "numerator" in spec.params
    axis = sc.ratio_axis(spec.params["numerator"], spec.params["denominator"]) if ratio else None
    axis = axis or sc.series_axis(chart.series)
    if chart.kind == "ranking":
        survey = points["year"].nunique() > 1
        return sc.ranking(points, axis, _reference(result), survey, country=chart.country)
    average = None
    series = try_load(chart.series)
    if not ratio and isinstance(series, Series) and not series.info.integer:
        average = oecd_average(series)
        average = average[average["year"].between(points["year"].min(), points["year"].max())]
    others = points if chart.kind == "trend" else None
    own = points[points["country_code"] == chart.country]
    return sc.lines(own, axis, average, _reference(result), others=others, country=chart.country)


# ---------------------------------------------------------------- the measure pages


def _trend_slide(page: Page, series_id: str) -> Slide | None:
    """The page's first chart: Korea over time against the OECD average, with the page's sentence."""
    series = try_load(series_id)
    if not isinstance(series, Series):
        return None
    average = oecd_average(series)
    korea = series.frame[series.frame["country_code"] == KOREA]
    info = series.info
    span = (series.years[0], series.years[-1])  # as the page's first frame opens: every year
    title, detail = split_finding(change_sentence(info, korea, average, *span))
    members = series.frame[series.frame["country_code"].isin(oecd_members())]
    chart = sc.lines(series.frame, sc.series_axis(series_id), average, others=members)
    return Slide(f"From the {page.title} page", title, detail, chart, source_line(series.sources))


def _gap_slide(page: Page, female_id: str, survey: bool) -> Slide | None:
    """The page's ranking of women's value minus men's, with the page's own sentence."""
    male_id = series_info(female_id).pair
    female, male = try_load(female_id), try_load(male_id or "")
    if not (isinstance(female, Series) and isinstance(male, Series)):
        return None
    unit, short = sc.gap_unit(female_id)
    topic = female.info.title.split(",")[0].lower()
    gap = gap_series(female, male, topic, unit, short)
    year = gap.latest_year if survey else gap.default_year  # as the page: no year picker for surveys
    shown = values_for_year(gap, year, "oecd", None if survey else 0)
    # the page's own sentence: its Table tab's ranking, or for surveys the survey-by-survey finding
    finding = (
        survey_sentence(gap.info, shown, "oecd") if survey else ranking_sentence(gap, shown, year, "oecd")
    )
    title, detail = split_finding(finding)
    axis = sc.Axis(unit, gap.info.decimals)
    chart = sc.ranking(shown, axis, survey=survey)
    return Slide(f"From the {page.title} page", title, detail, chart, source_line(gap.sources))


def measure_slides() -> list[Slide]:
    """One slide per measure page, in the navigation's order."""
    makers = {
        "pay_gap": lambda page: _trend_slide(page, "pay_gap"),
        "births": lambda page: _trend_slide(page, "fertility_rate"),
        "work": lambda page: _gap_slide(page, "lfp_female", survey=False),
        "unpaid_care": lambda page: _gap_slide(page, "unpaid_care_female", survey=True),
    }
    slides = []
    for route, make in makers.items():
        page = page_of(route)
        if page is not None and (slide := make(page)) is not None:
            slides.append(slide)
    return slides


def deck(claims: ClaimsFile | None, timed: list[TimedVerdict]) -> list[Slide]:
    """The opening slide and a slide per claim (when the claims could be judged), then the measures."""
    slides = []
    if claims is not None and timed:
        slides.append(opening_slide(claims, timed))
        slides += [claim_slide(t, i, len(timed)) for i, t in enumerate(timed, 1)]
    return slides + measure_slides()
