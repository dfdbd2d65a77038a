"""The one formatting layer: money by currency with its minor units, days, signed percentages,
enumerations in words from the catalogue, times in the configured zone, change lines with the
product's SKU/URL — and never None, a hash or a raw code."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from core import fields
from storage import formatting as fmt
from storage.impact import impact

HASH = "07e8b095fb876a064878610e4173e062c88f7bc1e81d421f8b2818d4ed945f98"


@pytest.mark.parametrize(("amount", "currency", "shown"), [
    (150000, "IDR", "Rp 150.000"), (Decimal("5000"), "JPY", "¥5,000"), (40, "USD", "$40.00"),
    (Decimal("45"), "USD", "$45.00"), ("1234.5", "EUR", "€ 1.234,50"), (Decimal("12.5"), "XYZ", "12.50 XYZ"),
    (-2000, "IDR", "−Rp 2.000"), (None, "IDR", "—"), (float("nan"), "USD", "—"),
])
def test_money_keeps_the_currencys_minor_units(amount, currency, shown):
    assert fmt.money(amount, currency) == shown


def test_days_percent_yes_no():
    assert [fmt.days(0), fmt.days(1), fmt.days(3, 5), fmt.days(None)] == ["same day", "1 day", "3–5 days", "—"]
    assert [fmt.percent(Decimal("11.11")), fmt.percent(Decimal("-4.55")), fmt.percent(0)] == ["+11.1%", "−4.6%", "±0.0%"]
    assert fmt.percent(20, signed=False, digits=0) == "20%"
    assert [fmt.yes_no(True), fmt.yes_no(False), fmt.yes_no(None)] == ["yes", "no", "—"]


def test_every_catalogued_enum_value_reads_as_words():
    for f in fields.FIELDS:
        for code in f.values:
            assert fmt.value(f.key, json.dumps(code), subject=f.subject) == f.values[code]


def test_the_same_threshold_reads_the_same_everywhere():
    raw = json.dumps({"amount": "250000", "currency": "IDR", "inclusive": True})
    assert fmt.value("free_shipping_threshold", raw) == "Rp 250.000 or more"
    assert fmt.threshold(Decimal("250000"), "IDR", True) == "Rp 250.000 or more"


def test_a_wording_hash_is_never_shown():
    assert fmt.value("text_hash", json.dumps(HASH), subject="policy_text") == "page text"
    line = fmt.change_line({"subject_type": "policy_text", "subject_key": "returns:https://a.example/retur",
                            "field": "text_hash", "kind": "changed", "old_raw": json.dumps(HASH),
                            "new_raw": json.dumps(HASH[::-1])})
    assert line == "Returns page text changed"


def test_times_in_the_configured_zone():
    at = datetime(2026, 12, 6, 16, 20, tzinfo=timezone.utc)
    assert fmt.when(at, "Asia/Jakarta") == "6 Dec 2026, 23:20 WIB"
    assert fmt.when(at.replace(tzinfo=None), "UTC") == "6 Dec 2026, 16:20 UTC"  # naive times are UTC
    assert fmt.when(None, "Asia/Jakarta") == "—"


def test_change_line_names_the_product_key_and_keeps_minor_units():
    change = {"subject_type": "product", "subject_key": "sku:BC-0103", "subject": "Madu 500ml", "field": "price",
              "kind": "changed", "old_raw": '"45"', "new_raw": '"40.5"', "magnitude": Decimal("-10.00"),
              "currency": "USD"}
    assert fmt.change_line(change) == "Madu 500ml (SKU BC-0103): price $45.00 → $40.50 (−10.0%)"
    by_url = dict(change, subject_key="url:https://shop.example/p/1", currency="IDR", old_raw='"89000"',
                  new_raw='"81880"', magnitude=Decimal("-8"))
    assert fmt.change_line(by_url) == "Madu 500ml (https://shop.example/p/1): price Rp 89.000 → Rp 81.880 (−8.0%)"
    stock = dict(change, field="availability", old_raw='"InStock"', new_raw='"OutOfStock"')
    assert fmt.change_line(stock) == "Madu 500ml (SKU BC-0103): out of stock (was in stock)"


@pytest.mark.parametrize(("subject", "key", "old", "new", "own", "expected"), [
    ("product", "price", '"100"', '"92"', False, "threat"),  # they undercut us
    ("product", "price", '"100"', '"110"', False, "opportunity"),  # their price rise
    ("product", "price", '"100"', '"92"', True, "info"),  # our own change
    ("shipping_option", "max_days", "5", "2", False, "threat"),  # they ship faster
    ("shipping_option", "price", '"18000"', '"20000"', False, "opportunity"),
    ("returns", "window_days", "30", "14", False, "opportunity"),
    ("returns", "accepted", '"defect_only"', '"any"', False, "threat"),
    ("product", "availability", '"InStock"', '"OutOfStock"', False, "opportunity"),
    ("shipping", "free_shipping_threshold", None, '{"amount": "150000", "currency": "IDR", "inclusive": true}',
     False, "threat"),
    ("policy_text", "text_hash", json.dumps(HASH), json.dumps(HASH[::-1]), False, "info"),
])
def test_impact_is_judged_from_our_side(subject, key, old, new, own, expected):
    assert impact(subject, key, "changed", old, new, own=own) == expected
