"""The shapes claims and verdicts take, shared by the loader, engine, CLI, page and export."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, BeforeValidator, model_validator
from pydantic.dataclasses import dataclass as file_model

from claims.fields import (
    FILE_CONFIG,
    ClaimId,
    Flag,
    PageName,
    Quote,
    Sentences,
    Text,
    Title,
    TomlDate,
    WebUrl,
    rule,
)
from registry.catalogue import series_info

if TYPE_CHECKING:  # only chart data holds frames: the front page's first view draws without pandas
    import pandas as pd


class Label(StrEnum):
    """The fixed verdict vocabulary. The last two are never a judgement on the claim: "cannot check"
    where no data that could test it existed (then, or in this file), "release not kept" where the
    publisher's release existed but this snapshot does not hold it (the verdict says how to fetch it)."""

    SUPPORTED = "supported"
    PARTLY = "partly supported"
    NOT_SUPPORTED = "not supported"
    CANNOT_CHECK = "cannot check"
    NOT_KEPT = "release not kept"

    @property
    def title(self) -> str:  # type: ignore[override]
        return self.value[0].upper() + self.value[1:]

    @property
    def score(self) -> int | None:
        """ClaimReview ratingValue: 1 (worst) to 3 (best); None when the claim was not judged."""
        return {Label.SUPPORTED: 3, Label.PARTLY: 2, Label.NOT_SUPPORTED: 1}.get(self)

    @property
    def judged(self) -> bool:
        return self.score is not None


class Evidence(StrEnum):
    """What a test can show, which the combination rule reads (claims.engine.RULES)."""

    FIGURE = "figure"  # a value, count, rank or ratio
    TREND = "trend"  # one measure over time
    CO_TREND = "co-trend"  # two measures moving over the same window: corroboration at most
    ASSOCIATION = "association"  # across countries, or year on year within one: can decide


# The claims file's shapes (Article, Claim, ClaimsFile) are validated as read: a field added here is
# read from claims files, type-checked and named in error messages (claims/fields.py has the types).


@file_model(frozen=True, config=FILE_CONFIG)
class Article:
    title: Annotated[Title, AfterValidator(str.strip)]
    published: TomlDate
    url: WebUrl = ""  # where the article (or the text checked) can be read
    author: Text = ""
    publisher: Text = ""  # the outlet
    published_inferred: Text = ""  # how the date was inferred; empty when the article states it


@dataclass(frozen=True)
class CheckSpec:
    """One test of a claim: a check kind and its validated parameters."""

    kind: str
    params: dict[str, Any]

    @property
    def series(self) -> list[str]:
        """Series ids the check reads, so the page can link and cache on them ("a/b" ratios split)."""
        named = [self.params[k] for k in ("series", "numerator", "denominator", "x", "y") if k in self.params]
        return list(dict.fromkeys(part for name in named for part in name.split("/")))


def anchor(claim_id: str) -> str:
    """The claim card's heading id on the Claims page and the ClaimReview url's fragment (any text in
    a reader's file becomes a safe slug)."""
    return "claim-" + (re.sub(r"[^a-z0-9]+", "-", claim_id.lower()).strip("-") or "x")


def _checks(raw: Any, info: Any) -> Any:
    """A claim's ``[[claims.checks]]`` tables as CheckSpecs, each checked by the loader's ``check``
    (given in the validation context: the check kinds import this module)."""
    if not isinstance(raw, list | tuple):
        raise rule("expected [[claims.checks]] tables", "checks")
    check = (info.context or {}).get("check")
    return tuple(
        item if isinstance(item, CheckSpec) or check is None else check(item, n) for n, item in enumerate(raw)
    )


@file_model(frozen=True, config=FILE_CONFIG)
class Claim:
    id: ClaimId
    quote: Annotated[Quote, AfterValidator(lambda text: " ".join(text.split()))]
    checkable: Flag = True
    checks: Annotated[tuple[Any, ...], BeforeValidator(_checks)] = ()  # CheckSpecs
    note: Annotated[Text, AfterValidator(str.strip)] = ""  # why it cannot be checked, or a reader's note
    caveats: Sentences = ()  # caveats written in the claims file (definitions, scope)
    page: PageName = ""  # dashboard page of the measure (e.g. "pay_gap"), for the card's link

    @model_validator(mode="after")
    def _checks_if_checkable(self) -> Claim:
        if self.checkable and not self.checks:
            message = (
                "a checkable claim needs at least one [[claims.checks]] table "
                "(or set checkable = false and give a note)"
            )
            raise rule(message, key="id")
        if not self.checkable and self.checks:
            raise rule("checkable = false but checks are given", key="checkable")
        return self

    @property
    def anchor(self) -> str:
        return anchor(self.id)


@file_model(frozen=True, config=FILE_CONFIG)
class ClaimsFile:
    article: Article
    claims: tuple[Claim, ...]
    source: str = ""  # the file name, for messages (not a field of the file)
    reviewer: Text = "Gender statistics dashboard"
    reviewed: TomlDate | None = None  # the review's date (ClaimReview datePublished)

    @property
    def checkable(self) -> list[Claim]:
        return [c for c in self.claims if c.checkable]

    @property
    def context(self) -> list[Claim]:
        return [c for c in self.claims if not c.checkable]


