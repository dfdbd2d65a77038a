"""Product page object: one ``ProductItem`` from a product page, every value with provenance.

Layers, highest confidence first; a lower layer only fills fields the higher ones left empty,
except analyst selectors, which win over everything for the fields they name:

1. analyst selectors from config (``selectors`` = {field: "css:..." | "xpath:..."});
2. structured data: JSON-LD, then microdata, then RDFa (schema.org Product/ProductGroup/Offer);
3. OpenGraph product tags (``product:price:amount``, ``og:availability`` ...);
4. page heuristics: the price shown nearest the title and buy button, outside recommendation
   carousels, ignoring per-unit prices, instalments and shipping fees; availability text.

Offer choice when a product has several offers (variants of a ProductGroup, sellers, packs):
the offer whose ``url`` is the page URL when offers have distinct URLs; otherwise the in-stock
offers (all offers when none is in stock), and among them the **lowest** price, which is the
"from" price a shopper sees first. Member prices, strikethrough/list prices, unit-price
references and delivery/payment charges are never the price.
"""

from __future__ import annotations

import re
from decimal import Decimal

from pydantic import ValidationError

from spiders.items import ProductItem
from spiders.pages import money
from spiders.pages.structured import (
    OfferFacts, StructuredData, as_list, availability_in_text, availability_of, decode_html,
    extract_structured, first_text, parse_tree, read_offer, types_of,
)

PRODUCT_TYPES = {"Product", "ProductGroup", "IndividualProduct", "ProductModel", "SomeProducts",
                 "Vehicle", "Car", "Book", "Motorcycle"}
_NOT_MAIN = {"isRelatedTo", "isSimilarTo", "isAccessoryOrSparePartFor", "isConsumableFor",
             "itemListElement", "review", "hasVariant", "isVariantOf", "subjectOf"}
_IN_STOCK = {"InStock", "LimitedAvailability"}
NO_PRICE_NOTE = "no price found: no structured data and no price near a title or buy button"


class Fields:
    """Field values with provenance; the first layer to set a field keeps it."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}
        self.provenance: dict[str, str] = {}

    def put(self, name: str, value: object, source: str) -> bool:
        if value in (None, "") or name in self.values:
            return False
        self.values[name] = value
        self.provenance[name] = source
        return True


def extract_product(html: str | bytes, url: str, *, currency: str | None = None,
                    country: str | None = None, selectors: dict[str, str] | None = None) -> ProductItem:
    """Extract the main product of a page. Never raises on bad input: see ``price_note``."""
    text = decode_html(html)
    if text is None:
        return ProductItem(url=url, price_note="no price found: the content is binary, not a web page")
    tree = parse_tree(text)
    if tree is None:
        return ProductItem(url=url, price_note="no price found: the page is empty")
    data = extract_structured(tree, url)
    fields = Fields()
    if selectors:
        selector_fields(tree, selectors, fields)
    structured_fields(data, url, fields)
    opengraph_fields(data.opengraph, fields)
    heuristic_fields(tree, fields)
    return build_item(fields, url, currency=currency, country=country, data=data)


def product_from_jsonld(nodes: list[dict] | dict, url: str, *, currency: str | None = None,
                        country: str | None = None) -> ProductItem:
    """ProductItem from JSON-LD nodes already parsed (platform feeds, tests)."""
    data = StructuredData(jsonld=[n for n in as_list(nodes) if isinstance(n, dict)])
    fields = Fields()
    structured_fields(data, url, fields)
    return build_item(fields, url, currency=currency, country=country, data=data)


def structured_fields(data: StructuredData, url: str, fields: Fields) -> None:
    """Fill fields from the page's main schema.org product and its chosen offer."""
    main = main_product(data, url)
    if main is None:
        return
    syntax, product = main
    pairs = product_offers(data, product)
    chosen = choose_offer(pairs, url)
    owner = product
    if chosen is not None:
        facts, owner, rule = chosen
        _put_offer(fields, facts, syntax, rule)
    for node in (product, owner):  # the page's name is the group's; identifiers are the variant's
        fields.put("title", first_text(node.get("name")), f"{syntax}:{_type(node)}.name")
        fields.put("brand", first_text(node.get("brand")), f"{syntax}:{_type(node)}.brand")
    for node in (owner, product):
        fields.put("sku", first_text(node.get("sku")), f"{syntax}:{_type(node)}.sku")
        fields.put("mpn", first_text(node.get("mpn")), f"{syntax}:{_type(node)}.mpn")
        for key in ("gtin13", "gtin14", "gtin12", "gtin8", "gtin", "isbn"):
            fields.put("gtin", first_text(node.get(key)), f"{syntax}:{_type(node)}.{key}")
    fields.put("availability", availability_of(product.get("availability")), f"{syntax}:Product.availability")


