"""Every release kept, findable by date: the release index, and a series as published on a date.

The ALFRED idea: the figures a reader could see on a day are those of the newest release public by
then, so a series "as of" a date is that release's vintage, verbatim, with its provenance. The claim
checker's "when written", ``python -m fetch --list`` and the data package's release index all read
releases through this module, so they agree on which release was public when.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry.catalogue import current
from registry.model import SeriesInfo
from store.files import data_dir_from_env, read_series, read_vintage
from store.manifest import DataFileError, current_vintage, list_vintages, read_manifest, vintage_as_of

if TYPE_CHECKING:
    import pandas as pd


class NoRelease(DataFileError):
    """No release of the series kept in data/ was public on the date asked for."""


def source_url(source_file: Any) -> str:
    """The web address of an imported file found in a public repository (``owner/repo:path@commit``)."""
    if isinstance(source_file, dict) and all(
        isinstance(source_file.get(key), str) and source_file[key] for key in ("repository", "path", "commit")
    ):
        return f"https://github.com/{source_file['repository']}/blob/{source_file['commit']}/{source_file['path']}"
    return ""


def source_of(vintage: dict[str, Any]) -> str:
    """Where a release came from, in one string: the URL asked, or the publisher's file (its name)."""
    urls = vintage.get("urls")
    urls = [u for u in urls if isinstance(u, str) and u] if isinstance(urls, list) else []
    if urls:
        return urls[0]
    source_file = vintage.get("source_file")
    return str(source_file.get("file") or "") if isinstance(source_file, dict) else ""


def release_rows(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per release kept, oldest first within each series (series in id order).

    Two releases may share one data file (a later release that revised nothing): each is its own row,
    told apart by its date and source file. ``current`` marks the release the current file shows.
    """
    rows = []
    for series_id in sorted(manifest["series"]):
        entry = manifest["series"][series_id]
        vintages = list_vintages(manifest, series_id)
        shown = current_vintage(entry) if vintages else None
        for vintage in vintages:
            rows.append(
                {
                    "series": series_id,
                    "released": str(vintage.get("released") or "")[:10] or None,
                    "label": str(vintage.get("label") or ""),
                    "method": str(vintage.get("method") or ""),
                    "source": source_of(vintage),
                    "source_url": source_url(vintage.get("source_file")),
                    "sha256": str(vintage.get("sha256") or ""),
                    "path": str(vintage.get("file") or ""),
                    **{key: _whole(vintage.get(key)) for key in ("year_min", "year_max", "rows")},
                    "current": vintage is shown,
                }
            )
    return rows


def _whole(value: Any) -> int | None:
    """A count or year as the manifest should hold it; anything else (hand-edited) is left out."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class Release:
    """A series as published on a date: the figures and where they came from."""

    series: str
    frame: pd.DataFrame = field(repr=False)
    vintage: dict[str, Any] = field(repr=False)  # the manifest's record (the current entry for "now")
    on: date | None = None  # None: the current file, as the app shows it

    @property
    def released(self) -> str:
        return str(self.vintage.get("released") or "")

    @property
    def source(self) -> str:
        return source_of(self.vintage)

    @property
    def sha256(self) -> str:
        return str(self.vintage.get("sha256") or "")

    def describe(self) -> str:
        when = f"as published on {self.on}" if self.on else "current file"
        label = self.vintage.get("label") or "no label"
        return (
            f"{self.series} ({when}): release of {self.released or 'an unknown date'} ({label}), "
            f"from {self.source or 'an unnamed source'}, sha256 {self.sha256[:12]}, {len(self.frame):,} rows"
        )


def _day(on: date | str) -> date:
    if isinstance(on, date):
        return on
    try:
        return date.fromisoformat(str(on))
    except ValueError:
        raise ValueError(f"expected a date like 2024-09-01, got {on!r}") from None


def _info(series_id: str) -> SeriesInfo:
    try:
        return current().info(series_id)
    except KeyError as exc:
        raise DataFileError(str(exc.args[0])) from None


def as_published(
    series_id: str,
    on: date | str | None = None,
    data_dir: Path | str | None = None,
    manifest: dict[str, Any] | None = None,
) -> Release:
    """The series as published on ``on``: the newest release kept that was public by then, verbatim.

    ``on=None`` gives the current file (with a long history's earlier years spliced in). NoRelease
    when no release kept is that old; DataFileError when a file is missing or damaged.
    ``manifest`` spares a caller that already read it a second read.
    """
    data_dir = Path(data_dir) if data_dir is not None else data_dir_from_env()
    info = _info(series_id)
    manifest = read_manifest(data_dir) if manifest is None else manifest
    if on is None:
        return Release(series_id, read_series(data_dir, info), manifest["series"].get(series_id, {}))
    day = _day(on)
    vintage = vintage_as_of(manifest, series_id, day)
    if vintage is None:
        vintages = list_vintages(manifest, series_id)
        dated = sorted(str(v.get("released")) for v in vintages if v.get("released"))
        oldest = f"the oldest kept was released {dated[0]}" if dated else "none kept records its release date"
        raise NoRelease(f"{series_id}: no release kept in {data_dir} was public on {day} ({oldest}).")
    return Release(series_id, read_vintage(data_dir, info, vintage), vintage, day)
