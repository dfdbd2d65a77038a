"""Structured data of a page: JSON-LD (tolerant), microdata, RDFa and OpenGraph as plain dicts.

JSON-LD is read here rather than by extruct because extruct drops *every* JSON-LD block of a page
when one block is invalid, and invalid blocks are common (Google's own examples carry ``//``
comments and raw newlines in strings). Microdata, RDFa and OpenGraph come from extruct, run on
one lxml tree parsed once. All syntaxes end up in the same shape: dicts with ``@type`` and
schema.org property names, so the readers in ``product`` / ``shipping_returns`` need not care
where a node came from (its syntax is kept for provenance).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import Iterator

import lxml.html
from extruct.opengraph import OpenGraphExtractor
from extruct.uniform import _umicrodata_microformat, _uopengraph
from extruct.w3cmicrodata import MicrodataExtractor
from w3lib.encoding import html_to_unicode

MAX_HTML_CHARS = 12_000_000  # larger inputs are cut: a product page is never this big
_RDFA_MAX_CHARS = 2_000_000  # RDFa needs a second, slower parse; skip it on huge pages
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


def decode_html(html: str | bytes) -> str | None:
    """Text of a page given as str or bytes; None when the bytes are not text (binary file)."""
    if isinstance(html, str):
        return html[:MAX_HTML_CHARS]
    head = html[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # NUL bytes in the first KB: an image, archive or other binary file
    _, text = html_to_unicode(None, html[:MAX_HTML_CHARS])
    return text


def parse_tree(text: str):
    """lxml tree of the page, or None when there is no markup to parse."""
    if not text or not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError):
        try:  # lxml refuses str with an XML encoding declaration
            return lxml.html.document_fromstring(text.encode("utf-8"))
        except (ValueError, lxml.etree.ParserError):
            return None


def loads_tolerant(text: str) -> object | None:
    """Parse JSON as browsers' authors write it: comments, trailing commas, raw newlines.

    >>> loads_tolerant('{"a": 1, // note\\n "b": "x\\ny",}')
    {'a': 1, 'b': 'x y'}
    >>> loads_tolerant('<!-- {"a": [1, 2,]} -->')
    {'a': [1, 2]}
    >>> loads_tolerant('not json') is None
    True
    """
    text = text.strip()
    for wrapper in ("<!--", "-->", "<![CDATA[", "]]>", "//<![CDATA[", "//]]>"):
        text = text.strip().removeprefix(wrapper).removesuffix(wrapper)
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    cleaned = _TRAILING_COMMA.sub(r"\1", _strip_comments(text))
    try:
        return json.loads(cleaned, strict=False)
    except ValueError:
        return None


def _strip_comments(text: str) -> str:
    """Drop // and /* */ comments outside strings; turn raw newlines inside strings to spaces."""
    out, i, n, in_string = [], 0, len(text), False
    while i < n:
        ch = text[i]
        if in_string:
            if ch == "\\" and i + 1 < n:
                out.append(text[i:i + 2])
                i += 2
                continue
            if ch == '"':
                in_string = False
            out.append(" " if ch in "\r\n" else ch)
        elif ch == '"':
            in_string = True
            out.append(ch)
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        else:
            out.append(ch)
        i += 1
    return re.sub(r"\s{2,}", " ", "".join(out)) if "\n" in text else "".join(out)