def _put_offer(fields: Fields, facts: OfferFacts, syntax: str, rule: str) -> None:
    price = money.to_decimal(facts.price)
    where = f"{syntax}:{facts.price_field}" + (f" ({rule})" if rule else "")
    if price is not None and price > 0:
        fields.put("price", price, where)
        if facts.currency is None and isinstance(facts.price, str):
            facts.currency = money.parse_price_text(facts.price)[1]
    was = money.to_decimal(facts.was_price)
    if was is not None and (price is None or was > price):
        fields.put("was_price", was, f"{syntax}:UnitPriceSpecification.price[StrikethroughPrice]")
    fields.put("currency_raw", facts.currency, f"{syntax}:Offer.priceCurrency")
    fields.put("availability", facts.availability, f"{syntax}:Offer.availability")


def _type(node: dict) -> str:
    return (types_of(node) or ["Product"])[0]


def main_product(data: StructuredData, url: str | None = None) -> tuple[str, dict] | None:
    """The page's own product: the top-level product with offers whose URL is the page's,
    else the first top-level product with offers (JSON-LD first), else the first product."""
    candidates = [(syntax, node) for syntax, root in data.roots() for node in _top_products(root)]
    offered = [(s, n) for s, n in candidates if n.get("offers") or n.get("hasVariant")]
    for syntax, node in offered if url else ():
        links = [first_text(node.get("url"))] + [first_text(o.get("url")) for o in as_list(node.get("offers"))
                                                 if isinstance(o, dict)]
        if any(link and _same_page(link, url) for link in links):
            return syntax, node
    return (offered or candidates or [None])[0]


def _top_products(node: object, depth: int = 0):
    """Product nodes not nested in another product or a list of other products."""
    if depth > 8:
        return
    if isinstance(node, list):
        for item in node:
            yield from _top_products(item, depth + 1)
    elif isinstance(node, dict):
        if set(types_of(node)) & PRODUCT_TYPES:
            yield node
            return
        if "ItemList" in types_of(node) or "Offer" in types_of(node):
            return
        for key, value in node.items():
            if key not in _NOT_MAIN:
                yield from _top_products(value, depth + 1)


def product_offers(data: StructuredData, product: dict, depth: int = 0) -> list[tuple[dict, dict]]:
    """(offer, owning product) pairs: direct offers, AggregateOffer members, variants' offers."""
    pairs: list[tuple[dict, dict]] = []
    for offer in as_list(product.get("offers")):
        offer = data.resolve(offer)
        if not isinstance(offer, dict):
            continue
        inner = [o for o in (data.resolve(x) for x in as_list(offer.get("offers"))) if isinstance(o, dict)]
        pairs.extend((o, product) for o in inner) if inner else pairs.append((offer, product))
    if depth < 2:
        for variant in _variants(data, product, siblings=depth == 0):
            pairs.extend(product_offers(data, variant, depth + 1))
    return pairs


