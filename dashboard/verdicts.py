"""Verdicts and claim-card charts, computed once per claims text and data version and shared by every
viewer (``st.cache_resource``): the Claims page and the presentation both read them from here.

The claims text is keyed by its digest and the data by its sha256s (``data_key``: a re-fetch changes them).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import streamlit as st

from claims.data import DataView
from claims.engine import judge_over_time
from claims.loader import parse_claims
from claims.model import ClaimsFile, TimedVerdict
from dashboard.evidence import claim_figures
from dashboard.figure import Prebuilt


def digest(claims_text: str) -> str:
    return hashlib.sha256(claims_text.encode("utf-8")).hexdigest()


@st.cache_resource(show_spinner=False, max_entries=16)
def parsed(_claims_text: str, claims_digest: str, source: str) -> ClaimsFile:
    return parse_claims(_claims_text, source)


@st.cache_resource(show_spinner=False, max_entries=16)
def data_view(data_dir: str, data_key: str, as_of: date | None) -> DataView:
    """The data as of a date, read once per data version and shared by every claim and viewer (what a
    check computes is kept in it too: a file of many claims repeats the same series and checks)."""
    return DataView(Path(data_dir), as_of)


# Shared by every viewer, never mutated (cache_resource: no copy per rerun).
@st.cache_resource(show_spinner=False, max_entries=256)
def judge_claim(
    _claims_text: str,
    claims_digest: str,
    source: str,
    data_dir: str,
    data_key: str,
    as_of: date | None,
    index: int,
) -> TimedVerdict:
    """One claim's verdicts when written (or as of a date) and now: one at a time, so the page can
    show the first card while the rest are judged."""
    claims = parsed(_claims_text, claims_digest, source)
    one = replace(claims, claims=(claims.checkable[index],))
    return judge_over_time(one, Path(data_dir), as_of, lambda day: data_view(data_dir, data_key, day))[0]


def judge(
    claims_text: str, source: str, data_dir: str, data_key: str, as_of: date | None = None
) -> list[TimedVerdict]:
    """Every checkable claim's verdicts (each cached by ``judge_claim``)."""
    key = digest(claims_text)
    count = len(parsed(claims_text, key, source).checkable)
    return [judge_claim(claims_text, key, source, data_dir, data_key, as_of, i) for i in range(count)]


@st.cache_resource(show_spinner=False, max_entries=256)
def card_charts(
    _claims_text: str,
    claims_digest: str,
    source: str,
    data_dir: str,
    data_key: str,
    as_of: date | None,
    index: int,
) -> list[tuple[int, Prebuilt]]:
    """A claim card's evidence charts, built once and shared by every viewer."""
    timed = judge_claim(_claims_text, claims_digest, source, data_dir, data_key, as_of, index)
    return [(i, Prebuilt(f)) for i, f in claim_figures(timed)]
