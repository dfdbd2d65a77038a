"""Crawl health: small declarative checks on a finished run's stats (Spidermon-style monitors).

A run is healthy only when every check passes; change events are created from healthy runs only,
so a timeout, a block page or a broken selector can never be reported as a competitor change.
Each reason starts with its category: ``fetch:`` (transient: timeouts, errors, shutdown),
``blocked:`` (captcha, access denied, empty pages) or ``broken:`` (pages load but the expected
fields are missing — a redesign or a broken selector), or ``warning:`` (reported in the run's
health and summary, the run stays healthy: e.g. a title selector that never matched).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from spiders.extensions.selector_use import LISTING_PROBLEMS, STRICT_FIELDS, never_matched

MAX_ERROR_SHARE = 0.5
MAX_BLOCKED_SHARE = 0.3
MAX_BLOCK_PAGE_SHARE = 0.2
MIN_ITEM_SHARE = 0.5  # item count vs the mean of the last healthy runs
MIN_PRICE_COVERAGE = 0.8  # share of product items that carry a price  # captcha/empty pages served with HTTP 200
# Scrapy's CloseSpider ended the run because pages kept coming without items
# (CLOSESPIDER_PAGECOUNT_NO_ITEM / CLOSESPIDER_TIMEOUT_NO_ITEM): the site answers, the spider reads nothing.
NO_ITEM_REASONS = frozenset({"closespider_pagecount_no_item", "closespider_timeout_no_item"})


@dataclass(frozen=True)
class RunFacts:
    """What the checks look at: the finish reason, Scrapy stats and the store's configured kinds."""

    finish_reason: str
    stats: dict
    source_kinds: frozenset[str]
    recent_item_counts: tuple[int, ...] = ()  # items of the store's last healthy runs

    def stat(self, key: str) -> int:
        return int(self.stats.get(key, 0) or 0)

    @property
    def pages(self) -> int:
        """Pages downloaded, block and empty pages included (see ``pages_downloaded``)."""
        return pages_downloaded(self.stats)


def pages_downloaded(stats: dict) -> int:
    """Every page the store answered: Scrapy's response count plus the captcha / empty pages, which
    ``spiders.middlewares.blocking`` drops before Scrapy's DownloaderStats counts them. The one page count of a run
    (health reasons, ``crawl_runs.pages``, operator messages) so "3 of 1 pages" cannot happen."""
    def get(key: str) -> int:
        return int(stats.get(key, 0) or 0)

    return get("downloader/response_count") + get("rivalwatch/blocked_pages") + get("rivalwatch/empty_pages")


def _finish_reason(run: RunFacts) -> str | None:
    if run.finish_reason in NO_ITEM_REASONS:
        reason = f"broken: pages kept loading but produced no items (run closed with {run.finish_reason!r})"
        timeouts = browser_timeouts(run.stats)
        if timeouts:
            reason += (f"; likely cause: {timeouts} browser page load(s) timed out — check the sources' wait_for "
                       "and product_wait_for selectors with `rivalwatch try --config DIR --store SLUG URL`")
        return reason
    if run.finish_reason != "finished":
        return f"fetch: run ended with reason {run.finish_reason!r}, not 'finished'"
    return None


def _responses(run: RunFacts) -> str | None:
    if run.pages == 0:
        return "fetch: no page was downloaded"
    return None


def _errors(run: RunFacts) -> str | None:
    exceptions = sum(
        int(v) for k, v in run.stats.items() if k.startswith("spider_exceptions/") and k != "spider_exceptions/count"
    )
    failed = run.stat("rivalwatch/fetch_errors") + exceptions
    attempted = failed + run.stat("rivalwatch/pages_ok")
    if attempted and failed / attempted > MAX_ERROR_SHARE:
        return f"fetch: {failed} of {attempted} pages failed"
    return None


def _blocked(run: RunFacts) -> str | None:
    # Only pages that finally failed count: a 429 that succeeded on retry is politeness, not a block.
    failed = run.stat("rivalwatch/fetch_errors")
    attempted = max(failed + run.stat("rivalwatch/pages_ok"), 1)
    statuses = sum(run.stat(f"downloader/response_status_count/{code}") for code in (401, 403, 429))
    blocked = min(statuses, failed)
    if blocked / attempted > MAX_BLOCKED_SHARE:
        return f"blocked: {blocked} of {attempted} pages were refused with 401/403/429"
    return None


