"""The one paging loop: every page of a paged answer, the rows counted against the total announced.

The World Bank's indicator API and its WDI Database Archives both page their answers (``page``,
``pages``, ``total`` in a header); a page lost on the way must fail the fetch, not shorten the series.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests

from fetch.errors import FetchError
from fetch.http import get
from registry.publishers import Publisher

Page = tuple[dict[str, Any], list[dict[str, Any]]]  # header (with int page and pages), rows


def check_total(series_id: str, where: str, counted: int, total: Any, what: str = "") -> None:
    """FetchError unless ``counted`` rows match the ``total`` announced (when one is)."""
    if total is not None and int(total) != counted:
        if what:  # saved pages: name the list and say what to do
            message = f"{what}: {counted} rows of {total} announced; pass every page"
            raise FetchError(series_id, where, message)
        raise FetchError(series_id, where, f"incomplete result: {counted} rows of {total} announced")


def all_pages(
    session: requests.Session,
    url: str,
    params: dict[str, Any],
    series_id: str,
    read_page: Callable[[requests.Response], Page],
    publisher: Publisher | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    """Every page of a query: the first page's header, all rows and the URLs requested."""
    rows: list[dict[str, Any]] = []
    urls: list[str] = []
    page, pages, first = 1, 1, {}
    while page <= pages:
        response = get(session, url, series_id, {**params, "page": page}, publisher)
        urls.append(response.url)
        header, page_rows = read_page(response)
        first = first or header
        pages = header["pages"]
        rows.extend(page_rows)
        page += 1
    check_total(series_id, url, len(rows), first.get("total"))
    return first, rows, urls
