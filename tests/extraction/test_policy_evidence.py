"""The evidence contract of ``parse_policy_text``: every shipping-side fact carries the sentence or row
it came from and a confidence (0..1; below 0.6 it is shown as "needs review" and not compared)."""

from __future__ import annotations

from spiders.pages.policy_text import parse_policy_text

TEXT = """Shipping rates
Standard (3-5 business days): $6.95
Express | 1-2 business days | $14.95
Free standard shipping on orders of $75 or more.
Orders ship within 1-2 business days.
"""


def test_evidence_key_exists_even_for_an_empty_text():
    assert parse_policy_text("")["evidence"] == {}
    assert parse_policy_text("Hello, we love our customers.")["evidence"] == {}


def test_every_shipping_fact_has_its_sentence_and_a_confidence():
    facts = parse_policy_text(TEXT, currency="USD", country="US")
    assert len(facts["shipping"]) == 2
    ev = facts["evidence"]
    assert set(ev) == {"shipping[0]", "shipping[1]", "free_shipping_threshold", "processing_days"}
    assert ev["shipping[0]"]["text"] == "Standard (3-5 business days): $6.95"
    assert ev["shipping[1]"]["text"] == "Express | 1-2 business days | $14.95"
    assert ev["free_shipping_threshold"]["text"] == "Free standard shipping on orders of $75 or more."
    assert ev["processing_days"]["text"] == "Orders ship within 1-2 business days."
    for entry in ev.values():
        assert 0.6 <= entry["confidence"] <= 1.0
        assert len(entry["text"]) <= 300


def test_a_bare_dollar_without_store_currency_needs_review():
    """With no currency in the text and none configured, a "$" price cannot be trusted."""
    facts = parse_policy_text(TEXT)
    assert facts["shipping"][0]["currency"] is None
    assert facts["evidence"]["shipping[0]"]["confidence"] < 0.6
    assert facts["evidence"]["free_shipping_threshold"]["confidence"] < 0.6


def test_long_rows_are_cut_to_300_characters():
    row = "Standard shipping: $5.00 " + "and this sentence goes on about parcels " * 12
    facts = parse_policy_text(row + "\n", currency="USD")
    for entry in facts["evidence"].values():
        assert len(entry["text"]) <= 300
