"""The dashboard as the web server runs it: ``streamlit run serve.py`` (``python3 start.py run`` does).

app.py stays the script every session runs (and AppTest loads); this launcher wraps it in Streamlit's
ASGI app (``st.App``) with the middleware of dashboard/server.py (page not found, idle and excess
websockets dropped) and first raises the process's open-file limit to its hard limit.
"""

import streamlit as st
from starlette.middleware import Middleware

from dashboard.server import FirstView, PageNotFound, Websockets, raise_descriptor_limit

raise_descriptor_limit()
app = st.App("app.py", middleware=[Middleware(FirstView), Middleware(PageNotFound), Middleware(Websockets)])
