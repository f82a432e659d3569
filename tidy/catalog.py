"""What each series is: titles, units, definitions and plausible ranges, read from the registry.

The registry (``series/*.toml``, see tidy/registry.py) is the one place a series is described;
``SERIES`` and ``series_info`` are views of it, re-read when a registry file changes, so a series
added with ``python -m fetch add`` is known everywhere without a restart.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from tidy import registry
from tidy.registry import SeriesInfo

__all__ = ["SERIES", "SeriesInfo", "series_info"]


class _Catalogue(Mapping[str, SeriesInfo]):
    """Series id -> SeriesInfo, in registry order."""

    def __getitem__(self, series_id: str) -> SeriesInfo:
        return registry.load()[series_id].info

    def __iter__(self) -> Iterator[str]:
        return iter(registry.load())

    def __len__(self) -> int:
        return len(registry.load())

    def __repr__(self) -> str:
        return f"SERIES({', '.join(self)})"


SERIES: Mapping[str, SeriesInfo] = _Catalogue()


def series_info(series_id: str) -> SeriesInfo:
    try:
        return SERIES[series_id]
    except KeyError:
        known = ", ".join(SERIES)
        raise KeyError(f"unknown series {series_id!r}; known series: {known}") from None
