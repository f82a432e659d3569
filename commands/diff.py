"""``python -m fetch diff``: what changed between two vintages of a series."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from registry.catalogue import Registry
from registry.groups import KOREA
from registry.model import SeriesInfo
from store.diff import SeriesDiff, compare
from store.files import DEFAULT_DATA_DIR, read_vintage
from store.history import history_lines
from store.manifest import DataFileError, list_vintages, read_manifest


def add_arguments(parser: argparse.ArgumentParser, registry: Registry) -> None:
    parser.add_argument("series", choices=list(registry), metavar="SERIES", help=", ".join(registry))
    parser.add_argument("--old", help="older vintage: sha256 prefix, release date or part of its label")
    parser.add_argument("--new", help="newer vintage: sha256 prefix, release date or part of its label")
    parser.add_argument("--top", type=int, default=10, help="how many of the largest revisions to show")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)


def pick_vintage(vintages: list[dict[str, Any]], reference: str) -> dict[str, Any]:
    """A vintage by sha256 prefix, exact release date or a unique part of its label."""
    for test in (
        lambda v: str(v.get("sha256", "")).startswith(reference),
        lambda v: v.get("released") == reference,
        lambda v: reference.lower() in str(v.get("label", "")).lower(),
    ):
        found = [v for v in vintages if test(v)]
        if len(found) == 1 or (found and len({v["sha256"] for v in found}) == 1):
            return found[-1]  # several files of the same figures: the newest stands for them
        if len(found) > 1:
            raise ValueError(f"{reference!r} matches {len(found)} vintages; be more specific")
    raise ValueError(f"no vintage matches {reference!r}")


def _rows(table: Table, frame: pd.DataFrame, columns: list[str], limit: int) -> None:
    for record in frame.head(limit).itertuples(index=False):
        table.add_row(
            *(
                f"{getattr(record, c):,.6g}"
                if isinstance(getattr(record, c), float)
                else escape(str(getattr(record, c)))
                for c in columns
            )
        )


def print_diff(
    console: Console, info: SeriesInfo, old: dict[str, Any], new: dict[str, Any], diff: SeriesDiff, top: int
) -> None:
    console.print(f"[bold]{info.id}[/bold] ({escape(info.unit)})")
    for name, v in (("old", old), ("new", new)):
        console.print(
            f"  {name}: {escape(str(v.get('released', 'undated')))} · {escape(str(v.get('label', '')))} · "
            f"{v.get('rows')} rows, "
            f"{v.get('year_min')}-{v.get('year_max')}"
        )
    console.print(f"  {diff.summary()}")
    console.print(f"  {escape(diff.overlap_summary())}")
    years_added = sorted(set(diff.added["year"]))
    if years_added:
        console.print(f"  years with added country-years: {years_added[0]}-{years_added[-1]}")
    if len(diff.revised):
        table = Table(title=f"Largest revisions (of {len(diff.revised)})")
        columns = ["country_code", "country", "year", "old", "new", "change"]
        for column in columns:
            table.add_column(column)
        _rows(table, diff.revised, columns, top)
        console.print(table)
    korea = diff.revised[diff.revised["country_code"] == KOREA].sort_values("year")
    added = diff.added[diff.added["country_code"] == KOREA]
    removed = diff.removed[diff.removed["country_code"] == KOREA]
    console.print(
        f"  South Korea: {len(korea)} revised, {len(added)} added, {len(removed)} removed country-years"
    )
    if len(korea):
        table = Table(title="South Korea's revisions")
        for column in ("year", "old", "new", "change"):
            table.add_column(column)
        _rows(table, korea, ["year", "old", "new", "change"], len(korea))
        console.print(table)


def run_diff(args: argparse.Namespace, registry: Registry) -> int:
    """Compare two vintages (default: the two newest) and print what changed."""
    console = Console()
    try:
        info = registry.info(args.series)
        manifest = read_manifest(args.data_dir)
        vintages = list_vintages(manifest, args.series)
        if len(vintages) < 2 and not (args.old and args.new):
            console.print(f"{args.series} has {len(vintages)} vintage(s); a diff needs two.")
            return 1
        old = pick_vintage(vintages, args.old) if args.old else vintages[-2]
        new = pick_vintage(vintages, args.new) if args.new else vintages[-1]
        diff = compare(read_vintage(args.data_dir, info, old), read_vintage(args.data_dir, info, new))
    except (ValueError, DataFileError) as exc:
        console.print(f"[red]{args.series}: {escape(str(exc))}[/red]")
        return 1
    print_diff(console, info, old, new, diff, args.top)
    for line in history_lines(manifest["series"][args.series]):
        console.print(f"  {escape(line)}", soft_wrap=True)
    return 0
