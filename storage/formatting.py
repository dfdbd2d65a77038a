"""The one formatting layer: how every value reads wherever a manager looks (dashboard pages, CLI
tables, CSV headers, alerts and the weekly briefing).

Pure functions, no I/O. Rules:
- money by currency, with the currency's minor units: ``Rp 150.000``, ``¥5,000``, ``$40.00``
  (IDR and JPY have none; an unknown code reads ``1,234.50 XYZ``);
- days as words (``same day``, ``1 day``, ``3–5 days``), percentages with sign and ``%``;
- yes/no, availability and other enumerations in words, never their stored codes;
- times in the configured time zone (``timezone`` in ``rivalwatch.yaml``; the demo uses WIB);
- unknown is ``—`` (never ``None``/``nan``), and a policy wording is never shown by its hash.
Labels, formatter kinds and enum words come from the field catalogue (``core.fields``).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core import fields
from core.currencies import shown_minor_digits

UNKNOWN = "—"
DEFAULT_TIMEZONE = "UTC"

# code -> (symbol, thousands separator, decimal separator, space after symbol); how many minor digits a
# currency shows comes from the one currency table (``core.currencies.shown_minor_digits``).
CURRENCIES: dict[str, tuple[str, str, str, str]] = {
    "IDR": ("Rp", ".", ",", " "), "JPY": ("¥", ",", ".", ""), "KRW": ("₩", ",", ".", ""),
    "VND": ("₫", ".", ",", " "), "USD": ("$", ",", ".", ""), "EUR": ("€", ".", ",", " "),
    "GBP": ("£", ",", ".", ""), "SGD": ("S$", ",", ".", ""), "AUD": ("A$", ",", ".", ""),
    "MYR": ("RM", ",", ".", " "), "PHP": ("₱", ",", ".", ""), "THB": ("฿", ",", ".", ""),
    "CNY": ("CN¥", ",", ".", ""), "INR": ("₹", ",", ".", ""), "CAD": ("CA$", ",", ".", ""),
}

# Stored codes of enumerations -> words, from the field catalogue (every field's ``values``).
ENUM_WORDS: dict[str, str] = {code: words for f in fields.FIELDS for code, words in f.values.items()}
_HASH = re.compile(r"^[0-9a-f]{40,64}$")


def missing(value) -> bool:
    """None, NaN, NaT and pandas' NA are all 'unknown'."""
    if value is None:
        return True
    if isinstance(value, (str, bool, int, Decimal, list, tuple, dict)):
        return False
    try:
        return value != value  # NaN / NaT
    except (TypeError, ValueError):
        return False


def _decimal(value) -> Decimal | None:
    if missing(value) or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    return sep.join([digits[:head], *(digits[i:i + 3] for i in range(head, len(digits), 3))])


def money(amount, currency: str | None, *, signed: bool = False) -> str:
    """``Rp 150.000``, ``¥5,000``, ``$40.00``; ``—`` when unknown. ``signed`` shows + / −."""
    value = _decimal(amount)
    if value is None:
        return UNKNOWN
    code = (currency or "").upper()
    symbol, thousands, point, space = CURRENCIES.get(code, (code, ",", ".", " "))
    digits = shown_minor_digits(code)
    sign = "−" if value < 0 else ("+" if signed and value > 0 else "")
    text = f"{abs(value):.{digits}f}"
    whole, _, minor = text.partition(".")
    number = _group(whole, thousands) + (point + minor if minor else "")
    if code not in CURRENCIES:
        return f"{sign}{number} {code}".strip()
    return f"{sign}{symbol}{space}{number}"


def number(value, digits: int = 0) -> str:
    """A plain number with thousands separators (``2,314``; ``4.8`` with ``digits=1``)."""
    value = _decimal(value)
    return UNKNOWN if value is None else f"{value:,.{digits}f}"


def days(low, high=None) -> str:
    """``same day``, ``1 day``, ``3–5 days`` (``high`` defaults to ``low``)."""
    low, high = (None if missing(low) else int(low)), (None if missing(high) else int(high))
    if high is None:
        high = low
    if high is None:
        return UNKNOWN
    if low is None or low == high:
        return {0: "same day", 1: "1 day"}.get(high, f"{high} days")
    return f"{low}–{high} days"


def percent(value, *, signed: bool = True, digits: int = 1) -> str:
    """``+11.1%``, ``−4.6%`` (``signed=False``: ``20%``)."""
    value = _decimal(value)
    if value is None:
        return UNKNOWN
    text = f"{abs(value):.{digits}f}%"
    if not signed:
        return ("−" if value < 0 else "") + text
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


def yes_no(value) -> str:
    return UNKNOWN if missing(value) else ("yes" if value else "no")


def enum(value) -> str:
    """A stored code in words (``defect_only`` → ``defective items only``); lists joined."""
    if missing(value):
        return UNKNOWN
    if isinstance(value, (list, tuple)):
        return ", ".join(enum(v) for v in value) or "none"
    text = str(value)
    return ENUM_WORDS.get(text, text.replace("_", " "))


