"""The return window (days and what it counts from) and how long a refund takes.

The window is the first duration in a sentence about sending goods back; processing times
("dikirim 3-10 hari kerja"), warranty terms, reply times and hold periods are not windows, and the
window's own number is never reused as the refund time.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import returns_vocab as rv
from .days import find_days
from .layout import Unit
from .returns_evidence import EXPLICIT, INFERRED, REVIEW, Found

_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# "you can cancel up to 14 days from the day your goods arrive" (a right to withdraw after delivery).
CANCEL_AFTER_DELIVERY = re.compile(
    r"\bcancel\w*\b[^.]{0,80}?\b\d+ (?:calendar |working )?days?\b[^.]{0,30}\b(?:from|after|of)\b[^.]{0,25}"
    r"(?:receiv|arriv|deliver)|(?:arrived|been delivered|receive[ds]?)\b[^.]{0,60}\b\d+ (?:calendar )?days?\b[^.]{0,60}"
    r"\bto cancel\b", re.I)
# A deadline counted from the buyer's notice ("after telling us, another 10 days to post them back").
_AFTER_NOTICE = re.compile(r"\bafter (?:telling|notifying|informing|contacting) us\b|\b(?:further|another) \d+ days\b"
                           r"|\bfrom the (?:date|day) (?:you|that you) (?:notify|inform|tell|told|notified|informed)\b"
                           r"|\bafter (?:the day )?you (?:inform|notify|tell|told|informed|notified) us\b", re.I)
# Claims for parcels that never came ("haven't received your order within 7 days"): not a return window.
_NOT_ARRIVED = re.compile(r"(?:have ?n[o']t|has ?n[o']t|not yet|never|did ?n[o']t|do ?n[o']t) (?:\w+ )?(?:received|arrived|get|got)"
                          r"|\bbelum (?:di)?terima|\bbelum sampai|\btidak sampai|届かない|届いていない|未着", re.I)


def window(units: list[Unit]) -> tuple[Found | None, Found | None, Unit | None]:
    """(window_days, window_starts, the unit they came from). A window with a later, longer limit
    ("return unopened items within 7 days for a full refund" … "no returns over 30 days old") is one
    tier of several: which one is "the" window is not stated, so both facts need review."""
    days, starts, unit = _first_window(units)
    if days is not None and _longer_limit(units, days.value):
        days = Found(days.value, days.text, REVIEW)
        starts = Found(starts.value, starts.text, REVIEW) if starts is not None else None
    return days, starts, unit


def _longer_limit(units: list[Unit], days: int) -> bool:
    """Some refusal after a number of days larger than the window ("We do not accept returns over 30 days old")."""
    for unit in units:
        if rv.REFUSE.search(unit.text) and rv.POST_WINDOW.search(unit.text) and rv.GOODS_BACK.search(unit.text):
            text = unit.text  # "到着後8日以上経過した商品" ends a 7-day window: "8日以上" is day 8 onwards
            if any(s.max - (text[s.end:s.end + 2] == "以上") > days for s in find_days(text)):
                return True
    return False


def _first_window(units: list[Unit]) -> tuple[Found | None, Found | None, Unit | None]:
    for i, unit in enumerate(units):
        text, topic = unit.text, f"{unit.text} {unit.question} {unit.heading_text}"
        head = text.split(" | ", 1)[0] if " | " in text else ""  # "返金について | …10日以内にお振込み"
        if rv.REFUND_CUE.search(head) and not rv.RETURN_CUE.search(head):
            continue
        if rv.REFUND_CUE.search(unit.question) and not rv.RETURN_CUE.search(unit.question):
            continue  # "Kapan dana dikembalikan? J: 3-7 hari kerja": answers when the money comes back
        withdrawal = CANCEL_AFTER_DELIVERY.search(text)  # UK/EU: cancelling after delivery is the return window
        if _AFTER_NOTICE.search(text) or rv.NOT_WINDOW.search(text) or (
                rv.NOT_WINDOW_MORE.search(text) and not withdrawal) or (
                rv.REFUND_CUE.search(text) and not rv.RETURN_CUE.search(text)):
            continue
        if not (withdrawal or rv.RETURN_CUE.search(topic) or (unit.section == "returns" and rv.COMPLAINT_CUE.search(text))):
            continue
        if _NOT_ARRIVED.search(text) or (rv.REFUSE.search(text) and not rv.POST_WINDOW.search(text)
                                         and not rv.ITEM_REFUSAL.search(text) and not rv.COM_STRONG.search(text)):
            # "haven't received your order within 7 days, contact us" (a delivery claim) and "We don't offer
            # returns, but if something is wrong contact us within 3 days" (a refusal) give no window
            continue
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
# ... and money-back guarantees ("返金保証…15日間以内にご連絡"): a period to claim, not the refund's time
_NOT_REFUND_TIME = re.compile(r"\blabel\b|\byour bank\b|\bbank may\b|\bbonus\b|bank anda|返金保証|money[- ]back guarantee|"
                              r"garansi uang kembali", re.I)
# Times that belong to the bank, the card issuer or the carrier, not to the store's refund.
_POSTING = re.compile(r"\b(?:card issuer|issuing bank|financial institution)s?\b|\bbanks? (?:may|can|will|might|usually) take\b"
                      r"|depending on (?:your|the) (?:bank|card|payment provider)|\bstatement\b|\bto (?:appear|reflect|post) (?:on|in)\b"
                      r"|\bin transit\b|\btransit time|(?:giving|handing|dropping off|posting|sending|shipping) (?:your |the )?(?:package|parcel|return|items?) (?:to|with|back)\b|tergantung (?:pada )?(?:kebijakan )?bank|\bbank penerbit\b|カード会社|金融機関", re.I)
# The refund as the subject or object of a verb: "refunds are issued within", "dana dikembalikan dalam", "返金いたします".
_REFUND_ACT = re.compile(r"\brefund(?:s|ed|ing)?\b|\bpay (?:you )?back\b|\bmoney back\b|\bcredit(?:ed)? (?:back|to)\b|\breimburse|pengembalian dana|dana (?:akan )?"
                         r"(?:\w+ )?(?:di)?kembalikan|\brefund\b|返金|ご返金|払い?戻|お振込|お振り込み|ポイント(?:を)?(?:付与|返還)", re.I)
_NEAR = 150  # characters between the refund word and its duration


def _refund_span(clause: str):
    """The duration next to an explicit refund word in one clause, or None. An aside in brackets
    without a refund word ("(inspection usually takes 2-3 days)") is left out, and a deadline counted
    from delivery or purchase ("refund within 14 days of delivery") is the window, not the refund time."""
    if _POSTING.search(clause):
        return None
    clause = _PAREN.sub(lambda m: m.group(0) if _REFUND_ACT.search(m.group(0)) else " " * len(m.group(0)), clause)
    # "Pengajuan refund harus dilakukan maksimal 1x24 jam": the buyer's deadline to ask, not the refund's time
    asked = _REFUND_REQUEST.sub(lambda m: " " * len(m.group(0)), clause)
    acts = [m.start() for m in _REFUND_ACT.finditer(asked)]
    for span in _ranged(clause, find_days(clause)):
        if _WINDOW_AFTER.match(clause, span.end) or _WINDOW_BEFORE.search(clause[max(0, span.start - 12):span.start]) \
                or _SEND_BACK_BEFORE.search(clause[max(0, span.start - 60):span.start]):
            continue  # "send them back within 3 days": the buyer's deadline, not the refund's time
        if any(abs(span.start - a) <= _NEAR for a in acts):
            return span
    return None


_PAREN = re.compile(r"\([^()]*\)|（[^（）]*）")
_REFUND_REQUEST = re.compile(r"\b(?:pengajuan|mengajukan|permintaan|permohonan|klaim)\s+(?:\w+\s+)?(?:refund|pengembalian dana)\b|"
                             r"\brefund (?:requests?|claims?)\b|\b(?:request|apply|ask) for a refund\b", re.I)
_WINDOW_AFTER = re.compile(r"\s*(?:of|after|from) (?:the )?(?:date of )?(?:delivery|purchase|receipt of (?:your |the )?order|"
                           r"receiving (?:your|the) order|your order|the order date)", re.I)
_WINDOW_BEFORE = re.compile(r"(?<!返品)(?<!返送)(?<!返品の)(?:商品|お品物)(?:の)?(?:到着|お届け|受け?取り?)(?:日)?(?:後|から)|ご?(?:購入|注文)(?:日)?(?:後|から)\s*$")
# ... and "we will gladly accept items for exchange or refund within 14 days": the shop takes returns for that long
_SEND_BACK_BEFORE = re.compile(r"\b(?:send|post|ship|return|bring|mail|accept)\w*\b[^.,;]{0,40}\bwithin\s*$", re.I)
_RANGE_GAP = re.compile(r"^\s*(?:[~〜～\-–]|to|sampai|hingga)\s*$", re.I)


def _ranged(text: str, spans: list) -> list:
    """"1週間~2週間" is one range (7-14), not two durations."""
    out = list(spans)
    for i in range(len(spans) - 1):
        a, b = spans[i], spans[i + 1]
        if _RANGE_GAP.match(text[a.end:b.start]) and a.max < b.max:
            out[i] = replace(b, min=a.max, upper_only=False, start=a.start)
    return out


def refund_days(units: list[Unit], window_unit: Unit | None) -> Found | None:
    """How long the refund takes: a duration next to an explicit refund verb; bank posting and transit
    times are not it, and two different refund times in one text are a conflict (abstain)."""
    found: list[Found] = []
    for unit in units:
        if unit is window_unit:
            continue  # "return within 30 days for a refund": that number is the window
        step = _our_step(unit.text)
        if step is not None:
            found.append(step)
            continue
        topic = unit.text + " " + unit.question
        if not (rv.REFUND_CUE.search(topic) or _RETURN_PROCESSED.search(unit.text)) or _NOT_REFUND_TIME.search(
                unit.text) or rv.NOT_REFUND_TYPE.search(unit.text):
            continue
        if rv.POST_WINDOW.search(unit.text) or rv.REFUSE.search(unit.text):
            continue  # "If 30 days have gone by ... we can't offer you a refund": the window again
        if re.search(r"\bfor a (?:full )?refund\b", unit.text, re.I) and not re.search(r"refunds? (?:is|are|will)",
                                                                                      unit.text, re.I):
            continue
        for clause in re.split(r"[;；]|,\s*(?:but|however|although|tetapi|namun)\b|\bbut\b", unit.text):
            span = _refund_span(clause)
            if span is None and _REFUND_ACT.search(unit.question) and not _POSTING.search(clause):
                spans = find_days(clause)  # "Kapan dana dikembalikan? J: 3–14 hari kerja": the answer's time
                span = spans[0] if spans else None
            if span is None and _RETURN_PROCESSED.search(clause) and not _POSTING.search(clause):
                spans = find_days(clause)
                span = spans[0] if spans else None
                conf = INFERRED
            else:
                conf = EXPLICIT
            if span is not None:
                lo, hi = span.as_range()
                found.append(Found({"min": lo, "max": hi}, unit.text, conf))
                break
    values = {(f.value["min"], f.value["max"]) for f in found}
    if not found or len(values) > 1:
        return None
    if _BY_METHOD.search(found[0].text):
        # "If you are refunded through PayPal, it takes 5-7 business days": one payment method's time
        # (others differ or are left to the bank), not the shop's refund time (needs review)
        return Found(found[0].value, found[0].text, REVIEW)
    return found[0]


# A refund time broken into steps ("This time period includes the transit time … (5 to 10 business days), the time it
# takes us to process your return once we receive it (3 to 5 business days), and the time it takes your bank …"):
# the shop's own step is its refund processing time; the carrier's and the bank's are not.
_OUR_STEP = re.compile(r"\b(?:the time it takes us|it takes us) to process (?:your |the )?(?:returns?|refunds?)\b"
                       r"[^().;]{0,40}\((?P<days>[^()]*)\)", re.I)


def _our_step(text: str) -> Found | None:
    """The shop's step of a refund time broken into steps, or None."""
    step = _OUR_STEP.search(text)
    spans = find_days(step.group("days")) if step else []
    if not spans:
        return None
    lo, hi = _ranged(step.group("days"), spans)[0].as_range()
    return Found({"min": lo, "max": hi}, text, INFERRED)


_BY_METHOD = re.compile(r"\b(?:if|when|for)\b[^.]{0,40}\b(?:paypal|credit card|debit card|bank transfer|e-?wallet)\b|"
                        r"\b(?:jika|apabila|bila|untuk)\b[^.]{0,40}\b(?:kartu kredit|transfer bank|e-?wallet|paypal|gopay|ovo)\b|"
                        r"(?:クレジットカード|銀行振込|代金引換|paypal|PayPal)[^。]{0,20}(?:の)?場合", re.I)
