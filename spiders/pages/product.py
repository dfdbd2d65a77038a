"""Product page object: one ``ProductItem`` from a product page, every value with provenance.

Layers, highest confidence first; a lower layer only fills fields the higher ones left empty,
except analyst selectors, which win over everything for the fields they name:

1. analyst selectors from config (``selectors`` = {field: "css:..." | "xpath:..."});
2. structured data: JSON-LD, then microdata, then RDFa (schema.org Product/ProductGroup/Offer);
3. OpenGraph product tags (``product:price:amount``, ``og:availability`` ...);
4. page heuristics (``heuristics``): the price shown nearest the title and buy button, outside recommendation
   carousels, ignoring per-unit prices, instalments and shipping fees; availability text.

Offer choice when a product has several offers (variants of a ProductGroup, sellers, packs):
the offer whose ``url`` is the page URL when offers have distinct URLs; otherwise the in-stock
offers (all offers when none is in stock), and among them the **lowest** price, which is the
"from" price a shopper sees first. Identifiers (sku, productID, mpn, gtin) are the chosen variant's
only when the page names it (URL); variants with different ids and none named leave only the
group's own ids, since the cheapest in-stock variant changes between crawls. Member prices,
strikethrough/list prices, unit-price references and delivery/payment charges are never the price.
"""

from __future__ import annotations

import re
from decimal import Decimal

from pydantic import ValidationError

from spiders.items import ProductItem
from spiders.pages import confidence, money
from spiders.pages.provenance import Fields
from spiders.pages.heuristics import heuristic_fields
from spiders.pages.identifiers import identifier_fields
from spiders.pages.page_prefilters import may_show_sku, needs_heuristics
from spiders.pages.page_locale import page_country
from spiders.pages.structured import (
    OfferFacts, StructuredData, as_list, availability_in_text, availability_of, decode_html,
    extract_structured, first_text, loads_tolerant, parse_tree, read_offer, types_of,
)

PRODUCT_TYPES = {"Product", "ProductGroup", "IndividualProduct", "ProductModel", "SomeProducts",
                 "Vehicle", "Car", "Book", "Motorcycle"}
_NOT_MAIN = {"isRelatedTo", "isSimilarTo", "isAccessoryOrSparePartFor", "isConsumableFor",
             "itemListElement", "review", "hasVariant", "isVariantOf", "subjectOf"}
_IN_STOCK = {"InStock", "LimitedAvailability"}
NO_PRICE_NOTE = "no price found: no structured data and no price near a title or buy button"


def extract_product(html: str | bytes, url: str, *, currency: str | None = None,
                    country: str | None = None, selectors: dict[str, str] | None = None) -> ProductItem:
    """Extract the main product of a page. Never raises on bad input: see ``price_note``."""
    text = decode_html(html)
    if text is None:
        return ProductItem(url=url, price_note="no price found: the content is binary, not a web page")
    country = country or page_country(text, url)  # what "$" and "24.990" mean when config is silent
    if not selectors:
        fast = _from_jsonld_only(text, url, currency=currency, country=country)
        if fast is not None:
            return fast
    tree = parse_tree(text)
    if tree is None:
        return ProductItem(url=url, price_note="no price found: the page is empty")
    data = extract_structured(tree, url)
    fields = Fields()
    if selectors:
        selector_fields(tree, selectors, fields)
    structured_fields(data, url, fields)
    opengraph_fields(data.opengraph, fields)
    identifier_fields(tree, url, fields, text)
    if needs_heuristics(fields, text):
        heuristic_fields(tree, fields, country)
    return build_item(fields, url, currency=currency, country=country, data=data)


_JSONLD_SCRIPT = re.compile(r"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", re.I | re.S)


def _from_jsonld_only(text: str, url: str, *, currency, country) -> ProductItem | None:
    """Fast path: when the page's JSON-LD answers every field and nothing on the page could change
    the answer, skip the HTML parse (it costs most of the extraction time on catalog crawls)."""
    nodes = []
    for block in _JSONLD_SCRIPT.findall(text):
        data = loads_tolerant(block)
        nodes.extend(data if isinstance(data, list) else [data] if isinstance(data, dict) else [])
    if not nodes:
        return None
    data = StructuredData(jsonld=nodes)
    fields = Fields()
    structured_fields(data, url, fields)
    if may_show_sku(fields, text, url) or needs_heuristics(fields, text):  # cheap keyword check first
        return None
    identifier_fields(None, url, fields, text)
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
    owner, rule = product, ""
    if chosen is not None:
        facts, owner, rule = chosen
        _put_offer(fields, facts, syntax, rule)
    nodes = [(product, f"{syntax}:{_type(product)}")]
    if owner is not product:
        nodes.append((owner, f"{syntax}:{_type(owner)}"))
    for node, where in nodes:  # the page's name is the group's; identifiers are the variant's
        _put_text(fields, "title", node, "name", where)
        _put_text(fields, "brand", node, "brand", where)
    if rule != SELECTED_VARIANT and _variant_ids_differ(pairs):
        nodes = [(n, w) for n, w in nodes if all(n is not o for _, o in pairs)]  # only a group's own ids
    for node, where in reversed(nodes):
        _put_text(fields, "sku", node, "sku", where)
        _put_text(fields, "sku", node, "productID", where)
        _put_text(fields, "mpn", node, "mpn", where)
        for key in _GTIN_KEYS:
            _put_text(fields, "gtin", node, key, where)
    fields.put("availability", availability_of(product.get("availability")), f"{syntax}:Product.availability")


