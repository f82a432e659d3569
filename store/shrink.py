"""The shrink guard: a new current file must not silently lose Korea or a large share of the data.

A well-formed answer can still be far too small (a publisher's partial export, a filter gone wrong,
rows dropped by a decoding error); replacing the current file with it would lose data with exit 0.
"""

from __future__ import annotations

import os

import pandas as pd

from registry.groups import KOREA, country_name
from store.frame import ValidationError

MAX_SHRINK = float(os.environ.get("FETCH_MAX_SHRINK", "0.2"))  # share of rows or countries
ACCEPT_FLAG = "--accept-shrink"


class ShrinkError(ValidationError):
    """A new current file that would lose Korea or more than the allowed share of the old one."""


def _names(codes: list[str], limit: int = 5) -> str:
    shown = ", ".join(country_name(code) for code in codes[:limit])
    return shown + (f" and {len(codes) - limit} more" if len(codes) > limit else "")


def check_shrink(series_id: str, old: pd.DataFrame, new: pd.DataFrame, limit: float = MAX_SHRINK) -> None:
    """Raise ShrinkError naming what would be lost if ``new`` replaced ``old``."""
    old_codes, new_codes = set(old["country_code"]), set(new["country_code"])
    lost = sorted(old_codes - new_codes)
    reasons = []
    if KOREA in old_codes and KOREA not in new_codes:
        others = [code for code in lost if code != KOREA]
        reasons.append("Korea would be lost" + (f", and {_names(others)}" if others else ""))
    elif len(new_codes) < (1 - limit) * len(old_codes):
        reasons.append(f"{len(lost)} countries would be lost ({_names(lost)})")
    if len(new) < (1 - limit) * len(old):
        reasons.append(f"{len(old) - len(new):,} rows ({1 - len(new) / len(old):.0%}) would be lost")
    if reasons:
        raise ShrinkError(
            f"{series_id}: the new answer has {len(new):,} rows / {len(new_codes):,} countries, "
            f"the current file {len(old):,} / {len(old_codes):,}; {'; '.join(reasons)} "
            f"(more than {limit:.0%} less is refused). Nothing was written; pass {ACCEPT_FLAG} to accept it."
        )


def check_older_release(series_id: str, current: pd.DataFrame, release: pd.DataFrame) -> None:
    """Raise ShrinkError if an older release kept as a vintage lacks Korea while the current file has it.

    An older release never replaces the current file, but it is what "when written" verdicts read;
    one without Korea (a cut-off or filtered file) would turn them into "cannot check" silently.
    """
    if KOREA in set(current["country_code"]) and KOREA not in set(release["country_code"]):
        raise ShrinkError(
            f"{series_id}: this older release has {len(release):,} rows / "
            f"{release['country_code'].nunique():,} countries and no Korea, though the current file has it; "
            f"claims judged on the data public at its date would lose Korea. Nothing was written; pass "
            f"{ACCEPT_FLAG} to accept it."
        )
