"""Sources: each store's configured pages, schedule and render mode, the last data read from each
URL, configuration errors, and a box to try a URL before adding it."""

import streamlit as st

from dashboard import components, data, preview_box

url = data.database_url()
st.title("Sources")

directory = data.config_dir()
config = data.config(directory)
st.caption(f"Configuration directory: {directory} (set RIVALWATCH_CONFIG_DIR to change it).")
if config.errors:
    st.error(f"{len(config.errors)} problem(s) in the configuration — fix them and run "
             "`rivalwatch config validate`.")
    components.table(data.config_errors(config), "config-errors")

if not config.stores:
    components.empty("No valid store configuration found.")
for store in config.stores:
    title = f"{store.name} ({store.slug})" + (" — own store" if store.own else "")
    with st.expander(components.escape_markdown(title), expanded=len(config.stores) == 1):
        st.text(f"Schedule: {store.schedule} ({store.timezone}) · currency {store.currency} · "
                f"country {store.country or '—'}")
        components.table(data.sources_table(url, directory, store.slug), f"sources-{store.slug}", links=("URL",))

st.subheader("Try a URL")
preview_box.render()