def _variants(data: StructuredData, product: dict, siblings: bool) -> list[dict]:
    variants = [data.resolve(v) for v in as_list(product.get("hasVariant"))]
    name = first_text(product.get("name")) if siblings else None
    for _, root in data.roots():  # one top-level Product per size/colour, all with the same name
        same_name = name and first_text(root.get("name")) == name
        if root is not product and set(types_of(root)) & PRODUCT_TYPES and same_name:
            variants.append(root)
    group = product.get("@id") if "ProductGroup" in types_of(product) else None
    parent = product.get("isVariantOf")
    group_id = group or (parent.get("@id") if isinstance(parent, dict) else None)
    if group_id and siblings:  # variants listed beside their group, pointing to it with isVariantOf
        for _, root in data.roots():
            ref = root.get("isVariantOf")
            if isinstance(ref, dict) and ref.get("@id") == group_id and root is not product:
                variants.append(root)
    return [v for v in variants if isinstance(v, dict)]


def choose_offer(pairs: list[tuple[dict, dict]], url: str) -> tuple[OfferFacts, dict, str] | None:
    """The offer the page shows (rule in the module docstring) and the rule that chose it."""
    facts = [(read_offer(o), p) for o, p in pairs]
    priced = [(f, p) for f, p in facts if (money.to_decimal(f.price) or 0) > 0]
    if not priced:
        return (facts[0][0], facts[0][1], "") if facts else None
    urls = {f.url for f, _ in priced}
    by_url = [x for x in priced if x[0].url and _same_page(x[0].url, url)]
    if None not in urls and len(urls) == len(priced) > 1 and by_url:  # variants with own URLs
        pool, rule = by_url, "offer for this URL"
    else:
        in_stock = [x for x in priced if x[0].availability in _IN_STOCK]
        pool, rule = (in_stock, "in-stock offers") if in_stock else (priced, "offers")
    amounts = {money.to_decimal(f.price) for f, _ in pool}
    best = min(pool, key=lambda x: money.to_decimal(x[0].price))
    if len(amounts) > 1:
        return best[0], best[1], f"lowest of {len(amounts)} {rule}"
    if best[0].availability is None:  # same price everywhere: any stated availability applies
        best[0].availability = next((f.availability for f, _ in pool if f.availability), None)
    return best[0], best[1], ""


def _same_page(offer_url: str, page_url: str) -> bool:
    return offer_url.split("#")[0].rstrip("/") == page_url.split("#")[0].rstrip("/")


def opengraph_fields(og: dict[str, str], fields: Fields) -> None:
    """OpenGraph product tags: a sale price, when given, is the price."""
    for key in ("product:sale_price:amount", "product:price:amount", "og:price:amount"):
        price = money.to_decimal(og.get(key))
        currency_key = key.replace("amount", "currency")
        if price and fields.put("price", price, f"og:{key}"):
            fields.put("currency_raw", og.get(currency_key), f"og:{currency_key}")
    for key in ("product:original_price:amount",):
        was = money.to_decimal(og.get(key))
        price = fields.values.get("price")
        if was and isinstance(price, Decimal) and was > price:
            fields.put("was_price", was, f"og:{key}")
    for key in ("product:availability", "og:availability"):
        fields.put("availability", availability_of(og.get(key)), f"og:{key}")
    fields.put("title", og.get("og:title"), "og:og:title")
    fields.put("brand", og.get("product:brand"), "og:product:brand")


def build_item(fields: Fields, url: str, *, currency: str | None, country: str | None,
               data: StructuredData | None = None) -> ProductItem:
    """Validate field values into a ProductItem; currency symbols become ISO codes."""
    values, provenance = dict(fields.values), dict(fields.provenance)
    raw_currency = values.pop("currency_raw", None)
    source = provenance.pop("currency_raw", None)
    configured = money.currency_to_iso(currency) if currency and len(currency.strip()) == 3 else None
    iso = money.currency_to_iso(raw_currency, country=country, default=configured)
    if iso is None and configured and values.get("price") is not None:
        iso, source = configured, "config:currency"
    if iso:
        values["currency"], provenance["currency"] = iso, source or "config:currency"
    if values.get("price") is None:
        values["price_note"] = values.get("price_note") or _no_price_reason(data)
    item_fields = set(ProductItem.model_fields)
    clean = {k: v for k, v in values.items() if k in item_fields}
    try:
        return ProductItem(url=url, provenance={k: v for k, v in provenance.items() if k in clean}, **clean)
    except ValidationError as exc:  # a value the model refuses must not abort a crawl
        bad = ", ".join(str(e["loc"][0]) for e in exc.errors())
        return ProductItem(url=url, price_note=f"no price taken: invalid extracted value(s) for {bad}")