def zone(name: str | None) -> ZoneInfo:
    """The configured time zone (UTC when unset or unknown)."""
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def when(value, tz: str | None = None, *, seconds: bool = False) -> str:
    """``6 Dec 2026, 23:20 WIB`` in the configured zone (naive times are UTC, as stored)."""
    if missing(value):
        return UNKNOWN
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if not isinstance(value, datetime):
        return f"{value.day} {value:%b %Y}" if isinstance(value, date) else str(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    local = value.astimezone(zone(tz))
    return f"{local.day} {local:%b %Y}, {local:%H:%M{':%S' if seconds else ''} %Z}"


def local_naive(value, tz: str | None = None):
    """A UTC time as the configured zone's wall-clock time without zone (for chart axes)."""
    if missing(value):
        return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(zone(tz)).replace(tzinfo=None)


def catalogued(subject: str | None, key: str) -> fields.Field | None:
    """The catalogue's field (by subject when known, else the first field with that key)."""
    found = fields.get(subject, key) if subject else None
    return found or next(iter(fields.by_key(key)), None)


def label(key: str, subject: str | None = None) -> str:
    """A field's label from the catalogue (``free-shipping threshold``)."""
    found = catalogued(subject, key)
    return found.label if found else key.replace("_", " ")


def header(column: str) -> str:
    """A benchmark column's title from the catalogue (``Free shipping from``)."""
    found = fields.by_column(column)
    return (found.header or found.label) if found else column.replace("_", " ")


def _is_hash(value) -> bool:
    return isinstance(value, str) and bool(_HASH.match(value))


def value(key: str, raw, currency: str | None = None, subject: str | None = None) -> str:
    """A stored fact value (canonical JSON text, or already decoded) in words, by the catalogue's
    formatter kind of the field."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            pass
    if missing(raw):
        return "not stated"
    found = catalogued(subject, key)
    kind = found.format if found else None
    if _is_hash(raw) or kind == "hash":
        return "page text"  # a wording is shown as its text diff, never as a hash
    if isinstance(raw, dict):
        if "amount" in raw:
            return threshold(raw["amount"], raw.get("currency") or currency, raw.get("inclusive"))
        if "min" in raw or "max" in raw:
            return days(raw.get("min"), raw.get("max"))
        if "percent" in raw:
            return percent(raw["percent"], signed=False, digits=0)
        return ", ".join(f"{enum(k)} {value(k, v, currency)}" for k, v in raw.items())
    if isinstance(raw, bool) or kind == "bool":
        return yes_no(raw)
    if isinstance(raw, list) or kind in ("enum", "enum_list"):
        return enum(raw)
    if kind in ("money", "threshold"):
        return money(raw, currency)
    if kind in ("days", "day_range"):
        return days(raw)
    if kind == "rating":
        return number(raw, 1)
    if kind == "count":
        return number(raw)
    return str(raw) if isinstance(raw, str) else number(raw)


def threshold(amount, currency: str | None, inclusive=None) -> str:
    """A money threshold, everywhere the same: ``Rp 250.000 or more`` / ``over Rp 300.000``."""
    text = money(amount, currency)
    if text == UNKNOWN or missing(inclusive):
        return text
    return f"{text} or more" if inclusive else f"over {text}"


def product_id(subject_key: str | None) -> str:
    """A product's key for people: ``SKU BC-0103``, ``GTIN 0123…``, or the URL."""
    if not subject_key:
        return ""
    scheme, _, rest = str(subject_key).partition(":")
    return {"sku": f"SKU {rest}", "gtin": f"GTIN {rest}"}.get(scheme, rest if scheme == "url" else str(subject_key))


def page_kind(subject_key: str | None) -> str:
    """``returns:https://…`` (a policy_text key) → ``Returns``."""
    return str(subject_key or "policy").partition(":")[0].capitalize() or "Policy"


def change_line(change) -> str:
    """One change as a manager reads it, from a change row (mapping or attributes): subject with its
    SKU/URL, field label, old → new by the catalogue's formatter, percent for money."""
    get = (lambda k: change.get(k)) if hasattr(change, "get") else (lambda k: getattr(change, k, None))
    subject_type, key, field, kind = get("subject_type"), get("subject_key"), get("field"), get("kind")
    currency = get("currency")
    name = get("subject") or get("subject_label") or key
    name = name if isinstance(name, str) else str(key)
    if subject_type == "policy_text":
        return f"{page_kind(key)} page text {'changed' if kind == 'changed' else kind}"
    if subject_type == "product":
        ident = product_id(key)
        name = f"{name} ({ident})" if ident and ident != name else name
    if kind in ("broken", "recovered", "suspect"):
        return get("summary") or f"{name}: {kind}"
    noun = {"product": "product", "shipping_option": "shipping option"}.get(subject_type)
    new_raw = get("new_raw") if get("new_raw") is not None else get("new_value")
    old_raw = get("old_raw") if get("old_raw") is not None else get("old_value")
    new, old = value(field, new_raw, currency, subject_type), value(field, old_raw, currency, subject_type)
    if kind == "added":
        return f"New {noun}: {name}" if noun else f"{name}: {label(field, subject_type)} now {new}"
    if kind == "removed":
        return f"{noun.capitalize()} gone: {name}" if noun else f"{name}: {label(field, subject_type)} no longer stated (was {old})"
    if field == "availability":
        return f"{name}: {new} (was {old})"
    text = f"{name}: {label(field, subject_type).removesuffix(' (days)')} {old} → {new}"
    magnitude = get("magnitude")
    return text + (f" ({percent(magnitude)})" if not missing(magnitude) else "")
