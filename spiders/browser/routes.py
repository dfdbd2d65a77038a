"""Every request of a rendered page goes through the SSRF guard, redirect hop by redirect hop,
and is sent to the address the guard checked.

Chromium follows redirects itself and Playwright never routes the hops (``route.continue_()``
hands the request back to Chromium; a fulfilled 3xx is followed unrouted too), so a store page
answering ``302 Location: http://169.254.169.254/`` would make Chromium send one request to the
internal host before any check could discard the response (reliability row A9). And a check
followed by ``route.fetch()`` lets Playwright's driver resolve the name again: a rebinding DNS
server answers "public" to the check and 127.0.0.1 to the second lookup (row A8). So every request
of a page is fetched here with ``core.safe_fetch.fetch_once`` — one lookup, every address
checked (``allow_private`` = the crawler's RIVALWATCH_ALLOW_PRIVATE_TARGETS, the same code either way),
the connection pinned to the checked address, no redirect followed, the navigation timeout, the
10 MB cap (a longer body fails the request) — in a worker thread (``asyncio.to_thread``), and the
answer is handed to Chromium with ``route.fulfill(status=, headers=, body=)``:

- the page's own navigation (the Scrapy request): a 3xx is not followed in the browser. The
  download ends with ``NavigationRedirect`` and the handler returns the 3xx to Scrapy, whose
  RedirectMiddleware makes the hop a new request through ``SSRFGuardMiddleware`` — hop limit, loop
  detection and the guard are those of the HTTP path, and the page's URL stays right.
  A 204, a download (``Content-Disposition: attachment``) or a non-HTML type (PDF, zip …) ends the
  download with ``NonHtmlResponse`` (row E5) instead of Chromium starting a download or waiting.
  A refused address ends it with ``IgnoreRequest("blocked_ssrf: …")``; a timeout with Playwright's
  ``TimeoutError`` (retried like a navigation timeout), other failures with Playwright's ``Error``.
- every other request (scripts, XHR/fetch, iframes): hops are followed here, each one checked
  before it is sent, and the final answer is handed to Chromium. A refused hop aborts the request
  (``blockedbyclient``), counted as ``rivalwatch/blocked_ssrf`` and logged.

Requests carry the method, body and headers the browser (or scrapy-playwright, for the page's own
request) would send, with the ``Cookie`` header Chromium computed (``request.all_headers()``);
``Accept-Encoding`` is identity. Cookies: Chromium stores the ``Set-Cookie`` of a fulfilled
response itself (tested); the ``Set-Cookie`` of a 3xx it never sees (a hop followed here, or the
page's redirect handed to Scrapy) is added to the browser context with ``add_cookies``, and a
followed hop is sent with the context's cookies for its own URL.

``GuardedRoute`` stands in for the Playwright route given to scrapy-playwright's own request
handler, which keeps doing what it does (abort predicate, Scrapy headers, method and body of the
first request) and only calls ``continue_()``/``abort()`` on it.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeoutError
from scrapy.exceptions import IgnoreRequest

from core.safe_fetch import MAX_BYTES, TIMEOUT, BlockedTarget, FetchError, FetchTimeout, fetch_once, next_hop
from spiders.browser.cookies import cookies_from_set_cookie
from spiders.middlewares.non_html import non_html_reason

logger = logging.getLogger(__name__)
MAX_SUBREQUEST_HOPS = 5


class NonHtmlResponse(Exception):
    """The page's own URL answered with something that is not a web page (204, download, PDF …)."""


class NavigationRedirect(Exception):
    """The page's own URL answered with a redirect; Scrapy follows it (through the SSRF guard)."""

    def __init__(self, status: int, headers: dict[str, str], url: str):
        super().__init__(f"HTTP {status} redirect from {url}")
        self.status, self.headers, self.url = status, headers, url


@dataclass
class NavigationState:
    """What the route guard learned about one download's own navigation request."""

    started: bool = False
    outcome: Exception | None = None  # raised by the download instead of Playwright's generic error


