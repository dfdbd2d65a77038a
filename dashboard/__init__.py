"""The Streamlit dashboard.

- ``app.py``: page setup, the access check (``guard.py``) before ``st.navigation`` runs any page.
- ``app_pages/``: Overview, Shipping, Returns, Prices, Changes, Crawl health, Sources — UI only.
- ``data.py``: the one module that reads storage (and the store config), cached per database URL;
  ``benchmark_view.py`` (the Overview's grid and where-we-lose lines) and ``shaping.py`` (the other
  pages) shape frames for people; every value is worded by ``storage.formatting``.
- ``charts.py`` (Altair), ``components.py`` (tables with CSV download, URL-bound filters, empty
  states), ``preview_box.py`` (the Sources page's "try this URL").

Scraped strings are only ever shown as text (dataframes, ``st.text``, ``st.code``, escaped markdown);
the one exception is ``st.html`` for the benchmark grid, the where-we-lose lines and word diffs, built
only in ``benchmark_view.py`` / ``shaping.py`` where every value passes ``html.escape`` (and Streamlit
sanitises it again). No module uses ``unsafe_allow_html`` or ``components.html``; links are limited to
http(s). Filters (store, dates, kind, severity, brand) live in the URL query so a view can be shared.
"""
