"""Category links of a store page: the tree a listing source walks with ``follow_categories: true``
(and ``rivalwatch add`` proposes).

A link is a category when it stays on the store's host and either its path says so (``/category/``,
``/collections/``, ``/kategori/``, ``/product-category/``, ``/c/`` …) or it sits in a container
named like a category menu (class / id with "categor", "collection", "kategori"). Product, cart,
account, policy and blog links are never categories; nor is a page-number link of the same listing.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from spiders.pages.listing import _tree, page_number

_CATEGORY_PATH = re.compile(
    r"/(categor(y|ies)|collections?|kategori|product-category|product-categories|c|cat|shop/category|"
    r"departments?|genre|カテゴリ[^/]*)/", re.I)
_CATEGORY_BOX = re.compile(r"categor|collection|kategori|department|side_?nav|カテゴリ", re.I)
_NOT_CATEGORY = re.compile(
    r"^(javascript:|mailto:|tel:|#)|/(cart|basket|keranjang|checkout|login|account|akun|wishlist|blog|news|"
    r"policies|pages|search|products?|produk|item|p)/|\.(jpg|png|gif|pdf|xml|json)$", re.I)
_BOX_DEPTH = 6


def find_category_links(html, url: str, exclude: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Absolute category URLs linked from the page, in page order, without ``url`` and ``exclude``."""
    tree = _tree(html)
    if tree is None:
        return []
    here = urlsplit(url)
    seen, out = {url.split("#")[0]}, []
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or _NOT_CATEGORY.search(href):
            continue
        absolute = urljoin(url, href).split("#")[0]
        parts = urlsplit(absolute)
        if parts.netloc != here.netloc or parts.path in ("", "/") or absolute in seen or absolute in exclude:
            continue
        if page_number(absolute) > 1:
            continue  # a later page of some listing, never a category's first page
        if _CATEGORY_PATH.search(parts.path + "/") or _in_category_box(anchor):
            seen.add(absolute)
            out.append(absolute)
    return out


def _in_category_box(anchor) -> bool:
    node, depth = anchor, 0
    while node is not None and depth < _BOX_DEPTH:
        marker = " ".join(filter(None, [node.get("class"), node.get("id")]))
        if _CATEGORY_BOX.search(marker):
            return True
        node, depth = node.getparent(), depth + 1
    return False
