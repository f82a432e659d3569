"""``python -m fetch``: the command line, argparse subcommands ``get`` (the default: fetch or import
series), ``add`` (register a series from a publisher's metadata), ``diff`` (compare two vintages),
``archive`` (import the OECD Time Use workbook's archived releases) and ``package`` (rewrite and
validate data/datapackage.json).

``python -m fetch SERIES…`` is ``python -m fetch get SERIES…``; a series whose id is a command word is
fetched with ``get`` spelled out, so no series id is reserved.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console

from commands import add, archive, diff, package
from commands.args import past_date, release_month
from commands.get import run_get
from commands.parallel import PARALLEL
from fetch import http
from registry.catalogue import Registry, current
from registry.model import RegistryError
from registry.publishers import publishers
from store.files import DEFAULT_DATA_DIR
from store.lock import LOCK_WAIT
from store.shrink import ACCEPT_FLAG, MAX_SHRINK

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
  python -m fetch get add                  fetch a series whose id is a command word
  python -m fetch diff pay_gap             what changed between the two newest vintages
  python -m fetch package                  rewrite and validate data/datapackage.json
  python -m fetch fertility_rate --as-of 2024-09-01   the WDI release current on that day, as a vintage
  python -m fetch add worldbank SG.GEN.PARL.ZS   add a World Bank indicator to series/
  python -m fetch archive unpaid_care_female unpaid_care_male --from OECD-time-use-database-updates.xlsx \\
      --origin owner/repo:path@commit      the OECD Time Use workbook's archived releases
  python -m fetch add worldbank SP.POP.TOTL --from Metadata_Indicator_API_SP.POP.TOTL_DS2_en_csv_v2_33112.csv
                                           the same, offline, from the bulk download's metadata file

A series that fails keeps its previous file; the others still update; the exit code is 1.
Series are fetched {parallel} at a time (FETCH_PARALLEL) and saved one by one in the order asked.
An answer that would lose Korea, or more than {max_shrink:.0%} of the current rows or countries, is
refused unless {accept_flag} is given. One run writes a data folder at a time: a second run waits
up to {lock_wait:g}s (FETCH_LOCK_WAIT), then names the run holding it.

limits (environment variables; defaults from the publishers' real answers, the largest a World Bank
API answer of about 4 MB, the OECD's 0.7 MB, OWID's 1.3 MB, KOSIS's 10 kB):
  FETCH_CONNECT_TIMEOUT={connect:g}   seconds to connect
  FETCH_READ_TIMEOUT={read:g}     seconds to wait for an answer to start
  FETCH_MIN_SPEED={min_speed:g}     bytes/s over FETCH_SPEED_WINDOW={window:g} seconds, from the first byte
                            (status line and headers included): a slower transfer is abandoned
  FETCH_REQUEST_DEADLINE={request:g}  seconds for a whole answer (the largest at 1 Mbit/s: 32 s)
  FETCH_SERIES_DEADLINE={series_deadline:g}   seconds for all of a series' requests
  FETCH_MAX_BODY_MB          decompressed size of an answer or file; default per publisher:
                            {caps}
  a line of CSV text longer than the publisher's max_line_kb (64 kB; the longest real line is
  1.4 kB) is refused before parsing; caps live in registry/publishers.toml.

the data folder: files the manifest does not list are never deleted; --check names them and
--relist lists them again from their content. A missing or damaged manifest is refused, a
read-only folder is never written.
"""


COMMANDS = ("get", "add", "diff", "archive", "package")


def build_parser(registry: Registry) -> argparse.ArgumentParser:
    """The command line; ``--help`` with no command is the ``get`` command's (the one most used)."""
    parser = argparse.ArgumentParser(prog="python -m fetch", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    get = commands.add_parser(
        "get",
        prog="python -m fetch",
        help="fetch or import series (the default command)",
        description="Fetch the dashboard's series from the publishers' APIs (or import their files), "
        "validate them and store them with their provenance in data/.",
        epilog=EPILOG.format(
            series=", ".join(registry),
            base_urls="\n  ".join(f"{p.base_url_variable}={p.base_url}" for p in publishers().values()),
            max_shrink=MAX_SHRINK,
            accept_flag=ACCEPT_FLAG,
            lock_wait=LOCK_WAIT,
            parallel=PARALLEL,
            connect=http.TIMEOUT[0],
            read=http.TIMEOUT[1],
            min_speed=http.MIN_SPEED,
            window=http.SPEED_WINDOW,
            request=http.REQUEST_DEADLINE,
            series_deadline=http.SERIES_DEADLINE,
            caps=", ".join(f"{p.id} {http.answer_cap(p):g} MB" for p in publishers().values()),
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    get_arguments(get)
    get.set_defaults(run=run_get)
    adding = commands.add_parser(
        "add",
        prog="python -m fetch add",
        help="add a World Bank indicator or an OECD dataflow's series to series/",
        description="Add a series to the registry (series/<id>.toml) from the publisher's own metadata.",
    )
    add.add_arguments(adding)
    adding.set_defaults(run=add.run_add)
    comparing = commands.add_parser(
        "diff",
        prog="python -m fetch diff",
        help="compare two vintages of a series",
        description="Compare two vintages of a series: country-years added, removed and revised, "
        "the largest revisions, and South Korea's. Default: the two newest vintages.",
    )
    diff.add_arguments(comparing, registry)
    comparing.set_defaults(run=diff.run_diff)
    archived = commands.add_parser(
        "archive",
        prog="python -m fetch archive",
        help="import the OECD Time Use workbook's archived releases",
        description="Save each archive sheet of the OECD Time Use workbook as a vintage of the series, "
        "dated by the workbook's 'Read me' update log.",
    )
    archive.add_arguments(archived)
    archived.set_defaults(run=archive.run_archive)
    packaging = commands.add_parser(
        "package",
        prog="python -m fetch package",
        help="rewrite and validate data/datapackage.json",
        description="Rewrite data/datapackage.json (a Frictionless Data Package) from the manifest and "
        "series/, after finishing any interrupted save, and validate it with Frictionless.",
    )
    package.add_arguments(packaging)
    packaging.set_defaults(run=package.run_package)
    return parser


def get_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("series", nargs="*", metavar="SERIES", help="series ids to fetch (default: all)")
    parser.add_argument(
        "--list", action="store_true", help="list the series with source, vintages and last fetch"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="check the data folder against its manifest and name the files it does not list (reads only)",
    )
    parser.add_argument(
        "--relist",
        action="store_true",
        help="list again, from their content, data files the manifest lost (undated: provenance is lost)",
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
        type=past_date,
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
        type=past_date,
        metavar="YYYY-MM-DD",
        help="fetch the WDI release current on this date (a release counts from the last day of its month)",
    )


def main(argv: list[str] | None = None) -> int:
    """Run a command; the series registry is read first, so a malformed file stops everything."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        registry = current(refresh=True)
    except RegistryError as exc:
        Console(stderr=True).print(str(exc), style="red", soft_wrap=True, markup=False, highlight=False)
        return 2
    if not argv or argv[0] not in COMMANDS:
        argv = ["get", *argv]  # the default command
    args = build_parser(registry).parse_args(argv)
    return args.run(args, registry)
