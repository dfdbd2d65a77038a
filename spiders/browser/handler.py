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

Page reuse: a page is leased from ``spiders.browser.page_pool`` for each request and given back after a clean
download, instead of a new Chromium tab per request (``RIVALWATCH_BROWSER_PAGE_USES``, default 50
downloads per page; 1 turns reuse off). The lease is passed to scrapy-playwright as
``meta["playwright_page"]`` with ``playwright_include_page`` (so it does not close the page), and both
keys are removed again before the response leaves the handler: the spider never sees the page, and a
redirected or re-queued request (scrapy-redis pickles requests) never carries it.

Request guard (rows A9, A11, E5): every request a page makes goes through
``spiders.browser.routes.GuardedRoute`` — redirect hops are checked before they are sent, and a
204 / download / PDF answer to the page's own URL is a clear "non-HTML response" error.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

from playwright._impl._errors import TargetClosedError
from playwright.async_api import Error as PlaywrightError
from scrapy.http import Headers, Response
from scrapy_playwright.handler import DEFAULT_CONTEXT_NAME, ScrapyPlaywrightDownloadHandler

from spiders.browser.routes import GuardedRoute, NavigationRedirect, NavigationState, is_guard_outcome, outcome_error
from spiders.browser.page_pool import DEFAULT_MAX_USES, PageStates
from spiders.middlewares.ssrf import ALLOW_SETTING

logger = logging.getLogger(__name__)
# Last resort at shutdown only: closing a browser or context whose process is wedged must not keep
# the crawl process (and the scheduler's lease) alive forever; the driver's exit kills Chromium anyway.
CLOSE_TIMEOUT_SECONDS = 10.0
PAGE_USES_SETTING = "RIVALWATCH_BROWSER_PAGE_USES"


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
        self._pages = PageStates(max_uses=crawler.settings.getint(PAGE_USES_SETTING, DEFAULT_MAX_USES))
        self._allow_private = crawler.settings.getbool(ALLOW_SETTING)  # the crawler's SSRF switch

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
        self._pages.forget_context()
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
            self._pages.forget_context(name)
            inner()
            if wrapper is not None and not getattr(self, "_closing", False):
                self._wake_page_waiters(wrapper)  # they fail fast on the closed context and retry

        return close_browser_context_callback

    def _make_close_page_callback(self, context_name):
        # A page's close and crash events both call this; an idle page has no slot to give back.
        def close_page_callback(page=None) -> None:
            if not self._pages.should_release_on_close(page):
                return
            wrapper = self.context_wrappers.get(context_name)
            if wrapper is not None:
                wrapper.semaphore.release()

        return close_page_callback

    async def _close(self) -> None:
        self._closing = True
        self._pages.forget_context()
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

    # -- page reuse ----------------------------------------------------------------------------
    async def _download_request_with_retry(self, request, spider):
        if not self._pages.enabled or "playwright_page" in request.meta:
            return await super()._download_request_with_retry(request, spider)
        context_name = request.meta.setdefault("playwright_context", DEFAULT_CONTEXT_NAME)
        page = await self._lease_page(request, spider, context_name)
        request.meta["playwright_page"] = page
        request.meta["playwright_include_page"] = True  # scrapy-playwright must not close it
        clean = False
        try:
            response = await super()._download_request_with_retry(request, spider)
            clean = True
            return response
        finally:
            request.meta.pop("playwright_page", None)
            request.meta.pop("playwright_include_page", None)
            await self._give_back(page, context_name, clean)

    async def _lease_page(self, request, spider, context_name: str):
        """An idle page of the context, or a new one; either way the caller holds one page slot."""
        async with self.context_launch_lock:
            wrapper = self.context_wrappers.get(context_name)
            if wrapper is None:
                wrapper = await self._create_browser_context(
                    name=context_name, context_kwargs=request.meta.get("playwright_context_kwargs"), spider=spider)
        await wrapper.semaphore.acquire()
        page = self._pages.take(context_name, wrapper)
        if page is not None:
            self.stats.inc_value("rivalwatch/browser_page_reused")
            return page
        # No idle page: open one on the slot already held (scrapy-playwright's _create_page would
        # take a second slot, and could open a page while an idle one is waiting).
        try:
            page = await wrapper.context.new_page()
        except Exception:
            wrapper.semaphore.release()
            raise
        self._prepare_new_page(page, context_name)
        return page

    def _prepare_new_page(self, page, context_name: str) -> None:
        """What scrapy-playwright 0.0.48's ``_create_page`` does to a page after opening it."""
        self.stats.inc_value("playwright/page_count")
        self._set_stats_max_concurrent_page_count(self._get_total_page_count())
        if self.config.navigation_timeout_ms is not None:
            page.set_default_navigation_timeout(self.config.navigation_timeout_ms)
        close_page_callback = self._make_close_page_callback(context_name)
        page.on("close", close_page_callback)
        page.on("crash", close_page_callback)
        page.on("request", self._increment_request_stats)
        page.on("response", self._increment_response_stats)

    async def _give_back(self, page, context_name: str, clean: bool) -> None:
        reusable = self._pages.count_use(page)
        wrapper = self.context_wrappers.get(context_name)
        if (clean and reusable and wrapper is not None and not page.is_closed() and not getattr(self, "_closing", False)
                and page.context is _plain_context(wrapper.context)):
            self._pages.put(context_name, wrapper, page)
            wrapper.semaphore.release()
            return
        if not page.is_closed():
            await self._close_quietly(page.close(), "browser page")  # its close event gives the slot back
            self.stats.inc_value("playwright/page_count/closed")

    # -- request guard -------------------------------------------------------------------------
    def _make_request_handler(self, context_name, method, url, headers, body, encoding, spider, initial_request_done):
        inner = super()._make_request_handler(
            context_name, method, url, headers, body, encoding, spider, initial_request_done)
        timeout_ms = self.config.navigation_timeout_ms

        async def guarded_request_handler(route, playwright_request) -> None:
            navigation = self._navigations.get(_page_of(playwright_request))
            guarded = GuardedRoute(route, playwright_request, navigation, timeout_ms, self.stats, self._allow_private)
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


def _plain_context(context):
    """The Playwright BrowserContext behind a crash-aware wrapper."""
    return getattr(context, "_context", context)


def _page_of(playwright_request):
    with suppress(PlaywrightError, AttributeError):
        return playwright_request.frame.page
    return None
