"""A small benchmark database built through the public write API: the own store and two competitors.

Two healthy crawls per store, a week apart. The own store offers pickup (not delivery) and Rival A
lists a free "orders ≥ threshold" row: neither may become the cheapest shipping. Between them Rival A raises its Economy shipping price
(9000 → 12000 IDR), cuts product GTIN …017 (90000 → 85000 IDR) and lists a new product whose title
is an HTML injection attempt. Hand-computed expectations live in ``EXPECTED`` so the storage and
dashboard tests assert the same numbers.
"""

from __future__ import annotations

from datetime import datetime, timezone

from spiders.items import ProductItem, ReturnsItem, ShippingItem, SupportItem
from storage import Database, StoreInfo, apply_run, finish_run, stage_items, start_run, sync_store, upgrade

FIRST_CRAWL = datetime(2026, 11, 1, 6, 0, tzinfo=timezone.utc)
SECOND_CRAWL = datetime(2026, 11, 8, 6, 0, tzinfo=timezone.utc)
XSS_TITLE = "<img src=x onerror=alert(1)>"

EXPECTED = {
    # Rival A after the second crawl: 100 × mean(85000/100000, 210000/200000) = 100 × 0.95
    "rival_a_price_index": "95.0",
    # Rival B: 100 × mean(55000/50000 by SKU, 100000/100000 by GTIN); the USD product is excluded
    "rival_b_price_index": "105.0",
    "own_threshold": "250000",
    "rival_a_threshold": "150000",
}

OWN = StoreInfo("tokoku", "Tokoku", "IDR", own=True, country="ID")
RIVAL_A = StoreInfo("rival-a", "Rival A", "IDR", country="ID")
RIVAL_B = StoreInfo("rival-b", "Rival B", "IDR", country="ID")


def product_item(base: str, title: str, price: str, *, gtin=None, sku=None, currency="IDR") -> dict:
    url = f"https://{base}/p/{sku or gtin}"
    return ProductItem(url=url, title=title, price=price, currency=currency, gtin=gtin, sku=sku,
                       availability="InStock", provenance={"price": "jsonld:Offer.price"}).model_dump(mode="json")


def _shipping(base: str, options: list[dict], threshold: str | None = None) -> dict:
    fst = {"amount": threshold, "currency": "IDR", "inclusive": True} if threshold else None
    return ShippingItem(url=f"https://{base}/shipping", options=options, free_shipping_threshold=fst,
                        processing_days={"min": 1, "max": 2},
                        provenance={"options": "text:en:shipping-row"}).model_dump(mode="json")


def _returns(base: str, **fields) -> dict:
    return ReturnsItem(url=f"https://{base}/returns", provenance={"window_days": "text:en:window"},
                       **fields).model_dump(mode="json")


def _support(base: str, **fields) -> dict:
    return SupportItem(url=f"https://{base}/help", **fields).model_dump(mode="json")


def own_items() -> list[dict]:
    base = "tokoku.example"
    return [
        _shipping(base, [
            {"name": "Regular", "price": "15000", "currency": "IDR", "min_days": 2, "max_days": 4},
            {"name": "Express", "price": "30000", "currency": "IDR", "min_days": 1, "max_days": 1},
            {"name": "Ambil di toko", "price": "0", "currency": "IDR"},  # pickup is not delivery
        ], threshold="250000"),
        _returns(base, window_days=7, window_starts="delivery", accepted="any",
                 return_shipping_paid_by="customer", free_returns=False, refund_types=["money"],
                 label_provided=False),
        _support(base, live_chat=False, phone=True, email=True, faq=True, order_tracking=True,
                 hours="Mon-Fri 09:00-17:00", rating_value="4.5", rating_count=120),
        product_item(base, "Kopi Gayo 250 g", "100000", gtin="0000000000017", sku="T-1"),
        product_item(base, "Teh Hijau 100 g", "200000", gtin="0000000000024", sku="T-2"),
        product_item(base, "Gula Aren 1 kg", "50000", sku="SHARED-9"),
    ]


def rival_a_items(second: bool) -> list[dict]:
    base = "rival-a.example"
    items = [
        _shipping(base, [
            {"name": "Economy", "price": "12000" if second else "9000", "currency": "IDR", "min_days": 3, "max_days": 5},
            {"name": "Same day", "price": "45000", "currency": "IDR", "min_days": 0, "max_days": 0},
            # A rate-table row that restates the free-shipping threshold, not a cheaper method.
            {"name": "Economy, orders ≥ Rp150.000", "price": "0", "currency": "IDR", "min_days": 3, "max_days": 5},
        ], threshold="150000"),
        _returns(base, window_days=30, window_starts="delivery", accepted="any",
                 return_shipping_paid_by="merchant", free_returns=True, refund_types=["money", "exchange"],
                 label_provided=True),
        _support(base, live_chat=True, phone=False, email=True, faq=True, order_tracking=True,
                 rating_value="4.7", rating_count=900),
        product_item(base, "Kopi Gayo", "85000" if second else "90000", gtin="0000000000017"),
        product_item(base, "Teh Hijau", "210000", gtin="0000000000024"),
    ]
    if second:
        items.append(product_item(base, XSS_TITLE, "1000", sku="X-1"))
    return items


def rival_b_items() -> list[dict]:
    base = "rival-b.example"
    return [
        _shipping(base, [{"name": "Standard", "price": "20000", "currency": "IDR", "min_days": 2, "max_days": 3}]),
        _returns(base, window_days=14, accepted="defect_only", return_shipping_paid_by="customer"),
        _support(base, live_chat=False, email=True),
        product_item(base, "Gula Aren", "55000", sku="SHARED-9"),
        product_item(base, "Kopi", "100000", gtin="0000000000017", sku="B-17"),
        product_item(base, "Teh (US)", "15", gtin="0000000000024", sku="B-24", currency="USD"),
    ]


def crawl(db: Database, slug: str, items: list[dict], at: datetime) -> int:
    """One healthy crawl of a store, applied; returns the number of change events."""
    run_id = start_run(db, slug, "test")
    stage_items(db, run_id, items)
    finish_run(db, run_id, status="finished", finish_reason="finished", pages=len(items), errors=0,
               healthy=True, health_reasons=[], stats={}, finished_at=at)
    return apply_run(db, run_id)


def fill_sample_db(db: Database) -> None:
    """Register the three stores and apply both crawls to a migrated database."""
    for info in (OWN, RIVAL_A, RIVAL_B):
        sync_store(db, info)
    for second, at in ((False, FIRST_CRAWL), (True, SECOND_CRAWL)):
        crawl(db, "tokoku", own_items(), at)
        crawl(db, "rival-a", rival_a_items(second), at)
        crawl(db, "rival-b", rival_b_items(), at)


def build_sample_db(path) -> str:
    """Create, migrate and fill the sample SQLite database at ``path``; return its URL."""
    url = f"sqlite:///{path}"
    db = Database.connect(url)
    upgrade(db)
    fill_sample_db(db)
    db.dispose()
    return url


def build_empty_db(path) -> str:
    """A migrated database with no stores."""
    url = f"sqlite:///{path}"
    db = Database.connect(url)
    upgrade(db)
    db.dispose()
    return url
