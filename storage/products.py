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
    """Ensure a row per product item; return product key -> id for the store.

    Only products whose identifiers or title changed are rewritten; ``last_seen_at`` moves in one
    statement per 500 products (an UPDATE per product per crawl dominated re-crawls)."""
    latest = {product_key(item): item for item in items if item["kind"] == "product"}
    rows = [
        {"store_id": store_id, "key": key, "first_seen_at": now, "last_seen_at": now, **_identity(item)}
        for key, item in latest.items()
    ]
    insert_ignore(session, Product, rows, ["store_id", "key"])
    columns = [Product.key, Product.id, *(getattr(Product, name) for name in _IDENTITY)]
    stored = {row[0]: row for row in session.execute(select(*columns).where(Product.store_id == store_id))}
    for key, item in latest.items():
        known = dict(zip(_IDENTITY, stored[key][2:]))
        values = {k: v for k, v in _identity(item).items() if v is not None and v != known[k]}
        if values:
            session.execute(update(Product).where(Product.id == stored[key][1]).values(**values))
    seen = [stored[key][1] for key in latest]
    for start in range(0, len(seen), 500):
        session.execute(update(Product).where(Product.id.in_(seen[start:start + 500])).values(last_seen_at=now))
    return {key: row[1] for key, row in stored.items()}
