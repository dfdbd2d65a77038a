"""Turning Chromium on for a store: limits, what the browser may skip, and retries of slow pages.

``apply_browser`` is called from the spider's ``from_crawler`` for stores with a ``render: browser``
source. On top of ``spiders.browser.config.BrowserConfig`` (executable, PLAYWRIGHT_MAX_CONTEXTS,
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT, navigation timeout) it aborts third-party tracker requests and
makes Playwright timeouts retryable by Scrapy's RetryMiddleware (bounded by RETRY_TIMES).
Pages are never handed to the spider (no ``playwright_include_page``): the download handler
(``spiders.browser.handler``) reuses a page for the next request after a clean download and
closes it after an error or ``RIVALWATCH_BROWSER_PAGE_USES`` downloads (``spiders.browser.page_pool``).
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from spiders.browser.config import BrowserConfig, should_abort_request
from spiders.middlewares.ssrf import ALLOW_SETTING

# Analytics, ad and session-replay hosts: they never carry prices, slow pages down and keep
# "networkidle" from ever arriving. A request is aborted when its host is one of these or a subdomain.
TRACKER_HOSTS = frozenset({
    "google-analytics.com", "googletagmanager.com", "googleadservices.com", "doubleclick.net",
    "googlesyndication.com", "facebook.net", "facebook.com", "analytics.tiktok.com", "hotjar.com",
    "clarity.ms", "segment.io", "segment.com", "mixpanel.com", "amplitude.com", "fullstory.com",
    "nr-data.net", "criteo.com", "criteo.net", "taboola.com", "outbrain.com", "scorecardresearch.com",
    "quantserve.com", "adsrvr.org", "bat.bing.com", "snap.licdn.com", "ads-twitter.com",
})
HANDLER = "spiders.browser.handler.RivalWatchPlaywrightHandler"  # survives browser crashes
# A navigation or wait_for that times out is retried like a download timeout.
PLAYWRIGHT_RETRY_EXCEPTIONS = ("playwright.async_api.TimeoutError",)


def is_tracker(url: str) -> bool:
    """True when the URL's host is a known tracker host or one of its subdomains."""
    parts = (urlsplit(url).hostname or "").lower().split(".")
    return any(".".join(parts[i:]) in TRACKER_HOSTS for i in range(len(parts) - 1))


async def abort_request(request, allow_private: bool = False) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: trackers, then images/fonts/media and the SSRF guard."""
    if is_tracker(request.url):
        return True
    result = should_abort_request(request, allow_private)
    return (await result) if hasattr(result, "__await__") else bool(result)


def apply_browser(settings) -> None:
    """Switch a crawler's http(s) downloads to Chromium (``spider`` priority), keeping other handlers."""
    for key, value in BrowserConfig.from_settings(settings).scrapy_settings().items():
        if key == "DOWNLOAD_HANDLERS":
            value = {**settings.getdict("DOWNLOAD_HANDLERS"), "http": HANDLER, "https": HANDLER}
        settings.set(key, value, priority="spider")
    # The crawler's SSRF switch (set by the spider before this call) travels with the predicate.
    allow_private = settings.getbool(ALLOW_SETTING)
    settings.set("PLAYWRIGHT_ABORT_REQUEST", functools.partial(abort_request, allow_private=allow_private),
                 priority="spider")
    retry = settings.getlist("RETRY_EXCEPTIONS")
    extra = [name for name in PLAYWRIGHT_RETRY_EXCEPTIONS if name not in retry]
    settings.set("RETRY_EXCEPTIONS", [*retry, *extra], priority="spider")
