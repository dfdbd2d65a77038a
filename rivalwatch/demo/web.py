"""Building blocks of a demo store: requests, responses, routing, money/day formatting and templates.

A store is a plain object with a ``slug``, ``facts(version)`` (what it truly publishes) and
``handle(request)``; it never touches sockets, so it can be tested without a server.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from rivalwatch.demo.catalog import PRODUCTS
from core import fields as catalogue

HTML = "text/html; charset=utf-8"
JSON = "application/json; charset=utf-8"
XML = "application/xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
VERSIONS = (1, 2)


@dataclass(frozen=True)
class Request:
    """What a store needs to answer: path, query parameters, its own origin and the live version."""

    path: str
    base_url: str
    version: int
    query: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Response:
    """A complete HTTP answer."""

    status: int
    content_type: str
    body: bytes


def json_response(data: Any) -> Response:
    """200 with a JSON body (UTF-8, stable key order as given)."""
    return Response(200, JSON, json.dumps(data, ensure_ascii=False, indent=1).encode())


def xml_response(text: str) -> Response:
    """200 with an XML body."""
    return Response(200, XML, text.encode())


NOT_FOUND = Response(404, HTML, b"<!doctype html><title>404</title><h1>404 Halaman tidak ditemukan</h1>")


def rupiah(amount: str | Decimal | int | None, space: bool = False) -> str:
    """``"89000"`` -> ``"Rp89.000"`` (Indonesian thousands dots); 0 -> ``"Gratis"``.

    >>> rupiah("1500000", space=True)
    'Rp 1.500.000'
    """
    if amount is None:
        return "–"
    value = Decimal(amount)
    if value == 0:
        return "Gratis"
    return ("Rp " if space else "Rp") + f"{value:,.0f}".replace(",", ".")


def days_id(option: dict) -> str:
    """Delivery estimate of a shipping option in Bahasa Indonesia, e.g. ``"2–4 hari kerja"``."""
    low, high = option["min_days"], option["max_days"]
    if high is None:
        return "–"
    if high == 0:
        return "sampai di hari yang sama"
    unit = "hari kerja" if option["business_days"] else "hari"
    return f"{high} {unit}" if low == high else f"{low}–{high} {unit}"


def days_en(option: dict) -> str:
    """Delivery estimate in English, e.g. ``"2–5 business days"``."""
    low, high = option["min_days"], option["max_days"]
    if high is None:
        return "–"
    if high == 0:
        return "same day"
    unit = "business days" if option["business_days"] else "days"
    if low == high:
        unit = unit.rstrip("s")
        return f"{high} {unit}"
    return f"{low}–{high} {unit}"


_ENV = Environment(
    loader=PackageLoader("rivalwatch.demo", "templates"),
    autoescape=select_autoescape(["html", "xml"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_ENV.filters.update(rupiah=rupiah, days_id=days_id, days_en=days_en)


def render(template: str, **context: Any) -> Response:
    """Render ``templates/<template>`` (autoescaped) as a 200 HTML response."""
    return Response(200, HTML, _ENV.get_template(template).render(**context).encode())


Handler = Callable[[Request], Response]


class Store:
    """Base of a demo store: exact-path pages, prefix routes and ``robots.txt``.

    Subclasses set ``slug``, ``name``, ``FACTS_V1`` and override ``apply_v2`` and ``routes``.
    """

    slug = ""
    name = ""
    FACTS_V1: dict = {}

    def __init__(self) -> None:
        v2 = deepcopy(self.FACTS_V1)
        self.apply_v2(v2)
        self._published = {1: deepcopy(self.FACTS_V1), 2: v2}

    def facts(self, version: int) -> dict:
        """Everything this store publishes at ``version`` (a fresh copy each call)."""
        return deepcopy(self.published(version))

    def published(self, version: int) -> dict:
        """The facts of ``version`` shared by all requests (read-only: pages never modify them)."""
        if version not in self._published:
            raise ValueError(f"demo stores have versions {VERSIONS}, not {version!r}")
        return self._published[version]

    def apply_v2(self, facts: dict) -> None:
        """Turn v1 facts into v2 facts in place (the documented changes)."""

    def routes(self) -> dict[str, Handler]:
        """Exact paths -> handlers."""
        return {}

    def prefix_routes(self) -> dict[str, Callable[[Request, str], Response]]:
        """Path prefixes -> handlers receiving the rest of the path."""
        return {}

    def handle(self, request: Request) -> Response:
        """Answer one request (404 for unknown paths)."""
        if request.path == "/robots.txt":
            return Response(200, TEXT, self.robots(request).encode())
        page = self.routes().get(request.path)
        if page is not None:
            return page(request)
        for prefix, handler in self.prefix_routes().items():
            if request.path.startswith(prefix) and len(request.path) > len(prefix):
                return handler(request, request.path[len(prefix):])
        return NOT_FOUND

    def robots(self, request: Request) -> str:
        """robots.txt allowing every crawler everywhere."""
        return "User-agent: *\nAllow: /\n"

    def page(self, template: str, request: Request, **context: Any) -> Response:
        """Render one of this store's templates with the facts of the live version."""
        facts = self.published(request.version)
        return render(f"{self.slug}/{template}", facts=facts, base=request.base_url,
                      store=self, version=request.version, **context)

    def description(self, gtin: str) -> str:
        """The maker's description of a product (the same at every store)."""
        return PRODUCTS[gtin].description

    def product_by_path(self, request: Request, path: str) -> tuple[str, dict] | None:
        """The ``(gtin, product facts)`` whose page is ``path``, if any."""
        products = self.published(request.version)["products"]
        return next(((g, p) for g, p in products.items() if p["path"] == path), None)


def shipping_option(name: str, price: str | None, min_days: int | None, max_days: int | None,
                    business_days: bool | None, region: str | None = None) -> dict:
    """One shipping-option fact in the shape of ``spiders.items.ShippingOption`` (IDR prices)."""
    return {
        "name": name, "price": price, "currency": None if price is None else "IDR",
        "min_days": min_days, "max_days": max_days, "business_days": business_days, "region": region,
    }


def support_facts(**stated: Any) -> dict:
    """Support facts in the shape of ``spiders.items.SupportItem``; unstated fields are None."""
    keys = catalogue.keys("support")
    unknown = set(stated) - set(keys)
    if unknown:
        raise TypeError(f"unknown support fields {sorted(unknown)}")
    return {key: stated.get(key) for key in keys}