@dataclass
class StructuredData:
    """Structured data found on one page, by syntax."""

    jsonld: list[dict] = field(default_factory=list)
    microdata: list[dict] = field(default_factory=list)
    rdfa: list[dict] = field(default_factory=list)
    opengraph: dict[str, str] = field(default_factory=dict)
    invalid_jsonld: int = 0

    def roots(self) -> Iterator[tuple[str, dict]]:
        """Top-level schema.org nodes with their syntax, JSON-LD first (highest confidence)."""
        for syntax in ("jsonld", "microdata", "rdfa"):
            for node in getattr(self, syntax):
                yield syntax, node

    def find(self, *types: str) -> list[tuple[str, dict]]:
        """All nodes (nested included) whose @type is one of ``types``, in document order."""
        wanted = set(types)
        return [(s, n) for s, root in self.roots() for n in walk(root) if wanted & set(types_of(n))]

    def resolve(self, node: object) -> object:
        """Replace a bare ``{"@id": ...}`` reference by the node it names, when on the page."""
        if isinstance(node, dict) and set(node) == {"@id"}:
            ref = node["@id"]
            for _, root in self.roots():
                for candidate in walk(root):
                    if candidate.get("@id") == ref and len(candidate) > 1:
                        return candidate
        return node


def extract_structured(tree, url: str) -> StructuredData:
    """Read every structured-data syntax from a parsed page; broken parts are skipped, not fatal."""
    data = StructuredData()
    if tree is None:
        return data
    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        parsed = loads_tolerant(script.text_content() or "")
        if parsed is None:
            data.invalid_jsonld += 1
            continue
        data.jsonld.extend(_flatten_graph(parsed))
    try:
        raw = MicrodataExtractor().extract_items(tree, url)
        data.microdata = [n for n in _umicrodata_microformat(raw, "http://schema.org") if isinstance(n, dict)]
    except Exception:  # noqa: BLE001 - extruct raises assorted errors on broken markup
        data.microdata = []
    try:
        for og in _uopengraph(list(OpenGraphExtractor().extract_items(tree, url))):
            data.opengraph.update({k: v for k, v in og.items() if isinstance(v, str) and k not in data.opengraph})
    except Exception:  # noqa: BLE001
        pass
    data.rdfa = _rdfa_nodes(tree, url)
    return data


def _flatten_graph(parsed: object) -> list[dict]:
    items = parsed if isinstance(parsed, list) else [parsed]
    out: list[dict] = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("@graph"), list):
            out.extend(n for n in item["@graph"] if isinstance(n, dict))
        elif isinstance(item, dict):
            out.append(item)
    return out


def _rdfa_nodes(tree, url: str) -> list[dict]:
    """schema.org RDFa as simple nodes; expanded JSON-LD from extruct is compacted by hand."""
    if not tree.xpath("//*[@typeof][1]"):
        return []
    html = lxml.html.tostring(tree, encoding="unicode")
    if len(html) > _RDFA_MAX_CHARS:
        return []
    try:
        from extruct.rdfa import RDFaExtractor

        expanded = RDFaExtractor().extract(html, base_url=url)
    except Exception:  # noqa: BLE001 - pyrdfa fails in many ways on real pages
        return []
    by_id = {n.get("@id"): n for n in expanded if isinstance(n, dict)}
    return [_compact(n, by_id, 0) for n in expanded if isinstance(n, dict) and _is_schema_typed(n)]


def _is_schema_typed(node: dict) -> bool:
    return any("schema.org" in t for t in node.get("@type", []))


def _compact(node: dict, by_id: dict, depth: int) -> dict:
    out: dict = {"@type": [local_name(t) for t in node.get("@type", [])]}
    for key, values in node.items():
        if "schema.org/" not in key:
            continue
        items = []
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, dict) and "@value" in value:
                items.append(value["@value"])
            elif isinstance(value, dict) and value.get("@id") in by_id and depth < 4:
                items.append(_compact(by_id[value["@id"]], by_id, depth + 1))
            elif isinstance(value, dict) and "@id" in value:
                items.append(value["@id"])
        out[local_name(key)] = items[0] if len(items) == 1 else items
    return out


def walk(node: object, depth: int = 0) -> Iterator[dict]:
    """Every dict inside ``node`` (itself included), depth-first in document order."""
    if depth > 12:  # deliberately shallow: real pages never nest schema.org deeper
        return
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value, depth + 1)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value, depth + 1)


