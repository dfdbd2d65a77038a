"""On-page product heuristics: the price and stock state a shopper sees next to the title and buy button.

Used by ``product`` for fields that analyst selectors, structured data and OpenGraph left empty.
The page is read as a flat list of elements in document order; only a window around the
anchors (the product's h1, or without one the element naming the page title, and the
add-to-cart button nearest it) is scored, which keeps huge pages fast. Prices inside
recommendation widgets and site chrome, per-unit prices, instalments, savings and shipping fees
are never candidates; prices inside image sliders count only when nothing else is near the
title; in a quantity-price table only the single-unit row counts (``price_context``). When
several different prices are equally close, no price is taken (``price_note`` says why). On
auction pages a structured starting price gives way to the current bid (``price_context``).
"""

from __future__ import annotations

import re
from decimal import Decimal

from spiders.pages import confidence, money, price_context, price_rank
from spiders.pages.provenance import Fields
from spiders.pages.heuristic_vocab import (
    BAD_CONTEXT, BARE_NUMBER, BUY, HARD_CONTEXT, MAX_DISTANCE, MAX_SCAN, NOT_STOCK, NOT_TITLE, OUTSIDE_TAGS,
    PRICE_CLASS, SKIP_TAGS, SLIDER_REACH, STOCK_DISTANCE, STOCK_MARK, STRIKE_TAGS, TITLE_MARK, TITLE_REACH,
    TITLE_SEPARATOR, UNIT_OR_FEE, WAS_CLASS, WAS_LABEL,
)
from spiders.pages.structured import availability_in_text


def heuristic_fields(tree, fields: Fields, country: str | None = None) -> None:
    """Page heuristics for fields the structured layers left empty (see module docstring).
    ``country`` (configured or the page's locale) settles shared symbols and digit grouping."""
    body = tree.find("body") if tree.find("body") is not None else tree
    elements = [el for el in body.iter() if isinstance(el.tag, str) and el.tag not in SKIP_TAGS]
    title, title_source = _title_element(body, tree.findtext(".//title"))
    anchors, buy = _anchors(elements, title, _buy_elements(body))
    near = _window(elements, anchors, MAX_DISTANCE)  # only the buy box is read: fast on huge pages
    if title is not None:
        fields.put("title", " ".join(title.text_content().split()) or None, title_source)
    if "price" in fields.values and not fields.provenance["price"].startswith(("heuristic", "selector")):
        price_context.auction_bid(near, fields)
    if "price" not in fields.values and anchors:  # without a buy button, only prices close to the h1
        features = {"name_numbers": price_rank.name_numbers(fields.values.get("title")),
                    "declared": price_rank.declared_amounts(el for _, el in near), "country": country,
                    "currency": fields.values.get("currency_raw"), "buy": buy is not None,
                    "price_class": lambda el: PRICE_CLASS.search(_marker(el)) is not None}
        _heuristic_price(near, anchors, fields, MAX_DISTANCE if buy is not None else TITLE_REACH, features)
    if "availability" not in fields.values:
        state, source = _heuristic_availability(near, anchors, buy)
        fields.put("availability", state, source)
    elif anchors and fields.provenance["availability"].startswith(_MARKUP):
        _visible_stock_wins(near, anchors, buy, fields)
    shown = [el for _, el in near] if anchors else elements[:MAX_SCAN]
    if isinstance(fields.values.get("price"), Decimal) and "was_price" not in fields.values:
        _labelled_was_price(shown, fields)
    if "price" in fields.values and (buy is not None or _price_visible(shown, fields.values["price"])):
        # a visibly priced page with no stock warning near the buy box is for sale
        fields.put("availability", "InStock", "heuristic:priced-without-stock-warning")


def _window(elements: list, anchors: list[int], distance: int) -> list[tuple[int, object]]:
    """(index, element) pairs within ``distance`` elements of any anchor, in document order."""
    keep: set[int] = set()
    for anchor in anchors:
        keep.update(range(max(0, anchor - distance), min(len(elements), anchor + distance + 1)))
    return [(i, elements[i]) for i in sorted(keep)]


