"""The wording of a policy page: visible text, normalised, and its hash (for "wording changed" events).

Normalisation (NFKC, collapsed whitespace, blank lines dropped) keeps re-renders of the same text
from looking like a change.
"""

from __future__ import annotations

import hashlib
import unicodedata

from parsel import Selector

MAX_CHARS = 200_000


def visible_text(html: str) -> str:
    """Visible text of a page, one block per line (the policy parser's converter when available)."""
    try:
        from spiders.pages.policy_text import html_to_text
    except ImportError:  # pragma: no cover - the parser package is part of the project
        html_to_text = None
    if html_to_text is not None:
        return html_to_text(html)
    selector = Selector(text=html)
    return "\n".join(selector.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]").getall())


def normalise(text: str) -> str:
    """NFKC, whitespace collapsed per line, empty lines removed, capped."""
    lines = (" ".join(line.split()) for line in unicodedata.normalize("NFKC", text).splitlines())
    return "\n".join(line for line in lines if line)[:MAX_CHARS]


def with_wording(item, html: str):
    """A copy of a shipping/returns item carrying the page's normalised text and its SHA-256."""
    text = normalise(visible_text(html))
    if not text:
        return item
    return item.model_copy(update={"text": text, "text_hash": hashlib.sha256(text.encode("utf-8")).hexdigest()})
