"""The parser's evidence on items, through the structured/text merge, into facts and ``rivalwatch extract``.

Parse results are built directly (the parser contract: ``result["evidence"]`` maps fact paths to
``{"text", "confidence"}``), so these tests pin the conversion, not the parser's own scores.
"""

from __future__ import annotations

import json

import spiders.pages.policy_text as policy_text
from rivalwatch.extract_cmd import run_extract
from spiders.pages.policy_text import to_returns_item, to_shipping_item
from spiders.pages.shipping_returns import extract_returns
from storage.facts import item_facts

ROW = "Kilat | Rp30.000 | 1 hari"
PARSED = {
    "shipping": [{"name": "Reguler", "price": "15000", "currency": "IDR", "min_days": 2, "max_days": 4},
                 {"name": "Kilat", "price": "30000", "currency": "IDR", "min_days": 1, "max_days": 1}],
    "free_shipping_threshold": {"amount": "300000", "currency": "IDR", "inclusive": True},
    "processing_days": None,
    "returns": {"window_days": 7, "accepted": "defect_only", "refund_types": []},
    "provenance": {"shipping": "text:id:shipping-row", "free_shipping_threshold": "text:id:threshold-minimal",
                   "returns.window_days": "text:id:window", "returns.accepted": "text:id:accepted"},
    "evidence": {"shipping[1]": {"text": ROW, "confidence": 0.35},
                 "free_shipping_threshold": {"text": "Gratis ongkir minimal belanja Rp300.000", "confidence": 0.9},
                 "returns.window_days": {"text": "Retur maks. 7 hari " + "x" * 400, "confidence": 1.4},
                 "returns.refund_types": {"text": "stated for an empty value", "confidence": 0.9}},
}


def _facts(item) -> dict:
    return {(f.subject_type, f.subject_key, f.field): f for f in item_facts(item.model_dump(mode="json"))}


def test_shipping_item_carries_option_and_field_evidence_into_facts():
    item = to_shipping_item(PARSED, "https://toko.example/pengiriman")
    assert item.options[1].evidence.text == ROW and item.options[0].evidence is None
    facts = _facts(item)
    kilat = facts[("shipping_option", "kilat", "price")]
    assert (kilat.evidence, kilat.confidence) == (ROW, 0.35)
    reguler = facts[("shipping_option", "reguler", "price")]  # no evidence stated: the text rule's default
    assert (reguler.evidence, reguler.confidence) == (None, 0.7)
    assert facts[("shipping", "policy", "free_shipping_threshold")].confidence == 0.9


def test_returns_item_clips_text_bounds_confidence_and_skips_empty_fields():
    item = to_returns_item(PARSED, "https://toko.example/retur")
    assert set(item.evidence) == {"window_days"}  # refund_types is empty: no fact, no evidence
    window = item.evidence["window_days"]
    assert len(window.text) == 300 and window.confidence == 1.0
    assert _facts(item)[("returns", "policy", "accepted")].confidence == 0.7


def test_text_evidence_follows_the_fields_it_fills_beside_structured_data(monkeypatch):
    real = policy_text.parse_policy_text

    def parse(text, **kwargs):
        result = real(text, **kwargs)
        return {**result, "evidence": {"returns.window_days": {"text": "within 30 days", "confidence": 0.4},
                                       "returns.return_shipping_paid_by": {
                                           "text": "Return shipping is paid by the customer.", "confidence": 0.8}}}

    monkeypatch.setattr(policy_text, "parse_policy_text", parse)
    policy = {"@context": "https://schema.org", "@type": "MerchantReturnPolicy",
              "returnPolicyCategory": "https://schema.org/MerchantReturnFiniteReturnWindow",
              "merchantReturnDays": 30}
    html = (f'<html><head><script type="application/ld+json">{json.dumps(policy)}</script></head><body>'
            "<p>You can return unused items within 30 days of delivery for a full refund. "
            "Return shipping is paid by the customer.</p></body></html>")
    item = extract_returns(html, "https://shop.example/returns", currency="USD")
    assert item.window_days == 30 and "window_days" not in item.evidence  # structured data won: no text evidence
    assert item.return_shipping_paid_by == "customer"  # filled from the text, with its sentence
    assert item.evidence["return_shipping_paid_by"].model_dump() == {
        "text": "Return shipping is paid by the customer.", "confidence": 0.8}


def test_extract_lists_confidence_and_flags_unsure_facts(tmp_path, monkeypatch):
    real = policy_text.parse_policy_text
    monkeypatch.setattr(policy_text, "parse_policy_text", lambda text, **kw: {
        **real(text, **kw), "evidence": {"returns.window_days": {"text": "within 30 days of delivery", "confidence": 0.3}}})
    source = tmp_path / "returns.txt"
    source.write_text("Returns\nYou can return unused items within 30 days of delivery for a full refund.\n",
                      encoding="utf-8")
    code, output = run_extract("returns", str(source), url="https://shop.example/returns")
    assert code == 0, output
    rows = {row["fact"]: row for row in json.loads(output)["review"]}
    assert rows["returns.window_days"] == {"fact": "returns.window_days", "value": "30", "confidence": 0.3,
                                           "needs_review": True, "evidence": "within 30 days of delivery"}