def _title_element(body, page_title: str | None) -> tuple[object, str]:
    """The product's h1: one marked as title/name if any (pages hide status h1s), else the first;
    without an h1, a title/name-marked element or heading whose text is the page title's name part."""
    headings = [h for h in body.iter("h1") if h.text_content().strip()]
    marked = [h for h in headings if TITLE_MARK.search(_marker(h)) and not NOT_TITLE.search(_marker(h))]
    if headings:
        return (marked or headings)[0], "heuristic:h1"
    names = {" ".join(part.split()) for part in TITLE_SEPARATOR.split(page_title or "") if len(part.strip()) >= 4}
    for el in body.iter("h2", "h3", "div", "span", "p", "strong", "b"):
        own = " ".join((el.text or "").split())
        if own in names and len(el) == 0 and (el.tag != "div" and el.tag != "span" or TITLE_MARK.search(_marker(el))):
            if _ancestor_matches(el, BAD_CONTEXT, 12, OUTSIDE_TAGS | {"a"}) is None:
                return el, "heuristic:page-title-match"
    return None, ""


def _buy_elements(body) -> list:
    """Add-to-cart / buy buttons outside carousels and site chrome, in document order."""
    found = []
    for el in body.iter("button", "input", "a"):
        label = " ".join(filter(None, [el.text_content() if el.tag != "input" else el.get("value"),
                                       el.get("id"), el.get("name"), el.get("class"), el.get("aria-label")]))
        if len(label) < 200 and BUY.search(label) and _ancestor_matches(el, BAD_CONTEXT, 6, OUTSIDE_TAGS) is None:
            found.append(el)
            if len(found) >= 50:
                break
    return found


def _anchors(elements: list, title, buttons: list) -> tuple[list[int], object]:
    """Positions of the title and of the buy button nearest to it (header cart links are not it)."""
    wanted = {id(el) for el in [title, *buttons] if el is not None}
    index = {id(el): i for i, el in enumerate(elements) if id(el) in wanted}
    title_at = index.get(id(title)) if title is not None else None
    placed = [(index[id(b)], b) for b in buttons if id(b) in index]
    if not placed:
        return ([title_at] if title_at is not None else []), None
    at, buy = min(placed, key=lambda p: abs(p[0] - title_at)) if title_at is not None else placed[0]
    return [a for a in (title_at, at) if a is not None], buy


def _heuristic_price(near, anchors, fields: Fields, reach: int, features: dict) -> None:
    candidates = price_context.drop_larger_quantities(list(_price_candidates(near, features)))
    features["counts"] = {}
    for candidate in candidates:
        features["counts"][candidate[2]] = features["counts"].get(candidate[2], 0) + 1
    scored, source = _scored(candidates, anchors, reach, False, features), "heuristic:buy-box"
    if not any(not x[1] or x[1] == "class" for x in scored):  # image sliders beside the title: a fallback
        scored = _scored(candidates, anchors, SLIDER_REACH, True, features)
        source = "heuristic:slider-near-title"
    _choose_price(scored, fields, source, features)


def _scored(candidates, anchors, reach: int, in_slider: bool, features: dict) -> list[tuple]:
    """(score, was-kind, amount, symbol) of candidates within reach; lower score = better (``price_rank``)."""
    scored = []
    for candidate in candidates:
        distance = min(abs(candidate[0] - a) for a in anchors)
        if distance <= reach and candidate[5] == in_slider:
            value = price_rank.score(candidate, distance, features)
            if value is not None:
                scored.append((value, candidate[4], candidate[2], candidate[3]))
    return scored


def _choose_price(scored: list[tuple], fields: Fields, source: str, features: dict) -> None:
    """The best-ranked current price; none when a different price ties with it."""
    best, rivals, margin = price_rank.choose(scored)
    if rivals:
        fields.put("price_note", "no price taken: several different prices are equally close to the "
                   f"title/buy button ({', '.join(map(str, rivals))})", source)
        return
    if best is None:
        return
    fields.put("price", best[2], source)
    fields.put("currency_raw", best[3], source)
    fields.put("price_confidence", confidence.of_heuristic(
        agrees=best[2] in features["declared"], currency_mark=best[3] is not None, buy_button=features["buy"],
        margin=margin, slider=source.endswith("slider-near-title")), source)
    was = sorted((x for x in scored if x[1] and x[2] > best[2]), key=lambda x: x[0])
    if was:
        fields.put("was_price", was[0][2], "heuristic:strikethrough")


