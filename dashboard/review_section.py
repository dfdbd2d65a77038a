"""The "Needs review" section of the Shipping, Returns and Prices pages.

Lists the current facts read with a confidence below the threshold (kept, never compared for
change events or alerts) and the analyst overrides in force, each with the sentence it came from,
plus overrides suspended because the page's wording changed (re-check them, then update, remove
or confirm them: ``rivalwatch overrides confirm STORE PATH``). Scraped text is shown as text.
"""

from __future__ import annotations

import streamlit as st

from dashboard import components, data


def render(url: str, kind: str, store: str | None) -> None:
    """The section for ``kind`` (shipping / returns / product), filtered to ``store`` when one is selected."""
    facts, suspended = data.review_tables(url, kind, store)
    st.subheader("Needs review")
    if facts.empty and suspended.empty:
        st.caption("Every current term was read with enough confidence; no analyst overrides.")
        return
    st.caption("Terms read with low confidence are kept but never raise changes or alerts; overrides are "
               "analyst corrections from the store's YAML (overrides:). Check each against its sentence.")
    if not facts.empty:
        components.table(facts, f"{kind}-needs-review", links=("Source",), pinned=("Store",))
    if not suspended.empty:
        st.warning("Overrides suspended because the page's wording changed — re-check them:")
        components.table(suspended, f"{kind}-suspended-overrides", pinned=("Store",))
