"""Entry point: the page router and the frame shared by every page (presentation mode, header).

Run with ``streamlit run app.py``. Each page lives in dashboard/pages/; the Claims page is the front.
"""

from __future__ import annotations

import streamlit as st

from dashboard.routes import CLAIMS, PAGES


def claims_pages() -> list[st.Page]:
    """The front page, also at its own address (/claims, the target of every link to a claim's card).

    Streamlit serves the default page only at the root, so /claims is a second, hidden entry that runs
    the same page. Function pages: the claim checker is imported only when the app runs.
    """
    from dashboard.pages.claims import render

    front = st.Page(render, title=CLAIMS.title, icon=CLAIMS.icon, url_path="front", default=True)
    alias = st.Page(render, title=CLAIMS.title, icon=CLAIMS.icon, url_path=CLAIMS.route, visibility="hidden")
    return [front, alias]


def _say_if_data_differ_from_manifest() -> None:
    """On every page: a plain warning when a current file is not the one the manifest describes."""
    from dashboard.integrity import data_problems
    from dashboard.markup import plain

    problems = data_problems()
    if problems:
        st.warning(
            "**The data folder does not match its manifest**, so the numbers and sources shown may not "
            "belong together:\n\n"
            + "\n".join(f"- {plain(problem)}" for problem in problems)
            + "\n\nRe-fetch with `python -m fetch` or restore the snapshot with `git checkout -- data/`.",
            icon=":material/warning:",
        )


def main() -> None:
    st.set_page_config(page_title="Gender statistics: Korea in context", page_icon="📊", layout="wide")
    from dashboard.markup import plain
    from registry.catalogue import current
    from registry.model import RegistryError

    try:
        current(refresh=True)  # series/*.toml, re-read only if a file changed: every page reads it
    except RegistryError as exc:
        st.error(f"The series registry cannot be read: {plain(exc)}")
        st.stop()
    pages = claims_pages() + [
        st.Page(page.script, title=page.title, icon=page.icon, url_path=page.route)
        for page in PAGES
        if page != CLAIMS
    ]
    presenting = st.query_params.get("present") == "1"
    page = st.navigation(pages, position="hidden" if presenting else "sidebar")
    with st.sidebar:
        wants = st.toggle(
            "Presentation mode",
            value=presenting,
            key="present_toggle",
            help="Large type, one chart per screen, next/previous through the claims and charts.",
        )
        st.caption("Links reproduce the view: copy the address bar to share it.")
    _say_if_data_differ_from_manifest()
    if wants and not presenting:
        st.query_params.from_dict({"present": "1"})
        st.rerun()
    if presenting:
        from dashboard.present import render_deck

        render_deck()
        return
    page.run()


main()
