"""Open one page of app.py in Streamlit's AppTest, directly: the page named runs, the Claims page does not.

Shared by the page tests (tests/dashboard, tests/commands). Running app.py first and then switching
pages would judge every claim before each page test; ``switch_page`` before the first run asks for the
page's URL path (the hash ``st.Page`` registers it under), as a browser opening ``/work`` does.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from dashboard.staging import COMPONENT as STAGE

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def open_app(
    page: str | None = None, params: dict[str, str | list[str]] | None = None, timeout: float = 90
) -> AppTest:
    """app.py opened at ``/page`` (None: the front page) with ``params`` in the link, as a browser
    shows it: after one run, or two where the first view asks for the rest (dashboard/staging.py)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params.update(params or {})
    if page is not None:
        at.switch_page(f"dashboard/pages/{page}.py")
    at.run()
    if page is not None and not at.exception:  # st.navigation falls back to the front page silently
        assert at._finished_page_script_hash == calc_hash(page), f"/{page} did not open"
    return the_rest(at)


def shown(at: AppTest) -> AppTest:
    """``at`` run as a browser shows it: once, or twice where the first view asks for the rest."""
    return the_rest(at.run())


def the_rest(at: AppTest) -> AppTest:
    """``at`` after the run its page asks for once its first chart is painted, if it asks for one."""
    if any(c.proto.component_name == STAGE for c in at.get("bidi_component")):
        at.run()
    return at
