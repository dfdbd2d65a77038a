"""The return window (days and what it counts from) and how long a refund takes.

The window is the first duration in a sentence about sending goods back; processing times
("dikirim 3-10 hari kerja"), warranty terms, reply times and hold periods are not windows, and the
window's own number is never reused as the refund time.
"""

from __future__ import annotations

import re

from . import returns_vocab as rv
from .days import find_days
from .layout import Unit
from .returns_evidence import EXPLICIT, INFERRED, Found

_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# Claims for parcels that never came ("haven't received your order within 7 days"): not a return window.
_NOT_ARRIVED = re.compile(r"(?:have ?n[o']t|has ?n[o']t|not yet|never|did ?n[o']t|do ?n[o']t) (?:\w+ )?(?:received|arrived|get|got)"
                          r"|\bbelum (?:di)?terima|\bbelum sampai|\btidak sampai|届かない|届いていない|未着", re.I)


def window(units: list[Unit]) -> tuple[Found | None, Found | None, Unit | None]:
    """(window_days, window_starts, the unit they came from)."""
    for i, unit in enumerate(units):
        text, topic = unit.text, f"{unit.text} {unit.question} {unit.heading_text}"
        head = text.split(" | ", 1)[0] if " | " in text else ""  # "返金について | …10日以内にお振込み"
        if rv.REFUND_CUE.search(head) and not rv.RETURN_CUE.search(head):
            continue
        if rv.NOT_WINDOW.search(text) or rv.NOT_WINDOW_MORE.search(text) or (
                rv.REFUND_CUE.search(text) and not rv.RETURN_CUE.search(text)):
            continue
        if not (rv.RETURN_CUE.search(topic) or (unit.section == "returns" and rv.COMPLAINT_CUE.search(text))):
            continue
        if _NOT_ARRIVED.search(text):
            continue  # "haven't received your order within 7 days, contact us": a delivery claim, not a window
        # "到着後8日以上経過した商品は…": the day the window has ended, not the window
        spans = [s for s in find_days(text) if not rv.AFTER_WINDOW.match(text[s.end:s.end + 12])]
        if not spans:
            continue
        span = spans[0]
        anchor_text = text[span.start:] if not _CJK.search(text) else text[:span.start]
        if not (rv.DELIVERY_ANCHOR.search(anchor_text) or rv.PURCHASE_ANCHOR.search(anchor_text)):
            # "Our returns policy lasts 30 days. If 30 days have passed since your purchase, ..."
            nxt = units[i + 1].text if i + 1 < len(units) else ""
            same_days = any(s.max == span.max for s in find_days(nxt))
            anchor_text = nxt if rv.PERIOD_START.search(nxt) or same_days else anchor_text
        starts = _anchor(anchor_text) or _restated_anchor(units, span.max)
        conf = EXPLICIT if rv.RETURN_CUE.search(text) else INFERRED
        days = Found(span.max, text, conf)
        if starts is None and rv.SHIPMENT_ANCHOR.search(anchor_text):
            return days, Found("delivery", text, INFERRED), unit
        return days, (Found(starts, text, conf) if starts else None), unit
    return None, None, None


def _restated_anchor(units: list[Unit], days: int) -> str | None:
    """"You have 30 days to return it ... apply within 30 days after the parcel arrives": the anchor
    of a later sentence about returns that restates the same number of days."""
    for unit in units:
        if not rv.RETURN_CUE.search(unit.text):
            continue
        for span in find_days(unit.text):
            if span.max == days:
                text = unit.text
                starts = _anchor(text[span.start:] if not _CJK.search(text) else text[:span.start])
                if starts:
                    return starts
    return None


def _anchor(text: str) -> str | None:
    d, p = rv.DELIVERY_ANCHOR.search(text), rv.PURCHASE_ANCHOR.search(text)
    if d and p:
        return "delivery" if d.start() < p.start() else "purchase"
    return "delivery" if d else "purchase" if p else None


# "Your return will be processed within 5-7 business days": the time to refund after it arrives.
_RETURN_PROCESSED = re.compile(r"\breturns? (?:will be |to be |is |are )?processed\b|retur (?:akan )?diproses|返品(?:の)?処理", re.I)
_NOT_REFUND_TIME = re.compile(r"\blabel\b|\byour bank\b|\bbank may\b|\bbonus\b|bank anda", re.I)


def refund_days(units: list[Unit], window_unit: Unit | None) -> Found | None:
    for unit in units:
        if unit is window_unit:
            continue  # "return within 30 days for a refund": that number is the window
        topic = unit.text + " " + unit.question
        if not (rv.REFUND_CUE.search(topic) or _RETURN_PROCESSED.search(unit.text)) or _NOT_REFUND_TIME.search(
                unit.text) or rv.NOT_REFUND_TYPE.search(unit.text):
            continue
        if rv.POST_WINDOW.search(unit.text) or rv.REFUSE.search(unit.text):
            continue  # "If 30 days have gone by ... we can't offer you a refund": the window again
        if re.search(r"\bfor a (?:full )?refund\b", unit.text, re.I) and not re.search(r"refunds? (?:is|are|will)",
                                                                                      unit.text, re.I):
            continue
        spans = find_days(unit.text)
        if spans:
            lo, hi = spans[0].as_range()
            conf = EXPLICIT if rv.REFUND_CUE.search(unit.text) else INFERRED
            return Found({"min": lo, "max": hi}, unit.text, conf)
    return None
