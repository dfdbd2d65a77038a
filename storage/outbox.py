"""The alert outbox: which events go to which channel, delivery attempts and the delivery log.

Events are planned (rows written here) in one transaction with marking them planned, so a crash
never loses or doubles a delivery; the unique idempotency key makes re-planning harmless.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import and_, select, update

from storage.db import Database
from storage.models import AlertDelivery, ChangeEvent, Fact, Product, Store, utcnow
from storage.upsert import insert_ignore


@dataclass(frozen=True)
class EventView:
    """A change event with what alerting needs to know about it."""

    id: int
    store_slug: str
    store_name: str
    own_store: bool
    subject_type: str
    subject_key: str
    subject_label: str | None
    field: str
    kind: str
    old_value: str | None
    new_value: str | None
    magnitude: Decimal | None
    severity: str
    summary: str
    detected_at: datetime
    product_id: int | None
    currency: str | None = None  # the store's, for wording money in alerts


@dataclass(frozen=True)
class DueDelivery:
    """A pending delivery whose time has come, with its event."""

    id: int
    channel: str
    mode: str
    attempts: int
    event: EventView


_EVENT_COLUMNS = (
    ChangeEvent.id, Store.slug, Store.name, Store.own, ChangeEvent.subject_type, ChangeEvent.subject_key,
    ChangeEvent.subject_label, ChangeEvent.field, ChangeEvent.kind, ChangeEvent.old_value, ChangeEvent.new_value,
    ChangeEvent.magnitude, ChangeEvent.severity, ChangeEvent.summary, ChangeEvent.detected_at, ChangeEvent.product_id,
    Store.currency,
)


def unplanned_events(db: Database, limit: int = 5000) -> list[EventView]:
    """Events whose alert rules were not evaluated yet, oldest first."""
    query = (
        select(*_EVENT_COLUMNS).join(Store, Store.id == ChangeEvent.store_id)
        .where(ChangeEvent.alerts_planned_at.is_(None)).order_by(ChangeEvent.id).limit(limit)
    )
    with db.read() as s:
        return [EventView(*row) for row in s.execute(query)]


def plan_deliveries(db: Database, event_ids: list[int], deliveries: list[dict]) -> None:
    """Write outbox rows (event_id, channel, mode, severity, idempotency_key, next_attempt_at) and
    mark the events planned, atomically."""
    now = utcnow()
    rows = [{"status": "pending", "attempts": 0, "created_at": now, **d} for d in deliveries]
    with db.session() as s:
        insert_ignore(s, AlertDelivery, rows, ["idempotency_key"])
        if event_ids:
            s.execute(update(ChangeEvent).where(ChangeEvent.id.in_(event_ids)).values(alerts_planned_at=now))


def due_deliveries(db: Database, now: datetime | None = None) -> list[DueDelivery]:
    """Pending deliveries whose next attempt is due."""
    now = now or utcnow()
    query = (
        select(AlertDelivery.id, AlertDelivery.channel, AlertDelivery.mode, AlertDelivery.attempts, *_EVENT_COLUMNS)
        .join(ChangeEvent, ChangeEvent.id == AlertDelivery.event_id)
        .join(Store, Store.id == ChangeEvent.store_id)
        .where(AlertDelivery.status == "pending", AlertDelivery.next_attempt_at <= now)
        .order_by(AlertDelivery.id)
    )
    with db.read() as s:
        return [DueDelivery(r[0], r[1], r[2], r[3], EventView(*r[4:])) for r in s.execute(query)]


def mark_sent(db: Database, delivery_ids: list[int]) -> None:
    with db.session() as s:
        s.execute(
            update(AlertDelivery).where(AlertDelivery.id.in_(delivery_ids))
            .values(status="sent", sent_at=utcnow(), attempts=AlertDelivery.attempts + 1, last_error=None)
        )


def mark_attempt_failed(db: Database, delivery_ids: list[int], error: str, retry_at: datetime | None) -> None:
    """Record a failed attempt; ``retry_at`` None gives up (status ``failed``)."""
    values = {"attempts": AlertDelivery.attempts + 1, "last_error": error[:2000]}
    values.update({"next_attempt_at": retry_at} if retry_at else {"status": "failed"})
    with db.session() as s:
        s.execute(update(AlertDelivery).where(AlertDelivery.id.in_(delivery_ids)).values(**values))


def delivery_log(db: Database, limit: int = 200) -> list[dict]:
    """Latest deliveries with their status, attempts and error."""
    query = (
        select(AlertDelivery.id, AlertDelivery.channel, AlertDelivery.status, AlertDelivery.attempts,
               AlertDelivery.last_error, AlertDelivery.sent_at, ChangeEvent.summary)
        .join(ChangeEvent, ChangeEvent.id == AlertDelivery.event_id)
        .order_by(AlertDelivery.id.desc()).limit(limit)
    )
    with db.read() as s:
        return [dict(row._mapping) for row in s.execute(query)]


def own_prices(db: Database, product_ids: list[int]) -> dict[int, Decimal]:
    """Current own-store price of the product each competitor product matches (by GTIN, else SKU)."""
    if not product_ids:
        return {}
    own = select(Product.id, Product.gtin, Product.sku).join(Store, Store.id == Product.store_id).where(Store.own).subquery()
    with db.read() as s:
        theirs = s.execute(select(Product.id, Product.gtin, Product.sku).where(Product.id.in_(product_ids))).all()
        mine = s.execute(
            select(own.c.id, own.c.gtin, own.c.sku, Fact.value)
            .join(Fact, and_(Fact.product_id == own.c.id, Fact.field == "price", Fact.valid_to.is_(None)))
        ).all()
    by_gtin = {g: Decimal(v.strip('"')) for _i, g, _s, v in mine if g}
    by_sku = {k: Decimal(v.strip('"')) for _i, _g, k, v in mine if k}
    result = {}
    for pid, gtin, sku in theirs:
        price = by_gtin.get(gtin) if gtin else None
        if price is None and sku:
            price = by_sku.get(sku)
        if price is not None:
            result[pid] = price
    return result
