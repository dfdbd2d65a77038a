"""``tokoku``: the own store. Bahasa Indonesia, JSON-LD product pages, a paginated category page.

Never changes between versions (it is the reference every competitor is compared with).
"""

from __future__ import annotations

from rivalwatch.demo.catalog import GULA, KOPI, MADU, SAMBAL, TEH, VCO, offer, view_count
from rivalwatch.demo.web import NOT_FOUND, Request, Response, Store, shipping_option, support_facts

PER_PAGE = 4


class Tokoku(Store):
    """The own store (config ``own: true``)."""

    slug = "tokoku"
    name = "Tokoku"
    FACTS_V1 = {
        "name": "Tokoku",
        "own": True,
        "country": "ID",
        "currency": "IDR",
        "products": dict([
            offer(KOPI, "TK-KOPI-250", "89000"),
            offer(TEH, "TK-TEH-100", "35000"),
            offer(MADU, "TK-MADU-500", "125000"),
            offer(GULA, "TK-GULA-500", "42000"),
            offer(SAMBAL, "TK-SAMBAL-200", "55000"),
            offer(VCO, "TK-VCO-250", "65000"),
        ]),
        "shipping": {
            "options": [
                shipping_option("JNE REG", "18000", 2, 4, True),
                shipping_option("JNE YES", "32000", 1, 1, True),
                shipping_option("SiCepat HALU", "15000", 3, 5, True),
                shipping_option("Ambil di toko", "0", None, None, None),
            ],
            "free_shipping_threshold": {"amount": "200000", "currency": "IDR", "inclusive": True},
            "processing_days": {"min": 0, "max": 1},
        },
        "returns": {
            "window_days": 7,
            "window_starts": "delivery",
            "accepted": "defect_only",
            "return_shipping_paid_by": "merchant",
            "free_returns": True,
            "refund_types": ["money", "exchange"],
            "restocking_fee": None,
            "label_provided": None,
            "refund_processing_days": {"min": 3, "max": 5},
        },
        "support": support_facts(
            live_chat=True, live_chat_vendor="tawk.to", phone=True, email=True, whatsapp=True,
            hours="Senin–Sabtu 08.00–20.00 WIB", faq=True, order_tracking=True,
        ),
    }

    def routes(self):
        return {
            "/": lambda r: self.page("home.html", r),
            "/kategori/semua": self.listing,
            "/pengiriman": lambda r: self.page("shipping.html", r),
            "/retur": lambda r: self.page("returns.html", r),
            "/kontak": lambda r: self.page("support.html", r),
            "/bantuan": lambda r: self.page("faq.html", r),
            "/lacak-pesanan": lambda r: self.page("tracking.html", r),
        }

    def prefix_routes(self):
        return {"/produk/": self.product}

    def listing(self, request: Request) -> Response:
        """Category page: 4 products a page, ``?page=N``, ``<a rel="next">`` while more follow."""
        products = sorted(self.published(request.version)["products"].items(), key=lambda kv: kv[1]["title"])
        pages = (len(products) + PER_PAGE - 1) // PER_PAGE
        number = request.query.get("page", "1")
        if not number.isdigit() or not 1 <= int(number) <= pages:
            return NOT_FOUND
        number = int(number)
        shown = products[(number - 1) * PER_PAGE: number * PER_PAGE]
        return self.page("listing.html", request, products=shown, number=number, pages=pages)

    def product(self, request: Request, rest: str) -> Response:
        """Product page with JSON-LD Product/Offer, and related products as page noise."""
        found = self.product_by_path(request, request.path)
        if found is None:
            return NOT_FOUND
        gtin, product = found
        related = [(g, p) for g, p in self.published(request.version)["products"].items() if g != gtin][:3]
        return self.page("product.html", request, gtin=gtin, product=product, related=related,
                         views=view_count(gtin))
