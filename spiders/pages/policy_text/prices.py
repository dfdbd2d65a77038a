"""Which amounts in a row are shipping prices, which are order-value tiers, and free wording.

Money inside parentheses, approximate conversions ("about €23"), caps ("maks. Rp 1.000.000"),
add-ons ("+700円", "Rp5.000/kg", "(税抜)") and tier bounds ("orders under $50", "3,980円以上")
are never prices.
"""

from __future__ import annotations

import re
from decimal import Decimal

from . import vocab
from .model import Ctx
from .labels import is_region
from .money_spans import Money, find_money

# A dash right after a word ("1-2 business days - $15") separates cells; after a number it bounds a range.
_TIER_BEFORE = re.compile(r"(?:\border(?:s|\s+of)?|\bunder|\bover|\bbelanja|\bbelow|\babove|\bless than|\bkurang dari|\bdi ?bawah|"
                          r"\bpurchases? of|<|>|≤|≥|s/d|(?<![a-z]\s)(?<![a-z])[–-]|(?:\d|円)\s?~|\bfrom)"
                          r"\s*$", re.I)
_REGION_SEPARATELY = re.compile(r"(?:^|[・\s:])?([^\s:は]{2,30})は別途\s*$")
_FREE_RIGHT_AFTER = re.compile(r"\s*(?:\([^)]{0,6}\))?\s*(?:で|にて)?\s*" + vocab.FREE.pattern, re.I)
_FROM_AFTER = re.compile(r"\s*(?:\([^)]{0,6}\))?\s*~\s*(?:$|[)\]】]|[^\d\s$¥£€R])")
_RANGE_NEXT = re.compile(r"\s*(?:-|–|~|to|s/d|sampai)\s*(?=\S)", re.I)
_THRESHOLD_BEFORE = re.compile(
    "(?:" + vocab.THRESHOLD_INCLUSIVE_BEFORE.pattern + "|" + vocab.THRESHOLD_EXCLUSIVE_BEFORE.pattern + r")\s*$", re.I)


def inside_parens(text: str, pos: int) -> bool:
    """True when ``pos`` is inside an unclosed "("."""
    return text[:pos].count("(") > text[:pos].count(")")


def is_tier_money(text: str, m: Money) -> bool:
    """An order-value bound ("orders under $50", "≥ Rp250.000", "$80+", "3,980円以上") rather than a price."""
    before, after = text[max(0, m.start - 20):m.start], text[m.end:]
    if _starts_range(after) or _ends_range(text, m):
        return True  # "$30.01 - $60": a range of order values (a price range is never a price either)
    return bool(_TIER_BEFORE.search(before) or _THRESHOLD_BEFORE.search(before)
        or vocab.THRESHOLD_INCLUSIVE_AFTER.match(after) or vocab.THRESHOLD_EXCLUSIVE_AFTER.match(after)
        or vocab.TIER_UPPER_AFTER.match(after))


def _starts_range(after: str) -> bool:
    """The amount is followed by "- $60" / "~2,000円": it is the lower end of a money range."""
    nxt = _RANGE_NEXT.match(after)
    if not nxt:
        return False
    found = find_money(after[:nxt.end() + 16], "USD")
    return bool(found) and found[0].start == nxt.end()


def _ends_range(text: str, m: Money) -> bool:
    """"SG$8 to $20": the amount is the upper end of a money range."""
    sep = re.search(r"(?:-|–|~|\bto|s/d|sampai|hingga)\s*$", text[:m.start])
    if not sep:
        return False
    window = text[max(0, sep.start() - 16):sep.start()].rstrip()
    before = find_money(window, "USD")
    return bool(before) and before[-1].end == len(window)


_BETWEEN = re.compile(r"\b(?:between|antara)\s+[^\s\d]{0,4}\s?\d[\d.,]*\s*[^\s\d]{0,4}\s+(?:and|dan)\s+\S*?\d[\d.,]*", re.I)


def prices(text: str, ctx: Ctx) -> list[Money]:
    """Money in ``text`` that may be a shipping price ("between $8 and $15" is a range, never a price)."""
    out = []
    ranges = [(r.start(), r.end()) for r in _BETWEEN.finditer(text)]
    for m in find_money(text, ctx.currency, ctx.lang):
        if any(a <= m.start < b for a, b in ranges):
            continue
        before, after = text[max(0, m.start - 25):m.start], text[m.end:m.end + 12]
        clause = re.split(r"[,;、。]", text[:m.start])[-1]
        # Money in parentheses after another amount is a breakdown or conversion ("1,330円（送料1,000円＋…）").
        paren = text.rfind("(", 0, m.start)
        breakdown = inside_parens(text, m.start) and (paren == 0 or bool(find_money(text[:paren], ctx.currency,
                                                                                     ctx.lang)))
        if breakdown or vocab.APPROX.search(before) or vocab.CAP_BEFORE.search(before):
            continue
        regional = _REGION_SEPARATELY.search(clause)  # "北海道・沖縄は別途1,100円": that region's own rate
        if regional and is_region(regional.group(1)):
            clause = clause[:regional.start()]
        if vocab.ADDON_BEFORE.search(clause) or vocab.ADDON_AFTER.search(after) or is_tier_money(text, m):
            continue
        if _FREE_RIGHT_AFTER.match(text[m.end:]):
            continue  # "合計が¥19200(税別)送料無料": the amount is the condition of free shipping
        if _FROM_AFTER.match(after):
            continue  # "送料100円~": a "from" price is not a price
        out.append(m)
    return out


def free_at(text: str) -> int | None:
    """Position of a non-negated "free"/"gratis"/"送料無料", or None."""
    m = vocab.FREE.search(text)
    if not m or vocab.FREE_NEGATED.search(text):
        return None
    return m.start()


def is_threshold_sentence(text: str, ctx: Ctx) -> bool:
    """"Free shipping on orders of $50 or more": states a threshold, not an option."""
    return free_at(text) is not None and any(
        is_tier_money(text, m) or vocab.THRESHOLD_INCLUSIVE_AFTER.match(text[m.end:])
        or vocab.THRESHOLD_EXCLUSIVE_AFTER.match(text[m.end:]) for m in find_money(text, ctx.currency, ctx.lang))


def tier_table_row(evidence: str, price: Decimal | None) -> bool:
    """"$30.01 - $60 | $10.50": a table row keyed by an order-value range whose only other cell is the
    rate. The whole rate is in the row (tiers of one service carry no delivery time of their own)."""
    cells = [c.strip() for c in evidence.split("|") if c.strip()]
    if len(cells) != 2:
        return False
    bounds, rate = find_money(cells[0], "USD"), find_money(cells[1], "USD")
    rest = cells[0]
    for m in reversed(bounds):
        rest = rest[:m.start] + " " + rest[m.end:]
    return bool(bounds) and _BOUND_WORDS.fullmatch(rest.strip()) is not None and len(rate) == 1 \
        and rate[0].amount == price and not re.sub(r"[\d.,$€£¥\s]|[A-Z]{3}", "", cells[1])


# What may surround the amounts of an order-value cell: "up to $30", "$30.01 - $60", "$500+", "over $150".
_BOUND_WORDS = re.compile(r"(?:(?:up to|under|below|less than|over|above|from|orders?|and (?:up|over|above)|to|"
                          r"[-–+]|&)\s*)*", re.I)
