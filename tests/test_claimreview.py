"""ClaimReview export: every verdict validates against schema.org's ClaimReview structure."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from claims.claimreview import EXTENSION, export, validate_claimreview
from claims.cli import main
from claims.engine import judge_over_time
from claims.loader import parse_claims
from claims.testing import save

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
