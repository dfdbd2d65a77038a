"""What a store's home page leads to: platform, product sources, category tree, policy pages.

Order of preference for products (cheapest and most complete first, as a crawl reads them):
a platform API (Shopify ``/products.json``, WooCommerce Store API), a sitemap whose pages are
product pages (``Sitemap:`` lines of robots.txt, then common paths), else the listing pages: the
home page walked like a ``listing`` source with ``follow_categories`` (the same page objects the
spider uses: ``spiders.pages.listing`` and ``spiders.pages.categories``), following pagination
(rel=next, next / berikutnya / 次へ links, ``?page=N`` / ``/page/N`` links).
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from rivalwatch.onboard.fetcher import BudgetExhausted, Page, PoliteFetcher
from spiders import pages
from spiders.pages.categories import find_category_links
from spiders.pages.platform_detect import api_url, detect_platform

POLICY_WORDS = {
    "shipping": ("shipping", "delivery", "pengiriman", "ongkir", "ongkos kirim", "配送", "送料", "発送"),
    "returns": ("return", "refund", "retur", "pengembalian", "返品", "返金", "交換"),
    "support": ("contact", "support", "help", "hubungi", "kontak", "bantuan", "faq", "お問い合わせ",
                "ヘルプ", "サポート"),
}
SHOPIFY_POLICIES = {"shipping": "/policies/shipping-policy", "returns": "/policies/refund-policy",
                    "support": "/pages/contact"}
COMMON_SITEMAPS = ("/sitemap.xml", "/sitemap_index.xml", "/sitemap_products_1.xml", "/product-sitemap.xml")
SAMPLE_SIZE = 5
CATEGORY_DEPTH = 2
_ANCHOR = re.compile(r"<a\b[^>]*href\s*=\s*[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", re.I | re.S)
_TAGS = re.compile(r"<[^>]+>")


@dataclass
class Discovery:
    """Everything ``rivalwatch add`` found (and what it did not)."""

    url: str
    home: Page | None = None
    platform: str | None = None
    sitemaps: list[str] = field(default_factory=list)
    product_source: str | None = None  # shopify | woocommerce | sitemap | listing
    listing_url: str | None = None
    categories: list[str] = field(default_factory=list)
    paginated: list[str] = field(default_factory=list)  # listing pages reached through a next link
    product_urls: list[str] = field(default_factory=list)
    api_products: list = field(default_factory=list)  # ProductItems read from a platform API
    policies: dict[str, str] = field(default_factory=dict)
    currency: str | None = None
    notes: list[str] = field(default_factory=list)
    budget_spent: bool = False
    render: str = "http"  # "browser" when product prices are drawn by JavaScript
    product_wait_for: str | None = None
    rendered_policies: dict[str, str] = field(default_factory=dict)  # kind -> HTML Chromium drew (render: browser)


def discover(url: str, fetcher: PoliteFetcher, *, reserve: int = 12) -> Discovery:
    """Walk the store from ``url`` within the fetcher's budget (keeping ``reserve`` pages, at most a third
    of the budget, for the sample products and policy pages of the preview)."""
    reserve = min(reserve, fetcher.budget // 3)
    found = Discovery(url=url)
    found.home = fetcher.get(url)
    if found.home is None:
        found.notes.append(f"home page {url} could not be fetched: {'; '.join(fetcher.errors) or 'no answer'}")
        return found
    found.platform = detect_platform(found.home.text)
    found.policies = policy_pages(found.home, fetcher, found.platform)
    try:
        if found.platform in ("shopify", "woocommerce"):
            _platform_products(found, fetcher)
        if not found.product_source:
            _sitemap_products(found, fetcher)
        if not found.product_source:
            _walk_listing(found, fetcher, reserve)
    except BudgetExhausted as exc:
        found.budget_spent = True
        found.notes.append(f"{exc}: the product count is a lower bound")
    return found


def _root(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def policy_pages(home: Page, fetcher: PoliteFetcher, platform: str | None) -> dict[str, str]:
    """Shipping, returns and support pages linked from the home page (footer, menus; EN / ID / JA)."""
    found: dict[str, str] = {}
    root = _root(home.url)
    for href, label in _ANCHOR.findall(home.text):
        absolute = urljoin(home.url, href.strip()).split("#")[0]
        if _root(absolute) != root or absolute.rstrip("/") == root:
            continue
        text = (_TAGS.sub(" ", label) + " " + urlsplit(absolute).path).lower()
        for kind, words in POLICY_WORDS.items():
            if kind not in found and any(word in text for word in words):
                found[kind] = absolute
                break
    if platform == "shopify":
        for kind, path in SHOPIFY_POLICIES.items():
            if kind not in found and (page := fetcher.get(root + path)) is not None and page.status == 200:
                found[kind] = root + path
    return found


def _platform_products(found: Discovery, fetcher: PoliteFetcher) -> None:
    url = api_url(found.platform, found.home.url)
    page = fetcher.get(url)
    if page is None or "json" not in page.content_type:
        found.notes.append(f"{found.platform} detected but its product API ({url}) did not answer JSON")
        return
    if found.platform == "shopify":
        meta = fetcher.get(_root(found.home.url) + "/meta.json")
        found.currency = pages.shopify_currency(meta.body if meta else found.home.text) or pages.shopify_currency(found.home.text)
        items = pages.products_from_shopify(page.body, page.url, currency=found.currency or "USD")
    else:
        items = pages.products_from_woocommerce(page.body, page.url)
        found.currency = next((i.currency for i in items if i.currency), None)
    if items:
        found.product_source, found.api_products = found.platform, items
        found.product_urls = [i.url for i in items]


def _sitemap_urls(found: Discovery, fetcher: PoliteFetcher) -> list[str]:
    from scrapy.utils.sitemap import Sitemap

    root = _root(found.home.url)
    queue = deque(fetcher.robots_sitemaps(root) or [root + path for path in COMMON_SITEMAPS])
    urls: list[str] = []
    seen: set[str] = set()
    while queue and len(seen) < 6:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        page = fetcher.get(url)
        if page is None or page.status != 200 or b"<" not in page.body[:200]:
            continue
        try:
            sitemap = Sitemap(page.body)
        except Exception:  # noqa: BLE001 - not XML: a soft 404 page
            continue
        if not urls and url not in found.sitemaps:
            found.sitemaps.append(url)
        locs = [e.get("loc", "").strip() for e in sitemap]
        if sitemap.type == "sitemapindex":
            queue.extend(loc for loc in locs if "product" in loc.lower()) or queue.extend(locs)
        else:
            urls.extend(loc for loc in locs if loc.startswith(("http://", "https://")))
    return urls


def _sitemap_products(found: Discovery, fetcher: PoliteFetcher) -> None:
    urls = _sitemap_urls(found, fetcher)
    if not urls:
        return
    sample = urls[:3]
    priced = sum(1 for u in sample if (p := fetcher.get(u)) is not None and pages.extract_product(p.text, p.url).price)
    if priced * 10 >= 8 * len(sample):  # the sitemap lists product pages, not the whole site
        found.product_source, found.product_urls = "sitemap", urls
    else:
        found.notes.append(f"sitemap {found.sitemaps[0]} lists pages that are not product pages; using listings")


def _walk_listing(found: Discovery, fetcher: PoliteFetcher, reserve: int) -> None:
    """The home page read as a listing with follow_categories, as the spider will (breadth first)."""
    home = found.home
    found.product_source, found.listing_url = "listing", home.url
    products: dict[str, None] = {}
    queue: deque[tuple[str, int, int]] = deque([(home.url, 0, 1)])  # url, category depth, page
    seen = {home.url}
    while queue:
        if fetcher.used >= fetcher.budget - reserve:
            found.budget_spent = True
            found.notes.append(f"stopped walking listings after {fetcher.used} requests: the product count is a lower bound")
            return
        url, depth, number = queue.popleft()
        page = home if url == home.url else fetcher.get(url)
        if page is None:
            continue
        links = pages.find_product_links(page.text, page.url)
        products.update(dict.fromkeys(links))
        found.product_urls = list(products)
        if number == 1 and depth < CATEGORY_DEPTH:
            for category in find_category_links(page.text, page.url, exclude=set(links)):
                if category not in seen:
                    seen.add(category)
                    found.categories.append(category)
                    queue.append((category, depth + 1, 1))
        next_url = pages.find_next_page(page.text, page.url)
        if next_url and next_url not in seen:
            seen.add(next_url)
            found.paginated.append(next_url)
            queue.append((next_url, depth, number + 1))
