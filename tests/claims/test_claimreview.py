"""ClaimReview export: every verdict validates against schema.org's ClaimReview structure."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from claims.claimreview import EXTENSION, export, export_problems, validate_claimreview
from claims.engine import judge_over_time
from claims.loader import parse_claims
from claims.testing import save
from commands.claims import main

CLAIMS = """
reviewed = 2025-01-02

[article]
title = "Test article"
published = 2024-09-01
url = "https://example.org/op-ed"
author = "A. Writer"

[[claims]]
id = "gap"
quote = "women earn about 30% less"
[[claims.checks]]
kind = "about_value"
series = "pay_gap"
claimed = 30
tolerance = 3

[[claims]]
id = "births"
quote = "roughly the number of babies born last year"
[[claims.checks]]
kind = "about_count"
series = "births"
year = "published-1"
claimed = 227000
tolerance_pct = 5
"""


REVIEW_URL = "https://checks.example.org/claims"


@pytest.fixture
def reviews(tmp_path: Path) -> list[dict]:
    save(tmp_path, "pay_gap", {"KOR": {2022: 31.2}, "JPN": {2022: 21.0}})
    claims = parse_claims(CLAIMS)
    exported = export(
        judge_over_time(claims, tmp_path), claims, reviewed_on=date(2025, 1, 2), review_url=REVIEW_URL
    )
    return json.loads(json.dumps(exported))  # round-trip through JSON text


def test_every_review_validates(reviews: list[dict]) -> None:
    assert len(reviews) == 2
    for review in reviews:
        assert validate_claimreview(review) == []


def test_supported_review_fields(reviews: list[dict]) -> None:
    review = reviews[0]
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "women earn about 30% less"
    assert review["datePublished"] == "2025-01-02"
    item = review["itemReviewed"]
    assert item["@type"] == "Claim" and item["datePublished"] == "2024-09-01"
    assert item["appearance"]["url"] == "https://example.org/op-ed"
    rating = review["reviewRating"]
    assert rating["alternateName"] == "Supported"
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (3, 3, 1)
    assert rating["ratingExplanation"].startswith("In 2022 South Korea's gender wage gap was 31.2%")
    evidence = review[EXTENSION]
    assert evidence["figures"][0]["value"] == 31.2 and evidence["sources"][0]["series"] == "pay_gap"
    assert evidence["earlier"]["label"] == "when written"


def test_an_unjudged_review_has_no_rating_value(reviews: list[dict]) -> None:
    """The births series is not in this data folder: the publisher's release is not kept, so no rating."""
    rating = reviews[1]["reviewRating"]
    assert rating["alternateName"] == "Release not kept"
    assert "ratingValue" not in rating and "bestRating" not in rating
    assert "python -m fetch births" in rating["ratingExplanation"]


def test_validator_catches_broken_reviews(reviews: list[dict]) -> None:
    broken = json.loads(json.dumps(reviews[0]))
    del broken["claimReviewed"]
    broken["itemReviewed"]["@type"] = "Article"
    broken["reviewRating"]["ratingValue"] = 9
    broken["colour"] = "red"
    problems = validate_claimreview(broken)
    assert "ClaimReview: missing claimReviewed" in problems
    assert "itemReviewed.@type must be Claim" in problems
    assert "ratingValue must lie between worstRating and bestRating" in problems
    assert "properties not in ClaimReview: colour" in problems
    for name in ("Cannot check", "Release not kept"):
        cannot = json.loads(json.dumps(reviews[1]))
        cannot["reviewRating"].update(alternateName=name, ratingValue=1)
        assert f"a '{name.lower()}' rating must not have a ratingValue" in validate_claimreview(cannot)


