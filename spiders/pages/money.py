"""Money cleaning: amounts as ``Decimal`` and currencies as ISO 4217 codes.

Two kinds of input reach these functions: machine values from structured data (``119.99``,
``"1105"``, ``"999.00"``) and text shown to shoppers (``"Rp 1.550.000"``, ``"3,500円"``,
``"1.234,56 €"``). Text goes through price-parser, which knows thousands/decimal separators;
the currency symbol it returns is mapped to ISO here, using the store's country or configured
currency where a symbol is shared (``$``, ``¥``, ``kr``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from price_parser import Price

from spiders.items import MAX_PRICE
from core.currencies import SHARED, SYMBOLS, resolve_shared, shown_minor_digits

# A machine-written amount whose only separators each precede exactly three digits: "229.990", "1,250".
_GROUPED_ONLY = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")


# A number with a currency mark before or after it: how a price appears in page text.
_AMOUNT = r"(?:\d{1,3}(?:[.,\s\u00a0\u202f']\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
PRICE_MENTION = re.compile(
    r"(?:[$€£¥₹₽₩₺₫₱₪₴]|\b[A-Z]{3}\b|\bRp\.?|R\$|\bkr\.?|zł|Kč|\bFt\b|\blei\b|руб|грн|₸|тг|\bRM|円|元)"
    rf"\s?{_AMOUNT}|{_AMOUNT}\s?(?:[$€£¥₹₽₩₺₫₱₪₴]|\b[A-Z]{{3}}\b|kr\b|zł|Kč|Ft\b|lei\b|руб|грн|₸|тг|円|元|,-)")
_ISO = re.compile(r"^[A-Z]{3}$")
_NUMBER = re.compile(r"^\s*[+]?\d+(\.\d+)?\s*$")


def currency_to_iso(symbol: str | None, *, country: str | None = None,
                    default: str | None = None) -> str | None:
    """Map a currency code or symbol to ISO 4217, or None when it cannot be told.

    >>> currency_to_iso("usd")
    'USD'
    >>> currency_to_iso("Rp")
    'IDR'
    >>> currency_to_iso("¥", country="JP")
    'JPY'
    >>> currency_to_iso("$", default="CAD")
    'CAD'
    >>> currency_to_iso("$", country="US")
    'USD'
    >>> currency_to_iso("$") is None
    True
    """
    if not symbol:
        return None
    token = symbol.strip()
    key = token.lower()
    if key in SYMBOLS:
        return SYMBOLS[key]
    if key in SHARED:
        return resolve_shared(key, country=country, default=default)
    if token.isascii() and _ISO.match(token.upper()):
        return token.upper()
    return None


def to_decimal(value: object, currency: str | None = None) -> Decimal | None:
    """Read a machine-written amount (structured data, JSON APIs); None if it is not one.

    ``currency`` (ISO code or symbol) decides grouped digits: for a currency without minor units
    ``"229.990"`` is 229990 (``SHOWN_MINOR_DIGITS``); otherwise a dot is the decimal point.

    >>> to_decimal(119.99)
    Decimal('119.99')
    >>> to_decimal("999.00")
    Decimal('999.00')
    >>> to_decimal("1,234.50")
    Decimal('1234.50')
    >>> to_decimal("12,50")
    Decimal('12.50')
    >>> to_decimal("") is None, to_decimal("free") is None, to_decimal(True) is None
    (True, True, True)
    >>> to_decimal("229.990", "CLP"), to_decimal("2.449", "KRW"), to_decimal("2.449", "EUR")
    (Decimal('229990'), Decimal('2449'), Decimal('2.449'))
    """
    if isinstance(value, bool) or value is None:
        return None
    grouped = _GROUPED_ONLY.match(value.strip()) if isinstance(value, str) and currency else None
    if grouped and shown_minor_digits(currency_to_iso(currency)) == 0:
        amount = _safe_decimal(re.sub(r"[.,]", "", value.strip()))
    elif isinstance(value, (int, float, Decimal)):
        amount = _safe_decimal(str(value))
    elif isinstance(value, str) and _NUMBER.match(value):
        amount = _safe_decimal(value.strip())
    elif isinstance(value, str) and (value.strip().startswith("-") or re.search(r"\d[eE][+-]?\d", value)):
        amount = None  # negative or scientific notation: a data error, not a price
    elif isinstance(value, str) and any(ch.isdigit() for ch in value):
        amount = parse_price_text(value)[0]  # "1,234.50", "12,50 €" written by hand into markup
    else:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0 or amount > MAX_PRICE:
        return None
    return amount


def parse_price_text(text: str, *, decimal_separator: str | None = None, currency: str | None = None,
                     country: str | None = None) -> tuple[Decimal | None, str | None]:
    """Amount and raw currency symbol of a price as shown on a page.

    The separators are read by price-parser unless the currency settles them: the symbol shown
    (resolved with ``country`` when shared, such as ``$``), else ``currency``, the page's known
    currency. In a currency without minor units a separator before three digits groups thousands;
    in a three-decimal currency (KWD, BHD, ...) it is the decimal point (``SHOWN_MINOR_DIGITS``).

    >>> parse_price_text("Rp 1.550.000")
    (Decimal('1550000'), 'Rp')
    >>> parse_price_text("3,500円")
    (Decimal('3500'), '円')
    >>> parse_price_text("1.234,56 €")
    (Decimal('1234.56'), '€')
    >>> parse_price_text("270,00 Kn")
    (Decimal('270.00'), 'Kn')
    >>> parse_price_text("out of stock")
    (None, None)
    >>> parse_price_text("KWD 1.250"), parse_price_text("$ 24.990", country="CL")
    ((Decimal('1.250'), 'KWD'), (Decimal('24990'), '$'))
    >>> parse_price_text("2.449", currency="KRW"), parse_price_text("229,990", currency="CLP")
    ((Decimal('2449'), None), (Decimal('229990'), None))
    """
    if not text or len(text) > 200:  # a long text is a paragraph, not a price
        return None, None
    price = Price.fromstring(text, decimal_separator=decimal_separator)
    if decimal_separator is None and price.amount is not None:
        separator = _separator_for(price, text, currency, country)
        if separator:
            price = Price.fromstring(text, decimal_separator=separator)
    amount = price.amount
    if amount is not None and (not amount.is_finite() or amount < 0 or amount > MAX_PRICE):
        amount = None
    currency = price.currency
    if currency is None and amount is not None:  # symbols price-parser does not know ("Kn")
        currency = next((t for t in re.findall(r"[^\W\d_]+\.?", text) if t.lower() in SYMBOLS), None)
    return amount, currency


def _separator_for(price: Price, text: str, currency: str | None, country: str | None) -> str | None:
    """The decimal separator the currency implies for ``text``'s number, when it settles one."""
    iso = currency_to_iso(price.currency, country=country) if price.currency else None
    digits = shown_minor_digits(iso or currency_to_iso(currency))
    number = re.search(r"\d[\d.,]*\d|\d", price.amount_text or text)
    if number is None or digits == 2:
        return None
    last = re.search(r"([.,])(\d+)$", number.group(0))
    if last is None or len(last.group(2)) != 3:
        return None
    mark = last.group(1)
    if digits == 3 and number.group(0).count(mark) == 1:
        return mark  # "1.250" KWD: one and a quarter
    return "," if mark == "." else "."  # whole-unit currency: "2.449" is two thousand


def minor_units(value: object, digits: object) -> Decimal | None:
    """Convert an integer amount in minor units (WooCommerce ``"1105"`` + 2 digits) to Decimal.

    >>> minor_units("1105", 2)
    Decimal('11.05')
    >>> minor_units("500", 0)
    Decimal('500')
    >>> minor_units("", 2) is None
    True
    """
    try:
        amount = Decimal(str(value).strip()).scaleb(-int(digits if digits is not None else 2))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return amount if amount.is_finite() and 0 <= amount <= MAX_PRICE else None


def _safe_decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None
