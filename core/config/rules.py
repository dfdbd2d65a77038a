"""Alert-rule conditions: a tiny, safe grammar (no ``eval``) shared by config validation and alerts.

Forms: ``<metric> <op> <number>`` (e.g. ``price_change_percent >= 5``) or a bare event name
(e.g. ``return_window_changed``).
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from core import fields as catalogue

METRICS = {
    "price_change_percent": "absolute percent change of a product price",
    "price_drop_percent": "percent by which a product price fell",
    "price_rise_percent": "percent by which a product price rose",
}
# Named events: the field catalogue's (which field or subject raises each), plus two of the rules' own.
EVENTS = {
    "any_change": "any change event",
    "price_changed": catalogue.EVENTS["price_changed"],
    "price_below_own": "a competitor's new price undercuts the own store's price for the same product",
    **catalogue.EVENTS,
}
_OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}
_FORM = re.compile(r"^\s*([a-z_]+)\s*(>=|<=|==|>|<)\s*([0-9]+(?:\.[0-9]+)?)\s*$")


@dataclass(frozen=True)
class Rule:
    """A parsed alert condition."""

    name: str
    op: str | None = None
    threshold: Decimal | None = None

    def compare(self, value: Decimal) -> bool:
        """Apply the comparison to a metric value."""
        assert self.op is not None and self.threshold is not None
        return _OPS[self.op](value, self.threshold)


def parse_rule(text: str) -> Rule:
    """Parse a rule; raise ``ValueError`` naming the known metrics and events when it is unknown."""
    match = _FORM.match(text)
    if match:
        name, op, number = match.groups()
        if name not in METRICS:
            raise ValueError(f"unknown metric {name!r}; use one of: {', '.join(METRICS)}")
        try:
            return Rule(name, op, Decimal(number))
        except InvalidOperation:  # pragma: no cover - the regex only admits numbers
            raise ValueError(f"bad number {number!r}") from None
    name = text.strip()
    if name in EVENTS:
        return Rule(name)
    raise ValueError(
        f"cannot read rule {text!r}; write '<metric> <op> <number>' with a metric from "
        f"{', '.join(METRICS)}, or one of the events {', '.join(EVENTS)}"
    )
