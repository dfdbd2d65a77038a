"""Streamlit entry point (``streamlit run dashboard/app.py``): page setup, the access check, navigation.

The access check runs before ``st.navigation`` so no page script (and no query) runs for a visitor
who has not signed in; pages are UI only and read through ``dashboard.data``.
"""

from pathlib import Path

import streamlit as st

from dashboard.guard import require_access

PAGES = Path(__file__).with_name("app_pages")
# Emoji, not ":material/…:" icons: those are fetched from fonts.gstatic.com by the browser, which
# fails offline and tells a third party who opens the dashboard.

# Also when started with a bare `streamlit run`: tracebacks go to the server log, never the browser.
st.set_option("client.showErrorDetails", "none")
st.set_page_config(page_title="RivalWatch", layout="wide")
require_access()
page = st.navigation([
    st.Page(PAGES / "overview.py", title="Overview", icon="📊", default=True),
    st.Page(PAGES / "shipping.py", title="Shipping", icon="🚚"),
    st.Page(PAGES / "returns.py", title="Returns", icon="↩️"),
    st.Page(PAGES / "prices.py", title="Prices", icon="🏷️"),
    st.Page(PAGES / "changes.py", title="Changes", icon="🕑"),
    st.Page(PAGES / "health.py", title="Crawl health", icon="🩺"),
    st.Page(PAGES / "sources.py", title="Sources", icon="🔌"),
])
page.run()
