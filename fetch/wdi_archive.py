"""The World Bank's WDI Database Archives (API source 57): every past release of a WDI series, live.

Quirks handled here (apis.md A.9): the answer is a different JSON dialect from the indicator API
(``source.data[].variable[]`` with Country/Time/Series/Version concepts); years must be listed one
by one (``YR2015;YR2016``), so a long list is split into several requests; a release that lacks the
series answers with an XML error page even when JSON was asked for; archived releases carry pre-ISO
country codes (``ROM``, ``KSV``...), sometimes beside the ISO code (the ISO row wins); release labels
are unreliable (``199309`` is labelled "1994 Sep"), so only the ``YYYYMM`` ids are trusted.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import requests

from fetch.common import Fetched, check_values, now_iso, to_tidy
from fetch.errors import FetchError
from fetch.http import get, json_body
from fetch.paging import Page, all_pages
from fetch.worldbank import PUBLISHER, WDI_SOURCE_ID, fetch_aggregates
from fetch.worldbank_formats import indicator_query
from registry.catalogue import current
from store.manifest import Provenance

SOURCE_ID = 57
PER_PAGE = 5000
FIRST_YEAR = 1960  # the WDI's first year
MAX_TIME_SEGMENT = 1400  # characters of "YR1960;YR1961;..." per request (the API allows 1,500)
LEGACY_CODES = {"ADO": "AND", "ZAR": "COD", "TMP": "TLS", "ROM": "ROU", "KSV": "XKX", "WBG": "PSE"}
RELEASE_ID = re.compile(r"^(\d{4})(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Release:
    """One WDI release in the archive: its ``YYYYMM`` id and the archive's (unreliable) label."""

    id: str
    label: str

    @property
    def name(self) -> str:
        return f"{self.id[:4]}-{self.id[4:]}"

    @property
    def public_by(self) -> date:
        """The last day of the release's month: the day within the month is unknown."""
        year, month = int(self.id[:4]), int(self.id[4:])
        return date(year, month, calendar.monthrange(year, month)[1])


def release_id(text: str) -> str:
    """``2024-07`` or ``202407`` -> ``202407``; ValueError with the expected form otherwise."""
    cleaned = re.sub(r"^(\d{4})-(\d{2})$", r"\1\2", text.strip())
    if not RELEASE_ID.match(cleaned):
        raise ValueError(f"expected a release month like 2024-07, got {text!r}")
    return cleaned


def has_archive(series_id: str) -> bool:
    """A registry series whose World Bank query is a WDI indicator (the archive keeps only the WDI)."""
    query = current().spec(series_id).query("worldbank")
    return query is not None and query.params["source_id"] == WDI_SOURCE_ID


def archived_series() -> list[str]:
    return [series_id for series_id in current() if has_archive(series_id)]


def _where(series_id: str) -> str:
    return f"python -m fetch {series_id} --from FILE --released YYYY-MM-DD --origin owner/repo:path@commit"


def require_archive(series_id: str) -> None:
    """Only World Bank WDI series have a live archive; the others are imported from a saved file."""
    if not has_archive(series_id):
        publisher = current().spec(series_id).info.publisher
        raise FetchError(
            series_id,
            "--release/--as-of",
            f"{publisher} keeps no archive of past releases that can be fetched live (only World Bank "
            f"WDI series can: {', '.join(archived_series())}); import a past release's file instead: "
            f"`{_where(series_id)}`",
        )


# --- the list of releases ----------------------------------------------------------------------


