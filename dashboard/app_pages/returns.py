"""Returns: every store's return terms, the return window by store and over time."""

import streamlit as st

from dashboard import charts, components, data, review_section

url = data.database_url()
st.title("Returns")
components.require_data(url)

left, right = st.columns(2)
store = components.store_filter(url, container=left)
since = components.since_filter(container=right, label="History since")

table, windows = data.returns(url, store)
st.subheader("Return terms")
st.caption("— means the store's pages do not say. With a store selected, the own store stays for contrast.")
if not windows.empty:
    st.altair_chart(charts.return_window_chart(windows), width="stretch")
components.table(table, "returns", pinned=("Store",))

components.field_history_section(
    url, "returns", "window_days", store, since, title="Return window over time",
    axis="Return window (days)", name="return-window-history",
    empty_text="No return window recorded for this selection.",
)

review_section.render(url, "returns", store)
