"""Shipping: every store's options, price vs delivery days, free-shipping threshold over time."""

import streamlit as st

from dashboard import charts, components, data, review_section, shaping

url = data.database_url()
st.title("Shipping")
components.require_data(url)

left, right = st.columns(2)
store = components.store_filter(url, container=left)
since = components.since_filter(container=right, label="History since")

table, points = data.shipping(url, store)
st.subheader("Shipping options")
if table.empty:
    components.empty("No shipping options recorded for this selection yet.")
else:
    st.caption("Current options as the stores' pages state them; store pickup is listed but is not delivery.")
    if not points.empty:
        st.altair_chart(charts.shipping_price_days_chart(points), width="stretch")
    components.table(table, "shipping-options", links=("Source",), pinned=("Store",), money=shaping.SHIPPING_MONEY)

components.field_history_section(
    url, "shipping", "free_shipping_threshold", store, since, title="Free-shipping threshold over time",
    axis="Free shipping from", name="free-shipping-history",
    empty_text="No free-shipping threshold recorded for this selection.",
)

review_section.render(url, "shipping", store)