@dataclass(frozen=True)
class Figure:
    """One number a verdict used, with what it is (``label``) and where it sits (rank of n)."""

    label: str
    series: str
    country_code: str
    country: str
    year: int | None
    value: float | None
    rank: int | None = None
    n: int | None = None

    def as_dict(self) -> dict[str, Any]:
        value = None if self.value is None or math.isnan(self.value) else float(self.value)
        return {
            "label": self.label,
            "series": self.series,
            "country_code": self.country_code,
            "country": self.country,
            "year": self.year,
            "value": value,
            "rank": self.rank,
            "n": self.n,
        }


@dataclass(frozen=True)
class SourceRef:
    """The series and the exact vintage a verdict was computed from, from the manifest."""

    series: str
    title: str
    attribution: str
    licence: str
    vintage: str  # the vintage label, or "current file" when the manifest lists no vintages
    released: str | None
    retrieved: str | None
    sha256: str | None
    urls: tuple[str, ...] = ()

    def describe(self) -> str:
        released = f", released {self.released}" if self.released else ""
        return f"{self.attribution} — vintage {self.vintage}{released}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "series": self.series,
            "title": self.title,
            "attribution": self.attribution,
            "licence": self.licence,
            "vintage": self.vintage,
            "released": self.released,
            "retrieved": self.retrieved,
            "sha256": self.sha256,
            "urls": list(self.urls),
        }


@dataclass(frozen=True)
class ChartData:
    """What the evidence chart draws: points, the subject country and the claimed figure."""

    kind: str  # "timeline", "ranking", "trend", "scatter" (x against y) or "paths" (x and y over time)
    points: pd.DataFrame  # country_code, country, year, value (scatter, paths: x and y instead of value)
    country: str
    series: str
    reference: float | None = None  # the claimed figure or threshold, drawn as a line
    reference_label: str = ""
    value_label: str = ""  # axis title (the vertical axis of a scatter)
    x_label: str = ""  # scatter, paths: the horizontal measure's title
    path: pd.DataFrame | None = None  # scatter: the subject country's (year, x, y) over time

    @property
    def is_ratio(self) -> bool:
        """The value is one series divided by another (the ratio check), not the series' own unit."""
        return "÷" in self.value_label

    @property
    def measure(self) -> str:
        """What the value is, for chart titles: the ratio, or the series' title."""
        return self.value_label if self.is_ratio else series_info(self.series).title


@dataclass(frozen=True)
class CheckResult:
    kind: str
    label: Label
    evidence: str
    rule: str
    figures: tuple[Figure, ...] = ()
    caveats: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    chart: ChartData | None = None
    test: str = ""  # what was tested, in a few words ("Across OECD members: A against B")
    finding: str = ""  # the figure found, in a few words ("ρ = +0.13, n = 38")
    shows: Evidence = Evidence.FIGURE
    counts: bool = True  # whether the combination rule counts it (False: corroboration only)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "test": self.test,
            "verdict": self.label.value,
            "finding": self.finding,
            "counts": self.counts,
            "evidence": self.evidence,
            "rule": self.rule,
            "figures": [f.as_dict() for f in self.figures],
            "caveats": list(self.caveats),
            "sources": [s.as_dict() for s in self.sources],
        }


@dataclass(frozen=True)
class Verdict:
    """A claim judged with the data available at ``as_of`` (None: the newest data)."""

    claim: Claim
    label: Label
    evidence: str  # one or two short sentences that open the evidence (ClaimReview ratingExplanation)
    checks: tuple[CheckResult, ...]
    as_of: date | None
    caveats: tuple[str, ...] = ()

    @property
    def details(self) -> list[str]:
        """Each test's own evidence sentence, in the file's order (what the opening sentence sums up)."""
        return list(dict.fromkeys(c.evidence for c in self.checks))

    @property
    def rules(self) -> list[str]:
        return [c.rule for c in self.checks]

    @property
    def figures(self) -> list[Figure]:
        return [f for c in self.checks for f in c.figures]

    @property
    def sources(self) -> list[SourceRef]:
        seen: dict[tuple[str, str | None], SourceRef] = {}
        for check in self.checks:
            for source in check.sources:
                seen.setdefault((source.series, source.sha256), source)
        return list(seen.values())

    @property
    def all_caveats(self) -> list[str]:
        out: list[str] = []
        for text in [*self.claim.caveats, *self.caveats, *(c for r in self.checks for c in r.caveats)]:
            if text not in out:
                out.append(text)
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.claim.id,
            "quote": self.claim.quote,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "verdict": self.label.value,
            "evidence": self.evidence,
            "details": self.details,
            "rules": self.rules,
            "figures": [f.as_dict() for f in self.figures],
            "caveats": self.all_caveats,
            "sources": [s.as_dict() for s in self.sources],
            "checks": [c.as_dict() for c in self.checks],
        }


@dataclass(frozen=True)
class TimedVerdict:
    """One claim judged twice: with the data public at a date, and with the newest data."""

    claim: Claim
    then: Verdict
    now: Verdict
    then_label: str = "when written"
    summary: str = field(default="")  # one sentence when the two differ, else ""
    modified: date | None = None  # when the newest verdict came to differ from the one at the review's date

    @property
    def differs(self) -> bool:
        return self.then.label != self.now.label or self.then.details != self.now.details

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.claim.id,
            "quote": self.claim.quote,
            "then_label": self.then_label,
            "then": self.then.as_dict(),
            "now": self.now.as_dict(),
            "change": self.summary,
            "modified": self.modified.isoformat() if self.modified else None,
        }
