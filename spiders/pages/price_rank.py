"""Ranking of the price candidates read near the title and buy button, and the price's confidence.

``heuristics`` finds candidates (short price texts in the buy-box window, with per-unit prices,
instalments, savings, shipping fees and recommendation widgets already left out). Each candidate is
scored by features that hold on any store, lower = more likely the price a shopper pays:

* **distance** in elements to the nearest anchor (the product's title, the add-to-cart control) —
  the base score;
* **price markup**: a price-like class/id/itemprop (×0.5), emphasis (``<strong>``/``<b>``, or a
  "current/sale/final/now/main" class, ×0.8);
* **agreement** with an amount the buy box declares in attributes (``itemprop="price" content``,
  ``data-price``-like attributes, ``product:price:amount`` meta) ×0.3, and the **same amount shown
  more than once** in the buy box ×0.85;
* **currency mark** present (×0.8); a bare number without one ×1.5;
* **never a price**: a number that is part of the product's name or model ("Future 5.4", "iPhone
  13") unless it carries a currency mark; struck-through / was-classed amounts (was-prices).

The best candidate wins unless a different amount ties with it exactly (then no price: see
``price_note``). Its confidence follows the rule in ``confidence``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from spiders.pages import money

EMPHASIS_TAGS = {"strong", "b", "em"}
EMPHASIS_CLASS = re.compile(r"current|sale|final|actual|\bnow\b|special|main|primary|big|large|selling|"
                            r"offer|promo|aktuell|actuel|prezzo-?attuale", re.I)
DECLARED_ATTRIBUTES = ("data-price", "data-product-price", "data-price-amount", "data-sale-price", "data-price-value")
_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)*")


def declared_amounts(elements) -> set[Decimal]:
    """Amounts the buy box states in attributes (microdata ``content``, ``data-price``, price meta)."""
    amounts: set[Decimal] = set()
    for el in elements:
        values = [el.get(a) for a in DECLARED_ATTRIBUTES]
        if el.get("itemprop") == "price" or el.get("property") in ("product:price:amount", "og:price:amount"):
            values.append(el.get("content"))
        for value in filter(None, values):
            amount = money.to_decimal(value)
            if amount:
                amounts.add(amount)
    return amounts


def name_numbers(title: str | None) -> set[str]:
    """Number tokens of the product's name ("Future 5.4" -> {"5.4"}): never a price on their own.

    >>> sorted(name_numbers("Speaker Future 5.4 (2 pack)"))
    ['2', '5.4']
    """
    return set(_NUMBER_TOKEN.findall(title or ""))


def score(candidate: tuple, distance: int, features: dict) -> float | None:
    """Score of one candidate (lower is better), None when it is never the price."""
    _, el, amount, symbol, _, _, text = candidate
    number = _NUMBER_TOKEN.search(text or "")
    if symbol is None and number and number.group(0) in features["name_numbers"]:
        return None  # a model number from the name, not a price
    value = float(distance) + 1.0
    value *= 0.5 if features["price_class"](el) else 1.0
    value *= 0.8 if _emphasised(el) else 1.0
    value *= 0.3 if amount in features["declared"] else 1.0
    value *= 0.85 if features["counts"].get(amount, 0) > 1 else 1.0
    value *= 0.8 if symbol else 1.5
    return value


def _emphasised(el) -> bool:
    node = el
    for _ in range(3):
        if node is None or not isinstance(node.tag, str):
            return False
        if node.tag in EMPHASIS_TAGS or EMPHASIS_CLASS.search(node.get("class") or ""):
            return True
        node = node.getparent()
    return False


def choose(scored: list[tuple]) -> tuple[tuple | None, list[Decimal], float]:
    """(best current candidate, tied rival amounts, margin to the runner-up) from
    ``(score, was-kind, amount, symbol, declared)`` tuples; margin 1.0 when unopposed."""
    # A price only *classed* "old" with no current price beside it is the price (themes misname classes).
    current = [x for x in scored if not x[1]] or [x for x in scored if x[1] == "class"]
    if not current:
        return None, [], 0.0
    current.sort(key=lambda x: x[0])
    best = current[0]
    rivals = sorted({x[2] for x in current if x[0] == best[0]})
    if len(rivals) > 1:
        return None, rivals, 0.0
    other = next((x for x in current if x[2] != best[2]), None)
    margin = 1.0 if other is None else min(1.0, (other[0] - best[0]) / max(other[0], 1e-9))
    return best, [], margin
