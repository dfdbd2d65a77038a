"""Who pays return shipping (customer / merchant / depends), return labels and restocking fees.

"The customer pays unless the item is defective" is ``depends``; outbound shipping lines and bank
transfer fees (振込手数料) are not return shipping; a prepaid label alone is weak evidence that
the merchant pays (its cost may be deducted from the refund).
"""

from __future__ import annotations

import re

from . import returns_vocab as rv
from .layout import Unit
from .money import canonical, find_money
from .returns_evidence import EXPLICIT, INFERRED, Found


def _negated(clause: str) -> bool:
    return bool(rv.NEGATION.search(clause))


def _shipping_topic(unit: Unit, topic_line: int) -> bool:
    text, topic = unit.text, unit.text + " " + unit.question
    return bool(rv.PAID_SHIPPING_CUE.search(topic) or (
        unit.section == "returns" and re.search(r"送料|postage|ongkir", text, re.I)) or (
        unit.line_no == topic_line and re.search(r"負担|tanggung|\bpay", text, re.I)) or (
        unit.section == "returns" and re.search(r"(?:弊社|当社|当店|弊店)(?:が)?負担", text)))


def paid_by(units: list[Unit]) -> Found | None:
    customer = merchant = weak_merchant = conditional = None
    topic_line = -1
    for unit in units:
        text = unit.text
        if not _shipping_topic(unit, topic_line) or re.search(r"振込手数料", text) and not re.search(r"送料", text):
            continue
        topic_line = unit.line_no
        if rv.PAYER_CUSTOMER.search(text):
            customer = customer or unit
            if rv.UNLESS_DEFECT.search(text) or (
                    re.search(r"unless|kecuali", text, re.I) and rv.PAYER_MERCHANT.search(text)):
                conditional = conditional or unit
        elif rv.PAYER_MERCHANT.search(text) and not _negated(text.replace("no charge", "")):
            # A prepaid label alone is weak: its cost may still be deducted from the refund.
            if re.search(r"label|伝票", text, re.I) and not re.search(r"free|無料|負担|tanggung", text, re.I):
                weak_merchant = weak_merchant or unit
            else:
                merchant = merchant or unit
    if customer and (merchant or conditional):
        return Found("depends", (conditional or merchant).text if conditional else
                     f"{customer.text} {merchant.text}", EXPLICIT)
    if customer:
        return Found("customer", customer.text, EXPLICIT)
    if merchant or weak_merchant:
        return Found("merchant", (merchant or weak_merchant).text, EXPLICIT if merchant else INFERRED)
    return None


def restocking(units: list[Unit], lang: str, currency: str | None) -> Found | None:
    for unit in units:
        text = unit.text
        if not rv.FEE_CUE.search(text) or rv.NOT_FEE.search(text) and not re.search(r"返品手数料|事務手数料", text):
            continue
        pct = re.search(r"(\d+(?:\.\d+)?)\s*%", text)
        if pct:
            value = canonical(pct.group(1))
            return Found({"percent": int(value) if value.isdigit() else value}, text)
        money = find_money(text, None if lang != "ja" else "JPY", lang)
        if money:
            return Found({"amount": canonical(money[0].amount), "currency": money[0].currency or currency}, text)
    return None


def label(units: list[Unit]) -> Found | None:
    for unit in units:
        if rv.LABEL_FALSE.search(unit.text):
            return Found(False, unit.text)
        if rv.LABEL_TRUE.search(unit.text) and not _negated(unit.text.replace("no charge", "")):
            return Found(True, unit.text)
    return None
