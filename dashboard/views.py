"""What a view derives from the data (a frame's figure, rows and sentence), computed once per view and
data version and shared by every viewer: a rerun that changes nothing recomputes nothing, and a class
opening the same link computes it once.

A view is an indicator's version (its series' files and the registry they were read with) plus what
the reader chose (countries, group, years, toggles). Entries are shared, not copied, so what this
returns is never changed in place (the figure builders make new dicts; pandas' copy-on-write keeps a
shared frame unchanged by whatever is derived from it).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, TypeVar

from dashboard.memo import Shared
from registry.catalogue import current

if TYPE_CHECKING:  # the Claims page caches its download here before it needs any series
    from dashboard.data import Series

T = TypeVar("T")
MAX_VIEWS = 256  # about 100 kB each (a line chart of every OECD member); the least recent go first


def version(*series: Series | None) -> tuple:
    """The data behind a view: each series' file version (and the series it is derived from) and the
    registry's (titles and units come from it)."""
    keys = []
    for one in series:
        if one is not None:
            keys += [one.key, *(parent.key for parent in one.parents)]
    return (*keys, current().version)


_VIEWS: Shared[object] = Shared(MAX_VIEWS)


def cached(what: str, data: tuple, choices: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """``compute()``, once per ``what`` (the frame and tab), data version and reader's choices."""
    return _VIEWS.get((what, data, choices), compute)  # type: ignore[return-value]
