"""Streamlit entry point (``streamlit run dashboard/app.py``): page setup, the access check, navigation.

The access check runs before ``st.navigation`` so no page script (and no query) runs for a visitor
who has not signed in; pages are UI only and read through ``dashboard.data``.
"""

from pathlib import Path

import streamlit as st

from dashboard.guard import require_access

PAGES = Path(__file__).with_name("app_pages")
# Material Symbols icons (":material/…:"): Streamlit ships the font with its static files, so they
# render offline and on machines without an emoji font (emoji showed as empty boxes there). The tab
# icon is a local PNG: a material page icon would become a favicon fetched from fonts.gstatic.com.
FAVICON = Path(__file__).with_name("favicon.png")

# Also when started with a bare `streamlit run`: tracebacks go to the server log, never the browser.
st.set_option("client.showErrorDetails", "none")
st.set_page_config(page_title="RivalWatch", page_icon=str(FAVICON), layout="wide")
require_access()
page = st.navigation([
    st.Page(PAGES / "overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page(PAGES / "shipping.py", title="Shipping", icon=":material/local_shipping:"),
    st.Page(PAGES / "returns.py", title="Returns", icon=":material/assignment_return:"),
    st.Page(PAGES / "prices.py", title="Prices", icon=":material/sell:"),
    st.Page(PAGES / "changes.py", title="Changes", icon=":material/history:"),
    st.Page(PAGES / "health.py", title="Crawl health", icon=":material/monitor_heart:"),
    st.Page(PAGES / "sources.py", title="Sources", icon=":material/link:"),
])
page.run()
