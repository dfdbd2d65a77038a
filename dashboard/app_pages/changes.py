"""Changes: every detected change, filtered by store and date (kept in the URL to share a view)."""

import streamlit as st

from dashboard import charts, components, data

url = data.database_url()
st.title("Changes")
components.require_data(url)

left, right = st.columns(2)
# bind="query-params" keeps both filters in the URL (?store=…&since=…), so a view can be shared.
# Options are slugs, not names: a bound selectbox writes its *displayed* text into the URL.
store = left.selectbox(
    "Store", list(data.store_choices(url)), index=None, placeholder="All stores", key="store", bind="query-params",
)
since = right.date_input(
    "Since", value=None, key="since", bind="query-params", format="YYYY-MM-DD",
    help="Changes detected on or after this day (00:00 UTC).",
)

found = data.changes(url, since=since, store=store, limit=data.CHANGES_PAGE_LIMIT)
if found.empty:
    st.info("No changes match these filters.")
else:
    if len(found) == data.CHANGES_PAGE_LIMIT:
        st.caption(f"Showing the latest {data.CHANGES_PAGE_LIMIT} changes; narrow the filters to see older ones.")
    st.altair_chart(charts.changes_per_day_chart(found), width="stretch")
    components.table(found, "changes")
