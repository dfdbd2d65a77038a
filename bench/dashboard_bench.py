"""Time the dashboard's reads on a large SQLite database (not a test; prints figures).

Usage: ``python bench/dashboard_bench.py`` or ``python -m bench.dashboard_bench``
`` [--observations 1000000] [--products 10000] [--competitors 20]``

Builds a migrated SQLite file in a temporary directory with the own store and N competitors, P
products split evenly (every competitor product shares a GTIN with an own product, so all of them
are matched), and ``observations`` price intervals spread over the products (one per day, the last
one open), plus each store's shipping / returns / support facts, daily crawl runs and change events.
Rows are written with Core ``executemany`` in one transaction (seconds, not the crawl path).

Then times, cold (no Streamlit cache), the data the Overview page needs — ``benchmark`` (service
levels + the SQL price index), ``compare_to_own``, the latest changes, the latest runs and every
store's evidence — against a target of 1.5 s, and one product's price history across stores against
0.5 s; and prints SQLite's query plan for the price lookups so a full scan shows up.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Run as a script, this folder is sys.path[0], and its platform.py would shadow the standard library's.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]
sys.path.insert(0, str(REPO))

from sqlalchemy import insert, select, text  # noqa: E402

from storage import Database, upgrade  # noqa: E402
from storage import matching, queries  # noqa: E402
from storage.models import ChangeEvent, CrawlRun, Fact, Product, Store  # noqa: E402
from storage.service_levels import compare_to_own  # noqa: E402

START = datetime(2026, 1, 1, 6, tzinfo=timezone.utc)
OVERVIEW_TARGET_S, HISTORY_TARGET_S = 1.5, 0.5
BATCH = 50_000


def _stores(conn, competitors: int) -> list[int]:
    rows = [{"slug": "own", "name": "Own", "own": True, "currency": "IDR", "country": "ID", "created_at": START}]
    rows += [{"slug": f"rival-{i:02d}", "name": f"Rival {i:02d}", "own": False, "currency": "IDR", "country": "ID",
              "created_at": START} for i in range(competitors)]
    conn.execute(insert(Store), rows)
    return list(conn.scalars(select(Store.id).order_by(Store.id)))


def _runs(conn, store_ids: list[int], days: int) -> dict[int, list[int]]:
    rows = [{"store_id": sid, "spider": "store", "started_at": START + timedelta(days=d),
             "finished_at": START + timedelta(days=d, minutes=5), "status": "finished", "finish_reason": "finished",
             "pages": 100, "items": 100, "errors": 0, "healthy": True, "health_reasons": [],
             "applied_at": START + timedelta(days=d, minutes=5)} for d in range(days) for sid in store_ids]
    conn.execute(insert(CrawlRun), rows)
    runs: dict[int, list[int]] = {}
    for run_id, store_id in conn.execute(select(CrawlRun.id, CrawlRun.store_id).order_by(CrawlRun.id)):
        runs.setdefault(store_id, []).append(run_id)
    return runs


def _products(conn, store_ids: list[int], total: int) -> list[tuple[int, int]]:
    per_store = total // len(store_ids)
    rows = [{"store_id": sid, "key": f"gtin:{n:013d}", "url": f"https://s{sid}.example/p/{n}",
             "title": f"Product {n}", "gtin": f"{n:013d}", "brand": f"Brand {n % 40}",
             "first_seen_at": START, "last_seen_at": START} for sid in store_ids for n in range(per_store)]
    conn.execute(insert(Product), rows)
    return list(conn.execute(select(Product.id, Product.store_id).order_by(Product.id)))


def _price_facts(products, runs, per_product: int):
    """Price intervals, one per day, the last one open; prices drift so every interval differs."""
    for product_id, store_id in products:
        store_runs = runs[store_id]
        for day in range(per_product):
            frm = START + timedelta(days=day, minutes=5)
            yield {"store_id": store_id, "product_id": product_id, "subject_type": "product",
                   "subject_key": f"p{product_id}", "field": "price", "value": json.dumps(str(10_000 + (product_id * 7 + day * 13) % 5_000)),
                   "source_url": f"https://s{store_id}.example/p/{product_id}", "provenance": "jsonld:Offer.price",
                   "valid_from": frm, "valid_to": None if day == per_product - 1 else frm + timedelta(days=1),
                   "last_seen_at": frm, "first_run_id": store_runs[day], "last_run_id": store_runs[day],
                   "missing_runs": 0}


def _service_facts(store_ids, runs, now):
    fields = [("shipping_option", "regular", "price", '"15000"'), ("shipping_option", "regular", "max_days", "4"),
              ("shipping_option", "regular", "min_days", "2"), ("shipping_option", "express", "price", '"30000"'),
              ("shipping_option", "express", "max_days", "1"),
              ("shipping", "policy", "free_shipping_threshold", '{"amount":"250000","currency":"IDR","inclusive":true}'),
              ("returns", "policy", "window_days", "14"), ("returns", "policy", "return_shipping_paid_by", '"customer"'),
              ("support", "signals", "live_chat", "true"), ("support", "signals", "email", "true")]
    for sid in store_ids:
        for subject_type, key, field, value in fields:
            yield {"store_id": sid, "product_id": None, "subject_type": subject_type, "subject_key": key, "field": field,
                   "value": value, "source_url": f"https://s{sid}.example/{subject_type}", "provenance": "text:en",
                   "valid_from": START, "valid_to": None, "last_seen_at": now, "first_run_id": runs[sid][0],
                   "last_run_id": runs[sid][-1], "missing_runs": 0}


def _changes(products, runs, count: int):
    for i, (product_id, store_id) in enumerate(products[:count]):
        day = i % len(runs[store_id])
        yield {"store_id": store_id, "run_id": runs[store_id][day], "product_id": product_id, "subject_type": "product",
               "subject_key": f"p{product_id}", "subject_label": f"Product {product_id}", "field": "price",
               "kind": "changed", "severity": "info", "old_value": '"10000"', "new_value": '"11000"',
               "magnitude": 10, "summary": f"Product {product_id}: price 10000 → 11000",
               "detected_at": START + timedelta(days=day, minutes=5)}


def _insert(conn, model, rows) -> int:
    batch, total = [], 0
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            conn.execute(insert(model), batch)
            total, batch = total + len(batch), []
    if batch:
        conn.execute(insert(model), batch)
    return total + len(batch)


def build(path: Path, observations: int, products: int, competitors: int) -> Database:
    """Create and fill the benchmark database; print how long it took."""
    db = Database.connect(f"sqlite:///{path}")
    upgrade(db)
    per_product = max(1, observations // products)
    began = time.perf_counter()
    with db.engine.begin() as conn:
        store_ids = _stores(conn, competitors)
        runs = _runs(conn, store_ids, per_product)
        rows = _products(conn, store_ids, products)
        prices = _insert(conn, Fact, _price_facts(rows, runs, per_product))
        _insert(conn, Fact, _service_facts(store_ids, runs, START + timedelta(days=per_product)))
        events = _insert(conn, ChangeEvent, _changes(rows, runs, 50_000))
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    print(f"built {len(rows):,} products, {prices:,} price intervals, {events:,} change events, "
          f"{len(store_ids) - 1} competitors in {time.perf_counter() - began:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")
    return db


def _timed(label: str, fn, target: float | None = None):
    began = time.perf_counter()
    result = fn()
    took = time.perf_counter() - began
    verdict = "" if target is None else ("  OK" if took < target else f"  SLOW (target < {target} s)")
    print(f"  {label:<42} {took:7.3f} s{verdict}")
    return result, took


def overview(db: Database) -> None:
    """Everything the Overview page reads and shapes, as the data module does it (uncached): the
    benchmark, where we lose / win, the levels × stores grid, this week's changes worded for managers,
    the latest runs and every store's evidence."""
    from dashboard import benchmark_view, shaping
    from storage import standing

    bench = queries.benchmark(db)
    compare_to_own(bench)
    evidence = {slug: queries.evidence(db, slug) for slug in bench["store"]}
    links = {(slug, lv.key): next((e["source_url"] for e in facts if (e["subject_type"], e["field"])
                                   == standing.evidence_field(lv.key)), None)
             for slug, facts in evidence.items() for lv in standing.LEVELS}
    benchmark_view.standings_html(standing.standings(bench), links)
    benchmark_view.grid_html(bench, links)
    week = queries.changes_feed(db, since=datetime.now(timezone.utc) - timedelta(days=7), limit=10)
    shaping.change_rows(week if len(week) else queries.changes_feed(db, limit=10), "Asia/Jakarta")
    queries.last_runs(db)


