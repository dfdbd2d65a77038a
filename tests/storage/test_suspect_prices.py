"""G9: a price that falls to ≤ 20 % of its 30-day median (or rises ≥ 5×) is quarantined as a suspected
extraction error — no change event until it is read in ``max(confirm_runs, 2) + 1`` consecutive runs.

Storage-level sequences on SQLite and PostgreSQL (``any_db``), then the same sequences through real
``scrapy crawl`` runs of the scripted store with the alert planner (``tests/alerts`` style).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from storage import ApplyPolicy
from storage.health_events import quarantined_prices
from storage.models import ChangeEvent, CrawlRun
from storage.price_guard import is_suspect, suspect_confirm_runs, weighted_median
from tests.alerts.test_false_alerts import Sequence, store  # noqa: F401  (fixture)
from tests.storage.helpers import crawl, product, register

CONFIRM1 = ApplyPolicy(confirm_runs=1)


def changes(db) -> list[tuple[str, str | None, str | None]]:
    with db.session() as s:
        return [(e.kind, e.old_value, e.new_value) for e in s.scalars(select(ChangeEvent).order_by(ChangeEvent.id))]


def test_rules():
    assert suspect_confirm_runs(1) == 3 and suspect_confirm_runs(2) == 3 and suspect_confirm_runs(4) == 5
    median = Decimal("19.99")
    assert is_suspect(Decimal("0.19"), median, 0.2) and is_suspect(Decimal("0"), median, 0.2)
    assert is_suspect(Decimal("3.99"), median, 0.2) and not is_suspect(Decimal("4.00"), median, 0.2)
    assert is_suspect(Decimal("99.95"), median, 0.2) and not is_suspect(Decimal("99.94"), median, 0.2)
    assert not is_suspect(Decimal("17.99"), median, 0.2)  # a normal 10 % drop
    assert not is_suspect(Decimal("0.19"), median, None) and not is_suspect(Decimal("1"), Decimal("0"), 0.2)
    # time-weighted: a price that held 29 days outweighs one that held 1 day
    assert weighted_median([(Decimal("19.99"), 29 * 86400), (Decimal("0.19"), 86400)]) == Decimal("19.99")


def test_one_off_misread_raises_nothing(any_db):
    register(any_db)
    for _ in range(3):
        crawl(any_db, [product("A", "19.99")], policy=CONFIRM1)
    run = crawl(any_db, [product("A", "0.19")], policy=CONFIRM1)
    assert changes(any_db) == []
    [held] = quarantined_prices(any_db)
    assert (held.product_key, held.suspect_price, held.median_price, held.seen_runs) == ("sku:A", Decimal("0.19"), Decimal("19.99"), 1)
    with any_db.session() as s:
        assert s.get(CrawlRun, run).stats["rivalwatch/quarantined_prices"] == 1
    crawl(any_db, [product("A", "19.99")], policy=CONFIRM1)
    assert changes(any_db) == []
    assert quarantined_prices(any_db) == []


def test_persistent_collapse_is_one_event_after_confirmation(any_db):
    register(any_db)
    crawl(any_db, [product("A", "19.99")], policy=CONFIRM1)
    for _ in range(suspect_confirm_runs(1) - 1):
        crawl(any_db, [product("A", "0.19")], policy=CONFIRM1)
        assert changes(any_db) == []
    crawl(any_db, [product("A", "0.19")], policy=CONFIRM1)
    assert changes(any_db) == [("changed", '"19.99"', '"0.19"')]
    crawl(any_db, [product("A", "0.19")], policy=CONFIRM1)
    assert len(changes(any_db)) == 1
    assert quarantined_prices(any_db) == []


def test_fivefold_rise_is_quarantined_and_normal_moves_are_not(any_db):
    register(any_db)
    crawl(any_db, [product("A", "19.99"), product("B", "19.99")], policy=CONFIRM1)
    crawl(any_db, [product("A", "1999"), product("B", "17.99")], policy=CONFIRM1)  # cents read as units; a 10 % cut
    assert changes(any_db) == [("changed", '"19.99"', '"17.99"')]
    assert [q.product_key for q in quarantined_prices(any_db)] == ["sku:A"]


def test_check_can_be_switched_off(any_db):
    register(any_db)
    policy = ApplyPolicy(confirm_runs=1, suspect_price_ratio=None)
    crawl(any_db, [product("A", "19.99")], policy=policy)
    crawl(any_db, [product("A", "0.19")], policy=policy)
    assert changes(any_db) == [("changed", '"19.99"', '"0.19"')]


# -- real crawls + alert planner, SQLite and PostgreSQL -----------------------------------------

def test_misread_between_equal_prices_alerts_nothing_and_real_cut_alerts_at_once(tmp_path, store, any_url):
    seq = Sequence(tmp_path, store, any_url)
    for price in ["19.99", "19.99", "0.19", "19.99"]:
        assert seq.crawl(prices=[price]) == "finished"
    assert seq.counts() == (0, 0)
    seq.crawl(prices=["17.99"])  # a normal 10 % drop is not held (confirm_runs: 1)
    assert seq.counts() == (1, 0)


def test_persistent_collapse_alerts_once_after_confirmation(tmp_path, store, any_url):
    seq = Sequence(tmp_path, store, any_url)
    seq.crawl(prices=["19.99"])
    seq.crawl(prices=["0.19"])
    seq.crawl(prices=["0.19"])
    assert seq.counts() == (0, 0)
    seq.crawl(prices=["0.19"])  # third consecutive read: max(confirm_runs, 2) + 1
    assert seq.counts() == (1, 0)
