"""Build runs through the storage write API, as the spider pipeline does."""

from __future__ import annotations

from storage import StoreInfo, apply_run, finish_run, stage_items, start_run, sync_store

HEALTHY = dict(status="finished", finish_reason="finished", pages=5, errors=0, healthy=True, health_reasons=[], stats={})


def product(sku: str, price: str, *, gtin: str | None = None, title: str | None = None, availability="InStock") -> dict:
    return {
        "kind": "product", "url": f"http://shop.test/p/{sku}", "provenance": {"price": "jsonld:Offer.price"},
        "title": title or f"Product {sku}", "price": price, "was_price": None, "currency": "IDR",
        "availability": availability, "sku": sku, "gtin": gtin, "mpn": None, "brand": None, "price_note": None,
    }


def shipping(options: list[tuple[str, str, int, int]], threshold: str | None = None) -> dict:
    return {
        "kind": "shipping", "url": "http://shop.test/shipping", "provenance": {},
        "options": [
            {"name": n, "price": p, "currency": "IDR", "min_days": lo, "max_days": hi, "business_days": True, "region": None}
            for n, p, lo, hi in options
        ],
        "free_shipping_threshold": {"amount": threshold, "currency": "IDR", "inclusive": True} if threshold else None,
        "processing_days": {"min": 0, "max": 1}, "text_hash": None,
    }


def returns(window: int, paid_by: str = "customer") -> dict:
    return {
        "kind": "returns", "url": "http://shop.test/returns", "provenance": {}, "window_days": window,
        "window_starts": "delivery", "accepted": "any", "return_shipping_paid_by": paid_by,
        "free_returns": paid_by == "merchant", "refund_types": ["money"], "restocking_fee": None,
        "label_provided": None, "refund_processing_days": None, "text_hash": None,
    }


def register(db, slug="rival", own=False) -> None:
    sync_store(db, StoreInfo(slug=slug, name=slug.title(), currency="IDR", own=own, country="ID"))


def crawl(db, items: list[dict], slug="rival", policy=None, **outcome) -> int:
    """Stage items as a run of ``slug``, finish it (healthy unless overridden) and apply it."""
    run_id = start_run(db, slug, "store")
    stage_items(db, run_id, items)
    finish_run(db, run_id, **{**HEALTHY, **outcome})
    apply_run(db, run_id, policy)
    return run_id
