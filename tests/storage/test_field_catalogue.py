"""The field catalogue (storage/fields.py) is consistent with itself and with the scraped items."""

from __future__ import annotations

import typing

from spiders.items import ITEM_TYPES, ProductItem, ReturnsItem
from storage import fields


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
                f"{kind} item field {name!r} is neither in storage/fields.py nor in NOT_STORED"


def test_shipping_option_fields_are_catalogued():
    from spiders.items import ShippingOption

    assert set(ShippingOption.model_fields) == set(fields.keys("shipping_option"))
