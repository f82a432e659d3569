"""Presentation: the Streamlit pages, their shared chart helpers and URL state."""
