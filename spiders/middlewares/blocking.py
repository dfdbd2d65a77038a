"""Recognise block pages (captcha, bot challenge, "access denied") and empty pages served with HTTP 200.

Such a page must never be read as the store's content: a captcha has no price, and reading it as
"price removed" is exactly the false alert users hate. The downloader middleware drops these
responses and counts them; the run's health checks turn the counts into a ``blocked`` verdict.
"""

from __future__ import annotations

import re

from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, TextResponse

from spiders.pages.keywords import KeywordSet, fold

# Markers only bot-protection pages carry.
STRONG_MARKERS = (
    "cf-chl-", "challenge-platform", "px-captcha", "_incapsula_resource", "distil_r_captcha",
    "datadome", "captcha-delivery.com", "/cdn-cgi/challenge",
)
_STRONG = KeywordSet(STRONG_MARKERS)  # one pass over the page for all markers
_PRODUCT_MARKUP = b"application/ld+json"
TITLE_MARKERS = re.compile(
    r"captcha|attention required|access denied|just a moment|are you a robot|verify you are human|"
    r"request unsuccessful|pardon our interruption|security check|akses ditolak|アクセスが拒否",
    re.I,
)
# Generic phrases count only on short pages (a real store may mention "captcha" in a form).
WEAK_PHRASES = re.compile(
    r"verify you are (a )?human|are you a robot|unusual traffic|access denied|enable javascript and cookies",
    re.I,
)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.I | re.S)
SHORT_PAGE_CHARS = 2000
EMPTY_PAGE_CHARS = 20


def visible_text(html: str) -> str:
    """Rough visible text of an HTML page (enough to judge its size)."""
    return " ".join(_TAGS.sub(" ", html).split())


def classify(html: str) -> str | None:
    """``'blocked'``, ``'empty'`` or None for a normal page."""
    head = html[:200_000]
    folded = fold(head)  # ASCII lower-cased UTF-8: the markers are ASCII, and str.lower() is slow
    if _STRONG.found_in(folded):
        return "blocked"
    title = _TITLE.search(head)
    if title and TITLE_MARKERS.search(title.group(1)):
        return "blocked"
    if _PRODUCT_MARKUP in folded or len(head) > 50_000:
        return None  # block and empty pages are small and carry no product markup
    text = visible_text(head)
    if len(text) < SHORT_PAGE_CHARS and WEAK_PHRASES.search(text):
        return "blocked"
    if len(text) < EMPTY_PAGE_CHARS:
        return "empty"
    return None


class BlockDetectionMiddleware:
    """Downloader middleware: drop block and empty pages, counting them in the crawl stats."""

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_response(self, request, response, spider=None):
        if not isinstance(response, (HtmlResponse, TextResponse)) or response.status != 200:
            return response
        if not isinstance(response, HtmlResponse) and b"<html" not in response.body[:2000].lower():
            return response  # JSON / XML / plain text are judged by their parsers
        verdict = classify(response.text)
        if verdict is None:
            return response
        self.stats.inc_value(f"rivalwatch/{verdict}_pages")
        raise IgnoreRequest(f"{verdict} page at {response.url}")
