"""Data passed between the shipping rules: one parsed option and the document context."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .days import DaySpan
from .money_spans import canonical


@dataclass
class Option:
    """A shipping option being built; ``block`` and ``pickup`` steer the estimate rules."""

    name: str | None
    price: Decimal | None
    currency: str | None
    min_days: int | None
    max_days: int | None
    business: bool | None
    region: str | None
    block: int
    pickup: bool = False
    evidence: str = ""        # the sentence/row the option came from
    confidence: float = 0.8   # honest estimate for this rule; < 0.6 is shown as "needs review"
    days_from: str = "row"    # where the delivery time came from: "row", or an estimate that "named" the
    #                           option (its method or destination), or a general one of its "block"/"document"
    rule: str = "row"         # how the option was read: "row" (label separator/cells), "prose", "estimate"
    region_from: str = "row"  # where the destination came from: "row" or "heading"

    def as_dict(self) -> dict:
        """The option in the expected.json schema."""
        return {"name": self.name, "price": None if self.price is None else canonical(self.price),
                "currency": self.currency if self.price is not None else None,
                "min_days": self.min_days, "max_days": self.max_days, "business_days": self.business,
                "region": self.region}


@dataclass
class Ctx:
    """Document-level context: language, currency a bare "$" means, carrier named in the text, and
    ``currency_source``: "text" (stated or marked in the text), "store" (configured) or "guess"."""

    lang: str
    currency: str | None
    carrier: str | None
    currency_source: str = "text"
    shipping_blocks: set[int] = field(default_factory=set)  # blocks with a sentence about shipping
    # the shipping text states a delivery time somewhere: a rate read without one may have lost it
    delivery_times: bool = True


EVIDENCE_CHARS = 300


def evidence(text: str, confidence: float) -> dict:
    """One entry of the result's "evidence" map: the source sentence/row and a confidence."""
    return {"text": " ".join(text.split())[:EVIDENCE_CHARS], "confidence": round(max(0.0, min(1.0, confidence)), 2)}


def days_fields(days: DaySpan | None) -> tuple[int | None, int | None, bool | None]:
    """(min_days, max_days, business_days) of an option; "within N" leaves min_days None."""
    if days is None:
        return None, None, None
    return (None if days.upper_only else days.min), days.max, days.business