def _no_price_reason(data: StructuredData | None) -> str:
    if data is not None and main_product(data) is not None:
        return "no price found: the structured product has no usable offer price"
    if data is not None and data.invalid_jsonld:
        return (f"no price found: {data.invalid_jsonld} JSON-LD block(s) could not be read "
                "and no price near a title or buy button")
    return NO_PRICE_NOTE


def selector_fields(tree, selectors: dict[str, str], fields: Fields) -> None:
    """Analyst selectors: the first non-empty match of each configured field."""
    from parsel import Selector

    from rivalwatch.config.selectors import select_all

    page = Selector(root=tree, type="html")
    for name, expr in selectors.items():
        try:
            texts = select_all(page, expr)
        except Exception:  # noqa: BLE001 - cssselect/lxml raise non-ValueError errors too
            continue  # invalid selectors are rejected by config validation; never crash a crawl
        value = _selector_value(name, texts)
        if name == "currency":
            fields.put("currency_raw", value, f"selector:{expr}")
        elif name in ("title", "price", "was_price", "availability", "sku", "gtin"):
            fields.put(name, value, f"selector:{expr}")
            if name == "price" and texts:
                fields.put("currency_raw", money.parse_price_text(texts[0])[1], f"selector:{expr}")


def _selector_value(name: str, texts: list[str]) -> object:
    if not texts:
        return None
    if name in ("price", "was_price"):
        amount = money.parse_price_text(texts[0])[0]
        return amount if amount and amount > 0 else None
    if name == "availability":
        return availability_of(texts[0]) or availability_in_text(" ".join(texts))
    return texts[0]


def heuristic_fields(tree, fields: Fields) -> None:
    """Page heuristics for fields the structured layers left empty (see module docstring)."""
    body = tree.find("body") if tree.find("body") is not None else tree
    elements = [el for el in body.iter() if isinstance(el.tag, str) and el.tag not in _SKIP_TAGS]
    title = _title_element(body)
    anchors, buy = _anchors(elements, title, _buy_elements(body))
    near = _window(elements, anchors, _MAX_DISTANCE)  # only the buy box is read: fast on huge pages
    if title is not None:
        fields.put("title", " ".join(title.text_content().split()) or None, "heuristic:h1")
    if "price" not in fields.values and anchors:  # without a buy button, only prices close to the h1
        _heuristic_price(near, anchors, fields, _MAX_DISTANCE if buy is not None else _TITLE_REACH)
    if "availability" not in fields.values:
        state, source = _heuristic_availability(near, anchors, buy)
        fields.put("availability", state, source)
    shown = [el for _, el in near] if anchors else elements[:_MAX_SCAN]
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


def _title_element(body):
    """The product's h1: one marked as title/name if any (pages hide status h1s), else the first."""
    headings = [h for h in body.iter("h1") if h.text_content().strip()]
    marked = [h for h in headings if _TITLE_MARK.search(_marker(h))]
    return (marked or headings or [None])[0]


def _buy_elements(body) -> list:
    """Add-to-cart / buy buttons outside carousels and site chrome, in document order."""
    found = []
    for el in body.iter("button", "input", "a"):
        label = " ".join(filter(None, [el.text_content() if el.tag != "input" else el.get("value"),
                                       el.get("id"), el.get("name"), el.get("class"), el.get("aria-label")]))
        if len(label) < 200 and _BUY.search(label) and _ancestor_matches(el, _BAD_CONTEXT, 6, _OUTSIDE_TAGS) is None:
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


