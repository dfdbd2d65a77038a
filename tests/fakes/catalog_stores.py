"""Small fake stores for onboarding (``rivalwatch add``) tests, on the shared loopback base.

- ``BooksStore``: like a public test bookshop — no sitemap, no structured data, no ``rel=next``; a
  category sidebar (3 categories), 10 books per category page; one category paginates with "next"
  links (``page-2.html``), one only with numbered ``?page=N`` links, one fits on a page. The home page
  shows 3 featured books, so every other book is only reachable through the category tree.
- ``ShopifyLikeStore``: Shopify markers, ``/products.json``, ``/policies/*`` pages.
- ``WooLikeStore``: WordPress + WooCommerce markers and the Store API (``/wp-json/wc/store/v1/products``).
Every store also answers ``/robots.txt`` (allow all) and counts its hits per path.
"""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import parse_qsl, urlsplit

from core.testing.loopback import LoopbackStore

HTML = "text/html; charset=utf-8"
CATEGORIES = {"travel": 23, "mystery": 14, "poetry": 6}  # books per category
SHIPPING_TEXT = ("<h1>Delivery information</h1><p>Standard delivery costs £3.99 and takes 3-5 business days. "
                 "Free shipping on orders over £50.</p>")
RETURNS_TEXT = ("<h1>Returns</h1><p>You can return items within 30 days of delivery for a full refund. "
                "Return shipping is paid by the customer.</p>")
CONTACT_TEXT = "<h1>Contact us</h1><p>Email us at help@shop.example or use live chat, Monday to Friday 9-17.</p>"


def book_price(category: str, n: int) -> str:
    return f"{10 + len(category) + n}.{(n * 7) % 100:02d}"


class _Counting(LoopbackStore):
    robots = "User-agent: *\nAllow: /\n"

    def __init__(self) -> None:
        super().__init__()
        self.hits: Counter[str] = Counter()
        self.user_agents: set[str] = set()

    def answer(self, handler) -> None:
        parts = urlsplit(handler.path)
        self.hits[parts.path] += 1
        self.user_agents.add(handler.headers.get("User-Agent", ""))
        if parts.path == "/robots.txt":
            return self.send(handler, 200, self.robots, "text/plain")
        found = self.route(parts.path, dict(parse_qsl(parts.query)))
        if found is None:
            return self.send(handler, 404, "<h1>Not found</h1>", HTML)
        body, content_type = found
        self.send(handler, 200, body, content_type)

    def route(self, path: str, query: dict):
        raise NotImplementedError


class BooksStore(_Counting):
    """A bookshop: categories, 10 per page, pagination without rel=next, no sitemap."""

    per_page = 10

    @staticmethod
    def books() -> dict[str, str]:
        """Every book's path → price."""
        return {f"/catalogue/{c}-book-{n}_{i}/index.html": book_price(c, n)
                for i, (c, count) in enumerate(CATEGORIES.items()) for n in range(1, count + 1)}

    def _page(self, title: str, main: str) -> str:
        side = "".join(f'<li><a href="/catalogue/category/books/{c}_{i + 2}/index.html">{c.title()}</a></li>'
                       for i, c in enumerate(CATEGORIES))
        return (f"<!doctype html><html><head><title>{title} | Books to Scrape - Sandbox</title></head><body>"
                f'<header><a href="/">Books to Scrape</a></header><div class="side_categories"><ul class="nav">'
                f'<li><a href="/catalogue/category/books_1/index.html">Books</a><ul>{side}</ul></li></ul></div>'
                f"<section>{main}</section><footer><a href='/info/delivery'>Delivery</a> · "
                f"<a href='/info/returns'>Returns &amp; refunds</a> · <a href='/contact'>Contact us</a></footer></body></html>")

    def _tiles(self, paths: list[str]) -> str:
        return "<ol class='row'>" + "".join(
            f'<li><article class="product_pod"><a href="{p}"><img alt="b"></a><h3><a href="{p}">{p.split("/")[2]}</a></h3>'
            f'<p class="price_color">£{self.books()[p]}</p></article></li>' for p in paths) + "</ol>"

    def route(self, path: str, query: dict):
        books = self.books()
        if path == "/":
            return self._page("All products", "<h1>Featured</h1>" + self._tiles(list(books)[:3])), HTML
        if path in books:
            name = path.split("/")[2]
            return self._page(name, f'<div class="product_main"><h1>{name}</h1><p class="price_color">£{books[path]}</p>'
                                    f'<p class="instock availability">In stock (5 available)</p>'
                                    f'<form><button type="submit">Add to basket</button></form></div>'), HTML
        if path == "/catalogue/category/books_1/index.html":
            return self._page("Books", "<h1>Books</h1><p>Pick a category.</p>"), HTML
        if path.startswith("/catalogue/category/books/"):
            return self._category(path, query)
        pages = {"/info/delivery": SHIPPING_TEXT, "/info/returns": RETURNS_TEXT, "/contact": CONTACT_TEXT}
        return (self._page(path, pages[path]), HTML) if path in pages else None

    def _category(self, path: str, query: dict):
        folder, _, leaf = path.removeprefix("/catalogue/category/books/").partition("/")
        category = folder.rsplit("_", 1)[0]
        if category not in CATEGORIES:
            return None
        page = int(leaf.removeprefix("page-").removesuffix(".html")) if leaf.startswith("page-") else int(query.get("page", 1))
        mine = [p for p in self.books() if p.startswith(f"/catalogue/{category}-")]
        last = (len(mine) - 1) // self.per_page + 1
        if page > last:
            return None
        shown = mine[(page - 1) * self.per_page: page * self.per_page]
        pager = ""
        if category == "travel":  # books style: a "next" link to page-N.html, no rel
            pager = f'<ul class="pager"><li class="current">Page {page} of {last}</li>' + (
                f'<li class="next"><a href="page-{page + 1}.html">next</a></li>' if page < last else "") + "</ul>"
        elif category == "mystery":  # numbered links only
            pager = "<div class='pages'>" + "".join(f'<a href="index.html?page={n}">{n}</a>' for n in range(1, last + 1)) + "</div>"
        return self._page(category, f"<h1>{category.title()}</h1>" + self._tiles(shown) + pager), HTML


