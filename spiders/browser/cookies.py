"""``Set-Cookie`` lines of a response the browser never sees, as Playwright cookies.

The SSRF-guarded browser routes (``spiders.browser.routes``, ``spiders.preview``) fetch every
request themselves. Chromium stores the cookies of a response handed to it with ``route.fulfill``,
but a redirect followed (or handed to Scrapy) by the route is never shown to Chromium, so its
cookies are added to the browser context with ``context.add_cookies`` from these dicts.
"""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime
from http.cookies import CookieError, SimpleCookie
from urllib.parse import urlsplit


def cookies_from_set_cookie(url: str, header: str | None) -> list[dict]:
    """Playwright cookie dicts (``context.add_cookies``) for the ``Set-Cookie`` lines of a response to ``url``.

    A cookie whose Domain does not cover the URL's host is dropped (as a browser would).
    """
    if not header:
        return []
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    cookies = []
    for line in header.split("\n"):
        jar = SimpleCookie()
        try:
            jar.load(line)
        except CookieError:
            continue
        for name, morsel in jar.items():
            cookie: dict = {"name": name, "value": morsel.value}
            domain = morsel["domain"].lstrip(".").lower()
            path = morsel["path"] or None
            if domain:
                if host != domain and not host.endswith("." + domain):
                    continue
                cookie.update(domain="." + domain, path=path or "/")
            else:  # host-only: the URL gives the host; a path ending in "/" is used as it is
                base = f"{parts.scheme}://{parts.netloc}"
                cookie["url"] = base + (path.rstrip("/") + "/" if path else (parts.path or "/"))
            if morsel["max-age"]:
                try:
                    cookie["expires"] = time.time() + int(morsel["max-age"])
                except ValueError:
                    pass
            elif morsel["expires"]:
                try:
                    cookie["expires"] = parsedate_to_datetime(morsel["expires"]).timestamp()
                except (TypeError, ValueError):
                    pass
            cookie["httpOnly"] = bool(morsel["httponly"])
            cookie["secure"] = bool(morsel["secure"])
            if morsel["samesite"].lower() in ("strict", "lax", "none"):
                cookie["sameSite"] = morsel["samesite"].capitalize()
            cookies.append(cookie)
    return cookies
