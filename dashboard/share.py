"""Where the static site (``python -m publish``) puts each page, and where it is published.

One home for the site's addresses: the site writes its files at these paths and the app's claim cards
link to them ("share this verdict"), so a link from the app always names a page the site has. The
published address comes from ``$PUBLISH_BASE_URL`` (the same setting ``python -m publish`` reads).
"""

from __future__ import annotations

import os
from urllib.parse import quote

from claims.fields import is_web_url

BASE_URL_ENV = "PUBLISH_BASE_URL"
HOW_TO_PUBLISH = (
    "To share a verdict as a page of its own, build the static site with "
    "`python -m publish site/ --base-url https://your.host/path/`, put the folder on any static host, "
    f"and set {BASE_URL_ENV} to that address before starting the app: each card then links its page."
)


class BaseUrlError(ValueError):
    """A published address that is not an absolute http(s) URL."""


def normal_base(url: str) -> str:
    """``url`` checked (absolute http or https, no query or fragment) and ending in one slash."""
    url = url.strip()
    if not is_web_url(url) or "?" in url or "#" in url:
        raise BaseUrlError(
            f"the site's address must be an absolute http(s) URL without ? or #, got {url[:200]!r}"
        )
    return url.rstrip("/") + "/"


def base_url() -> str | None:
    """The published site's address from ``$PUBLISH_BASE_URL``; None when unset or not a web address."""
    raw = os.environ.get(BASE_URL_ENV, "").strip()
    if not raw:
        return None
    try:
        return normal_base(raw)
    except BaseUrlError:
        return None


def claim_path(claim_id: str) -> str:
    """The claim's page in the site (claim ids are letters, digits, '-', '_' and '.': safe names)."""
    return f"claims/{quote(claim_id)}.html"


def embed_path(claim_id: str) -> str:
    """The small card of the verdict another site shows in an ``<iframe>``."""
    return f"embed/{quote(claim_id)}.html"


def preview_path(claim_id: str) -> str:
    """The claim's 1200×630 share preview (Open Graph and Twitter card image)."""
    return f"previews/{quote(claim_id)}.png"


def indicator_path(series_id: str) -> str:
    return f"indicators/{quote(series_id)}.html"


def url_of(base: str, path: str) -> str:
    """A site path's published address."""
    return normal_base(base) + path
