"""Listing pages (category, search): product links and the next page.

Order of evidence: analyst selectors (``product_links`` / ``next_page`` keys), structured data
(ItemList ``url``s, ``rel=next``), then link heuristics: anchors inside product tiles
(``itemtype=Product``, classes such as ``product``), and pagination links labelled next/›/»
in several languages.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from spiders.pages.structured import decode_html, extract_structured, parse_tree, walk, types_of

_NEXT_TEXT = re.compile(r"^\s*(next|next page|nächste|weiter|suivant|siguiente|próxima|successiva|"
                        r"selanjutnya|berikutnya|次へ|次のページ|›|»|>|→)\s*$", re.I)
_TILE = re.compile(r"product|item-card|productcard|product-tile|grid-item", re.I)
_SKIP_HREF = re.compile(r"^(javascript:|mailto:|tel:|#)|/(cart|basket|login|account|wishlist)\b", re.I)


def _tree(html):
    text = decode_html(html) if html is not None else None
    return parse_tree(text) if text else None


def _selected(tree, selectors: dict[str, str] | None, key: str) -> list[str] | None:
    if not selectors or key not in selectors:
        return None
    from parsel import Selector

    from core.config.selectors import select_all

    try:
        return select_all(Selector(root=tree, type="html"), selectors[key])
    except Exception:  # noqa: BLE001 - cssselect/lxml raise non-ValueError errors for bad selectors
        return None


def find_product_links(html, url, selectors=None) -> list[str]:
    """Absolute, de-duplicated product URLs on a listing page, in page order."""
    tree = _tree(html)
    if tree is None:
        return []
    hrefs = _selected(tree, selectors, "product_links")
    if hrefs is None:
        hrefs = _itemlist_urls(tree, url) or _tile_links(tree)
    return _absolute_unique(hrefs, url)


def _itemlist_urls(tree, url: str) -> list[str]:
    data = extract_structured(tree, url)
    urls = []
    for _, root in data.roots():
        for node in walk(root):
            if "ListItem" in types_of(node) or "Product" in types_of(node):
                item = node.get("item")
                target = node.get("url") or (item.get("url") or item.get("@id") if isinstance(item, dict) else item)
                if isinstance(target, str):
                    urls.append(target)
    return urls


def _tile_links(tree) -> list[str]:
    links = []
    for anchor in tree.iter("a"):
        href = anchor.get("href")
        if not href or _SKIP_HREF.search(href):
            continue
        node, depth = anchor, 0
        while node is not None and depth < 5:
            marker = " ".join(filter(None, [node.get("class"), node.get("itemtype"), node.get("id")]))
            if _TILE.search(marker):
                links.append(href)
                break
            node, depth = node.getparent(), depth + 1
    return links


def find_next_page(html, url, selectors=None) -> str | None:
    """URL of the next listing page, or None on the last page."""
    tree = _tree(html)
    if tree is None:
        return None
    chosen = _selected(tree, selectors, "next_page")
    if chosen:
        return urljoin(url, chosen[0])
    for node in tree.xpath('//link[@rel="next"]/@href | //a[@rel="next"]/@href'):
        return urljoin(url, node)
    for anchor in tree.iter("a"):
        label = anchor.text_content() or anchor.get("aria-label") or anchor.get("title") or ""
        if anchor.get("href") and _NEXT_TEXT.match(label) and not _SKIP_HREF.search(anchor.get("href")):
            return urljoin(url, anchor.get("href"))
    return _numbered_next(tree, url)


# ``?page=3``, ``/page/3``, ``page-3.html``, ``?p=3``: the page number in a listing URL.
_PAGE_NUMBER = re.compile(r"([?&](?:page|p|pg|halaman)=|/page/|[/_-]page[-_]?)(\d+)", re.I)


def page_number(url: str) -> int:
    """The listing page a URL shows (1 when it names none)."""
    match = _PAGE_NUMBER.search(url)
    return int(match.group(2)) if match else 1


def _numbered_next(tree, url: str) -> str | None:
    """A link to page N+1 in the page-number style of the site (pagination without rel=next or a label)."""
    want = page_number(url) + 1
    for href in tree.xpath("//a/@href"):
        absolute = urljoin(url, href)
        if urlsplit(absolute).netloc == urlsplit(url).netloc and _PAGE_NUMBER.search(absolute) \
                and page_number(absolute) == want and not _SKIP_HREF.search(href):
            return absolute
    return None


def shows_more_pages(html, url) -> bool:
    """True when the page links to a later page number: a listing that should have a next page."""
    tree = _tree(html)
    if tree is None:
        return False
    current = page_number(url)
    return any(_PAGE_NUMBER.search(urljoin(url, h)) and page_number(urljoin(url, h)) > current
               for h in tree.xpath("//a/@href"))


def _absolute_unique(hrefs: list[str], base: str) -> list[str]:
    seen, out = set(), []
    for href in hrefs:
        absolute = urljoin(base, href.strip()).split("#")[0]
        if urlsplit(absolute).scheme in ("http", "https") and absolute not in seen:
            seen.add(absolute)
            out.append(absolute)
    return out
