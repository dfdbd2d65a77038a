"""Scraped item models: what extraction produces and the pipeline validates before storage.

Money is ``Decimal`` with an ISO 4217 currency (never float); days are integers. Every item carries
``provenance``: field name -> where the value came from (``"jsonld:Offer.price"``,
``"selector:css:.price::text"``, ``"text:en:shipping-row"``), so analysts see why a value is what it is.
The field names of shipping and returns follow ``../shared/policy_samples/README.md``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, field_serializer, field_validator

from core import fields as catalogue

Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
Availability = Literal[tuple(catalogue.AVAILABILITY)]  # schema.org values, listed in core/fields.py
MAX_PRICE = Decimal("1000000000000")  # 1e12: above this a "price" is an extraction error (IDR-safe)


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(description="The page the item was extracted from.")
    provenance: dict[str, str] = Field(default_factory=dict)

    @field_serializer("*", when_used="json")
    def _money_as_string(self, value):  # Decimal -> "12.5" in JSON output, never a float
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return value


def _positive_money(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if not value.is_finite() or value < 0 or value > MAX_PRICE:
        raise ValueError(f"implausible amount {value}")
    return value


class DayRange(BaseModel):
    """Inclusive range of days (``min`` may be None for "within N days" shipping estimates)."""

    model_config = ConfigDict(extra="forbid")
    min: int | None = Field(None, ge=0, le=3650)
    max: int | None = Field(None, ge=0, le=3650)


class Money(BaseModel):
    """An amount in a currency."""

    model_config = ConfigDict(extra="forbid")
    amount: Decimal
    currency: Currency | None = None

    _amount = field_validator("amount")(classmethod(lambda cls, v: _positive_money(v)))

    @field_serializer("amount", when_used="json")
    def _amount_str(self, value: Decimal) -> str:
        return format(value.normalize(), "f")


class ProductItem(_Item):
    """One product offer as a shopper sees it now."""

    kind: Literal["product"] = "product"
    title: str | None = None
    price: Decimal | None = Field(None, description="Price a shopper pays now.")
    was_price: Decimal | None = Field(None, description="Strikethrough / list price, if shown.")
    currency: Currency | None = None
    availability: Availability | None = None
    sku: str | None = None
    gtin: str | None = None
    mpn: str | None = None
    brand: str | None = None
    price_note: str | None = Field(None, description="Why no price was taken, when price is None.")
    price_confidence: float | None = Field(
        None, ge=0, le=1, description="How sure extraction is of ``price`` (0..1), None without a price; "
        "below 0.5 the price is a heuristic guess that needs review (rule: spiders/pages/confidence.py).")

    @field_validator("price", "was_price")
    @classmethod
    def _money(cls, value: Decimal | None) -> Decimal | None:
        value = _positive_money(value)
        if value is not None and value == 0:
            raise ValueError("a price of 0 is not a sale price")
        return value

    @property
    def key(self) -> str:
        """Stable identity of the product within its store."""
        return self.sku and f"sku:{self.sku}" or self.gtin and f"gtin:{self.gtin}" or f"url:{self.url}"


class Evidence(BaseModel):
    """Where a policy fact was read (the sentence or table row, at most 300 characters) and how sure
    the extractor is (0..1). Facts below the confidence threshold are stored as "needs review"."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(None, max_length=300, description="The sentence or row the value came from.")
    confidence: float | None = Field(None, ge=0, le=1, description="The extractor's confidence in the value.")


class ShippingOption(BaseModel):
    """One shipping method / tier / destination row."""

    model_config = ConfigDict(extra="forbid")
    name: str
    price: Decimal | None = None
    currency: Currency | None = None
    min_days: int | None = Field(None, ge=0, le=365)
    max_days: int | None = Field(None, ge=0, le=365)
    business_days: bool | None = None
    region: str | None = None
    evidence: Evidence | None = None

    _price = field_validator("price")(classmethod(lambda cls, v: _positive_money(v)))

    @field_serializer("price", when_used="json")
    def _price_str(self, value: Decimal | None) -> str | None:
        return None if value is None else format(value.normalize(), "f")


class FreeShippingThreshold(Money):
    """Order value from which shipping is free; ``inclusive`` is true for "or more"."""

    inclusive: bool | None = None


class RestockingFee(BaseModel):
    """A percentage or a fixed amount kept when goods are returned."""

    model_config = ConfigDict(extra="forbid")
    percent: Decimal | None = None
    amount: Decimal | None = None
    currency: Currency | None = None

    @field_serializer("percent", "amount", when_used="json")
    def _dec(self, value: Decimal | None) -> str | None:
        return None if value is None else format(value.normalize(), "f")


class ShippingItem(_Item):
    """A store's shipping terms read from one page."""

    kind: Literal["shipping"] = "shipping"
    options: list[ShippingOption] = Field(default_factory=list)
    free_shipping_threshold: FreeShippingThreshold | None = None
    processing_days: DayRange | None = None
    evidence: dict[str, Evidence] = Field(
        default_factory=dict, description="Field name -> evidence (options carry their own)."
    )
    text_hash: str | None = Field(None, description="SHA-256 of the page's normalised policy text.")
    text: str | None = Field(None, max_length=200_000, description="The page's normalised policy text.")


class ReturnsItem(_Item):
    """A store's return policy read from one page."""

    kind: Literal["returns"] = "returns"
    window_days: int | None = Field(None, ge=0, le=3650)
    window_starts: Literal[tuple(catalogue.WINDOW_STARTS)] | None = None
    accepted: Literal[tuple(catalogue.RETURNS_ACCEPTED)] | None = None
    return_shipping_paid_by: Literal[tuple(catalogue.RETURN_SHIPPING_PAID_BY)] | None = None
    free_returns: bool | None = None
    refund_types: list[Literal[tuple(catalogue.REFUND_TYPES)]] = Field(default_factory=list)
    restocking_fee: RestockingFee | None = None
    label_provided: bool | None = None
    refund_processing_days: DayRange | None = None
    evidence: dict[str, Evidence] = Field(default_factory=dict, description="Field name -> evidence.")
    text_hash: str | None = None
    text: str | None = Field(None, max_length=200_000)


_SUPPORT_TYPES = {"bool": bool | None, "text": str | None, "rating": Decimal | None, "count": int | None}
SupportItem = create_model(
    "SupportItem",
    __base__=_Item,
    __doc__="Support signals read from a store's pages (fields: the catalogue's ``support`` subject).",
    kind=(Literal["support"], "support"),
    **{f.key: (_SUPPORT_TYPES[f.kind], None) for f in catalogue.of("support")},
)


AnyItem = ProductItem | ShippingItem | ReturnsItem | SupportItem
ITEM_TYPES: dict[str, type[_Item]] = {
    "product": ProductItem,
    "shipping": ShippingItem,
    "returns": ReturnsItem,
    "support": SupportItem,
}
