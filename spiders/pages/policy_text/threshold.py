"""The free-shipping threshold and the carrier a document names.

Threshold: the first order-value amount in a sentence that makes shipping free ("on orders of $50
or more", "di atas Rp300.000", "3,980円以上で送料無料"), or the free top row of a tier table.
Unconditional free shipping ("no minimum", "金額条件なし") and non-money conditions give None.
Processing time has its own module (``processing.py``).
"""

from __future__ import annotations

import re

from . import vocab
from .layout import Unit
from .money_spans import Money, canonical, find_money
from .model import Ctx


def _inclusive(text: str, m: Money) -> tuple[bool | None, str]:
    before, after = text[max(0, m.start - 30):m.start], text[m.end:]
    if vocab.THRESHOLD_INCLUSIVE_AFTER.match(after):
        return True, "threshold-" + vocab.THRESHOLD_INCLUSIVE_AFTER.match(after).group(0).strip(" ()税込")
    if vocab.THRESHOLD_EXCLUSIVE_AFTER.match(after):
        return False, "threshold-" + vocab.THRESHOLD_EXCLUSIVE_AFTER.match(after).group(0).strip(" ()税込")
    if vocab.ORDER_VALUE.search(before) and re.match(r"\s*(?:\([^)]{0,6}\))?\s*(?:で|にて)?\s*送料無料", after):
        return True, "threshold-implied"  # "ご注文金額の合計が¥19200(税別)送料無料"
    excl = list(vocab.THRESHOLD_EXCLUSIVE_BEFORE.finditer(before))
    incl = list(vocab.THRESHOLD_INCLUSIVE_BEFORE.finditer(before))
    if excl and (not incl or excl[-1].end() > incl[-1].end()):
        return False, "threshold-" + excl[-1].group(0).strip().lower()
    if incl:
        return True, "threshold-" + incl[-1].group(0).strip().lower()
    return None, ""


def find_threshold(units: list[Unit], ctx: Ctx) -> tuple[dict | None, str | None, str]:
    """First free-shipping threshold, with the rule that matched and the sentence it came from."""
    for i, unit in enumerate(units):
        if unit.section == "returns":
            continue
        text = unit.text
        under_free_heading = bool(vocab.FREE.search(unit.heading_text))  # "GRATIS ONGKIR:" + rows
        free_here = vocab.FREE.search(text) and not vocab.FREE_NEGATED.search(text) and not (
            vocab.FREE_NOT_SHIPPING.search(text) and len(vocab.FREE.findall(text)) == 1)
        if not free_here and not under_free_heading:
            continue
        if vocab.NO_MINIMUM.search(text) or vocab.SUPERSEDED.search(text):
            continue
        if free_here and not find_money(text, ctx.currency, ctx.lang):
            text = _condition_above(units, i, ctx) or text
        for m in find_money(text, ctx.currency, ctx.lang):
            if text[:m.start].count("(") > text[:m.start].count(")") or vocab.ADDON_AFTER.search(text[m.end:]):
                continue
            if vocab.CAP_BEFORE.search(text[max(0, m.start - 25):m.start]):
                continue  # "free ongkir s/d Rp15.000": a subsidy cap, not the order value
            inclusive, rule = _inclusive(text, m)
            if inclusive is None:
                continue
            return {"amount": canonical(m.amount), "currency": m.currency, "inclusive": inclusive}, rule, \
                (unit.text if text == unit.text else f"{text} {unit.text}")
    return None, None, ""


def _condition_above(units: list[Unit], i: int, ctx: Ctx) -> str | None:
    """"<合計金額が3,000円以上の場合>" (heading or line) then "全国一律: 無料": the order-value bound stated
    just above a free row without an amount."""
    unit = units[i]
    above = [unit.heading_text] + ([units[i - 1].text] if i and units[i - 1].block == unit.block else [])
    for text in reversed(above):
        if text and vocab.ORDER_VALUE.search(text) and find_money(text, ctx.currency, ctx.lang):
            return text
    return None



def find_carrier(text: str) -> str | None:
    """Carrier/service the document ships with; services (ゆうパック) beat companies (日本郵便)."""
    hits = [(m.start(), m.group(0)) for m in vocab.CARRIER.finditer(text)]
    services = [h for h in hits if h[1] in vocab.CARRIER_SERVICES]
    chosen = (services or hits or [None])[0]
    return chosen[1] if chosen else None
