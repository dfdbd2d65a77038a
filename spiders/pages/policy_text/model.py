"""Data passed between the shipping rules: one parsed option and the document context."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .days import DaySpan
from .money import canonical


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

    def as_dict(self) -> dict:
        """The option in the expected.json schema."""
        return {"name": self.name, "price": None if self.price is None else canonical(self.price),
                "currency": self.currency if self.price is not None else None,
                "min_days": self.min_days, "max_days": self.max_days, "business_days": self.business,
                "region": self.region}


@dataclass
class Ctx:
    """Document-level context: language, currency a bare "$" means, carrier named in the text."""

    lang: str
    currency: str | None
    carrier: str | None


def days_fields(days: DaySpan | None) -> tuple[int | None, int | None, bool | None]:
    """(min_days, max_days, business_days) of an option; "within N" leaves min_days None."""
    if days is None:
        return None, None, None
    return (None if days.upper_only else days.min), days.max, days.business
