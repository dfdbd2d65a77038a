"""The field catalogue: one home for every product and service-level field RivalWatch stores.

A field is identified by its subject type and key (``("shipping", "free_shipping_threshold")``); the
same key may live under two subjects (``price`` of a product and of a shipping option). For each field
the catalogue says what a manager calls it, what kind of value it holds, which direction is better
for a shopper, how severe a change is, which named alert event it raises, how it is displayed (a
formatter *kind* name: the formatting itself lives in the formatting layer) and which benchmark
columns of ``storage.service_levels`` are computed from it.

Readers (items, facts, change wording, alert rules, service levels, CLI/CSV, dashboard) take their
field lists from here instead of writing them again. This module imports nothing of the project, so
every layer may read it.

Where does field X live?  ``field("shipping", "free_shipping_threshold")`` — or, when you only know
the key, ``by_key("free_shipping_threshold")``.
"""

from __future__ import annotations

from dataclasses import dataclass, field as _dc_field
from types import MappingProxyType
from typing import Mapping

# --- vocabularies ------------------------------------------------------------------------------------

KINDS: Mapping[str, str] = MappingProxyType({
    "money": "an amount in the store's currency (Decimal; JSON {amount, currency, inclusive} for a threshold)",
    "currency": "an ISO 4217 currency code",
    "days": "a whole number of days",
    "day_range": "an inclusive range of days, JSON {min, max}",
    "percent": "a percentage",
    "fee": "a restocking fee: JSON {percent} or {amount, currency}",
    "bool": "yes / no (None = the pages do not say)",
    "enum": "one of the field's listed values",
    "enum_list": "a set of the field's listed values",
    "count": "a whole number of things",
    "rating": "an average rating (Decimal)",
    "text": "text as the store writes it",
    "hash": "SHA-256 of a page's normalised wording",
})

BETTER = ("lower", "higher", "none")
"""Which value is better for a shopper. ``higher`` on a bool means yes beats no; on an enum it means a
value later in the field's ``values`` beats an earlier one (values are listed worst first)."""

BIG_MOVE_PERCENT = 10
"""A money field moving by this many percent (either way) or more is a big move."""

SEVERITY_RULES: Mapping[str, str] = MappingProxyType({
    "info": "always info",
    "warning": "warning on any change",
    "warning_on_big_move": f"warning when the value moves by {BIG_MOVE_PERCENT} % or more, else info",
})

FORMATTERS = (
    "money", "threshold", "currency", "days", "day_range", "fee", "bool", "enum", "enum_list",
    "count", "rating", "text", "hash",
)
"""Formatter kinds (names only: the formatting layer implements one function per kind)."""

AVAILABILITY: Mapping[str, str] = MappingProxyType({
    "InStock": "in stock",
    "LimitedAvailability": "limited stock",
    "PreOrder": "pre-order",
    "BackOrder": "back-order",
    "OutOfStock": "out of stock",
    "Discontinued": "discontinued",
})
"""schema.org availability values (the ``ProductItem.availability`` literal) and their words."""

WINDOW_STARTS: Mapping[str, str] = MappingProxyType({"purchase": "from purchase", "delivery": "from delivery"})
RETURNS_ACCEPTED: Mapping[str, str] = MappingProxyType({
    "none": "no returns", "defect_only": "defective items only", "any": "any reason",
})  # worst first: the order ranks stores (service_levels.RETURNS_ACCEPTED_RANK)
RETURN_SHIPPING_PAID_BY: Mapping[str, str] = MappingProxyType({
    "customer": "customer", "depends": "depends on the reason", "merchant": "store",
})  # worst first
REFUND_TYPES: Mapping[str, str] = MappingProxyType({
    "money": "money back", "store_credit": "store credit", "exchange": "exchange",
})


EVENTS: Mapping[str, str] = MappingProxyType({
    "price_changed": "a product price changed",
    "availability_changed": "a product went in or out of stock",
    "shipping_changed": "any shipping option or threshold changed",
    "free_shipping_threshold_changed": "the free-shipping threshold changed",
    "return_window_changed": "the return window changed",
    "returns_changed": "any return-policy field changed",
    "support_changed": "a support channel changed",
})
"""The named alert events a field or subject change raises (``when:`` in alert rules), with their words."""


# --- subjects ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Subject:
    """What facts are about: ``subject_type`` + a key (``returns/policy``, ``product/sku:123``)."""

    type: str
    key: str  # the fixed key, or a description of the variable one in <angle brackets>
    label: str
    item_kind: str  # the scraped item (``spiders.items``) whose values it is stored from
    event: str | None = None  # the named alert event any change of this subject raises


SUBJECTS: Mapping[str, Subject] = MappingProxyType({s.type: s for s in (
    Subject("product", "<sku:…|gtin:…|url:…>", "Product", "product"),
    Subject("shipping", "policy", "Shipping", "shipping", "shipping_changed"),
    Subject("shipping_option", "<name|region>", "Shipping option", "shipping", "shipping_changed"),
    Subject("returns", "policy", "Returns", "returns", "returns_changed"),
    Subject("support", "signals", "Support", "support", "support_changed"),
    Subject("policy_text", "<kind:url>", "Policy wording", "*"),
)})