def _price_visible(elements: list, price: Decimal) -> bool:
    """Whether the page's text shows the price (as 1234.5, 1,234.50, 1.234,50 or 1 234,50)."""
    text = " ".join(t for el in elements for t in (el.text, el.tail) if t)
    whole, cents = f"{price:.2f}".split(".")
    grouped = f"{int(whole):,}"
    forms = {f"{whole}.{cents}", f"{whole},{cents}", f"{grouped}.{cents}", grouped.replace(",", ".") + f",{cents}"}
    if cents == "00":
        forms |= {whole, grouped, grouped.replace(",", "."), grouped.replace(",", " ")}
    return any(re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d])", text) for f in forms)


def _labelled_was_price(elements: list, fields: Fields) -> None:
    """An unmarked was-price stated in words ("Regular price: $179.99"), above the current price."""
    for node in (t for el in elements for t in (el.text, el.tail) if t and t.strip()):
        text = " ".join(node.split())
        label = WAS_LABEL.search(text) if 4 < len(text) < 120 else None
        match = money.PRICE_MENTION.match(text[label.end():].lstrip(" :")) if label else None
        amount = money.parse_price_text(match.group(0))[0] if match else None
        if amount is not None and amount > fields.values["price"]:
            fields.put("was_price", amount, "heuristic:was-price-label")
            return


def _price_candidates(near, features: dict):
    """(index, element, amount, currency symbol, strikethrough kind, in slider, text) for short price texts."""
    hints = {"country": features.get("country"), "currency": features.get("currency")}
    for i, el in near:
        text = _candidate_text(el)
        if text is None:
            continue
        if not text or len(text) > 60 or len(money.PRICE_MENTION.findall(text)) > 1:
            continue
        match = money.PRICE_MENTION.search(text)
        amount, symbol = money.parse_price_text(match.group(0) if match else text, **hints)
        if amount is None or amount <= 0 or UNIT_OR_FEE.search(text) or UNIT_OR_FEE.search(_context_text(el)):
            continue
        context = _ancestor_matches(el, BAD_CONTEXT, 12, OUTSIDE_TAGS)
        if context is not None and (context.tag in OUTSIDE_TAGS or HARD_CONTEXT.search(_marker(context))
                                    or _ancestor_matches(context, HARD_CONTEXT, 12) is not None):
            continue
        yield i, el, amount, symbol, _was_kind(el), context is not None, text


def _was_kind(el) -> str | None:
    """Strikethrough kind: "struck" (<del>, <s>, line-through), "class" (old/was/list class) or None."""
    node = el
    for _ in range(3):
        if node is None or not isinstance(node.tag, str):
            break
        if node.tag in STRIKE_TAGS or "line-through" in (node.get("style") or ""):
            return "struck"
        node = node.getparent()
    text = el.text_content().strip()
    if any(d.text_content().strip() == text for d in el.iter(*STRIKE_TAGS)):
        return "struck"  # <span class="price"><s>$29.990</s></span>: all its text is struck
    return "class" if _ancestor_matches(el, WAS_CLASS, 2) is not None else None


def _candidate_text(el) -> str | None:
    """Price text of an element: its own, or its parent's when the currency sits beside the number."""
    if el.get("itemprop") == "price" and el.get("content"):
        return el.get("content")
    own = (el.text or "").strip()
    if PRICE_CLASS.search(_marker(el)) or money.PRICE_MENTION.search(own):
        return " ".join(el.text_content().split())
    parent = el.getparent()
    if BARE_NUMBER.match(own) and len(el) == 0 and parent is not None:
        around = " ".join(parent.text_content().split())
        for match in money.PRICE_MENTION.finditer(around) if len(around) <= 60 else ():
            if own in match.group(0):  # "$<span>99</span>元", "<span>294</span><span>元</span>"
                return match.group(0)
    return None


