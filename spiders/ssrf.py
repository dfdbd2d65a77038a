"""SSRF guard for crawls: only http(s) to public addresses, checked before each request (every
redirect hop is a new request), again when DNS is resolved for the connection (so a rebinding DNS
answer is caught at fetch time), and for every subrequest a rendered page makes in Chromium.

Loopback and private targets are allowed only with the explicit switch ``allow_private_targets:
true`` in ``rivalwatch.yaml`` or ``RIVALWATCH_ALLOW_PRIVATE_TARGETS=1`` — for tests and the local
demo. Blocked requests are counted as ``rivalwatch/blocked_ssrf`` and never stored.
"""

from __future__ import annotations

import logging
import os
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver, dnscache
from twisted.internet import defer, threads
from twisted.internet.error import DNSLookupError

from rivalwatch.netguard import BlockedAddress, check_host, is_public, resolve

logger = logging.getLogger(__name__)
ALLOW_ENV = "RIVALWATCH_ALLOW_PRIVATE_TARGETS"
_allow_private = False


def allow_private_targets(flag: bool | None = None) -> bool:
    """Read (or, with ``flag``, set) the process-wide switch; the environment variable also enables it."""
    global _allow_private
    if flag is not None:
        _allow_private = bool(flag)
    return _allow_private or os.environ.get(ALLOW_ENV, "").lower() in ("1", "true", "yes")


def url_problem(url: str) -> str | None:
    """Why ``url`` must not be fetched, or None."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return f"scheme {parts.scheme or 'none'!r} is not allowed"
    if "\\" in url or not parts.hostname:
        return "malformed URL"
    if allow_private_targets():
        return None
    try:
        check_host(parts.hostname, parts.port)
    except BlockedAddress as exc:
        return str(exc)
    return None


class SSRFGuardMiddleware:
    """Downloader middleware: refuse non-http(s) and non-public targets before connecting."""

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_request(self, request, spider=None):
        problem = url_problem(request.url)
        if problem is None:
            return None
        self.stats.inc_value("rivalwatch/blocked_ssrf")
        logger.warning("blocked_ssrf: %s (%s)", request.url, problem)
        raise IgnoreRequest(f"blocked_ssrf: {problem}")

    def process_response(self, request, response, spider=None):
        # Chromium follows redirects of a rendered page itself (routes do not see the hops), so a
        # browser response that ended on a non-public address is discarded here.
        if response.url != request.url and request.meta.get("playwright"):
            problem = url_problem(response.url)
            if problem is not None:
                self.stats.inc_value("rivalwatch/blocked_ssrf")
                logger.warning("blocked_ssrf: browser ended on %s (%s)", response.url, problem)
                raise IgnoreRequest(f"blocked_ssrf: {problem}")
        return response


class GuardedResolver(CachingThreadedResolver):
    """DNS resolver (``TWISTED_DNS_RESOLVER``): the address Twisted connects to is checked here.

    The request was checked before it was sent (``url_problem``), but a rebinding DNS server can
    answer "public" to that check and "127.0.0.1" a moment later, to the lookup made for the
    connection. This resolver makes that lookup itself (every record, in one ``getaddrinfo`` call),
    fails it if **any** record is non-public — the same rule as the first check — and hands Twisted
    the first IPv4 record of that same answer. Only answers that passed are cached.
    """

    def getHostByName(self, name, timeout=()):  # noqa: N802 - Twisted API
        if name in dnscache:
            return defer.succeed(dnscache[name])
        result = threads.deferToThreadPool(self.reactor, self.reactor.getThreadPool(), checked_address, name)
        if self.timeout:
            result.addTimeout(self.timeout, self.reactor)
        if dnscache.limit:
            result.addCallback(self._cache_result, name)
        return result


def checked_address(name: str) -> str:
    """The IPv4 address to connect to for ``name``; raises when any record of it is non-public."""
    try:
        addresses = resolve(name)
    except OSError as exc:
        raise DNSLookupError(f"{name}: {exc}") from None
    if not allow_private_targets():
        bad = [str(ip) for ip in addresses if not is_public(ip)]
        if bad:
            raise BlockedAddress(f"blocked_ssrf: {name} resolved to non-public {', '.join(bad)} at connect time")
    ipv4 = [str(ip) for ip in addresses if ip.version == 4]
    if not ipv4:
        raise DNSLookupError(f"{name}: no IPv4 address")
    return ipv4[0]


async def browser_request_blocked(request) -> bool:
    """For scrapy-playwright's abort predicate: True for subrequests that must not leave the browser."""
    if not request.url.startswith(("http://", "https://")):
        return not request.url.startswith(("data:", "blob:", "about:"))
    return url_problem(request.url) is not None
