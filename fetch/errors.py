"""The one error a fetch raises: it names the series and the URL or file so a user can act on it."""

from __future__ import annotations


class FetchError(Exception):
    def __init__(self, series_id: str, where: str, message: str) -> None:
        super().__init__(f"{series_id}: {message} ({where})")
        self.series_id = series_id
        self.where = where
        self.message = message
