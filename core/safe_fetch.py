"""Fetch one URL for previews and one-off extraction, with the SSRF guard on every hop.

Only http/https; the host is resolved once, every address must be public (``core.netguard``),
and the connection goes to that checked address (so DNS rebinding between check and connect does
not work); redirects are followed by hand (at most ``MAX_REDIRECTS``) and each hop is checked
again; bodies are capped at ``MAX_BYTES``. ``fetch_once`` is one such pinned hop on its own: the
browser route handlers (``spiders.browser.routes`` for rendered crawls, ``spiders.preview`` for
``rivalwatch try --render browser``) send every request of a page through it and hand the answer
to Chromium with ``route.fulfill``, so Playwright's own resolver never looks the name up again
(reliability row A8). Errors: ``BlockedTarget`` (the guard refused the address), ``FetchTimeout``,
``ResponseTooLarge`` — all ``FetchError``.
"""

from __future__ import annotations

import http.client
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from core.netguard import is_public, refusal, resolve

MAX_REDIRECTS = 5
MAX_BYTES = 10 * 1024 * 1024
TIMEOUT = 15
USER_AGENT = "RivalWatch/0.1 (preview; +https://github.com/rivalwatch/rivalwatch)"


class FetchError(Exception):
    """The URL could not be fetched; the message is one line for the user."""


class BlockedTarget(FetchError):
    """The SSRF guard refused the URL's address (non-public); nothing was sent."""


class FetchTimeout(FetchError):
    """Connecting or reading took longer than the timeout."""


class ResponseTooLarge(FetchError):
    """The body is longer than the caller's limit (never truncated silently)."""


@dataclass(frozen=True)
class Fetched:
    """A fetched page."""

    url: str
    status: int
    content_type: str
    body: bytes


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, address: str, port: int, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, address: str, port: int, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def checked_address(url: str, *, allow_private: bool) -> tuple[str, str, int]:
    """(scheme, address, port) for a URL whose host passes the guard; raises FetchError otherwise."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"only http and https URLs can be fetched (got {scheme or 'no scheme'}): {url}")
    if "\\" in url or not parts.hostname:
        raise FetchError(f"malformed URL: {url}")
    port = parts.port or (443 if scheme == "https" else 80)
    try:
        addresses = resolve(parts.hostname, port)
    except OSError as exc:
        raise FetchError(f"cannot resolve {parts.hostname}: {exc}") from None
    if not allow_private:
        bad = [str(a) for a in addresses if not is_public(a)]
        if bad:
            raise BlockedTarget(refusal(parts.hostname, bad))
    return scheme, str(addresses[0]), port


HOP_BY_HOP = frozenset({"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"})


def fetch_once(url: str, *, allow_private: bool = False, method: str = "GET", headers: dict[str, str] | None = None,
               body: bytes | None = None, timeout: float = TIMEOUT,
               max_bytes: int | None = None) -> tuple[int, dict[str, str], bytes]:
    """One request, no redirect followed, sent to the address the guard checked: (status, headers, body).

    For callers that must not let another resolver look the name up again between the check and the
    connection — the browser route handlers, which would otherwise fetch through Playwright's own
    DNS (a rebinding window). Request headers: hop-by-hop ones, ``Host``, HTTP/2 pseudo-headers and
    ``Accept-Encoding`` are dropped (the answer is asked for as identity). Response headers: lower-case
    names without hop-by-hop ones; a repeated header is joined with ", ", except ``set-cookie``, joined
    with "\n" (what Playwright's ``route.fulfill`` splits on). ``timeout`` (seconds) bounds the
    connect and each read. The body holds at most ``MAX_BYTES + 1`` bytes (callers such as ``fetch``
    decide); with ``max_bytes`` a longer body raises ``ResponseTooLarge`` instead.
    """
    scheme, address, port = checked_address(url, allow_private=allow_private)
    parts = urlsplit(url)
    connection_class = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    connection = connection_class(parts.hostname, address, port, timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    sent = {k: v for k, v in (headers or {}).items()
            if not k.startswith(":") and k.lower() not in HOP_BY_HOP | {"host", "accept-encoding"}}
    if not any(k.lower() == "user-agent" for k in sent):
        sent["User-Agent"] = USER_AGENT
    sent["Accept-Encoding"] = "identity"
    limit = MAX_BYTES if max_bytes is None else min(max_bytes, MAX_BYTES)
    try:
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        data = response.read(limit + 1)
        received: dict[str, str] = {}
        for name, value in response.getheaders():
            name = name.lower()
            if name in HOP_BY_HOP:
                continue
            received[name] = f"{received[name]}{chr(10) if name == 'set-cookie' else ', '}{value}" if name in received else value
    except TimeoutError:
        raise FetchTimeout(f"could not fetch {url}: timed out after {timeout:g} s") from None
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(f"could not fetch {url}: {exc}") from None
    finally:
        connection.close()
    if max_bytes is not None and len(data) > limit:
        size = f"{limit // (1024 * 1024)} MB" if limit % (1024 * 1024) == 0 else f"{limit} bytes"
        raise ResponseTooLarge(f"response too large (over {size}): {url}")
    return response.status, received, data


REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def next_hop(url: str, status: int, location: str | None, method: str = "GET",
             body: bytes | None = None) -> tuple[str, str, bytes | None] | None:
    """Where a redirect answer leads: ``(url, method, body)`` of the next hop, or None when the
    answer is not a redirect. 303 — and 301/302 to a non-GET, as browsers do — become a GET without
    a body. The one rule for the preview fetch, the preview browser and the crawl's browser routes."""
    if status not in REDIRECT_STATUSES or not location:
        return None
    if status == 303 or (status in (301, 302) and method != "GET"):
        method, body = "GET", None
    return urljoin(url, location), method, body


def fetch(url: str, *, allow_private: bool = False, headers: dict[str, str] | None = None) -> Fetched:
    """GET ``url`` following up to ``MAX_REDIRECTS`` checked redirects (``headers``: e.g. a User-Agent)."""
    current = url
    sent = headers
    for _hop in range(MAX_REDIRECTS + 1):
        status, headers, body = fetch_once(current, allow_private=allow_private, headers=sent)
        hop = next_hop(current, status, headers.get("location"))
        if hop is not None:
            current = hop[0]
            continue
        if len(body) > MAX_BYTES:
            raise FetchError(f"response too large (over {MAX_BYTES // (1024 * 1024)} MB): {current}")
        if status >= 400:
            raise FetchError(f"could not fetch {current}: HTTP {status}")
        return Fetched(current, status, headers.get("content-type", ""), body)
    raise FetchError(f"too many redirects (more than {MAX_REDIRECTS}) from {url}")
