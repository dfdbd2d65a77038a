"""Products whose prices are drawn by JavaScript: try one sample page in Chromium (behind the same
request guard as ``rivalwatch try --render browser``) and, when that shows a price the raw HTML did
not, crawl the product source with ``render: browser`` and a ``product_wait_for`` selector naming the
element the price appeared in (so the crawl waits for the script, not for a guess)."""

from __future__ import annotations

import re

from spiders import pages

_DIGITS = re.compile(r"\d")


def needs_browser(samples: list) -> bool:
    """Every sample page was read without a price (and there was at least one)."""
    return bool(samples) and all(item.price is None for item in samples)


def render_sample(url: str, *, allow_private: bool, currency: str | None):
    """(ProductItem from the rendered page, wait_for selector or None); (None, None) when rendering fails."""
    from spiders.preview import render_in_browser
    from core.safe_fetch import FetchError

    try:
        final_url, html, _status = render_in_browser(url, wait_for=None, allow_private=allow_private, timeout_ms=15_000)
    except (FetchError, Exception):  # noqa: BLE001 - no browser, a crash, a timeout: keep the HTTP result
        return None, None
    item = pages.extract_product(html, final_url, currency=currency)
    return item, (price_selector(html, item) if item.price is not None else None)


def price_selector(html: str, item) -> str | None:
    """``.cls:not(:empty)`` of the first classed element whose own text shows the price's digits."""
    from spiders.pages.structured import parse_tree

    tree = parse_tree(html)
    if tree is None:
        return None
    whole = format(item.price.normalize(), "f").split(".")[0]
    for element in tree.iter():
        text = re.sub(r"\D", "", element.text or "")
        classes = (element.get("class") or "").split() if isinstance(element.tag, str) else []
        if classes and whole and text.startswith(whole) and re.fullmatch(r"[A-Za-z_][\w-]*", classes[0]):
            return f".{classes[0]}:not(:empty)"
    return None
