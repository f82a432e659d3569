"""The deck's content against the shipped data: the article's name, the verdicts now and when written,
the pages' own findings, Korea's survey year, ratios in ×, and the PDF's shape.

Expected figures are computed here from the CSV files and the claims file, not taken from the deck.
"""

from __future__ import annotations

import io
import re
import tomllib

import pandas as pd
import pytest
from app_harness import open_app

from claims.loader import DEFAULT_CLAIMS
from dashboard import deck as deck_module
from dashboard import slide_charts as sc
from dashboard.deck_pdf import deck_pdf
from registry.groups import KOREA, oecd_members
from store.files import DEFAULT_DATA_DIR

pytestmark = pytest.mark.skipif(
    not (DEFAULT_DATA_DIR / "manifest.json").exists(), reason="no shipped data snapshot"
)
OP_ED = tomllib.loads(DEFAULT_CLAIMS.read_text(encoding="utf-8"))


def csv(series_id: str) -> pd.DataFrame:
    return pd.read_csv(DEFAULT_DATA_DIR / f"{series_id}.csv")


@pytest.fixture(scope="module")
def built():
    """The op-ed's claims, their verdicts and the deck, built once from the shipped data."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DASHBOARD_DATA_DIR", str(DEFAULT_DATA_DIR))
        from dashboard.present import _judged

        claims, timed = _judged()
        yield claims, timed, deck_module.deck(claims, timed)


@pytest.fixture(scope="module")
def deck_reader(built):
    """The deck's PDF, drawn once for the tests that only read it."""
    from pypdf import PdfReader

    claims, _, slides = built
    return PdfReader(io.BytesIO(deck_pdf(slides, claims.article.title)))


def by_kicker(slides: list[deck_module.Slide], start: str) -> deck_module.Slide:
    return next(s for s in slides if s.kicker.startswith(start))


def test_the_deck_opens_with_the_articles_name_and_every_verdict(built) -> None:
    _, timed, slides = built
    checkable = [c for c in OP_ED["claims"] if c.get("checkable", True)]
    opening = slides[0]
    assert f"“{OP_ED['article']['title']}”" in opening.title
    assert len(opening.table) == len(checkable) == len(timed)
    supported = sum(t.now.label.value == "supported" for t in timed)
    assert opening.title.endswith(f"{supported} of {len(checkable)} data claims supported")
    assert [s.kicker for s in slides[1 : 1 + len(checkable)]] == [
        s.kicker for s in slides if s.kicker.startswith("Claim ")
    ]


def test_claim_slides_carry_the_verdict_now_and_when_written(built, deck_reader) -> None:
    _, timed, slides = built
    published = OP_ED["article"]["published"]
    when = f"When written ({published.day} {published:%b %Y} data):"
    for number, verdict in enumerate(timed, 1):
        index = slides.index(by_kicker(slides, f"Claim {number} of"))
        text = " ".join(deck_reader.pages[index].extract_text().split())
        assert "Now:" in text and when in text
        assert f"Now: {verdict.now.label.title}" in text
        assert f"{when} {verdict.then.label.title}" in text
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z“])", slides[index].detail)
        assert 1 <= len(sentences) <= 2, slides[index].detail  # the evidence in one or two sentences


def test_the_unpaid_care_claim_is_a_ratio_in_times_with_the_rule_named(built) -> None:
    _, _, slides = built
    spec = next(c for c in OP_ED["claims"] if c["id"] == "unpaid-care-brunt")["checks"][0]
    women, men = csv(spec["numerator"]), csv(spec["denominator"])
    both = women.merge(men, on=["country_code", "year"], suffixes=("_f", "_m"))
    korea = both[both["country_code"] == KOREA].sort_values("year").iloc[-1]
    ratio = korea["value_f"] / korea["value_m"]
    slide = next(s for s in slides if s.verdict and s.verdict.claim.id == "unpaid-care-brunt")
    chart = slide.chart
    assert isinstance(chart, sc.Ranking)
    assert chart.axis.label.endswith("(×)") and "minute" not in chart.axis.label
    assert chart.axis.format(chart.values[chart.korea]) == f"{ratio:.2f}×"
    assert chart.reference is not None and chart.reference.value == spec["supported_at"]
    assert chart.reference.label == f"Rule: supported at {spec['supported_at']:g}×"
    assert chart.names[chart.korea] == f"South Korea ({int(korea['year'])})"  # each its survey year


