"""Every request of a rendered page goes through the SSRF guard, redirect hop by redirect hop.

Chromium follows redirects itself and Playwright never routes the hops (``route.continue_()``
hands the request back to Chromium; a fulfilled 3xx is followed unrouted too), so a store page
answering ``302 Location: http://169.254.169.254/`` would make Chromium send one request to the
internal host before any check could discard the response (reliability row A9). Here a page's
requests are fetched by Playwright with redirects off (``route.fetch(max_redirects=0)``) and:

- the page's own navigation (the Scrapy request): a 3xx is not followed in the browser. The
  download ends with ``NavigationRedirect`` and the handler returns the 3xx to Scrapy, whose
  RedirectMiddleware makes the hop a new request through ``SSRFGuardMiddleware`` — hop limit, loop
  detection and the guard are those of the HTTP path, and the page's URL stays right.
  A 204, a download (``Content-Disposition: attachment``) or a non-HTML type (PDF, zip …) ends the
  download with ``NonHtmlResponse`` (row E5) instead of Chromium starting a download or waiting.
- every other request (scripts, XHR/fetch, iframes): hops are followed here, each one checked
  before it is sent, and the final answer is handed to Chromium.

``GuardedRoute`` stands in for the Playwright route given to scrapy-playwright's own request
handler, which keeps doing what it does (abort predicate, Scrapy headers, method and body of the
first request) and only calls ``continue_()``/``abort()`` on it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urljoin

from playwright.async_api import Error as PlaywrightError
from scrapy.exceptions import IgnoreRequest

from spiders.non_html import non_html_reason
from spiders.ssrf import url_problem

logger = logging.getLogger(__name__)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
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
    """A Playwright route whose ``continue_()`` fetches through the guard instead of Chromium."""

    def __init__(self, route, request, navigation: NavigationState | None, timeout_ms: float | None, stats):
        self._route, self._request, self._navigation = route, request, navigation
        self._timeout_ms, self._stats = timeout_ms, stats

    async def abort(self, error_code: str | None = None) -> None:
        await self._route.abort(error_code)

    async def continue_(self, **overrides) -> None:
        own = self._claims_navigation()
        try:
            await self._fetch_hops(own, overrides)
        except PlaywrightError as exc:
            # Connection refused, timeout, page closed meanwhile: the browser sees a failed request;
            # for the page's own navigation the real error is what the download raises.
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
        url = self._request.url
        fetch_kwargs = {key: overrides[key] for key in ("headers", "method", "post_data") if key in overrides}
        if self._timeout_ms is not None:
            fetch_kwargs["timeout"] = self._timeout_ms
        for hop in range(MAX_SUBREQUEST_HOPS + 1):
            # The first URL already passed scrapy-playwright's abort predicate (the same guard).
            problem = url_problem(url) if hop else None
            if problem is not None:
                self._stats.inc_value("rivalwatch/blocked_ssrf")
                logger.warning("blocked_ssrf: browser redirect hop to %s (%s)", url, problem)
                await self._route.abort("blockedbyclient")
                return
            response = await self._route.fetch(url=url if hop else None, max_redirects=0, **fetch_kwargs)
            headers = response.headers
            location = headers.get("location")
            if response.status in REDIRECT_STATUSES and location:
                if own:
                    self._navigation.outcome = NavigationRedirect(response.status, dict(headers), url)
                    await response.dispose()
                    await self._route.abort("blockedbyclient")
                    return
                await response.dispose()
                if response.status == 303 or (response.status in (301, 302) and fetch_kwargs.get("method", "GET") != "GET"):
                    fetch_kwargs.pop("post_data", None)
                    fetch_kwargs["method"] = "GET"
                url = urljoin(url, location)
                continue
            if own:
                reason = non_html_reason(response.status, headers)
                if reason is not None:
                    self._navigation.outcome = NonHtmlResponse(reason)
                    self._stats.inc_value("rivalwatch/non_html")
                    await response.dispose()
                    await self._route.abort("blockedbyclient")
                    return
            await self._route.fulfill(response=response)
            return
        logger.warning("browser subrequest: too many redirects from %s", self._request.url)
        await self._route.abort("blockedbyclient")

    async def _quietly_abort(self, error_code: str) -> None:
        try:
            await self._route.abort(error_code)
        except PlaywrightError:
            pass  # already handled or the page is gone


def outcome_error(navigation: NavigationState | None) -> Exception | None:
    """The exception a download should raise instead of Chromium's generic navigation error."""
    if navigation is None or navigation.outcome is None:
        return None
    return navigation.outcome


def is_guard_outcome(exc: BaseException | None) -> bool:
    """True for the outcomes this module raises on purpose (no traceback needed in the log)."""
    return isinstance(exc, (NavigationRedirect, NonHtmlResponse, IgnoreRequest))
