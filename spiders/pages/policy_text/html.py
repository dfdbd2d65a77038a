"""Visible text of an HTML page, keeping the line structure the policy rules rely on.

Block elements and ``<br>`` end lines, table rows become ``cell | cell | cell`` lines (a ``<br>``
inside a cell ends a sentence instead, so the row stays one line), and script/style/noscript/
template content and comments are dropped. Source-code whitespace never makes line breaks.

``site_chrome=False`` (what the policy parser reads) also drops the site's navigation and footer
(``<nav>``, ``<footer>``, ``role="navigation"`` / ``"contentinfo"``): their lines are the same on every
page ("Store · Help centre · Chat CS 24 jam") and are no terms of this page — a footer's "24 jam"
chat hours next to the store name once became a shipping option. The wording hash keeps them.
"""

from __future__ import annotations

import re

import lxml.html

_DROP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
_BLOCK = {"p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "ul", "ol", "li",
          "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tfoot", "tr",
          "blockquote", "pre", "form", "fieldset", "figure", "figcaption", "details", "summary", "address",
          "hr", "body", "html", "caption"}
_PARAGRAPH = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "section", "article", "hr"}
_TAG = re.compile(r"<(?:[a-zA-Z][\w-]*(?:\s[^<>]*)?/?|/[a-zA-Z][\w-]*\s*|!--[\s\S]*?--|!doctype[^>]*)>", re.I)
_BREAK, _GAP = "\x00", "\x01"  # line break / blank line markers, resolved at the end


def _space(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "")


def _cell_text(cell) -> str:
    """Text of a table cell; <br> ends a sentence so the row stays on one line."""
    parts: list[str] = []
    for node in cell.iter():
        if node.tag in _DROP or not isinstance(node.tag, str):
            continue
        if node.tag == "br" or (node.tag in _BLOCK and node is not cell and parts):
            joined = "".join(parts).rstrip()
            if joined and joined[-1] not in ".!?。!?;:":
                parts.append("。" if re.match(r"[\u3040-\u9fff\uff00-\uffef]", joined[-1]) else ". ")
            else:
                parts.append(" ")
        if node.text and node.tag != "br":
            parts.append(_space(node.text))
        if node is not cell and node.tail:
            parts.append(_space(node.tail))
    return " ".join("".join(parts).split())


_CHROME_TAGS = {"nav", "footer"}
_CHROME_ROLES = {"navigation", "contentinfo"}


def _is_chrome(el, tag: str) -> bool:
    return tag in _CHROME_TAGS or (el.get("role") or "").strip().lower() in _CHROME_ROLES


def _walk(el, out: list[str], chrome: bool = True) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag and tag not in _DROP and (chrome or not _is_chrome(el, tag)):
        if tag == "tr":
            cells = [_cell_text(c) for c in el if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
            out.append(_BREAK + " | ".join(c for c in cells if c) + _BREAK)
        else:
            out.append(_GAP if tag in _PARAGRAPH else _BREAK if tag in _BLOCK or tag == "br" else "")
            out.append(_space(el.text))
            for child in el:
                _walk(child, out, chrome)
            out.append(_GAP if tag in _PARAGRAPH else _BREAK if tag in _BLOCK else "")
    if el.tail:
        out.append(_space(el.tail))


def html_to_text(html: str, *, site_chrome: bool = True) -> str:
    """Visible text, one block/row per line, whitespace collapsed per line, single blank lines
    (without the site's navigation and footer when ``site_chrome`` is False)."""
    if not html or not html.strip():
        return ""
    if not _TAG.search(html):  # plain text ("Total belanja < Rp100.000"): keep its own lines
        lines = [" ".join(line.split()) for line in html.splitlines()]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    root = lxml.html.document_fromstring(html)
    out: list[str] = []
    _walk(root, out, site_chrome)
    text = re.sub(r"[ \x00\x01]*[\x00\x01][ \x00\x01]*",
                  lambda m: "\n\n" if _GAP in m.group(0) else "\n", "".join(out))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
