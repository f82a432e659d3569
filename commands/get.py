"""``python -m fetch [get] SERIES…``: fetch live, import a publisher's file, or fetch a past WDI release.

One ``run`` per mode; each returns an Outcome per series, saved through the store's one save path.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from commands.folder import run_check, run_relist
from commands.parallel import in_parallel
from commands.report import Outcome, print_list, print_summary
from fetch import http, wdi_archive
from fetch.common import ORIGIN_FORM, Fetched, estimates_only, join_notes, parse_origin
from fetch.errors import FetchError
from fetch.http import make_session, series_deadline
from fetch.sources import adapter, adapters, check_publisher, importer_for, source_label
from registry.catalogue import Registry
from store.folder import check_manifest, unlisted_notice, writable_problem
from store.frame import ValidationError
from store.lock import DataLockedError, data_lock
from store.manifest import DataFileError, read_manifest
from store.recovery import recover
from store.save import save_series
from store.shrink import MAX_SHRINK

Run = Callable[[str, argparse.Namespace, Registry], Outcome]


def save(fetched: Fetched, args: argparse.Namespace, registry: Registry) -> Outcome:
    """Save through the store (in its turn when series run in parallel); its report of what changed
    becomes the outcome. A release keeps only the years up to its date (later ones are projections,
    dropped and counted)."""
    fetched = estimates_only(fetched)
    turns = getattr(args, "turns", None)
    with turns.turn(fetched.series_id) if turns is not None else nullcontext():
        result = save_series(
            args.data_dir,
            registry.info(fetched.series_id),
            fetched.frame,
            fetched.provenance,
            shrink_limit=None if args.accept_shrink else MAX_SHRINK,
        )
    if result.notice:
        fetched = replace(fetched, warnings=(*fetched.warnings, result.notice))
    return Outcome(fetched.series_id, fetched, changes=result.changes, new_vintage=result.new_vintage)


def run_live(series_id: str, args: argparse.Namespace, registry: Registry) -> Outcome:
    """Fetch from the primary source, then the fallback; validate and save."""
    errors: list[str] = []
    try:
        sources = adapters(series_id)
    except FetchError as exc:  # a publisher whose fetch module is not installed
        return Outcome(series_id, error=str(exc))
    for _, module in sources:
        try:
            with series_deadline(series_id):
                fetched = module.fetch(series_id, args.session)
            if errors:
                fallback = f"primary source failed: {errors[0]}"
                fetched = replace(fetched, provenance=replace(fetched.provenance, fallback=fallback))
            return save(fetched, args, registry)
        except (FetchError, ValidationError) as exc:
            errors.append(str(exc))
        except (DataFileError, OSError) as exc:  # writing data/ failed: the fallback cannot help
            return Outcome(series_id, error=f"{series_id}: could not save to {args.data_dir}: {exc}")
        except RecursionError:  # a parser met nesting too deep for it (fetch.http catches JSON's)
            source = source_label(series_id)
            errors.append(f"{series_id}: the answer is nested too deeply to parse ({source})")
    return Outcome(series_id, error=" | ".join(errors))


def _unreadable(series_id: str, paths: list[Path]) -> str | None:
    """Why these paths cannot be imported at all (missing, a folder, too large), or None."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        return f"{series_id}: no such file: {', '.join(missing)}"
    folders = [str(p) for p in paths if not p.is_file()]
    if folders:  # a folder (or a device) is no publisher's file: name it rather than "[Errno 21]"
        return f"{series_id}: not a file: {', '.join(folders)}"
    cap = http.answer_cap()  # the cap on a live answer (the largest publisher's) holds for a file too
    large = [f"{p} ({p.stat().st_size / 1e6:,.0f} MB)" for p in paths if p.stat().st_size > cap * 1e6]
    if large:
        return f"{series_id}: larger than {cap:g} MB (FETCH_MAX_BODY_MB), not read: " + ", ".join(large)
    return None


def run_import(series_id: str, args: argparse.Namespace, registry: Registry) -> Outcome:
    """A publisher's file, dated by the file or --released, its origin and notes from the options."""
    paths = [Path(p) for p in args.files]
    if problem := _unreadable(series_id, paths):
        return Outcome(series_id, error=problem)
    try:
        publisher = importer_for(series_id, paths)
        check_publisher(series_id, publisher, paths)
        fetched = adapter(publisher).import_files(series_id, paths)
        found = fetched.provenance
        released = args.released.isoformat() if args.released else found.source_updated
        if not released:
            raise FetchError(
                series_id, str(paths[0]), "the file carries no update date: pass --released YYYY-MM-DD"
            )
        source_file = dict(found.source_file or {})
        companions = source_file.pop("companions", None)
        if args.origin:
            origin = parse_origin(args.origin)
            if origin is None:
                raise FetchError(series_id, args.origin, f"--origin must look like {ORIGIN_FORM}")
            source_file.update(origin)
        if companions:
            source_file["companions"] = companions
        provenance = replace(
            found,
            released=released,
            released_basis=args.released_basis
            or ("publisher's update date in the file" if not args.released else ""),
            source_file=source_file,
            vintage_label=args.label or found.vintage_label,
            notes=join_notes(found.notes, args.notes),
        )
        return save(replace(fetched, provenance=provenance), args, registry)
    except (FetchError, ValidationError, DataFileError, OSError, ValueError) as exc:
        return Outcome(series_id, error=str(exc))
    except RecursionError:
        files = ", ".join(str(p) for p in paths)
        return Outcome(series_id, error=f"{series_id}: {files} is nested too deeply to parse")


