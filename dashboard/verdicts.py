"""Verdicts and claim-card charts, computed once per claims text and data version and shared by every
viewer (``st.cache_resource``): the Claims page and the presentation both read them from here.

The claims text is keyed by its digest and the data by its sha256s (``data_key``: a re-fetch changes them).
The op-ed's own verdicts are also kept on disk (dashboard/verdict_store.py), so a new server process
shows them without judging again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import streamlit as st

from claims.data import DataView
from claims.engine import judge_over_time
from claims.loader import DEFAULT_CLAIMS, parse_claims
from claims.model import ClaimsFile, TimedVerdict
from dashboard import verdict_store
from dashboard.evidence import claim_figures
from dashboard.figure import Prebuilt
from dashboard.verdict_store import Judged, digest


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
    """Every checkable claim's verdicts (each cached by ``judge_claim``, the op-ed's stored on disk)."""
    if as_of is None and (stored := shared_judgement(claims_text, data_dir)) is not None:
        return list(stored.timed)
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


def shared_judgement(claims_text: str, data_dir: str) -> Judged | None:
    """The op-ed's verdicts and card charts on the newest data, from disk or judged once and stored; None
    for any other claims text (an upload is judged claim by claim, in memory)."""
    try:
        shipped = verdict_store.shipped_text()
    except OSError:
        return None
    if claims_text != shipped:
        return None
    return _stored(claims_text, data_dir, verdict_store.store_key(claims_text, Path(data_dir)))


@st.cache_resource(show_spinner=False, max_entries=4)
def _stored(_claims_text: str, data_dir: str, store_key: str) -> Judged:
    """Read from disk, or judged and drawn here and written for the next process."""
    judged = verdict_store.load(store_key)
    if judged is not None:
        if verdict_store.load(store_key, "front") is None:  # damaged or lost: the front page reads it
            verdict_store.save(store_key, judged)
        return judged
    claims = parse_claims(_claims_text, DEFAULT_CLAIMS.name)
    views: dict[date | None, DataView] = {}

    def view(day: date | None) -> DataView:
        if day not in views:
            views[day] = DataView(Path(data_dir), day)
        return views[day]

    timed = tuple(judge_over_time(claims, Path(data_dir), None, view))
    charts = tuple(tuple(claim_figures(t)) for t in timed)
    judged = Judged(claims, timed, charts)
    verdict_store.save(store_key, judged)
    return judged
