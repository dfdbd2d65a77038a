"""Scrapy downloader middlewares: SSRF guard, conditional requests, non-HTML answers,
block detection.
"""
