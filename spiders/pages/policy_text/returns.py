"""Return-policy facts from policy text: window, acceptance, who pays, refund types, fees, labels.

Works on sentence units with their section and FAQ question. Negation is judged per clause
("Ga bisa refund / pengembalian dana, cuma tukar size" refuses money but offers an exchange), and
sentences that only point elsewhere ("see our Returns page") or ask a question never give facts.
"""

from __future__ import annotations

import re

from . import returns_vocab as rv
from .days import find_days
from .layout import Unit
from .money import canonical, find_money

_CLAUSE = re.compile(r"[,;、]|\bbut\b|\btapi\b|\bcuma\b|\bonly\b(?= exchange)")


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if c.strip()]


def _negated(clause: str) -> bool:
    return bool(rv.NEGATION.search(clause))


def _relevant(unit: Unit) -> bool:
    """Sentence may carry a returns fact: in a returns section, or itself about returns/refunds."""
    if rv.POINTER.search(unit.text) or unit.text.rstrip().endswith(("?", "?")):
        return False
    if rv.LABEL_TRUE.search(unit.text) or rv.LABEL_FALSE.search(unit.text) or rv.FEE_CUE.search(unit.text) \
            or rv.PAID_SHIPPING_CUE.search(unit.text):
        return True
    return unit.section == "returns" or bool(rv.RETURN_CUE.search(unit.line_text) or rv.REFUND_CUE.search(unit.text)
                                              or rv.RETURN_CUE.search(unit.question))


def _window(units: list[Unit]) -> tuple[int | None, str | None, Unit | None]:
    for i, unit in enumerate(units):
        text, topic = unit.text, unit.text + " " + unit.question
        if rv.NOT_WINDOW.search(text) or rv.REFUND_CUE.search(text) and not rv.RETURN_CUE.search(text):
            continue
        if not (rv.RETURN_CUE.search(topic) or (unit.section == "returns" and rv.COMPLAINT_CUE.search(text))):
            continue
        spans = find_days(text)
        if not spans:
            continue
        span = spans[0]
        anchor_text = text[span.start:] if not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text) else text[:span.start]
        if not (rv.DELIVERY_ANCHOR.search(anchor_text) or rv.PURCHASE_ANCHOR.search(anchor_text)):
            nxt = units[i + 1].text if i + 1 < len(units) else ""
            anchor_text = nxt if rv.PERIOD_START.search(nxt) else anchor_text
        starts = _anchor(anchor_text)
        return span.max, starts, unit
    return None, None, None


def _anchor(text: str) -> str | None:
    d, p = rv.DELIVERY_ANCHOR.search(text), rv.PURCHASE_ANCHOR.search(text)
    if d and p:
        return "delivery" if d.start() < p.start() else "purchase"
    return "delivery" if d else "purchase" if p else None


def _accepted(units: list[Unit]) -> str | None:
    """any / defect_only / none from acceptance and refusal statements (item-specific refusals such
    as "sale items cannot be returned" are ignored)."""
    signals: set[str] = set()
    for unit in units:
        text = unit.text
        if rv.EXPLICIT_ANY.search(text) and not (rv.TOTAL_REFUSAL.search(text) and _negated(text)):
            signals.add("explicit_any")
        if rv.DEFECT_ONLY.search(text):
            signals.add("defect_only")
        for clause in _clauses(text):
            signals |= _clause_signals(clause, text)
    for signal, verdict in (("explicit_any", "any"), ("com_refused", "defect_only"), ("defect_only", "defect_only"),
                            ("total", "none"), ("weak_any", "any"), ("weak_total", "none")):
        if signal in signals:
            return verdict
    return None


def _clause_signals(clause: str, text: str) -> set[str]:
    mentions_return = re.search(r"return|retur|返品|pengembalian|dikembalikan", clause, re.I)
    if _negated(clause) and mentions_return:
        if rv.ITEM_SPECIFIC.search(clause):
            return set()  # "we do not accept returns on sale items"
        if rv.TOTAL_REFUSAL.search(clause) or (
                rv.TOTAL_REFUSAL.search(text) and not rv.ITEM_SPECIFIC.search(clause.replace("一切", ""))):
            return {"total"}
        if rv.CHANGE_OF_MIND.search(text) and not rv.ITEM_SPECIFIC.search(clause):
            return {"com_refused"}
        if not rv.ITEM_SPECIFIC.search(text):
            return {"weak_total"}  # "返品はお受けしておりません": no returns unless something else accepts them
        return set()
    if not _negated(clause) and rv.ACCEPT_ACTION.search(clause) and not rv.DEFECT.search(text):
        return {"weak_any"}
    return set()


