"""Every fact listed for structured data in ``shared/realworld/README.md``, pinned field by field.

Covers google_search_central, schemaorg_examples, extruct_schemaorg_product, the extruct real pages
and the WooCommerce samples. JSON files and schema.org example blocks are wrapped into a
``<script type="application/ld+json">`` page, so they go through the same path as real pages.
A failure names the field and both values.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from spiders.pages import extract_product, extract_returns, extract_shipping, extract_support
from spiders.pages.platforms import products_from_woocommerce, shipping_from_woocommerce_cart
from spiders.pages.product import choose_offer, main_product, product_offers
from spiders.pages.shipping_returns import returns_facts, shipping_facts, shipping_item_from_facts
from spiders.pages.structured import decode_html, extract_structured, loads_tolerant, parse_tree

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
REAL = SHARED / "realworld"
GSC = REAL / "structured_data" / "google_search_central"
SDO = REAL / "structured_data" / "schemaorg_examples"
URL = "https://shop.example/item"

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason=f"shared real-world data not found at {REAL}")


def expect(obj, **fields) -> None:
    """Assert attribute/key values; the failure lists every wrong field by name."""
    wrong = []
    for name, want in fields.items():
        got = obj.get(name) if isinstance(obj, dict) else getattr(obj, name)
        if isinstance(want, str) and isinstance(got, Decimal) or isinstance(got, str) and isinstance(want, Decimal):
            got, want = Decimal(str(got)), Decimal(str(want))
        elif isinstance(want, (int, float)) and isinstance(got, Decimal):
            want = Decimal(str(want))
        if got != want:
            wrong.append(f"{name}: expected {want!r}, got {got!r}")
    assert not wrong, "; ".join(wrong)


def page(obj) -> str:
    return f'<html><head><script type="application/ld+json">{json.dumps(obj)}</script></head><body></body></html>'


def as_product(fragment: dict) -> dict:
    """Google's ``{"offers": ...}`` fragments, given the Product they belong to."""
    return {"@context": "https://schema.org/", "@type": "Product", "name": "Nice trinket", **fragment}


def read(name: str) -> str:
    return (GSC / name).read_text(encoding="utf-8")


def data_of(html: str):
    return extract_structured(parse_tree(decode_html(html)), URL)


def offer_of(html: str):
    data = data_of(html)
    syntax, product = main_product(data)
    return choose_offer(product_offers(data, product), URL)[0]


def sdo_blocks(name: str) -> list:
    """JSON-LD blocks of a schema.org example file (``JSON:`` sections)."""
    text = (SDO / name).read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    return [loads_tolerant(b) for b in blocks]


# --- google_search_central: merchant listings ---------------------------------------------

@pytest.mark.parametrize("name", ["gsc_merchant_listing_01_product_basic.html",
                                  "gsc_merchant_listing_01_product_basic.microdata.html"])
def test_gsc_basic_product(name):
    item = extract_product(read(name), URL)
    expect(item, title="Executive Anvil", price="119.99", currency="USD", availability="InStock")
    if name.endswith("basic.html"):
        expect(offer_of(read(name)), condition="UsedCondition", valid_through="2024-11-20")
        data = data_of(read(name))
        assert shipping_facts(data) == [] and returns_facts(data) == [], "no shipping/return data expected"


@pytest.mark.parametrize("name", ["gsc_merchant_listing_06_strikethrough_price.json",
                                  "gsc_merchant_listing_07_strikethrough_pricespec.json",
                                  "gsc_merchant_listing_08_sale_price_with_dates.json",
                                  "gsc_merchant_listing_09_sale_pricespec_with_dates.json"])
def test_gsc_sale_and_strikethrough(name):
    html = page(json.loads(read(name)))
    expect(extract_product(html, URL), price="10.00", was_price="15.00", currency="GBP")
    if "with_dates" in name:
        expect(offer_of(html), valid_from="2025-11-20T08:00:00+00:00", valid_through="2025-11-30T23:59:59+00:00")


def test_gsc_member_price_is_not_the_price():
    html = page(as_product(json.loads(read("gsc_merchant_listing_10_member_price.fragment.json"))))
    expect(extract_product(html, URL), price="10.00", currency="GBP", was_price=None)
    amount, currency, tiers = offer_of(html).member_prices[0]
    assert (Decimal(str(amount)), currency, tiers[0].endswith("tier_gold")) == (Decimal("8"), "GBP", True)


