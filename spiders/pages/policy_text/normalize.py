"""Text normalisation for policy parsing: NFKC, written-out numbers, bullets, sentences, language.

Everything downstream works on the normalised text, so full-width digits (``５，０００``), wave dashes
and written numbers ("fourteen (14)", "30 (tiga puluh)") only have to be handled here once.
"""

from __future__ import annotations

import re
import unicodedata

# Circled digits NFKC-normalise to bare digits ("①ゆうパケット" -> "1ゆうパケット"), which would glue a
# number to the next word; turn them into list markers first.
_CIRCLED = {chr(0x2460 + i): f"{i + 1}) " for i in range(20)}

_EN_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "twenty-one": 21, "twenty-eight": 28, "thirty": 30, "forty-five": 45, "forty": 40, "sixty": 60,
    "ninety": 90,
}
_ID_NUMBER_WORDS = r"(?:nol|satu|se|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|belas|puluh|ratus)"

# "fourteen (14)" / "three (3)" -> the digits; "30 (tiga puluh)" -> "30".
_WORD_THEN_DIGITS = re.compile(r"\b([a-z]+(?:-[a-z]+)?)\s*\((\d+)\)", re.I)
_DIGITS_THEN_WORDS = re.compile(rf"\b(\d+)\s*\((?:{_ID_NUMBER_WORDS}\s*)+\)", re.I)
# Bare written numbers only before a duration unit ("two weeks", "fourteen days"), never elsewhere.
_BARE_WORD = re.compile(
    r"\b(" + "|".join(sorted(_EN_NUMBERS, key=len, reverse=True)) + r")(?=\s+(?:\(|business |working |calendar )?"
    r"(?:days?|weeks?|months?|hours?)\b)", re.I)

_BULLET = re.compile(
    r"^\s*(?:[•\-*▸▶►◆◇■□●○★☆※・✓✔✘✗✅❌📍🎁💵⏱🔁📦🎉‼️]+\s*|\(?[a-z]\)\s+|\d{1,2}\)\s*|"
    r"\d{1,2}(?:\.\d{1,2})+\.?\s+|[A-Z]\.\d{1,2}\s+|[A-Z]\.\s+|\d{1,2}\.\s+|[QATJ][.:：]\s*)")
_SENTENCE_END = re.compile(r"(?<=[^.][.!?])\s+(?=[A-Z\"“'(])|(?<=[。！？!?])(?=\S)")


_ID_UNITS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
             "sembilan": 9, "sepuluh": 10, "sebelas": 11, "dua belas": 12, "empat belas": 14, "tiga puluh": 30,
             "dua puluh": 20, "se": 1}
# "tiga hari", "dua minggu", "seminggu" (never "sehari-hari"): written numbers before a duration unit.
_ID_WORD_DURATION = re.compile(
    r"\b(dua belas|empat belas|tiga puluh|dua puluh|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|"
    r"sebelas)\s+(hari|minggu|bulan|jam)\b|\bse(hari|minggu|bulan)\b(?!-)", re.I)
_JA_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
              "十四": 14, "三十": 30, "二十": 20}
# "三日", "十四日間", "二週間", "七営業日" (not "三日月"): kanji numbers before a duration unit.
_JA_WORD_DURATION = re.compile(r"(?<![一-龥])(十四|三十|二十|[一二三四五六七八九十])(?=(?:日(?!月)|営業日|週間|ヶ月|か月))")


def _id_duration(m: re.Match) -> str:
    if m.group(3):
        return f"1 {m.group(3)}"
    return f"{_ID_UNITS[m.group(1).lower()]} {m.group(2)}"


def normalize_text(text: str) -> str:
    """NFKC + written numbers + per-line whitespace cleanup; line structure is kept."""
    for circled, marker in _CIRCLED.items():
        text = text.replace(circled, marker)
    text = unicodedata.normalize("NFKC", text).replace("\u00a0", " ")
    text = text.replace("〜", "~").replace("～", "~")
    text = re.sub(r"(?<=\d)、(?=\d{3}(?!\d))", ",", text)  # "5、000円" is 5,000円 typed with the wrong comma
    text = _WORD_THEN_DIGITS.sub(lambda m: m.group(2) if m.group(1).lower() in _EN_NUMBERS else m.group(0), text)
    text = _DIGITS_THEN_WORDS.sub(lambda m: m.group(1), text)
    text = _BARE_WORD.sub(lambda m: str(_EN_NUMBERS[m.group(1).lower()]), text)
    text = _ID_WORD_DURATION.sub(_id_duration, text)
    text = _JA_WORD_DURATION.sub(lambda m: str(_JA_DIGITS[m.group(1)]), text)
    # "30-day return policy", "48-hour dispatch" -> "30 day", "48 hour" so the duration rules see them.
    # Lowercase only: "2-Day Shipping" is a service name and stays as written.
    text = re.sub(r"\b(\d{1,3})-(day|week|month|hour|business[- ]day|working[- ]day)s?\b", r"\1 \2", text)
    # Markdown emphasis and heading marks carry no meaning here.
    text = re.sub(r"\*\*|__|^#{1,6}\s*", "", text, flags=re.M)
    # A tab between two cells is a column break (copied spreadsheet-like tables): keep it as " | ".
    lines = [re.sub(r"(?<=\S)[ \u3000]*\t[\t \u3000]*(?=\S)", " | ", line) for line in text.splitlines()]
    lines = [re.sub(r"[ \t\u3000]+", " ", line).strip() for line in lines]
    # "【送料】全国一律550円" is a "label: value" line, not a heading.
    lines = [re.sub(r"^【([^】]{1,12})】\s*(?=\S)", r"\1: ", line) for line in lines]
    return "\n".join(lines)


def strip_bullet(line: str) -> str:
    """Remove list markers ("• ", "(a) ", "1.2 ", "Q: ") so labels start at the real text."""
    previous = None
    while previous != line:
        previous, line = line, _BULLET.sub("", line, count=1).strip()
    return line


_ABBREVIATION = re.compile(r"(?:\b(?:maks|min|max|no|rek|e\.g|i\.e|approx|ca|mr|mrs|dr|st|vs|etc|jl|inc|ltd|co)"
                           r"|\b[A-Z])\.$", re.I)


def split_sentences(line: str) -> list[str]:
    """Sentences of one line; a table row or bullet usually stays whole. No split after an
    abbreviation ("maks. Rp 1.000.000") or inside parentheses."""
    out: list[str] = []
    for piece in _SENTENCE_END.split(line):
        piece = piece.strip()
        if not piece:
            continue
        if out and (_ABBREVIATION.search(out[-1]) or out[-1].count("(") > out[-1].count(")")):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def detect_language(text: str) -> str:
    """'ja' when kana/kanji dominate, 'id' on Indonesian function words, else 'en'."""
    cjk = len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", text))
    if cjk > 20 or cjk > len(text) * 0.1:
        return "ja"
    id_words = re.findall(r"\b(?:yang|dan|untuk|ongkir|barang|hari|kirim|dikirim|pesanan|belanja|kak|dengan|tidak)\b",
                          text, re.I)
    return "id" if len(id_words) >= 3 else "en"