def _context_text(el) -> str:
    """The element's text with its neighbours' labels ("You save", "/ kg") unless they are prices."""
    parts = [el.text_content(), el.tail or ""]
    for sibling in (el.getprevious(), el.getnext()):
        text = sibling.text_content() if sibling is not None and isinstance(sibling.tag, str) else ""
        if text and not money.PRICE_MENTION.search(text):
            parts.append(text[:60])
    parent = el.getparent()
    if el.getprevious() is None and parent is not None:
        parts.append((parent.text or "")[-60:])
    return " ".join(" ".join(parts).split())


def _marker(el) -> str:
    return " ".join(filter(None, [el.get("class"), el.get("id"), el.get("itemprop"), el.get("data-testid")]))


def _ancestor_matches(el, pattern, levels: int, tags: frozenset = frozenset()):
    """The nearest ancestor (or ``el``) whose class/id matches ``pattern`` or whose tag is in ``tags``."""
    node, depth = el, 0
    while node is not None and depth <= levels:
        if isinstance(node.tag, str) and (node.tag in tags or pattern.search(_marker(node))):
            return node
        node, depth = node.getparent(), depth + 1
    return None


_MARKUP = ("jsonld:", "microdata:", "rdfa:", "og:")
_TOGGLED = re.compile(r"alert|modal|popup|tooltip|notify|\bhidden\b|d-none|is-hidden|template", re.I)
_HIDDEN = re.compile(r"\bhidden\b|\bd-none\b|\bdisabled\b|is-disabled|sold-?out|unavailable", re.I)


def _visible_stock_wins(near, anchors, buy, fields: Fields) -> None:
    """Markup availability gives way to what the buy box shows: a stock text beside the title/buy
    button ("Sold out", "Stok habis", "在庫切れ", "In stock") that says otherwise, or, for a product
    whose markup says OutOfStock, an enabled, visible add-to-cart control with no such text."""
    said = fields.values["availability"]
    state, source = _heuristic_availability(near, anchors, buy, strict=True)
    selected = "selected" in fields.provenance["availability"]  # the URL's variant: a bare button is not news
    if source == "heuristic:buy-button" and not (said == "OutOfStock" and _enabled(buy) and not selected):
        return
    if state in ("InStock", "OutOfStock") and state != said:
        fields.replace("availability", state, f"{source} (markup said {said})")


def _enabled(buy) -> bool:
    """An add-to-cart control a shopper can press: not disabled, hidden or styled as sold out."""
    for node in (buy, buy.getparent()):
        if node is None:
            continue
        marker = " ".join(filter(None, [node.get("class"), node.get("style")]))
        if node.get("disabled") is not None or node.get("hidden") is not None or node.get("aria-disabled") == "true" \
                or _HIDDEN.search(marker) or "display:none" in marker.replace(" ", ""):
            return False
    return True


def _heuristic_availability(near, anchors, buy, strict: bool = False) -> tuple[str | None, str]:
    """Stock text nearest the title/buy button; an active buy button alone means in stock.
    ``strict`` (to overrule markup) skips texts in script-toggled containers (alerts, modals, hidden)."""
    best = None
    for i, el in near:
        if not (el.text or "").strip():
            continue
        distance = min(abs(i - a) for a in anchors)
        parent = el.getparent() if el.getparent() is not None else el
        if STOCK_MARK.search(_marker(el)) or STOCK_MARK.search(_marker(parent)):
            distance /= 3  # a stock badge says so in its class
        if distance <= STOCK_DISTANCE and (best is None or distance < best[0]) and not NOT_STOCK.search(el.text):
            state = availability_in_text(el.text)
            # Not a carousel's badge, nor a script-toggled label inside the buy button itself.
            inside_buy = buy is not None and any(a is buy for a in el.iterancestors())
            toggled = strict and _ancestor_matches(el, _TOGGLED, 6) is not None
            if state and not inside_buy and not toggled and _ancestor_matches(el, BAD_CONTEXT, 12, OUTSIDE_TAGS) is None:
                best = (distance, state)
    if best:
        return best[1], "heuristic:stock-text"
    if buy is not None and buy.get("disabled") is None:
        return "InStock", "heuristic:buy-button"
    return None, ""
