"""Conversion of parsed policy facts to ``spiders.items`` models (ShippingItem, ReturnsItem).

The parser's ``evidence`` map (fact path -> {"text", "confidence"}; paths ``free_shipping_threshold``,
``processing_days``, ``shipping[<i>]``, ``returns.<field>``) is carried onto the items: item fields
get ``item.evidence[<field>]``, options their own ``evidence``. A fact without an entry gets none here;
storage then uses its rule's default confidence (``storage.evidence.default_confidence``).
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from spiders.items import DayRange, Evidence, FreeShippingThreshold, RestockingFee, ReturnsItem, ShippingItem, ShippingOption


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _provenance(facts: dict, prefix: str | None, keys: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for key, rule in (facts.get("provenance") or {}).items():
        field = key.split(".", 1)[1] if prefix and key.startswith(prefix + ".") else key
        if field in keys:
            out["options" if field == "shipping" else field] = rule
    return out


def _evidence(facts: dict, path: str) -> Evidence | None:
    """The parser's evidence for one fact path, validated (text clipped to 300 characters)."""
    entry = (facts.get("evidence") or {}).get(path)
    if not isinstance(entry, dict):
        return None
    text = " ".join(str(entry.get("text") or "").split()) or None
    confidence = entry.get("confidence")
    return Evidence(text=text[:300] if text else None,
                    confidence=None if confidence is None else min(1.0, max(0.0, float(confidence))))


def _field_evidence(facts: dict, prefix: str, names) -> dict[str, Evidence]:
    found = {name: _evidence(facts, prefix + name) for name in names}
    return {name: ev for name, ev in found.items() if ev is not None}


def to_shipping_item(facts: dict, url: str, text_hash: str | None = None) -> ShippingItem | None:
    """ShippingItem from parse_policy_text output, or None when it holds no shipping fact."""
    if not (facts.get("shipping") or facts.get("free_shipping_threshold") or facts.get("processing_days")):
        return None
    options = [ShippingOption(name=o.get("name") or "Shipping", price=_dec(o.get("price")),
                              currency=o.get("currency") if o.get("price") is not None else None,
                              min_days=o.get("min_days"), max_days=o.get("max_days"),
                              business_days=o.get("business_days"), region=o.get("region"),
                              evidence=_evidence(facts, f"shipping[{i}]"))
               for i, o in enumerate(facts.get("shipping") or [])]
    threshold = facts.get("free_shipping_threshold")
    processing = facts.get("processing_days")
    return ShippingItem(
        url=url, options=options,
        free_shipping_threshold=FreeShippingThreshold(amount=_dec(threshold["amount"]), currency=threshold.get(
            "currency"), inclusive=threshold.get("inclusive")) if threshold else None,
        processing_days=DayRange(**processing) if processing else None,
        text_hash=text_hash,
        evidence=_field_evidence(facts, "", [n for n in ("free_shipping_threshold", "processing_days") if facts.get(n)]),
        provenance=_provenance(facts, None, ("shipping", "free_shipping_threshold", "processing_days")))


def to_returns_item(facts: dict, url: str, text_hash: str | None = None) -> ReturnsItem | None:
    """ReturnsItem from parse_policy_text output, or None when facts["returns"] is None."""
    ret = facts.get("returns")
    if ret is None:
        return None
    fee = ret.get("restocking_fee")
    refund_days = ret.get("refund_processing_days")
    return ReturnsItem(
        url=url, window_days=ret.get("window_days"), window_starts=ret.get("window_starts"),
        accepted=ret.get("accepted"), return_shipping_paid_by=ret.get("return_shipping_paid_by"),
        free_returns=ret.get("free_returns"), refund_types=list(ret.get("refund_types") or []),
        restocking_fee=RestockingFee(percent=_dec(fee.get("percent")), amount=_dec(fee.get("amount")),
                                     currency=fee.get("currency")) if fee else None,
        label_provided=ret.get("label_provided"),
        refund_processing_days=DayRange(**refund_days) if refund_days else None,
        text_hash=text_hash, evidence=_field_evidence(facts, "returns.", [k for k, v in ret.items() if v not in (None, [])]),
        provenance=_provenance(facts, "returns", tuple(ret.keys())))


def text_hash(text: str) -> str:
    """SHA-256 of the text, for the items' ``text_hash``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
