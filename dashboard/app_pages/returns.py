"""Returns: every store's return terms, the return window by store and over time."""

import streamlit as st

from dashboard import charts, components, data

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

st.subheader("Return window over time")
history, steps = data.field_history(url, "returns", "window_days", store, since)
if history.empty:
    components.empty("No return window recorded for this selection.")
else:
    if not steps.empty:
        st.altair_chart(charts.step_history_chart(steps, "Return window (days)"), width="stretch")
    components.table(history, "return-window-history")
