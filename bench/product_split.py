"""The fixed development / validation split of the product benchmark pages (``benchmark_dev``).

Rule, fixed before any tuning of issue #15: a page belongs to the **validation** split when the
first eight hex digits of the SHA-256 of its site (the registrable host of its labelled URL without
``www.``, e.g. ``amazon.com``, ``otto.de``), read as an integer, modulo 10 are 7, 8 or 9; every
other page is **development** (≈70 / 30 by site). All pages of one site fall on the same side, so a
rule tuned on a site's development pages cannot score on that site's validation pages. Tune the
extractor on development pages only; a validation failure is fixed by fixing its class with a
development case or a fixture of our own, never by a rule for that page or site.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

DEVELOPMENT, VALIDATION = "development", "validation"


def site_of(url: str) -> str:
    """The site a page belongs to: its host, lower-cased, without ``www.`` and port.

    >>> site_of("https://www.Amazon.com/dp/B07FW264WL")
    'amazon.com'
    >>> site_of("https://m.otto.de:443/p/x")
    'm.otto.de'
    """
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def split_of(url: str) -> str:
    """``development`` or ``validation`` for a labelled page URL."""
    digest = hashlib.sha256(site_of(url).encode("utf-8")).hexdigest()
    return VALIDATION if int(digest[:8], 16) % 10 >= 7 else DEVELOPMENT