def local_name(value: object) -> str:
    """``'https://schema.org/InStock'`` -> ``'InStock'``; ``'schema:Offer'`` -> ``'Offer'``.

    >>> local_name("  http://schema.org/InStock")
    'InStock'
    >>> local_name("schema:Offer")
    'Offer'
    """
    text = str(value).strip()
    if len(text) > _CACHED_NAME_CHARS:
        return _local_name_of.__wrapped__(text)
    return _local_name_of(text)


# Pages repeat the same few type and enumeration names ("Product", "https://schema.org/InStock")
# dozens of times each; short ones are cached (long ones are not, to bound the cache's memory).
_CACHED_NAME_CHARS = 200
_NAME_SEPARATOR = re.compile(r"[/#:]")


@functools.lru_cache(maxsize=4096)
def _local_name_of(text: str) -> str:
    return _NAME_SEPARATOR.split(text)[-1] if text else ""


def types_of(node: dict) -> list[str]:
    """Local names of a node's ``@type`` (string or list)."""
    raw = node.get("@type", [])
    if isinstance(raw, str):
        return [_type_name(raw)]
    return [_type_name(t) for t in (raw if isinstance(raw, list) else [raw]) if isinstance(t, str)]


def _type_name(raw: str) -> str:
    return _cached_type_name(raw) if len(raw) <= _CACHED_NAME_CHARS else _cached_type_name.__wrapped__(raw)


@functools.lru_cache(maxsize=4096)
def _cached_type_name(raw: str) -> str:
    name = local_name(raw)
    return name[:1].upper() + name[1:]  # "product" is seen in the wild