def _heuristic_price(near, anchors, fields: Fields, reach: int) -> None:
    scored = []  # (score, was-kind, amount, symbol); lower score = closer to the buy box
    for i, el, amount, symbol, was in _price_candidates(near):
        distance = min(abs(i - a) for a in anchors)
        if distance <= reach:
            scored.append((distance * (0.5 if _PRICE_CLASS.search(_marker(el)) else 1.0), was, amount, symbol))
    # A price only *classed* "old" with no current price beside it is the price (themes misname classes).
    current = [x for x in scored if not x[1]] or [x for x in scored if x[1] == "class"]
    if not current:
        return
    current.sort(key=lambda x: x[0])
    best = current[0]
    rivals = {x[2] for x in current if x[0] == best[0]}
    if len(rivals) > 1:
        fields.put("price_note", "no price taken: several different prices are equally close to the "
                   f"title/buy button ({', '.join(map(str, sorted(rivals)))})", "heuristic:buy-box")
        return
    fields.put("price", best[2], "heuristic:buy-box")
    fields.put("currency_raw", best[3], "heuristic:buy-box")
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
        label = _WAS_LABEL.search(text) if 4 < len(text) < 120 else None
        match = money.PRICE_MENTION.match(text[label.end():].lstrip(" :")) if label else None
        amount = money.parse_price_text(match.group(0))[0] if match else None
        if amount is not None and amount > fields.values["price"]:
            fields.put("was_price", amount, "heuristic:was-price-label")
            return


def _price_candidates(near):
    """(index, element, amount, currency symbol, is_strikethrough) for short price-like texts."""
    for i, el in near:
        text = _candidate_text(el)
        if text is None:
            continue
        if not text or len(text) > 60 or len(money.PRICE_MENTION.findall(text)) > 1:
            continue
        match = money.PRICE_MENTION.search(text)
        amount, symbol = money.parse_price_text(match.group(0) if match else text)
        if amount is None or amount <= 0 or _UNIT_OR_FEE.search(text) or _UNIT_OR_FEE.search(_context_text(el)):
            continue
        if _ancestor_matches(el, _BAD_CONTEXT, 12, _OUTSIDE_TAGS) is not None:
            continue
        yield i, el, amount, symbol, _was_kind(el)


def _was_kind(el) -> str | None:
    """Strikethrough kind: "struck" (<del>, <s>, line-through), "class" (old/was/list class) or None."""
    node = el
    for _ in range(3):
        if node is None or not isinstance(node.tag, str):
            break
        if node.tag in _STRIKE_TAGS or "line-through" in (node.get("style") or ""):
            return "struck"
        node = node.getparent()
    return "class" if _ancestor_matches(el, _WAS_CLASS, 2) is not None else None


def _candidate_text(el) -> str | None:
    """Price text of an element: its own, or its parent's when the currency sits beside the number."""
    if el.get("itemprop") == "price" and el.get("content"):
        return el.get("content")
    own = (el.text or "").strip()
    if _PRICE_CLASS.search(_marker(el)) or money.PRICE_MENTION.search(own):
        return " ".join(el.text_content().split())
    parent = el.getparent()
    if _BARE_NUMBER.match(own) and len(el) == 0 and parent is not None:
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


def _heuristic_availability(near, anchors, buy) -> tuple[str | None, str]:
    """Stock text nearest the title/buy button; an active buy button alone means in stock."""
    best = None
    for i, el in near:
        if not (el.text or "").strip():
            continue
        distance = min(abs(i - a) for a in anchors)
        parent = el.getparent() if el.getparent() is not None else el
        if _STOCK_MARK.search(_marker(el)) or _STOCK_MARK.search(_marker(parent)):
            distance /= 3  # a stock badge says so in its class
        if distance <= _STOCK_DISTANCE and (best is None or distance < best[0]) and not _NOT_STOCK.search(el.text):
            state = availability_in_text(el.text)
            # Not a carousel's badge, nor a script-toggled label inside the buy button itself.
            inside_buy = buy is not None and any(a is buy for a in el.iterancestors())
            if state and not inside_buy and _ancestor_matches(el, _BAD_CONTEXT, 12, _OUTSIDE_TAGS) is None:
                best = (distance, state)
    if best:
        return best[1], "heuristic:stock-text"
    if buy is not None and buy.get("disabled") is None:
        return "InStock", "heuristic:buy-button"
    return None, ""


