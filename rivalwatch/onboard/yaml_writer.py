"""The store YAML ``rivalwatch add`` writes: commented, validated, never overwriting by accident."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from core.config.loader import load_config_dir
from core.config.models import StoreConfig
from rivalwatch.onboard.discover import Discovery

COUNTRY_OF = {"IDR": "ID", "JPY": "JP", "GBP": "GB", "USD": "US", "AUD": "AU", "SGD": "SG", "MYR": "MY",
              "THB": "TH", "PHP": "PH", "VND": "VN", "INR": "IN", "CAD": "CA", "KRW": "KR"}
TIMEZONE_OF = {"ID": "Asia/Jakarta", "JP": "Asia/Tokyo", "GB": "Europe/London", "US": "America/New_York",
               "AU": "Australia/Sydney", "SG": "Asia/Singapore", "MY": "Asia/Kuala_Lumpur", "TH": "Asia/Bangkok",
               "PH": "Asia/Manila", "VN": "Asia/Ho_Chi_Minh", "IN": "Asia/Kolkata", "CA": "America/Toronto",
               "KR": "Asia/Seoul"}
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


class WriteRefused(Exception):
    """The YAML was not written; the message says why and what to do."""


def slug_for(url: str) -> str:
    """A slug from the host name: ``www.rival-shop.example`` → ``rival-shop``; an IP keeps its port."""
    parts = urlsplit(url)
    host = (parts.hostname or "store").lower().removeprefix("www.")
    if re.fullmatch(r"[\d.]+|\[.*\]|[0-9a-f:]+", host):
        base = f"store-{host.replace('.', '-').replace(':', '-')}" + (f"-{parts.port}" if parts.port else "")
    else:
        base = host.split(".")[0]
    return re.sub(r"[^a-z0-9_-]", "-", base)[:48].strip("-") or "store"


def store_name(found: Discovery, slug: str) -> str:
    match = _TITLE.search(found.home.text) if found.home else None
    title = " ".join(html.unescape(match.group(1)).split()) if match else ""
    parts = [p.strip() for p in re.split(r"\s[|–—·]\s|\s::\s", title) if p.strip()]
    return (parts[-1] if parts else "")[:80] or slug  # "Page – Site name": the site's name comes last


def guess_currency(found: Discovery, samples: list) -> str | None:
    if found.currency:
        return found.currency
    counts = Counter(item.currency for item in samples if item is not None and item.currency)
    return counts.most_common(1)[0][0] if counts else None


def _q(value: str) -> str:
    return yaml.safe_dump(value, default_style='"').strip()


def render_yaml(found: Discovery, *, slug: str, name: str, currency: str, own: bool) -> str:
    """The commented YAML text of the store."""
    country = COUNTRY_OF.get(currency)
    lines = [
        "# yaml-language-server: $schema=https://raw.githubusercontent.com/rivalwatch/rivalwatch/main/rivalwatch/config/competitor.schema.json",
        f"# Written by `rivalwatch add {found.url}`; check it with `rivalwatch try --config DIR --store {slug}`.",
        f"slug: {slug}",
        f"name: {_q(name)}",
    ]
    if own:
        lines.append("own: true                 # your own store (at most one per config directory)")
    if country:
        lines.append(f"country: {country}               # guessed from the currency; ISO 3166 alpha-2")
    lines += [f"currency: {currency}             # ISO 4217, read from the store's prices",
              'schedule: "0 6 * * *"     # cron, read in `timezone`',
              f"timezone: {TIMEZONE_OF.get(country or '', 'UTC')}", "sources:"]
    lines += _product_source_lines(found)
    for kind in ("shipping", "returns", "support"):
        if kind in found.policies:
            lines += [f"  - kind: {kind}", f"    url: {found.policies[kind]}"]
            if kind in found.rendered_policies:
                lines.append("    render: browser           # its terms are drawn by JavaScript (checked in Chromium)")
        else:
            lines.append(f"  # no {kind} page found: add `- kind: {kind}` with its URL when you know it")
    return "\n".join(lines) + "\n"


def _product_source_lines(found: Discovery) -> list[str]:
    lines = _source_lines(found)
    if found.render == "browser" and found.product_source in ("listing", "sitemap"):
        lines.append("    render: browser           # prices are drawn by JavaScript (checked in Chromium)")
        if found.product_wait_for:
            lines.append(f"    product_wait_for: {_q(found.product_wait_for)}   # where the price appeared")
    return lines


def _source_lines(found: Discovery) -> list[str]:
    root = f"{urlsplit(found.home.url).scheme}://{urlsplit(found.home.url).netloc}/"
    if found.product_source in ("shopify", "woocommerce"):
        api = "/products.json" if found.product_source == "shopify" else "the WooCommerce Store API"
        return [f"  # {found.product_source} store: its product API ({api}) lists every product, "
                f"{len(found.product_urls)} found", f"  - kind: {found.product_source}", f"    url: {root}"]
    if found.product_source == "sitemap":
        return [f"  # product pages from the sitemap ({len(found.product_urls)} found)",
                "  - kind: sitemap", f"    url: {found.sitemaps[0]}", "    max_pages: 50"]
    if found.product_source == "listing":
        comment = (f"  # listing pages from the home page: {len(found.categories)} categories, "
                   f"{len(found.paginated)} next pages, {len(found.product_urls)} products found")
        lines = [comment, "  - kind: listing", f"    url: {found.listing_url}"]
        if found.categories:
            lines += ["    follow_categories: true   # walk the category tree (category_depth 2, max_categories 100)"]
        return lines + ["    max_pages: 50             # next pages followed per listing / category"]
    return ["  # no product source found: add a listing, sitemap or product URL"]


def write_store(text: str, directory: Path, slug: str, *, own: bool, force: bool) -> Path:
    """Validate ``text`` and write ``DIR/<slug>.yaml``; refuse to overwrite (unless ``force``) or to add a
    second own store or a duplicate slug."""
    StoreConfig.model_validate(yaml.safe_load(text))  # raises ValidationError: a bug here, never a bad file
    path = directory / f"{slug}.yaml"
    if path.exists() and not force:
        raise WriteRefused(f"{path} exists; pass --force to overwrite it or --slug to choose another name")
    if directory.is_dir():
        others = [s for s in load_config_dir(directory).stores if s.slug == slug or s.own]
        for store in others:
            if store.slug == slug and not (directory / f"{slug}.yaml").exists():
                raise WriteRefused(f"slug {slug!r} is already used by another file in {directory}; pass --slug")
            if own and store.own and store.slug != slug:
                raise WriteRefused(f"{store.slug} is already the own store in {directory} (at most one); "
                                   "drop --own or remove own: true there")
    directory.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
