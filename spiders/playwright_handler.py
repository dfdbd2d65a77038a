"""scrapy-playwright's download handler, made to survive a Chromium crash when contexts are limited.

With ``PLAYWRIGHT_MAX_CONTEXTS`` set, scrapy-playwright 0.0.48 releases a context's slot only in the
context's ``close`` event. When the browser process dies (SIGKILL, OOM killer) that event never
comes, so the slot leaks and the next request waits forever for a context: the crawl freezes
instead of relaunching the browser; requests waiting for a page slot of the dead context wait
forever too (measured here: reliability row E1). On disconnect this handler wakes those waiters,
gives the context semaphore a fresh start, and ignores late ``close`` events of contexts that
belonged to the dead browser (they would otherwise release the new semaphore or drop the new
context of the same name). Right after a crash one extra context may briefly exceed the limit.
"""

from __future__ import annotations

import asyncio
import logging

from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

logger = logging.getLogger(__name__)


class RivalWatchPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
    """``DOWNLOAD_HANDLERS`` entry for http/https on browser stores."""

    _browser_generation = 0

    async def _browser_disconnected_callback(self) -> None:
        # Wake everything waiting on the dead browser first: requests blocked on a page slot of a dead
        # context retry on a new one (scrapy-playwright's "Target closed" path), and requests blocked
        # on the context semaphore go on to launch a fresh browser.
        self._browser_generation += 1
        for wrapper in list(self.context_wrappers.values()):
            for _ in range(self.config.max_pages_per_context):
                wrapper.semaphore.release()
        if hasattr(self, "context_semaphore"):
            old, self.context_semaphore = self.context_semaphore, asyncio.Semaphore(value=self.config.max_contexts)
            for _ in range(self.config.max_contexts):
                old.release()
        self.stats.inc_value("rivalwatch/browser_disconnected")
        logger.warning("browser disconnected (crash or kill); the next request relaunches it")
        await super()._browser_disconnected_callback()

    def _make_close_browser_context_callback(self, name, persistent, remote, spider=None):
        generation = self._browser_generation
        inner = super()._make_close_browser_context_callback(name, persistent, remote, spider)

        def close_browser_context_callback() -> None:
            if generation == self._browser_generation:
                inner()

        return close_browser_context_callback
