"""``python -m fetch``: fetch or import series into data/, with progress and a summary table."""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

from fetch.common import Fetched, join_notes, now_iso
from fetch.errors import FetchError
from fetch.http import BASE_URL_DEFAULTS, make_session, series_deadline
from fetch.release_cli import as_of_date, check_options, fetch_past_release, release_month
from fetch.sources import FALLBACK, PRIMARY, importer_for, source_label
from tidy.catalog import SERIES
from tidy.diff import compare
from tidy.locking import LOCK_WAIT, DataLockedError, data_lock
from tidy.recovery import recover
from tidy.registry import RegistryError, load
from tidy.schema import ValidationError
from tidy.shrink import ACCEPT_FLAG, MAX_SHRINK
from tidy.store import (
    DEFAULT_DATA_DIR,
    DataFileError,
    Provenance,
    current_vintage,
    read_manifest,
    read_series,
    save_series,
)

EPILOG = """
series: {series}

base URLs (environment variables, for mirrors and proxies):
  {base_urls}

examples:
  python -m fetch                          fetch every series live
  python -m fetch pay_gap births           fetch only these
  python -m fetch --list                   series, sources, vintages and last fetch
  python -m fetch fertility_rate --from API_SP.DYN.TFRT.IN_DS2_en_csv_v2_1.csv \\
      --from Metadata_Country_API_SP.DYN.TFRT.IN_DS2_en_csv_v2_1.csv \\
      --origin owner/repo:path@commit      import a publisher's bulk download
  python -m fetch diff pay_gap             what changed between the two newest vintages
  python -m fetch fertility_rate --as-of 2024-09-01   the WDI release current on that day, as a vintage
  python -m fetch add worldbank SG.GEN.PARL.ZS   add a World Bank indicator to series/

A series that fails keeps its previous file; the others still update; the exit code is 1.
An answer that would lose Korea, or more than {max_shrink:.0%} of the current rows or countries, is
refused unless {accept_flag} is given. One run writes a data folder at a time: a second run waits
up to {lock_wait:g}s (FETCH_LOCK_WAIT), then names the run holding it. Each request must finish
within FETCH_REQUEST_DEADLINE seconds, each series within FETCH_SERIES_DEADLINE, and an answer may
not decompress to more than FETCH_MAX_BODY_MB megabytes.
"""

