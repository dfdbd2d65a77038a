"""Crawl health: the last run of each store, staleness against its schedule, item counts over time,
runs with errors, stores that block us, and prices held as suspected extraction errors."""

import streamlit as st

from dashboard import charts, components, data

url = data.database_url()
st.title("Crawl health")
components.require_data(url)

left, right = st.columns(2)
store = components.store_filter(url, container=left)
since = components.since_filter(container=right)

st.subheader("Latest run per store")
components.table(data.runs_table(url), "latest-runs")

st.subheader("Freshness")
directory = data.config_dir()
fresh = data.freshness(url, directory)
if fresh.empty:
    components.empty(f"No store configuration found in {directory} (set RIVALWATCH_CONFIG_DIR) — "
                     "staleness needs each store's schedule.")
else:
    st.caption("Stale: a crawl was due after the last healthy one (plus 2 hours) and has not succeeded.")
    components.table(fresh, "freshness")

tables = data.health_tables(url, store, since)
st.subheader("Items per run")
if tables["items"].empty:
    components.empty("No finished runs in this selection.")
else:
    st.altair_chart(charts.items_over_time_chart(tables["items"], data.timezone_name()), width="stretch")

st.subheader("Blocked")
if tables["blocked"].empty:
    st.text("No run in this selection was judged blocked (401/403/429, captcha or empty pages).")
else:
    components.table(tables["blocked"], "blocked-runs")

st.subheader("Prices held as suspected extraction errors")
held = data.quarantined(url, directory, store)
if held.empty:
    st.text("No price is held: every pending price is within its store's range of its 30-day median.")
else:
    st.caption("A price far below or above its 30-day median is not reported until later runs confirm it; "
               "a wrong one usually means a selector or page change.")
    components.table(held, "quarantined-prices")

st.subheader("Runs with errors or failed health checks")
if tables["problems"].empty:
    st.text("Every run in this selection was healthy and error-free.")
else:
    components.table(tables["problems"], "problem-runs")

st.subheader("Sources: last data read")
sources = data.source_table(url, store)
if sources.empty:
    st.text("No sources registered yet (they are registered by the first crawl).")
else:
    st.caption("Listing and sitemap sources lead to product pages, so their own row stays empty.")
    components.table(sources, "source-health", links=("URL",))

with st.expander("All runs"):
    components.table(tables["runs"], "all-runs")
