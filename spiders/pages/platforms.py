"""Platform JSON: Shopify ``/products.json`` and the WooCommerce Store API.

These feeds are the highest-confidence layer (the store's own catalogue), so they bypass HTML.
Shopify prices are decimal strings without a currency (the store's currency comes from config, or
from ``shopify_currency`` reading ``/meta.json`` or the home page);
WooCommerce prices are integers in minor units with ``currency_minor_unit`` digits.
The variant/offer choice is the page rule of ``product``: in-stock variants first, then the
lowest price among them.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from urllib.parse import urljoin

from spiders.items import ProductItem, ShippingItem, ShippingOption
from spiders.pages import money


def _load(body: bytes | str) -> object:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None


def products_from_shopify(body: bytes | str, url: str, *, currency: str) -> list[ProductItem]:
    """One ProductItem per product of a Shopify ``/products.json`` page; [] if not that format."""
    data = _load(body)
    products = data.get("products") if isinstance(data, dict) else None
    if not isinstance(products, list):
        return []
    return [item for item in (_shopify_product(p, url, currency) for p in products) if item]


def _shopify_product(product: object, url: str, currency: str) -> ProductItem | None:
    if not isinstance(product, dict):
        return None
    variants = [v for v in product.get("variants") or [] if isinstance(v, dict)]
    priced = [v for v in variants if (money.to_decimal(v.get("price")) or 0) > 0]
    in_stock = [v for v in priced if v.get("available") is True]
    pool = in_stock or priced
    variant = min(pool, key=lambda v: money.to_decimal(v["price"])) if pool else {}
    price = money.to_decimal(variant.get("price")) if variant else None
    was = money.to_decimal(variant.get("compare_at_price"))
    available = variant.get("available") if variant else None
    handle = product.get("handle")
    values = {
        "title": product.get("title"), "price": price, "currency": currency.upper() if price and currency else None,
        "was_price": was if was and price and was > price else None,
        "availability": {True: "InStock", False: "OutOfStock"}.get(available),
        "sku": variant.get("sku") or None, "gtin": variant.get("barcode") or None,
        "brand": product.get("vendor") or None,
    }
    provenance = {k: f"shopify:{_SHOPIFY_SOURCE.get(k, k)}" for k, v in values.items() if v is not None}
    if price is None:
        values["price_note"] = "no price found: the Shopify product has no priced variant"
    page = urljoin(url, f"/products/{handle}") if handle else url
    return ProductItem(url=page, provenance=provenance, **values)


def shopify_currency(body: bytes | str) -> str | None:
    """The store's ISO currency from a Shopify ``/meta.json`` (or ``/shop.json``) or home page; None if not stated.

    ``/meta.json`` gives the shop's own currency, the one ``/products.json`` prices are in, so prefer it.
    A home page states the visitor's *active* currency (``Shopify.currency = {"active": "IDR", "rate":
    "1.0"}``, ``ShopifyAnalytics.meta.currency``); an active currency with a rate other than 1 is a
    converted display currency, not the shop's, and is ignored.

    >>> shopify_currency('{"name": "Kedai", "currency": "IDR"}')
    'IDR'
    >>> shopify_currency('<script>Shopify.currency = {"active":"EUR","rate":"0.0000586"};</script>') is None
    True
    """
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body or ""
    data = _load(text) if text.lstrip()[:1] == "{" else None
    if isinstance(data, dict):
        shop = data.get("shop") if isinstance(data.get("shop"), dict) else data
        return _iso(shop.get("currency"))
    found = _SHOPIFY_CURRENCY.search(text)
    if found:
        active = _load(found.group(1))
        if isinstance(active, dict) and _unit_rate(active.get("rate")):
            return _iso(active.get("active"))
    found = _ANALYTICS_CURRENCY.search(text)
    return _iso(found.group(1) or found.group(2)) if found else None


_SHOPIFY_CURRENCY = re.compile(r"Shopify\.currency\s*=\s*(\{[^{}]{0,300}\})")
_ANALYTICS_CURRENCY = re.compile(r"ShopifyAnalytics\.meta\.currency\s*=\s*['\"]([A-Za-z]{3})['\"]|"
                                 r"ShopifyAnalytics\.meta\s*=\s*\{[^<]{0,5000}?\"currency\"\s*:\s*\"([A-Za-z]{3})\"")


def _iso(value: object) -> str | None:
    return value.strip().upper() if isinstance(value, str) and re.fullmatch(r"[A-Za-z]{3}", value.strip()) else None


def _unit_rate(rate: object) -> bool:
    """True when no rate is given or it is 1 (the active currency is the shop's own)."""
    if rate is None:
        return True
    try:
        return Decimal(str(rate)) == 1
    except InvalidOperation:
        return False


_SHOPIFY_SOURCE = {"price": "variants[].price", "was_price": "variants[].compare_at_price",
                   "availability": "variants[].available", "sku": "variants[].sku",
                   "gtin": "variants[].barcode", "brand": "vendor", "currency": "config"}


def products_from_woocommerce(body: bytes | str, url: str) -> list[ProductItem]:
    """ProductItems from a Store API products list, a single product, or a cart's items."""
    data = _load(body)
    if isinstance(data, dict):
        data = data.get("items") if isinstance(data.get("items"), list) else [data]
    if not isinstance(data, list):
        return []
    return [item for item in (_woo_product(p, url) for p in data) if item]


def _woo_product(product: object, url: str) -> ProductItem | None:
    if not isinstance(product, dict) or not isinstance(product.get("prices"), dict):
        return None
    prices = product["prices"]
    digits = prices.get("currency_minor_unit", 2)
    price = money.minor_units(prices.get("price"), digits)
    regular = money.minor_units(prices.get("regular_price"), digits)
    in_stock = product.get("is_in_stock")
    availability = {True: "InStock", False: "OutOfStock"}.get(in_stock)
    if product.get("is_on_backorder"):
        availability = "BackOrder"
    values = {
        "title": product.get("name"), "price": price if price else None,
        "was_price": regular if regular and price and regular > price else None,
        "currency": money.currency_to_iso(prices.get("currency_code")),
        "availability": availability, "sku": product.get("sku") or None,
    }
    provenance = {k: f"woocommerce:{_WOO_SOURCE[k]}" for k, v in values.items() if v is not None}
    if not values["price"]:
        values["price_note"] = "no price found: the WooCommerce product has no price"
    return ProductItem(url=product.get("permalink") or url, provenance=provenance, **values)


_WOO_SOURCE = {"title": "name", "price": "prices.price", "was_price": "prices.regular_price",
               "currency": "prices.currency_code", "availability": "is_in_stock", "sku": "sku"}


def shipping_from_woocommerce_cart(body: bytes | str, url: str) -> ShippingItem | None:
    """Shipping options quoted by a Store API cart response (``shipping_rates``)."""
    data = _load(body)
    packages = data.get("shipping_rates") if isinstance(data, dict) else None
    if not isinstance(packages, list):
        return None
    options = []
    for package in packages:
        for rate in (package.get("shipping_rates") or []) if isinstance(package, dict) else []:
            price = money.minor_units(rate.get("price"), rate.get("currency_minor_unit", 2))
            region = (package.get("destination") or {}).get("country") or None
            options.append(ShippingOption(name=rate.get("name") or rate.get("method_id") or "shipping",
                                          price=price, currency=money.currency_to_iso(rate.get("currency_code")),
                                          region=region))
    if not options:
        return None
    return ShippingItem(url=url, options=options, provenance={"options": "woocommerce:cart.shipping_rates"})
