"""The data a verdict is computed from: each series as published by a date, with its vintage.

Reads only through the store package, so the claim checker sees exactly the files and vintages the
fetch pipeline wrote. ``as_of=None`` means the current files (the newest vintage).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from claims.model import SourceRef
from registry.catalogue import current, series_info
from registry.groups import country_name
from store.files import series_path
from store.manifest import DataFileError, list_vintages, read_manifest, vintage_as_of
from store.releases import NoRelease, as_published

WDI = 2  # the World Bank source whose past releases its archive keeps (as fetch.wdi_archive.has_archive)

T = TypeVar("T")


def series_phrase(series: str) -> str:
    """A noun phrase for running text: "women's unpaid work" rather than "Unpaid work, women"."""
    info = series_info(series)
    title = info.title
    if info.sex:
        base = title.split(",")[0]
        return f"{'women' if info.sex == 'female' else 'men'}'s {base[0].lower()}{base[1:]}"
    return title[0].lower() + title[1:]


class MissingData(Exception):
    """The data a check needs is not there; the message is a plain sentence for the reader.

    ``release_not_kept``: the publisher's release existed but this snapshot does not hold it (verdict
    "release not kept", the message saying how to fetch it); otherwise no data that could test the
    claim existed (verdict "cannot check").
    """

    def __init__(self, message: str, detail: str = "", release_not_kept: bool = False) -> None:
        super().__init__(message)
        self.detail = detail
        self.release_not_kept = release_not_kept


def fetch_command(series: str, as_of: date | None) -> str:
    """How to bring the release public on ``as_of`` (None: the newest) into data/, in a sentence."""
    if as_of is None:
        return f"fetch it with `python -m fetch {series}`"
    try:
        query = current().spec(series).query("worldbank")
    except KeyError:
        query = None
    archived = query is not None and query.params.get("source_id") == WDI
    if archived:
        return f"fetch it from the World Bank's archive with `python -m fetch {series} --as-of {as_of}`"
    return (
        f"{series_info(series).publisher} keeps no archive of past releases, so import the file public then "
        f"with `python -m fetch {series} --from FILE --origin owner/repo:path@commit --released YYYY-MM-DD`"
    )


def cache_key(manifest: dict[str, Any]) -> str:
    """The sha256 of every current series, so a cache invalidates when data/ changes."""
    return ",".join(f"{k}:{v.get('sha256', '')}" for k, v in sorted(manifest["series"].items()))


class DataView:
    """Series frames and their provenance as of one date, read once per run.

    Everything a check derives from them is computed once per run too (``once``): a claims file of
    a thousand claims repeats the same series, countries and checks many times.
    """

    def __init__(self, data_dir: Path, as_of: date | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.as_of = as_of
        self.manifest: dict[str, Any] = read_manifest(self.data_dir)
        self._frames: dict[str, pd.DataFrame] = {}
        self._vintages: dict[str, dict[str, Any] | None] = {}
        self._memo: dict[Hashable, Any] = {}

    def once(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` the first time ``key`` is asked for in this view, the same answer after."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def _vintage(self, series: str) -> dict[str, Any] | None:
        """The manifest record of the vintage used; None when the manifest lists none."""
        if series not in self._vintages:
            if self.as_of is None:
                entry = self.manifest["series"].get(series)
                self._vintages[series] = entry
            else:
                self._vintages[series] = vintage_as_of(self.manifest, series, self.as_of)
        return self._vintages[series]

    def frame(self, series: str) -> pd.DataFrame:
        """The series as published by ``as_of``; MissingData if it is absent or unreadable."""
        if series in self._frames:
            return self._frames[series]
        title = series_phrase(series)
        try:  # the one way to read a series as published on a date (the current file for "now")
            frame = as_published(series, self.as_of, self.data_dir, self.manifest).frame
        except NoRelease:
            raise self._no_vintage(series) from None
        except DataFileError as exc:
            if series_path(self.data_dir, series).exists():  # there, but damaged: say so, not "missing"
                raise MissingData(
                    f"The {title} series ({series}) cannot be read, so this cannot be checked: {exc}",
                    detail=str(exc),
                ) from exc
            raise MissingData(
                f"The {title} series ({series}) is not in this data snapshot; {fetch_command(series, None)}.",
                detail=str(exc),
                release_not_kept=True,
            ) from exc
        # Plain Python strings: checks filter and collect country codes many times per run, and
        # pandas' Arrow-backed strings are slow to iterate from Python (40% of judging time).
        frame = frame.astype({"country_code": object, "country": object})
        # Names from the country table by the validated code, not the file's text (charts draw it).
        frame["country"] = frame["country_code"].map(country_name)
        self._frames[series] = frame
        return frame

    def rows(self, series: str, country: str) -> pd.DataFrame:
        """One country's rows of a series that have a value, by year (read by many checks; not to edit)."""

        def select() -> pd.DataFrame:
            frame = self.frame(series)
            return frame[frame["country_code"] == country].dropna(subset=["value"]).sort_values("year")

        return self.once(("rows", series, country), select)

    def _no_vintage(self, series: str) -> MissingData:
        """No release kept is as old as ``as_of``: a release existed then but is not kept here, unless the
        oldest kept starts in ``as_of``'s year or later (no figure it holds can have been public then)."""
        title = series_phrase(series)
        vintages = list_vintages(self.manifest, series)
        if not vintages:
            return MissingData(
                f"The {title} series ({series}) is not in this data snapshot; "
                f"{fetch_command(series, self.as_of)}.",
                release_not_kept=True,
            )
        dated = [v for v in vintages if v.get("released")]
        if not dated:
            return MissingData(
                f"No vintage of the {title} series in data/ records when it was released, so it cannot "
                f"be judged on the data public by {self.as_of}; re-fetch it with `python -m fetch {series}`."
            )
        oldest = min(dated, key=lambda v: str(v["released"]))
        first_year = oldest.get("year_min")
        assert self.as_of is not None
        if isinstance(first_year, int) and first_year < self.as_of.year:
            return MissingData(
                f"The {title} series was published before {self.as_of} (the oldest release kept here, of "
                f"{oldest['released']}, has figures back to {first_year}), but no release that old is kept "
                f"in this snapshot, so the data public then cannot be read; "
                f"{fetch_command(series, self.as_of)}.",
                release_not_kept=True,
            )
        start = f", and its figures start in {first_year}" if first_year else ""
        return MissingData(
            f"The {title} series cannot be judged on the data public by {self.as_of}: the oldest release "
            f"kept here was released {oldest['released']}, after {self.as_of}{start}, so none of its "
            "figures can have been public then."
        )

    def source(self, series: str) -> SourceRef:
        info = series_info(series)
        record = self._vintage(series) or {}
        label = record.get("label") or (record.get("sha256", "")[:12] or "current file")
        source_file = record.get("source_file") or {}
        urls = tuple(record.get("urls") or ()) or tuple(u for u in [source_file.get("url", "")] if u)
        return SourceRef(
            series=series,
            title=info.title,
            attribution=info.attribution,
            licence=info.licence,
            vintage=label,
            released=record.get("released"),
            retrieved=record.get("retrieved"),
            sha256=record.get("sha256"),
            urls=urls,
        )

    def cache_key(self) -> str:
        return cache_key(self.manifest)
