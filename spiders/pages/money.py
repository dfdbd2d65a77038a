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
from spiders.pages.currencies import SHARED, SYMBOLS, resolve_shared

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


def to_decimal(value: object) -> Decimal | None:
    """Read a machine-written amount (structured data, JSON APIs); None if it is not one.

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
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float, Decimal)):
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


def parse_price_text(text: str, *, decimal_separator: str | None = None
                     ) -> tuple[Decimal | None, str | None]:
    """Amount and raw currency symbol of a price as shown on a page.

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
    """
    if not text or len(text) > 200:  # a long text is a paragraph, not a price
        return None, None
    price = Price.fromstring(text, decimal_separator=decimal_separator)
    amount = price.amount
    if amount is not None and (not amount.is_finite() or amount < 0 or amount > MAX_PRICE):
        amount = None
    currency = price.currency
    if currency is None and amount is not None:  # symbols price-parser does not know ("Kn")
        currency = next((t for t in re.findall(r"[^\W\d_]+\.?", text) if t.lower() in SYMBOLS), None)
    return amount, currency


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