def list_releases(session: requests.Session, series_id: str) -> tuple[list[Release], str]:
    """Every release the archive holds, oldest first by id, and the URL asked."""
    url = f"{PUBLISHER.url()}/sources/{SOURCE_ID}/version"
    response = get(session, url, series_id, {"format": "json", "per_page": 1000}, PUBLISHER)
    body = json_body(response, series_id)
    try:
        variables = body["source"][0]["concept"][0]["variable"]
        releases = [Release(str(v["id"]), str(v.get("value", ""))) for v in variables]
    except (KeyError, IndexError, TypeError) as exc:
        raise FetchError(
            series_id, response.url, "unexpected list of releases: no source.concept.variable"
        ) from exc
    bad = [r.id for r in releases if not RELEASE_ID.match(r.id)]
    if bad or not releases:
        raise FetchError(series_id, response.url, f"unexpected release ids {bad[:5]} (expected YYYYMM)")
    return sorted(releases, key=lambda r: r.id), response.url


def release_as_of(releases: list[Release], as_of: date, series_id: str) -> Release:
    """The newest release public on ``as_of`` (a release counts from the last day of its month)."""
    public = [r for r in releases if r.public_by <= as_of]
    if not public:
        first = releases[0]
        raise FetchError(
            series_id,
            "WDI Database Archives",
            f"no WDI release was public by {as_of.isoformat()}: the first, {first.name}, counts from "
            f"{first.public_by.isoformat()}",
        )
    return public[-1]


def find_release(releases: list[Release], wanted: str, series_id: str) -> Release:
    found = next((r for r in releases if r.id == wanted), None)
    if found is None:
        near = sorted(releases, key=lambda r: abs(int(r.id) - int(wanted)))[:3]
        raise FetchError(
            series_id,
            "WDI Database Archives",
            f"release {wanted[:4]}-{wanted[4:]} is not in the archive; nearest: "
            f"{', '.join(r.name for r in sorted(near, key=lambda r: r.id))}",
        )
    return found


# --- one series from one release ---------------------------------------------------------------


def year_chunks(first: int, last: int, limit: int | None = None) -> list[str]:
    """``YR1960;YR1961;...`` split so that no time segment is longer than ``limit`` characters."""
    limit = limit or MAX_TIME_SEGMENT
    chunks: list[str] = []
    current: list[str] = []
    for year in range(first, last + 1):
        token = f"YR{year}"
        if current and len(";".join([*current, token])) > limit:
            chunks.append(";".join(current))
            current = []
        current.append(token)
    if current:
        chunks.append(";".join(current))
    return chunks


def data_url(indicator: str, release: str, years: str) -> str:
    root = PUBLISHER.url()
    return f"{root}/sources/{SOURCE_ID}/country/all/series/{indicator}/version/{release}/time/{years}"


def _xml_error(text: str, release: Release, indicator: str, series_id: str, url: str) -> FetchError:
    """The archive's XML error page (sent even for format=json), as a message naming the release."""
    message = re.search(r"<wb:message[^>]*?id=\"([^\"]*)\"[^>]*?key=\"([^\"]*)\"[^>]*>([^<]*)<", text)
    detail = f"{message.group(1)} {message.group(2)} {message.group(3).strip()}" if message else text[:200]
    if message or re.search(r"not found|not valid", text, re.IGNORECASE):
        return FetchError(
            series_id,
            url,
            f"WDI release {release.name} does not hold {indicator} (the archive answered: {detail}); "
            "availability varies by series and release, try a neighbouring release",
        )
    return FetchError(series_id, url, f"expected JSON but the archive sent XML: {text[:200]!r}")


