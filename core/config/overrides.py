"""Analyst overrides of service-level facts (``overrides:`` in a store's YAML).

Each key is a fact path, each value the corrected fact, e.g.::

    overrides:
      returns.window_days: 14
      shipping.free_shipping_threshold: 150000     # in the store's currency, "or more"

The override replaces the extracted value while the source page's wording is unchanged; when the
wording changes it is suspended and one operator alert asks to re-check it (``storage.overrides``).
Paths and value types are a pydantic model, so a typo or a wrong type is one error line naming the
file and the field, and every path is documented in the exported JSON Schema.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from core import fields as catalogue

# The catalogue's value lists, in its order: pydantic caches schemas of equal Literal types, so two
# spellings of one Literal in different orders would make the exported schema depend on import order.
WindowStarts = Literal[tuple(catalogue.WINDOW_STARTS)]
Accepted = Literal[tuple(catalogue.RETURNS_ACCEPTED)]
PaidBy = Literal[tuple(catalogue.RETURN_SHIPPING_PAID_BY)]
RefundType = Literal[tuple(catalogue.REFUND_TYPES)]

SHIPPING_PATHS = ("shipping.free_shipping_threshold", "shipping.processing_days")
RETURNS_PATHS = tuple(f"returns.{f}" for f in (
    "window_days", "window_starts", "accepted", "return_shipping_paid_by", "free_returns", "refund_types",
    "restocking_fee", "label_provided", "refund_processing_days",
))
PATHS = SHIPPING_PATHS + RETURNS_PATHS


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ThresholdValue(_Strict):
    """A free-shipping threshold stated in full."""

    amount: Decimal = Field(gt=0, description="Order value from which shipping is free.")
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$", description="ISO 4217; default: the store's currency.")
    inclusive: bool = Field(True, description="true: 'or more'; false: 'over'.")


class DaysValue(_Strict):
    """A range of days."""

    min: int = Field(ge=0, le=3650)
    max: int = Field(ge=0, le=3650)


class FeeValue(_Strict):
    """A restocking fee: a percentage or an amount."""

    percent: Decimal | None = Field(None, ge=0, le=100)
    amount: Decimal | None = Field(None, ge=0)
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$", description="Default: the store's currency.")

    @model_validator(mode="after")
    def _one_of(self) -> "FeeValue":
        if (self.percent is None) == (self.amount is None):
            raise ValueError("set exactly one of percent or amount")
        return self


Days = int | DaysValue
_DAYS = "Days: a number, or {min: 1, max: 3}."


def _f(path: str, description: str):
    return Field(None, alias=path, description=description)


class Overrides(_Strict):
    """Corrected service-level facts (``overrides``), valid while the source page's wording is unchanged."""

    model_config = ConfigDict(extra="forbid", populate_by_name=False)

    free_shipping_threshold: Decimal | ThresholdValue | None = _f(
        "shipping.free_shipping_threshold", "Amount in the store's currency from which shipping is free ('or more'), "
        "or {amount, currency, inclusive}.")
    processing_days: Days | None = _f("shipping.processing_days", "Processing (handling) time. " + _DAYS)
    window_days: int | None = Field(None, alias="returns.window_days", ge=0, le=3650, description="Return window in days.")
    window_starts: WindowStarts | None = _f("returns.window_starts", "When the window starts.")
    accepted: Accepted | None = _f("returns.accepted", "Which returns are accepted.")
    return_shipping_paid_by: PaidBy | None = _f(
        "returns.return_shipping_paid_by", "Who pays return shipping.")
    free_returns: bool | None = _f("returns.free_returns", "Returns cost the customer nothing.")
    refund_types: list[RefundType] | None = _f(
        "returns.refund_types", "Refund types offered, e.g. [money, exchange].")
    restocking_fee: FeeValue | None = _f("returns.restocking_fee", "{percent: 15} or {amount: 5, currency: USD}.")
    label_provided: bool | None = _f("returns.label_provided", "A return label is provided.")
    refund_processing_days: Days | None = _f("returns.refund_processing_days", "Refund time. " + _DAYS)

    @field_validator("free_shipping_threshold", "processing_days", "refund_processing_days", "restocking_fee",
                     "window_days", mode="wrap")
    @classmethod
    def _one_error(cls, value, handler, info):
        """Union / nested values: one plain error instead of one per alternative."""
        try:
            return handler(value)
        except ValidationError:
            raise ValueError(_HINTS[info.field_name]) from None

    def values(self, currency: str) -> dict:
        """path -> the fact value as stored (money as Decimal, days as {min, max})."""
        out = {}
        for name, info in type(self).model_fields.items():
            value = getattr(self, name)
            if value is not None:
                days = name.endswith("processing_days") and isinstance(value, int)
                out[info.alias] = days_value(value) if days else _as_fact(value, currency)
        return out


_HINTS = {
    "free_shipping_threshold": "use an amount such as 150000, or {amount: 150000, inclusive: true}",
    "processing_days": "use a whole number of days such as 2, or {min: 1, max: 3}",
    "refund_processing_days": "use a whole number of days such as 7, or {min: 5, max: 10}",
    "restocking_fee": "use {percent: 15} or {amount: 5} (optionally with currency: USD)",
    "window_days": "use a whole number of days from 0 to 3650, such as 14",
}


def _as_fact(value, currency: str):
    if isinstance(value, ThresholdValue):
        return {"amount": value.amount, "currency": value.currency or currency, "inclusive": value.inclusive}
    if isinstance(value, Decimal):
        return {"amount": value, "currency": currency, "inclusive": True}
    if isinstance(value, DaysValue):
        return {"min": value.min, "max": value.max}
    if isinstance(value, FeeValue):
        fee = value.model_dump(exclude_none=True)
        return {**fee, "currency": value.currency or currency} if value.amount is not None else fee
    return value


def days_value(value):
    """A whole number of days as the stored {min, max} range."""
    return {"min": value, "max": value}
