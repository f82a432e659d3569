"""Verdicts as schema.org ClaimReview JSON-LD, and a structure check against the vocabulary.

ClaimReview is the open format fact-checkers publish verdicts in. Standard consumers read the
schema.org fields; our figures, sources and vintages ride along in the ``x-evidence`` extension
field, which they ignore. The validator checks every property Google's fact-check structured data
requires (claimReviewed, reviewRating with alternateName, url) and recommends (author,
datePublished, itemReviewed as a Claim with author, datePublished, appearance and firstAppearance;
ratingValue, bestRating and worstRating), so an export search engines would not use is caught.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from claims.fields import is_web_url
from claims.model import Article, ClaimsFile, Label, TimedVerdict, Verdict

CONTEXT = "https://schema.org"
BEST, WORST = 3, 1
EXTENSION = "x-evidence"
CLAIMREVIEW_FIELDS = {
    "@context",
    "@type",
    "@id",
    "url",
    "claimReviewed",
    "itemReviewed",
    "reviewRating",
    "author",
    "datePublished",
    "dateModified",
    "publisher",
    "name",
    "description",
    "inLanguage",
    EXTENSION,
}


def appearance(article: Article) -> dict[str, Any]:
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "headline": article.title,
        "datePublished": article.published.isoformat(),
    }
    if article.url:
        work["url"] = article.url
    if article.publisher:
        work["publisher"] = {"@type": "Organization", "name": article.publisher}
    return work


def to_claimreview(
    verdict: Verdict,
    claims: ClaimsFile,
    *,
    timed: TimedVerdict | None = None,
    reviewed_on: date | None = None,
    review_url: str | None = None,
    own_page: bool = False,
) -> dict[str, Any]:
    """One verdict as a ClaimReview; ``timed`` adds the "when written" verdict to the evidence.

    ``review_url`` is the page publishing the reviews, which Google requires; each review's ``url`` is it
    with the claim's card as fragment (without it the validator says so), or, with ``own_page`` (a
    site with a page per claim), the address as given. ``datePublished`` is the
    review's date from the claims file (``reviewed_on`` overrides it), ``dateModified`` the release date
    that changed the verdict since (``TimedVerdict.modified``).
    """
    article = claims.article
    item: dict[str, Any] = {
        "@type": "Claim",
        "datePublished": article.published.isoformat(),
        "appearance": appearance(article),
        "firstAppearance": appearance(article),
    }
    if article.author:
        item["author"] = {"@type": "Person", "name": article.author}
    elif article.publisher:
        item["author"] = {"@type": "Organization", "name": article.publisher}
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": verdict.label.title,
        "ratingExplanation": verdict.evidence,
    }
    score = verdict.label.score
    if score is not None:
        rating.update(ratingValue=score, bestRating=BEST, worstRating=WORST)
    evidence: dict[str, Any] = {
        "claim_id": verdict.claim.id,
        "verdict": verdict.label.value,
        "data_as_of": verdict.as_of.isoformat() if verdict.as_of else "newest",
        "rules": verdict.rules,
        "figures": [f.as_dict() for f in verdict.figures],
        "caveats": verdict.all_caveats,
        "sources": [s.as_dict() for s in verdict.sources],
    }
    if timed is not None:
        evidence["earlier"] = {
            "label": timed.then_label,
            "data_as_of": timed.then.as_of.isoformat() if timed.then.as_of else None,
            "verdict": timed.then.label.value,
            "evidence": timed.then.evidence,
            "sources": [s.as_dict() for s in timed.then.sources],
            "change": timed.summary,
        }
    review: dict[str, Any] = {"@context": CONTEXT, "@type": "ClaimReview"}
    if review_url:
        review["url"] = review_url if own_page else claim_url(review_url, verdict.claim.anchor)
    review.update(
        claimReviewed=verdict.claim.quote,
        itemReviewed=item,
        reviewRating=rating,
        author={"@type": "Organization", "name": claims.reviewer},
    )
    published = reviewed_on or claims.reviewed
    if published is not None:
        review["datePublished"] = published.isoformat()
    if timed is not None and timed.modified is not None:
        review["dateModified"] = timed.modified.isoformat()
    review[EXTENSION] = evidence
    return review


def claim_url(page_url: str, anchor: str) -> str:
    """The review's own address: the page's, without its query or fragment, then ``#anchor``."""
    parts = urlsplit(page_url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", anchor))


def export(
    timed: list[TimedVerdict],
    claims: ClaimsFile,
    reviewed_on: date | None = None,
    review_url: str | None = None,
) -> list[dict[str, Any]]:
    """ClaimReviews of the newest verdicts, each carrying the earlier one in its evidence."""
    return [
        to_claimreview(t.now, claims, timed=t, reviewed_on=reviewed_on, review_url=review_url) for t in timed
    ]


# What the claims file can add when the validator misses a field that comes from it.
FIXES = {
    "itemReviewed: missing author": 'add author = "…" or publisher = "…" under [article] in the claims file',
    "ClaimReview: missing url": "the address of the page publishing the reviews; the CLI takes --review-url",
    "ClaimReview: missing datePublished": "add reviewed = YYYY-MM-DD (the review's date) to the claims file",
}


def export_problems(reviews: list[dict[str, Any]]) -> list[str]:
    """Each distinct validator problem of an export, with how to fix it where the claims file can.

    Said next to the download, so an export search engines would not fully use is never silent.
    """
    found = dict.fromkeys(p for review in reviews for p in validate_claimreview(review))
    return [f"{p} ({FIXES[p]})" if p in FIXES else p for p in found]


def _is_date(value: Any) -> bool:
    try:
        date.fromisoformat(str(value)[:10])
    except ValueError:
        return False
    return isinstance(value, str)


def _need(doc: dict[str, Any], key: str, where: str, problems: list[str]) -> Any:
    if key not in doc or doc[key] in ("", None, {}, []):
        problems.append(f"{where}: missing {key}")
        return None
    return doc[key]


def validate_claimreview(doc: Any) -> list[str]:
    """Problems with one ClaimReview: schema.org's vocabulary, Google's required and recommended fields."""
    problems: list[str] = []
    if not isinstance(doc, dict):
        return ["not a JSON object"]
    if doc.get("@context") not in (CONTEXT, "http://schema.org", CONTEXT + "/"):
        problems.append("@context must be https://schema.org")
    if doc.get("@type") != "ClaimReview":
        problems.append("@type must be ClaimReview")
    unknown = sorted(k for k in doc if k not in CLAIMREVIEW_FIELDS and not k.startswith("x-"))
    if unknown:
        problems.append(f"properties not in ClaimReview: {', '.join(unknown)}")
    claimed = _need(doc, "claimReviewed", "ClaimReview", problems)
    if claimed is not None and not isinstance(claimed, str):
        problems.append("claimReviewed must be text")
    url = _need(doc, "url", "ClaimReview", problems)
    if url is not None and not is_web_url(url):
        problems.append("url must be the absolute http(s) address of the page publishing the review")
    if _need(doc, "datePublished", "ClaimReview", problems) is not None and not _is_date(
        doc["datePublished"]
    ):
        problems.append("datePublished must be an ISO date")
    if "dateModified" in doc and not _is_date(doc["dateModified"]):
        problems.append("dateModified must be an ISO date")
    problems.extend(_author_problems(doc, "ClaimReview"))
    item = _need(doc, "itemReviewed", "ClaimReview", problems)
    if item is not None:
        problems.extend(_claim_problems(item))
    rating = _need(doc, "reviewRating", "ClaimReview", problems)
    if isinstance(rating, dict):
        problems.extend(_rating_problems(rating))
    elif rating is not None:
        problems.append("reviewRating must be a Rating")
    return problems


def _author_problems(doc: dict[str, Any], where: str) -> list[str]:
    author = doc.get("author")
    if author in (None, "", {}, []):
        return [f"{where}: missing author"]
    named = (
        isinstance(author, dict) and author.get("@type") in ("Organization", "Person") and author.get("name")
    )
    return [] if named else [f"{where}.author must be an Organization or Person with a name"]


def _claim_problems(item: Any) -> list[str]:
    """itemReviewed: a Claim with the author, date and appearances Google recommends."""
    if not isinstance(item, dict) or item.get("@type") != "Claim":
        return ["itemReviewed.@type must be Claim"]
    problems = _author_problems(item, "itemReviewed")
    if _need(item, "datePublished", "itemReviewed", problems) is not None and not _is_date(
        item["datePublished"]
    ):
        problems.append("itemReviewed.datePublished must be an ISO date")
    for key in ("appearance", "firstAppearance"):
        shown = _need(item, key, "itemReviewed", problems)
        works = shown if isinstance(shown, list) else [shown]
        if shown is not None and not all(
            is_web_url(w) or (isinstance(w, dict) and w.get("@type")) for w in works
        ):
            problems.append(f"itemReviewed.{key} must be a URL or a CreativeWork")
    return problems


def _rating_problems(rating: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    if rating.get("@type") != "Rating":
        problems.append("reviewRating.@type must be Rating")
    names = {label.title for label in Label}
    if "alternateName" not in rating:
        problems.append("reviewRating: missing alternateName")
    elif rating.get("alternateName") not in names:
        problems.append(f"reviewRating.alternateName must be one of {sorted(names)}")
    if not isinstance(rating.get("ratingExplanation"), str) or not rating["ratingExplanation"]:
        problems.append("reviewRating.ratingExplanation must be text")
    values = [rating.get(k) for k in ("ratingValue", "bestRating", "worstRating")]
    unjudged = {label.title for label in Label if not label.judged}
    if rating.get("alternateName") in unjudged:
        if any(v is not None for v in values):
            problems.append(f"a '{rating['alternateName'].lower()}' rating must not have a ratingValue")
    elif not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        missing = [
            k for k, v in zip(("ratingValue", "bestRating", "worstRating"), values, strict=True) if v is None
        ]
        problems.append(
            f"reviewRating: missing {', '.join(missing)}"
            if missing
            else "reviewRating needs integer ratingValue, bestRating and worstRating"
        )
    elif not values[2] <= values[0] <= values[1]:
        problems.append("ratingValue must lie between worstRating and bestRating")
    return problems
