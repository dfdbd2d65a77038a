"""Pages drawn by JavaScript, checked in Chromium (behind the same request guard as ``rivalwatch try
--render browser``).

Products: when one sample page shows a price in Chromium that the raw HTML did not, the product
source is crawled with ``render: browser`` and a ``product_wait_for`` selector naming the element the
price appeared in (so the crawl waits for the script, not for a guess).

Shipping and returns pages: checked in Chromium when the store draws its prices with JavaScript or
the raw page states no terms at all; when Chromium shows more terms (a rate table filled from an
API), the page is crawled with ``render: browser`` (read once its network is quiet) and the preview
shows what Chromium showed — never a silent half page.
"""

from __future__ import annotations

import re

from spiders import pages

_DIGITS = re.compile(r"\d")


def needs_browser(samples: list) -> bool:
    """Every sample page was read without a price (and there was at least one)."""
    return bool(samples) and all(item.price is None for item in samples)


def rendered(url: str, *, allow_private: bool) -> tuple[str, str] | None:
    """(final URL, HTML) of the page drawn by Chromium; None when rendering fails."""
    from spiders.preview import render_in_browser

    try:
        final_url, html, _status = render_in_browser(url, wait_for=None, allow_private=allow_private, timeout_ms=15_000)
    except Exception:  # noqa: BLE001 - no browser, a crash, a timeout, a refusal: keep the HTTP result
        return None
    return final_url, html


def render_sample(url: str, *, allow_private: bool, currency: str | None):
    """(ProductItem from the rendered page, wait_for selector or None); (None, None) when rendering fails."""
    page = rendered(url, allow_private=allow_private)
    if page is None:
        return None, None
    item = pages.extract_product(page[1], page[0], currency=currency)
    return item, (price_selector(page[1], item) if item.price is not None else None)


def check_policy_pages(found, fetcher, currency: str | None, *, allow_private: bool) -> None:
    """Mark the shipping / returns pages whose terms only Chromium shows (``found.rendered_policies``)."""
    from rivalwatch.onboard.fetcher import BudgetExhausted
    from rivalwatch.onboard.report import policy_facts

    for kind in ("shipping", "returns"):
        url = found.policies.get(kind)
        try:
            raw = fetcher.get(url) if url else None
        except BudgetExhausted:  # the preview says which pages the budget left unread
            return
        if raw is None:
            continue
        in_raw = policy_facts(kind, raw.text, raw.url, currency)
        if found.render != "browser" and in_raw:
            continue  # prices in plain HTML and terms read: no reason to start a browser
        page = rendered(raw.url, allow_private=allow_private)
        if page is not None and len(policy_facts(kind, page[1], page[0], currency)) > len(in_raw):
            found.rendered_policies[kind] = page[1]
            found.notes.append(f"the {kind} page's terms are drawn by JavaScript: it is rendered with Chromium")


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
