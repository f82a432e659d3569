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

from fetch.common import Fetched, now_iso
from fetch.errors import FetchError
from fetch.http import BASE_URL_DEFAULTS, make_session
from fetch.sources import FALLBACK, PRIMARY, importer_for, source_label
from tidy.catalog import SERIES
from tidy.diff import compare
from tidy.registry import RegistryError, load
from tidy.schema import ValidationError
from tidy.store import DEFAULT_DATA_DIR, DataFileError, Provenance, read_manifest, save_series

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
  python -m fetch add worldbank SG.GEN.PARL.ZS   add a World Bank indicator to series/

A series that fails keeps its previous file; the others still update; the exit code is 1.
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
    return parser


@dataclass
class Outcome:
    series_id: str
    fetched: Fetched | None = None
    error: str | None = None
    changes: str = ""
    new_vintage: bool = False


def _save(fetched: Fetched, data_dir: Path) -> Outcome:
    result = save_series(data_dir, fetched.series_id, fetched.frame, fetched.provenance)
    changes = (
        compare(result.previous, fetched.frame).summary() if result.previous is not None else "new series"
    )
    current = read_manifest(data_dir)["series"][fetched.series_id]["sha256"]
    if result.sha256 != current:  # an older release than the current vintage (unchanged or not)
        changes = "kept as an older vintage"
    return Outcome(fetched.series_id, fetched, changes=changes, new_vintage=result.new_vintage)


def fetch_one(series_id: str, session, data_dir: Path) -> Outcome:
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
            fetched = module.fetch(series_id, session)
            if errors:
                fetched = Fetched(
                    series_id,
                    fetched.frame,
                    Provenance(
                        **{**fetched.provenance.__dict__, "fallback": f"primary source failed: {errors[0]}"}
                    ),
                )
            return _save(fetched, data_dir)
        except (FetchError, ValidationError) as exc:
            errors.append(str(exc))
    return Outcome(series_id, error=" | ".join(errors))


def import_one(series_id: str, args: argparse.Namespace) -> Outcome:
    paths = [Path(p) for p in args.files]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        return Outcome(series_id, error=f"no such file: {', '.join(missing)}")
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
            notes="; ".join(note for note in (details.get("notes", ""), args.notes) if note),
        )
        return _save(Fetched(series_id, frame, provenance), args.data_dir)
    except (FetchError, ValidationError, DataFileError, OSError, ValueError) as exc:
        return Outcome(series_id, error=str(exc))


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
            f"{'*' if v['sha256'] == entry['sha256'] else ' '} {v['released']} · {v['label']} · "
            f"{v['year_min']}-{v['year_max']}"
            for v in entry["vintages"]
        )
        current = (
            f"{entry['rows']} rows, {entry['countries']} countries, {entry['year_min']}-{entry['year_max']}"
        )
        table.add_row(
            series_id, source_label(series_id), current, vintages, f"{entry['retrieved']} ({entry['method']})"
        )
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
        if outcome.error:
            console.print(f"[red]{outcome.series_id} failed:[/red] {outcome.error}", soft_wrap=True)


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
    try:
        if args.list:
            print_list(console, args.data_dir)
            return 0
        series = args.series or list(SERIES)
        if args.files:
            outcomes = [import_one(series_id, args) for series_id in series]
        else:
            outcomes = []
            session = make_session(args.cache_dir)
            with console.status("") as status:
                for number, series_id in enumerate(series, 1):
                    status.update(
                        f"[{number}/{len(series)}] fetching {series_id} from {source_label(series_id)}…"
                    )
                    outcome = fetch_one(series_id, session, args.data_dir)
                    mark = "[red]✗[/red]" if outcome.error else "[green]✓[/green]"
                    console.print(f"{mark} {series_id}: {'failed' if outcome.error else outcome.changes}")
                    outcomes.append(outcome)
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
