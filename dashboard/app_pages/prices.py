"""Prices: matched products, where we are cheapest or dearest, price history, price index over time,
and title-based match suggestions an analyst confirms."""

import streamlit as st

from dashboard import charts, components, data, review_section, shaping

url = data.database_url()
st.title("Prices")
components.require_data(url)

tables = data.price_tables(url)
left, middle, right = st.columns(3)
store = components.store_filter(url, container=left)
brand = middle.selectbox("Brand (own product)", tables["brands"], index=None, placeholder="All brands",
                         key="brand", bind="query-params")
since = components.since_filter(container=right, label="History since")
tables = data.price_tables(url, store, brand)

st.subheader("Where we stand")
positions = tables["positions"]
if positions.empty:
    components.empty("No matched products with prices in the same currency for this selection.")
else:
    counts = positions["We are"].value_counts()
    a, b, c = st.columns(3)
    a.metric("We are cheapest", int(counts.get("cheapest", 0)))
    b.metric("In between", int(counts.get("in between", 0)))
    c.metric("We are most expensive", int(counts.get("most expensive", 0)))
    components.table(positions.drop(columns=["own_id"]), "price-positions", pinned=("Product",),
                     money=shaping.POSITION_MONEY)

st.subheader("Matched products")
st.caption("Matched by a confirmed link, else the same GTIN, else the same SKU.")
if tables["matches"].empty:
    components.empty("No matched products yet.")
else:
    components.table(tables["matches"], "matched-products", links=("Link",), pinned=("Our product",),
                     money=shaping.MATCH_MONEY)

st.subheader("Price history")
products = tables["products"]
if products:
    own_id = st.selectbox("Product", list(products), format_func=lambda pid: str(products[pid]), key="product")
    history = data.product_history(url, own_id, since)
    if history.empty:
        components.empty("No prices recorded for this product in this period.")
    else:
        st.altair_chart(charts.price_history_chart(history, data.timezone_name()), width="stretch")
        components.table(history, "price-history")

st.subheader("Price index over time")
index = data.price_index_over_time(url)
if store:
    index = index[index["Store"] == data.store_choices(url).get(store)]
if index.empty:
    components.empty("No price index yet: it needs matched products priced in the same currency.")
else:
    st.altair_chart(charts.price_index_history_chart(index, data.timezone_name()), width="stretch")
    components.table(index, "price-index-history")

st.subheader("Suggested matches")
suggested = data.suggestions(url)
if suggested.empty:
    components.empty("No unmatched competitor products look like one of ours.")
else:
    st.caption("Unmatched competitor products whose titles resemble one of ours. Confirming links them.")
    components.table(suggested.drop(columns=["product_id", "own_id", "store"]), "match-suggestions")
    pick = st.selectbox(
        "Suggestion to confirm", list(suggested.index), key="suggestion",
        format_func=lambda i: f"{suggested.at[i, 'store_name']}: {suggested.at[i, 'title']} = "
                              f"our {suggested.at[i, 'own_title']} (score {suggested.at[i, 'score']})",
    )
    if st.button("Confirm this match", key="confirm-match"):
        # The access check in app.py ran again for this click (every rerun starts there).
        data.confirm_match(url, int(suggested.at[pick, "product_id"]), int(suggested.at[pick, "own_id"]))
        st.session_state["match-saved"] = True
        st.rerun()
if st.session_state.pop("match-saved", False):
    st.success("Match saved. The price index and tables now include it.")

review_section.render(url, "product", store)
