"""The check kinds: how each kind of claim is tested, with its rule written out for the reader.

Each kind (a module here) declares its parameters (the loader validates claims files against
them) and a ``run`` function that turns data into a CheckResult. Rules are sentences built from
the same parameters the code compares against, so the rule shown in the UI is the rule applied.
"""

from __future__ import annotations

from dataclasses import replace

from claims.data import DataView, MissingData
from claims.kinds.association import ASSOCIATION
from claims.kinds.base import CheckKind, Context, Param, coerce
from claims.kinds.rank import RANK
from claims.kinds.ratio import RATIO
from claims.kinds.trend import TREND
from claims.kinds.value import ABOUT_COUNT, ABOUT_VALUE
from claims.model import Article, CheckResult, CheckSpec, Label

__all__ = ["KINDS", "CheckKind", "Context", "Param", "coerce", "run_check"]

KINDS: dict[str, CheckKind] = {
    kind.name: kind for kind in [ABOUT_VALUE, ABOUT_COUNT, RANK, TREND, RATIO, ASSOCIATION]
}


def run_check(spec: CheckSpec, view: DataView, article: Article) -> CheckResult:
    """Run one check; missing data becomes a "cannot check" result that says why."""
    kind = KINDS[spec.kind]
    ctx = Context(view=view, article=article)
    params = spec.params
    about = {"rule": kind.rule(params), "test": kind.describe(params), "shows": kind.shows(params)}
    series = spec.series
    try:
        result = kind.run(ctx, spec.params)
    except MissingData as exc:
        sources = tuple(view.source(s) for s in series if _readable(view, s))
        caveats = (exc.detail,) if exc.detail else ()
        label = Label.NOT_KEPT if exc.release_not_kept else Label.CANNOT_CHECK
        return CheckResult(spec.kind, label, str(exc), caveats=caveats, sources=sources, **about)
    return replace(result, kind=spec.kind, sources=tuple(view.source(s) for s in series), **about)


def _readable(view: DataView, series: str) -> bool:
    try:
        view.frame(series)
    except MissingData:
        return False
    return True
