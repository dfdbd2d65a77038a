"""Read API for the dashboard and the CLI: stores, runs, changes, evidence, price matching and history.

Every query filters in SQL (current facts are ``valid_to IS NULL``) and uses the schema's indexes;
results are pandas DataFrames or plain dicts, never ORM objects, so callers can cache and pickle
them. ``benchmark`` and ``compare_to_own`` are computed in ``storage.service_levels`` and
re-exported here, so callers need one module.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from decimal import Decimal

import pandas as pd
from sqlalchemy import func, select

from storage.changes import show_value
from storage.db import Database
from storage.models import ChangeEvent, CrawlRun, Fact, Product, Store
from storage.service_levels import benchmark, compare_to_own

__all__ = [
    "benchmark", "compare_to_own", "evidence", "has_observations", "last_runs", "price_history",
    "recent_changes", "stores",
]

SERVICE_SUBJECT_TYPES = ("shipping", "shipping_option", "returns", "support", "policy_text")
CHANGE_COLUMNS = [
    "store", "store_name", "subject", "subject_type", "field", "kind", "old", "new",
    "magnitude", "detected_at", "summary",
]
RUN_COLUMNS = [
    "store", "store_name", "spider", "status", "healthy", "reasons", "pages", "items", "errors",
    "started_at", "finished_at",
]


def _utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone.utc)


def _as_utc_datetime(value: date | datetime | str) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.min)
    # SQLite stores the wall-clock digits only, so bind parameters must already be in UTC.
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _frame(rows: list[dict], columns: list[str], time_columns: tuple[str, ...] = ()) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    for column in time_columns:
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def stores(db: Database) -> pd.DataFrame:
    """All stores, own store first: slug, name, own, currency, country."""
    query = select(Store.slug, Store.name, Store.own, Store.currency, Store.country).order_by(
        Store.own.desc(), Store.name
    )
    with db.session() as s:
        rows = [dict(r._mapping) for r in s.execute(query)]
    return _frame(rows, ["slug", "name", "own", "currency", "country"])


def has_observations(db: Database) -> bool:
    """Whether any crawl has been applied yet (the dashboard's empty state)."""
    with db.session() as s:
        return s.scalar(select(Fact.id).limit(1)) is not None


def evidence(
    db: Database, store_slug: str, subject_type: str | None = None, field: str | None = None, limit: int = 500
) -> list[dict]:
    """Current facts behind a benchmark cell: value, source URL, provenance, valid_from, last_seen_at.

    Without ``subject_type`` all current service facts of the store (not its products) are listed.
    """
    query = (
        select(Fact.subject_type, Fact.subject_key, Fact.field, Fact.value, Fact.source_url,
               Fact.provenance, Fact.valid_from, Fact.last_seen_at)
        .join(Store, Store.id == Fact.store_id)
        .where(Store.slug == store_slug, Fact.valid_to.is_(None))
        .order_by(Fact.subject_type, Fact.subject_key, Fact.field)
        .limit(limit)
    )
    if subject_type is None:
        query = query.where(Fact.subject_type.in_(SERVICE_SUBJECT_TYPES))
    else:
        query = query.where(Fact.subject_type == subject_type)
    if field is not None:
        query = query.where(Fact.field == field)
    with db.session() as s:
        rows = s.execute(query).all()
    return [
        {"subject_type": r.subject_type, "subject_key": r.subject_key, "field": r.field,
         "value": show_value(r.value), "source_url": r.source_url, "provenance": r.provenance,
         "valid_from": _utc(r.valid_from), "last_seen_at": _utc(r.last_seen_at)}
        for r in rows
    ]


def recent_changes(
    db: Database, since: date | datetime | str | None = None, store: str | None = None, limit: int = 200
) -> pd.DataFrame:
    """Change events, newest first, with old → new shown for people and the percent magnitude."""
    e = ChangeEvent
    query = (
        select(Store.slug, Store.name, e.subject_label, e.subject_key, e.subject_type, e.field, e.kind,
               e.old_value, e.new_value, e.magnitude, e.detected_at, e.summary)
        .join(Store, Store.id == e.store_id)
        .order_by(e.detected_at.desc(), e.id.desc())
        .limit(limit)
    )
    if since is not None:
        query = query.where(e.detected_at >= _as_utc_datetime(since))
    if store:
        query = query.where(Store.slug == store)
    with db.session() as s:
        rows = [
            {"store": r.slug, "store_name": r.name, "subject": r.subject_label or r.subject_key,
             "subject_type": r.subject_type, "field": r.field, "kind": r.kind,
             "old": None if r.kind == "added" else show_value(r.old_value), "new": show_value(r.new_value),
             "magnitude": None if r.magnitude is None else r.magnitude.quantize(Decimal("0.01")),
             "detected_at": _utc(r.detected_at), "summary": r.summary}
            for r in s.execute(query)
        ]
    return _frame(rows, CHANGE_COLUMNS, ("detected_at",))


def last_runs(db: Database) -> pd.DataFrame:
    """The latest crawl run of every store (stores never crawled have an empty status)."""
    latest = select(CrawlRun.store_id, func.max(CrawlRun.id).label("run_id")).group_by(CrawlRun.store_id).subquery()
    run = CrawlRun
    query = (
        select(Store.slug.label("store"), Store.name.label("store_name"), run.spider, run.status, run.healthy,
               run.health_reasons, run.pages, run.items, run.errors, run.started_at, run.finished_at)
        .outerjoin(latest, latest.c.store_id == Store.id)
        .outerjoin(run, run.id == latest.c.run_id)
        .order_by(Store.own.desc(), Store.name)
    )
    with db.session() as s:
        rows = [dict(r._mapping) for r in s.execute(query)]
    for row in rows:
        row["reasons"] = "; ".join(row.pop("health_reasons") or [])
    return _frame(rows, RUN_COLUMNS, ("started_at", "finished_at"))


def price_history(db: Database, gtin_or_product_id: str | int) -> pd.DataFrame:
    """Price intervals of one product (by id) or of every store's product with a GTIN (by string)."""
    if isinstance(gtin_or_product_id, int):
        match = Product.id == gtin_or_product_id
    else:
        match = Product.gtin == gtin_or_product_id
    query = (
        select(Store.slug, Product.id, Product.title, Fact.value, Store.currency,
               Fact.valid_from, Fact.valid_to, Fact.last_seen_at)
        .join(Product, Product.id == Fact.product_id)
        .join(Store, Store.id == Product.store_id)
        .where(match, Fact.field == "price")
        .order_by(Store.slug, Fact.valid_from)
    )
    with db.session() as s:
        rows = [
            {"store": r.slug, "product_id": r.id, "title": r.title, "price": Decimal(show_value(r.value)),
             "currency": r.currency, "valid_from": _utc(r.valid_from), "valid_to": _utc(r.valid_to),
             "last_seen_at": _utc(r.last_seen_at)}
            for r in s.execute(query)
        ]
    columns = ["store", "product_id", "title", "price", "currency", "valid_from", "valid_to", "last_seen_at"]
    return _frame(rows, columns, ("valid_from", "valid_to", "last_seen_at"))