def plans(db: Database, own_product: int) -> None:
    """Print SQLite's plan for the current-price lookup and the price history query."""
    statements = {
        "current prices (price index CTE)": "SELECT product_id, value FROM facts WHERE subject_type = 'product' "
                                            "AND field = 'price' AND valid_to IS NULL AND store_id IN (SELECT id FROM stores)",
        "price history of a product": "SELECT * FROM facts WHERE product_id = :p AND field = 'price' ORDER BY valid_from",
        "latest changes": "SELECT * FROM change_events ORDER BY detected_at DESC, id DESC LIMIT 10",
    }
    with db.engine.connect() as conn:
        for label, sql in statements.items():
            plan = [row[-1] for row in conn.execute(text(f"EXPLAIN QUERY PLAN {sql}"), {"p": own_product})]
            print(f"  plan, {label}: {' / '.join(plan)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--observations", type=int, default=1_000_000)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--competitors", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="Build the database at this path, or reuse it if it exists.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "bench.sqlite"
        if path.exists():
            db = Database.connect(f"sqlite:///{path}")
        else:
            db = build(path, args.observations, args.products, args.competitors)
        with db.engine.connect() as conn:
            own_product = conn.execute(
                text("SELECT p.id FROM products p JOIN stores s ON s.id = p.store_id AND s.own LIMIT 1")).scalar()
        print("timings (cold, no Streamlit cache):")
        _, first = _timed("overview data (benchmark, changes, runs, evidence)", lambda: overview(db), OVERVIEW_TARGET_S)
        _timed("overview data, second call", lambda: overview(db), OVERVIEW_TARGET_S)
        _timed("benchmark only", lambda: queries.benchmark(db))
        history, _ = _timed("one product's price history (all stores)",
                            lambda: matching.product_price_history(db, own_product), HISTORY_TARGET_S)
        print(f"    ({len(history):,} intervals across {history['store'].nunique()} stores)")
        _timed("matched products with current prices", lambda: matching.matched_products(db))
        _timed("changes feed, 1000 newest", lambda: queries.changes_feed(db, limit=1000))
        _timed("price index over time (12 days)", lambda: matching.price_index_history(db, points=12))
        plans(db, own_product)
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
