"""Flatten scraped items (plain dicts in the item schema) into fact tuples: subject, field, value.

Only stated values become facts: ``None`` means "not seen in this run", never "removed", so a parser
that misses a field on one crawl cannot raise a false change. Policy facts (shipping, shipping
options, returns) carry their evidence sentence and confidence (``storage.evidence``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from core import fields as catalogue
from storage.evidence import POLICY_SUBJECTS, clip, default_confidence

# The fields stored per subject come from the field catalogue (core/fields.py), in its order.
PRODUCT_FIELDS = catalogue.keys("product")
OPTION_FIELDS = catalogue.keys("shipping_option")
SHIPPING_FIELDS = catalogue.keys("shipping")
RETURNS_FIELDS = catalogue.keys("returns")
SUPPORT_FIELDS = catalogue.keys("support")


@dataclass(frozen=True)
class FactValue:
    """One observed value of one field of one subject."""

    subject_type: str
    subject_key: str
    field: str
    value: str  # canonical JSON
    label: str | None = None
    product_key: str | None = None
    source_url: str | None = None
    provenance: str | None = None
    evidence: str | None = None  # the sentence / row the value was read from (policy facts)
    confidence: float | None = None  # 0..1 for policy facts; None for products, support, wording
    override: bool = False  # the value is an analyst override from the store's config


def canonical(value) -> str:
    """Canonical JSON: sorted keys, decimals as normalised strings, lists of scalars sorted."""
    return json.dumps(_normalise(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _normalise(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        items = [_normalise(v) for v in value]
        return sorted(items) if all(isinstance(v, str) for v in items) else items
    if isinstance(value, str) and _looks_decimal(value):
        return format(Decimal(value).normalize(), "f")
    return value


def _looks_decimal(text: str) -> bool:
    if not text or not (text[0].isdigit() or text[0] == "-"):
        return False
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


def product_key(item: dict) -> str:
    """Stable identity of a product within its store: SKU, then GTIN, then URL."""
    if item.get("sku"):
        return f"sku:{item['sku']}"
    if item.get("gtin"):
        return f"gtin:{item['gtin']}"
    return f"url:{item['url']}"


def option_key(option: dict) -> str:
    """Identity of a shipping option: its name and region, case- and space-insensitive."""
    name = " ".join(str(option.get("name") or "").lower().split())
    region = " ".join(str(option.get("region") or "").lower().split())
    return f"{name}|{region}" if region else name


def subject_key_of(item: dict) -> str:
    """The key a staged item is stored under (one item per key and run)."""
    kind = item["kind"]
    return product_key(item) if kind == "product" else f"{kind}:{item['url']}"


def _evidence_of(subject_type: str, evidence: dict | None, provenance: str | None) -> dict:
    """evidence / confidence columns of a fact: stated by the extractor, else the rule's default."""
    if subject_type not in POLICY_SUBJECTS:
        return {}
    evidence = evidence or {}
    confidence = evidence.get("confidence")
    return {"evidence": clip(evidence.get("text")),
            "confidence": default_confidence(provenance) if confidence is None else float(confidence)}


def _fields(item: dict, names, subject_type: str, key: str, label: str | None, **extra):
    provenance = item.get("provenance") or {}
    evidence = item.get("evidence") or {}
    for name in names:
        value = item.get(name)
        if value is None or value == []:
            continue
        rule = provenance.get(name) or item.get("rule")  # options: the rule that read the option list
        yield FactValue(
            subject_type, key, name, canonical(value), label, source_url=item.get("url"),
            provenance=provenance.get(name),
            **_evidence_of(subject_type, evidence.get(name) or item.get("own_evidence"), rule), **extra,
        )


def _with_price_confidence(fact: FactValue, item: dict) -> FactValue:
    """A product's price carries the extractor's ``price_confidence``: a heuristic guess below the
    threshold joins the policy facts' "needs review" path (kept, shown, never compared)."""
    confidence = item.get("price_confidence")
    if fact.field != "price" or confidence is None:
        return fact
    return replace(fact, confidence=float(confidence), evidence=clip((item.get("provenance") or {}).get("price")))


def _subject_fields(item: dict, names, subject_type: str):
    """Fields of a one-per-store subject (``shipping/policy``, ``returns/policy``, ``support/signals``)."""
    subject = catalogue.SUBJECTS[subject_type]
    return _fields(item, names, subject_type, subject.key, subject.label)


def item_facts(item: dict) -> list[FactValue]:
    """All facts stated by one item."""
    kind = item["kind"]
    if kind == "product":
        if item.get("price") is None:
            return []  # a product without a price was not seen (e.g. widget not rendered)
        key = product_key(item)
        facts = list(_fields(item, PRODUCT_FIELDS, "product", key, item.get("title"), product_key=key))
        return [_with_price_confidence(f, item) for f in facts]
    facts: list[FactValue] = []
    if kind == "shipping":
        facts += _subject_fields(item, SHIPPING_FIELDS, "shipping")
        for option in item.get("options") or []:
            key = option_key(option)
            opt = {**option, "evidence": None, "url": item.get("url"), "provenance": item.get("provenance"),
                   "rule": (item.get("provenance") or {}).get("options"), "own_evidence": option.get("evidence")}
            facts += _fields(opt, OPTION_FIELDS, "shipping_option", key, option.get("name"))
    elif kind == "returns":
        facts += _subject_fields(item, RETURNS_FIELDS, "returns")
    elif kind == "support":
        facts += _subject_fields(item, SUPPORT_FIELDS, "support")
    if item.get("text_hash"):
        facts.append(
            FactValue("policy_text", f"{kind}:{item['url']}", "text_hash", canonical(item["text_hash"]),
                      f"{kind} page wording", source_url=item.get("url"))
        )
    return facts
