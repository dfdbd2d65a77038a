"""The preview ``rivalwatch add`` prints: products found, sample prices, shipping and returns facts
with the sentence each was read from, support signals, and what could not be found."""

from __future__ import annotations

import re
from decimal import Decimal

from rivalwatch.onboard.discover import SAMPLE_SIZE, Discovery
from rivalwatch.onboard.fetcher import BudgetExhausted, PoliteFetcher
from spiders import pages

_SENTENCE = re.compile(r"(?<=[.!?。！])\s+|\n+")
_THOUSANDS = re.compile(r"(?<=\d)[.,\s](?=\d{3}\b)")


def sample_products(found: Discovery, fetcher: PoliteFetcher, currency: str | None) -> list:
    """Up to five products read as the crawl will read them (API items, or product pages spread over the list)."""
    if found.api_products:
        return found.api_products[:SAMPLE_SIZE]
    urls = found.product_urls
    step = max(1, len(urls) // SAMPLE_SIZE)
    items = []
    for url in urls[::step][:SAMPLE_SIZE]:
        try:
            page = fetcher.get(url)
        except BudgetExhausted:
            break
        if page is not None:
            items.append(pages.extract_product(page.text, page.url, currency=currency))
    return items


def _sentences(html: str) -> list[str]:
    from spiders.pages.policy_text import html_to_text

    return [s.strip() for s in _SENTENCE.split(html_to_text(html)) if s.strip()]


def _numbers(value: object) -> list[str]:
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        text = format(Decimal(value).normalize(), "f")
        return [text, text.split(".")[0]] if "." in text else [text]
    return []


def sentence_for(sentences: list[str], value: object) -> str | None:
    """The first sentence stating the value's number(s), thousands separators ignored."""
    needles = _numbers(value)
    for sentence in sentences:
        plain = _THOUSANDS.sub("", sentence)
        if needles and all(re.search(rf"(?<![\d]){re.escape(n)}(?![\d])", plain) for n in needles[:1]):
            return sentence[:160]
    return None


def policy_facts(kind: str, html: str, url: str, currency: str | None) -> list[str]:
    """``field: value — "sentence"`` lines of a shipping or returns page."""
    extract = pages.extract_shipping if kind == "shipping" else pages.extract_returns
    item = extract(html, url, currency=currency)
    if item is None:
        return []
    sentences = _sentences(html)
    lines = []
    data = item.model_dump(exclude={"url", "provenance", "kind", "text", "text_hash"})
    for name, value in data.items():
        if value in (None, [], ""):
            continue
        for part in value if name == "options" else [value]:
            shown = _show(part)
            said = sentence_for(sentences, part.get("price") if name == "options" else part)
            lines.append(f"{name}: {shown}" + (f' — "{said}"' if said else ""))
    return lines


def _show(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items() if v not in (None, [], ""))
    return str(value)


def preview_lines(found: Discovery, fetcher: PoliteFetcher, samples: list, currency: str | None) -> list[str]:
    """The whole preview, one line each."""
    out = [f"platform: {found.platform or 'other'}",
           f"products: {len(found.product_urls)} found via {found.product_source or 'nothing'}"
           + (f" ({len(found.categories)} categories, {len(found.paginated)} next pages)" if found.product_source == "listing" else "")]
    for item in samples:
        price = f"{item.price} {item.currency or ''}".strip() if item.price is not None else "NO PRICE"
        out.append(f"  {price:<18} {(item.title or '')[:50]:<50} {item.url}")
    missing = [f"a price on {i.url}" for i in samples if i.price is None]
    support = {}
    for kind in ("shipping", "returns", "support"):
        url = found.policies.get(kind)
        if url is None:
            missing.append(f"a {kind} page")
            continue
        try:
            page = fetcher.get(url)
        except BudgetExhausted:
            page = None
        if page is None:
            missing.append(f"the {kind} page {url} (could not be fetched)")
            continue
        if kind != "support":
            facts = policy_facts(kind, found.rendered_policies.get(kind, page.text), page.url, currency)
            out.append(f"{kind}: {url}")
            out += [f"  {line}" for line in facts] or ["  (no terms read)"]
            if not facts:
                missing.append(f"{kind} terms on {url}")
        signals = pages.extract_support(page.text, page.url).model_dump(exclude={"url", "provenance", "kind"})
        support.update({k: v for k, v in signals.items() if v not in (None, False, [], "")})
    out.append("support: " + (", ".join(f"{k}={v}" for k, v in support.items()) or "no signal found"))
    out.append("could not find: " + ("; ".join(missing) if missing else "nothing missing"))
    out += [f"note: {note}" for note in found.notes]
    return out
