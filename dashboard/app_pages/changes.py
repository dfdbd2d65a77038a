"""Changes: the last 7 days by default, grouped by store, each marked threat / opportunity from our
side, worded by the formatting layer, with its evidence and product links; policy wording changes as
a word-level diff of the changed sentences. Filters live in the URL so a view can be shared."""

from datetime import date, timedelta

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
impacts = third.multiselect("For us", data.IMPACTS, key="impact", bind="query-params", placeholder="Everything",
                            help="threat: a competitor got better for shoppers (price cut, faster or cheaper "
                                 "shipping, longer return window); opportunity: it got worse.")
since = components.since_filter(container=fourth, default=date.today() - timedelta(days=data.DEFAULT_CHANGE_DAYS))
until = components.since_filter(container=fifth, label="Until", key="until")

found, wording = data.change_feed(url, store, tuple(kinds), tuple(impacts), since, until)
if found.empty:
    st.info("No changes match these filters." + (" Clear “Since” to see older changes." if since else ""))
    st.stop()
if len(found) == data.CHANGES_PAGE_LIMIT:
    st.caption(f"Showing the latest {data.CHANGES_PAGE_LIMIT} changes; narrow the filters to see older ones.")
counts = found["For us"].value_counts()
a, b, c = st.columns(3)
a.metric("Threats", int(counts.get("threat", 0)))
b.metric("Opportunities", int(counts.get("opportunity", 0)))
c.metric("For information", int(counts.get("for information", 0)))

for name, group in found.groupby("Store", sort=False):
    st.subheader(f"{components.escape_markdown(name)} · {len(group)} change{'s' if len(group) != 1 else ''}")
    ordered = group.sort_values("impact", key=lambda s: s.map({"threat": 0, "opportunity": 1, "info": 2}),
                                kind="stable")
    components.table(ordered[["When", "For us", "Change", "Evidence", "Product"]],
                     f"changes-{ordered['store'].iloc[0]}", links=("Evidence", "Product"),
                     widths=components.CHANGE_WIDTHS)

with st.expander("Changes per day", icon=":material/bar_chart:"):
    st.altair_chart(charts.changes_per_day_chart(data.changes_per_day(found)), width="stretch")

st.subheader("Change details")
row = found.loc[st.selectbox("Change", list(found.index), key="change",
                             format_func=lambda i: f"{found.at[i, 'Store']}: {found.at[i, 'Change']}")]
# st.text, not markdown: scraped wording must never be interpreted.
st.text(components.change_details(row))
if components.known(row["Evidence"]):
    st.link_button("Open the page it was read from", row["Evidence"], icon=":material/open_in_new:")

st.subheader("Policy wording changes")
if wording.empty:
    st.text("No policy wording changed in this selection.")
else:
    pick = st.selectbox("Wording change", list(wording.index), key="wording",
                        format_func=lambda i: f"{wording.at[i, 'store_name']}: {wording.at[i, 'title']} "
                                              f"({wording.at[i, 'when']})")
    diff = data.wording_diff(url, wording.at[pick, "old_raw"], wording.at[pick, "new_raw"])
    if diff is None:
        st.text("The earlier wording was not stored, so no sentence-by-sentence comparison is available.")
    elif not diff:
        st.text("Only spacing or layout changed; every sentence reads the same.")
    else:
        st.caption("Only the sentences that changed: removed words struck through, added words underlined.")
        st.html(data.shaping.diff_html(diff))
    if components.known(wording.at[pick, "source_url"]):
        st.link_button("Open the page", wording.at[pick, "source_url"], icon=":material/open_in_new:")
