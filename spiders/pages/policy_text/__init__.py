"""Multilingual (English, Indonesian, Japanese) shipping and return policy text -> structured facts.

``parse_policy_text`` returns the fact schema of ``shared/policy_samples/README.md``; the
``to_*_item`` helpers turn it into ``spiders.items`` models. Never guesses: a fact the text does
not state is None.
"""

from __future__ import annotations

from .columns import pair_flattened_columns
from .processing import find_processing
from .threshold import find_carrier, find_threshold
from .html import html_to_text
from .convert import to_returns_item, to_shipping_item
from .layout import build_layout
from .model import Ctx, evidence
from .money_spans import document_currency, dominant_currency, guess_currency, stated_currency
from .normalize import detect_language, normalize_text
from .returns import extract_returns
from .shipping import extract_options
from .tables import rebuild_tables

__all__ = ["html_to_text", "parse_policy_text", "to_returns_item", "to_shipping_item"]


def parse_policy_text(text: str, *, currency: str | None = None, country: str | None = None) -> dict:
    """Return {"shipping", "free_shipping_threshold", "processing_days", "returns", "provenance", "evidence"}.

    ``evidence`` maps a fact path ("shipping[0]", "free_shipping_threshold", "processing_days",
    "returns.<field>") to {"text": source sentence/row (<= 300 chars), "confidence": 0..1}; facts below
    0.6 are for review, not for comparison.
    """
    normalized = normalize_text(text or "")
    lang = detect_language(normalized)
    normalized = rebuild_tables(pair_flattened_columns(normalized), lang)
    if country and country.upper() == "JP" and currency is None:
        currency = "JPY"
    doc_currency, source = document_currency(normalized, currency, country), "text"
    if doc_currency and not stated_currency(normalized) and (currency or country):
        source = "store"
    if doc_currency is None:
        doc_currency, source = guess_currency(normalized), "guess"
    if doc_currency is None:
        doc_currency, source = dominant_currency(normalized, lang), "text"
    ctx = Ctx(lang=lang, currency=doc_currency, carrier=find_carrier(normalized), currency_source=source)
    layout = build_layout(normalized, lang)
    options = extract_options(layout.units, ctx)
    threshold, threshold_rule, threshold_text = find_threshold(layout.units, ctx)
    processing, processing_rule, processing_text, processing_conf = find_processing(layout.units)
    returns, provenance, returns_evidence = extract_returns(layout.units, lang, ctx.currency, layout.headings)
    evidence_map: dict[str, dict] = dict(returns_evidence)
    if options:
        provenance["shipping"] = f"text:{lang}:shipping-row"
    for i, option in enumerate(options):
        evidence_map[f"shipping[{i}]"] = evidence(option.evidence, option.confidence)
    if threshold:
        provenance["free_shipping_threshold"] = f"text:{lang}:{threshold_rule}"
        evidence_map["free_shipping_threshold"] = evidence(threshold_text, _money_confidence(threshold, ctx))
    if processing:
        provenance["processing_days"] = f"text:{lang}:{processing_rule}"
        evidence_map["processing_days"] = evidence(processing_text, processing_conf)
    return {
        "shipping": [o.as_dict() for o in options],
        "free_shipping_threshold": threshold,
        "processing_days": processing,
        "returns": returns,
        "provenance": provenance,
        "evidence": evidence_map,
    }


def _money_confidence(value: dict, ctx: Ctx) -> float:
    """An explicit threshold pattern is sure unless its currency is unknown or guessed."""
    if value.get("currency") is None:
        return 0.5
    return 0.6 if ctx.currency_source == "guess" and value["currency"] == ctx.currency else 0.9