def test_gsc_sale_strikethrough_member_tiers():
    html = page(as_product(json.loads(read("gsc_merchant_listing_12_sale_strike_member_tiers.fragment.json"))))
    expect(extract_product(html, URL), price="9.00", was_price="10.00", currency="GBP")
    members = {Decimal(str(a)): [t.rsplit("#", 1)[-1] for t in tiers] for a, _, tiers in offer_of(html).member_prices}
    assert members == {Decimal("8"): ["tier_silver"], Decimal("7"): ["tier_gold", "tier_platinum"]}, f"member_prices: {members}"


def test_gsc_unit_price_reference():
    html = page(as_product(json.loads(read("gsc_merchant_listing_14_unit_price.fragment.json"))))
    expect(extract_product(html, URL), price="200.00", currency="EUR")
    expect(offer_of(html), unit_reference="200 ML")


@pytest.mark.parametrize("name", ["gsc_merchant_listing_15_shipping_details.html",
                                  "gsc_merchant_listing_15_shipping_details.microdata.html"])
def test_gsc_offer_shipping_details(name):
    html = read(name)
    expect(extract_product(html, URL), title="Nice trinket", price="39.99", currency="USD", availability="InStock")
    expect(offer_of(html), condition="NewCondition")
    shipping = shipping_item_from_facts(shipping_facts(data_of(html)), URL)
    expect(shipping.options[0], price="3.49", currency="USD", region="US", min_days=1, max_days=6)
    expect(shipping.processing_days, min=0, max=1)


def test_gsc_free_shipping_to_new_york():
    html = page(as_product({"offers": {"@type": "Offer", **json.loads(read("gsc_merchant_listing_18_free_shipping_NY.fragment.json"))}}))
    option = extract_shipping(html, URL).options[0]
    expect(option, price="0", currency="USD", region="US (NY)")


def test_gsc_offer_return_policy_chf():
    html = page(json.loads(read("gsc_merchant_listing_19_offer_return_policy_CHF.json")))
    expect(extract_product(html, URL), price="39.99", currency="CHF", availability="InStock")
    facts = returns_facts(data_of(html))[0]
    expect(facts, countries=["CH"], category="MerchantReturnFiniteReturnWindow", window_days=60,
           method="ReturnByMail", fees="ReturnShippingFees")
    expect(facts["fee_amount"], price="3.49", currency="CHF")
    expect(extract_returns(html, URL), window_days=60, accepted="any", return_shipping_paid_by="customer",
           free_returns=False)


# --- google_search_central: return and shipping policies ----------------------------------

def test_gsc_org_return_policy_60_days_free():
    html = page(json.loads(read("gsc_return_policy_01_org_60d_free.json")))
    facts = returns_facts(data_of(html))[0]
    expect(facts, countries=["DE", "AT", "CH"], return_country="IE", window_days=60, conditions=["NewCondition"],
           method="ReturnByMail", fees="FreeReturn", refund_types=["money"], label="ReturnLabelCustomerResponsibility")
    expect(extract_returns(html, URL), window_days=60, accepted="any", return_shipping_paid_by="merchant",
           free_returns=True, refund_types=["money"], label_provided=False)


def test_gsc_return_policy_remorse_defect_seasonal_invalid_json():
    html = read("gsc_return_policy_02_full_remorse_defect_seasonal.html")
    facts = returns_facts(data_of(html))[0]
    expect(facts, window_days=60, conditions=["NewCondition", "DamagedCondition"], method="ReturnByMail",
           fees="ReturnShippingFees", refund_types=["money"], label="ReturnLabelInBox",
           remorse_label="ReturnLabelDownloadAndPrint", defect_fees="FreeReturn", defect_label="ReturnLabelInBox")
    expect(facts["fee_amount"], price="2.99", currency="EUR")
    expect(facts["remorse_fee_amount"], price="5.99", currency="EUR")
    expect(facts["seasonal"][0], window_days=30, start="2025-12-01", end="2025-01-05")  # end < start upstream
    expect(extract_returns(html, URL), window_days=60, return_shipping_paid_by="depends", label_provided=True)


def test_gsc_org_shipping_service_invalid_json():
    html = read("gsc_shipping_policy_01_org_shippingservice.html")
    rows = shipping_facts(data_of(html))
    assert len(rows) == 4, f"rows: expected 4 shipping conditions, got {len(rows)}"
    us_paid, us_free, mx_none, mx_pct = rows
    for row in rows:
        expect(row, handling_days=(0, 1), cutoff="14:30:00-07:00")
    expect(us_paid, region="US, CA", order_min=0, order_max="29.99", price="3.49", currency="USD", transit_days=(1, 2))
    expect(us_free, region="US, CA", order_min=30, price="0", transit_days=(1, 1))
    expect(mx_none, region="MX", order_max="49.99", does_not_ship=True)
    expect(mx_pct, region="MX", order_min=50, order_percentage="0.10", price=None, transit_days=(2, 3))
    item = extract_shipping(html, URL)
    expect(item.free_shipping_threshold, amount="30", currency="USD", inclusive=True)
    expect(item.processing_days, min=0, max=1)
    assert not any(o.region == "MX" and o.price is None and "10%" not in o.name for o in item.options), \
        "options: the MX 'does not ship' tier must not become an option"


