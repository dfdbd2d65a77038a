"""Wording and magnitude of change events, in terms a manager reads ("price 89000 → 81880 IDR (−8.0 %)")."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from core import fields as catalogue

# Field key -> manager words, from the catalogue (a key shared by two subjects has one label there).
FIELD_LABELS = {f.key: f.label for f in reversed(catalogue.FIELDS)}


def show_value(raw: str | None) -> str:
    """Render a canonical JSON fact value for people."""
    if raw is None:
        return "none"
    value = json.loads(raw)
    if isinstance(value, dict):
        if "amount" in value:
            text = f"{value['amount']} {value.get('currency') or ''}".strip()
            return text + (" or more" if value.get("inclusive") else "")
        if "min" in value or "max" in value:
            lo, hi = value.get("min"), value.get("max")
            return f"{lo}–{hi} days" if lo != hi else f"{hi} days"
        if "percent" in value:
            return f"{value['percent']} %"
        return ", ".join(f"{k} {v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and len(value) == 64:
        return value[:8]  # a text hash
    return str(value)


def _number(raw: str | None) -> Decimal | None:
    if raw is None:
        return None
    value = json.loads(raw)
    if isinstance(value, dict):
        value = value.get("amount")
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def percent_change(old_raw: str | None, new_raw: str | None) -> Decimal | None:
    """Signed percent change between two numeric values, or None."""
    old, new = _number(old_raw), _number(new_raw)
    if old is None or new is None or old == 0:
        return None
    return ((new - old) / old * 100).quantize(Decimal("0.01"))


MONEY_FIELDS = frozenset(f.key for f in catalogue.FIELDS if f.is_money)  # get a percent magnitude


def _signed(value: Decimal) -> str:
    return ("+" if value > 0 else "−" if value < 0 else "") + f"{abs(value):.1f} %"


def describe_change(fact, old_value: str | None, kind: str) -> tuple[str, Decimal | None]:
    """A one-line summary and the percent magnitude (for money fields) of a change."""
    label = fact.label or fact.subject_key
    noun = {"product": "product", "shipping_option": "shipping option"}.get(fact.subject_type)
    field = FIELD_LABELS.get(fact.field, fact.field.replace("_", " "))
    if kind == "added":
        return (f"new {noun}: {label}" if noun else f"{label}: {field} now {show_value(fact.value)}"), None
    if kind == "removed":
        return (f"{noun} gone: {label}" if noun else f"{label}: {field} no longer stated (was {show_value(old_value)})"), None
    if fact.field == "availability":
        now_value = json.loads(fact.value)
        word = "back in stock" if now_value == "InStock" else "out of stock" if now_value == "OutOfStock" else now_value
        return f"{label}: {word} (was {show_value(old_value)})", None
    magnitude = percent_change(old_value, fact.value) if fact.field in MONEY_FIELDS else None
    text = f"{label}: {field} {show_value(old_value)} → {show_value(fact.value)}"
    if magnitude is not None:
        delta = _number(fact.value) - _number(old_value)
        text += f" ({_signed(magnitude)}, {'+' if delta > 0 else '−'}{abs(delta).normalize():f})"
    return text, magnitude


def severity_of(field: str, kind: str, magnitude: Decimal | None) -> str:
    """info | warning, by the field's severity rule in the catalogue (big money moves, policy terms)."""
    if kind in ("suspect", "broken"):
        return "warning"
    rules = {f.severity for f in catalogue.by_key(field)}
    if "warning" in rules:
        return "warning"
    big = magnitude is not None and abs(magnitude) >= catalogue.BIG_MOVE_PERCENT
    return "warning" if "warning_on_big_move" in rules and big else "info"
