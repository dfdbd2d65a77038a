"""Processing (handling / dispatch) time of a shipping policy.

The first sentence about dispatch/handling (not about delivery after dispatch, refunds, labels or
payment deadlines); a cut-off rule ("same day ... otherwise next day") spans 0..1; special cases
(made to order, sale periods) and times read only from a verb that also means delivery are held
back or marked for review (``processing_confidence``).
"""

from __future__ import annotations

import re

from . import vocab
from .days import find_days
from .layout import Unit
from .money_spans import find_money

_SAME_DAY_HOURS = re.compile(r"\b(?:within|in|dalam)\s+(\d{1,2})(?:\s*(?:-|–|to)\s*(\d{1,2}))?\s*(?:hours?|hrs?|jam)\b",
                             re.I)
# "Pengiriman dilakukan dalam 3-5 hari kerja setelah pelunasan": sending counted from payment is dispatch
_SENT_AFTER_PAYMENT = re.compile(r"\bpengiriman\b[^.]{0,40}?\bdilakukan\b[^.]{0,60}?\b(?:setelah|sejak)\s+"
                                 r"(?:\w+\s+){0,2}(?:pembayaran|pelunasan|konfirmasi|dikonfirmasi|transfer)", re.I)
_EXAMPLE = re.compile(r"\bfor (?:example|instance)\b|\be\.g\.|\bcontoh(?:nya)?\b|\bmisalnya\b|例えば|<例>|【例】", re.I)
# "should arrive within 3-5 business days after processing": a time counted from dispatch is delivery
_COUNTED_FROM_DISPATCH = re.compile(r"\s*(?:after|following|from|of)\s+(?:the\s+|order\s+|your\s+order\s+)?"
                                    r"(?:processing|d[ei]spatch|shipment)\b", re.I)
# "dikirim dalam 2-14 hari, tidak termasuk waktu pengiriman": the clause says the time excludes transit
_EXCLUDES_TRANSIT = re.compile(r"\b(?:(?:tidak|belum) termasuk|di luar) (?:waktu |lama )?(?:pengiriman|perjalanan)\b|"
                               r"\b(?:not including|excluding|excludes|does not include)\s+(?:the\s+)?"
                               r"(?:transit|delivery|shipping|postage)(?:\s+times?)?\b", re.I)
_OPEN_LOWER = re.compile(r"\s*(?:以上|or more\b|or longer\b|\+)")  # "6日以上かかる商品": not a processing time


_CUTOFF = re.compile(r"\b\d{1,2}(?::\d\d)?\s*(?:am\b|pm\b|[ap]\.m\.)|\b(?:jam|pukul)\s*\d|\d{1,2}時|\bcut-?off\b|"
                     r"\b\d{1,2}[.:]\d\d\b|\d{1,2}:\d\d\s*(?:まで|迄)|締(?:め)?切", re.I)


def _processing_ranges(unit: Unit) -> list[tuple[int, int]]:
    text = unit.text
    if find_money(text, "USD") or vocab.NOT_PROCESSING.search(text) or _EXAMPLE.search(text):
        return []  # 'For example, "Usually ships in 2 to 3 days."' explains a label, it is not the time
    if not vocab.PROCESSING_CUE.search(vocab.DELIVERY_ANCHOR.sub(" ", text)) and not _SENT_AFTER_PAYMENT.search(text) \
            and not vocab.PROCESSING_HEADING.search(unit.heading_text or ""):
        return []  # "入金確認後、1~10営業日以内" under "商品の引渡し時期" counts by its heading
    spans = [d for d in find_days(text) if not _after_anchor(text, d.start) and not _OPEN_LOWER.match(text[d.end:])
             and not _in_delivery_clause(text, d.start) and not _COUNTED_FROM_DISPATCH.match(text[d.end:])]
    ranges = [d.as_range() for d in spans]
    hours = _SAME_DAY_HOURS.search(text)
    if not ranges and hours and int(hours.group(2) or hours.group(1)) < 24:
        ranges = [(0, 0)]  # "dispatched within 1-2 hours of receipt": the same day
    if ranges == [(0, 0)] and _CUTOFF.search(text):
        return [(0, 1)]  # "same day if ordered before 1pm": later orders go out the next day
    if ranges == [(1, 1)] and _CUTOFF.search(text) and _LATE_ORDER.search(text):
        return [(0, 1)]  # "orders after 2pm ship the next business day": earlier ones the same day
    return ranges


def _special_case(text: str) -> bool:
    """The time is stated for a special case: its qualifier comes before the first duration, outside
    parentheses ("3〜5営業日で発送（繁忙期は前後する場合がございます）" is the usual time with a note)."""
    plain = re.sub(r"\([^()]*\)", " ", text)
    spans = find_days(plain)
    head = plain[:spans[0].end] if spans else plain
    return bool(vocab.SPECIAL_CASE.search(head))