def run_release(series_id: str, args: argparse.Namespace, registry: Registry) -> Outcome:
    """The WDI release asked for (or current on --as-of), saved as a vintage dated by its release."""
    session = args.session
    try:
        wdi_archive.require_archive(series_id)
        releases, list_url = wdi_archive.list_releases(session, series_id)
        if args.release:
            release = wdi_archive.find_release(releases, args.release, series_id)
        else:
            release = wdi_archive.release_as_of(releases, args.as_of, series_id)
        fetched = wdi_archive.fetch_release(series_id, session, release, releases[-1], list_url)
        outcome = save(fetched, args, registry)
    except (FetchError, ValidationError, DataFileError) as exc:
        return Outcome(series_id, error=str(exc))
    why = f"as of {args.as_of.isoformat()}" if args.as_of else "asked for"
    outcome.changes = f"WDI release {release.name} ({why}): {outcome.changes}"
    if release.id != releases[-1].id and outcome.changes.endswith("new series"):
        outcome.changes += (
            f" (current until a newer release is fetched; the archive's newest is {releases[-1].name})"
        )
    return outcome


def option_problem(args: argparse.Namespace, registry: Registry) -> str | None:
    """Why the options cannot be run as given (before any request or write), or None."""
    unknown = [s for s in args.series if s not in registry]
    if unknown:
        return f"[red]Unknown series: {escape(', '.join(unknown))}.[/red] Known: {', '.join(registry)}"
    if args.release and args.as_of:
        return "[red]give --release or --as-of, not both[/red]"
    if (args.release or args.as_of) and args.files:
        message = "--release/--as-of fetch a past release live; --from imports a file: use one or the other"
        return f"[red]{message}[/red]"
    if (args.release or args.as_of) and not args.series:
        example = "python -m fetch fertility_rate --as-of 2024-09-01"
        return f"[red]name the series to fetch a past release of, e.g. `{example}`[/red]"
    for option, folder in (("--data-dir", args.data_dir), ("--cache-dir", args.cache_dir)):
        if folder is not None and folder.exists() and not folder.is_dir():  # before any request
            return f"[red]{option} {escape(str(folder))} is a file, not a folder.[/red]"
    return None


@contextmanager
def writing(data_dir: Path, console: Console, rebuild: bool = False) -> Iterator[None]:
    """The one way a command opens the data folder for writing: refused (DataFileError) if it is
    read-only, or its manifest damaged or lost beside data files (``rebuild``: a lost one may be
    rebuilt); then under its lock, with what a crash left finished or removed."""
    if problem := writable_problem(data_dir):  # before any request
        raise DataFileError(
            f"{problem} Write into another folder with --data-dir, or make this one writable."
        )
    with data_lock(data_dir):
        (read_manifest if rebuild else check_manifest)(data_dir)  # refused, never replaced
        recovered = recover(data_dir).summary()
        if recovered:
            console.print(f"[yellow]{escape(str(data_dir))}: {recovered}.[/yellow]", soft_wrap=True)
        yield


def run_get(args: argparse.Namespace, registry: Registry) -> int:
    """The ``get`` command: check the options, then run the mode asked for under the data-folder lock."""
    console = Console(width=max(Console().width, 140))
    if problem := option_problem(args, registry):
        console.print(problem, soft_wrap=True)
        return 2
    try:
        if args.list:
            print_list(console, args.data_dir, registry)
            return 0
        if args.check:
            return run_check(console, args.data_dir, registry)
        with writing(args.data_dir, console, rebuild=args.relist):
            if args.relist:
                return run_relist(console, args.data_dir, registry)
            outcomes = _run_all(args, registry, console)
    except (DataLockedError, DataFileError) as exc:
        console.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)
        return 1
    print_summary(console, outcomes)
    if notice := unlisted_notice(args.data_dir):
        console.print(f"[yellow]{escape(notice)}[/yellow]", soft_wrap=True)
    failed = [o.series_id for o in outcomes if o.error]
    if failed:
        console.print(
            f"[red]{len(failed)} failed: {', '.join(failed)}; their previous files were kept.[/red]"
        )
        return 1
    return 0


def _run_all(args: argparse.Namespace, registry: Registry, console: Console) -> list[Outcome]:
    series = args.series or list(registry)
    run: Run = run_release if args.release or args.as_of else run_import if args.files else run_live
    args.session = None if run is run_import else make_session(args.cache_dir)
    if run is not run_live:
        return [run(series_id, args, registry) for series_id in series]
    return in_parallel(series, run_live, args, registry, console)
