"""``python -m claims``: every verdict for analysts, when written and now, as a table or JSON.

Read-only: it writes nothing unless ``--save`` stores the verdicts for the next run to compare with.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from claims.claimreview import export, export_problems
from claims.engine import judge_over_time
from claims.fields import is_web_url
from claims.history import HISTORY, changes, load_history, save_history
from claims.loader import DEFAULT_CLAIMS, ClaimsFileError, load_claims
from claims.model import ClaimsFile, Label, TimedVerdict
from commands.args import iso_date
from registry.catalogue import current
from registry.model import RegistryError
from store.files import data_dir_from_env
from store.folder import writable_problem
from store.integrity import check_folder
from store.manifest import DataFileError

STYLES = {
    Label.SUPPORTED: "bold green",
    Label.PARTLY: "bold yellow",
    Label.NOT_SUPPORTED: "bold red",
    Label.CANNOT_CHECK: "dim",
    Label.NOT_KEPT: "dim",
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m claims",
        description="Check an article's claims against data/, when written and with the newest data.",
    )
    p.add_argument(
        "--claims", type=Path, default=DEFAULT_CLAIMS, help="claims file (TOML); default: the op-ed's"
    )
    p.add_argument(
        "--data-dir", type=Path, default=None, help="data folder (default: $DASHBOARD_DATA_DIR or data/)"
    )
    p.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="DATE",
        help="judge with the data published by DATE (YYYY-MM-DD), not the article's date",
    )
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the verdicts as JSON")
    out.add_argument(
        "--claimreview",
        action="store_true",
        help="print schema.org ClaimReview JSON-LD (needs --review-url)",
    )
    p.add_argument(
        "--review-url",
        type=_url_arg,
        default=None,
        metavar="URL",
        help="the address of the page that publishes the reviews (Google requires it in ClaimReview)",
    )
    p.add_argument("--verbose", "-v", action="store_true", help="also print rules, caveats and sources")
    p.add_argument(
        "--save",
        action="store_true",
        help="store this run's verdicts in data/verdicts.json, so the next run lists what changed "
        "(without it, nothing is written)",
    )
    p.add_argument("--no-save", action="store_true", help=argparse.SUPPRESS)  # once needed; kept for scripts
    return p


def _url_arg(text: str) -> str:
    if not is_web_url(text):
        raise argparse.ArgumentTypeError(f"expected an absolute http(s) address, got {text!r}")
    return text


def main(argv: list[str] | None = None) -> int:
    cli = parser()
    args = cli.parse_args(argv)
    if args.claimreview and args.review_url is None:
        cli.error(
            "--claimreview needs --review-url URL: Google's fact-check structured data requires the "
            "address of the page that publishes the reviews"
        )
    data_dir = args.data_dir if args.data_dir is not None else data_dir_from_env()
    err = Console(stderr=True)
    try:
        current(refresh=True)  # the series registry, read once for the claims file and the checks
        claims = load_claims(args.claims)
        timed = judge_over_time(claims, data_dir, args.as_of)
    except ClaimsFileError as exc:
        err.print(f"[red]Claims file error:[/red] {escape(str(exc))}", highlight=False)
        return 2
    except RegistryError as exc:
        err.print(f"[red]Series registry error:[/red] {escape(str(exc))}", highlight=False)
        return 2
    except DataFileError as exc:
        err.print(f"[red]Data error:[/red] {escape(str(exc))}", highlight=False)
        return 1
    for problem in check_folder(data_dir):  # the app warns about these too: say so before the verdicts
        err.print(f"[yellow]Warning:[/yellow] {escape(problem)}", highlight=False)
    previous = load_history(data_dir)
    changed = changes(previous, timed, claims.source, compare_then=args.as_of is None)
    if args.save and args.as_of is None:  # read-only unless asked: a check must not change data/
        _save(err, data_dir, previous, timed, claims.source)
    if args.claimreview:
        reviews = export(timed, claims, review_url=args.review_url)
        for problem in export_problems(reviews):
            err.print(f"[yellow]ClaimReview:[/yellow] {escape(problem)}", highlight=False)
        print(json.dumps(reviews, indent=2, ensure_ascii=False))
    elif args.json:
        print(json.dumps(as_json(claims, timed, changed), indent=2, ensure_ascii=False))
    else:
        print_report(Console(), claims, timed, changed, args.verbose)
    return 0


def _save(
    err: Console, data_dir: Path, previous: dict[str, Any], timed: list[TimedVerdict], source: str
) -> None:
    """Store the verdicts for the next run's comparison, unless the folder cannot take them: a
    read-only folder is never written (said, not failed: the verdicts are still shown)."""
    problem = writable_problem(data_dir)
    try:
        if problem is None:
            save_history(data_dir, previous, timed, source)
    except (OSError, DataFileError) as exc:
        problem = f"{data_dir / HISTORY} could not be written ({getattr(exc, 'strerror', None) or exc})."
    if problem:
        note = f"{problem} This run's verdicts were not stored (run without --save to leave data/ alone)."
        err.print(f"[yellow]Not saved:[/yellow] {escape(note)}", highlight=False)


def as_json(claims: ClaimsFile, timed: list[TimedVerdict], changed: list[str]) -> dict[str, Any]:
    return {
        "article": {"title": claims.article.title, "published": claims.article.published.isoformat()},
        "claims_file": claims.source,
        "verdicts": [t.as_dict() for t in timed],
        "context": [{"id": c.id, "quote": c.quote, "note": c.note} for c in claims.context],
        "changed_since_last_run": changed,
    }


def _badge(label: Label) -> str:
    return f"[{STYLES[label]}]{label.value}[/]"


def print_report(
    console: Console, claims: ClaimsFile, timed: list[TimedVerdict], changed: list[str], verbose: bool
) -> None:
    then_label = timed[0].then_label if timed else "when written"
    title = f"{claims.article.title} ({claims.article.published.isoformat()})"
    table = Table(title=escape(title), show_lines=True)
    table.add_column("claim", style="bold", max_width=24)
    table.add_column(then_label, max_width=14)
    table.add_column("now", max_width=14)
    table.add_column("evidence (newest data)", ratio=1)
    for t in timed:
        table.add_row(
            f"{t.claim.id}\n[dim]“{escape(t.claim.quote)}”[/]",
            _badge(t.then.label),
            _badge(t.now.label),
            escape(t.now.evidence),
        )
    console.print(table)
    differing = [t for t in timed if t.summary]
    if differing:
        console.print(f"\n[bold]{then_label.capitalize()} vs now[/bold]")
        for t in differing:
            console.print(f"• {t.claim.id}: {escape(t.summary)}", highlight=False)
    if verbose:
        for t in timed:
            console.print(f"\n[bold]{t.claim.id}[/bold]")
            for line in [*t.now.rules, *t.now.all_caveats]:
                console.print(f"  - {escape(line)}", highlight=False)
            for source in dict.fromkeys(s.describe() for s in t.now.sources):
                console.print(f"  source: {escape(source)}", highlight=False)
    console.print(
        f"\n{len(claims.context)} statements are context, not checkable with these data (see --json)."
    )
    if changed:
        console.print("\n[bold]Changed since the last run[/bold]")
        for line in changed:
            console.print(f"• {escape(line)}", highlight=False)


def run() -> None:
    try:
        sys.exit(main())
    except BrokenPipeError:  # piped into `head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # as Python's docs advise
        sys.exit(1)
