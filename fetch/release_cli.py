"""``python -m fetch SERIES --release YYYY-MM`` / ``--as-of YYYY-MM-DD``: a past WDI release as a vintage."""

from __future__ import annotations

import argparse
from datetime import date

import requests

from fetch import wdi_archive
from fetch.errors import FetchError
from fetch.summary import Outcome
from store.frame import ValidationError
from store.manifest import DataFileError


def release_month(text: str) -> str:
    """argparse type for --release: ``2024-07`` -> ``202407``."""
    try:
        release = wdi_archive.release_id(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if release > date.today().strftime("%Y%m"):
        raise argparse.ArgumentTypeError(f"{text} is in the future: no such WDI release yet")
    return release


def fetch_past_release(series_id: str, args: argparse.Namespace, session: requests.Session):
    """The release asked for (or current on ``--as-of``), saved as a vintage dated by its release."""
    from fetch.cli import _save  # fetch.cli imports this module to run a past release

    try:
        wdi_archive.require_archive(series_id)
        releases, list_url = wdi_archive.list_releases(session, series_id)
        if args.release:
            release = wdi_archive.find_release(releases, args.release, series_id)
        else:
            release = wdi_archive.release_as_of(releases, args.as_of, series_id)
        fetched = wdi_archive.fetch_release(series_id, session, release, releases[-1], list_url)
        outcome = _save(fetched, args.data_dir, args.accept_shrink)
    except (FetchError, ValidationError, DataFileError) as exc:
        return Outcome(series_id, error=str(exc))
    why = f"as of {args.as_of.isoformat()}" if args.as_of else "asked for"
    outcome.changes = f"WDI release {release.name} ({why}): {outcome.changes}"
    if release.id != releases[-1].id and outcome.changes.endswith("new series"):
        outcome.changes += (
            f" (current until a newer release is fetched; the archive's newest is {releases[-1].name})"
        )
    return outcome


def check_options(args: argparse.Namespace) -> str | None:
    """The reason the archive options cannot be combined as given, or None."""
    if args.release and args.as_of:
        return "give --release or --as-of, not both"
    if args.files:
        return "--release/--as-of fetch a past release live; --from imports a file: use one or the other"
    if not args.series:
        example = "python -m fetch fertility_rate --as-of 2024-09-01"
        return f"name the series to fetch a past release of, e.g. `{example}`"
    return None


def past_date(text: str) -> date:
    """argparse type for --as-of and --released: an ISO date, not after today."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2024-09-01, got {text!r}") from None
    if day > date.today():  # nothing was public then yet (and the release current then is unknown)
        raise argparse.ArgumentTypeError(f"{text} is in the future: use a date up to today")
    return day
