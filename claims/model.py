"""The shapes claims and verdicts take, shared by the loader, engine, CLI, page and export."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import pandas as pd
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


class Label(StrEnum):
    """The fixed verdict vocabulary; "cannot check" is never a judgement on the claim."""

    SUPPORTED = "supported"
    PARTLY = "partly supported"
    NOT_SUPPORTED = "not supported"
    CANNOT_CHECK = "cannot check"

    @property
    def title(self) -> str:  # type: ignore[override]
        return self.value[0].upper() + self.value[1:]

    @property
    def score(self) -> int | None:
        """ClaimReview ratingValue: 1 (worst) to 3 (best); None for cannot check."""
        return {Label.SUPPORTED: 3, Label.PARTLY: 2, Label.NOT_SUPPORTED: 1}.get(self)


# The claims file's shapes (Article, Claim, ClaimsFile) are validated as read: a field added here is
# read from claims files, type-checked and named in error messages (claims/fields.py has the types).


@file_model(frozen=True, config=FILE_CONFIG)
class Article:
    title: Annotated[Title, AfterValidator(str.strip)]
    published: TomlDate
    url: WebUrl = ""
    author: Text = ""
    publisher: Text = ""


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


@file_model(frozen=True, config=FILE_CONFIG)
class ClaimsFile:
    article: Article
    claims: tuple[Claim, ...]
    source: str = ""  # the file name, for messages (not a field of the file)
    reviewer: Text = "Gender statistics dashboard"

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

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "verdict": self.label.value,
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
    evidence: str
    checks: tuple[CheckResult, ...]
    as_of: date | None
    caveats: tuple[str, ...] = ()

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

    @property
    def differs(self) -> bool:
        return self.then.label != self.now.label or self.then.evidence != self.now.evidence

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.claim.id,
            "quote": self.claim.quote,
            "then_label": self.then_label,
            "then": self.then.as_dict(),
            "now": self.now.as_dict(),
            "change": self.summary,
        }
