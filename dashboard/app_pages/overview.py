"""Overview: own store vs each competitor, the latest changes, and the evidence behind each value."""

import streamlit as st

from dashboard import charts, components, data

url = data.database_url()
st.title("Competitor overview")
components.require_data(url)

st.subheader("Benchmark")
st.caption(
    f"One row per store, own store first. {data.WORSE} marks a cell where that competitor beats the own "
    "store; the last column says how. — means not found on the store's pages."
)
components.table(data.overview_table(url), "benchmark", pinned=("Store",))
prices = data.price_index_frame(url)
if not prices.empty:
    st.altair_chart(charts.price_index_chart(prices), width="stretch")
with st.expander("All service levels"):
    components.table(data.service_levels_table(url), "service-levels")

st.subheader("Latest changes")
latest = data.changes(url, limit=10)
if latest.empty:
    st.info("No changes detected yet — changes appear from a store's second healthy crawl on.")
else:
    components.table(latest, "latest-changes")
st.page_link("app_pages/changes.py", label="All changes, by store and date", icon="🕑")

st.subheader("Crawl health")
components.table(data.runs_table(url), "crawl-health")
st.page_link("app_pages/health.py", label="Crawl health: staleness, errors, blocked stores", icon="🩺")

st.subheader("Evidence")
for slug, name in data.store_choices(url).items():
    with st.expander(f"Evidence: {components.escape_markdown(name)}"):
        evidence = data.evidence_table(url, slug)
        if evidence.empty:
            st.text("No shipping, returns or support facts recorded for this store yet.")
        else:
            components.table(evidence, f"evidence-{slug}", links=("Source",))