def test_a_claimed_figure_is_labelled_as_claimed(built) -> None:
    _, _, slides = built
    spec = next(c for c in OP_ED["claims"] if c["id"] == "pay-gap-about-30")["checks"][0]
    chart = next(s for s in slides if s.verdict and s.verdict.claim.id == "pay-gap-about-30").chart
    assert isinstance(chart, sc.Lines)
    assert chart.reference == sc.Reference(spec["claimed"], f"Claimed: {spec['claimed']:.1f}%")
    roles = [line.role for line in chart.lines]
    assert roles.count("korea") == 1 and roles.count("average") == 1


def test_rankings_name_every_country_ranked(built) -> None:
    _, _, slides = built
    women, men = csv("lfp_female"), csv("lfp_male")
    both = women.merge(men, on=["country_code", "year"])
    work = by_kicker(slides, "From the Work page").chart
    year = int(re.search(r"In (\d{4}),", by_kicker(slides, "From the Work page").title)[1])
    members = both[(both["year"] == year) & both["country_code"].isin(oecd_members())]
    assert isinstance(work, sc.Ranking)
    assert len(work.names) == len(members) and "South Korea" in work.names and not work.total


def test_the_unpaid_care_finding_gives_koreas_survey_year(built) -> None:
    """The page and the slide said "In 2016" (the newest survey anywhere); Korea's is older."""
    _, _, slides = built
    women, men = csv("unpaid_care_female"), csv("unpaid_care_male")
    both = women.merge(men, on=["country_code", "year"])
    members = both[both["country_code"].isin(oecd_members())]
    latest = members.sort_values("year").drop_duplicates("country_code", keep="last")
    korea = latest[latest["country_code"] == KOREA].iloc[0]
    slide = by_kicker(slides, "From the Unpaid care page")
    gap = round(korea["value_x"] - korea["value_y"])
    finding = f"{slide.title} {slide.detail}"
    assert finding.startswith(f"In its {int(korea['year'])} survey, South Korea's gap in unpaid work")
    assert f"{gap} min/day" in finding
    assert f"of the latest surveys of {len(latest)} OECD members" in finding
    assert f"(surveys from {latest['year'].min()} to {latest['year'].max()})" in finding


def test_the_pay_gap_narrowed(built) -> None:
    _, _, slides = built
    korea = csv("pay_gap").query("country_code == @KOREA").sort_values("year")
    first, last = korea.iloc[0], korea.iloc[-1]
    verb = "narrowed" if abs(last["value"]) < abs(first["value"]) else "widened"
    expected = (
        f"South Korea's gender wage gap {verb} from {first['value']:.1f}% in {first['year']} "
        f"to {last['value']:.1f}% in {last['year']}"
    )
    assert by_kicker(slides, "From the Pay gap page").title.startswith(expected)


def _page_findings(route: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sentences the page's frames write under their chart and above their table (the Chart and
    Table tabs), with the Markdown escapes taken out."""
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(DEFAULT_DATA_DIR))
    found = []
    for tab in ("Chart", "Table"):
        at = open_app(route, {"tab": tab}, timeout=120)
        assert not at.exception, [e.message for e in at.exception]
        found += [
            m.value for m in at.markdown if m.value.startswith("South Korea") or m.value.startswith("In ")
        ]
    return [re.sub(r"\\(.)", r"\1", value) for value in found]


@pytest.mark.parametrize("route", ["pay_gap", "births", "work", "unpaid_care"])
def test_a_measure_slides_finding_is_its_pages_own(built, route: str, monkeypatch) -> None:
    from dashboard.routes import page_of

    _, _, slides = built
    slide = by_kicker(slides, f"From the {page_of(route).title} page")
    finding = f"{slide.title} {slide.detail}".strip()
    assert finding in _page_findings(route, monkeypatch)


def test_the_pdf_is_16_by_9_and_titled_with_the_article(built, deck_reader) -> None:
    _, _, slides = built
    assert deck_reader.metadata.title == OP_ED["article"]["title"]
    assert len(deck_reader.pages) == len(slides)
    for slide, page in zip(slides, deck_reader.pages, strict=True):
        box = page.mediabox
        assert float(box.width) / float(box.height) == pytest.approx(16 / 9, rel=1e-3)
        text = " ".join(page.extract_text().split())
        assert " ".join(slide.title.split()[:3]) in text
        assert slide.table or "Source:" in text
