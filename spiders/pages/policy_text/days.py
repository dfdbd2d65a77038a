"""Durations in policy text: "3-5 business days", "3 to 5 hari kerja", "2~4営業日", "1x24 jam", "1週間".

Every span needs a unit, so bare numbers (dates, sizes, office hours "9–5") never become days.
Hours count only in whole days ("48 hours" -> 2), so a "4-hour delivery window" is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEP = r"\s*(?:-|–|—|~|to|sampai|hingga|s/d|until|から)\s*"
_UNITS = [  # (regex, multiplier, business flag)
    (r"[x×]\s*24\s*(?:jam|hours?)", 1, None),  # "1x24 jam" / "2×24 jam" = one / two days
    (r"(?:local\s*)?(?:business|working|week)\s*(?:working\s*)?days?", 1, True),  # "8 business working days", "5 local business days"
    (r"calendar\s*days?", 1, False),
    (r"days?", 1, None),
    (r"hari\s*kerja", 1, True),
    (r"hari\s*kalender", 1, False),
    (r"hari", 1, None),
    (r"営業日", 1, True),
    (r"日(?!後|前|\s*\([月火水木金土日祝]|曜|付|本)", 1, None),
    (r"weeks?|minggu|週間", 7, None),
    (r"months?|bulan|ヶ月|か月|カ月|ケ月", 30, None),
    (r"(?:business|working)\s*(?:hours?|hrs?)", "h", True),  # "within 48 business hours" = 2 business days
    (r"hours?|hrs?|jam|時間", "h", None),
]
_UNIT_RX = "|".join(f"(?P<u{i}>{u})" for i, (u, _, _) in enumerate(_UNITS))
_SPAN = re.compile(
    rf"(?<!\d:)(?<!\d/)(?<![\d.,年月×])(?<!\dx)(?P<a>\d{{1,3}})(?:{_SEP}(?P<b>\d{{1,3}}))?"
    rf"\s*(?:{_UNIT_RX})(?P<tail>\s*(?:\((?:hari kerja|business days?)\))?)", re.I)
_UPPER_BEFORE = re.compile(
    r"(?:within|up to|no later than|not later than|maks\.?|maksimal|max\.?|maximum|paling lambat|selambat-lambatnya|dalam|"
    r"at most|in under|kurang dari)\s*(?:waktu\s*|jangka waktu\s*)?(?:the next\s*)?$", re.I)
_UPPER_AFTER = re.compile(r"^\s*(?:以内|まで|ほど以内)")

# Word forms: (regex, min, max, business, case_sensitive)
_WORDS = [
    (r"\bsame or (?:the )?next (?:business|working) day\b", 0, 1, True, False),
    (r"\bsame or (?:the )?next day\b", 0, 1, None, False),
    (r"\bnext (?:business|working) day\b", 1, 1, True, False),
    (r"\bsame (?:business|working) day\b", 0, 0, True, False),
    (r"\b(?:the )?same day\b", 0, 0, None, True),  # lowercase only: "Same Day Flat" is a name
    (r"\bnext day\b", 1, 1, None, True),
    (r"\bsame-day\b", 0, 0, None, False),
    (r"\bnext-day\b", 1, 1, None, False),
    (r"\bhari yang sama\b|\bhari itu juga\b", 0, 0, None, False),
    (r"\bfollowing (?:business|working) day\b", 1, 1, True, False),
    (r"\bhari kerja berikutnya\b", 1, 1, True, False),
    (r"\bhari berikutnya\b|\bkeesokan hari(?:nya)?\b", 1, 1, None, False),
    (r"\bbesok(?:nya)?\b", 1, 1, None, False),
    (r"\bH\+(\d)\b", None, None, None, True),
    (r"翌営業日", 1, 1, True, True),
    (r"翌日", 1, 1, None, True),
    (r"当日", 0, 0, None, True),
    (r"即日", 0, 0, None, True),
]


@dataclass
class DaySpan:
    min: int | None
    max: int
    business: bool | None
    upper_only: bool
    start: int
    end: int

    def as_range(self) -> tuple[int, int]:
        """(min, max) for processing/refund ranges, where "within N" means 0..N."""
        return (0 if self.upper_only or self.min is None else self.min), self.max


def _unit_of(m: re.Match) -> tuple[object, bool | None]:
    for i, (_, mult, business) in enumerate(_UNITS):
        if m.group(f"u{i}"):
            return mult, business
    return 1, None


def _numeric_spans(text: str) -> list[DaySpan]:
    spans = []
    for m in _SPAN.finditer(text):
        a, b = int(m.group("a")), int(m.group("b") or m.group("a"))
        mult, business = _unit_of(m)
        if mult == "h":
            if a % 24 or b % 24:
                continue
            a, b, mult = a // 24, b // 24, 1
        if "hari kerja" in (m.group("tail") or "").lower() or "business" in (m.group("tail") or "").lower():
            business = True
        if b < a:
            continue
        upper = m.group("b") is None and (
            bool(_UPPER_BEFORE.search(text[max(0, m.start() - 30):m.start()]))
            or bool(_UPPER_AFTER.match(text[m.end():])))
        upper = upper or (m.group("b") is None and "24" in m.group(0) and re.search(r"[x×]", m.group(0).lower()))
        spans.append(DaySpan(a * mult, b * mult, business, upper, m.start(), m.end()))
    return spans


_WORD_RX = [(re.compile(p, 0 if case else re.I), lo, hi, business) for p, lo, hi, business, case in _WORDS]


def _word_spans(text: str) -> list[DaySpan]:
    spans = []
    for pattern, lo, hi, business in _WORD_RX:
        for m in pattern.finditer(text):
            if lo is None:
                lo_, hi_ = int(m.group(1)), int(m.group(1))
            else:
                lo_, hi_ = lo, hi
            upper = bool(_UPPER_BEFORE.search(text[max(0, m.start() - 30):m.start()]))  # "maksimal H+2"
            spans.append(DaySpan(lo_, hi_, business, upper, m.start(), m.end()))
    return spans


# Written numbers before a duration unit, replaced by digits padded to the same length so span
# offsets stay those of the original text: "tiga hari" -> "3    hari", "三日以内" -> "3日以内".
_ID_DIGITS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
              "sembilan": 9, "sepuluh": 10, "sebelas": 11, "dua belas": 12, "empat belas": 14, "lima belas": 15,
              "dua puluh": 20, "tiga puluh": 30, "enam puluh": 60}
_ID_WORD = re.compile(r"\b(" + "|".join(sorted(_ID_DIGITS, key=len, reverse=True)) + r")(?=\s+(?:hari|minggu|bulan)\b)", re.I)
_KANJI = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_JA_WORD = re.compile(r"(?<![一二三四五六七八九十百])([一二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"
                      r"(?=(?:日(?:以内|間|後)|営業日|週間|ヶ月|か月|カ月))")


def _kanji_number(word: str) -> int:
    if "十" not in word:
        return _KANJI[word]
    tens, _, ones = word.partition("十")
    return (_KANJI[tens] if tens else 1) * 10 + (_KANJI[ones] if ones else 0)


def _digits_for_words(text: str) -> str:
    if not re.search(r"[一二三四五六七八九十]|\b(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas)\b",
                     text, re.I):
        return text
    text = _ID_WORD.sub(lambda m: str(_ID_DIGITS[m.group(1).lower()]).ljust(len(m.group(1))), text)
    return _JA_WORD.sub(lambda m: str(_kanji_number(m.group(1))).ljust(len(m.group(1))), text)


# "中1日" counts the days *between* dispatch and delivery (arrives on day 2); "中2日以上" is open-ended.
_BETWEEN = re.compile(r"(?<![期間途])中$")


def _between_days(text: str, spans: list[DaySpan]) -> list[DaySpan]:
    out = []
    for s in spans:
        if s.min == s.max and _BETWEEN.search(text[max(0, s.start - 2):s.start]):
            if text.startswith("以上", s.end):
                continue
            s = DaySpan(s.max + 1, s.max + 1, s.business, s.upper_only, s.start, s.end)
        out.append(s)
    return out


def find_days(text: str) -> list[DaySpan]:
    """All duration spans in ``text`` in order, overlapping word forms dropped."""
    spans = _between_days(text, _numeric_spans(_digits_for_words(text)))
    for w in _word_spans(text):
        if not any(s.start < w.end and w.start < s.end for s in spans):
            spans.append(w)
    return sorted(spans, key=lambda s: s.start)


_ADD_ON = re.compile(r"\s*(?:extra|additional|more|tambahan|lagi)\b", re.I)


def find_estimates(text: str) -> list[DaySpan]:
    """Duration spans that can be estimates: relative add-ons ("allow 6–8 extra days") are not.
    "6–8 extra days" never matches a span (the unit must follow the number), so only trailing
    add-on words ("3 days more", "2 hari lagi") need filtering here."""
    return [d for d in find_days(text) if not _ADD_ON.match(text[d.end:d.end + 12])]
