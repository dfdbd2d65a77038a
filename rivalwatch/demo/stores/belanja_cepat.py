"""``belanja-cepat``: JSON-LD competitor found through ``/sitemap.xml``; policy pages in JSON-LD and Bahasa.

v2: Madu Hutan Sumbawa 125.000 -> 115.000 (-8 %), Gula Aren goes out of stock,
JNE REG shipping Rp18.000 -> Rp20.000.
"""

from __future__ import annotations

from rivalwatch.demo.catalog import GULA, KOPI, MADU, TEH, VCO, offer, view_count
from rivalwatch.demo.web import (
    NOT_FOUND, Request, Response, Store, shipping_option, support_facts, xml_response,
)

_WORKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
_REGULAR = "reguler"


def _item(gtin: str, sku: str, price: str, was: str | None = None) -> tuple[str, dict]:
    gtin, product = offer(gtin, sku, price, was)
    product["path"] = product["path"].replace("/produk/", "/item/")
    return gtin, product


class BelanjaCepat(Store):
    """A marketplace-style competitor with rich structured data."""

    slug = "belanja-cepat"
    name = "BelanjaCepat"
    FACTS_V1 = {
        "name": "BelanjaCepat",
        "own": False,
        "country": "ID",
        "currency": "IDR",
        "products": dict([
            _item(KOPI, "BC-0101", "85000", was="95000"),
            _item(TEH, "BC-0102", "36000"),
            _item(MADU, "BC-0103", "125000"),
            _item(GULA, "BC-0104", "39900"),
            _item(VCO, "BC-0106", "62000"),
        ]),
        "shipping": {
            "options": [
                shipping_option("JNE REG", "18000", 2, 4, True),
                shipping_option("J&T EZ", "17000", 2, 5, True),
                shipping_option("SiCepat HALU", "14000", 3, 6, True),
                shipping_option("GoSend Same Day", "35000", 0, 0, None, region="Jabodetabek"),
            ],
            "free_shipping_threshold": {"amount": "250000", "currency": "IDR", "inclusive": True},
            "processing_days": {"min": 0, "max": 1},
        },
        "returns": {
            "window_days": 14,
            "window_starts": "delivery",
            "accepted": "any",
            "return_shipping_paid_by": "customer",
            "free_returns": False,
            "refund_types": ["money", "store_credit"],
            "restocking_fee": None,
            "label_provided": None,
            "refund_processing_days": {"min": 3, "max": 7},
        },
        "support": support_facts(
            phone=True, email=True, whatsapp=True, hours="setiap hari 07.00–22.00 WIB",
            faq=True, order_tracking=True, rating_value="4.8", rating_count=2314,
        ),
    }

    def apply_v2(self, facts: dict) -> None:
        facts["products"][MADU]["price"] = "115000"
        facts["products"][GULA]["availability"] = "OutOfStock"
        facts["shipping"]["options"][0]["price"] = "20000"

    def routes(self):
        return {
            "/": lambda r: self.page("home.html", r, org=self.organization(r)),
            "/sitemap.xml": self.sitemap,
            "/info/pengiriman": lambda r: self.page("shipping.html", r, ld=self.shipping_ld(r)),
            "/info/pengembalian": lambda r: self.page("returns.html", r, org=self.organization(r)),
            "/hubungi-kami": lambda r: self.page("support.html", r, org=self.organization(r)),
            "/bantuan": lambda r: self.page("faq.html", r),
            "/lacak": lambda r: self.page("tracking.html", r),
        }

    def prefix_routes(self):
        return {"/item/": self.product}

    def robots(self, request: Request) -> str:
        return f"User-agent: *\nAllow: /\n\nSitemap: {request.base_url}/sitemap.xml\n"

    def sitemap(self, request: Request) -> Response:
        """Sitemap of the product pages (fixed lastmod: re-crawls see identical bytes)."""
        urls = "".join(
            f"  <url><loc>{request.base_url}{p['path']}</loc><lastmod>2026-11-01</lastmod></url>\n"
            for p in self.published(request.version)["products"].values()
        )
        return xml_response(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
        )

    def product(self, request: Request, rest: str) -> Response:
        """Product page: JSON-LD Offer (strikethrough price as a StrikethroughPrice spec) + carousel."""
        found = self.product_by_path(request, request.path)
        if found is None:
            return NOT_FOUND
        gtin, product = found
        others = [p for g, p in self.published(request.version)["products"].items() if g != gtin]
        return self.page("product.html", request, gtin=gtin, product=product, others=others,
                         sold=view_count(gtin, salt=5) * 12, ld=self.product_ld(request, gtin, product))

    def product_ld(self, request: Request, gtin: str, product: dict) -> dict:
        url = request.base_url + product["path"]
        offer_ld = {
            "@type": "Offer", "url": url, "price": product["price"], "priceCurrency": "IDR",
            "availability": "https://schema.org/" + product["availability"],
            "itemCondition": "https://schema.org/NewCondition",
        }
        if product["was_price"]:
            offer_ld["priceSpecification"] = [{
                "@type": "UnitPriceSpecification", "priceType": "https://schema.org/StrikethroughPrice",
                "price": product["was_price"], "priceCurrency": "IDR",
            }]
        return {
            "@context": "https://schema.org", "@type": "Product", "name": product["title"],
            "sku": product["sku"], "gtin13": gtin, "url": url, "description": self.description(gtin),
            "brand": {"@type": "Brand", "name": product["brand"]}, "offers": offer_ld,
        }

    def shipping_ld(self, request: Request) -> dict:
        """schema.org OfferShippingDetails per option; the free-shipping threshold of the regular
        services sits on a ShippingRateSettings they link to (``shippingSettingsLink`` + ``shippingLabel``).

        Only ``transitTime`` is given: it is the estimate the page's table states, and handling +
        transit must not add up to more than that. The processing time is stated in the text.
        """
        shipping = self.published(request.version)["shipping"]
        settings_url = f"{request.base_url}/info/pengiriman#gratis-ongkir"
        graph = [self._shipping_details(option, settings_url) for option in shipping["options"]]
        graph.append({
            "@type": "ShippingRateSettings", "@id": settings_url, "shippingLabel": _REGULAR,
            "shippingDestination": {"@type": "DefinedRegion", "addressCountry": "ID"},
            "freeShippingThreshold": {"@type": "MonetaryAmount", "currency": "IDR",
                                      "value": shipping["free_shipping_threshold"]["amount"]},
        })
        return {"@context": "https://schema.org", "@graph": graph}

    @staticmethod
    def _shipping_details(option: dict, settings_url: str) -> dict:
        destination = {"@type": "DefinedRegion", "addressCountry": "ID"}
        if option["region"]:
            destination["addressRegion"] = option["region"]
        delivery = {"@type": "ShippingDeliveryTime", "transitTime": {
            "@type": "QuantitativeValue", "minValue": option["min_days"], "maxValue": option["max_days"],
            "unitCode": "DAY"}}
        if option["business_days"]:
            delivery["businessDays"] = {"@type": "OpeningHoursSpecification", "dayOfWeek": _WORKDAYS}
        details = {
            "@type": "OfferShippingDetails", "name": option["name"],
            "shippingRate": {"@type": "MonetaryAmount", "value": option["price"], "currency": "IDR"},
            "shippingDestination": destination, "deliveryTime": delivery,
        }
        if not option["region"]:  # same-day courier is not a "layanan reguler"
            details.update(shippingLabel=_REGULAR, shippingSettingsLink=settings_url)
        return details

    def organization(self, request: Request) -> dict:
        """Organization JSON-LD: contact point, rating and the MerchantReturnPolicy."""
        facts = self.published(request.version)
        returns, support = facts["returns"], facts["support"]
        return {
            "@context": "https://schema.org", "@type": "Organization", "name": self.name,
            "url": request.base_url + "/",
            "contactPoint": {
                "@type": "ContactPoint", "contactType": "customer service", "telephone": "+62-21-0000-7788",
                "email": "halo@belanjacepat.example", "availableLanguage": ["id"],
            },
            "aggregateRating": {"@type": "AggregateRating", "ratingValue": support["rating_value"],
                                "bestRating": "5", "ratingCount": support["rating_count"]},
            "hasMerchantReturnPolicy": {
                "@type": "MerchantReturnPolicy", "applicableCountry": "ID",
                "returnPolicyCategory": "https://schema.org/MerchantReturnFiniteReturnWindow",
                "merchantReturnDays": returns["window_days"],
                "returnMethod": "https://schema.org/ReturnByMail",
                "returnFees": "https://schema.org/ReturnFeesCustomerResponsibility",
                "refundType": ["https://schema.org/FullRefund", "https://schema.org/StoreCreditRefund"],
            },
        }