def as_list(value: object) -> list:
    """``None`` -> ``[]``; a scalar or dict -> ``[value]``; a list unchanged."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def first_text(value: object) -> str | None:
    """First non-empty text of a property: str, number, ``{"name": ...}`` or ``{"@value": ...}``."""
    for item in as_list(value):
        if isinstance(item, dict):
            item = item.get("name") or item.get("@value")
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)
        if isinstance(item, str) and item.strip():
            return " ".join(item.split())
    return None


# --- schema.org Offer reading -------------------------------------------------------------
_WAS_TYPES = {"StrikethroughPrice", "ListPrice", "MSRP", "SRP", "RegularPrice", "InvoicePrice"}
_NOT_ITEM_PRICE = {"DeliveryChargeSpecification", "PaymentChargeSpecification"}
AVAILABILITY = {
    "instock": "InStock", "in stock": "InStock", "onlineonly": "InStock", "available": "InStock",
    "limitedavailability": "LimitedAvailability", "instoreonly": "InStock",
    "outofstock": "OutOfStock", "out of stock": "OutOfStock", "oos": "OutOfStock",
    "soldout": "OutOfStock", "sold out": "OutOfStock", "discontinued": "Discontinued",
    "preorder": "PreOrder", "pre-order": "PreOrder", "presale": "PreOrder",
    "backorder": "BackOrder", "available for order": "BackOrder", "pending": None,
}


def availability_of(value: object) -> str | None:
    """schema.org / OpenGraph availability -> item vocabulary.

    >>> availability_of("  http://schema.org/InStock"), availability_of("out of stock")
    ('InStock', 'OutOfStock')
    """
    text = first_text(value)
    if not text:
        return None
    key = local_name(text).lower() if "/" in text or ":" in text else text.lower().strip()
    return AVAILABILITY.get(key) or AVAILABILITY.get(key.replace("_", " "))


def availability_in_text(text: str) -> str | None:
    """Stock state stated in a short text, in several languages.

    >>> availability_in_text("Stok habis"), availability_in_text("在庫あり"), availability_in_text("Auf Lager")
    ('OutOfStock', 'InStock', 'InStock')
    """
    text = " ".join((text or "").split())
    if not text or len(text) > 80:
        return None
    if _OUT_OF_STOCK.search(text):
        return "OutOfStock"
    if _PRE_ORDER.search(text):
        return "PreOrder"
    if _IN_STOCK_TEXT.search(text):
        return "InStock"
    return None


_OUT_OF_STOCK = re.compile(r"out of stock|sold out|currently unavailable|no longer available|not available|"
                           r"nicht verfügbar|ausverkauft|nicht auf lager|nicht lieferbar|épuisé|rupture de stock|"
                           r"indisponible|agotado|sin stock|esaurito|non disponibile|niedostępny|brak w magazynie|"
                           r"nedostupn|vyprodáno|stok habis|habis|在庫切れ|売り切れ|品切れ|нет в наличии|esgotado|"
                           r"indisponível|uitverkocht|niet op voorraad|slutsåld|udsolgt|loppu|缺貨|售完", re.I)
_PRE_ORDER = re.compile(r"pre-?order|vorbestell|précommande|preventa|prenota|予約", re.I)
_IN_STOCK_TEXT = re.compile(r"\bin stock\b|\bavailable\b|auf lager|sofort lieferbar|\blieferbar|en stock|"
                            r"\bdisponible|en existencia|disponibile|dostępny|na skladě|skladem|na zalogi|na stanju|"
                            r"tersedia|在庫あり|在庫有|в наличии|em estoque|op voorraad|i lager|på lager|varastossa|"
                            r"laos|raktáron|stokta|有現貨|有庫存", re.I)


@dataclass
class OfferFacts:
    """What one schema.org Offer says about price: current, strikethrough, members, validity."""

    price: object = None
    was_price: object = None
    currency: str | None = None
    availability: str | None = None
    member_prices: list = field(default_factory=list)  # (amount, currency, tiers)
    valid_from: str | None = None
    valid_through: str | None = None
    unit_reference: str | None = None
    condition: str | None = None
    price_field: str = "Offer.price"
    url: str | None = None


def read_offer(offer: dict) -> OfferFacts:
    """Read an Offer/AggregateOffer: member and strikethrough prices are never the price."""
    facts = OfferFacts(currency=first_text(offer.get("priceCurrency")), url=first_text(offer.get("url")),
                       availability=availability_of(offer.get("availability")),
                       condition=local_name(first_text(offer.get("itemCondition")) or "") or None,
                       valid_from=first_text(offer.get("validFrom")),
                       valid_through=first_text(offer.get("priceValidUntil")))
    facts.price = offer.get("price")
    if facts.price in (None, "") and "AggregateOffer" in types_of(offer):
        facts.price, facts.price_field = offer.get("lowPrice"), "AggregateOffer.lowPrice"
    for spec in as_list(offer.get("priceSpecification")):
        if isinstance(spec, dict) and not set(types_of(spec)) & _NOT_ITEM_PRICE:
            _read_spec(spec, facts)
    return facts


def _read_spec(spec: dict, facts: OfferFacts) -> None:
    amount, currency = spec.get("price"), first_text(spec.get("priceCurrency"))
    tiers = [first_text(t.get("@id")) or first_text(t) for t in as_list(spec.get("validForMemberTier"))
             if isinstance(t, dict)]
    if tiers:
        facts.member_prices.append((amount, currency, tiers))
    elif local_name(first_text(spec.get("priceType")) or "") in _WAS_TYPES:
        facts.was_price = facts.was_price if facts.was_price is not None else amount
    elif facts.price in (None, ""):
        facts.price, facts.price_field = amount, f"{(types_of(spec) or ['PriceSpecification'])[0]}.price"
        facts.valid_from = first_text(spec.get("validFrom")) or facts.valid_from
        facts.valid_through = first_text(spec.get("validThrough")) or facts.valid_through
        ref = spec.get("referenceQuantity")
        if isinstance(ref, dict):
            parts = [first_text(ref.get("value")), first_text(ref.get("unitCode"))]
            facts.unit_reference = " ".join(p for p in parts if p)
    facts.currency = facts.currency or currency
