"""Waiting for a rendered page whose source names no ``wait_for`` selector.

Chromium's "load" event does not wait for a script's ``fetch()``: prices or a rate table filled from
an API can still be missing then, and more often on a busy machine. Without a selector to wait for,
the page is read once its network has been quiet for half a second ("networkidle"), bounded by
``SETTLE_MS``; a page that never goes quiet (polling, a chat socket) is read as it is when the wait
ends — the wait itself never fails a download. ``settle`` is for the crawl (scrapy-playwright calls
it as a page method), ``settle_sync`` for the one-page previews (``rivalwatch try`` / ``add``).
"""

from __future__ import annotations

SETTLE_MS = 10_000


async def settle(page, timeout_ms: int = SETTLE_MS) -> None:
    """Wait (bounded) until ``page`` (async Playwright) has no network traffic."""
    from playwright.async_api import Error as PlaywrightError

    try:
        await page.wait_for_load_state("networkidle", timeout=min(timeout_ms, SETTLE_MS))
    except PlaywrightError:  # a timeout included: keep what has been drawn so far
        pass


def settle_sync(page, timeout_ms: int = SETTLE_MS) -> None:
    """The same wait for a sync-API Playwright page."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        page.wait_for_load_state("networkidle", timeout=min(timeout_ms, SETTLE_MS))
    except PlaywrightError:
        pass
