"""Shipping and returns page objects: schema.org first, then the policy-text parser.

The structured readers live in ``schema_shipping`` (OfferShippingDetails, ShippingService,
ShippingRateSettings, DeliveryChargeSpecification) and ``schema_returns`` (MerchantReturnPolicy).
Merge rule: structured values win field by field; facts from ``policy_text.parse_policy_text``
fill only the fields structured data left empty (window, who pays return shipping, free returns,
label, threshold, processing time ...), with their own provenance.
"""

from __future__ import annotations

import logging

from spiders.items import ReturnsItem, ShippingItem
from spiders.pages.schema_returns import returns_facts, returns_item_from_facts
from spiders.pages.schema_shipping import shipping_facts, shipping_item_from_facts
from spiders.pages.structured import StructuredData, as_list, decode_html, extract_structured, parse_tree

__all__ = [
    "extract_returns", "extract_shipping", "returns_facts", "returns_from_jsonld", "returns_item_from_facts",
    "shipping_facts", "shipping_from_jsonld", "shipping_item_from_facts",
]

log = logging.getLogger(__name__)


def _page(html: str | bytes, url: str) -> tuple[StructuredData, str]:
    text = decode_html(html) or ""
    tree = parse_tree(text)
    return extract_structured(tree, url), text


def _text_item(kind: str, html_text: str, url: str, currency, country):
    """Item from the policy-text parser, or None (parser absent, no text, nothing stated)."""
    if not html_text.strip():
        return None
    try:
        from spiders.pages.policy_text import html_to_text, parse_policy_text, to_returns_item, to_shipping_item
    except ImportError:  # the text parser is optional: structured data alone still works
        return None
    try:
        plain = html_to_text(html_text, site_chrome=False) if "<" in html_text else html_text
        facts = parse_policy_text(plain, currency=currency, country=country)
        return (to_shipping_item if kind == "shipping" else to_returns_item)(facts, url)
    except Exception:  # noqa: BLE001 - a text-parser bug must not lose the structured facts
        log.warning("policy-text parsing failed for %s", url, exc_info=True)
        return None


# Fields filled together: "who pays return shipping" and "free returns" are one fact, said once.
_FIELD_GROUPS = (("return_shipping_paid_by", "free_returns"), ("window_days", "window_starts"))
# A structured "returns not permitted" leaves nothing for the text to add about how returns work.
_NOT_WITHOUT_RETURNS = {"window_days", "window_starts", "return_shipping_paid_by", "free_returns",
                        "label_provided", "restocking_fee", "refund_processing_days"}


def _merge(structured, text_item):
    """Structured values win field by field; text values fill the fields structured data left empty."""
    if structured is None or text_item is None:
        return structured or text_item
    grouped = {name: group for group in _FIELD_GROUPS for name in group}
    stated = {name for name in type(structured).model_fields if not _empty(getattr(structured, name))}
    for name in type(structured).model_fields:
        if name in ("url", "provenance", "kind", "evidence") or _empty(getattr(text_item, name)):
            continue
        group = grouped.get(name, (name,))
        if stated & set(group):
            continue  # structured data stated this fact (or its other half): it wins
        if name in _NOT_WITHOUT_RETURNS and getattr(structured, "accepted", None) == "none":
            continue
        setattr(structured, name, getattr(text_item, name))
        if name in text_item.provenance:
            structured.provenance[name] = text_item.provenance[name]
        if name in text_item.evidence:  # the sentence and confidence travel with the value
            structured.evidence[name] = text_item.evidence[name]
    return structured


def _empty(value: object) -> bool:
    return value is None or value == []


def extract_shipping(html: str | bytes, url: str, *, currency: str | None = None,
                     country: str | None = None) -> ShippingItem | None:
    """Shipping terms of a page: structured data first, then its text; None if neither says anything."""
    data, text = _page(html, url)
    structured = shipping_item_from_facts(shipping_facts(data, currency=currency, country=country), url)
    return _merge(structured, _text_item("shipping", text, url, currency, country))


def extract_returns(html: str | bytes, url: str, *, currency: str | None = None,
                    country: str | None = None) -> ReturnsItem | None:
    """Return policy of a page: the first MerchantReturnPolicy, then its text."""
    data, text = _page(html, url)
    facts = returns_facts(data)
    structured = returns_item_from_facts(facts[0], url) if facts else None
    return _merge(structured, _text_item("returns", text, url, currency, country))


def shipping_from_jsonld(nodes: list[dict] | dict, url: str, *, currency: str | None = None) -> ShippingItem | None:
    """ShippingItem from already-parsed JSON-LD nodes (tests, platform feeds)."""
    data = StructuredData(jsonld=[n for n in as_list(nodes) if isinstance(n, dict)])
    return shipping_item_from_facts(shipping_facts(data, currency=currency), url)


def returns_from_jsonld(nodes: list[dict] | dict, url: str) -> ReturnsItem | None:
    """ReturnsItem from already-parsed JSON-LD nodes."""
    facts = returns_facts(StructuredData(jsonld=[n for n in as_list(nodes) if isinstance(n, dict)]))
    return returns_item_from_facts(facts[0], url) if facts else None
