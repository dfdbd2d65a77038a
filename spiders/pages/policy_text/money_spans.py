"""Money spans in policy text: amount (Decimal) + ISO 4217 currency, with the document currency.

Only amounts with a currency mark count (``$``, ``Rp``, ``円``, ``USD``…); a bare number is never a
price, which keeps phone numbers, order numbers, weights and dates out by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from core.currencies import COUNTRY_CURRENCY, DOLLAR_PREFIXES, PREFIXES, resolve_shared

_CODES = ["USD", "EUR", "GBP", "CAD", "AUD", "NZD", "SGD", "IDR", "JPY", "HKD", "MYR", "CHF", "PHP"]
# (?<!\d) keeps matching linear on long digit runs (serial numbers, tracking codes).
_DOLLAR_PREFIX_RX = "(?<![A-Za-z])(" + "|".join(re.escape(p) for p in sorted(DOLLAR_PREFIXES, key=len, reverse=True)) + ")"
_NUMBER = r"(?<!\d)(?<!\d[.,])(?:\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d{1,9}(?:[.,]\d{1,2})?(?![\d]))"
MAX_AMOUNT = Decimal("1000000000000")  # 1e12: anything larger is not a price (IDR-safe)
_PREFIX_RX = "|".join(re.escape(p) for p in sorted([*PREFIXES, "¥"], key=len, reverse=True))
_MONEY = re.compile(
    rf"(?P<pre>(?<![A-Za-z])(?:{_PREFIX_RX})|\$|\b(?:{'|'.join(_CODES)})(?![A-Za-z]))\s?(?P<n1>{_NUMBER})"
    rf"|(?P<n2>{_NUMBER})\s?(?P<suf>円|yen\b|€|\b(?:{'|'.join(_CODES)})\b)")

_STATEMENTS = [
    (re.compile(r"\b(?:US|U\.S\.|United States) dollars?\b", re.I), "USD"),
    (re.compile(r"\bCanadian dollars?\b", re.I), "CAD"),
    (re.compile(r"\bAustralian dollars?\b", re.I), "AUD"),
    (re.compile(r"\bNew Zealand dollars?\b", re.I), "NZD"),
    (re.compile(r"\bSingapore dollars?\b", re.I), "SGD"),
]
_CODE_STATEMENT = re.compile(
    rf"(?:prices?|amounts?|charges?|refunds?|costs?|in|dalam|harga)\b[^.\n]{{0,20}}?\b({'|'.join(_CODES)})\b"
    rf"|\(({'|'.join(_CODES)})\)", re.I)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str | None
    start: int
    end: int


def canonical(value: Decimal | int | str) -> str:
    """"9.50" -> "9.5", "150000.00" -> "150000" (never exponent notation)."""
    text = format(Decimal(value).normalize(), "f")
    return text


def stated_currency(text: str) -> str | None:
    """The currency the text itself gives a bare ``$``: a statement ("prices in AUD", "Singapore
    dollars"), a code ("USD 8.00"), or one kind of marked dollar ("CA$") throughout."""
    for pattern, code in _STATEMENTS:
        if pattern.search(text):
            return code
    for m in _CODE_STATEMENT.finditer(text):
        return (m.group(1) or m.group(2)).upper()  # "prices in AUD", "(USD)", also "USD 8.00"
    dollar_marks = {DOLLAR_PREFIXES[p] for p in re.findall(_DOLLAR_PREFIX_RX, text)}
    if len(dollar_marks) == 1:
        return dollar_marks.pop()  # only "CA$..." amounts: a bare "$" there is CAD too
    return None


def document_currency(text: str, currency: str | None, country: str | None) -> str | None:
    """Currency a bare ``$`` means: what the text states, else config, else the country's dollar."""
    stated = stated_currency(text)
    if stated:
        return stated
    if currency:
        return currency.upper()
    if country:
        return resolve_shared("$", country=country) or COUNTRY_CURRENCY.get(country.upper())
    return None


# Where a page names the country it ships within, a bare "$" is most likely that country's dollar. This is
# a guess (facts priced with it get a lower confidence), taken only when one country is named.
_COUNTRY_CUES = {
    "SGD": re.compile(r"\bSingapore\b|\bSing[Pp]ost\b|\bNinja ?Van\b", re.I),
    "AUD": re.compile(r"\bAustralia(?:n)?\b|\bAus ?Post\b|\bSendle\b", re.I),
    "NZD": re.compile(r"\bNew Zealand\b|\bNZ ?Post\b|\b(?:North|South) Island\b|\bAotearoa\b|\bNZ\b"),
    "CAD": re.compile(r"\bCanada\b|\bCanadian\b|\bPurolator\b", re.I),
    "USD": re.compile(r"\bUSPS\b|\bUnited States\b|\bcontiguous (?:US|U\.S\.)|\bLower 48\b|\bAlaska\b|\bHawaii\b"
                      r"|\bUPS Ground\b|\bUSA\b"),
    "HKD": re.compile(r"\bHong Kong\b", re.I),
}
_BARE_DOLLAR = re.compile(r"(?<![A-Za-z$])\$\s?\d")


def guess_currency(text: str) -> str | None:
    """The dollar of the one country the text names, when it prices in a bare "$"; else None."""
    if not _BARE_DOLLAR.search(text):
        return None
    counts = {code: len(rx.findall(text)) for code, rx in _COUNTRY_CUES.items()}
    named = sorted((n, code) for code, n in counts.items() if n)
    if len(named) == 1 or (len(named) > 1 and named[-1][0] >= 3 * named[-2][0] and named[-1][0] >= 3):
        return named[-1][1]
    return None


def _to_decimal(number: str, currency: str | None) -> Decimal | None:
    number = number.replace(" ", "")
    if currency in ("IDR", "JPY"):
        # Zero-decimal in practice: "Rp150.000" / "1,500" are thousands; drop a trailing ",00".
        number = re.sub(r"[.,]\d{2}$", "", number) if re.search(r"[.,]\d{3}[.,]\d{2}$", number) else number
        number = re.sub(r"[.,](?=\d{3}(?:\D|$))", "", number)
        number = number.replace(",", ".")
    elif "," in number and "." in number:
        decimal_mark = "," if number.rfind(",") > number.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        number = number.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in number:
        # "1,499" is thousands; "4,90" is a decimal comma.
        number = number.replace(",", "") if re.search(r",\d{3}$", number) else number.replace(",", ".")
    elif number.count(".") > 1:
        number = number.replace(".", "")
    try:
        return Decimal(number)
    except InvalidOperation:
        return None


# "1万円", "500rb", "Rp 1,5 jt", "Rp50k": scaled amounts common in Japanese and Indonesian shops.
_SCALED = re.compile(r"(?:(?P<pre>Rp\.?|¥)\s?)?(?<![\d.,])(?P<n>\d+(?:[.,]\d+)?)\s?"
                     r"(?P<mult>万|rb\b|ribu\b|jt\b|juta\b|k\b)(?P<yen>円)?", re.I)
_SCALE = {"万": 10000, "rb": 1000, "ribu": 1000, "k": 1000, "jt": 1000000, "juta": 1000000}


def _scaled_money(text: str) -> list[Money]:
    out = []
    for m in _SCALED.finditer(text):
        mult = m.group("mult").lower()
        if mult == "万" and not (m.group("yen") or m.group("pre") == "¥"):
            continue  # "1万点" is a count, not money
        if mult == "k" and not (m.group("pre") or "").lower().startswith("rp"):
            continue
        currency = "JPY" if mult == "万" else "IDR"
        amount = Decimal(m.group("n").replace(",", ".")) * _SCALE[mult]
        out.append(Money(amount, currency, m.start(), m.end()))
    return out


def find_money(text: str, doc_currency: str | None, lang: str = "en") -> list[Money]:
    """All currency-marked amounts in ``text``, in order."""
    found: list[Money] = _scaled_money(text)
    for m in _MONEY.finditer(text):
        mark = (m.group("pre") or m.group("suf") or "").strip()
        if mark == "$":
            currency = doc_currency if doc_currency not in (None, "IDR", "JPY", "EUR", "GBP") else None
        elif mark in ("円", "yen"):
            currency = "JPY"
        elif mark == "¥":  # JPY or CNY: by the document's currency, else a Japanese page; else unknown
            currency = resolve_shared(mark, country="JP" if lang == "ja" else None, default=doc_currency)
        else:
            currency = PREFIXES.get(mark) or mark.upper()
        amount = _to_decimal(m.group("n1") or m.group("n2"), currency)
        overlaps = any(f.start < m.end() and m.start() < f.end for f in found)
        if amount is not None and not overlaps and amount <= MAX_AMOUNT:
            found.append(Money(amount, currency, m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def dominant_currency(text: str, lang: str) -> str | None:
    """Most frequent explicit currency of the text ("Rp", "円"), for free rows with no amount."""
    counts: dict[str, int] = {}
    for m in find_money(text, None, lang):
        if m.currency:
            counts[m.currency] = counts.get(m.currency, 0) + 1
    return max(counts, key=counts.get) if counts else None
