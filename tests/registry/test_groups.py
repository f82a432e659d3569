"""How many of a group, as a sentence says it (registry/groups.py)."""

from __future__ import annotations

import pytest

from registry.groups import GROUPS, members_phrase


@pytest.mark.parametrize(
    ("group", "n", "said"),
    [("oecd", 1, "1 OECD member"), ("oecd", 38, "38 OECD members"), ("un", 1, "1 UN member state"),
     ("un", 2, "2 UN member states"), ("all", 1, "1 country"), ("all", 190, "190 countries")],
)  # fmt: skip
def test_one_member_is_singular_and_more_are_plural(group: str, n: int, said: str) -> None:
    assert group in GROUPS
    assert members_phrase(group, n) == said
