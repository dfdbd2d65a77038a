"""The one currency table: currency marks to ISO 4217, and what a shared mark means where.

Used by money cleaning of structured data and shopper text (``spiders.pages.money``) and by money
spans in policy wording (``spiders.pages.policy_text.money_spans``). Decision on shared marks: ``$``,
``¥``/``￥`` (JPY in Japan, CNY in China) and ``kr`` name several currencies; they are resolved by the
store's configured currency, then its country (for policy text: the page's language), and otherwise
left unknown — never guessed. ``円`` is always JPY and ``元`` always CNY.
"""

from __future__ import annotations

# Symbols that name exactly one currency.  Why a hand-made table: price-parser's own list maps many
# symbols to several currencies and we must never guess between them silently.
SYMBOLS = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "£": "GBP", "₹": "INR", "rs.": "INR", "₽": "RUB",
    "руб": "RUB", "руб.": "RUB", "р.": "RUB", "₴": "UAH", "грн": "UAH", "грн.": "UAH",
    "zł": "PLN", "kč": "CZK", "ft": "HUF", "lei": "RON", "лв": "BGN", "лв.": "BGN", "₩": "KRW",
    "원": "KRW", "₺": "TRY", "tl": "TRY", "r$": "BRL", "rp": "IDR", "rp.": "IDR", "rm": "MYR",
    "฿": "THB", "₫": "VND", "₱": "PHP", "₪": "ILS", "円": "JPY", "元": "CNY", "chf": "CHF",
    "fr.": "CHF", "us$": "USD", "usd$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD",
    "ca$": "CAD", "nz$": "NZD", "s$": "SGD", "sg$": "SGD", "hk$": "HKD", "mx$": "MXN", "kn": "HRK",
    "php": "PHP",
}
# Symbols shared by several currencies: resolved by the store's country.
SHARED = {
    "$": {"US": "USD", "CA": "CAD", "AU": "AUD", "NZ": "NZD", "SG": "SGD", "HK": "HKD",
          "MX": "MXN", "AR": "ARS", "CL": "CLP", "CO": "COP", "TW": "TWD"},
    "¥": {"JP": "JPY", "CN": "CNY"},
    "￥": {"JP": "JPY", "CN": "CNY"},
    "kr": {"SE": "SEK", "NO": "NOK", "DK": "DKK", "IS": "ISK"},
    "kr.": {"SE": "SEK", "NO": "NOK", "DK": "DKK", "IS": "ISK"},
}
# What a country's own currency is, when a document states no currency (policy wording).
COUNTRY_CURRENCY = {"ID": "IDR", "JP": "JPY", "GB": "GBP", "DE": "EUR", "FR": "EUR", "NL": "EUR", "IE": "EUR"}
# Case-sensitive marks written before an amount in policy wording, with their currency.
PREFIXES = {mark: SYMBOLS[mark.lower()] for mark in (
    "CA$", "C$", "AU$", "A$", "NZ$", "S$", "SG$", "US$", "HK$", "£", "€", "Rp", "Rp.", "₱", "Php", "RM")}
DOLLAR_PREFIXES = {mark: code for mark, code in PREFIXES.items() if mark.endswith("$")}


def resolve_shared(mark: str, *, country: str | None = None, default: str | None = None) -> str | None:
    """The currency a shared mark (``$``, ``¥``, ``kr``) means: the configured/document currency when
    it is one of the mark's, else the country's, else None.

    >>> resolve_shared("¥", country="JP"), resolve_shared("¥", default="CNY"), resolve_shared("¥")
    ('JPY', 'CNY', None)
    """
    by_country = SHARED[mark.lower()]
    if default and (default in by_country.values() or mark == "$" and default.endswith("D")):
        return default
    return by_country.get((country or "").upper())


# Digits after the decimal separator that prices in a currency show in practice: ISO 4217 minor
# units, set to 0 where shops never show any (HUF, ISK, ARS, COP, KZT, TWD prices are whole). THE
# table of currency precision for amount parsing: with 0, "229.990" / "2.449" / "1,250" are
# thousands; with 3, "1.250" is one and a quarter. Currencies not listed show 2.
SHOWN_MINOR_DIGITS = {
    "CLP": 0, "KRW": 0, "IDR": 0, "JPY": 0, "ARS": 0, "COP": 0, "VND": 0, "HUF": 0, "ISK": 0, "PYG": 0,
    "UGX": 0, "KZT": 0, "TWD": 0, "XOF": 0, "XAF": 0, "RWF": 0, "LAK": 0, "MMK": 0, "IRR": 0, "UZS": 0,
    "KWD": 3, "BHD": 3, "OMR": 3, "JOD": 3, "TND": 3, "LYD": 3, "IQD": 3,
}


def shown_minor_digits(iso: str | None) -> int:
    """Decimal digits prices in ``iso`` show (``SHOWN_MINOR_DIGITS``, default 2).

    >>> shown_minor_digits("CLP"), shown_minor_digits("KWD"), shown_minor_digits("EUR"), shown_minor_digits(None)
    (0, 3, 2, 2)
    """
    return SHOWN_MINOR_DIGITS.get((iso or "").upper(), 2)
