"""What a competitor's change means for us: ``threat``, ``opportunity`` or ``info``.

Judged from the shopper's side with the catalogue's ``better`` direction: a competitor getting
better for shoppers (a price cut, faster or cheaper shipping, a longer return window, back in stock)
is a threat to us; getting worse (a price rise, out of stock, a shorter window) is an opportunity.
Changes of the own store, wording changes and crawl-health events are ``info``.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from core import fields

IMPACTS = ("threat", "opportunity", "info")
_STOCKED = {"InStock": 2, "LimitedAvailability": 1, "PreOrder": 1, "BackOrder": 1, "OutOfStock": 0, "Discontinued": 0}


def _comparable(raw, field: fields.Field | None):
    if raw is None:
        return None
    value = json.loads(raw) if isinstance(raw, str) else raw
    if isinstance(value, dict):
        value = value.get("amount", value.get("max", value.get("percent")))
    if field is not None and field.key == "availability":
        return _STOCKED.get(value)
    if field is not None and field.values and isinstance(value, str):
        return fields.rank(field).get(value)
    if isinstance(value, bool):
        return int(value)
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def impact(subject_type: str, key: str, kind: str, old_raw, new_raw, *, own: bool) -> str:
    """threat / opportunity / info for one change event."""
    if own or kind not in ("changed", "added", "removed") or subject_type == "policy_text":
        return "info"
    field = fields.get(subject_type, key)
    better = "higher" if key == "availability" else (field.better if field else "none")
    if kind == "added":
        return "threat" if subject_type == "shipping_option" else "info"
    old, new = _comparable(old_raw, field), _comparable(new_raw, field)
    if key == "free_shipping_threshold" and old is None and new is not None:
        return "threat"  # they now ship free from some order value
    if better == "none" or old is None or new is None or old == new:
        return "info"
    improved = new < old if better == "lower" else new > old
    return "threat" if improved else "opportunity"
