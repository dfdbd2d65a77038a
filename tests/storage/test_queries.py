"""The read API and the benchmark on a hand-made database (own store + two competitors, two crawls).

Every expected number is computed by hand from ``tests/dashboard/sample_db.py``; the benchmark
and price-index SQL run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from storage import StoreInfo, sync_store
from storage.models import Product
from storage.queries import benchmark, compare_to_own, evidence, last_runs, price_history, recent_changes, stores
from tests.dashboard.sample_db import (
    EXPECTED, FIRST_CRAWL, SECOND_CRAWL, XSS_TITLE, crawl, fill_sample_db, product_item, rival_b_items,
)


@pytest.fixture
def db(any_db):
    fill_sample_db(any_db)
    return any_db


def test_benchmark_rows_own_store_first(db):
    df = benchmark(db)
    assert list(df["store"]) == ["tokoku", "rival-a", "rival-b"]
    assert list(df["own"]) == [True, False, False]


def test_benchmark_shipping(db):
    df = benchmark(db)
    own, a, b = df.loc["tokoku"], df.loc["rival-a"], df.loc["rival-b"]
    assert (own["ship_cheapest_price"], own["ship_cheapest_days"]) == (Decimal("15000"), "2–4")
    # Rival A's Economy went 9000 → 12000 in the second crawl: the current value counts.
    assert (a["ship_cheapest_name"], a["ship_cheapest_price"], a["ship_cheapest_currency"]) == (
        "Economy", Decimal("12000"), "IDR")
    assert (a["ship_fastest_name"], a["ship_fastest_days"], a["ship_fastest_price"]) == (
        "Same day", "0", Decimal("45000"))
    assert (a["ship_same_day"], a["ship_next_day"], own["ship_same_day"], own["ship_next_day"]) == (
        True, True, False, True)
    assert (own["free_shipping_threshold"], own["free_shipping_currency"], own["free_shipping_inclusive"]) == (
        Decimal("250000"), "IDR", True)
    assert a["free_shipping_threshold"] == Decimal("150000")
    assert b["free_shipping_threshold"] is None  # never stated: unknown, not zero
    assert (own["ship_options"], a["ship_options"], b["ship_options"]) == (2, 3, 1)  # pickup is not delivery
    assert (own["ship_pickup"], a["ship_pickup"], b["ship_pickup"]) == (True, False, False)
    assert (own["processing_days_min"], own["processing_days_max"]) == (1, 2)


def test_benchmark_returns_and_support(db):
    df = benchmark(db)
    own, a, b = df.loc["tokoku"], df.loc["rival-a"], df.loc["rival-b"]
    assert [own["return_window_days"], a["return_window_days"], b["return_window_days"]] == [7, 30, 14]
    assert (a["return_shipping_paid_by"], a["free_returns"], a["return_label"]) == ("merchant", True, True)
    assert a["refund_types"] == "exchange, money"
    assert b["returns_accepted"] == "defect_only"
    assert (a["support_live_chat"], own["support_live_chat"], own["support_phone"]) == (True, False, True)
    assert (a["rating_value"], a["rating_count"]) == (Decimal("4.7"), 900)
    assert b["support_whatsapp"] is None


def test_price_index_by_hand(db):
    df = benchmark(db)
    a, b, own = df.loc["rival-a"], df.loc["rival-b"], df.loc["tokoku"]
    # A: GTIN …017 85000/100000, GTIN …024 210000/200000 → 100 × (0.85 + 1.05) / 2
    assert (a["price_index"], a["products_matched"], a["products_compared"]) == (Decimal("95.0"), 2, 2)
    assert a["own_cheapest_share"] == Decimal("50.0")  # cheaper on …024 only
    # B: SKU SHARED-9 55000/50000, GTIN …017 100000/100000 (a tie is not "cheapest");
    # GTIN …024 is matched but priced in USD, so it is left out of the index.
    assert (b["price_index"], b["products_matched"], b["products_compared"]) == (Decimal("105.0"), 3, 2)
    assert b["own_cheapest_share"] == Decimal("50.0")
    # Own row: cheapest against every competitor on …024 and SHARED-9, not on …017 → 2 of 3.
    assert (own["price_index"], own["products_matched"], own["own_cheapest_share"]) == (None, 3, Decimal("66.7"))


def test_compare_to_own_marks_where_we_are_worse(db):
    marks = compare_to_own(benchmark(db))
    a, b = marks.loc["rival-a"], marks.loc["rival-b"]
    assert a["ship_cheapest_price"] == "cheaper shipping"
    assert a["free_shipping_threshold"] == "lower free-shipping threshold"
    assert a["return_window_days"] == "longer return window"
    assert a["return_shipping_paid_by"] == "pays return shipping"
    assert a["ship_same_day"] == "offers same-day delivery"
    assert a["support_live_chat"] == "has live chat"
    assert a["price_index"] == "lower prices"
    assert b["return_window_days"] == "longer return window"
    # B is dearer on shipping and prices; its unknown threshold is not a reason to mark us worse.
    assert b[["ship_cheapest_price", "price_index", "free_shipping_threshold", "support_phone"]].isna().all()
    assert marks.loc["tokoku"].isna().all()


def test_recent_changes_lists_second_crawl(db):
    df = recent_changes(db)
    assert set(df["store"]) == {"rival-a"}  # the first crawl is the baseline
    shipping = df[df["subject"] == "Economy"].iloc[0]
    assert (shipping["field"], shipping["kind"], shipping["old"], shipping["new"]) == ("price", "changed", "9000", "12000")
    assert shipping["magnitude"] == Decimal("33.33")
    assert shipping["detected_at"] == SECOND_CRAWL
    product = df[df["subject"] == "Kopi Gayo"].iloc[0]
    assert (product["old"], product["new"], product["magnitude"]) == ("90000", "85000", Decimal("-5.56"))
    added = df[df["kind"] == "added"].iloc[0]
    assert added["subject"] == XSS_TITLE and added["summary"].startswith(f"New product: {XSS_TITLE} (")
    assert df[df["subject"] == "Kopi Gayo"].iloc[0]["summary"].endswith("Rp 90.000 → Rp 85.000 (−5.6%)")


def test_recent_changes_filters(db):
    assert len(recent_changes(db, since=date(2026, 11, 8))) == 3
    assert recent_changes(db, since=datetime(2026, 11, 8, 7, tzinfo=timezone.utc)).empty
    assert recent_changes(db, store="rival-b").empty
    assert len(recent_changes(db, store="rival-a", limit=2)) == 2


def test_evidence_links_a_cell_to_its_source(db):
    rows = evidence(db, "rival-a", "shipping_option", "price")
    assert [(r["subject_key"], r["value"]) for r in rows] == [
        ("economy", "12000"), ("economy, orders ≥ rp150.000", "0"), ("same day", "45000")]
    assert rows[0]["source_url"] == "https://rival-a.example/shipping"
    assert rows[0]["valid_from"] == SECOND_CRAWL and rows[2]["last_seen_at"] == SECOND_CRAWL
    threshold = evidence(db, "tokoku", "shipping", "free_shipping_threshold")
    assert [r["value"] for r in threshold] == ["250000 IDR or more"]
    assert {r["subject_type"] for r in evidence(db, "rival-a")} >= {"shipping", "returns", "support"}


def test_stores_runs_and_price_history(db):
    assert list(stores(db)["slug"]) == ["tokoku", "rival-a", "rival-b"]
    runs = last_runs(db)
    assert list(runs["status"]) == ["finished"] * 3 and list(runs["healthy"]) == [True] * 3
    assert list(runs["finished_at"]) == [SECOND_CRAWL] * 3
    history = price_history(db, "0000000000017")
    rival_a = history[history["store"] == "rival-a"]
    assert list(rival_a["price"]) == [Decimal("90000"), Decimal("85000")]
    assert rival_a["valid_to"].isna().tolist() == [False, True]
    assert len(price_history(db, int(rival_a["product_id"].iloc[0]))) == 2


def test_empty_database(sqlite_db):
    assert benchmark(sqlite_db).empty
    assert compare_to_own(benchmark(sqlite_db)).empty
    assert recent_changes(sqlite_db).empty and last_runs(sqlite_db).empty and stores(sqlite_db).empty


def test_price_matching_rules(sqlite_db):
    sync_store(sqlite_db, StoreInfo("own", "Own", "IDR", own=True))
    sync_store(sqlite_db, StoreInfo("rival", "Rival", "IDR"))
    crawl(sqlite_db, "own", [product_item("own.example", "A", "100", gtin="111", sku="S1"),
                             product_item("own.example", "B", "100", sku="S2"),
                             product_item("own.example", "C", "100", gtin="333")], FIRST_CRAWL)
    crawl(sqlite_db, "rival", [product_item("r.example", "A'", "50", gtin="999", sku="S1"),   # GTINs differ: no match
                               product_item("r.example", "B'", "120", gtin="222", sku="S2"),  # own has no GTIN: SKU
                               product_item("r.example", "C'", "80", sku="R-C")], FIRST_CRAWL)  # linked by hand
    with sqlite_db.session() as s:
        own_c = s.scalar(select(Product.id).where(Product.gtin == "333"))
        s.execute(update(Product).where(Product.key == "sku:R-C").values(own_product_id=own_c))
    rival = benchmark(sqlite_db).loc["rival"]
    # 100 × (120/100 + 80/100) / 2; the own store is cheaper on B only.
    assert (rival["products_matched"], rival["price_index"], rival["own_cheapest_share"]) == (
        2, Decimal("100.0"), Decimal("50.0"))


def test_benchmark_without_own_store(sqlite_db):
    sync_store(sqlite_db, StoreInfo("rival-b", "Rival B", "IDR"))
    crawl(sqlite_db, "rival-b", rival_b_items(), FIRST_CRAWL)
    df = benchmark(sqlite_db)
    assert df.loc["rival-b", "return_window_days"] == 14 and df.loc["rival-b", "price_index"] is None
    assert compare_to_own(df).isna().all().all()


# --- dashboard read API: change feed, histories, sources, matching ---------------------------------


def test_changes_feed_filters_and_evidence(db):
    from storage.queries import changes_feed

    feed = changes_feed(db)
    economy = feed[feed["subject"] == "Economy"].iloc[0]
    assert (economy["severity"], economy["source_url"]) == ("warning", "https://rival-a.example/shipping")
    assert (economy["old_raw"], economy["new_raw"]) == ('"9000"', '"12000"')
    assert set(changes_feed(db, kinds=["added"])["subject"]) == {XSS_TITLE}
    assert len(changes_feed(db, severities=["warning"])) == len(feed[feed["severity"] == "warning"])
    assert changes_feed(db, until=date(2026, 11, 8)).empty  # exclusive end: before the second crawl
    assert len(changes_feed(db, since=date(2026, 11, 8), until=date(2026, 11, 9), stores=["rival-a"])) == 3


def test_fact_history_and_shipping_options(db):
    from storage.queries import fact_history, shipping_options

    economy = fact_history(db, "shipping_option", "price")
    economy = economy[(economy["store"] == "rival-a") & (economy["subject_key"] == "economy")]
    assert list(economy["shown"]) == ["9000", "12000"]
    assert list(economy["valid_from"]) == [FIRST_CRAWL, SECOND_CRAWL]
    assert economy["valid_to"].isna().tolist() == [False, True]
    options = shipping_options(db)
    rival_a = options[options["store"] == "rival-a"].set_index("option")
    assert rival_a.loc["economy", "price"] == "12000" and rival_a.loc["same day", "max_days"] == 0
    assert rival_a.loc["economy", "source_url"] == "https://rival-a.example/shipping"


def test_source_status_and_run_history(db):
    from storage.queries import run_history, source_status

    assert len(run_history(db)) == 6
    assert list(run_history(db, since=date(2026, 11, 8))["finished_at"]) == [SECOND_CRAWL] * 3
    sync_store(db, StoreInfo("rival-a", "Rival A", "IDR", sources=(
        ("shipping", "https://rival-a.example/shipping", "http"), ("sitemap", "https://rival-a.example/sm.xml", "http"))))
    status = source_status(db).set_index("url")
    assert status.loc["https://rival-a.example/shipping", "last_data_at"] == SECOND_CRAWL
    assert status.loc["https://rival-a.example/sm.xml", "facts"] is None


def test_matching_suggest_confirm_and_history(db):
    from storage import matching

    crawl(db, "rival-b", [*rival_b_items(), product_item("rival-b.example", "Kopi Gayo 250 gram", "98000", sku="B-99")],
          SECOND_CRAWL)
    suggested = matching.match_suggestions(db)
    row = suggested[suggested["title"] == "Kopi Gayo 250 gram"].iloc[0]
    assert row["own_title"] == "Kopi Gayo 250 g"
    with pytest.raises(ValueError):
        matching.confirm_match(db, int(row["own_id"]), int(row["own_id"]))  # own → own
    with pytest.raises(ValueError):
        matching.confirm_match(db, int(row["product_id"]), int(row["product_id"]))  # to a competitor product
    matching.confirm_match(db, int(row["product_id"]), int(row["own_id"]))
    pairs = matching.matched_products(db)
    confirmed = pairs[pairs["how"] == "confirmed"].iloc[0]
    assert (confirmed["title"], confirmed["price"], confirmed["own_price"]) == (
        "Kopi Gayo 250 gram", Decimal("98000"), Decimal("100000"))
    assert "Kopi Gayo 250 gram" not in set(matching.match_suggestions(db)["title"])
    history = matching.product_price_history(db, int(row["own_id"]))
    assert set(history["store"]) == {"tokoku", "rival-a", "rival-b"}
    rival_a = history[history["store"] == "rival-a"]
    assert list(rival_a["price"]) == [Decimal("90000"), Decimal("85000")]


def test_price_index_over_time(db):
    from storage import matching

    history = matching.price_index_history(db)
    rival_a = history[history["store"] == "rival-a"].sort_values("at")
    # First crawl: 100 × mean(90000/100000, 210000/200000) = 97.5; second: 95.0 (EXPECTED).
    assert list(rival_a["price_index"]) == [Decimal("97.5"), Decimal(EXPECTED["rival_a_price_index"])]
    assert list(rival_a["at"]) == [FIRST_CRAWL, SECOND_CRAWL]
