"""Each run-health check passes on healthy stats and fails, with its category, on broken ones."""

from __future__ import annotations

import pytest

from spiders.extensions.health import RunFacts, evaluate, run_status

HEALTHY = {
    "downloader/request_count": 20, "downloader/response_count": 20, "downloader/response_status_count/200": 20,
    "rivalwatch/pages_ok": 20, "item_scraped_count": 18, "rivalwatch/items/product": 16,
    "rivalwatch/items/product_priced": 16, "rivalwatch/items/shipping": 1, "rivalwatch/items/returns": 1,
}
KINDS = frozenset({"listing", "shipping", "returns"})


def judge(changes: dict, reason: str = "finished", history=(18, 18, 17)):
    return evaluate(RunFacts(reason, {**HEALTHY, **changes}, KINDS, tuple(history)))


def test_healthy_run_passes():
    assert judge({}) == (True, [])


@pytest.mark.parametrize(
    "changes, reason, expected",
    [
        ({}, "closespider_timeout", "fetch: run ended with reason 'closespider_timeout', not 'finished'"),
        ({}, "memusage_exceeded", "fetch: run ended with reason 'memusage_exceeded', not 'finished'"),
        ({"downloader/response_count": 0}, "finished", "fetch: no page was downloaded"),
        ({"rivalwatch/fetch_errors": 30}, "finished", "fetch: 30 of 50 pages failed"),
        ({"downloader/response_status_count/403": 10, "rivalwatch/fetch_errors": 10, "rivalwatch/pages_ok": 10},
         "finished", "blocked: 10 of 20 pages were refused with 401/403/429"),
        ({"rivalwatch/blocked_pages": 8}, "finished", "blocked: 8 of 28 pages were captcha / access-denied pages"),
        ({"rivalwatch/empty_pages": 8}, "finished", "blocked: 8 of 28 pages were empty"),
        ({"rivalwatch/items/product_priced": 0}, "finished", "broken: no product with a price"),
        ({"rivalwatch/items/returns": 0}, "finished", "broken: no returns terms extracted"),
        ({"rivalwatch/items/product_priced": 6}, "finished", "broken: only 6 of 16 products have a price"),
        ({"item_scraped_count": 5}, "finished", "broken: 5 items, below 50% of the recent mean 18"),
    ],
)
def test_broken_stats_fail_with_a_named_reason(changes, reason, expected):
    healthy, reasons = judge(changes, reason)
    assert not healthy
    assert expected in reasons


def test_a_429_that_succeeded_on_retry_is_not_a_block():
    assert judge({"downloader/response_status_count/429": 5, "retry/count": 5}) == (True, [])


def test_item_count_needs_history():
    assert judge({"item_scraped_count": 5}, history=()) == (True, [])


def test_status_from_reasons():
    assert run_status("finished", []) == "finished"
    assert run_status("finished", ["broken: x"]) == "finished"
    assert run_status("finished", ["fetch: x"]) == "failed"
    assert run_status("shutdown", []) == "failed"
    assert run_status("finished", ["fetch: x", "blocked: y"]) == "blocked"


def test_blocked_pages_count_among_the_pages():
    """Block pages are dropped before Scrapy counts the response: they must still be pages (issue #16 item 6)."""
    stats = {"downloader/response_count": 1, "rivalwatch/pages_ok": 1, "rivalwatch/blocked_pages": 3}
    healthy, reasons = evaluate(RunFacts("finished", stats, frozenset({"shipping"})))
    assert not healthy
    assert "blocked: 3 of 4 pages were captcha / access-denied pages" in reasons
    every_page_blocked = {"rivalwatch/blocked_pages": 3}
    _, reasons = evaluate(RunFacts("finished", every_page_blocked, frozenset({"shipping"})))
    assert "blocked: 3 of 3 pages were captcha / access-denied pages" in reasons
    assert not any("no page was downloaded" in r for r in reasons)
