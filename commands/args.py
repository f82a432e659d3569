"""Argument types every command shares, so a date or an origin is read, and refused, one way."""

from __future__ import annotations

import argparse
from datetime import date

from fetch import wdi_archive


def iso_date(text: str) -> date:
    """argparse type: an ISO date (``2024-09-01``)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2024-09-01, got {text!r}") from None


def past_date(text: str) -> date:
    """argparse type for --as-of and --released: an ISO date, not after today."""
    day = iso_date(text)
    if day > date.today():  # nothing was public then yet (and the release current then is unknown)
        raise argparse.ArgumentTypeError(f"{text} is in the future: use a date up to today")
    return day


def release_month(text: str) -> str:
    """argparse type for --release: ``2024-07`` -> ``202407``."""
    try:
        release = wdi_archive.release_id(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if release > date.today().strftime("%Y%m"):
        raise argparse.ArgumentTypeError(f"{text} is in the future: no such WDI release yet")
    return release