SHOPIFY_HEAD = ('<script>var Shopify = Shopify || {}; Shopify.shop = "rival.myshopify.com"; '
                'Shopify.currency = {"active":"USD","rate":"1.0"};</script>'
                '<link rel="preconnect" href="https://cdn.shopify.com">')


class ShopifyLikeStore(_Counting):
    """Shopify markers, 7 products in /products.json, policies under /policies/."""

    count = 7

    def products(self) -> list[dict]:
        return [{"id": 1000 + i, "title": f"Mug {i}", "handle": f"mug-{i}", "vendor": "Rival",
                 "variants": [{"id": 5000 + i, "title": "Default Title", "sku": f"MUG-{i}", "price": f"{12 + i}.50",
                               "available": i != 3, "barcode": None}]}
                for i in range(1, self.count + 1)]

    def route(self, path: str, query: dict):
        page = lambda body: f"<html><head><title>Rival Mugs</title>{SHOPIFY_HEAD}</head><body>{body}</body></html>"  # noqa: E731
        if path == "/":
            return page("<h1>Mugs</h1><footer><a href='/pages/contact'>Contact</a></footer>"), HTML
        if path == "/products.json":
            items = self.products() if int(query.get("page", 1)) == 1 else []
            return json.dumps({"products": items}), "application/json"
        if path == "/meta.json":
            return json.dumps({"name": "Rival Mugs", "currency": "USD"}), "application/json"
        policies = {"/policies/shipping-policy": SHIPPING_TEXT.replace("£", "$"),
                    "/policies/refund-policy": RETURNS_TEXT, "/pages/contact": CONTACT_TEXT}
        return (page(policies[path]), HTML) if path in policies else None


class WooLikeStore(_Counting):
    """WordPress + WooCommerce markers and the Store API (5 products)."""

    count = 5

    def products(self) -> list[dict]:
        return [{"id": i, "name": f"Tea {i}", "permalink": f"{self.base_url}/product/tea-{i}/", "sku": f"TEA-{i}",
                 "is_in_stock": True, "prices": {"price": str(900 + 100 * i), "regular_price": str(900 + 100 * i),
                                                 "sale_price": str(900 + 100 * i), "currency_code": "EUR",
                                                 "currency_minor_unit": 2}}
                for i in range(1, self.count + 1)]

    def route(self, path: str, query: dict):
        head = "<link rel='https://api.w.org/' href='/wp-json/'><link rel='stylesheet' href='/wp-content/plugins/woocommerce/x.css'>"
        page = lambda body: f"<html><head><title>Tea House</title>{head}</head><body class='woocommerce-page'>{body}</body></html>"  # noqa: E731
        if path == "/":
            return page("<h1>Teas</h1><footer><a href='/shipping-info/'>Shipping</a> <a href='/refund_returns/'>Refund and Returns Policy</a>"
                        " <a href='/contact/'>Contact</a></footer>"), HTML
        if path == "/wp-json/wc/store/v1/products":
            items = self.products() if int(query.get("page", 1)) == 1 else []
            return json.dumps(items), "application/json"
        policies = {"/shipping-info/": SHIPPING_TEXT.replace("£", "€"), "/refund_returns/": RETURNS_TEXT,
                    "/contact/": CONTACT_TEXT}
        return (page(policies[path]), HTML) if path in policies else None
