"""Conversion of parsed policy facts to ``spiders.items`` models (ShippingItem, ReturnsItem)."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from spiders.items import DayRange, FreeShippingThreshold, RestockingFee, ReturnsItem, ShippingItem, ShippingOption


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _provenance(facts: dict, prefix: str | None, keys: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for key, rule in (facts.get("provenance") or {}).items():
        field = key.split(".", 1)[1] if prefix and key.startswith(prefix + ".") else key
        if field in keys:
            out["options" if field == "shipping" else field] = rule
    return out


def to_shipping_item(facts: dict, url: str, text_hash: str | None = None) -> ShippingItem | None:
    """ShippingItem from parse_policy_text output, or None when it holds no shipping fact."""
    if not (facts.get("shipping") or facts.get("free_shipping_threshold") or facts.get("processing_days")):
        return None
    options = [ShippingOption(name=o.get("name") or "Shipping", price=_dec(o.get("price")),
                              currency=o.get("currency") if o.get("price") is not None else None,
                              min_days=o.get("min_days"), max_days=o.get("max_days"),
                              business_days=o.get("business_days"), region=o.get("region"))
               for o in facts.get("shipping") or []]
    threshold = facts.get("free_shipping_threshold")
    processing = facts.get("processing_days")
    return ShippingItem(
        url=url, options=options,
        free_shipping_threshold=FreeShippingThreshold(amount=_dec(threshold["amount"]), currency=threshold.get(
            "currency"), inclusive=threshold.get("inclusive")) if threshold else None,
        processing_days=DayRange(**processing) if processing else None,
        text_hash=text_hash,
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
        text_hash=text_hash, provenance=_provenance(facts, "returns", tuple(ret.keys())))


def text_hash(text: str) -> str:
    """SHA-256 of the text, for the items' ``text_hash``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
