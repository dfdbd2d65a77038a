"""Answers that are not web pages (reliability row E5): HTTP 204/205, downloads
(``Content-Disposition: attachment``) and non-page types such as PDF, images, archives.

A page source (product, listing, policy page) answering like that has nothing to extract, and
extracting from it would look like a page that lost its price. ``non_html_reason`` is shared by the
browser path (``spiders.browser.routes`` stops the navigation before Chromium starts a download)
and the HTTP path (``NonHtmlResponseMiddleware``); either way the URL becomes a failed fetch
("non-HTML response: …"), never a change.
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest

# What a browser renders as a page and extraction can read; sitemaps (XML) and platform APIs (JSON) too.
PAGE_TYPES = ("text/", "application/xhtml+xml", "application/xml", "application/json", "application/ld+json")
PAGE_SOURCE_KINDS = frozenset({"product", "listing", "shipping", "returns", "support"})


def non_html_reason(status: int, headers: dict[str, str]) -> str | None:
    """Why a response is not a page to read, or None. ``headers`` are keyed by lower-case name."""
    if status in (204, 205):
        return f"non-HTML response: HTTP {status} (no content)"
    if headers.get("content-disposition", "").strip().lower().startswith("attachment"):
        return f"non-HTML response: HTTP {status} download (Content-Disposition: attachment)"
    content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type and not content_type.startswith(PAGE_TYPES):
        return f"non-HTML response: HTTP {status} {content_type}"
    return None


class NonHtmlResponseMiddleware:
    """Downloader middleware: a page source's non-page answer is a failed fetch (HTTP path).

    Browser downloads are checked before rendering (``spiders.browser.routes``); redirects and
    ``304 Not Modified`` pass through (they carry no page either way)."""

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_response(self, request, response, spider=None):
        source = request.meta.get("source")
        if getattr(source, "kind", None) not in PAGE_SOURCE_KINDS or request.meta.get("playwright"):
            return response
        if 300 <= response.status < 400:
            return response
        headers = {name.decode("latin-1").lower(): (response.headers.get(name) or b"").decode("latin-1")
                   for name in response.headers}
        reason = non_html_reason(response.status, headers)
        if reason is None:
            return response
        self.stats.inc_value("rivalwatch/non_html")
        raise IgnoreRequest(reason)
