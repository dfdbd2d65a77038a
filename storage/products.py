"""Products of a store: insert new ones race-free and keep identifiers and titles current."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.facts import product_key
from storage.models import Product
from storage.upsert import insert_ignore

_IDENTITY = ("url", "title", "sku", "gtin", "mpn", "brand")


def _identity(item: dict) -> dict:
    return {name: (item.get(name) or None) for name in _IDENTITY}


def upsert_products(session: Session, store_id: int, items: list[dict], now) -> dict[str, int]:
    """Ensure a row per product item; return product key -> id for the store."""
    latest = {product_key(item): item for item in items if item["kind"] == "product"}
    rows = [
        {"store_id": store_id, "key": key, "first_seen_at": now, "last_seen_at": now, **_identity(item)}
        for key, item in latest.items()
    ]
    insert_ignore(session, Product, rows, ["store_id", "key"])
    ids = dict(session.execute(select(Product.key, Product.id).where(Product.store_id == store_id)).all())
    for key, item in latest.items():
        values = {k: v for k, v in _identity(item).items() if v is not None}
        session.execute(update(Product).where(Product.id == ids[key]).values(last_seen_at=now, **values))
    return ids