# --- google_search_central: variants and invalid JSON -------------------------------------

def test_gsc_product_group_with_shared_shipping_and_returns():
    html = read("gsc_product_variants_01_productgroup_shipping_return.html")
    item = extract_product(html, URL)
    expect(item, title="Wool winter coat", price="39.99", currency="USD", availability="InStock")
    data = data_of(html)
    offers = [(o.get("price"), o.get("availability", "").rsplit("/", 1)[-1]) for o, _ in product_offers(data, main_product(data)[1])]
    assert offers == [(39.99, "InStock"), (39.99, "InStock"), (49.99, "BackOrder")], f"variant offers: {offers}"
    assert main_product(data)[1]["productGroupID"] == "44E01"
    shipping = extract_shipping(html, URL)
    expect(shipping.options[0], price="2.99", currency="USD", region="US", min_days=1, max_days=6)
    expect(shipping.processing_days, min=0, max=1)
    expect(returns_facts(data)[0], countries=["US"], window_days=60, method="ReturnByMail", fees="FreeReturn")
    expect(extract_returns(html, URL), window_days=60, free_returns=True)


def test_gsc_product_group_invalid_json_variants():
    html = read("gsc_product_variants_02_productgroup.html")
    data = data_of(html)
    assert data.invalid_jsonld == 0, "invalid_jsonld: the tolerant parser should read this block"
    prices = sorted(o.get("price") for o, _ in product_offers(data, main_product(data)[1]))
    assert prices == [39.99, 39.99, 49.99], f"variant prices: {prices}"
    expect(extract_product(html, URL), price="39.99", currency="USD", availability=None)


def test_gsc_loyalty_program_has_no_price():
    html = read("gsc_loyalty_program_01.html")
    data = data_of(html)
    tiers = [t["name"] for _, p in data.find("MemberProgram") for t in p["hasTiers"]]
    assert tiers == ["silver", "gold"], f"tiers: {tiers}"
    item = extract_product(html, URL)
    expect(item, price=None)
    assert item.price_note, "price_note: a page without a product must say why there is no price"


# --- schema.org examples ------------------------------------------------------------------

def test_sdo_offer_shipping_details_nested_delivery_time():
    (block,) = sdo_blocks("sdo-offer-shipping-details-examples.txt")
    row = shipping_facts(data_of(page(block)))[0]
    expect(row, price="4.95", currency="USD", handling_days=(1, 2), transit_days=(1, 10), min_days=2, max_days=12,
           cutoff="12:00:15Z", business_days=True)


def test_sdo_issue_3617_v2_shipping_services():
    free_us_ca, org, per_weight = sdo_blocks("issue-3617-examples.txt")
    row = shipping_facts(data_of(page(free_us_ca)))[0]
    expect(row, price="0", currency=None, region="US, CA")  # bare "0": no currency in markup
    members, standard = shipping_facts(data_of(page(org)))
    expect(members, name="Members Free Shipping", price="0", member_only=True)
    expect(standard, name="Standard Shipping", price="9.99", currency="USD", region=None)
    row = shipping_facts(data_of(page(per_weight)))[0]
    expect(row, order_min="35", order_max="200", order_currency=None, price="10", currency="USD",
           weight_percentage="1.0", region="US, CA", cutoff="14:30:00-07:00", business_days=True)
    expect(row, handling_days=(None, 1), transit_days=(None, 1))  # 30 min and 3.5 h round up to a day


def test_sdo_issue_4505_wine_not_returnable_free_shipping():
    (block,) = sdo_blocks("issue-4505-examples.txt")
    html = page(block)
    expect(extract_product(html, URL), title="Château Snotty 2020", price="999.00", currency="EUR", availability="InStock")
    expect(extract_returns(html, URL), accepted="none", window_days=None)
    expect(returns_facts(data_of(html))[0], countries=["EU"], category="MerchantReturnNotPermitted")
    (row,) = shipping_facts(data_of(html))
    expect(row, name="Postal Service", price="0", currency="EUR", region="EU", min_days=2, max_days=7,
           order_value="100.0", order_currency="EUR")
    expect(extract_support(html, URL), rating_value="4.7", rating_count=33)


