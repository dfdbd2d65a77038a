"""Rate grids keyed by order value × method: "Order Total | Economy (7-10 days) | Standard (3-6 days)" over
"Up to $25 | $3.99 | $5.99" rows.

Each cell is one option of its column's method for its row's order-value tier (the labels name such a
rate by method and tier: "Parcel Post, orders under $50"); the method cell may carry the delivery time.
The grid is rewritten as one "Up to $25 | Economy (7-10 days) | $3.99" line per cell, which the row
rules read like any labelled rate. A grid whose header is not an order-value column followed by
method columns, or whose rows are not an order-value bound followed by rates only, is left alone.
"""

from __future__ import annotations

import re

from . import vocab
from .money_spans import find_money

_ORDER_VALUE = re.compile(r"^(?:order|cart|basket|purchase|merchandise)?\s*(?:total|value|amount|subtotal|sub-total)s?$"
                          r"|^(?:if )?(?:your )?order (?:is|total|value)", re.I)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _method_header(cells: list[str]) -> bool:
    return len(cells) >= 3 and bool(_ORDER_VALUE.search(cells[0])) and all(
        vocab.METHOD_WORDS.search(c) or vocab.CARRIER.search(c) for c in cells[1:])


def _grid_row(cells: list[str], width: int, lang: str) -> bool:
    """An order-value bound, then one rate per method (money or free, nothing else)."""
    if len(cells) != width or not find_money(cells[0], "USD", lang):
        return False
    return all(c and (vocab.FREE.search(c) or len(find_money(c, "USD", lang)) == 1)
               and not re.sub(r"free|gratis|[\d.,$€£¥\s*]|[A-Z]{2,3}\$?", "", c, flags=re.I) for c in cells[1:])


def expand_value_grids(lines: list[str], lang: str) -> list[str]:
    """The lines with each order-value × method grid rewritten one cell a line."""
    out, i = [], 0
    while i < len(lines):
        header = _cells(lines[i]) if lines[i].count("|") >= 2 else []
        j = i + 1
        if _method_header(header):
            while j < len(lines) and _grid_row(_cells(lines[j]), len(header), lang):
                j += 1
        if j - i < 2:
            out.append(lines[i])
            i += 1
            continue
        rows = [_cells(line) for line in lines[i + 1:j]]
        for col, method in enumerate(header[1:], start=1):
            out += [f"{row[0]} | {method} | {row[col]}" for row in rows]
        out.append("")
        i = j
    return out
