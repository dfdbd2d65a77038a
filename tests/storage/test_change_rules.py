"""False-alert guards of change detection: confirmation, flip-flops, removal, mass changes, thresholds."""

from __future__ import annotations

from sqlalchemy import select

from storage import ApplyPolicy, release_held
from storage.models import ChangeEvent, Fact
from tests.storage.helpers import crawl, product, register, shipping


def events(db) -> list[ChangeEvent]:
    with db.session() as s:
        return list(s.scalars(select(ChangeEvent).order_by(ChangeEvent.id)))


CONFIRM2 = ApplyPolicy(confirm_runs=2)


def test_flip_flop_raises_nothing_until_confirmed(any_db):
    register(any_db)
    for price in ["19.99", "17.99", "19.99", "17.99", "19.99", "17.99"]:
        crawl(any_db, [product("A", price)], policy=CONFIRM2)
    assert events(any_db) == []
    crawl(any_db, [product("A", "17.99")], policy=CONFIRM2)  # seen twice in a row: confirmed
    [event] = events(any_db)
    assert (event.old_value, event.new_value) == ('"19.99"', '"17.99"')
    crawl(any_db, [product("A", "17.99")], policy=CONFIRM2)
    assert len(events(any_db)) == 1


def test_persistent_change_gives_exactly_one_event_after_n_runs(any_db):
    register(any_db)
    crawl(any_db, [product("A", "100.00")], policy=CONFIRM2)
    crawl(any_db, [product("A", "90.00")], policy=CONFIRM2)
    assert events(any_db) == []
    crawl(any_db, [product("A", "90.00")], policy=CONFIRM2)
    crawl(any_db, [product("A", "90.00")], policy=CONFIRM2)
    assert [e.summary for e in events(any_db)] == ["Product A: price 100 → 90 (−10.0 %, −10)"]


def test_missing_for_n_runs_is_removed_once(any_db):
    register(any_db)
    policy = ApplyPolicy(remove_after_runs=3)
    crawl(any_db, [product("A", "10"), product("B", "20")], policy=policy)
    crawl(any_db, [product("A", "10")], policy=policy)
    crawl(any_db, [product("A", "10")], policy=policy)
    assert events(any_db) == []
    crawl(any_db, [product("A", "10")], policy=policy)
    [event] = events(any_db)
    assert (event.kind, event.subject_key, event.field) == ("removed", "sku:B", "*")
    assert event.summary == "product gone: Product B"
    crawl(any_db, [product("A", "10")], policy=policy)
    assert len(events(any_db)) == 1


def test_seen_again_resets_the_missing_count(any_db):
    register(any_db)
    policy = ApplyPolicy(remove_after_runs=2)
    crawl(any_db, [product("A", "10"), product("B", "20")], policy=policy)
    crawl(any_db, [product("A", "10")], policy=policy)
    crawl(any_db, [product("A", "10"), product("B", "20")], policy=policy)
    crawl(any_db, [product("A", "10")], policy=policy)
    assert events(any_db) == []


def test_site_wide_change_raises_one_suspect_event_and_holds(any_db):
    register(any_db)
    catalog = [product(f"P{i}", "100") for i in range(20)]
    crawl(any_db, catalog)
    crawl(any_db, [product(f"P{i}", "1" if i < 15 else "100") for i in range(20)])
    [event] = events(any_db)
    assert event.kind == "suspect" and "15 of 20 products" in event.summary
    with any_db.session() as s:
        current = s.scalars(select(Fact.value).where(Fact.field == "price", Fact.valid_to.is_(None))).all()
    assert set(current) == {'"100"'}  # held: history untouched
    assert release_held(any_db, "rival") == 15
    assert sum(e.kind == "changed" for e in events(any_db)) == 15


def test_availability_and_option_wording(any_db):
    register(any_db)
    crawl(any_db, [product("A", "10"), shipping([("JNE REG", "18000", 2, 4)])])
    crawl(any_db, [product("A", "10", availability="OutOfStock"), shipping([("JNE REG", "18000", 1, 2)])])
    summaries = sorted(e.summary for e in events(any_db))
    assert summaries == [
        "JNE REG: maximum delivery days 4 → 2",
        "JNE REG: minimum delivery days 2 → 1",
        "Product A: out of stock (was InStock)",
    ]