def _paid_by(units: list[Unit]) -> str | None:
    customer = merchant = weak_merchant = conditional = False
    topic_line = -1
    for unit in units:
        text, topic = unit.text, unit.text + " " + unit.question
        shipping_topic = rv.PAID_SHIPPING_CUE.search(topic) or (
            unit.section == "returns" and re.search(r"送料|postage|ongkir", text, re.I)) or (
            unit.line_no == topic_line and re.search(r"負担|tanggung|\bpay", text, re.I)) or (
            unit.section == "returns" and re.search(r"(?:弊社|当社|当店|弊店)(?:が)?負担", text))
        if not shipping_topic or re.search(r"振込手数料", text) and not re.search(r"送料", text):
            continue
        topic_line = unit.line_no
        if rv.PAYER_CUSTOMER.search(text):
            customer = True
            conditional |= bool(rv.UNLESS_DEFECT.search(text))
            if re.search(r"unless|kecuali", text, re.I) and rv.PAYER_MERCHANT.search(text):
                conditional = True
        elif rv.PAYER_MERCHANT.search(text) and not _negated(text.replace("no charge", "")):
            # A prepaid label alone is weak: its cost may still be deducted from the refund.
            if re.search(r"label|伝票", text, re.I) and not re.search(r"free|無料|負担|tanggung", text, re.I):
                weak_merchant = True
            else:
                merchant = True
    if customer and (merchant or conditional):
        return "depends"
    return "customer" if customer else "merchant" if merchant or weak_merchant else None


_LABEL_CELL = re.compile(r"^[^|]{1,14}\s\|\s")  # "返品・交換 | ..." names the topic only


def _refund_types(units: list[Unit]) -> list[str]:
    found: set[str] = set()
    refused: set[str] = set()
    for unit in units:
        for clause in _clauses(_LABEL_CELL.sub("", unit.text)):
            neg = _negated(clause)
            credit = bool(rv.CREDIT_TYPE.search(clause))
            kinds = {"store_credit"} if credit else set()
            # "返金またはポイントでの返金": money and points are alternatives, judged per alternative.
            for part in re.split(r"\bor\b|\batau\b|または|もしくは", clause):
                if rv.MONEY_TYPE.search(part) and not rv.CREDIT_TYPE.search(part) and not rv.NOT_CASH.search(part):
                    kinds.add("money")
            if rv.EXCHANGE_TYPE.search(clause):
                kinds.add("exchange")
            (refused if neg else found).update(kinds)
    if "money" in refused and re.search(r"no refund|don'?t do refunds|ga bisa refund|tidak bisa refund",
                                        " ".join(u.text for u in units), re.I):
        found.discard("money")
    return [k for k in ("money", "store_credit", "exchange") if k in found]


def _restocking(units: list[Unit], lang: str) -> dict | None:
    for unit in units:
        text = unit.text
        if not rv.FEE_CUE.search(text) or rv.NOT_FEE.search(text) and not re.search(r"返品手数料|事務手数料", text):
            continue
        pct = re.search(r"(\d+(?:\.\d+)?)\s*%", text)
        if pct:
            value = canonical(pct.group(1))
            return {"percent": int(value) if value.isdigit() else value}
        money = find_money(text, None if lang != "ja" else "JPY", lang)
        if money:
            return {"amount": canonical(money[0].amount), "currency": money[0].currency}
    return None


def _label(units: list[Unit]) -> bool | None:
    for unit in units:
        if rv.LABEL_FALSE.search(unit.text):
            return False
        if rv.LABEL_TRUE.search(unit.text) and not _negated(unit.text.replace("no charge", "")):
            return True
    return None


def _refund_days(units: list[Unit], window_unit: Unit | None) -> dict | None:
    for unit in units:
        if unit is window_unit:
            continue  # "return within 30 days for a refund": that number is the window
        topic = unit.text + " " + unit.question
        if not rv.REFUND_CUE.search(topic) or re.search(r"\blabel\b|\byour bank\b|\bbank may\b|\bbonus\b|bank anda",
                                                        unit.text, re.I):
            continue
        if re.search(r"\bfor a (?:full )?refund\b", unit.text, re.I) and not re.search(r"refunds? (?:is|are|will)",
                                                                                      unit.text, re.I):
            continue
        spans = [s for s in find_days(unit.text)]
        if spans:
            lo, hi = spans[0].as_range()
            return {"min": lo, "max": hi}
    return None


def extract_returns(units: list[Unit], lang: str, currency: str | None) -> tuple[dict | None, dict[str, str]]:
    """The returns fact dict (or None when the text states nothing about returns) and provenance."""
    relevant = [u for u in units if _relevant(u)]
    window, starts, window_unit = _window(relevant)
    paid_by = _paid_by(relevant)
    facts = {
        "window_days": window,
        "window_starts": starts if window is not None else None,
        "accepted": _accepted(relevant),
        "return_shipping_paid_by": paid_by,
        "free_returns": None if paid_by is None else paid_by == "merchant",
        "refund_types": _refund_types(relevant),
        "restocking_fee": _restocking(relevant, lang),
        "label_provided": _label(relevant),
        "refund_processing_days": _refund_days(relevant, window_unit),
    }
    if facts["restocking_fee"] and "currency" in facts["restocking_fee"] and not facts["restocking_fee"]["currency"]:
        facts["restocking_fee"]["currency"] = currency
    if not any(v not in (None, []) for v in facts.values()):
        return None, {}
    provenance = {f"returns.{k}": f"text:{lang}:{k.replace('_', '-')}" for k, v in facts.items() if v not in (None, [])}
    return facts, provenance
