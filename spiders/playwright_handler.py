"""scrapy-playwright's download handler, made to survive a Chromium crash and to guard every request.

Crash recovery (reliability row E1). With ``PLAYWRIGHT_MAX_CONTEXTS`` set, scrapy-playwright 0.0.48
releases a context's slot only in the context's ``close`` event and a page's slot only while the
context is still registered, and nothing bounds a Playwright call that was in flight when the
browser died. Measured here (task dumps of frozen crawls after SIGKILL of Chromium): a
``context.new_page()`` sent just before the kill never settles — the Playwright driver forgets
the call when its browser goes away — so that request, and with it the crawl, waits forever
(about one run in three). This handler therefore:

- gives every browser a "gone" event, set by the ``disconnected`` event, and lets
  ``new_context()``/``new_page()`` of that browser give up with ``TargetClosedError`` when it is set
  (scrapy-playwright then retries the request on a relaunched browser);
- wakes requests waiting for a page slot of a context that closed with its browser (its ``close``
  event comes before the browser's ``disconnected`` and unregisters it, so nothing else would);
- gives the context semaphore a fresh start and forgets the dead browser at once (not after
  closing its contexts, which can hang too), and ignores late ``close`` events of contexts of a
  dead browser (they would release the new semaphore or drop the new context of the same name).
  Right after a crash one extra context may briefly exceed the limit.

Request guard (rows A9, A11, E5): every request a page makes goes through
``spiders.browser_routes.GuardedRoute`` — redirect hops are checked before they are sent, and a
204 / download / PDF answer to the page's own URL is a clear "non-HTML response" error.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

from playwright._impl._errors import TargetClosedError
from playwright.async_api import Error as PlaywrightError
from scrapy.http import Headers, Response
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from spiders.browser_routes import GuardedRoute, NavigationRedirect, NavigationState, is_guard_outcome, outcome_error

logger = logging.getLogger(__name__)
# Last resort at shutdown only: closing a browser or context whose process is wedged must not keep
# the crawl process (and the scheduler's lease) alive forever; the driver's exit kills Chromium anyway.
CLOSE_TIMEOUT_SECONDS = 10.0


class _BrowserGone:
    """Set when one particular browser has disconnected."""

    def __init__(self) -> None:
        self.event = asyncio.Event()

    def check(self, what: str) -> None:
        if self.event.is_set():
            raise TargetClosedError(f"{what}: browser has disconnected")

    async def unless_gone(self, awaitable, what: str):
        """Await ``awaitable`` unless the browser disconnects first (then ``TargetClosedError``)."""
        self.check(what)
        call = asyncio.ensure_future(awaitable)
        gone = asyncio.ensure_future(self.event.wait())
        try:
            await asyncio.wait({call, gone}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            gone.cancel()
            if not call.done():
                call.cancel()  # the driver would never answer it
        if not call.done() or call.cancelled():
            raise TargetClosedError(f"{what}: browser has disconnected")
        return call.result()


class _CrashAwareBrowser:
    """The launched Browser; ``new_context()`` gives up when the browser dies meanwhile."""

    def __init__(self, browser, gone: _BrowserGone):
        self._browser, self._gone = browser, gone

    def __getattr__(self, name):
        return getattr(self._browser, name)

    async def new_context(self, **kwargs):
        context = await self._gone.unless_gone(self._browser.new_context(**kwargs), "new_context")
        return _CrashAwareContext(context, self._gone)


class _CrashAwareContext:
    """A BrowserContext whose ``new_page()`` gives up when the context or its browser dies meanwhile."""

    def __init__(self, context, gone: _BrowserGone):
        self._context, self._gone, self._closed = context, gone, False
        context.on("close", self._on_close)

    def _on_close(self, *_args) -> None:
        self._closed = True

    def __getattr__(self, name):
        return getattr(self._context, name)

    async def new_page(self):
        if self._closed:
            raise TargetClosedError("new_page: browser context has been closed")
        return await self._gone.unless_gone(self._context.new_page(), "new_page")


class _QuietGuardOutcomes(logging.Filter):
    """scrapy-playwright logs every failed download with a traceback; redirects handed to Scrapy and
    non-HTML answers are outcomes, not bugs (the spider's errback logs them in one line)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not is_guard_outcome(getattr(record, "exception", None))


logging.getLogger("scrapy-playwright").addFilter(_QuietGuardOutcomes())


class RivalWatchPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
    """``DOWNLOAD_HANDLERS`` entry for http/https on browser stores."""

    _browser_generation = 0

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self._gone = _BrowserGone()
        self._navigations: dict[object, NavigationState] = {}

    # -- crash recovery ------------------------------------------------------------------------
    async def _maybe_launch_browser(self) -> None:
        await super()._maybe_launch_browser()
        if not isinstance(self.browser, _CrashAwareBrowser):
            self.browser = _CrashAwareBrowser(self.browser, self._gone)

    async def _browser_disconnected_callback(self) -> None:
        # Fail every call still waiting on the dead browser, then wake everything waiting for a slot:
        # requests blocked on a page slot of a dead context retry on a new one (scrapy-playwright's
        # "Target closed" path), and requests blocked on the context semaphore launch a fresh browser.
        self._browser_generation += 1
        self._gone.event.set()
        self._gone = _BrowserGone()
        for wrapper in list(self.context_wrappers.values()):
            self._wake_page_waiters(wrapper)
        if hasattr(self, "context_semaphore"):
            old, self.context_semaphore = self.context_semaphore, asyncio.Semaphore(value=self.config.max_contexts)
            for _ in range(self.config.max_contexts):
                old.release()
        dead_contexts = [wrapper.context for wrapper in self.context_wrappers.values()]
        self.context_wrappers.clear()
        if self.config.restart_disconnected_browser:
            self.__dict__.pop("browser", None)  # the next request launches a new one
        if not getattr(self, "_closing", False):  # not the browser.close() at the end of the run
            self.stats.inc_value("rivalwatch/browser_disconnected")
            logger.warning("browser disconnected (crash or kill); the next request relaunches it")
        for context in dead_contexts:  # client-side cleanup only; never waited for
            asyncio.ensure_future(self._close_quietly(context.close(), "dead browser context"))

    def _wake_page_waiters(self, wrapper) -> None:
        for _ in range(self.config.max_pages_per_context):
            wrapper.semaphore.release()

    def _make_close_browser_context_callback(self, name, persistent, remote, spider=None):
        generation = self._browser_generation
        inner = super()._make_close_browser_context_callback(name, persistent, remote, spider)

        def close_browser_context_callback() -> None:
            if generation != self._browser_generation:
                return  # a context of a browser that is already gone and forgotten
            wrapper = self.context_wrappers.get(name)
            inner()
            if wrapper is not None and not getattr(self, "_closing", False):
                self._wake_page_waiters(wrapper)  # they fail fast on the closed context and retry

        return close_browser_context_callback

    async def _close(self) -> None:
        self._closing = True
        contexts = [wrapper.context for wrapper in self.context_wrappers.values()]
        self.context_wrappers.clear()
        for context in contexts:
            await self._close_quietly(context.close(), "browser context")
        browser = self.__dict__.pop("browser", None)
        if browser is not None:
            logger.info("Closing browser")
            await self._close_quietly(browser.close(), "browser")
        if getattr(self, "browser_provider", None):
            await self._close_quietly(self.browser_provider.close(), "Playwright driver")

    @staticmethod
    async def _close_quietly(awaitable, what: str) -> None:
        try:
            await asyncio.wait_for(awaitable, timeout=CLOSE_TIMEOUT_SECONDS)
        except asyncio.TimeoutError:
            logger.warning("closing the %s took over %.0f s; left to the driver's exit", what, CLOSE_TIMEOUT_SECONDS)
        except PlaywrightError:
            pass  # already closed with its browser

    # -- request guard -------------------------------------------------------------------------
    def _make_request_handler(self, context_name, method, url, headers, body, encoding, spider, initial_request_done):
        inner = super()._make_request_handler(
            context_name, method, url, headers, body, encoding, spider, initial_request_done)
        timeout_ms = self.config.navigation_timeout_ms

        async def guarded_request_handler(route, playwright_request) -> None:
            navigation = self._navigations.get(_page_of(playwright_request))
            guarded = GuardedRoute(route, playwright_request, navigation, timeout_ms, self.stats)
            await inner(guarded, playwright_request)

        return guarded_request_handler

    async def _get_response_and_download(self, request, page, spider):
        navigation = self._navigations[page] = NavigationState()
        try:
            return await super()._get_response_and_download(request, page, spider)
        except PlaywrightError:
            outcome = outcome_error(navigation)
            if outcome is not None:
                raise outcome from None
            raise
        finally:
            self._navigations.pop(page, None)

    async def _download_request(self, request, spider=None):
        try:
            return await super()._download_request(request, spider)
        except NavigationRedirect as redirect:
            # Scrapy's RedirectMiddleware follows it as a new request, through SSRFGuardMiddleware.
            return Response(url=request.url, status=redirect.status, headers=Headers(redirect.headers),
                            request=request, flags=["playwright"])


def _page_of(playwright_request):
    with suppress(PlaywrightError, AttributeError):
        return playwright_request.frame.page
    return None
