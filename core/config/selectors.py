"""Validation of analyst selectors (``css:...`` / ``xpath:...``) before they are saved or run.

XPath is evaluated by lxml (XPath 1.0 only), so XPath 2/3 functions that read files or the
environment (``unparsed-text``, ``doc``, ``environment-variable``) do not exist; we still reject
them by name so the analyst gets a clear message instead of a runtime failure.
"""

from __future__ import annotations

import re

from parsel import Selector

_FORBIDDEN_XPATH = re.compile(
    r"\b(unparsed-text(-lines|-available)?|doc(-available)?|json-doc|environment-variable|"
    r"available-environment-variables|collection|uri-collection|document)\s*\(",
    re.I,
)
_PROBE = Selector(text="<html><body><p>probe</p></body></html>")


def split_selector(value: str) -> tuple[str, str]:
    """Split ``'css:.price::text'`` into ``('css', '.price::text')``."""
    prefix, sep, expr = value.partition(":")
    if not sep or prefix not in ("css", "xpath") or not expr.strip():
        raise ValueError(
            f"selector {value!r} must start with 'css:' or 'xpath:', e.g. 'css:.price::text'"
        )
    return prefix, expr.strip()


def validate_selector(value: str) -> str:
    """Return ``value`` if it is a usable CSS or XPath 1.0 selector, else raise ``ValueError``."""
    kind, expr = split_selector(value)
    if kind == "xpath" and _FORBIDDEN_XPATH.search(expr):
        raise ValueError(f"XPath function in {value!r} is not allowed (file/environment access)")
    try:
        if kind == "css":
            _PROBE.css(expr)
        else:
            _PROBE.xpath(expr)
    except Exception as exc:  # parsel raises several unrelated types for bad expressions
        raise ValueError(f"invalid {kind} selector {expr!r}: {exc}") from None
    return value


def select_all(selector: Selector, value: str) -> list[str]:
    """Apply a validated selector and return the stripped, non-empty strings it yields."""
    kind, expr = split_selector(value)
    result = selector.css(expr) if kind == "css" else selector.xpath(expr)
    texts = []
    for node in result:
        text = node.get()
        if node.root is not None and not isinstance(node.root, str):
            text = " ".join(node.xpath(".//text()").getall())
        text = " ".join((text or "").split())
        if text:
            texts.append(text)
    return texts