def _rows_of(body: Any, series_id: str, url: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    if not isinstance(body, dict):
        raise FetchError(series_id, url, "unexpected archive answer: expected a JSON object")
    try:
        header = {**body, "page": int(body["page"]), "pages": int(body["pages"])}
    except (KeyError, TypeError, ValueError) as exc:
        raise FetchError(series_id, url, "unexpected archive answer: no page/pages") from exc
    data = (body.get("source") or {}).get("data") if isinstance(body.get("source"), dict) else None
    if data is None:
        data = []
    if not isinstance(data, list):
        raise FetchError(series_id, url, "unexpected archive answer: source.data is not a list")
    return header, data


def fetch_pages(
    session: requests.Session, series_id: str, indicator: str, release: Release, years: str
) -> tuple[list[dict[str, Any]], list[str], str | None]:
    """Every page of one request; returns rows, URLs asked and the archive's ``lastupdated``."""

    def read_page(response: requests.Response) -> Page:
        text = response.text.lstrip("\ufeff \r\n\t")
        if text.startswith("<") and not text[:200].lower().startswith(("<!doctype html", "<html")):
            raise _xml_error(text, release, indicator, series_id, response.url)
        return _rows_of(json_body(response, series_id), series_id, response.url)

    url = data_url(indicator, release.id, years)
    header, rows, urls = all_pages(
        session, url, {"format": "json", "per_page": PER_PAGE}, series_id, read_page, PUBLISHER
    )
    return rows, urls, header.get("lastupdated")


def parse_rows(
    rows: list[dict[str, Any]], indicator: str, release: Release, series_id: str, where: str
) -> pd.DataFrame:
    """Archive rows -> raw (country_code, year, value), legacy codes mapped, the ISO row kept."""
    records = []
    for row in rows:
        try:
            concepts = {v["concept"]: v for v in row["variable"]}
            country, time = concepts["Country"]["id"], concepts["Time"]["id"]
            series, version = concepts["Series"]["id"], concepts["Version"]["id"]
            value = row["value"]
        except (KeyError, TypeError) as exc:
            raise FetchError(
                series_id, where, f"unexpected archive row, missing {exc}: {str(row)[:200]}"
            ) from exc
        if series != indicator or str(version) != release.id:
            raise FetchError(
                series_id,
                where,
                f"the archive answered with {series} of release {version}, not {indicator} of {release.id}",
            )
        year = re.fullmatch(r"YR(\d{4})", str(time))
        if not year:
            raise FetchError(series_id, where, f"unexpected time id {time!r} (expected YRyyyy)")
        records.append(
            (LEGACY_CODES.get(country, country), int(year.group(1)), value, country in LEGACY_CODES)
        )
    frame = pd.DataFrame(records, columns=["country_code", "year", "value", "legacy"])
    # A legacy code and its ISO successor can both appear (ADO and AND): keep the ISO row.
    frame = frame.sort_values("legacy", kind="stable").drop_duplicates(["country_code", "year"])
    return frame[["country_code", "year", "value"]]


def fetch_release(
    series_id: str, session: requests.Session, release: Release, newest: Release, list_url: str
) -> Fetched:
    """One WDI series as ``release`` published it, aggregates dropped as in the current fetch."""
    indicator = indicator_query(series_id)[0]
    aggregates, country_urls = fetch_aggregates(session, series_id)
    rows: list[dict[str, Any]] = []
    urls: list[str] = [list_url, *country_urls]
    updated = None
    for years in year_chunks(FIRST_YEAR, int(release.id[:4])):
        chunk, chunk_urls, chunk_updated = fetch_pages(session, series_id, indicator, release, years)
        rows.extend(chunk)
        urls.extend(chunk_urls)
        updated = updated or chunk_updated
    where = data_url(indicator, release.id, "…")
    frame = to_tidy(parse_rows(rows, indicator, release, series_id, where), aggregates)
    check_values(series_id, frame, where, [f"WDI release {release.name} holds no country values"])
    later = "the newest release in the archive" if release.id == newest.id else f"newest is {newest.name}"
    notes = f"WDI Database Archives release {release.id} ({later})"
    if updated:
        notes += f"; the archive's lastupdated {updated} is the archive's own date, not the release's"
    return Fetched(
        series_id,
        frame,
        Provenance(
            method="api",
            retrieved=now_iso(),
            released=release.public_by.isoformat(),
            released_basis=(
                f"WDI release {release.id}: counted as public from the last day of its month "
                "(the day within the month is unknown)"
            ),
            urls=tuple(urls),
            vintage_label=f"World Bank WDI release {release.name} (WDI Database Archives)",
            notes=notes,
        ),
    )
