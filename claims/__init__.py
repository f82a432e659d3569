"""Claim checker: an article's data claims, judged against the tidy series in ``data/``.

Claims are data (a TOML file, see ``claims/op-ed.toml``); the engine recomputes every verdict
from whatever ``data/`` holds, so a re-fetch updates them and nothing is hard-coded.

Public API::

    from claims.loader import load_claims          # -> ClaimsFile
    from claims.engine import check_claims          # -> list[Verdict]
    from claims.engine import judge_over_time       # -> list[TimedVerdict] ("when written" and "now")
    from claims.claimreview import to_claimreview   # -> schema.org ClaimReview JSON-LD
"""
