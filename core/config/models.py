"""Pydantic models of a store's YAML configuration file (one file per store).

Every field carries a title and a description written for analysts; the JSON Schema exported from
these models (``rivalwatch config schema``) lets editors check files as they are typed.
Unknown keys are rejected (``extra="forbid"``) so a typo never silently disables a setting.
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator, model_validator

from core.config.overrides import Overrides
from core.config.rules import parse_rule
from core.config.selectors import validate_selector
from core import fields as catalogue

SourceKind = Literal[
    "product", "listing", "sitemap", "shopify", "woocommerce", "shipping", "returns", "support"
]
PRODUCT_KINDS = ("product", "listing", "sitemap", "shopify", "woocommerce")
POLICY_KINDS = ("shipping", "returns", "support")

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,47}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def check_http_url(value: str) -> str:
    """Accept only absolute http(s) URLs with a host; reject everything a browser would not fetch."""
    raw = value.strip()
    if any(ch in raw for ch in "<>\\\"' \t\r\n"):
        raise ValueError("URL contains spaces, quotes, '<', '>' or a backslash; paste the plain address")
    parts = urlsplit(raw)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(
            f"only http:// and https:// URLs can be crawled (got scheme {parts.scheme or 'none'!r})"
        )
    if not parts.hostname:
        raise ValueError("URL has no host name; write it like https://shop.example/page")
    return raw


class Selectors(_Strict):
    """Optional CSS/XPath overrides used before automatic extraction (``sources[].selectors``)."""

    title: str | None = Field(None, description="Product title. Prefix 'css:' or 'xpath:'.")
    price: str | None = Field(
        None, description="Current price shoppers pay, e.g. 'css:.product-price::text'."
    )
    was_price: str | None = Field(None, description="Strikethrough / list price, if shown.")
    currency: str | None = Field(None, description="Element holding the currency code or symbol.")
    availability: str | None = Field(None, description="Stock text, e.g. 'css:.stock::text'.")
    sku: str | None = Field(None, description="Store SKU.")
    gtin: str | None = Field(None, description="GTIN / EAN / barcode.")
    product_links: str | None = Field(
        None, description="On listing pages: links to product pages, e.g. 'css:a.product::attr(href)'."
    )
    next_page: str | None = Field(
        None, description="On listing pages: link to the next page, e.g. 'css:a[rel=next]::attr(href)'."
    )

    @field_validator("*")
    @classmethod
    def _valid_selector(cls, value: str | None) -> str | None:
        return None if value is None else validate_selector(value)


class Source(_Strict):
    """One URL of a store to crawl, and how to read it (``sources[]``)."""

    kind: SourceKind = Field(
        description=(
            "What the URL is: product (one product page), listing (category page with pagination), "
            "sitemap (XML sitemap of product pages), shopify (store root; reads /products.json), "
            "woocommerce (store root; reads the Store API), shipping, returns or support (policy pages)."
        )
    )
    url: str = Field(description="Absolute http(s) URL of the page.")
    render: Literal["http", "browser"] = Field(
        "http",
        description="http: plain download (fast). browser: render with headless Chromium first "
        "(for pages whose prices or tables are drawn by JavaScript).",
    )
    wait_for: str | None = Field(
        None,
        description="With render: browser, a CSS selector to wait for before reading this source's own pages "
        "(the listing and its next pages, the policy page, the product page of a product source). Product pages "
        "found from a listing or sitemap never use it: they wait for product_wait_for.",
    )
    product_wait_for: str | None = Field(
        None,
        description="Listing / sitemap sources with render: browser: a CSS selector to wait for on the product "
        "pages they lead to (e.g. '.product-price:not(:empty)'). Unset: product pages are read once loaded.",
    )
    follow_categories: bool = Field(
        False,
        description="Listing sources: also walk the category tree linked from the page (category menus, "
        "sidebars, /category/, /collections/, /kategori/ links), reading each category as a listing with its "
        "pagination. Bounded by category_depth and max_categories.",
    )
    category_depth: int = Field(
        2, ge=1, le=5, description="With follow_categories: how many category levels below the listing URL to walk."
    )
    max_categories: int = Field(
        100, ge=1, le=2000, description="With follow_categories: at most this many category pages are walked."
    )
    selectors: Selectors | None = Field(
        None, description="Optional CSS/XPath overrides, used before automatic extraction."
    )
    max_pages: int = Field(
        20, ge=1, le=10_000, description="Listing/sitemap/API sources: maximum pages to follow."
    )

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return check_http_url(value)

    @model_validator(mode="after")
    def _wait_for_needs_browser(self) -> "Source":
        for name in ("wait_for", "product_wait_for"):
            if getattr(self, name) and self.render != "browser":
                raise ValueError(f"{name} only works with render: browser; set render: browser or remove it")
        if self.product_wait_for and self.kind not in ("listing", "sitemap"):
            raise ValueError("product_wait_for is for listing and sitemap sources; use wait_for on this source")
        if self.follow_categories and self.kind != "listing":
            raise ValueError("follow_categories only works on listing sources; remove it or use kind: listing")
        return self


_DECLARED_TYPES = {"bool": bool | None, "text": str | None}
DeclaredSupport = create_model(
    "DeclaredSupport",
    __base__=_Strict,
    __doc__="Support levels stated by hand (``declared.support``), shown beside scraped ones.",
    **{f.key: (_DECLARED_TYPES[f.kind], Field(None, description=f.description))
       for f in catalogue.of("support") if f.declarable},  # the catalogue says which fields a YAML may declare
)


class Declared(_Strict):
    """Service levels stated by hand (``declared``), e.g. for the own store."""

    support: DeclaredSupport | None = Field(None, description="Support channels and hours.")


class AlertRule(_Strict):
    """When to alert (``alerts[]``): a condition on change events, and how to deliver it."""

    when: str = Field(
        description="A condition such as 'price_change_percent >= 5', 'price_below_own', "
        "'return_window_changed', 'free_shipping_threshold_changed', 'shipping_changed' or 'any_change'."
    )
    severity: Literal["info", "warning", "critical"] | None = Field(
        None, description="Override the event's severity for this rule (critical ignores quiet hours)."
    )
    mode: Literal["immediate", "digest"] = Field(
        "immediate", description="immediate: send at once (after quiet hours); digest: collect into the daily digest."
    )
    channels: list[str] = Field(
        default_factory=list, description="Names of channels (from rivalwatch.yaml) to use; empty means all."
    )

    @field_validator("when")
    @classmethod
    def _parse(cls, value: str) -> str:
        parse_rule(value)
        return value


class Politeness(_Strict):
    """How gently, and for how long, the store is crawled (``politeness``)."""

    obey_robots_txt: bool = Field(
        True,
        description="Follow the store's robots.txt (default). Set false only for your own store or with the "
        "site owner's permission: disallowed pages are then fetched too.",
    )
    download_delay: float = Field(
        1.0, ge=0, le=600,
        description="Minimum seconds between two requests to the store's host (a hard floor: AutoThrottle "
        "may slow down further, never speed up beyond it).",
    )
    concurrency: int = Field(
        2, ge=1, le=64, description="Maximum requests in flight to the store's host at once."
    )
    autothrottle: bool = Field(
        True, description="Adapt the delay to the server's response times (Scrapy AutoThrottle)."
    )
    max_run_minutes: float = Field(
        60, gt=0, le=1440,
        description="Wall-clock budget of one scheduled crawl. Scrapy closes the crawl a little before it; "
        "past it the scheduler kills the crawl and records the run as failed with reason 'timeout'.",
    )
    no_item_minutes: float = Field(
        5, gt=0, le=1440,
        description="Browser crawls: a run that produces no item for this many minutes is closed as broken, with "
        "a warning naming the likely cause (pages timing out on wait_for), instead of running to max_run_minutes.",
    )
    conditional_requests: bool = Field(
        True,
        description="Re-fetch product and policy pages with If-None-Match / If-Modified-Since when the store "
        "sent an ETag or Last-Modified: an unchanged page answers '304 Not Modified' without a body and counts "
        "as seen and unchanged. Every page is still requested each crawl (this is not a cache). Set false for "
        "a store whose validators do not follow its content.",
    )


class StoreConfig(_Strict):
    """One store (a competitor, or the own store with ``own: true``)."""

    slug: str = Field(
        description="Short unique id: lower-case letters, digits, '-' or '_' (e.g. 'tokoku')."
    )
    name: str = Field(min_length=1, description="Display name shown on the dashboard.")
    own: bool = Field(
        False,
        description="true for your own store. At most one store per config directory may set it; none is "
        "allowed (the benchmark then shows competitors only, with a note).",
    )
    country: str | None = Field(
        None, description="ISO 3166-1 alpha-2 country of the store (e.g. 'ID', 'JP', 'US')."
    )
    currency: str = Field(description="ISO 4217 currency of the store's prices (e.g. 'IDR', 'JPY').")
    schedule: str = Field("0 6 * * *", description="Cron expression: when to crawl (5 fields).")
    timezone: str = Field("UTC", description="IANA time zone the schedule is read in.")
    sources: list[Source] = Field(min_length=1, description="Pages to crawl.")
    declared: Declared | None = Field(None, description="Service levels stated by hand.")
    overrides: Overrides | None = Field(
        None,
        description="Analyst corrections of extracted shipping / returns facts, keyed by fact path (e.g. "
        "'returns.window_days: 14'). Each replaces the extracted value while the source page's wording is "
        "unchanged; when the wording changes it is suspended and one operator alert asks to re-check it.",
    )
    alerts: list[AlertRule] = Field(default_factory=list, description="Alert rules for this store.")
    confirm_runs: int = Field(
        2, ge=1, le=10,
        description="A changed value must be seen in this many consecutive healthy crawls before it counts "
        "(guards against A/B tests and flaky pages). 1 reports changes at once.",
    )
    remove_after_runs: int = Field(
        3, ge=1, le=100,
        description="A product, option or term missing from this many consecutive healthy crawls is reported as removed.",
    )
    politeness: Politeness = Field(
        default_factory=Politeness, description="Crawl rate, robots.txt and time budget for this store."
    )
    max_change_share: float = Field(
        0.3, gt=0, le=1,
        description="If more than this share of the store's products change price in one crawl, the changes are "
        "held and one 'possible extraction problem' event is raised instead (needs 10+ products).",
    )
    suspect_price_ratio: float | None = Field(
        0.2, gt=0, lt=1,
        description="A price at or below this share of its 30-day median (0.2: a 19.99 item read as 3.99 or less), or "
        "at or above its inverse times the median (5x), is quarantined as a suspected extraction error: it must be "
        "read in max(confirm_runs, 2) + 1 consecutive crawls before it counts as a change. null turns the check off.",
    )

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError("use lower-case letters, digits, '-' or '_' (max 48), e.g. 'my-rival'")
        return value

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[A-Z]{2}", value):
            raise ValueError("use a two-letter upper-case ISO 3166 code such as 'ID', 'JP' or 'US'")
        return value

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Z]{3}", value):
            raise ValueError("use a three-letter upper-case ISO 4217 code such as 'IDR', 'JPY' or 'USD'")
        return value

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value: str) -> str:
        from core.config.cron import cron_trigger

        try:
            cron_trigger(value)
        except ValueError as exc:
            raise ValueError(f"not a valid 5-field cron expression ({exc})") from None
        return value

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("unknown time zone; use an IANA name such as 'Asia/Jakarta'") from None
        return value

    def sources_of(self, *kinds: str) -> list[Source]:
        """Sources whose kind is one of ``kinds``."""
        return [s for s in self.sources if s.kind in kinds]

    @property
    def needs_browser(self) -> bool:
        """True when any source must be rendered by Chromium."""
        return any(s.render == "browser" for s in self.sources)
