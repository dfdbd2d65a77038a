"""Changes: every detected change, filtered by store, kind, severity and dates (all kept in the URL
so a view can be shared), with evidence links and readable diffs of policy wording."""

import streamlit as st

from dashboard import charts, components, data

url = data.database_url()
st.title("Changes")
components.require_data(url)

first, second = st.columns(2)
store = components.store_filter(url, container=first)
kinds = second.multiselect("Kind", data.CHANGE_KINDS, key="kind", bind="query-params", placeholder="All kinds",
                           help="changed / added / removed / suspect (held mass change); broken / recovered "
                                "are crawl-health events.")
third, fourth, fifth = st.columns(3)
severities = third.multiselect("Severity", data.SEVERITIES, key="severity", bind="query-params",
                               placeholder="All severities")
since = components.since_filter(container=fourth)
until = components.since_filter(container=fifth, label="Until", key="until")

found, wording = data.change_feed(url, store, tuple(kinds), tuple(severities), since, until)
if found.empty:
    st.info("No changes match these filters.")
    st.stop()
if len(found) == data.CHANGES_PAGE_LIMIT:
    st.caption(f"Showing the latest {data.CHANGES_PAGE_LIMIT} changes; narrow the filters to see older ones.")
st.altair_chart(charts.changes_per_day_chart(found), width="stretch")
components.table(found, "changes", links=("Evidence",))

st.subheader("Change details")
row = found.loc[st.selectbox("Change", list(found.index), key="change",
                             format_func=lambda i: f"{found.at[i, 'Store']}: {found.at[i, 'Summary']}")]
# st.text, not markdown: scraped wording must never be interpreted.
st.text(components.change_details(row))
if components.known(row["Evidence"]):
    st.link_button("Open the page it was read from", row["Evidence"])

st.subheader("Policy wording changes")
if wording.empty:
    st.text("No policy wording changed in this selection.")
else:
    pick = st.selectbox(
        "Wording change", list(wording.index), key="wording",
        format_func=lambda i: f"{wording.at[i, 'store_name']} · {wording.at[i, 'subject']} · "
                              f"{wording.at[i, 'detected_at']:%Y-%m-%d %H:%M}",
    )
    diff = data.wording_diff(url, wording.at[pick, "old_raw"], wording.at[pick, "new_raw"])
    if diff is not None and not st.toggle("Show unchanged lines", key="unchanged"):
        diff = diff[diff["Change"] != ""]
    if diff is None:
        st.text("The earlier wording was not stored, so no line-by-line comparison is available.")
    else:
        st.caption("Lines as the page worded them before and after; unchanged lines have an empty Change cell.")
        components.table(diff, f"wording-diff-{int(wording.at[pick, 'id'])}")
