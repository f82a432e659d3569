"""What every page of the static site says about the site itself, and its published address."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.share import url_of


@dataclass(frozen=True)
class Site:
    """What every page's frame says: the site's name, the article, when and from what it was built."""

    name: str
    heading: str  # the article's title
    byline: str
    article_url: str
    built: str  # one sentence: when, and from which data
    base: str | None  # the published address, ending in "/"; None when not given
    indicators: bool = False
    deck: bool = False
    maps: bool = False  # the world outlines are shipped (assets/topojson.js)

    def url(self, path: str) -> str | None:
        return url_of(self.base, path) if self.base else None