def _block_pages(run: RunFacts) -> str | None:
    responses = max(run.pages, 1)
    blocked, empty = run.stat("rivalwatch/blocked_pages"), run.stat("rivalwatch/empty_pages")
    if blocked and blocked / responses > MAX_BLOCK_PAGE_SHARE:
        return f"blocked: {blocked} of {responses} pages were captcha / access-denied pages"
    if empty and empty / responses > MAX_BLOCK_PAGE_SHARE:
        return f"blocked: {empty} of {responses} pages were empty"
    return None


def _coverage(run: RunFacts) -> str | None:
    product_kinds = {"product", "listing", "sitemap", "shopify", "woocommerce"}
    missing = []
    if run.source_kinds & product_kinds and run.stat("rivalwatch/items/product_priced") == 0:
        missing.append("no product with a price")
    for kind in ("shipping", "returns"):
        if kind in run.source_kinds and run.stat(f"rivalwatch/items/{kind}") == 0:
            missing.append(f"no {kind} terms extracted")
    return "broken: " + "; ".join(missing) if missing else None


def _item_count(run: RunFacts) -> str | None:
    history = run.recent_item_counts
    if len(history) < 2:
        return None
    mean = sum(history) / len(history)
    items = run.stat("item_scraped_count")
    if mean >= 4 and items < MIN_ITEM_SHARE * mean:
        return f"broken: {items} items, below {MIN_ITEM_SHARE:.0%} of the recent mean {mean:.0f}"
    return None


def _price_coverage(run: RunFacts) -> str | None:
    products, priced = run.stat("rivalwatch/items/product"), run.stat("rivalwatch/items/product_priced")
    if products >= 5 and priced < MIN_PRICE_COVERAGE * products:
        return f"broken: only {priced} of {products} products have a price"
    return None


def browser_timeouts(stats: dict) -> int:
    """Playwright timeouts (navigation or wait_for_selector) counted by Scrapy's downloader stats."""
    return sum(int(v or 0) for k, v in stats.items()
               if k.startswith("downloader/exception_type_count/") and "playwright" in k.lower() and "Timeout" in k)


def _listings(run: RunFacts) -> list[str]:
    """A listing without product links, or pagination whose next link was not found (issue #16)."""
    return [f"broken: {problem}" for problem in run.stats.get(LISTING_PROBLEMS) or ()]


def _selectors(run: RunFacts) -> list[str]:
    """Every configured selector that matched nothing on every page it was tried on, one line each:
    broken for price / availability (the run is not trusted), a warning for the other fields."""
    reasons = []
    for field, expr, pages in never_matched(run.stats):
        level = "broken" if field in STRICT_FIELDS else "warning"
        reasons.append(f"{level}: selector {field} {expr!r} matched nothing on {pages} page(s); "
                       "fix it in the store's YAML (check with rivalwatch try --config DIR --store SLUG URL)")
    return reasons


CHECKS: tuple[Callable[[RunFacts], str | list[str] | None], ...] = (
    _finish_reason, _responses, _errors, _blocked, _block_pages, _coverage, _item_count, _price_coverage,
    _listings, _selectors,
)


def run_status(finish_reason: str, reasons: list[str]) -> str:
    """``blocked`` / ``failed`` / ``finished`` for the crawl_runs row."""
    if any(r.startswith("blocked:") for r in reasons):
        return "blocked"
    if finish_reason != "finished" or any(r.startswith("fetch:") for r in reasons):
        return "failed"
    return "finished"


def evaluate(run: RunFacts) -> tuple[bool, list[str]]:
    """Run every check; return (healthy, reasons). ``warning:`` reasons are reported but leave the run healthy."""
    reasons: list[str] = []
    for check in CHECKS:
        found = check(run)
        reasons.extend([found] if isinstance(found, str) else found or [])
    return not any(not r.startswith("warning:") for r in reasons), reasons
