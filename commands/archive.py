"""``python -m fetch archive SERIES… --from WORKBOOK --origin …``: the OECD Time Use workbook's archive
sheets, each saved as a vintage of the series dated by the workbook's "Read me" log.

The sheets are earlier states of the database (fetch/time_use_releases.py dates them); a sheet older
than the log cannot be dated and is named, not imported.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from commands.get import save, writing
from commands.report import Outcome, print_summary
from fetch.errors import FetchError
from fetch.oecd import _time_use_sex
from fetch.time_use_releases import read_releases, release_fetched
from registry.catalogue import Registry
from store.files import DEFAULT_DATA_DIR
from store.frame import ValidationError
from store.lock import DataLockedError
from store.manifest import DataFileError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "series", nargs="+", metavar="SERIES", help="the time-use series, e.g. unpaid_care_female"
    )
    parser.add_argument("--from", dest="workbook", type=Path, required=True, metavar="WORKBOOK",
                        help="the OECD Time Use workbook (OECD-time-use-database-updates.xlsx)")  # fmt: skip
    parser.add_argument("--origin", required=True, help="where it was found: owner/repo:path@commit")
    parser.add_argument(
        "--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="where to write (default: data/)"
    )
    parser.set_defaults(accept_shrink=False)  # an older release never replaces the current file's rows


def run_archive(args: argparse.Namespace, registry: Registry) -> int:
    console = Console(width=max(Console().width, 140))
    unknown = [s for s in args.series if s not in registry]
    if unknown:
        console.print(f"[red]Unknown series: {escape(', '.join(unknown))}.[/red]")
        return 2
    try:
        releases, skipped = read_releases(args.workbook)
        with writing(args.data_dir, console):
            outcomes = [
                _save(release, series_id, args, registry) for release in releases for series_id in args.series
            ]
    except (FetchError, DataLockedError, DataFileError, OSError) as exc:
        console.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)
        return 1
    for outcome, release in zip(outcomes, [r for r in releases for _ in args.series], strict=True):
        what = outcome.error or outcome.changes
        console.print(
            f"{outcome.series_id}: {release.sheet}, released {release.update.released}: {escape(what)}"
        )
    for sentence in skipped:
        console.print(escape(sentence), soft_wrap=True)
    print_summary(console, outcomes)
    return 1 if any(o.error for o in outcomes) else 0


def _save(release, series_id: str, args: argparse.Namespace, registry: Registry) -> Outcome:
    try:
        fetched = release_fetched(release, series_id, _time_use_sex(series_id), args.workbook, args.origin)
        return save(fetched, args, registry)
    except (FetchError, ValidationError, DataFileError) as exc:
        return Outcome(series_id, error=str(exc))
