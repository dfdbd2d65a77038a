"""The Streamlit dashboard: ``app.py`` (navigation), ``data.py`` (the one module that reads storage,
cached per database URL), ``charts.py`` (Altair), ``components.py`` (shared widgets) and
``app_pages/`` (UI only).

Scraped strings are only ever shown as text (dataframes, ``st.text``, escaped markdown); no page
uses ``unsafe_allow_html``, ``st.html`` or ``components.html``, and links are limited to http(s).
"""
