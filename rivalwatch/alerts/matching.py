"""Does an alert rule match a change event? (rule grammar in ``core.config.rules``)."""

from __future__ import annotations

import json
from decimal import Decimal

from core.config.rules import Rule
from core import fields as catalogue

COMPETITOR_KINDS = frozenset({"changed", "added", "removed"})
OPERATOR_KINDS = frozenset({"broken", "recovered", "suspect", "recheck"})  # recheck: an override to re-check


def is_operator_event(event) -> bool:
    """Broken / recovered spiders and held mass changes go to operators, not to rules."""
    return event.kind in OPERATOR_KINDS


def _new_price(event) -> Decimal | None:
    if event.new_value is None:
        return None
    try:
        return Decimal(str(json.loads(event.new_value)))
    except Exception:  # not a number
        return None


def _catalogue_event(name: str, event) -> bool:
    """A named event of the field catalogue: the field's own event, or its subject's."""
    subject = catalogue.SUBJECTS.get(event.subject_type)
    if subject is not None and subject.event == name:
        return True
    field = catalogue.get(event.subject_type, event.field)
    return field is not None and field.event == name


def _named_event(name: str, event, own_price: Decimal | None) -> bool:
    is_price = event.subject_type == "product" and event.field == "price" and event.kind == "changed"
    if name == "any_change":
        return True
    if name == "price_below_own":
        return is_price and own_price is not None and (_new_price(event) or own_price) < own_price
    if name == "price_changed":
        return is_price
    return _catalogue_event(name, event)


def matches(rule: Rule, event, own_price: Decimal | None = None) -> bool:
    """True when the competitor change ``event`` satisfies ``rule``."""
    if event.kind not in COMPETITOR_KINDS:
        return False
    if rule.op is None:
        return _named_event(rule.name, event, own_price)
    if not (event.subject_type == "product" and event.field == "price" and event.magnitude is not None):
        return False
    change = Decimal(event.magnitude)
    value = {
        "price_change_percent": abs(change),
        "price_drop_percent": -change if change < 0 else Decimal(0),
        "price_rise_percent": change if change > 0 else Decimal(0),
    }[rule.name]
    if value == 0 and rule.name != "price_change_percent":
        return False
    return rule.compare(value)
