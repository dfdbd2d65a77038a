"""Identifiers a page shows bare, without a label, in an element whose markup names it.

Some stores print the product's reference with no "SKU:" text before it, but the element says what
it is: ``<span data-qa-qualifier="product-reference">1002/710</span>``,
``<span class="product-identifier">002.937.72</span>``. The shopper sees that code and other stores
quote it, while the JSON-LD ``sku`` of such pages often names one size of the product. Only an
element whose *whole* visible text is one id-shaped value counts ("SKU MKI6IKW1N4" is a label,
read by ``identifiers.visible_ids``); hidden elements and recommendation widgets are skipped.

Also here: ``related``, the comparison that tells whether two identifier sources name the same
product ("1002/710" and the URL's "11002710" do; "84518927-040-36" and "11002710" do not).
"""

from __future__ import annotations

import re

from spiders.pages.heuristic_vocab import BAD_CONTEXT, OUTSIDE_TAGS

# Marker words in class/id/data-* values: a token of its own ("product-sku-2", "productReference").
MARK = re.compile(r"(?:^|[-_\s])(sku|product[-_]?(?:ref(?:erence)?|code|id(?:entifier)?)|"
                  r"article[-_]?(?:number|nr)|artikel[-_]?(?:nummer|nr)|item[-_]?(?:number|code))(?=$|[-_\s\d])", re.I)
VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_/.]{3,39}$")  # at least 4 characters: "10" is a quantity
PRICE_LIKE = re.compile(r"^\d{1,7}[.,]\d{1,2}$")  # "71.91" in a price box marked "product-id-68705"
_SKIP_TAGS = frozenset({"script", "style", "option", "select", "textarea", "template", "noscript", "button"})
_ANCESTORS = 12  # ancestors read for widgets and hidden containers


def marked_value(text: str, el) -> tuple[str, str] | None:
    """(value, provenance) when ``text``, the whole text of element ``el``, is an identifier and
    ``el`` is marked as one, visible and outside widgets. Called for every text node of the page
    by ``identifiers.visible_ids`` (one pass for labels and marks), so the cheap tests come first."""
    if not VALUE.match(text) or PRICE_LIKE.match(text) or not any(ch.isdigit() for ch in text):
        return None
    if el.tag in _SKIP_TAGS or len(el) or (el.text or "").strip() != text:
        return None  # the element holds more than this value
    word = _marker_word(el)
    return (text, f"text:marked:{word.lower()}") if word and _shown_in_content(el) else None


def _marker_word(el) -> str | None:
    for name, value in el.attrib.items():
        if name in ("class", "id") or name.startswith("data-"):
            match = MARK.search(value)
            if match:
                return match.group(1)
    return None


def _shown_in_content(el) -> bool:
    """Not hidden (``hidden``, ``display:none``) and not in a widget, the footer or the navigation."""
    node, depth = el, 0
    while node is not None and depth <= _ANCESTORS:
        if isinstance(node.tag, str):
            style = (node.get("style") or "").replace(" ", "").lower()
            marker = " ".join(filter(None, [node.get("class"), node.get("id")]))
            if node.get("hidden") is not None or "display:none" in style or node.tag in OUTSIDE_TAGS \
                    or BAD_CONTEXT.search(marker):
                return False
        node, depth = node.getparent(), depth + 1
    return True


def bare(value: str) -> str:
    """The identifier without punctuation and case ("466/7999" → "4667999")."""
    return re.sub(r"[\W_]", "", value).lower()


def related(a: str, b: str) -> bool:
    """Whether two identifiers name the same product: equal but for punctuation and case, or one
    (six characters at least) inside the other (a leading category digit or zero in a URL id).

    >>> related("1002/710", "11002710"), related("466/7999", "4667999"), related("84518927-040-36", "11002710")
    (True, True, False)
    """
    x, y = bare(a), bare(b)
    return x == y or (min(len(x), len(y)) >= 6 and (x in y or y in x))
