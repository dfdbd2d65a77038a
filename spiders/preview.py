"""Preview what RivalWatch would extract from one URL (``rivalwatch try`` and the dashboard's
"try this URL" box): fetch (plain HTTP or headless Chromium), run the page object, and list each
field with its value and provenance, plus the fields that are missing.

Both fetch paths use the SSRF guard: plain HTTP through ``core.safe_fetch.fetch``; in the
browser every request (navigation, redirect hop, script, fetch/XHR, iframe) is intercepted and
fetched with ``safe_fetch.fetch_once`` — resolved once, every address checked, the connection
pinned to the checked address (no second lookup by Playwright, so DNS rebinding does not work,
reliability row A8), no redirect followed (each hop is checked the same way, row A9), the
navigation timeout, the 10 MB cap — and handed to Chromium with ``route.fulfill``. Method, body and
headers (with Chromium's Cookie header) are forwarded; the Set-Cookie of a redirect hop, which
Chromium never sees, goes into the browser context. A refused or failed navigation is reported
with the guard's own message (e.g. "… resolves to non-public address …"); the URL is checked once
before Chromium is started at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from core.safe_fetch import (MAX_BYTES, MAX_REDIRECTS, BlockedTarget, FetchError, FetchTimeout, checked_address,
                                   fetch, fetch_once, next_hop)

KIND_HINTS = {
    "shipping": ("shipping", "delivery", "pengiriman", "ongkir", "配送", "送料"),
    "returns": ("return", "refund", "retur", "pengembalian", "返品", "exchange"),
    "support": ("contact", "support", "help", "kontak", "bantuan", "faq", "お問い合わせ"),
}
BLOCKED_RESOURCES = frozenset({"image", "media", "font"})


@dataclass
class PreviewResult:
    """What a URL yields, field by field."""

    ok: bool
    url: str
    final_url: str | None = None
    status: int | None = None
    kind: str | None = None
    item: dict | None = None
    fields: list[tuple[str, object, str | None]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    error: str | None = None
    platform: str | None = None  # "shopify" / "woocommerce" when the page shows it
    product_links: list[str] = field(default_factory=list)  # listing previews
    next_page: str | None = None
    categories: list[str] = field(default_factory=list)
    note: str | None = None  # e.g. why a page asked for as a product is shown as a listing
    review: list[dict] = field(default_factory=list)  # policy facts: confidence, needs review, sentence


def guess_kind(url: str) -> str:
    """product unless the URL path names a policy page."""
    path = urlsplit(url).path.lower()
    for kind, words in KIND_HINTS.items():
        if any(word in path for word in words):
            return kind
    return "product"


def render_in_browser(url: str, *, wait_for: str | None, allow_private: bool, timeout_ms: int = 30_000) -> tuple[str, str, int]:
    """(final_url, html, status) of a page rendered by Chromium behind the request guard."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright
    from scrapy.settings import Settings

    from spiders.browser.config import CHROMIUM_ARGS, BrowserConfig
    from spiders.browser.settle import settle_sync

    executable = BrowserConfig.from_settings(Settings()).executable
    navigation: dict[str, FetchError] = {}
    with sync_playwright() as playwright:
        launch = {"headless": True, "args": CHROMIUM_ARGS, **({"executable_path": executable} if executable else {})}
        browser = playwright.chromium.launch(**launch)
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: _guarded(route, allow_private, timeout_ms / 1000, navigation))
            try:
                response = page.goto(url, timeout=timeout_ms, wait_until="load")
            except PlaywrightError:
                if "error" in navigation:
                    raise navigation["error"] from None  # the guard's message, not net::ERR_BLOCKED_BY_CLIENT
                raise
            if wait_for:
                page.wait_for_selector(wait_for, timeout=timeout_ms)
            else:
                settle_sync(page, timeout_ms)
            html = page.content()
            if len(html.encode("utf-8")) > MAX_BYTES:
                raise FetchError(f"rendered page too large (over {MAX_BYTES // (1024 * 1024)} MB): {url}")
            return page.url, html, response.status if response else 0
        finally:
            browser.close()


def _guarded(route, allow_private: bool, timeout: float, navigation: dict[str, FetchError]) -> None:
    """Fetch one request of the page through the pinned guard, following its redirects hop by hop.

    Chromium does not route redirect hops, so a 302 handed back to it could point anywhere; a hop
    is followed here, checked like the first URL. ``navigation["error"]`` keeps why the page's own
    (main-frame) navigation failed.
    """
    from playwright.sync_api import Error as PlaywrightError

    from spiders.browser.cookies import cookies_from_set_cookie

    request = route.request
    if request.resource_type in BLOCKED_RESOURCES or not request.url.startswith(("http://", "https://")):
        route.abort()
        return
    try:
        main_frame = request.is_navigation_request() and request.frame.parent_frame is None
        context = request.frame.page.context
    except PlaywrightError:
        main_frame, context = False, None
    url, method, body = request.url, request.method, request.post_data_buffer
    headers = request.all_headers()  # with the Cookie header Chromium would send
    for _hop in range(MAX_REDIRECTS + 1):
        try:
            status, received, data = fetch_once(url, allow_private=allow_private, method=method, headers=headers,
                                                body=body, timeout=timeout, max_bytes=MAX_BYTES)
        except FetchError as exc:
            if main_frame:
                navigation["error"] = exc
            route.abort("blockedbyclient" if isinstance(exc, BlockedTarget) else "timedout" if isinstance(exc, FetchTimeout) else "failed")
            return
        hop = next_hop(url, status, received.get("location"), method, body)
        if hop is None:
            route.fulfill(status=status, headers=received, body=data)
            return
        cookies = cookies_from_set_cookie(url, received.get("set-cookie"))
        if cookies and context is not None:
            context.add_cookies(cookies)
        url, method, body = hop
        headers = {k: v for k, v in headers.items() if k.lower() != "cookie"}
        jar = context.cookies(url) if context is not None else []
        if jar:
            headers["cookie"] = "; ".join(f"{c['name']}={c['value']}" for c in jar)
    if main_frame:
        navigation["error"] = FetchError(f"too many redirects (more than {MAX_REDIRECTS}) from {request.url}")
    route.abort("blockedbyclient")


