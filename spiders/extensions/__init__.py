"""Scrapy extensions: run recording and progress (``recording``), run health (``health``).
"""
