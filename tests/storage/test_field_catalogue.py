"""The field catalogue (core/fields.py) is consistent with itself and with the scraped items."""

from __future__ import annotations

import typing

from spiders.items import ITEM_TYPES, ProductItem, ReturnsItem
from core import fields


def test_every_field_uses_known_vocabulary():
    for f in fields.FIELDS:
        assert f.subject in fields.SUBJECTS, f.name
        assert f.kind in fields.KINDS, f.name
        assert f.better in fields.BETTER, f.name
        assert f.severity in fields.SEVERITY_RULES, f.name
        assert f.format in fields.FORMATTERS, f.name
        assert bool(f.values) == (f.kind in ("enum", "enum_list")), f.name


def test_fields_are_unique_and_findable():
    ids = [(f.subject, f.key) for f in fields.FIELDS]
    assert len(ids) == len(set(ids))
    assert fields.field("shipping", "free_shipping_threshold").event == "free_shipping_threshold_changed"
    assert {f.subject for f in fields.by_key("price")} == {"product", "shipping_option"}
    columns = [c for f in fields.FIELDS for c in f.columns]
    assert len(columns) == len(set(columns)), "a benchmark column is computed from one field"


def test_fields_sharing_a_key_share_severity_and_money():
    # change wording and severity are decided by the field key alone (storage.changes)
    for f in fields.FIELDS:
        for other in fields.by_key(f.key):
            assert (other.severity, other.is_money) == (f.severity, f.is_money), f.name


def _literal_values(model, name) -> set[str]:
    annotation = model.model_fields[name].annotation
    args = set()
    for arg in typing.get_args(annotation) or (annotation,):
        args |= set(typing.get_args(arg)) if typing.get_origin(arg) is typing.Literal else set()
        for inner in typing.get_args(arg):  # list[Literal[...]]
            if typing.get_origin(inner) is typing.Literal:
                args |= set(typing.get_args(inner))
    return args


def test_enum_words_cover_the_item_literals():
    assert set(fields.field("product", "availability").values) == _literal_values(ProductItem, "availability")
    for key in ("window_starts", "accepted", "return_shipping_paid_by", "refund_types"):
        assert set(fields.field("returns", key).values) == _literal_values(ReturnsItem, key), key


def test_every_item_field_is_catalogued_or_deliberately_not_stored():
    for kind, model in ITEM_TYPES.items():
        subjects = [s.type for s in fields.SUBJECTS.values() if s.item_kind == kind]
        catalogued = {f.key for s in subjects for f in fields.of(s)} | {"text_hash"}
        for name in model.model_fields:
            assert name in catalogued or name in fields.NOT_STORED[kind] or name in fields.ITEM_COMMON, \
                f"{kind} item field {name!r} is neither in core/fields.py nor in NOT_STORED"


def test_shipping_option_fields_are_catalogued():
    from spiders.items import ShippingOption

    # ``evidence`` (sentence + confidence) is stored in the fact's own columns, not as a field
    assert set(ShippingOption.model_fields) - {"evidence"} == set(fields.keys("shipping_option"))


_SAMPLE = {  # one valid value per kind, in the item schema
    "money": "12.5", "currency": "IDR", "days": 3, "day_range": {"min": 1, "max": 3}, "fee": {"percent": "10"},
    "bool": True, "count": 7, "rating": "4.5", "text": "x", "hash": "0" * 64,
}


def _value(f):
    if f.kind == "enum":
        return next(iter(f.values))
    if f.kind == "enum_list":
        return list(f.values)
    if f.key == "free_shipping_threshold":
        return {"amount": "100", "currency": "IDR", "inclusive": True}
    return _SAMPLE[f.kind]


def test_every_catalogued_field_is_stored():
    """A field the catalogue lists but storage.facts never writes is caught here (live_chat_vendor was)."""
    from storage.facts import item_facts

    items = [
        {"kind": "product", "url": "u", **{f.key: _value(f) for f in fields.of("product")}},
        {"kind": "shipping", "url": "u", "text_hash": "0" * 64, **{f.key: _value(f) for f in fields.of("shipping")},
         "options": [{f.key: _value(f) for f in fields.of("shipping_option")}]},
        {"kind": "returns", "url": "u", **{f.key: _value(f) for f in fields.of("returns")}},
        {"kind": "support", "url": "u", **{f.key: _value(f) for f in fields.of("support")}},
    ]
    for item in items:  # the samples are valid items
        ITEM_TYPES[item["kind"]].model_validate(item)
    stored = {(fact.subject_type, fact.field) for item in items for fact in item_facts(item)}
    assert stored == {(f.subject, f.key) for f in fields.FIELDS}


def test_extracted_support_signals_are_catalogued():
    """Every key the support extractor can return is a catalogued support field."""
    from spiders.pages.support import extract_support

    html = ("<html><body><a href='tel:+1'>call</a><a href='mailto:a@b.c'>mail</a><a href='https://wa.me/1'>wa</a>"
            "<script src='https://static.zdassets.com/ekr/snippet.js'></script><p>24/7 support</p>"
            "<a href='/faq'>FAQ</a><a href='/track-order'>Track order</a></body></html>")
    item = extract_support(html, "https://shop.example/help")
    stated = {k for k, v in item.model_dump().items() if v is not None} - set(fields.ITEM_COMMON)
    assert stated and stated <= set(fields.keys("support"))


def test_labels_are_shared_by_key_and_events_are_known_to_rules():
    from core.config.models import DeclaredSupport
    from core.config.rules import EVENTS

    for f in fields.FIELDS:
        assert {o.label for o in fields.by_key(f.key)} == {f.label}, f.name
    events = {f.event for f in fields.FIELDS if f.event} | {s.event for s in fields.SUBJECTS.values() if s.event}
    assert events == set(fields.EVENTS) and events <= set(EVENTS)
    assert set(DeclaredSupport.model_fields) == {f.key for f in fields.of("support") if f.declarable}