def find_processing(units: list[Unit]) -> tuple[dict | None, str | None, str, float]:
    """First dispatch/handling time of the document as {"min", "max"}, with its rule, sentence and
    confidence."""
    for i, unit in enumerate(units):
        if unit.section == "returns":
            continue  # "exchanges are shipped within 3 days" is about returns, not order dispatch
        ranges = _processing_ranges(unit)
        if not ranges and _part_day_hours(unit.text):
            break  # "shipped within 36hrs": the usual time, in no whole number of days; later ones are special cases
        if not ranges or _special_case(unit.text):
            continue  # "Made-to-order pieces are dispatched within 3-4 weeks": not the usual time
        nxt = units[i + 1] if i + 1 < len(units) else None
        if nxt and nxt.line_no - unit.line_no <= 1 and _CUTOFF.search(unit.text) and _CUTOFF.search(nxt.text):
            ranges += _processing_ranges(nxt)  # "before 12pm: same day. After 12pm: next business day."
        cue = vocab.PROCESSING_CUE.search(vocab.DELIVERY_ANCHOR.sub(" ", unit.text))
        cue = cue.group(0).lower() if cue else "heading"
        value = {"min": min(r[0] for r in ranges), "max": max(r[1] for r in ranges)}
        confidence = processing_confidence(unit.text, unit.question)
        if _longer_elsewhere(units[i + 1:], value["max"]):
            confidence = min(confidence, 0.55)
        return value, f"processing-{cue}", unit.text, confidence
    return None, None, "", 0.0


_HOURS = re.compile(r"\b(\d{1,3})\s*(?:hours?|hrs?)\b", re.I)


def _part_day_hours(text: str) -> bool:
    """A dispatch sentence whose time is in hours that make no whole number of days (36, 72 over 24 is
    fine): "within 36hrs" is neither 1 nor 2 days."""
    cue = vocab.PROCESSING_CUE.search(vocab.DELIVERY_ANCHOR.sub(" ", text))
    return bool(cue) and any(int(h) > 24 and int(h) % 24 for h in _HOURS.findall(text))


def _longer_elsewhere(units: list[Unit], longest: int) -> bool:
    """Another usual dispatch time later in the document that exceeds the first one ("1-2 days" here,
    "3-5 days" there): conflicting statements, so the first is for review. Cut-off rules ("after 3pm: next
    business day") fall within the first range and do not conflict."""
    for unit in units:
        if unit.section == "returns" or _special_case(unit.text):
            continue
        ranges = _processing_ranges(unit)
        if ranges and max(r[1] for r in ranges) > longest:
            return True
    return False


# the later orders of a cut-off rule ("after 2pm", "before 12pm ... that day, otherwise the next business day")
_LATE_ORDER = re.compile(r"\b(?:after|past)\s+(?:the\s+)?(?:\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm|noon)?\b|cut-?off|noon)|\botherwise\b"
                         r"|\b(?:setelah|lewat|lebih dari)\s+(?:jam|pukul)\b|時(?:\d\d分)?(?:以降|過ぎ)", re.I)
_CLAUSE_START = re.compile(r"[;,、]\s*|\s(?:and|then|while|dan|lalu)\s")  # "... to be processed and 3-7 days for delivery"


def _in_delivery_clause(text: str, pos: int) -> bool:
    """"We ship within 1-2 days; delivery to Australia takes 5-10 days": the second span's clause is
    about delivery (a delivery cue and no dispatch cue of its own)."""
    starts = [m.end() for m in _CLAUSE_START.finditer(text, 0, pos)]
    end = _CLAUSE_START.search(text, pos)
    clause = text[starts[-1] if starts else 0:end.start() if end else len(text)]
    return bool(vocab.DELIVERY_CUE.search(clause)) and not vocab.PROCESSING_CUE.search(clause)


def _after_anchor(text: str, pos: int) -> bool:
    """A span right after "発送日から" / "after dispatch" counts delivery, not processing."""
    return bool(vocab.DELIVERY_ANCHOR.search(text[max(0, pos - 20):pos]))


_STRONG_PROCESSING = re.compile(r"d[ei]spatch|fulfil|made to order|packed|\bpack(?:ing)?\b|processed|processing|handling|"
                                r"production|printed|handed|leaves? our|out the door|diproses|memproses|dikemas|resi|発送|出荷|"
                                r"制作|製作|before shipping", re.I)


def processing_confidence(text: str, question: str = "") -> float:
    """A dispatch time stated with a dispatch word ("dispatched", "diproses", "発送") is sure; one read
    only from a verb that also means delivery ("ships", "dikirim", "send out") in a sentence that also
    speaks of delivery ("Orders ship and arrive in 3-5 days") needs review."""
    stripped = vocab.DELIVERY_ANCHOR.sub(" ", text)
    if _STRONG_PROCESSING.search(stripped) or _EXCLUDES_TRANSIT.search(stripped):  # says it is not delivery
        return 0.85
    if vocab.DELIVERY_CUE.search(stripped) or _ASKS_ARRIVAL.search(question or ""):
        return 0.55  # "How long until I get my order? - Orders ship in 3-5 days": maybe the whole wait
    return 0.85


_ASKS_ARRIVAL = re.compile(r"how long (?:does|will|until|before)|when will (?:i|my \w+) (?:get|receive|arrive|be delivered)|"
                           r"when (?:will|does) (?:it|my \w+) arrive|berapa lama|kapan \w+ (?:saya )?(?:sampai|tiba)|"
                           r"いつ届|何日(?:で|くらいで|ほどで)届", re.I)