_TITLE_MARK = re.compile(r"title|name|product", re.I)
_BARE_NUMBER = re.compile(r"^\d{1,3}([.,\s]\d{3})*([.,]\d{1,2})?$|^\d+([.,]\d{1,2})?$")
_STOCK_MARK = re.compile(r"avail|stock|inventory|lager|dispon|verfüg|delivery-status|status", re.I)
_NOT_STOCK = re.compile(r"image|immagine|bild|photo|foto|picture|imagen|colou?r|size|größe|taille", re.I)
_WAS_LABEL = re.compile(r"(?:\b(?:regular price|was|list price|rrp|msrp|uvp|statt|prix normal|prix conseillé|"
                        r"precio regular|precio anterior|harga normal|harga asli)|通常価格|定価|参考価格)", re.I)
_STOCK_DISTANCE = 150
_TITLE_REACH = 150
_MAX_SCAN = 20_000  # elements read for page-wide checks when there is no title or buy button
_MAX_DISTANCE = 400  # elements between the price and the title/buy button, in document order
_SKIP_TAGS = {"script", "style", "noscript", "svg", "option", "select", "template", "head", "title", "textarea"}
_STRIKE_TAGS = {"del", "s", "strike"}
_OUTSIDE_TAGS = frozenset({"footer", "nav"})  # site chrome, never the product's buy box
_PRICE_CLASS = re.compile(r"price|preis|prix|precio|preco|prezzo|cena|cijena|hinta|fiyat|цена|価格|harga|"
                          r"amount|kaina|pret\b", re.I)
_WAS_CLASS = re.compile(r"\b\w*(old|was|before|strike|regular|list|original|crossed|compare|rrp|msrp|uvp|"
                        r"former|prev|line-?through|non-?sale|retail)\w*", re.I)
_BAD_CONTEXT = re.compile(r"recommend|related|similar|carousel|slider|upsell|up-sell|cross-?sell|"
                          r"also-?(bought|viewed|like)|suggest|sponsored|minicart|mini-cart|cart-summary|"
                          r"accessor|complete-the-look|recently|bundle|swiper|owl-", re.I)
_UNIT_OR_FEE = re.compile(
    r"(/|\bper\b|\bpro\b|\bje\b|\bpar\b|\bpor\b)\s*(\d+\s*)?(kg|g|l|ml|m²|m2|m|st|stk|unit|piece|ks|шт|lb|oz)\b|"
    r"/\s*(mo|month|mes|monat|mois|mese)\b|\d\s*x\s*\d|installment|instalment|cuotas?\b|\brate\b|monthly|"
    r"per month|\bfois\b|pagos|payments|raten|cicilan|分期|\bsave\b|économisez|sparen|ahorra|risparmi|"
    r"oszczędzasz|uštedite|hemat|=|每|ongkir|shipping|delivery|versand|livraison|envío|spedizione|доставка|送料", re.I)
_BUY = re.compile(r"add[-_ ]?to[-_ ]?(cart|bag|basket|trolley)|buy[-_ ]?(now|box|button)|addtocart|"
                  r"buy[-_ ]?btn|btn[-_ ]?buy|in den warenkorb|ajouter au panier|añadir al carrito|"
                  r"aggiungi al carrello|do koszyka|jetzt kaufen|sofort kaufen|acheter maintenant|comprar ahora|compra ora|"
                  r"koupit|lägg i (varukorg|kundvagn)|legg i handlekurv|köp nu|加入购物车|立即购买|カートに追加|"
                  r"今すぐ購入|장바구니|바로\s?구매|"
                  r"do košíku|v košarico|u košaricu|ostukorvi|kosárba|sepete ekle|в корзину|купить|"
                  r"adicionar ao carrinho|in winkelwagen|i varukorg|i kurv|ostoskoriin|beli sekarang|"
                  r"keranjang|カートに入れる|カートへ|加入購物車|立即購買|放入購物車|j'achète|add_to_cart", re.I)
