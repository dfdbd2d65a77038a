"""The country a page is written for, from its own markup and URL: what a shared currency symbol
(``$``, ``¥``, ``kr``) and grouped digits ("24.990") mean when the store's config does not say.

Evidence, strongest first: the region of ``<html lang="es-CL">``, of ``og:locale`` (``es_CL``),
then the country-code top-level domain (``.cl``, ``.com.co``, ``.co.kr``). Generic-use ccTLDs
(``.co``, ``.io``, ``.tv`` ...) are not countries. Only the first part of the page is read, so this
costs nothing on large pages.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_HEAD_CHARS = 20_000
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?[a-zA-Z]{2,3}[-_]([a-zA-Z]{2})\b")
_OG_LOCALE = re.compile(r"<meta\b[^>]*?(?:property|name)\s*=\s*[\"']og:locale[\"'][^>]*?content\s*=\s*"
                        r"[\"'][a-zA-Z]{2,3}[-_]([a-zA-Z]{2})\b|<meta\b[^>]*?content\s*=\s*[\"'][a-zA-Z]{2,3}"
                        r"[-_]([a-zA-Z]{2})[\"'][^>]*?(?:property|name)\s*=\s*[\"']og:locale[\"']")
_GENERIC_TLDS = {"co", "io", "tv", "me", "ai", "ly", "fm", "gg", "to", "ws", "cc", "eu", "la", "am"}
_TLD_COUNTRY = {"uk": "GB"}


def page_country(text: str | None, url: str | None) -> str | None:
    """ISO 3166 country of a page, or None when neither markup nor domain says.

    >>> page_country('<html lang="es-CL"><head>', "https://shop.example/x")
    'CL'
    >>> page_country('<html lang="es"><meta property="og:locale" content="es_CO">', "https://a.example")
    'CO'
    >>> page_country("<html>", "https://www.tienda.com.co/p/1"), page_country("<html>", "https://brand.co/p")
    ('CO', None)
    """
    head = (text or "")[:_HEAD_CHARS]
    for pattern in (_HTML_LANG, _OG_LOCALE):
        match = pattern.search(head)
        if match:
            return next(g for g in match.groups() if g).upper()
    return country_of_domain(url)


def country_of_domain(url: str | None) -> str | None:
    """Country of a country-code top-level domain (``.cl``, ``.co.kr``), None for generic ones.

    >>> country_of_domain("https://www.paris.cl/x"), country_of_domain("https://shop.co.uk/"), country_of_domain("https://a.com")
    ('CL', 'GB', None)
    """
    host = (urlsplit(url or "").hostname or "").lower().rstrip(".")
    labels = host.split(".")
    if len(labels) < 2 or len(labels[-1]) != 2 or not labels[-1].isalpha():
        return None
    tld = labels[-1]
    if tld in _GENERIC_TLDS and not (len(labels) >= 3 and labels[-2] in {"com", "co", "net", "org"}):
        return None
    return _TLD_COUNTRY.get(tld, tld.upper())
