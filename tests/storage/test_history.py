"""Fact history as intervals and change events, through the storage write API (SQLite and PostgreSQL)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from storage import apply_run
from storage.models import ChangeEvent, CrawlRun, Fact, StagedItem
from storage.runs import start_run, stage_items
from tests.storage.helpers import crawl, product, register, returns, shipping


def _count(db, model, *where) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def _events(db):
    with db.session() as s:
        return list(s.scalars(select(ChangeEvent).order_by(ChangeEvent.id)))


V1 = [product("A", "100000"), product("B", "50000"), shipping([("JNE REG", "18000", 2, 4)]), returns(30)]


def test_unchanged_recrawl_adds_no_fact_rows(any_db):
    register(any_db)
    crawl(any_db, V1)
    facts_after_first = _count(any_db, Fact)
    for _ in range(3):
        crawl(any_db, V1)
    assert _count(any_db, Fact) == facts_after_first
    assert _events(any_db) == []
    with any_db.session() as s:
        last_run = s.scalar(select(func.max(CrawlRun.id)))
        assert s.scalar(select(func.min(Fact.last_run_id))) == last_run  # last_seen moved forward
    assert _count(any_db, StagedItem) == 0


def test_changes_close_intervals_and_create_events(any_db):
    register(any_db)
    crawl(any_db, V1)
    v2 = [product("A", "92000"), product("B", "50000"),
          shipping([("JNE REG", "20000", 2, 4), ("Ambil di toko", "0", 0, 0)], threshold="150000"), returns(14)]
    crawl(any_db, v2)
    events = {(e.subject_key, e.field): e for e in _events(any_db)}
    price = events[("sku:A", "price")]
    assert (price.old_value, price.new_value, price.kind) == ('"100000"', '"92000"', "changed")
    assert Decimal(price.magnitude) == Decimal("-8.00")
    assert "−8.0 %" in price.summary
    assert events[("jne reg", "price")].new_value == '"20000"'
    assert events[("ambil di toko", "*")].kind == "added"
    threshold = events[("policy", "free_shipping_threshold")]
    assert threshold.old_value is None and '"150000"' in threshold.new_value
    assert events[("policy", "window_days")].summary.endswith("30 → 14")
    assert len(events) == 5
    # The old price interval is closed; exactly one open value per field.
    assert _count(any_db, Fact, Fact.subject_key == "sku:A", Fact.field == "price") == 2
    assert _count(any_db, Fact, Fact.subject_key == "sku:A", Fact.field == "price", Fact.valid_to.is_(None)) == 1


def test_unhealthy_run_stores_nothing_and_raises_no_event(any_db):
    register(any_db)
    crawl(any_db, V1)
    before = _count(any_db, Fact)
    crawl(any_db, [product("A", "1")], status="failed", finish_reason="closespider_timeout", healthy=False,
          health_reasons=["timeout"])
    assert _count(any_db, Fact) == before
    assert _events(any_db) == []
    assert _count(any_db, StagedItem) == 0


def test_missing_fact_is_not_seen_not_removed(any_db):
    register(any_db)
    crawl(any_db, V1)
    crawl(any_db, [product("A", "100000"), shipping([("JNE REG", "18000", 2, 4)]), returns(30)])  # B missing
    assert _events(any_db) == []
    assert _count(any_db, Fact, Fact.subject_key == "sku:B", Fact.valid_to.is_(None)) > 0


def test_applying_a_run_twice_is_idempotent(any_db):
    register(any_db)
    crawl(any_db, V1)
    run_id = start_run(any_db, "rival", "store")
    stage_items(any_db, run_id, [product("A", "90000")])
    stage_items(any_db, run_id, [product("A", "90000")])  # replayed batch
    from storage import finish_run
    from tests.storage.helpers import HEALTHY

    finish_run(any_db, run_id, **HEALTHY)
    assert apply_run(any_db, run_id) == 1
    assert apply_run(any_db, run_id) == 0
    assert len(_events(any_db)) == 1


def test_stale_running_run_becomes_aborted(any_db):
    register(any_db)
    crashed = start_run(any_db, "rival", "store")
    stage_items(any_db, crashed, [product("A", "1")])
    start_run(any_db, "rival", "store")
    with any_db.session() as s:
        run = s.get(CrawlRun, crashed)
        assert run.status == "aborted" and run.healthy is False
    assert _count(any_db, StagedItem, StagedItem.run_id == crashed) == 0
