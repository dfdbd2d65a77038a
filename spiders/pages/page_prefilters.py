"""Cheap checks on the raw page that decide how much of the product extraction must run.

Parsing the HTML and the page heuristics cost most of the extraction time, so a page whose JSON-LD
already answers everything skips them, unless the raw text shows that the page could change an
answer: a visible SKU label (it replaces an internal JSON-LD ``sku``), auction wording (a starting
price to replace), was-price wording with an amount (an unmarked strikethrough price) or visible
sold-out wording (the buy box overrules markup); a page whose JSON-LD ``sku`` and URL item id name
different products is parsed too, since an identifier shown on the page may settle it. Words are
found by keyword automata on the folded page (``keywords``); regexes run only, anchored, where a
word occurs.
"""

from __future__ import annotations

import functools
import re

from spiders.pages.provenance import Fields
from spiders.pages.heuristic_vocab import STARTING_PRICE, WAS_LABEL
from spiders.pages.identifiers import url_disputes
from spiders.pages.keywords import KeywordSet, fold


# Words of visible SKU labels (``identifiers.STRONG_LABEL``) as they appear in markup: a page with
# one of them is parsed, since its labelled id replaces an internal JSON-LD ``sku``.
_SKU_LABEL_WORDS = KeywordSet((">sku", "sku:", ">asin", "item number", "item #", "art.-nr", "art.nr", "art. nr",
                               "artikelnummer", "artikel-nr", "article number", "product code", "code produit",
                               "réf.", "ref.", "ref :", "kode produk", "tootekood", "tuotenumero", "šifra",
                               "cod produs", "numer referencyjny", "артикул", "код товара", "型番", "商品番号", "品番",
                               "商品コード", "货号", "商品編號", "商品编号", "retailer_item_id", "data-sku",
                               "data-product-sku", "ad id", "anzeigen-nr", "anzeigennummer", "post id",
                               # markers of an id shown without a label (``marked_ids``)
                               "product-reference", "product-identifier", "product-ref\"", "product-code",
                               "product_code", "product-sku", "class=\"sku", "article-number", "item-number"))


def may_show_sku(fields: Fields, text: str, url: str = "") -> bool:
    """Whether the page may show a labelled id or carry a ``data-sku``, or its URL disputes the
    JSON-LD ``sku``: then it is parsed."""
    return "sku" not in fields.values or url_disputes(fields, url) or _SKU_LABEL_WORDS.found_in(_folded(text))


@functools.lru_cache(maxsize=2)
def _folded(text: str) -> bytes:
    """``fold(text)`` once per page: the fast path and the full path both ask."""
    return fold(text)


def needs_heuristics(fields: Fields, text: str) -> bool:
    """Page heuristics cost most of the extraction time; skip them when markup already answered
    everything they could add: no auction wording (a start price to replace), no was-price
    wording (an unmarked strikethrough price) and no visible sold-out wording on the page."""
    complete = all(name in fields.values for name in ("price", "availability", "title"))
    if not complete or fields.values["availability"] != "InStock":
        return True  # markup's OutOfStock is checked against the buy box (variants, stale markup)
    folded = _folded(text)
    if _SOLD_OUT_KEYWORDS.found_in(folded):
        return True  # the buy box may say "Sold out" where markup says InStock
    # Keyword automata find the label words; the regexes only run, anchored, where one occurs
    # (an unanchored scan of the page cost more than all the rest of the extraction).
    if any(STARTING_PRICE.search(folded[max(0, a - 8):b + 40].decode("utf-8", "ignore"))
           for a, b in _START_KEYWORDS.positions(folded)):
        return True
    return "was_price" not in fields.values and _was_amount_in(folded)


def _was_amount_in(folded: bytes) -> bool:
    """A was-price label ("regular price", "uvp", "通常価格") followed closely by an amount."""
    for start, end in _WAS_KEYWORDS.positions(folded):
        if start and folded[start - 1:start].isalnum():
            continue  # inside a word: the label must start one
        if _WAS_TAIL.match(folded, end):
            return True
    return False


def _literals(pattern: str) -> tuple[str, ...]:
    """The literal keywords of a flat alternation pattern (prefixes before any group)."""
    words = re.sub(r"\(\?:|\\b|\)|\?", "", pattern).split("|")
    return tuple(dict.fromkeys(w.split("(")[0].strip() for w in words if w.strip()))


_START_WORDS = ("start", "opening bid", "mise à prix", "prix de départ", "prezzo di partenza", "base d'asta",
                "precio de salida", "lance inicial", "開始価格", "起拍价")
_WAS_WORDS = _literals(WAS_LABEL.pattern)
_START_KEYWORDS = KeywordSet(_START_WORDS)
# Visible sold-out wording (not the schema.org "OutOfStock" token, which markup repeats for variants).
_SOLD_OUT_KEYWORDS = KeywordSet((">sold out", ">out of stock", "ausverkauft", "épuisé", "agotado", "esaurito",
                                 "stok habis", "在庫切れ", "売り切れ", "品切れ", "нет в наличии", "uitverkocht"))
_WAS_KEYWORDS = KeywordSet(_WAS_WORDS)
# After a was-price label: an amount close by (tags allowed between), not just the word "was".
_WAS_TAIL = re.compile(rb"(?:\s|:|<[^>]{0,80}>|[^\d<>]){0,40}\d")
