"""SSRF guard for crawls: only http(s) to public addresses, checked before each request (every
redirect hop is a new request), again when DNS is resolved for the connection (so a rebinding DNS
answer is caught at fetch time), and for every subrequest a rendered page makes in Chromium.

Loopback and private targets are allowed only with the explicit switch ``allow_private_targets:
true`` in ``rivalwatch.yaml`` (the spider copies it into its crawler's settings) or the Scrapy setting
``RIVALWATCH_ALLOW_PRIVATE_TARGETS`` (``spiders.settings``; the environment variable of that name sets
it) — for tests and the local demo. The switch is per crawler, read in ``from_crawler``: there is no
process-wide flag. Blocked requests are counted as ``rivalwatch/blocked_ssrf`` and never stored.

The check before a request (``url_problem``) may need a DNS lookup, and ``getaddrinfo`` blocks: on
the reactor thread one slow DNS server would stall the whole crawl. The middleware and the
browser's abort predicate are therefore coroutines that make that lookup in a worker thread
(``url_problem_async``); scheme and syntax checks, IP literals and the private-target switch stay
synchronous, so with private targets allowed (tests, demo) there is no thread hop at all.
"""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver, dnscache
from scrapy.utils.asyncio import is_asyncio_available
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer, threads
from twisted.internet._resolver import HostResolution
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IHostnameResolver
from zope.interface import implementer

from core.netguard import PRIVATE_HINT, BlockedAddress, check_host, is_public, parse_literal, resolve

logger = logging.getLogger(__name__)
ALLOW_SETTING = "RIVALWATCH_ALLOW_PRIVATE_TARGETS"