# --- fields --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Field:
    """One stored field of one subject."""

    subject: str
    key: str
    label: str  # manager words, used in change summaries ("free-shipping threshold")
    kind: str  # one of KINDS
    description: str
    better: str = "none"  # one of BETTER
    severity: str = "info"  # one of SEVERITY_RULES
    event: str | None = None  # the field's own named alert event (besides its subject's event)
    formatter: str | None = None  # one of FORMATTERS; defaults to the kind
    columns: tuple[str, ...] = ()  # benchmark columns (storage.service_levels) computed from it
    header: str | None = None  # the dashboard/CSV column title for its main benchmark column
    short: str | None = None  # a shorter name where space is tight (the Overview "Support" cell)
    values: Mapping[str, str] = _dc_field(default_factory=dict)  # enum value -> words, worst first
    unit: str | None = None
    reported: bool = True  # False: stored as a label, never reported as a change (titles, names)
    declarable: bool = False  # may be stated by hand in a store's YAML (``declared.support``)

    @property
    def format(self) -> str:
        """The formatter kind that displays this field."""
        return self.formatter or self.kind

    @property
    def is_money(self) -> bool:
        """Money fields get a percent magnitude on change events."""
        return self.kind == "money"

    @property
    def name(self) -> str:
        """``subject.key`` — how docs and errors name the field."""
        return f"{self.subject}.{self.key}"


def _support(key: str, label: str, description: str, column: str | None, *, kind: str = "bool",
             short: str | None = None, better: str = "higher", declarable: bool = True, header: str | None = None):
    return Field("support", key, label, kind, description, better=better, columns=(column,) if column else (),
                 short=short, declarable=declarable, header=header)


FIELDS: tuple[Field, ...] = (
    # product/<key>
    Field("product", "price", "price", "money", "Price a shopper pays now.", better="lower",
          severity="warning_on_big_move", event="price_changed", columns=("price_index",), header="Price",
          unit="store currency"),
    Field("product", "was_price", "was-price", "money", "Strikethrough / list price, if shown.",
          header="Was price", unit="store currency"),
    Field("product", "currency", "currency", "currency", "ISO 4217 currency of the price.", header="Currency"),
    Field("product", "availability", "availability", "enum", "schema.org availability of the offer.",
          event="availability_changed", values=AVAILABILITY, header="Availability"),
    Field("product", "title", "title", "text", "The product's name as the store writes it.",
          header="Title", reported=False),
    # shipping/policy
    Field("shipping", "free_shipping_threshold", "free-shipping threshold", "money",
          "Order value from which shipping is free (``inclusive``: 'or more').", better="lower",
          severity="warning", event="free_shipping_threshold_changed", formatter="threshold",
          columns=("free_shipping_threshold",), header="Free shipping from", unit="store currency"),
    Field("shipping", "processing_days", "processing time", "day_range",
          "Days between order and dispatch.", better="lower",
          columns=("processing_days_max",), header="Processing days", unit="days"),
    # shipping_option/<name|region>
    Field("shipping_option", "name", "option name", "text", "The option's label as the store writes it.",
          header="Option", reported=False),
    Field("shipping_option", "price", "price", "money", "What the option costs.", better="lower",
          severity="warning_on_big_move", columns=("ship_cheapest_price", "ship_fastest_price", "ship_options"),
          header="Price", unit="option currency"),
    Field("shipping_option", "currency", "currency", "currency", "ISO 4217 currency of the option price.",
          header="Currency"),
    Field("shipping_option", "min_days", "minimum delivery days", "days", "Fewest days to delivery.",
          better="lower", header="Min days", unit="days"),
    Field("shipping_option", "max_days", "maximum delivery days", "days", "Most days to delivery.",
          better="lower", columns=("ship_cheapest_days", "ship_cheapest_max_days", "ship_fastest_days",
                                   "ship_fastest_max_days", "ship_same_day", "ship_next_day"),
          header="Max days", unit="days"),
    Field("shipping_option", "business_days", "business days", "bool", "Days are counted as business days.",
          header="Business days"),
    Field("shipping_option", "region", "region", "text", "Destination the option applies to.", header="Region"),
    # returns/policy
    Field("returns", "window_days", "return window (days)", "days", "Days a shopper has to return goods.",
          better="higher", severity="warning", event="return_window_changed",
          columns=("return_window_days",), header="Window (days)", unit="days"),
    Field("returns", "window_starts", "return window starts at", "enum", "When the return window starts.",
          values=WINDOW_STARTS, columns=("return_window_starts",), header="Window starts"),
    Field("returns", "accepted", "returns accepted", "enum", "Which returns are accepted.", better="higher",
          severity="warning", values=RETURNS_ACCEPTED, columns=("returns_accepted",), header="Accepted"),
    Field("returns", "return_shipping_paid_by", "return shipping paid by", "enum",
          "Who pays the return shipping.", better="higher", severity="warning", values=RETURN_SHIPPING_PAID_BY,
          columns=("return_shipping_paid_by",), header="Return shipping paid by"),
    Field("returns", "free_returns", "free returns", "bool", "Returns cost the shopper nothing.", better="higher",
          columns=("free_returns",), header="Free returns"),
    Field("returns", "refund_types", "refund types", "enum_list", "How a return is refunded.",
          values=REFUND_TYPES, columns=("refund_types",), header="Refund types"),
    Field("returns", "restocking_fee", "restocking fee", "fee", "Part of the price kept on a return.",
          better="lower", columns=("restocking_fee",), header="Restocking fee"),
    Field("returns", "label_provided", "return label provided", "bool", "The store provides a return label.",
          better="higher", columns=("return_label",), header="Label provided"),
    Field("returns", "refund_processing_days", "refund time", "day_range", "Days until the refund is paid.",
          better="lower", columns=("refund_days_max",), header="Refund days (max)", unit="days"),
    # support/signals
    _support("live_chat", "live chat", "Live chat offered.", "support_live_chat"),
    _support("live_chat_vendor", "live chat vendor", "The live-chat product embedded (e.g. 'zendesk').", None,
             kind="text", better="none", declarable=False),
    _support("phone", "phone", "Phone support offered.", "support_phone"),
    _support("email", "email", "Email support offered.", "support_email"),
    _support("whatsapp", "WhatsApp", "WhatsApp / LINE messaging support offered.", "support_whatsapp"),
    _support("hours", "support hours", "Support hours as stated, e.g. '24/7' or 'Mon-Fri 9-17'.", "support_hours",
             kind="text", better="none"),
    _support("hours_24_7", "24/7 support", "Support answers around the clock.", "support_24_7", short="24/7",
             declarable=False),
    _support("faq", "FAQ", "FAQ / help centre available.", "support_faq"),
    _support("order_tracking", "order tracking", "Order tracking page available.", "support_order_tracking"),
    _support("rating_value", "rating", "Average customer rating shown by the store.", "rating_value",
             kind="rating", declarable=False, header="Rating"),
    _support("rating_count", "number of ratings", "How many ratings the average is over.", "rating_count",
             kind="count", better="none", declarable=False, header="Reviews"),
    # policy_text/<kind:url>
    Field("policy_text", "text_hash", "wording", "hash", "SHA-256 of a policy page's normalised wording."),
)

