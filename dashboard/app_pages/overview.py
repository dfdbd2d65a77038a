"""Overview: where we lose and where we win, the benchmark (levels × stores), this week's changes,
crawl health and the evidence behind each value."""

from datetime import date, timedelta

import streamlit as st

from dashboard import charts, components, data

url = data.database_url()
st.title("Competitor overview")
components.require_data(url)

st.subheader("Where we lose / where we win", anchor="where-we-lose")
st.caption("Each service level: our value beside the best competitor's, worst gaps first. "
           "“evidence” opens the page the competitor's value was read from.")
st.html(data.standings_html(url))

st.subheader("Benchmark", anchor="benchmark")
st.caption("Service levels as rows, stores as columns (us first). Under a competitor's value: "
           "▲ better than us (red) or ▼ worse than us (green). Hover a cell for its evidence; "
           "— means not found on the store's pages.")
st.html(data.benchmark_grid(url))
st.download_button("Download benchmark CSV", data.benchmark_csv(url), file_name="rivalwatch-benchmark.csv",
                   mime="text/csv", key="csv-benchmark", on_click="ignore", icon=":material/download:")
prices = data.price_index_frame(url)
if not prices.empty:
    st.altair_chart(charts.price_index_chart(prices), width="stretch")

st.subheader("Changes in the last 7 days")
latest = data.changes(url, since=date.today() - timedelta(days=data.DEFAULT_CHANGE_DAYS), limit=10)
if latest.empty:
    st.info("No changes in the last 7 days — changes appear from a store's second healthy crawl on.")
else:
    components.table(latest[["When", "Store", "For us", "Change", "Evidence"]], "latest-changes",
                     links=("Evidence",), widths=components.CHANGE_WIDTHS | {"Change": 450})
st.page_link("app_pages/changes.py", label="All changes, by store and date", icon=":material/history:")

st.subheader("Crawl health")
components.table(data.runs_table(url), "crawl-health")
st.page_link("app_pages/health.py", label="Crawl health: staleness, errors, blocked stores",
             icon=":material/monitor_heart:")

st.subheader("Evidence")
for slug, name in data.store_choices(url).items():
    with st.expander(f"Evidence: {components.escape_markdown(name)}", icon=":material/fact_check:"):
        evidence = data.evidence_table(url, slug)
        if evidence.empty:
            st.text("No shipping, returns or support facts recorded for this store yet.")
        else:
            components.table(evidence, f"evidence-{slug}", links=("Source",))
