"""``python -m fetch``: fetch or import series into data/, with progress and a summary table."""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import replace
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from fetch import http
from fetch.cli_args import build_parser
from fetch.common import Fetched, estimates_only, join_notes, now_iso
from fetch.errors import FetchError
from fetch.http import make_session, series_deadline
from fetch.release_cli import check_options, fetch_past_release
from fetch.sources import FALLBACK, PRIMARY, check_publisher, importer_for, source_label
from fetch.summary import Outcome, print_list, print_summary
from tidy.catalog import SERIES
from tidy.diff import compare
from tidy.locking import DataLockedError, data_lock
from tidy.recovery import recover
from tidy.registry import RegistryError, load
from tidy.schema import ValidationError
from tidy.shrink import MAX_SHRINK
from tidy.store import (
    DataFileError,
    Provenance,
    current_vintage,
    read_manifest,
    read_series,
    save_series,
)

ORIGIN = re.compile(r"^(?P<repository>[\w.-]+/[\w.-]+):(?P<path>.+)@(?P<commit>[0-9a-f]{40})$")


def _save(fetched: Fetched, data_dir: Path, accept_shrink: bool = False) -> Outcome:
    fetched = estimates_only(fetched)  # a release keeps only the years up to its date
    result = save_series(
        data_dir,
        fetched.series_id,
        fetched.frame,
        fetched.provenance,
        shrink_limit=None if accept_shrink else MAX_SHRINK,
    )
    entry = read_manifest(data_dir)["series"][fetched.series_id]
    current = current_vintage(entry)
    if not result.new_vintage:  # the same file again: say which stored release it already is
        source = (fetched.provenance.source_file or {}).get("sha256")
        held = next(
            (
                v
                for v in entry["vintages"]
                if v.get("sha256") == result.sha256 and (v.get("source_file") or {}).get("sha256") == source
            ),
            None,
        )
        if held is not None and held.get("released") != fetched.provenance.released:
            notice = (
                f"already held as the release of {held.get('released')}; the date "
                f"{fetched.provenance.released} was not applied (re-import into a fresh folder to change it)"
            )
            fetched = replace(fetched, warnings=(*fetched.warnings, notice))
    if result.sha256 != current["sha256"]:  # an older release than the current vintage (unchanged or not)
        changes = "kept as an older vintage"
    elif result.previous is None:
        changes = "new series"
    else:  # what changed in the file the app reads (a long history keeps its earlier years)
        changes = compare(result.previous, read_series(data_dir, fetched.series_id)).summary()
        if result.new_vintage and changes == "no change":  # another file of the same figures
            changes = f"same figures as before, now from this release ({current['released']})"
    return Outcome(fetched.series_id, fetched, changes=changes, new_vintage=result.new_vintage)


def fetch_one(series_id: str, session, data_dir: Path, accept_shrink: bool = False) -> Outcome:
    """Fetch from the primary source, then the fallback; validate and save."""
    errors = []
    try:
        modules = (PRIMARY[series_id], FALLBACK.get(series_id))
    except FetchError as exc:  # a publisher whose fetch module is not installed
        return Outcome(series_id, error=str(exc))
    for module in modules:
        if module is None:
            continue
        try:
            with series_deadline(session, series_id):
                fetched = module.fetch(series_id, session)
            if errors:
                fetched = Fetched(
                    series_id,
                    fetched.frame,
                    Provenance(
                        **{**fetched.provenance.__dict__, "fallback": f"primary source failed: {errors[0]}"}
                    ),
                    fetched.warnings,
                )
            return _save(fetched, data_dir, accept_shrink)
        except (FetchError, ValidationError) as exc:
            errors.append(str(exc))
        except (DataFileError, OSError) as exc:  # writing data/ failed: the fallback cannot help
            return Outcome(series_id, error=f"{series_id}: could not save to {data_dir}: {exc}")
        except RecursionError:  # a parser met nesting too deep for it (fetch.http catches JSON's)
            source = source_label(series_id)
            errors.append(f"{series_id}: the answer is nested too deeply to parse ({source})")
    return Outcome(series_id, error=" | ".join(errors))