ORIGIN = re.compile(r"^(?P<repository>[\w.-]+/[\w.-]+):(?P<path>.+)@(?P<commit>[0-9a-f]{40})$")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m fetch",
        description="Fetch the dashboard's series from the publishers' APIs (or import their files), "
        "validate them and store them with their provenance in data/.",
        epilog=EPILOG.format(
            series=", ".join(SERIES),
            base_urls="\n  ".join(f"{k}={v}" for k, v in BASE_URL_DEFAULTS.items()),
            max_shrink=MAX_SHRINK,
            accept_flag=ACCEPT_FLAG,
            lock_wait=LOCK_WAIT,
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("series", nargs="*", metavar="SERIES", help="series ids to fetch (default: all)")
    parser.add_argument(
        "--list", action="store_true", help="list the series with source, vintages and last fetch"
    )
    parser.add_argument(
        "--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="where to write (default: data/)"
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        help="cache HTTP responses on disk here for a day (for analysts re-running fetches)",
    )
    parser.add_argument(
        ACCEPT_FLAG,
        action="store_true",
        help=f"accept an answer that loses Korea or more than {MAX_SHRINK * 100:.0f}%% of the current "
        "series' rows or countries (refused by default, naming what would be lost)",
    )
    imports = parser.add_argument_group("importing a publisher's file instead of fetching live")
    imports.add_argument(
        "--from",
        dest="files",
        type=Path,
        action="append",
        metavar="FILE",
        help="a publisher's bulk download or export; repeat for companion files "
        "(World Bank Metadata_Country_*.csv, OECD Time Use workbook, OWID .metadata.json)",
    )
    imports.add_argument("--origin", help="where the file was published or found: owner/repo:path@commit")
    imports.add_argument(
        "--released",
        type=date.fromisoformat,
        help="date the file was public by (YYYY-MM-DD); default: the publisher's update date in the file",
    )
    imports.add_argument(
        "--released-basis", default="", help="why that date, e.g. 'export timestamp in file name'"
    )
    imports.add_argument("--label", default="", help="vintage label, e.g. 'UN WPP 2022'")
    imports.add_argument(
        "--notes", default="", help="anything a reader of the manifest should know about the file"
    )
    past = parser.add_argument_group(
        "past releases of World Bank WDI series, live from the WDI Database Archives "
        "(each kept as a vintage dated by its release)"
    )
    past.add_argument("--release", type=release_month, metavar="YYYY-MM", help="fetch this WDI release")
    past.add_argument(
        "--as-of",
        type=as_of_date,
        metavar="YYYY-MM-DD",
        help="fetch the WDI release current on this date (a release counts from the last day of its month)",
    )
    return parser


@dataclass
class Outcome:
    series_id: str
    fetched: Fetched | None = None
    error: str | None = None
    changes: str = ""
    new_vintage: bool = False


def _save(fetched: Fetched, data_dir: Path, accept_shrink: bool = False) -> Outcome:
    result = save_series(
        data_dir,
        fetched.series_id,
        fetched.frame,
        fetched.provenance,
        shrink_limit=None if accept_shrink else MAX_SHRINK,
    )
    current = current_vintage(read_manifest(data_dir)["series"][fetched.series_id])
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
    try:
        module = importer_for(series_id, paths)
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


def print_list(console: Console, data_dir: Path) -> None:
    manifest = read_manifest(data_dir)
    table = Table(title=f"Series in {data_dir}", show_lines=True)
    for column in ("series", "source", "current", "vintages: released · label · years", "last fetch"):
        table.add_column(column, overflow="fold")
    for series_id in SERIES:
        entry = manifest["series"].get(series_id)
        if not entry:
            table.add_row(series_id, source_label(series_id), "missing", "", "never")
            continue
        vintages = "\n".join(
            f"{'*' if v is current_vintage(entry) else ' '} {v.get('released', 'undated')} · "
            f"{v.get('label', '')} · {v.get('year_min', '?')}-{v.get('year_max', '?')}"
            for v in entry.get("vintages", [])
        )
        current = (
            f"{entry.get('rows')} rows, {entry.get('countries')} countries, "
            f"{entry.get('year_min')}-{entry.get('year_max')}"
        )
        fetched = f"{entry.get('retrieved', 'unknown')} ({entry.get('method', '?')})"
        table.add_row(series_id, source_label(series_id), current, vintages, fetched)
    console.print(table)
    console.print(
        "* = current vintage (the one the app reads). Compare two with `python -m fetch diff SERIES`."
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
            outcome.changes,
        )
    console.print(table)
    for outcome in outcomes:
        fetched = outcome.fetched
        if fetched is not None and fetched.provenance.fallback:
            reason = fetched.provenance.fallback
            console.print(f"[yellow]{outcome.series_id} via fallback:[/yellow] {reason}", soft_wrap=True)
        for warning in fetched.warnings if fetched is not None else ():
            console.print(f"[yellow]{outcome.series_id}:[/yellow] {warning}", soft_wrap=True)
        if outcome.error:
            console.print(f"[red]{outcome.series_id} failed:[/red] {outcome.error}", soft_wrap=True)


def run(args: argparse.Namespace, console: Console) -> list[Outcome]:
    """Fetch or import every series asked for; call only while holding the data-folder lock."""
    recovered = recover(args.data_dir).summary()
    if recovered:
        console.print(f"[yellow]{args.data_dir}: {recovered}.[/yellow]")
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
            console.print(f"{mark} {series_id}: {'failed' if outcome.error else outcome.changes}")
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
        console.print(f"[red]Unknown series: {', '.join(unknown)}.[/red] Known: {', '.join(SERIES)}")
        return 2
    if (args.release or args.as_of) and (problem := check_options(args)):
        console.print(f"[red]{problem}[/red]")
        return 2
    try:
        if args.list:
            print_list(console, args.data_dir)
            return 0
        with data_lock(args.data_dir):
            outcomes = run(args, console)
    except DataLockedError as exc:
        console.print(f"[red]{exc}[/red]", soft_wrap=True)
        return 1
    except DataFileError as exc:
        console.print(f"[red]{exc}[/red]")
        return 1
    print_summary(console, outcomes)
    failed = [o.series_id for o in outcomes if o.error]
    if failed:
        console.print(
            f"[red]{len(failed)} failed: {', '.join(failed)}; their previous files were kept.[/red]"
        )
        return 1
    return 0
