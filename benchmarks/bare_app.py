"""The floor of this stack: a Streamlit page with one small Plotly chart and nothing else.

benchmarks/run.py times ``streamlit run`` to the first chart painted for this and for app.py.
"""

import streamlit as st

st.plotly_chart({"data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2]}]}, alt="Two bars.")
