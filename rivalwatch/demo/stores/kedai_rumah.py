"""``kedai-rumah``: a Shopify store (``/products.json``, ``/meta.json``) with English policy pages.

v2: free shipping from Rp150.000 (none in v1); VCO 68.000 -> 72.000.
"""

from __future__ import annotations

from rivalwatch.demo.catalog import GULA, KOPI, MADU, PRODUCTS, SAMBAL, VCO, offer
from rivalwatch.demo.web import (
    NOT_FOUND, Request, Response, Store, json_response, shipping_option, support_facts,
)

SHOP_DOMAIN = "kedai-rumah.myshopify.com"
CREATED = "2026-01-15T10:00:00+07:00"  # fixed: re-crawls must see identical JSON
MAX_LIMIT = 250


def _item(gtin: str, sku: str, price: str, was: str | None = None, availability: str = "InStock"):
    gtin, product = offer(gtin, sku, price, was, availability)
    product["path"] = f"/products/{PRODUCTS[gtin].handle}"
    return gtin, product


def _money(amount: str | None) -> str | None:
    return None if amount is None else f"{int(amount)}.00"


def _int_param(raw: str | None, default: int, low: int, high: int) -> int:
    return min(max(int(raw), low), high) if raw and raw.isdigit() else default


class KedaiRumah(Store):
    """A small Shopify shop (theme Dawn) that writes its policies in English."""

    slug = "kedai-rumah"
    name = "Kedai Rumah"
    FACTS_V1 = {
        "name": "Kedai Rumah",
        "own": False,
        "country": "ID",
        "currency": "IDR",
        "products": dict([
            _item(KOPI, "KR-GAYO-250", "92000"),
            _item(MADU, "KR-MADU-500", "129000"),
            _item(GULA, "KR-AREN-500", "45000", availability="OutOfStock"),
            _item(SAMBAL, "KR-ROA-200", "52000", was="60000"),
            _item(VCO, "KR-VCO-250", "68000"),
        ]),
        "shipping": {
            "options": [
                shipping_option("JNE Regular", "19000", 2, 5, True),
                shipping_option("SiCepat BEST", "24000", 1, 2, True),
                shipping_option("Local pickup", "0", None, None, None),
            ],
            "free_shipping_threshold": None,
            "processing_days": {"min": 1, "max": 2},
        },
        "returns": {
            "window_days": 30,
            "window_starts": "delivery",
            "accepted": "any",
            "return_shipping_paid_by": "customer",
            "free_returns": False,
            "refund_types": ["money"],
            "restocking_fee": None,
            "label_provided": False,
            "refund_processing_days": {"min": 0, "max": 10},
        },
        "support": support_facts(
            live_chat=True, live_chat_vendor="Shopify Inbox", email=True, whatsapp=True,
            hours="Monday–Friday, 9am–5pm WIB",
        ),
    }

    def apply_v2(self, facts: dict) -> None:
        facts["shipping"]["free_shipping_threshold"] = {"amount": "150000", "currency": "IDR", "inclusive": True}
        facts["products"][VCO]["price"] = "72000"

    def routes(self):
        return {
            "/": lambda r: self.page("home.html", r),
            "/products.json": self.products_json,
            "/meta.json": lambda r: json_response(self.meta(r)),
            "/shop.json": lambda r: json_response({"shop": self.meta(r)}),
            "/policies/shipping-policy": lambda r: self.page("shipping.html", r),
            "/policies/refund-policy": lambda r: self.page("returns.html", r),
            "/pages/contact": lambda r: self.page("support.html", r),
        }

    def prefix_routes(self):
        return {"/products/": self.product}

    def shopify_products(self, version: int) -> list[dict]:
        """The catalogue in Shopify's public ``/products.json`` shape (one variant each)."""
        return [self._shopify_product(i, gtin, p) for i, (gtin, p)
                in enumerate(self.published(version)["products"].items(), start=1)]

    def _shopify_product(self, index: int, gtin: str, product: dict) -> dict:
        product_id = 7_100_000_000 + index
        variant = {
            "id": 42_000_000_000 + index, "title": "Default Title", "option1": "Default Title",
            "option2": None, "option3": None, "sku": product["sku"], "barcode": gtin,
            "requires_shipping": True, "taxable": True, "featured_image": None,
            "available": product["availability"] == "InStock", "price": _money(product["price"]),
            "grams": 500, "compare_at_price": _money(product["was_price"]), "position": 1,
            "product_id": product_id, "created_at": CREATED, "updated_at": CREATED,
        }
        handle = product["path"].rsplit("/", 1)[1]
        return {
            "id": product_id, "title": product["title"], "handle": handle,
            "body_html": f"<p>{self.description(gtin)}</p>", "published_at": CREATED,
            "created_at": CREATED, "updated_at": CREATED, "vendor": product["brand"],
            "product_type": "Makanan & Minuman", "tags": ["nusantara"], "variants": [variant],
            "images": [{
                "id": 33_000_000_000 + index, "position": 1, "product_id": product_id,
                "src": f"https://cdn.shopify.com/s/files/1/0600/0000/0001/products/{handle}.jpg?v=1736910000",
                "width": 1024, "height": 1024, "variant_ids": [],
            }],
            "options": [{"name": "Title", "position": 1, "values": ["Default Title"]}],
        }

    def products_json(self, request: Request) -> Response:
        """``/products.json?limit=N&page=P`` (limit 1–250, default 30; empty list past the end)."""
        limit = _int_param(request.query.get("limit"), 30, 1, MAX_LIMIT)
        page = _int_param(request.query.get("page"), 1, 1, 10**6)
        products = self.shopify_products(request.version)
        return json_response({"products": products[(page - 1) * limit: page * limit]})

    def meta(self, request: Request) -> dict:
        """Shop metadata as Shopify's ``/meta.json`` serves it."""
        return {
            "id": 60_000_000_001, "name": self.name, "city": "Yogyakarta", "province": "Daerah Istimewa Yogyakarta",
            "country": "ID", "currency": "IDR", "domain": request.base_url.split("://", 1)[1],
            "url": request.base_url, "myshopify_domain": SHOP_DOMAIN,
            "description": "Pantry staples from across the archipelago, packed in Yogyakarta.",
            "ships_to_countries": ["ID"], "money_format": "Rp {{amount_no_decimals_with_comma_separator}}",
            "published_collections_count": 1,
            "published_products_count": len(self.published(request.version)["products"]),
        }

    def product(self, request: Request, rest: str) -> Response:
        """``/products/<handle>`` (HTML with Dawn-style JSON-LD) and ``/products/<handle>.json``."""
        as_json = rest.endswith(".json")
        path = request.path.removesuffix(".json")
        found = self.product_by_path(request, path)
        if found is None:
            return NOT_FOUND
        gtin, product = found
        index = list(self.published(request.version)["products"]).index(gtin) + 1
        shopify = self._shopify_product(index, gtin, product)
        if as_json:
            return json_response({"product": shopify})
        return self.page("product.html", request, gtin=gtin, product=product, shopify=shopify)