def test_sdo_issue_3563_member_price_and_unresolvable_policies():
    (block,) = sdo_blocks("issue-3563-examples.txt")
    html = page(block)
    expect(extract_product(html, URL), title="Large light blue coat", price="15", currency="USD", availability="BackOrder")
    amount, currency, tiers = offer_of(html).member_prices[0]
    assert (Decimal(str(amount)), currency, len(tiers)) == (Decimal("9.95"), "USD", 2), "member_prices"
    data = data_of(html)
    assert shipping_facts(data) == [] and returns_facts(data) == [], "policies are @id references only"


def test_sdo_offered_by_local_delivery():
    blocks = sdo_blocks("sdo-offeredby-examples.txt")
    pizza = next(b for b in blocks if isinstance(b, dict) and b.get("name") == "Joe's Pizza")
    (row,) = shipping_facts(data_of(page(pizza)))
    expect(row, name="DeliveryModeOwnFleet", region="within 5 km", radius_m="5000", min_order="20.00",
           min_order_currency="USD")


# --- extruct's schema.org product and real pages ------------------------------------------

@pytest.mark.parametrize("name", ["product.html", "product_microdata.html"])
def test_extruct_executive_anvil(name):
    html = (REAL / "structured_data" / "extruct_schemaorg_product" / name).read_text(encoding="utf-8")
    expect(extract_product(html, URL), title="Executive Anvil", price="119.99", currency="USD",
           availability="InStock", was_price="179.99")
    expect(offer_of(html), condition="UsedCondition", valid_through="2020-11-05")


def test_extruct_opengraph_product_page():
    html = (REAL / "product_pages" / "extruct_pages" / "opengraph_ns_product_test.html").read_bytes()
    item = extract_product(html, "https://www.fye.com/better-off-dead")
    expect(item, price="17.99", currency="USD", availability="InStock")
    assert "Better Off Dead" in (item.title or ""), f"title: {item.title!r}"


def test_extruct_microdata_pack_offers():
    html = (REAL / "product_pages" / "extruct_pages" / "microdata-with-description.html").read_bytes()
    data = data_of(html)
    offers = {o.get("sku"): (o.get("price"), o.get("availability", "").rsplit("/", 1)[-1])
              for o, _ in product_offers(data, main_product(data)[1])}
    assert offers.get("CS20858_1") == ("9.56", "InStock"), f"6-treatment pack: {offers}"
    assert offers.get("CS20858_2") == ("5.29", "InStock"), f"3-treatment pack: {offers}"
    # Rule: the lowest in-stock offer is the page's price (the "from" price of the aggregate offer).
    expect(extract_product(html, "https://www.monsterpetsupplies.co.uk/cat/flea"), price="5.29", currency="GBP",
           availability="InStock")


# --- WooCommerce Store API ----------------------------------------------------------------

def test_woocommerce_products_list():
    body = (REAL / "platform_json" / "woocommerce" / "wc_store_api_products_list_example.json").read_bytes()
    (item,) = products_from_woocommerce(body, URL)
    expect(item, title="WordPress Pennant", price="11.05", currency="GBP", was_price=None, availability="InStock",
           sku="wp-pennant")


def test_woocommerce_cart_items_and_shipping_rates():
    body = (REAL / "platform_json" / "woocommerce" / "wc_store_api_cart_response_example.json").read_bytes()
    items = {i.title: i for i in products_from_woocommerce(body, URL)}
    expect(items["Beanie with Logo"], price="18.00", was_price="20.00", currency="USD")
    expect(items["Belt"], price="55.00", was_price="65.00", currency="USD")
    rates = {o.name: (o.price, o.currency) for o in shipping_from_woocommerce_cart(body, URL).options}
    assert rates == {"Flat rate": (Decimal("13"), "USD"), "Free shipping": (Decimal("0"), "USD"),
                     "Local pickup": (Decimal("0"), "USD")}, f"shipping options: {rates}"


def test_shipping_details_repeated_on_each_variant_are_one_option():
    details = {"@type": "OfferShippingDetails", "shippingRate": {"@type": "MonetaryAmount", "value": 4, "currency": "EUR"},
               "shippingDestination": {"@type": "DefinedRegion", "addressCountry": "DE"}}
    group = {"@type": "ProductGroup", "name": "Shirt", "hasVariant": [
        {"@type": "Product", "offers": {"@type": "Offer", "price": 20, "priceCurrency": "EUR", "shippingDetails": details}}
        for _ in range(3)]}
    item = extract_shipping(page(group), URL)
    assert [(o.price, o.region) for o in item.options] == [(Decimal("4"), "DE")], f"options: {item.options}"
