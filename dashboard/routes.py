"""The app's pages in one list, read by the navigation, the Claims page's links, the deck and Explore.

Which series a page shows is not written here: it is each series file's ``page`` field (series/*.toml).
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

PAGES_DIR = "dashboard/pages"


@dataclass(frozen=True)
class Page:
    route: str  # the URL path, and the module's name in dashboard/pages/
    title: str  # as the navigation, links and slides name it
    icon: str

    @property
    def script(self) -> str:
        """The page's file, as ``st.Page`` and ``st.page_link`` take it."""
        return f"{PAGES_DIR}/{self.route}.py"


CLAIMS = Page("claims", "Claims", ":material/fact_check:")
PAGES: tuple[Page, ...] = (
    CLAIMS,
    Page("pay_gap", "Pay gap", ":material/payments:"),
    Page("births", "Births & fertility", ":material/child_care:"),
    Page("work", "Work", ":material/work:"),
    Page("unpaid_care", "Unpaid care", ":material/home:"),
    Page("explore", "Explore", ":material/explore:"),
    Page("compare", "Compare", ":material/scatter_plot:"),
    Page("sources", "Data & sources", ":material/description:"),
)
BY_ROUTE = {page.route: page for page in PAGES}


def page_of(route: str) -> Page | None:
    """The page at ``route`` (a series file's ``page`` field, a claim's ``page``), None if there is none."""
    return BY_ROUTE.get(route)


def link(page: Page, label: str, query: dict[str, str] | None = None) -> None:
    """A link to ``page`` that also works opened in a new tab; a plain link where no navigation is
    registered (a page run on its own, as the page tests do)."""
    try:
        st.page_link(page.script, label=label, icon=":material/arrow_forward:", query_params=query)
    except StreamlitPageNotFoundError:
        suffix = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
        st.markdown(f"[{label} →](/{page.route}{suffix})")