_GTIN_KEYS = ("gtin13", "gtin14", "gtin12", "gtin8", "gtin", "isbn")
SELECTED_VARIANT = "variant selected in the URL"  # choose_offer's rule when the page names its variant


def _variant_ids_differ(pairs: list[tuple[dict, dict]]) -> bool:
    """Whether the offers belong to variants (sizes, colours) with different ids. The cheapest
    in-stock one is a guess of the page's variant that changes with stock, so its ids would make
    the product's key flip between crawls: only ids of the group itself are read then."""
    ids = {first_text(owner.get("sku") or owner.get("productID")) for _, owner in pairs}
    return len(ids - {None, ""}) > 1


def _put_text(fields: Fields, name: str, node: dict, key: str, where: str) -> None:
    # The first layer to set a field keeps it: read the property only while the field is empty.
    if name not in fields.values and key in node:
        fields.put(name, first_text(node[key]), f"{where}.{key}")


def _put_offer(fields: Fields, facts: OfferFacts, syntax: str, rule: str) -> None:
    price = money.to_decimal(facts.price, facts.currency)
    where = f"{syntax}:{facts.price_field}" + (f" ({rule})" if rule else "")
    if price is not None and price > 0:
        fields.put("price", price, where)
        if facts.currency is None and isinstance(facts.price, str):
            facts.currency = money.parse_price_text(facts.price)[1]
    was = money.to_decimal(facts.was_price, facts.currency)
    if was is not None and (price is None or was > price):
        fields.put("was_price", was, f"{syntax}:UnitPriceSpecification.price[StrikethroughPrice]")
    fields.put("currency_raw", facts.currency, f"{syntax}:Offer.priceCurrency")
    selected = f" ({SELECTED_VARIANT})" if rule == SELECTED_VARIANT else ""
    fields.put("availability", facts.availability, f"{syntax}:Offer.availability{selected}")


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
    selected = _selected_variant(facts, pairs, url)
    if selected is not None:
        return selected[0], selected[1], SELECTED_VARIANT
    priced = [(f, p) for f, p in facts if (money.to_decimal(f.price) or 0) > 0]
    if not priced:  # no prices: the product is for sale when any of its offers is
        offered = [x for x in facts if x[0].availability in _IN_STOCK] or facts
        return (offered[0][0], offered[0][1], "") if facts else None
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


_URL_TOKENS = re.compile(r"[A-Za-z0-9][\w-]{2,}")


def _selected_variant(facts: list, pairs: list, url: str) -> tuple[OfferFacts, dict] | None:
    """The variant the page URL selects (``?variant=<id>``, ``#variationId=<id>``, ``childSku=<sku>``):
    the one offer whose own sku, id or URL query names a value of the page URL's query or fragment."""
    if len(facts) < 2 or not url or not any(ch in url for ch in "?#"):
        return None
    wanted = set(_URL_TOKENS.findall(re.split(r"[?#]", url, maxsplit=1)[1]))
    matches = []
    for (offer_facts, owner), (offer, _) in zip(facts, pairs):
        ids = {first_text(offer.get(k)) for k in ("sku", "@id", "productID")} | \
              {first_text(owner.get(k)) for k in ("sku", "productID")} if owner is not None else set()
        ids |= set(_URL_TOKENS.findall((offer_facts.url or "").partition("?")[2]))
        if wanted & {i for i in ids if i}:
            matches.append((offer_facts, owner))
    return matches[0] if len(matches) == 1 else None


def _same_page(offer_url: str, page_url: str) -> bool:
    return offer_url.split("#")[0].rstrip("/") == page_url.split("#")[0].rstrip("/")


def opengraph_fields(og: dict[str, str], fields: Fields) -> None:
    """OpenGraph product tags: a sale price, when given, is the price."""
    for key in ("product:sale_price:amount", "product:price:amount", "og:price:amount"):
        currency_key = key.replace("amount", "currency")
        price = money.to_decimal(og.get(key), og.get(currency_key))
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
    provenance.pop("price_confidence", None)  # the rule is in ``confidence``; the price has the source
    if values.get("price") is None:
        values["price_note"] = values.get("price_note") or _no_price_reason(data)
        values.pop("price_confidence", None)
    elif "price_confidence" not in values:
        values["price_confidence"] = confidence.of_source(provenance.get("price"))
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

    from core.config.selectors import select_all

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
