"""``rivalwatch extract KIND SOURCE``: run one page object on a file or URL and print the item.

The Typer command is a thin wrapper around ``run_extract``, which returns ``(exit_code, output)``
so it is tested without a terminal. Sources: HTML, JSON (Shopify ``products.json``, WooCommerce
Store API, schema.org JSON-LD) or plain text (policy text goes straight to the text parser);
``.gz`` files are decompressed. Errors are one line starting with ``error:`` and exit code 2.
"""

from __future__ import annotations

import gzip
import json
import re
import urllib.error
import urllib.request
import zlib
from pathlib import Path

MAX_BYTES = 10 * 1024 * 1024
FETCH_TIMEOUT = 10  # seconds
KINDS = ("product", "shipping", "returns", "support")
_MARKUP = re.compile(r"<\s*(!doctype|html|head|body|div|span|p|script|meta|table|a|section|main|ul|li|h\d)\b", re.I)


class SourceError(Exception):
    """A source that cannot be read; the message is the one line shown to the user."""


def run_extract(kind: str, source: str, url: str | None = None, *, currency: str | None = None,
                country: str | None = None) -> tuple[int, str]:
    """Returns (exit_code, output): the item(s) as JSON, or one ``error:`` line with exit code 2."""
    if kind not in KINDS:
        return 2, f"error: unknown kind {kind!r}: use one of {', '.join(KINDS)}"
    try:
        body, page_url = _read_source(source)
    except SourceError as exc:
        return 2, f"error: {exc}"
    page_url = url or page_url
    try:
        items = _extract(kind, body, page_url, currency=currency, country=country)
    except ImportError as exc:
        return 2, f"error: extractor not available: {exc}"
    except Exception as exc:  # noqa: BLE001 - the CLI prints one line, never a traceback
        return 2, f"error: extraction failed: {type(exc).__name__}: {exc}"
    if isinstance(items, list):
        return 0, json.dumps([i.model_dump(mode="json") for i in items], indent=2, ensure_ascii=False)
    data = items.model_dump(mode="json")
    if data.get("kind") in ("shipping", "returns"):
        from spiders.review import review_rows

        data["review"] = review_rows(data)  # confidence per fact; needs_review below the default threshold
    return 0, json.dumps(data, indent=2, ensure_ascii=False)


def _read_source(source: str) -> tuple[bytes, str]:
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source):
        if not source.lower().startswith(("http://", "https://")):
            raise SourceError(f"only http and https URLs are supported: {source}")
        return _fetch(source), source
    path = Path(source)
    if not path.exists():
        raise SourceError(f"file not found: {source}")
    if not path.is_file():
        raise SourceError(f"not a file: {source}")
    try:
        raw = _read_file(path)
    except OSError as exc:
        raise SourceError(f"cannot read file: {source} ({exc.strerror or exc})") from None
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(f"unreadable file: {source} is binary, not HTML, JSON or text")
    return raw, path.resolve().as_uri()


def _read_file(path: Path) -> bytes:
    if path.suffix.lower() == ".gz":
        try:
            with gzip.open(path, "rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
        except (gzip.BadGzipFile, EOFError, zlib.error):
            raise SourceError(f"not a valid gzip file: {path}") from None
    else:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise SourceError(f"file too large (over {MAX_BYTES // (1024 * 1024)} MB): {path}")
    return raw


def _fetch(url: str) -> bytes:
    # Only HTTP(S) handlers: a redirect to file:// or ftp:// fails instead of reading local data.
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.HTTPHandler, urllib.request.HTTPSHandler, urllib.request.HTTPRedirectHandler,
                    urllib.request.HTTPErrorProcessor, urllib.request.HTTPDefaultErrorHandler):
        opener.add_handler(handler())
    request = urllib.request.Request(url, headers={"User-Agent": "RivalWatch/0.1 (rivalwatch extract)"})
    try:
        with opener.open(request, timeout=FETCH_TIMEOUT) as response:
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise SourceError(f"could not fetch {url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SourceError(f"could not fetch {url}: {reason}") from None
    if len(body) > MAX_BYTES:
        raise SourceError(f"response too large (over {MAX_BYTES // (1024 * 1024)} MB): {url}")
    return body


def _sniff(body: bytes) -> tuple[str, object]:
    """('json', data) | ('html', None) | ('text', str)."""
    head = body.lstrip()[:1]
    if head in (b"{", b"["):
        try:
            return "json", json.loads(body)
        except (ValueError, UnicodeDecodeError):
            pass
    text = body.decode("utf-8", errors="replace")
    return ("html", None) if _MARKUP.search(text[:200_000]) else ("text", text)


def _extract(kind: str, body: bytes, url: str, *, currency, country):
    from spiders import pages
    from spiders.items import ITEM_TYPES

    form, parsed = _sniff(body)
    if form == "json":
        return _from_json(kind, body, parsed, url, currency=currency, country=country)
    if form == "text" and kind in ("shipping", "returns"):
        from spiders.pages.policy_text import parse_policy_text, to_returns_item, to_shipping_item

        facts = parse_policy_text(parsed, currency=currency, country=country)
        item = (to_shipping_item if kind == "shipping" else to_returns_item)(facts, url)
        return item or ITEM_TYPES[kind](url=url)
    if kind == "product":
        return pages.extract_product(body, url, currency=currency, country=country)
    if kind == "support":
        return pages.extract_support(body, url)
    function = pages.extract_shipping if kind == "shipping" else pages.extract_returns
    return function(body, url, currency=currency, country=country) or ITEM_TYPES[kind](url=url)


def _from_json(kind: str, body: bytes, data: object, url: str, *, currency, country):
    from spiders.items import ITEM_TYPES, ProductItem
    from spiders.pages import platforms
    from spiders.pages.product import product_from_jsonld
    from spiders.pages.shipping_returns import returns_from_jsonld, shipping_from_jsonld

    if kind == "product":
        items = platforms.products_from_shopify(body, url, currency=currency or "")
        items = items or platforms.products_from_woocommerce(body, url)
        if items:
            return items if len(items) > 1 else items[0]
        if _looks_like_jsonld(data):
            return product_from_jsonld(data, url, currency=currency, country=country)
        note = "no price found: the JSON is not Shopify, WooCommerce or schema.org data"
        return ProductItem(url=url, price_note=note)
    if kind == "shipping":
        item = platforms.shipping_from_woocommerce_cart(body, url) or shipping_from_jsonld(data, url, currency=currency)
        return item or ITEM_TYPES[kind](url=url)
    if kind == "returns":
        return returns_from_jsonld(data, url) or ITEM_TYPES[kind](url=url)
    return ITEM_TYPES[kind](url=url)


def _looks_like_jsonld(data: object) -> bool:
    nodes = data if isinstance(data, list) else [data]
    return any(isinstance(n, dict) and ({"@type", "@context", "@graph", "offers"} & set(n)) for n in nodes)
