"""Context rules for prices read from the page: auction bids and quantity-price tables.

* Auctions: schema.org ``Offer.price`` on auction pages is often the starting price while the page
  shows the current bid. The bid replaces the structured price only when the page itself labels the
  structured amount as the starting price and shows a different amount beside a bid count or a
  "current bid" label; otherwise the structured price stands.
* Quantity tables ("1 box $839 / 2 boxes $1,638 / ..."): only the smallest-quantity row is a
  candidate, so the price is the single-unit price, not the row that happens to sit nearest the
  buy button.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import islice

from spiders.pages import money
from spiders.pages.provenance import Fields
from spiders.pages.heuristic_vocab import BID_COUNT, CURRENT_BID, QUANTITY_ROW, STARTING_PRICE

_ROW_LEVELS = 3  # a price sits at most this deep inside its quantity row
_BID_LEVELS = 3  # a bid count / label and its amount share an ancestor this close
_BID_REACH = 30  # elements between the starting-price text and the bid box


def small(node, limit: int = 40) -> bool:
    """Whether an element has fewer than ``limit`` descendants: its text is cheap to read."""
    return sum(1 for _ in islice(node.iter(), limit)) < limit


def auction_bid(near: list[tuple[int, object]], fields: Fields) -> None:
    """Replace a structured starting price by the current bid shown on an auction page."""
    price = fields.values.get("price")
    start_at = _start_label_at(near, price) if isinstance(price, Decimal) else None
    if start_at is None:
        return
    bids = [(abs(i - start_at), el) for i, el in near if abs(i - start_at) <= _BID_REACH and _bid_count(el) is not None]
    if not bids:
        return
    _, nearest = min(bids, key=lambda x: x[0])  # other lots' bid boxes further away are not this item's
    bid = _amount_beside(nearest, price) if _bid_count(nearest) != 0 else None
    if bid is not None and _same_currency(bid[1], fields.values.get("currency_raw")):
        fields.replace("price", bid[0], "heuristic:current-bid")
        fields.put("currency_raw", bid[1], "heuristic:current-bid")


def _same_currency(symbol: str | None, structured: object) -> bool:
    """Whether a shown symbol can be the structured currency ("$" can be USD; "€" cannot)."""
    code = money.currency_to_iso(structured) if isinstance(structured, str) else None
    return not symbol or not code or money.currency_to_iso(symbol, default=code) == code


def _bid_count(el) -> int | None:
    """Bids stated by a short text ("2 bids"); -1 for a bare current-bid label; None otherwise."""
    text = " ".join(el.text_content().split()) if small(el, 8) else ""
    if not text or len(text) > 60:
        return None
    count = BID_COUNT.match(text)
    if count:
        return int(count.group(1))
    return -1 if CURRENT_BID.search(text) and len(text) <= 30 else None


def _start_label_at(near, price: Decimal) -> int | None:
    """Index of the text saying the amount is the starting price ("Starting Price $150")."""
    for i, el in near:
        text = " ".join(el.text_content().split()) if small(el, 12) else ""
        label = STARTING_PRICE.search(text) if len(text) <= 80 else None
        match = money.PRICE_MENTION.search(text[label.end():]) if label else None
        if match and money.parse_price_text(match.group(0))[0] == price:
            return i
    return None


def _amount_beside(el, start: Decimal) -> tuple[Decimal, str | None] | None:
    """The one price in a small container around a bid count/label, if it is not the start price."""
    node = el
    for _ in range(_BID_LEVELS):
        node = node.getparent()
        if node is None or not small(node):
            return None
        text = " ".join(node.text_content().split())
        if len(text) > 120 or STARTING_PRICE.search(text):
            return None
        mentions = {money.parse_price_text(m.group(0)) for chunk in node.itertext()  # text nodes apart:
                    for m in money.PRICE_MENTION.finditer(chunk)}  # "$200" + "2 bids" is not "$2002"
        mentions = {(a, s) for a, s in mentions if a and a > 0}
        if len(mentions) == 1:
            amount, symbol = mentions.pop()
            return (amount, symbol) if amount != start else None
        if mentions:
            return None  # several amounts: not a bid box
    return None


def quantity_row(el) -> tuple[object, int] | None:
    """(row, quantity) when the element's price sits in a row that starts with a quantity."""
    node = el
    for _ in range(_ROW_LEVELS + 1):
        if node is None or not isinstance(node.tag, str) or not small(node):
            return None
        text = " ".join(node.text_content().split())
        match = QUANTITY_ROW.match(text) if len(text) <= 120 else None
        if match and len(money.PRICE_MENTION.findall(text)) >= 1:
            return node, int(match.group(1))
        node = node.getparent()
    return None


def drop_larger_quantities(candidates: list[tuple]) -> list[tuple]:
    """Keep, of candidates in quantity rows of one table, only those of the smallest quantity.

    ``candidates`` are tuples whose second item is the element; rows of one table share a parent,
    and a table needs at least two rows with different quantities.
    """
    rows = {id(c[1]): quantity_row(c[1]) for c in candidates}
    smallest: dict[int, int] = {}
    quantities: dict[int, set] = {}
    for found in filter(None, rows.values()):
        table = id(found[0].getparent())
        smallest[table] = min(smallest.get(table, found[1]), found[1])
        quantities.setdefault(table, set()).add(found[1])
    kept = []
    for candidate in candidates:
        found = rows[id(candidate[1])]
        table = id(found[0].getparent()) if found else None
        if found and len(quantities[table]) > 1 and found[1] > smallest[table]:
            continue
        kept.append(candidate)
    return kept
