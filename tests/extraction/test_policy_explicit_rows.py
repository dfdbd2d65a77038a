"""Explicit English rows (issue 14, round 3): a row that states its destination or method and its
delivery time together is evidence enough to compare; a time that only labels other rows is not.

Each fixture in ``policy_fixtures/`` is our own text in a shape seen on real stores.
"""

from __future__ import annotations

from spiders.pages.policy_text import parse_policy_text
from tests.extraction.policy_fixture_support import REVIEW_BELOW, parse_fixture, sure_options


def test_destination_row_with_its_delivery_time_is_sure():
    """"Queensland: 4-7 business days after dispatch": place and time in one row."""
    facts = parse_fixture("en_destination_estimate_rows.txt", currency="AUD", country="AU")
    assert [(o["region"], o["min_days"], o["max_days"], o["business_days"]) for o in sure_options(facts)] == [
        ("Western Australia", 2, 4, True), ("Queensland", 4, 7, True)]
    assert all(o["price"] is None for o in facts["shipping"])


def test_time_in_a_label_with_nothing_after_it_is_not_a_sure_option():
    """"South Island - Economy 3 - 5 Days:" heads the weight rows below it; it is no option of its own."""
    facts = parse_fixture("en_days_in_label_only.txt", currency="NZD", country="NZ")
    assert not [o for o in sure_options(facts) if o["price"] is None]


def test_spaced_dash_between_numbers_is_a_range_not_a_cell_border():
    """"Express Courier - 1 - 3 business days - $14": the cells are the name, "1 - 3 business days" and
    the price, all in one row, so the option is explicit and sure."""
    facts = parse_fixture("en_spaced_day_range.txt", currency="NZD", country="NZ")
    assert [(o["price"], o["currency"], o["min_days"], o["max_days"], o["business_days"])
            for o in sure_options(facts)] == [("14", "NZD", 1, 3, True)]


def test_method_and_area_rows_with_their_delivery_time_are_sure():
    """"Express: 1-3 business days", "Standard (Rural): up to 9 business days", "Regional centres: |
    2-4 business days |": each label names a method or an area and its time follows the separator."""
    facts = parse_fixture("en_method_estimate_rows.txt", currency="AUD", country="AU")
    assert [(o["region"], o["min_days"], o["max_days"]) for o in sure_options(facts)] == [
        ("Metro", 3, 6), ("Rural", None, 9), (None, 1, 3), ("Regional centres", 2, 4), ("Remote areas", 4, 8)]
    assert [o["name"] for o in sure_options(facts)][:3] == ["Standard", "Standard", "Express"]


def test_rows_with_method_price_and_time_together_are_sure():
    """"Standard Shipping (3–5 business days) – $9.95", "Express: $15 | 1-2 business days"."""
    facts = parse_fixture("en_method_price_time_lines.txt", currency="NZD", country="NZ")
    assert [(o["name"], o["price"], o["min_days"], o["max_days"]) for o in sure_options(facts)] == [
        ("Standard Shipping", "9.95", 3, 5), ("Express", "15", 1, 2), ("Rural Delivery", "12", 4, 6)]
    assert all(facts["evidence"][f"shipping[{i}]"]["confidence"] >= 0.8 for i in range(3))


def test_time_allowed_for_us_to_process_the_order_is_the_processing_time():
    """"Please allow 2-3 business days for us to process your order" (but not a refund's processing)."""
    order = parse_policy_text("Shipping\n\nPlease allow 2-3 business days for us to process your order.\n",
                              currency="AUD", country="AU")
    assert order["processing_days"] == {"min": 2, "max": 3}
    assert order["evidence"]["processing_days"]["confidence"] >= REVIEW_BELOW
    refund = parse_policy_text("Shipping\n\nPlease allow 5-7 business days for us to process your refund.\n",
                               currency="AUD", country="AU")
    assert refund["processing_days"] is None


def test_order_value_tier_table_rows_are_compared():
    """"$40.01 - $90 | $9.00": a row keyed by an order-value range whose other cell is the rate holds the
    whole fact; a priced row that is no tier ("Gift cards | $25") is still not a shipping rate."""
    facts = parse_fixture("en_order_value_tier_table.txt", currency="USD", country="US")
    assert [(o["price"], o["currency"], o["max_days"]) for o in sure_options(facts)] == [
        ("9", "USD", None), ("12.5", "USD", None)]
    assert "25" not in [o["price"] for o in facts["shipping"]]


def test_rate_without_time_in_a_sentence_still_needs_review():
    """The tier exception is for two-cell table rows only: a prose rate read without a time, in a text
    that states a delivery time elsewhere, stays for review (round 5: in a text stating no delivery time
    at all it is compared, see test_policy_shipping_round5.py)."""
    facts = parse_policy_text("Shipping\n\nFor orders under $80 we charge $8 for shipping.\n\n"
                              "International orders\nParcels to Europe arrive within 10-15 business days.\n",
                              currency="USD", country="US")
    assert facts["shipping"] and not sure_options(facts)
