"""Streamlit entry point (``streamlit run dashboard/app.py``): page setup and navigation only."""

from pathlib import Path

import streamlit as st

PAGES = Path(__file__).with_name("app_pages")

st.set_page_config(page_title="RivalWatch", layout="wide")
page = st.navigation([
    st.Page(PAGES / "overview.py", title="Overview", icon=":material/leaderboard:", default=True),
    st.Page(PAGES / "changes.py", title="Changes", icon=":material/history:"),
])
page.run()
