"""``pasar-kilat``: a JavaScript-rendered shop. Product pages and the shipping table are filled by
inline JS from ``/api/products/<id>.json`` and ``/api/shipping.json``; the raw HTML has no prices.

v2: return window 30 -> 14 days; Kopi Arabika Gayo 88.000 -> 84.000.
"""

from __future__ import annotations

from rivalwatch.demo.catalog import KOPI, MADU, SAMBAL, TEH, offer, view_count
from rivalwatch.demo.web import (
    NOT_FOUND, Request, Response, Store, days_id, json_response, shipping_option, support_facts,
)

PRODUCT_IDS = {KOPI: 101, TEH: 102, MADU: 103, SAMBAL: 105}


def _item(gtin: str, price: str) -> tuple[str, dict]:
    number = PRODUCT_IDS[gtin]
    return offer(gtin, f"PK-{number}", price, path=f"/produk/{number}")


class PasarKilat(Store):
    """A single-page-app style shop that needs a browser to show prices."""

    slug = "pasar-kilat"
    name = "Pasar Kilat"
    FACTS_V1 = {
        "name": "Pasar Kilat",
        "own": False,
        "country": "ID",
        "currency": "IDR",
        "products": dict([
            _item(KOPI, "88000"),
            _item(TEH, "33500"),
            _item(MADU, "119000"),
            _item(SAMBAL, "57500"),
        ]),
        "shipping": {
            "options": [
                shipping_option("J&T EZ", "16000", 2, 4, True),
                shipping_option("AnterAja Reguler", "15000", 3, 5, True),
                shipping_option("Kilat Instan", "30000", 0, 0, None, region="Jabodetabek"),
            ],
            "free_shipping_threshold": {"amount": "300000", "currency": "IDR", "inclusive": False},
            "processing_days": {"min": 1, "max": 1},
        },
        "returns": {
            "window_days": 30,
            "window_starts": "delivery",
            "accepted": "any",
            "return_shipping_paid_by": "customer",
            "free_returns": False,
            "refund_types": ["money", "exchange"],
            "restocking_fee": None,
            "label_provided": None,
            "refund_processing_days": {"min": 0, "max": 7},
        },
        "support": support_facts(
            live_chat=True, live_chat_vendor="Qiscus", email=True, hours="24 jam setiap hari",
            hours_24_7=True, faq=True, order_tracking=True,
        ),
    }

    def apply_v2(self, facts: dict) -> None:
        facts["returns"]["window_days"] = 14
        facts["products"][KOPI]["price"] = "84000"

    def routes(self):
        return {
            "/": lambda r: self.page("home.html", r),
            "/api/shipping.json": self.shipping_api,
            "/pengiriman": lambda r: self.page("shipping.html", r),
            "/kebijakan-retur": lambda r: self.page("returns.html", r),
            "/bantuan": lambda r: self.page("support.html", r),
            "/lacak": lambda r: self.page("tracking.html", r),
        }

    def prefix_routes(self):
        return {"/produk/": self.product, "/api/products/": self.product_api}

    def _find(self, request: Request, number: str) -> tuple[str, dict] | None:
        return self.product_by_path(request, f"/produk/{number}") if number.isdigit() else None

    def product(self, request: Request, rest: str) -> Response:
        """Product shell: empty title/price/stock, filled by inline JS."""
        found = self._find(request, rest)
        if found is None:
            return NOT_FOUND
        gtin, product = found
        others = [p for g, p in self.published(request.version)["products"].items() if g != gtin]
        return self.page("product.html", request, gtin=gtin, product=product, number=rest,
                         others=others, views=view_count(gtin, salt=2))

    def product_api(self, request: Request, rest: str) -> Response:
        """``/api/products/<id>.json``: what the product page's JS renders."""
        found = self._find(request, rest.removesuffix(".json")) if rest.endswith(".json") else None
        if found is None:
            return NOT_FOUND
        gtin, product = found
        in_stock = product["availability"] == "InStock"
        return json_response({
            "id": PRODUCT_IDS[gtin], "name": product["title"], "brand": product["brand"],
            "sku": product["sku"], "gtin": gtin, "price": int(product["price"]), "currency": "IDR",
            "in_stock": in_stock, "stock_label": "Stok tersedia" if in_stock else "Stok habis",
            "description": self.description(gtin),
        })

    def shipping_api(self, request: Request) -> Response:
        """``/api/shipping.json``: the option table the shipping page's JS draws."""
        options = self.published(request.version)["shipping"]["options"]
        return json_response({"currency": "IDR", "options": [
            {"service": o["name"], "price": int(o["price"]), "area": o["region"],
             "etd": days_id(o)}
            for o in options
        ]})
