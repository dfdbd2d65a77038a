"""RivalWatch benchmarks: ``python -m bench all`` (see ``bench/README.md``).

Speed (bare Scrapy vs the full pipeline), storage growth (SQLite and PostgreSQL), platform
efficiency (Shopify feed vs HTML pages), alert latency, and the extraction accuracy scripts.
"""