def test_cli_claimreview_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save(tmp_path, "pay_gap", {"KOR": {2022: 31.2}})
    claims = tmp_path / "c.toml"
    claims.write_text(CLAIMS, encoding="utf-8")
    args = ["--claims", str(claims), "--data-dir", str(tmp_path), "--claimreview", "--no-save"]
    assert main([*args, "--review-url", REVIEW_URL]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [validate_claimreview(r) for r in out] == [[], []]
    assert [r["url"] for r in out] == [f"{REVIEW_URL}#claim-gap", f"{REVIEW_URL}#claim-births"]  # per card
    assert not (tmp_path / "verdicts.json").exists()
    claims.write_text(CLAIMS.replace('author = "A. Writer"', ""), encoding="utf-8")
    assert main([*args, "--review-url", REVIEW_URL]) == 0  # still exported, but not silently
    captured = capsys.readouterr()
    assert "itemReviewed: missing author (add author" in captured.err.replace("\n", " ")
    assert {p for r in json.loads(captured.out) for p in validate_claimreview(r)} == {
        "itemReviewed: missing author"
    }


# Google's fact-check structured data: required (claimReviewed, reviewRating.alternateName, url) and
# recommended (the rest) properties; removing any one must be reported by name.
GOOGLE_FIELDS = [
    ("claimReviewed",),
    ("url",),
    ("reviewRating",),
    ("reviewRating", "alternateName"),
    ("reviewRating", "ratingValue"),
    ("reviewRating", "bestRating"),
    ("reviewRating", "worstRating"),
    ("author",),
    ("datePublished",),
    ("itemReviewed",),
    ("itemReviewed", "author"),
    ("itemReviewed", "datePublished"),
    ("itemReviewed", "appearance"),
    ("itemReviewed", "firstAppearance"),
]


@pytest.mark.parametrize("path", GOOGLE_FIELDS, ids=".".join)
def test_validator_names_each_missing_google_field(reviews: list[dict], path: tuple[str, ...]) -> None:
    review = json.loads(json.dumps(reviews[0]))
    assert validate_claimreview(review) == []
    parent = review
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    problems = validate_claimreview(review)
    assert any(path[-1] in p and "missing" in p for p in problems), problems


def test_review_url_must_be_a_web_address(reviews: list[dict]) -> None:
    review = json.loads(json.dumps(reviews[0]))
    review["url"] = "javascript:alert(1)"
    assert any(p.startswith("url must be") for p in validate_claimreview(review))


def test_cli_claimreview_needs_a_review_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    claims = tmp_path / "c.toml"
    claims.write_text(CLAIMS, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["--claims", str(claims), "--data-dir", str(tmp_path), "--claimreview", "--no-save"])
    assert exit_info.value.code == 2
    assert "--review-url" in capsys.readouterr().err


def test_dates_come_from_the_claims_file_not_the_day_of_the_export(tmp_path: Path) -> None:
    save(tmp_path, "pay_gap", {"KOR": {2022: 31.2}, "JPN": {2022: 21.0}}, "2022-02-18")
    claims = parse_claims(CLAIMS)
    reviews = export(judge_over_time(claims, tmp_path), claims, review_url=REVIEW_URL)
    assert {r["datePublished"] for r in reviews} == {claims.reviewed.isoformat()}
    assert all("dateModified" not in r for r in reviews)  # no release since the review changed a verdict
    without = parse_claims(CLAIMS.replace("reviewed = 2025-01-02\n", ""))
    undated = export(judge_over_time(without, tmp_path), without, review_url=REVIEW_URL)
    assert "datePublished" not in undated[0]
    assert any("add reviewed = YYYY-MM-DD" in p for p in export_problems(undated))


def test_a_verdict_changed_by_a_later_release_gets_date_modified(tmp_path: Path) -> None:
    """Reviewed on 2025-01-02 with the 2022 release (31.2%: supported); the 2025 release (45%) flips it."""
    save(tmp_path, "pay_gap", {"KOR": {2022: 31.2}}, "2022-02-18")
    save(tmp_path, "pay_gap", {"KOR": {2022: 31.2, 2024: 45.0}}, "2025-11-08")
    claims = parse_claims(CLAIMS)
    timed = judge_over_time(claims, tmp_path)
    [gap] = [r for r in export(timed, claims, review_url=REVIEW_URL) if r["url"].endswith("#claim-gap")]
    assert gap["reviewRating"]["alternateName"] == "Not supported"
    assert (gap["datePublished"], gap["dateModified"]) == ("2025-01-02", "2025-11-08")
    assert validate_claimreview(gap) == []