def _syntax_problem(url: str) -> str | None:
    """Why ``url`` must not be fetched whatever its host resolves to, or None (no DNS)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return f"scheme {parts.scheme or 'none'!r} is not allowed"
    if "\\" in url or not parts.hostname:
        return "malformed URL"
    return None


def url_problem(url: str, allow_private: bool = False) -> str | None:
    """Why ``url`` must not be fetched, or None. May block on DNS: not for the reactor thread."""
    problem = _syntax_problem(url)
    if problem is not None or allow_private:
        return problem
    parts = urlsplit(url)
    try:
        check_host(parts.hostname, parts.port)
    except BlockedAddress as exc:
        return str(exc)
    return None


def _needs_lookup(url: str, allow_private: bool) -> bool:
    """True when ``url_problem(url)`` would ask DNS (a host name, private targets not allowed)."""
    if _syntax_problem(url) is not None or allow_private:
        return False
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - an invalid port fails in url_problem before any lookup
    except ValueError:
        return False
    # An IP literal is checked without DNS (netguard.resolve returns it as is).
    return parse_literal(parts.hostname or "") is None


async def url_problem_async(url: str, allow_private: bool = False) -> str | None:
    """``url_problem`` for code on an event loop: a DNS lookup runs in a worker thread.

    Everything that needs no DNS (scheme, syntax, IP literals, the private-target switch) is
    answered in the caller's thread, without a hop.
    """
    if not _needs_lookup(url, allow_private):
        return url_problem(url, allow_private)
    if is_asyncio_available():
        # The asyncio reactor (our setting) or scrapy-playwright's own loop: the loop's executor.
        return await asyncio.to_thread(url_problem, url)
    # Another Twisted reactor: asyncio futures cannot be awaited there, Deferreds can.
    return await maybe_deferred_to_future(threads.deferToThread(url_problem, url))


class SSRFGuardMiddleware:
    """Downloader middleware: refuse non-http(s) and non-public targets before connecting."""

    def __init__(self, stats, allow_private: bool = False):
        self.stats, self.allow_private = stats, allow_private

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.getbool(ALLOW_SETTING))

    async def process_request(self, request, spider=None):
        # A coroutine (Scrapy awaits it) so the pre-request DNS lookup leaves the reactor thread.
        problem = await url_problem_async(request.url, self.allow_private)
        if problem is None:
            return None
        self.stats.inc_value("rivalwatch/blocked_ssrf")
        if request.errback is None:  # with an errback (the store spider's) that one line reports it
            logger.warning("blocked_ssrf: %s (%s)", request.url, problem)
        raise IgnoreRequest(f"blocked_ssrf: {problem}")

    async def process_response(self, request, response, spider=None):
        # Chromium follows redirects of a rendered page itself (routes do not see the hops), so a
        # browser response that ended on a non-public address is discarded here.
        if response.url != request.url and request.meta.get("playwright"):
            problem = await url_problem_async(response.url, self.allow_private)
            if problem is not None:
                self.stats.inc_value("rivalwatch/blocked_ssrf")
                logger.warning("blocked_ssrf: browser ended on %s (%s)", response.url, problem)
                raise IgnoreRequest(f"blocked_ssrf: {problem}")
        return response


@implementer(IHostnameResolver)
class GuardedResolver(CachingThreadedResolver):
    """DNS resolver (``TWISTED_DNS_RESOLVER``): the address Twisted connects to is checked here.

    The request was checked before it was sent (``url_problem``), but a rebinding DNS server can
    answer "public" to that check and "127.0.0.1" a moment later, to the lookup made for the
    connection. This resolver makes that lookup itself (every record, in one ``getaddrinfo`` call),
    fails it if **any** record is non-public — the same rule as the first check — and hands Twisted
    the first IPv4 record of that same answer. Only answers that passed are cached.
    """

    allow_private = False

    @classmethod
    def from_crawler(cls, crawler, reactor):
        # Scrapy builds the reactor's one resolver from the CrawlerProcess (its settings), before the
        # spiders have copied their config's switch into their crawlers' settings: the switch is
        # therefore looked up per lookup, from the crawlers running now.
        resolver = super().from_crawler(crawler, reactor)
        resolver.owner = crawler
        return resolver

    def _allow_private(self) -> bool:
        owner = getattr(self, "owner", None)
        if owner is None:
            return self.allow_private
        flags = [c.settings.getbool(ALLOW_SETTING) for c in getattr(owner, "crawlers", ())]
        return all(flags) if flags else owner.settings.getbool(ALLOW_SETTING)

    def install_on_reactor(self) -> None:
        self.reactor.installResolver(self)  # connectTCP (proxy tunnels): IPv4 only
        # Twisted's Agent connects through HostnameEndpoint, which asks the *name* resolver; the one
        # installResolver derives from this class can only answer IPv4, so http://[::1]:8080/ failed
        # with "no results for hostname lookup". Answer it here with IPv4 or IPv6.
        self.reactor.installNameResolver(self)

    def getHostByName(self, name, timeout=()):  # noqa: N802 - Twisted API
        return self._lookup(name, ipv6=False)

    def _lookup(self, name: str, *, ipv6: bool):
        key = f"{name} ipv6" if ipv6 else name
        if key in dnscache:
            return defer.succeed(dnscache[key])
        result = threads.deferToThreadPool(self.reactor, self.reactor.getThreadPool(), checked_address, name,
                                           self._allow_private(), ipv6=ipv6)
        if self.timeout:
            result.addTimeout(self.timeout, self.reactor)
        if dnscache.limit:
            result.addCallback(self._cache_result, key)
        return result

    def resolveHostName(self, receiver, hostName, portNumber=0, addressTypes=None, transportSemantics="TCP"):  # noqa: N802,N803
        """``IHostnameResolver``: the checked address (IPv4 first, else IPv6) for HostnameEndpoint."""
        resolution = HostResolution(hostName)
        receiver.resolutionBegan(resolution)

        def resolved(address: str) -> None:
            kind = IPv6Address if ":" in address else IPv4Address
            receiver.addressResolved(kind("TCP", address, portNumber))

        def failed(failure) -> None:  # the endpoint then fails with "no results for hostname lookup"
            if not failure.check(DNSLookupError):
                logger.warning("%s", failure.getErrorMessage())

        result = self._lookup(hostName, ipv6=True)
        result.addCallbacks(resolved, failed)
        result.addBoth(lambda _: receiver.resolutionComplete())
        return resolution


def checked_address(name: str, allow_private: bool = False, *, ipv6: bool = False) -> str:
    """The address to connect to for ``name``: its first IPv4 record, or with ``ipv6`` its first IPv6
    one when it has no IPv4 (an IPv6 literal such as ``::1``); raises when any record is non-public."""
    try:
        addresses = resolve(name)
    except OSError as exc:
        raise DNSLookupError(f"{name}: {exc}") from None
    if not allow_private:
        bad = [str(ip) for ip in addresses if not is_public(ip)]
        if bad:
            raise BlockedAddress(f"blocked_ssrf: {name} resolved to non-public {', '.join(bad)} at connect time — "
                                 f"{PRIVATE_HINT}")
    ipv4 = [str(ip) for ip in addresses if ip.version == 4]
    if ipv4:
        return ipv4[0]
    if ipv6 and addresses:
        return str(addresses[0])
    raise DNSLookupError(f"{name}: no IPv4 address")


async def browser_request_blocked(request, allow_private: bool = False) -> bool:
    """For scrapy-playwright's abort predicate: True for subrequests that must not leave the browser."""
    if not request.url.startswith(("http://", "https://")):
        return not request.url.startswith(("data:", "blob:", "about:"))
    # Runs on the event loop that drives Playwright: the lookup must not block it.
    return await url_problem_async(request.url, allow_private) is not None
