"""What a ``python -m fetch`` run reports: each series' outcome, the summary table after a run and
the ``--list`` table."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fetch.common import Fetched
from fetch.sources import source_label
from registry.catalogue import Registry
from store.manifest import read_manifest
from store.releases import release_rows


@dataclass
class Outcome:
    series_id: str
    fetched: Fetched | None = None
    error: str | None = None
    changes: str = ""
    new_vintage: bool = False


def print_list(console: Console, data_dir: Path, registry: Registry) -> None:
    """Each series' current file, then every release kept, told apart by date, source and sha256."""
    manifest = read_manifest(data_dir)
    table = Table(title=escape(f"Series in {data_dir}"))
    for column in ("series", "source", "current file", "releases", "last fetch"):
        table.add_column(column, overflow="fold")
    for series_id in registry:
        entry = manifest["series"].get(series_id)
        if not entry:
            table.add_row(series_id, source_label(series_id), "missing", "0", "never")
            continue
        current = (
            f"{entry.get('rows')} rows, {entry.get('countries')} countries, "
            f"{entry.get('year_min')}-{entry.get('year_max')}"
        )
        fetched = f"{entry.get('retrieved', 'unknown')} ({entry.get('method', '?')})"
        count = str(len(entry.get("vintages", [])))
        table.add_row(series_id, source_label(series_id), *map(escape, (current, count, fetched)))
    console.print(table)
    releases = Table(title="Releases kept (* = the one the current file shows)")
    for column in ("", "series", "released", "source file or URL", "sha256", "years", "label"):
        releases.add_column(column, overflow="fold")
    for row in release_rows(manifest):
        if row["series"] not in registry:
            continue
        years = f"{row['year_min'] or '?'}-{row['year_max'] or '?'}"
        # manifest text (labels, sources) is data, not markup: "[/x]" in a label must print as typed
        cells = (row["released"] or "undated", row["source"] or "?", row["sha256"][:12], years, row["label"])
        releases.add_row("*" if row["current"] else "", row["series"], *map(escape, cells))
    console.print(releases)
    console.print(
        "Compare two releases with `python -m fetch diff SERIES --old SHA --new SHA` (a sha256 prefix, a "
        "release date or part of a label); load one as published on a date with "
        "`store.releases.as_published(SERIES, DATE)`."
    )


def print_summary(console: Console, outcomes: list[Outcome]) -> None:
    table = Table(title="Summary")
    for column in ("series", "status", "rows", "countries", "years", "changes since last snapshot"):
        table.add_column(column)
    for outcome in outcomes:
        if outcome.error or outcome.fetched is None:
            table.add_row(
                outcome.series_id, "[red]failed[/red]", "", "", "", "kept the previous file (reason below)"
            )
            continue
        frame = outcome.fetched.frame
        status = "ok" if outcome.new_vintage else "ok (unchanged)"
        if outcome.fetched.provenance.fallback:
            status += " via fallback"
        table.add_row(
            outcome.series_id,
            f"[green]{status}[/green]",
            str(len(frame)),
            str(frame["country_code"].nunique()),
            f"{frame['year'].min()}-{frame['year'].max()}",
            escape(outcome.changes),
        )
    console.print(table)
    for outcome in outcomes:
        fetched = outcome.fetched
        if fetched is not None and fetched.provenance.fallback:
            reason = escape(fetched.provenance.fallback)
            console.print(f"[yellow]{outcome.series_id} via fallback:[/yellow] {reason}", soft_wrap=True)
        for warning in fetched.warnings if fetched is not None else ():
            console.print(f"[yellow]{outcome.series_id}:[/yellow] {escape(warning)}", soft_wrap=True)
        if outcome.error:
            console.print(f"[red]{outcome.series_id} failed:[/red] {escape(outcome.error)}", soft_wrap=True)