NOT_STORED: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "product": MappingProxyType({
        "sku": "product identity (products table)", "gtin": "product identity (products table)",
        "mpn": "product identity (products table)", "brand": "products table, for matching",
        "price_note": "why no price was taken: a run diagnostic, not a fact",
        "price_confidence": "stored as the price fact's confidence (needs review below the threshold)",
    }),
    "shipping": MappingProxyType({
        "options": "each option is a shipping_option subject", "text": "stored as policy text, hashed",
        "evidence": "stored as each fact's evidence sentence and confidence",
    }),
    "returns": MappingProxyType({"text": "stored as policy text, hashed",
                                 "evidence": "stored as each fact's evidence sentence and confidence"}),
    "support": MappingProxyType({}),
})
"""Fields of the scraped items that are deliberately not stored as facts, with the reason.
Every item field is either catalogued or listed here (``url``, ``provenance`` and ``kind`` are on every item)."""

ITEM_COMMON = ("url", "provenance", "kind")

_BY_ID: Mapping[tuple[str, str], Field] = MappingProxyType({(f.subject, f.key): f for f in FIELDS})


def field(subject: str, key: str) -> Field:
    """The catalogued field ``key`` of subject type ``subject``; KeyError names the field."""
    try:
        return _BY_ID[(subject, key)]
    except KeyError:
        raise KeyError(f"{subject}.{key} is not in the field catalogue (core/fields.py)") from None


def get(subject: str, key: str) -> Field | None:
    """The catalogued field, or None."""
    return _BY_ID.get((subject, key))


def by_key(key: str) -> tuple[Field, ...]:
    """Every subject's field called ``key`` (``price`` is both a product and a shipping-option field)."""
    return tuple(f for f in FIELDS if f.key == key)


def of(subject: str) -> tuple[Field, ...]:
    """The fields of one subject type, in catalogue order."""
    return tuple(f for f in FIELDS if f.subject == subject)


def keys(subject: str) -> tuple[str, ...]:
    """The field keys of one subject type, in catalogue order (what ``storage.facts`` stores)."""
    return tuple(f.key for f in of(subject))


def by_column(column: str) -> Field | None:
    """The field a benchmark column is computed from (first listed), or None."""
    return next((f for f in FIELDS if column in f.columns), None)


def by_event(event: str) -> tuple[Field, ...]:
    """The fields whose change raises the named alert event (field events and subject events)."""
    return tuple(f for f in FIELDS if f.event == event or SUBJECTS[f.subject].event == event)


def rank(f: Field) -> dict[str, int]:
    """An enum field's values ranked for comparison (higher is better when ``better == 'higher'``)."""
    return {value: i for i, value in enumerate(f.values)}
