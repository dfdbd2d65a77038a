"""The Streamlit dashboard.

- ``app.py``: page setup, the access check (``guard.py``) before ``st.navigation`` runs any page.
- ``app_pages/``: Overview, Shipping, Returns, Prices, Changes, Crawl health, Sources — UI only.
- ``data.py``: the one module that reads storage (and the store config), cached per database URL;
  ``formatting.py`` (benchmark cells) and ``shaping.py`` (the other pages) shape frames for people.
- ``charts.py`` (Altair), ``components.py`` (tables with CSV download, URL-bound filters, empty
  states), ``preview_box.py`` (the Sources page's "try this URL").

Scraped strings are only ever shown as text (dataframes, ``st.text``, ``st.code``, escaped markdown);
no module uses ``unsafe_allow_html``, ``st.html`` or ``components.html``, and links are limited to
http(s). Filters (store, dates, kind, severity, brand) live in the URL query so a view can be shared.
"""
