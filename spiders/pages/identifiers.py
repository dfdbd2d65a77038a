"""Product identifiers (SKU) beyond JSON-LD: visible labels, microdata/meta, ``data-sku`` attributes, the URL.

Layers, highest confidence first (each value keeps its provenance):

1. analyst selectors (``product.selector_fields``), then a marketplace listing id in the URL
   (``/dp/<ASIN>``, ``/itm/<n>``): it names exactly this listing, while labels on such pages name
   the maker's part number;
2. a **visibly labelled** identifier ("SKU: 746423", "Art.-Nr." + "1049084", "Product code: 141677",
   "型番", "商品番号", "Kode produk", "Ref : VE900", a classified's "Ad ID"). Shoppers and other
   stores quote the number the page shows, while JSON-LD ``sku`` is often an internal id (a variant
   or database key), so a labelled value **replaces** a structured one that differs;
3. structured data (``Product.sku``, then ``productID``; the id of a ``productID`` that goes on with
   the product's name), in the form the page shows it when the ``itemprop="sku"`` element's text
   differs from its ``content`` only by punctuation ("466/7999"). Two other sources may dispute it:
   an identifier shown bare in an element marked as the reference (``marked_ids``) and an item id
   in the URL. A dispute is settled by agreement (the two rivals name the same product, e.g. the
   shown "1002/710" and the URL's "-p11002710.html": the shown one is taken); when nothing settles
   it, no SKU is given, since a wrong SKU merges different products across stores;
4. otherwise the first of: a marked identifier, a weakly labelled one ("Model: X-100", a bare
   "Code:"), an item id in the URL (marketplace patterns, ``?pid=``, ``/Prod/<n>/``,
   ``-p<digits>.html``), a ``data-sku``-like attribute / ``itemprop="sku"`` outside a Product scope /
   ``product:retailer_item_id`` meta (none when such attributes list one id per size), a long
   number ending the URL path. When another of these names a different product and none confirms
   the first, no SKU is given (as in 3); a structured value that is not shaped like an id (a model
   name with spaces) is the last resort.

Only short texts are read as labels and values; recommendation widgets and site chrome are skipped.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from spiders.pages.provenance import Fields
from spiders.pages.heuristic_vocab import BAD_CONTEXT, OUTSIDE_TAGS
from spiders.pages.marked_ids import bare, marked_value, related

# Labels that name the store's own identifier of the product, in the stores' languages.
STRONG_LABEL = re.compile(
    r"^\s*(?:sku|asin|item\s*(?:#|no\.?|number|code|id)|e[Bb]ay item number|artikel[-\s]?(?:nr|nummer)\.?|"
    r"art(?:ikel)?\.?\s*-?\s*nr\.?|art\.|artnr\.?|article\s*(?:number|no\.?|code|#)|product\s*(?:code|id|no\.?|number|#)|"
    r"prod(?:uct)?\.?\s*(?:code|nr\.?)|code\s*(?:produit|article)|r[ée]f(?:[ée]rence)?\.?(?:\s*(?:produit|article|produto))?|"
    r"nr\.?\s*ref\.?|numer referencyjny|cod(?:ice)?\.?\s*(?:produs|prodotto|articolo|art\.?)|c[óo]digo(?:\s*(?:do|de)\s*produto)?|"
    r"referencia|id\s*produ(?:to|it|ct)|kode\s*produk|tootekood|tuotenumero|tuotekoodi|šifra(?:\s*(?:proizvoda|artikla))?|"
    r"kód\s*(?:produktu|tovaru)|katalógové číslo|katalogové číslo|kat\.\s*č\.|varenummer|varenr\.?|artikelnr\.?|"
    r"cat(?:alogue)?\.?\s*(?:no\.?|number)|stock\s*code|part\s*(?:no\.?|number)|артикул|код\s*товара|"
    r"型番|商品番号|品番|商品コード|货号|商品編號|商品编号|מק\"?ט|رمز المنتج|"
    # a classified ad's number names the listing ("Ad ID", "Anzeigen-Nr.", "Post ID", "Annonce n°")
    r"(?:ad|anzeigen?[-\s]*|listing|post)\s*(?:id|no|nr|number|nummer|code)\b\.?|ad\s*#|annonce\s*n[°o]\.?)"
    r"\s*[:#.：]?\s*", re.I)
# Weak: a model number (often the maker's, not the store's) and bare words that may name other
# codes ("Code:" of a promotion; "Anzeige" alone marks an advert, so these need their colon);
# used only when nothing better exists.
WEAK_LABEL = re.compile(r"^\s*(?:(?:model(?:\s*(?:no\.?|number|#))?|modell(?:nummer)?|modèle|modelo|modello|"
                        r"модель|モデル)\s*[:#.：]?|(?:code|код|kod|kód|anzeige)\s*[:：])\s*", re.I)
NOT_ID_LABEL = re.compile(r"item model number|model year|modelljahr", re.I)  # an MPN or a year, not the SKU
VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_/.]{1,39}$")
_LABEL_CHARS = 60  # a label text node is short ("Article number:"), never a sentence
_AFTER = 3  # text nodes after a bare label where its value may sit (<span>Art.</span><span>1049084</span>)
SKU_ATTRIBUTES = ("data-sku", "data-product-sku", "data-item-sku", "data-variant-sku", "data-sku-id")

# Item ids in URLs: (provenance name, pattern); the first group is the id.
URL_PATTERNS = (
    ("/dp/", re.compile(r"/(?:dp|gp/product|gp/aw/d)/([A-Z0-9]{10})(?:[/?#]|$)")),
    ("/itm/", re.compile(r"/itm/(?:[^/?#]+/)?(\d{9,15})(?:[/?#]|$)")),
    ("query", re.compile(r"[?&](?:pid|sku|childsku|skuid|sku_id|item_?id|itemno|product_?id|productid|articleid|"
                         r"art(?:icle)?no)=([A-Za-z0-9][\w-]{2,39})(?:[&#]|$)", re.I)),
    ("/prod/<n>", re.compile(r"/(?:prod|product|products|produkt|produit|producto|item|items|p|pd|artikel|"
                             r"products_id)/(\d{4,15})(?:[/?#.]|$)", re.I)),
    ("-p<n>.html", re.compile(r"[-_/]p-?(\d{5,15})\.(?:html?|php|aspx?)(?:[?#]|$)", re.I)),
    ("last-number", re.compile(r"[-_/]x?([A-Z]?\d{6,15})(?:\.(?:html?|php|aspx?))?/?(?:[?#]|$)")),
)

# URL patterns of marketplace listings (Amazon ASIN, eBay item number): the id names exactly this
# listing, while labels on such pages ("Référence", "Model number") name the maker's part number.
MARKETPLACE_IDS = ("url:/dp/", "url:/itm/")


MAX_SCAN_CHARS = 3_000_000  # pages above this (never a real product page) are not read for labels


def identifier_fields(tree, url: str, fields: Fields, text: str = "") -> None:
    """Fill or correct ``sku`` from the page (see the module docstring for the order); ``text`` is
    the raw page, which tells cheaply whether label and attribute scans can find anything."""
    if len(text) > MAX_SCAN_CHARS:
        tree = None  # a 10 MB page: the URL and the structured data still give the id
    if fields.provenance.get("sku", "").startswith("selector"):
        return
    listing = url_sku(url, specific=True)
    if listing and listing[1] in MARKETPLACE_IDS:  # the listing's own id: labels name the maker's part numbers
        fields.replace("sku", *listing)
        return
    labelled, marked = visible_ids(tree) if tree is not None else (None, None)
    if labelled and labelled[0] is STRONG_LABEL:
        if fields.values.get("sku") != labelled[1]:
            fields.replace("sku", labelled[1], labelled[2])
        return
    unlike = _take_unlike_id(fields)
    if "sku" in fields.values:
        _settle_structured(tree, fields, marked, listing)
        return
    attribute = attribute_sku(tree) if tree is not None and _has_attributes(text) else None
    weak = labelled[1:] if labelled else None
    found = [c for c in (marked, weak, listing, attribute, url_sku(url)) if c]
    if len(found) == 1 or any(related(found[0][0], other[0]) for other in found[1:]):
        fields.put("sku", *found[0])  # alone, or confirmed by another source: a lone rival does not veto
    elif not found and unlike:
        fields.put("sku", *unlike)


def url_disputes(fields: Fields, url: str) -> bool:
    """Whether an item id in the URL names another product than the structured, id-shaped ``sku``
    (one shaped like a name gives way to the URL without reading the page)."""
    sku = str(fields.values.get("sku", ""))
    listing = url_sku(url, specific=True) if VALUE.match(sku) else None
    return bool(listing) and listing[1] not in MARKETPLACE_IDS and not related(listing[0], sku)


def _settle_structured(tree, fields: Fields, marked: tuple[str, str] | None, listing: tuple[str, str] | None) -> None:
    """Keep, reshape or drop the structured SKU when a marked identifier or the URL's item id
    names another product (rule 3 of the module docstring)."""
    sku = str(fields.values["sku"])
    marked_agrees = marked is None or related(marked[0], sku)
    url_agrees = listing is None or related(listing[0], sku)
    if marked_agrees and url_agrees:
        shown = _shown_form(tree, sku) if tree is not None else None
        if shown:
            fields.replace("sku", shown, "microdata:itemprop=sku (visible text)")
        elif marked and marked[0] != sku and bare(marked[0]) == bare(sku):
            fields.replace("sku", *marked)  # the same id as the page prints it ("1002/710")
    elif marked and listing and related(marked[0], listing[0]):
        fields.replace("sku", *marked)  # page and URL name one product; the JSON-LD names a variant
    elif not ((marked is not None and marked_agrees) or (listing is not None and url_agrees)):
        del fields.values["sku"]  # two sources, two products, nothing to decide: no SKU
        del fields.provenance["sku"]


# A structured value made of an id and then the product's name ("TE502955-1293415 Housse de
# chaise"): the id is the SKU. The id has four digits at least, so "A15 Pro" stays a name.
_ID_THEN_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9\-_/.]{4,39})\s+\D+$")


def _take_unlike_id(fields: Fields) -> tuple[str, str] | None:
    """Remove a structured ``sku`` that is not shaped like an id ("OPTIPLEX 9010 TOWER", a product
    name with spaces): it is kept only as a last resort, after the URL and attributes. A value
    that starts with an id and goes on with the name is cut to its id and kept."""
    value = fields.values.get("sku")
    if value is None or VALUE.match(str(value)):
        return None
    head = _ID_THEN_NAME.match(str(value))
    if head and sum(ch.isdigit() for ch in head.group(1)) >= 4:
        fields.replace("sku", head.group(1), f"{fields.provenance['sku']} (id before the name)")
        return None
    source = fields.provenance.pop("sku")
    del fields.values["sku"]
    return str(value), source


_MAX_TEXT_NODES = 20_000  # labels sit in the product's part of the page; huge pages are not read to the end
_TEXT_NODES = ("(//body//text()[string-length(normalize-space()) > 0 and string-length(.) < 200][not(parent::script "
               "or parent::style or parent::noscript or parent::template or parent::option or parent::select "
               f"or parent::textarea)])[position() <= {_MAX_TEXT_NODES}]")


def _text_nodes(tree):
    """(text, element, own) of every non-empty text node of the body in document order; ``own``
    is False for a tail text, whose element is then its parent's parent (one XPath pass in C: a
    Python walk over every element cost more than the rest of the SKU layer)."""
    for node in tree.xpath(_TEXT_NODES):
        el = node.getparent()
        if el is None:
            continue
        if node.is_tail:
            parent = el.getparent()
            yield str(node).strip(), (el if parent is None else parent), False
        else:
            yield str(node).strip(), el, True


def visible_ids(tree) -> tuple[tuple[re.Pattern, str, str] | None, tuple[str, str] | None]:
    """The first labelled identifier outside widgets and chrome, as (label kind, value, provenance),
    and the first identifier shown bare in an element marked as one (``marked_ids``), in one pass;
    a strong label ends it (it wins over both)."""
    weak = marked = None
    pending: tuple[re.Pattern, str, int] | None = None  # a bare label waiting for its value
    for text, el, own in _text_nodes(tree):
        if marked is None and own:
            marked = marked_value(text, el)
        if pending is not None:
            kind, label, left = pending
            value = text.strip(" :#")
            if VALUE.match(value) and _has_digit(value) and _in_content(el):
                if kind is STRONG_LABEL:
                    return (kind, value, f"text:label:{label}"), marked
                weak = weak or (kind, value, f"text:label:{label}")
                pending = None
                continue
            pending = (kind, label, left - 1) if left > 1 else None
        if len(text) > _LABEL_CHARS or NOT_ID_LABEL.search(text):
            continue
        for kind in (STRONG_LABEL, WEAK_LABEL):
            match = kind.match(text)
            if not match:
                continue
            label = " ".join(match.group(0).split()).rstrip(" :#.：") or match.group(0).strip()
            rest = text[match.end():].strip(" :#")
            if rest and VALUE.match(rest) and _has_digit(rest) and _in_content(el):
                if kind is STRONG_LABEL:
                    return (kind, rest, f"text:label:{label}"), marked
                weak = weak or (kind, rest, f"text:label:{label}")
            elif not rest:
                pending = (kind, label, _AFTER)
            break
    return weak, marked


def _has_digit(value: str) -> bool:
    return any(ch.isdigit() for ch in value)


def _in_content(el) -> bool:
    """Not inside a recommendation widget, the footer or the navigation."""
    node, depth = el, 0
    while node is not None and depth <= 12:
        if isinstance(node.tag, str) and (node.tag in OUTSIDE_TAGS or BAD_CONTEXT.search(_marker(node))):
            return False
        node, depth = node.getparent(), depth + 1
    return True


def _marker(el) -> str:
    return " ".join(filter(None, [el.get("class"), el.get("id")]))


def _shown_form(tree, sku: str) -> str | None:
    """The visible text of the ``itemprop="sku"`` element when it is the same id punctuated ("466/7999")."""
    for el in tree.xpath('//*[@itemprop="sku" and @content]')[:3]:
        text = " ".join(el.text_content().split())
        if text != sku and VALUE.match(text) and bare(text) == bare(sku):
            return text
    return None


_ATTRIBUTE_QUERY = ("(//*[" + " or ".join(f"@{name}" for name in SKU_ATTRIBUTES)
                    + " or @itemprop='sku' or @property='product:retailer_item_id' or @name='product:retailer_item_id'])"
                    "[position() <= 20]")


def _has_attributes(text: str) -> bool:
    return not text or any(name in text for name in (*SKU_ATTRIBUTES, "retailer_item_id", "itemprop=\"sku", "itemprop='sku"))


def attribute_sku(tree) -> tuple[str, str] | None:
    """A ``data-sku``-like attribute or ``product:retailer_item_id`` meta outside widgets; none
    when such attributes name several ids (one per size or colour: no single one is the page's)."""
    found = [hit for hit in map(_attribute_value, tree.xpath(_ATTRIBUTE_QUERY)) if hit]
    if len({bare(value) for value, _ in found}) > 1:
        return None
    return found[0] if found else None


def _attribute_value(el) -> tuple[str, str] | None:
    if el.get("itemprop") == "sku":  # microdata outside a Product scope (extruct does not see it)
        value = (el.get("content") or el.text_content() or "").strip()
        shaped = VALUE.match(value) and _has_digit(value)
        return (value, "microdata:itemprop=sku") if shaped and _in_content(el) else None
    if el.tag == "meta":
        value = (el.get("content") or "").strip()
        return (value, "meta:product:retailer_item_id") if VALUE.match(value) else None
    for name in SKU_ATTRIBUTES:
        value = (el.get(name) or "").strip()
        if value and VALUE.match(value) and _has_digit(value) and _in_content(el):
            return value, f"attribute:{name}"
    return None


def url_sku(url: str, specific: bool = False) -> tuple[str, str] | None:
    """An item id in the page URL, with the pattern that found it; ``specific`` leaves out the
    weakest pattern (a long number ending the path).

    >>> url_sku("https://www.amazon.com/Some-Name/dp/B07FW264WL?th=1")
    ('B07FW264WL', 'url:/dp/')
    >>> url_sku("https://www.ebay.com/itm/302474151804")
    ('302474151804', 'url:/itm/')
    >>> url_sku("https://shop.example/massivholz-regal-p400105394.html")
    ('400105394', 'url:-p<n>.html')
    >>> url_sku("https://shop.example/about-us") is None
    True
    """
    parts = urlsplit(url or "")
    target = unquote(parts.path) + (f"?{parts.query}" if parts.query else "")
    for name, pattern in URL_PATTERNS[:-1] if specific else URL_PATTERNS:
        match = pattern.search(target)
        if match:
            return match.group(1), f"url:{name}"
    return None