def import_one(series_id: str, args: argparse.Namespace) -> Outcome:
    paths = [Path(p) for p in args.files]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        return Outcome(series_id, error=f"{series_id}: no such file: {', '.join(missing)}")
    folders = [str(p) for p in paths if not p.is_file()]
    if folders:  # a folder (or a device) is no publisher's file: name it rather than "[Errno 21]"
        return Outcome(series_id, error=f"{series_id}: not a file: {', '.join(folders)}")
    limit = http.MAX_BODY_MB * 1_000_000  # the cap on a live answer holds for a file too
    large = [f"{p} ({p.stat().st_size / 1e6:,.0f} MB)" for p in paths if p.stat().st_size > limit]
    if large:
        return Outcome(
            series_id,
            error=f"{series_id}: larger than {http.MAX_BODY_MB:g} MB (FETCH_MAX_BODY_MB), not read: "
            + ", ".join(large),
        )
    try:
        module = importer_for(series_id, paths)
        check_publisher(series_id, module, paths)
        frame, details = module.import_files(series_id, paths)
        released = args.released.isoformat() if args.released else details.get("source_updated")
        if not released:
            raise FetchError(
                series_id, str(paths[0]), "the file carries no update date: pass --released YYYY-MM-DD"
            )
        source_file = {"file": paths[0].name, "sha256": details["sha256"]}
        if args.origin:
            match = ORIGIN.match(args.origin)
            if not match:
                raise FetchError(
                    series_id, args.origin, "--origin must look like owner/repo:path@<40-hex commit>"
                )
            source_file.update(match.groupdict())
        if details.get("extra_files"):
            source_file["companions"] = details["extra_files"]
        provenance = Provenance(
            method="import",
            retrieved=now_iso(),
            released=released,
            released_basis=args.released_basis
            or ("publisher's update date in the file" if not args.released else ""),
            source_updated=details.get("source_updated"),
            source_file=source_file,
            vintage_label=args.label or details["label"],
            notes=join_notes(details.get("notes", ""), *details.get("warnings", ()), args.notes),
            preliminary=tuple(details.get("preliminary", ())),
        )
        warnings = tuple(details.get("warnings", ()))
        return _save(Fetched(series_id, frame, provenance, warnings), args.data_dir, args.accept_shrink)
    except (FetchError, ValidationError, DataFileError, OSError, ValueError) as exc:
        return Outcome(series_id, error=str(exc))
    except RecursionError:
        files = ", ".join(str(p) for p in paths)
        return Outcome(series_id, error=f"{series_id}: {files} is nested too deeply to parse")


def run(args: argparse.Namespace, console: Console) -> list[Outcome]:
    """Fetch or import every series asked for; call only while holding the data-folder lock."""
    recovered = recover(args.data_dir).summary()
    if recovered:
        console.print(f"[yellow]{escape(str(args.data_dir))}: {recovered}.[/yellow]")
    series = args.series or list(SERIES)
    if args.release or args.as_of:
        session = make_session(args.cache_dir)
        return [fetch_past_release(series_id, args, session) for series_id in series]
    if args.files:
        return [import_one(series_id, args) for series_id in series]
    outcomes = []
    session = make_session(args.cache_dir)
    with console.status("") as status:
        for number, series_id in enumerate(series, 1):
            status.update(f"[{number}/{len(series)}] fetching {series_id} from {source_label(series_id)}…")
            outcome = fetch_one(series_id, session, args.data_dir, args.accept_shrink)
            mark = "[red]✗[/red]" if outcome.error else "[green]✓[/green]"
            console.print(f"{mark} {series_id}: {'failed' if outcome.error else escape(outcome.changes)}")
            outcomes.append(outcome)
    return outcomes


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        load()  # the series registry: a malformed file stops here, before any request
    except RegistryError as exc:
        Console(stderr=True).print(str(exc), style="red", soft_wrap=True, markup=False, highlight=False)
        return 2
    if argv[:1] == ["add"]:
        from fetch.add_cli import main as add_main

        return add_main(argv[1:])
    if argv[:1] == ["diff"]:
        from fetch.diff_cli import main as diff_main

        return diff_main(argv[1:])
    args = build_parser().parse_args(argv)
    console = Console(width=max(Console().width, 140))
    unknown = [s for s in args.series if s not in SERIES]
    if unknown:
        console.print(f"[red]Unknown series: {escape(', '.join(unknown))}.[/red] Known: {', '.join(SERIES)}")
        return 2
    if (args.release or args.as_of) and (problem := check_options(args)):
        console.print(f"[red]{problem}[/red]")
        return 2
    for option, folder in (("--data-dir", args.data_dir), ("--cache-dir", args.cache_dir)):
        if folder is not None and folder.exists() and not folder.is_dir():  # before any request
            message = f"{option} {escape(str(folder))} is a file, not a folder."
            console.print(f"[red]{message}[/red]", soft_wrap=True)
            return 2
    try:
        if args.list:
            print_list(console, args.data_dir)
            return 0
        with data_lock(args.data_dir):
            outcomes = run(args, console)
    except DataLockedError as exc:
        console.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)
        return 1
    except DataFileError as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        return 1
    print_summary(console, outcomes)
    failed = [o.series_id for o in outcomes if o.error]
    if failed:
        console.print(
            f"[red]{len(failed)} failed: {', '.join(failed)}; their previous files were kept.[/red]"
        )
        return 1
    return 0
