"""Recognise the shop platform from a page, so a store's catalog can be read through its API
(one request per 250 Shopify products) instead of one request per product page.

>>> detect_platform('<script>window.Shopify = {"shop": "x.myshopify.com"};</script>')
'shopify'
>>> detect_platform('<link rel="https://api.w.org/" href="/wp-json/"><body class="woocommerce-page">')
'woocommerce'
>>> detect_platform('<html><body>plain shop</body></html>') is None
True
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

_SHOPIFY = re.compile(r"cdn\.shopify\.com|window\.Shopify\s*=|Shopify\.shop\s*=|ShopifyAnalytics|myshopify\.com", re.I)
_WOO = re.compile(r"woocommerce|wc-block|/wp-json/wc/|wc_add_to_cart_params", re.I)
_WORDPRESS = re.compile(r"wp-content|wp-json|wordpress", re.I)


def detect_platform(html: str | bytes) -> str | None:
    """``'shopify'``, ``'woocommerce'`` or None."""
    text = html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html
    head = text[:300_000]
    if _SHOPIFY.search(head):
        return "shopify"
    if _WOO.search(head) and _WORDPRESS.search(head):
        return "woocommerce"
    return None


def api_url(platform: str, page_url: str) -> str:
    """First page of the platform's product API for a page of the store (Shopify collections keep
    their scope: ``/collections/x`` reads ``/collections/x/products.json``)."""
    parts = urlsplit(page_url)
    root = f"{parts.scheme}://{parts.netloc}/"
    if platform == "shopify":
        match = re.match(r"^(/(?:[a-z]{2}(?:-[a-z]{2})?/)?collections/[^/?#]+)", parts.path)
        base = urljoin(root, match.group(1) + "/") if match else root
        return urljoin(base, "products.json?limit=250&page=1")
    return urljoin(root, "wp-json/wc/store/v1/products?per_page=100&page=1")
