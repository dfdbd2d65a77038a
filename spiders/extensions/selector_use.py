"""Which analyst selectors matched, counted per run, so a selector that never matches is reported.

A valid but wrong selector (copied from an example, or left behind by a redesign) used to match
nothing and let extraction fall back to heuristics in silence. Each configured selector counts the
pages it was tried on (``rivalwatch/selector_pages/<field> <expr>``) and the pages where it gave the
field (``rivalwatch/selector_hits/<field> <expr>``); ``spiders.extensions.health`` turns "tried, never matched"
into a reason per selector. Listing problems (a listing without product links, pagination without
a next link) are kept as one line each in ``rivalwatch/listing_problems``.
"""

from __future__ import annotations

PAGES_PREFIX = "rivalwatch/selector_pages/"
HITS_PREFIX = "rivalwatch/selector_hits/"
LISTING_PROBLEMS = "rivalwatch/listing_problems"
PRODUCT_FIELDS = ("title", "price", "was_price", "currency", "availability", "sku", "gtin")
# A configured price or stock selector that never matched makes the run unhealthy: the values the
# analyst pointed at were not read, whatever the heuristics found instead.
STRICT_FIELDS = frozenset({"price", "availability"})


def count(stats, field: str, expr: str, matched: bool) -> None:
    """Record one page on which the selector of ``field`` was tried."""
    stats.inc_value(f"{PAGES_PREFIX}{field} {expr}")
    stats.inc_value(f"{HITS_PREFIX}{field} {expr}", 1 if matched else 0)


def count_product(stats, selectors: dict[str, str] | None, provenance: dict[str, str] | None) -> None:
    """Count the product-field selectors of one product page by the item's provenance."""
    provenance = provenance or {}
    for field, expr in (selectors or {}).items():
        if field in PRODUCT_FIELDS:
            source = provenance.get(field) or provenance.get(f"{field}_raw") or ""
            count(stats, field, expr, source.startswith("selector:"))


def listing_problem(stats, message: str) -> None:
    """Keep one line about a listing page that did not behave (shown in the run's health)."""
    problems = stats.get_value(LISTING_PROBLEMS)
    if problems is None:
        problems = []
        stats.set_value(LISTING_PROBLEMS, problems)
    if message not in problems and len(problems) < 20:
        problems.append(message)


def never_matched(stats: dict) -> list[tuple[str, str, int]]:
    """(field, expression, pages) of every selector that was tried and never matched."""
    out = []
    for key, pages in stats.items():
        if key.startswith(PAGES_PREFIX) and pages and not stats.get(HITS_PREFIX + key[len(PAGES_PREFIX):]):
            field, expr = key[len(PAGES_PREFIX):].split(" ", 1)
            out.append((field, expr, int(pages)))
    return sorted(out)
