"""Chromium rendering through scrapy-playwright: launch settings (``config``), the
crash-aware download handler with page reuse, guarded routes, cookies.
"""
