"""Multilingual (English, Indonesian, Japanese) shipping and return policy text -> structured facts.

``parse_policy_text`` returns the fact schema of ``shared/policy_samples/README.md``; the
``to_*_item`` helpers turn it into ``spiders.items`` models. Never guesses: a fact the text does
not state is None.
"""

from __future__ import annotations

from .dispatch import find_carrier, find_processing, find_threshold
from .html import html_to_text
from .items import to_returns_item, to_shipping_item
from .layout import build_layout
from .model import Ctx
from .money import document_currency, dominant_currency
from .normalize import detect_language, normalize_text
from .returns import extract_returns
from .shipping import extract_options

__all__ = ["html_to_text", "parse_policy_text", "to_returns_item", "to_shipping_item"]


def parse_policy_text(text: str, *, currency: str | None = None, country: str | None = None) -> dict:
    """Return {"shipping", "free_shipping_threshold", "processing_days", "returns", "provenance", "evidence"}."""
    normalized = normalize_text(text or "")
    lang = detect_language(normalized)
    if country and country.upper() == "JP" and currency is None:
        currency = "JPY"
    doc_currency = document_currency(normalized, currency, country) or dominant_currency(normalized, lang)
    ctx = Ctx(lang=lang, currency=doc_currency, carrier=find_carrier(normalized))
    layout = build_layout(normalized, lang)
    options = extract_options(layout.units, ctx)
    threshold, threshold_rule = find_threshold(layout.units, ctx)
    processing, processing_rule = find_processing(layout.units)
    returns, provenance, returns_evidence = extract_returns(layout.units, lang, ctx.currency)
    if options:
        provenance["shipping"] = f"text:{lang}:shipping-row"
    if threshold:
        provenance["free_shipping_threshold"] = f"text:{lang}:{threshold_rule}"
    if processing:
        provenance["processing_days"] = f"text:{lang}:{processing_rule}"
    result = {
        "shipping": [o.as_dict() for o in options],
        "free_shipping_threshold": threshold,
        "processing_days": processing,
        "returns": returns,
        "provenance": provenance,
    }
    result.setdefault("evidence", {}).update(returns_evidence)
    return result