class GuardedRoute:
    """A Playwright route whose ``continue_()`` fetches through the pinned guard instead of Chromium."""

    def __init__(self, route, request, navigation: NavigationState | None, timeout_ms: float | None, stats,
                 allow_private: bool = False):
        self._route, self._request, self._navigation = route, request, navigation
        self._timeout_ms, self._stats, self._allow_private = timeout_ms, stats, allow_private

    async def abort(self, error_code: str | None = None) -> None:
        await self._route.abort(error_code)

    async def continue_(self, **overrides) -> None:
        own = self._claims_navigation()
        try:
            await self._fetch_hops(own, overrides)
        except PlaywrightError as exc:
            # Page closed meanwhile, fulfil refused …: the browser sees a failed request; for the
            # page's own navigation the real error is what the download raises.
            if own and self._navigation.outcome is None:
                self._navigation.outcome = exc
            await self._quietly_abort("failed")

    def _claims_navigation(self) -> bool:
        """True for the first main-frame navigation of the download (the Scrapy request itself)."""
        state = self._navigation
        if state is None or state.started or not self._request.is_navigation_request():
            return False
        try:
            if self._request.frame.parent_frame is not None:
                return False
        except PlaywrightError:
            return False
        state.started = True
        return True

    async def _fetch_hops(self, own: bool, overrides: dict) -> None:
        request = self._request
        url = request.url
        method = overrides.get("method") or request.method
        body = _as_bytes(overrides["post_data"]) if overrides.get("post_data") is not None else request.post_data_buffer
        headers = await request_headers(request, overrides.get("headers"))
        timeout = self._timeout_ms / 1000 if self._timeout_ms else TIMEOUT
        allow_private = self._allow_private
        for hop in range(MAX_SUBREQUEST_HOPS + 1):
            try:
                status, received, data = await asyncio.to_thread(
                    fetch_once, url, allow_private=allow_private, method=method, headers=headers, body=body,
                    timeout=timeout, max_bytes=MAX_BYTES)
            except BlockedTarget as exc:
                self._stats.inc_value("rivalwatch/blocked_ssrf")
                what = "redirect hop to" if hop else ("navigation to" if own else "subrequest to")
                logger.warning("blocked_ssrf: browser %s %s (%s)", what, url, exc)
                if own:
                    self._navigation.outcome = IgnoreRequest(f"blocked_ssrf: {exc}")
                await self._route.abort("blockedbyclient")
                return
            except FetchError as exc:
                if own:
                    self._navigation.outcome = (PlaywrightTimeoutError if isinstance(exc, FetchTimeout) else PlaywrightError)(str(exc))
                else:
                    logger.debug("browser subrequest failed: %s", exc)
                await self._quietly_abort("timedout" if isinstance(exc, FetchTimeout) else "failed")
                return
            hop = next_hop(url, status, received.get("location"), method, body)
            if hop is not None:
                await self._keep_cookies(url, received)
                if own:
                    self._navigation.outcome = NavigationRedirect(status, scrapy_headers(received), url)
                    await self._route.abort("blockedbyclient")
                    return
                url, method, body = hop
                headers = await self._with_cookies_for(url, headers)
                continue
            if own:
                reason = non_html_reason(status, received)
                if reason is not None:
                    self._navigation.outcome = NonHtmlResponse(reason)
                    self._stats.inc_value("rivalwatch/non_html")
                    await self._route.abort("blockedbyclient")
                    return
            await self._route.fulfill(status=status, headers=received, body=data)
            return
        logger.warning("browser subrequest: too many redirects from %s", self._request.url)
        await self._route.abort("blockedbyclient")

    def _context(self):
        try:
            return self._request.frame.page.context
        except (PlaywrightError, AttributeError):
            return None  # a service worker's request, or the page is gone

    async def _keep_cookies(self, url: str, received: dict[str, str]) -> None:
        """A 3xx's Set-Cookie into the browser context (Chromium never sees that response)."""
        context = self._context()
        cookies = cookies_from_set_cookie(url, received.get("set-cookie"))
        if context is not None and cookies:
            try:
                await context.add_cookies(cookies)
            except PlaywrightError as exc:
                logger.debug("cookies of %s not kept: %s", url, exc)

    async def _with_cookies_for(self, url: str, headers: dict[str, str]) -> dict[str, str]:
        """``headers`` for a followed hop: the Cookie header is the context's cookies for ``url``."""
        headers = {k: v for k, v in headers.items() if k.lower() != "cookie"}
        context = self._context()
        if context is not None:
            try:
                cookies = await context.cookies(url)
            except PlaywrightError:
                cookies = []
            if cookies:
                headers["cookie"] = "; ".join(f"{c['name']}={c['value']}" for c in cookies)
        return headers

    async def _quietly_abort(self, error_code: str) -> None:
        try:
            await self._route.abort(error_code)
        except PlaywrightError:
            pass  # already handled or the page is gone


async def request_headers(request, override: dict[str, str] | None) -> dict[str, str]:
    """The headers to send: scrapy-playwright's (``override``) or the browser's, with Chromium's Cookie.

    ``request.all_headers()`` carries the ``Cookie`` header Chromium would send (context cookies,
    SameSite applied); Scrapy's headers for the page's own request do not, so it is added to them.
    """
    browser = await request.all_headers()
    if override is None:
        return dict(browser)
    headers = dict(override)
    if "cookie" in browser and not any(k.lower() == "cookie" for k in headers):
        headers["cookie"] = browser["cookie"]
    return headers


def scrapy_headers(received: dict[str, str]) -> dict[str, str | list[str]]:
    """Response headers for Scrapy: each ``Set-Cookie`` its own value again."""
    return {k: v.split("\n") if k == "set-cookie" else v for k, v in received.items()}


def _as_bytes(data: str | bytes) -> bytes:
    return data if isinstance(data, bytes) else data.encode("utf-8")


def outcome_error(navigation: NavigationState | None) -> Exception | None:
    """The exception a download should raise instead of Chromium's generic navigation error."""
    if navigation is None or navigation.outcome is None:
        return None
    return navigation.outcome


def is_guard_outcome(exc: BaseException | None) -> bool:
    """True for the outcomes this module raises on purpose (no traceback needed in the log)."""
    return isinstance(exc, (NavigationRedirect, NonHtmlResponse, IgnoreRequest))