def _describe(item) -> tuple[list, list[str]]:
    data = item.model_dump(mode="json", exclude={"url", "provenance", "kind", "text", "evidence"})
    provenance = item.provenance or {}
    present = [(name, value, provenance.get(name)) for name, value in data.items() if value not in (None, [], "")]
    missing = [name for name, value in data.items() if value in (None, []) and name not in ("price_note", "text_hash")]
    return present, missing


def preview_url(
    url: str,
    *,
    kind: str | None = None,
    render: str = "http",
    wait_for: str | None = None,
    selectors: dict | None = None,
    currency: str | None = None,
    country: str | None = None,
    allow_private: bool = False,
) -> PreviewResult:
    """Fetch ``url`` and show what the page object extracts; never raises for bad URLs or pages."""
    from spiders import pages

    guessed = kind is None
    kind = kind or guess_kind(url)
    result = PreviewResult(ok=False, url=url, kind=kind)
    try:
        if render == "browser":
            checked_address(url, allow_private=allow_private)  # refused before Chromium starts
            final_url, html, status = render_in_browser(url, wait_for=wait_for, allow_private=allow_private)
        else:
            fetched = fetch(url, allow_private=allow_private)
            final_url, html, status = fetched.url, fetched.body.decode("utf-8", errors="replace"), fetched.status
    except FetchError as exc:
        result.error = str(exc)
        return result
    except Exception as exc:  # browser failures of any kind: one line for the analyst
        result.error = f"browser rendering failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        return result
    result.final_url, result.status = final_url, status
    from spiders.pages.platform_detect import detect_platform

    result.platform = detect_platform(html)
    context = {"currency": currency, "country": country}
    if kind == "listing":
        return _listing(result, html, final_url, selectors)
    if kind == "product":
        item = pages.extract_product(html, final_url, selectors=selectors, **context)
        if guessed and looks_like_listing(html, final_url, item, selectors):
            result.note = (f"this looks like a listing page ({len(pages.find_product_links(html, final_url))} product "
                           "links, no product markup): shown as a listing; pass --kind product to read it as one product")
            return _listing(result, html, final_url, selectors)
    elif kind == "support":
        item = pages.extract_support(html, final_url)
    else:
        extract = pages.extract_shipping if kind == "shipping" else pages.extract_returns
        item = extract(html, final_url, **context)
        if item is None:
            result.ok, result.error = True, f"no {kind} terms found on the page"
            return result
    result.item = item.model_dump(mode="json", exclude={"text"})
    result.fields, result.missing = _describe(item)
    if kind in ("shipping", "returns"):
        from spiders.review import review_rows

        result.review = review_rows(item.model_dump(mode="json"))
    result.ok = True
    return result


LISTING_MIN_LINKS = 3
_STRUCTURED = ("jsonld", "microdata", "rdfa", "opengraph", "selector")


def looks_like_listing(html: str, url: str, item, selectors: dict | None) -> bool:
    """A page of product tiles, not a product: several product links and no structured or selected price
    (a heuristic price there is the first tile's, which ``rivalwatch try`` must not present as a product)."""
    from spiders import pages

    source = (item.provenance or {}).get("price", "")
    if source.startswith(_STRUCTURED):
        return False
    return len(pages.find_product_links(html, url, selectors)) >= LISTING_MIN_LINKS


def _listing(result: PreviewResult, html: str, url: str, selectors: dict | None) -> PreviewResult:
    """Product links, the next-page link and category links of a listing page."""
    from spiders import pages
    from spiders.pages.categories import find_category_links

    result.kind = "listing"
    result.product_links = pages.find_product_links(html, url, selectors)
    result.next_page = pages.find_next_page(html, url, selectors)
    result.categories = find_category_links(html, url, exclude=set(result.product_links))
    result.fields = [("product_links", len(result.product_links), "selector" if selectors and "product_links" in selectors else "auto"),
                     ("next_page", result.next_page, "selector" if selectors and "next_page" in selectors else "auto"),
                     ("categories", len(result.categories), "auto")]
    result.missing = [name for name, value in (("product_links", result.product_links), ("next_page", result.next_page)) if not value]
    result.ok = True
    return result
