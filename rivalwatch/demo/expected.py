"""What the demo stores truly publish in each version (``EXPECTED``) and the v1 -> v2 ``CHANGES``.

``EXPECTED[version][slug]`` holds the facts in the shapes of ``spiders.items``: ``products`` by GTIN
(``title``, ``sku``, ``brand``, ``price`` / ``was_price`` as canonical decimal strings, schema.org
``availability``, the page ``path``), ``shipping`` (``options`` with name, price, currency, min_days,
max_days, business_days, region; ``free_shipping_threshold`` {amount, currency, inclusive} or None;
``processing_days`` {min, max}), ``returns`` (the ``ReturnsItem`` fields) and ``support`` (the
``SupportItem`` fields; None = not stated). Money compares with ``Decimal(a) == Decimal(b)``.

``CHANGES`` is written by hand; the tests check that ``diff_facts(EXPECTED[1], EXPECTED[2])`` finds
exactly these entries and nothing else. Subjects: ``product:<gtin>``, ``shipping`` (threshold,
processing time), ``shipping:<option name>``, ``returns``, ``support``. A threshold is compared by its
amount (IDR string), as a change event would show it.
"""

from __future__ import annotations

from typing import Any

from rivalwatch.demo.catalog import GULA, KOPI, MADU, VCO
from rivalwatch.demo.stores import STORES
from rivalwatch.demo.web import VERSIONS

EXPECTED: dict[int, dict[str, dict]] = {v: {s.slug: s.facts(v) for s in STORES} for v in VERSIONS}

CHANGES: list[dict] = [
    {"store": "belanja-cepat", "subject": f"product:{MADU}", "field": "price", "old": "125000", "new": "115000"},
    {"store": "belanja-cepat", "subject": f"product:{GULA}", "field": "availability",
     "old": "InStock", "new": "OutOfStock"},
    {"store": "belanja-cepat", "subject": "shipping:JNE REG", "field": "price", "old": "18000", "new": "20000"},
    {"store": "kedai-rumah", "subject": "shipping", "field": "free_shipping_threshold", "old": None, "new": "150000"},
    {"store": "kedai-rumah", "subject": f"product:{VCO}", "field": "price", "old": "68000", "new": "72000"},
    {"store": "pasar-kilat", "subject": "returns", "field": "window_days", "old": 30, "new": 14},
    {"store": "pasar-kilat", "subject": f"product:{KOPI}", "field": "price", "old": "88000", "new": "84000"},
]


def _change(store: str, subject: str, field: str, old: Any, new: Any) -> list[dict]:
    return [] if old == new else [{"store": store, "subject": subject, "field": field, "old": old, "new": new}]


def _threshold(shipping: dict) -> str | None:
    threshold = shipping["free_shipping_threshold"]
    return None if threshold is None else threshold["amount"]


def _diff_fields(store: str, subject: str, old: dict | None, new: dict | None) -> list[dict]:
    old, new = old or {}, new or {}
    return [c for key in sorted(old.keys() | new.keys())
            for c in _change(store, subject, key, old.get(key), new.get(key))]


def _diff_store(store: str, old: dict, new: dict) -> list[dict]:
    changes = []
    for gtin in sorted(old["products"].keys() | new["products"].keys()):
        changes += _diff_fields(store, f"product:{gtin}", old["products"].get(gtin), new["products"].get(gtin))
    changes += _change(store, "shipping", "free_shipping_threshold", _threshold(old["shipping"]),
                       _threshold(new["shipping"]))
    changes += _change(store, "shipping", "processing_days", old["shipping"]["processing_days"],
                       new["shipping"]["processing_days"])
    old_options = {o["name"]: o for o in old["shipping"]["options"]}
    new_options = {o["name"]: o for o in new["shipping"]["options"]}
    for name in sorted(old_options.keys() | new_options.keys()):
        changes += _diff_fields(store, f"shipping:{name}", old_options.get(name), new_options.get(name))
    changes += _diff_fields(store, "returns", old["returns"], new["returns"])
    changes += _diff_fields(store, "support", old["support"], new["support"])
    rest = {k for k in old.keys() | new.keys() if k not in ("products", "shipping", "returns", "support")}
    changes += _diff_fields(store, "store", {k: old.get(k) for k in rest}, {k: new.get(k) for k in rest})
    return changes


def diff_facts(old: dict[str, dict], new: dict[str, dict]) -> list[dict]:
    """Every difference between two ``EXPECTED`` versions, as ``CHANGES``-style entries."""
    changes = []
    for store in sorted(old.keys() | new.keys()):
        changes += _diff_store(store, old.get(store) or _EMPTY, new.get(store) or _EMPTY)
    return changes


_EMPTY = {"products": {}, "shipping": {"options": [], "free_shipping_threshold": None,
                                       "processing_days": None}, "returns": {}, "support": {}}
