"""Read API for the dashboard and the CLI: stores, runs, changes, evidence, price matching and history.

Every query filters in SQL (current facts are ``valid_to IS NULL``) and uses the schema's indexes;
results are pandas DataFrames or plain dicts, never ORM objects, so callers can cache and pickle
them. ``benchmark`` and ``compare_to_own`` are computed in ``storage.service_levels`` and
re-exported here, so callers need one module.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timezone
from decimal import Decimal

import pandas as pd
from sqlalchemy import func, select

from storage import formatting
from storage.changes import show_value
from storage.db import Database
from storage.models import ChangeEvent, CrawlRun, Fact, PolicyText, Product, Source, Store
from storage.service_levels import benchmark, compare_to_own

__all__ = [
    "benchmark", "changes_feed", "compare_to_own", "evidence", "fact_history", "has_observations", "last_runs",
    "policy_texts", "price_history", "recent_changes", "run_history", "shipping_options", "source_status", "stores",
]

SERVICE_SUBJECT_TYPES = ("shipping", "shipping_option", "returns", "support", "policy_text")
CHANGE_COLUMNS = [
    "id", "store", "store_name", "subject", "subject_type", "field", "kind", "severity", "old", "new",
    "magnitude", "detected_at", "summary", "source_url", "provenance", "old_raw", "new_raw",
    "subject_key", "currency", "own",
]
RECENT_COLUMNS = [
    "store", "store_name", "subject", "subject_type", "field", "kind", "old", "new",
    "magnitude", "detected_at", "summary", "subject_key", "source_url",
]
OPERATOR_KINDS = ("broken", "recovered")  # crawl-health events: no old/new value
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
    with db.read() as s:
        rows = [dict(r._mapping) for r in s.execute(query)]
    return _frame(rows, ["slug", "name", "own", "currency", "country"])


def has_observations(db: Database) -> bool:
    """Whether any crawl has been applied yet (the dashboard's empty state)."""
    with db.read() as s:
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
    with db.read() as s:
        rows = s.execute(query).all()
    return [
        {"subject_type": r.subject_type, "subject_key": r.subject_key, "field": r.field,
         "value": show_value(r.value), "raw": r.value, "source_url": r.source_url, "provenance": r.provenance,
         "valid_from": _utc(r.valid_from), "last_seen_at": _utc(r.last_seen_at)}
        for r in rows
    ]


def recent_changes(
    db: Database, since: date | datetime | str | None = None, store: str | None = None, limit: int = 200
) -> pd.DataFrame:
    """Change events, newest first, with old → new shown for people and the percent magnitude
    (the columns of the CLI's ``rivalwatch changes``; ``changes_feed`` has every column)."""
    return changes_feed(db, since=since, stores=[store] if store else None, limit=limit)[RECENT_COLUMNS]


def _change_filters(query, stores, kinds, severities, since, until):
    e = ChangeEvent
    if since is not None:
        query = query.where(e.detected_at >= _as_utc_datetime(since))
    if until is not None:
        query = query.where(e.detected_at < _as_utc_datetime(until))
    if stores:
        query = query.where(Store.slug.in_(list(stores)))
    if kinds:
        query = query.where(e.kind.in_(list(kinds)))
    if severities:
        query = query.where(e.severity.in_(list(severities)))
    return query


def _change_row(r) -> dict:
    row = _change_values(r)
    if r.kind not in (*OPERATOR_KINDS, "suspect"):  # worded by the formatting layer, as everywhere else
        row["summary"] = formatting.change_line(row)
    return row


def _change_values(r) -> dict:
    return {
        "id": r.id, "store": r.slug, "store_name": r.name, "subject": r.subject_label or r.subject_key,
        "subject_type": r.subject_type, "field": r.field, "kind": r.kind, "severity": r.severity,
        "old": None if r.kind in ("added", *OPERATOR_KINDS) else show_value(r.old_value),
        "new": None if r.kind in OPERATOR_KINDS else show_value(r.new_value),
        "magnitude": None if r.magnitude is None else r.magnitude.quantize(Decimal("0.01")),
        "detected_at": _utc(r.detected_at), "summary": r.summary,
        "source_url": r.source_url, "provenance": r.provenance,
        "old_raw": r.old_value, "new_raw": r.new_value,
        "subject_key": r.subject_key, "currency": r.currency, "own": bool(r.own),
    }


def changes_feed(
    db: Database, *, stores: list[str] | None = None, kinds: list[str] | None = None,
    severities: list[str] | None = None, since: date | datetime | str | None = None,
    until: date | datetime | str | None = None, limit: int = 200,
) -> pd.DataFrame:
    """Change events, newest first, filtered in SQL; ``until`` is exclusive.

    Each row carries its evidence: the source URL and provenance of the fact the run wrote for the
    new value (joined on the event's run, so it is the page that showed the change), and the raw
    JSON values (``old_raw``/``new_raw``) so wording hashes can be resolved to texts.
    """
    e, f = ChangeEvent, Fact
    evidence = (f.store_id == e.store_id) & (f.subject_type == e.subject_type) & (
        f.subject_key == e.subject_key) & (f.field == e.field) & (f.first_run_id == e.run_id)
    query = (
        select(e.id, Store.slug, Store.name, e.subject_label, e.subject_key, e.subject_type, e.field, e.kind,
               e.severity, e.old_value, e.new_value, e.magnitude, e.detected_at, e.summary,
               f.source_url, f.provenance, Store.currency, Store.own)
        .join(Store, Store.id == e.store_id)
        .outerjoin(f, evidence)
        .order_by(e.detected_at.desc(), e.id.desc())
        .limit(limit)
    )
    query = _change_filters(query, stores, kinds, severities, since, until)
    with db.read() as s:
        rows = [_change_row(r) for r in s.execute(query)]
    return _frame(rows, CHANGE_COLUMNS, ("detected_at",))


def policy_texts(db: Database, hashes: list[str]) -> dict[str, str]:
    """Stored policy wordings by SHA-256 (hashes without a stored text are left out)."""
    with db.read() as s:
        rows = s.execute(select(PolicyText.sha256, PolicyText.text).where(PolicyText.sha256.in_(hashes)))
        return {sha: text for sha, text in rows}


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
    with db.read() as s:
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
    with db.read() as s:
        rows = [
            {"store": r.slug, "product_id": r.id, "title": r.title, "price": Decimal(show_value(r.value)),
             "currency": r.currency, "valid_from": _utc(r.valid_from), "valid_to": _utc(r.valid_to),
             "last_seen_at": _utc(r.last_seen_at)}
            for r in s.execute(query)
        ]
    columns = ["store", "product_id", "title", "price", "currency", "valid_from", "valid_to", "last_seen_at"]
    return _frame(rows, columns, ("valid_from", "valid_to", "last_seen_at"))


def run_history(db: Database, since: date | datetime | str | None = None, limit: int = 2000) -> pd.DataFrame:
    """Crawl runs, newest first (item counts over time, errors, health reasons); ``since`` compares
    the end of a run (its start while it runs)."""
    run = CrawlRun
    query = (
        select(Store.slug.label("store"), Store.name.label("store_name"), run.spider, run.status, run.healthy,
               run.health_reasons, run.pages, run.items, run.errors, run.started_at, run.finished_at)
        .join(Store, Store.id == run.store_id)
        .order_by(run.id.desc())
        .limit(limit)
    )
    if since is not None:
        # A run belongs to the day it ended; one still running, to the day it started.
        query = query.where(func.coalesce(run.finished_at, run.started_at) >= _as_utc_datetime(since))
    with db.read() as s:
        rows = [dict(r._mapping) for r in s.execute(query)]
    for row in rows:
        row["reasons"] = "; ".join(row.pop("health_reasons") or [])
    return _frame(rows, RUN_COLUMNS, ("started_at", "finished_at"))


SOURCE_COLUMNS = ["store", "kind", "url", "render", "last_data_at", "facts"]


def source_status_columns() -> pd.DataFrame:
    """An empty ``source_status`` frame (no database to read)."""
    return _frame([], SOURCE_COLUMNS, ("last_data_at",))


def source_status(db: Database) -> pd.DataFrame:
    """Every registered source with the newest fact read from its URL (``last_data_at``) and how many
    current facts came from it; listing/sitemap sources yield product URLs, so theirs stay empty."""
    latest = (
        select(Fact.store_id, Fact.source_url, func.max(Fact.last_seen_at).label("last_data_at"),
               func.count().label("facts"))
        .where(Fact.valid_to.is_(None))
        .group_by(Fact.store_id, Fact.source_url)
        .subquery()
    )
    query = (
        select(Store.slug.label("store"), Source.kind, Source.url, Source.render, latest.c.last_data_at,
               latest.c.facts)
        .join(Store, Store.id == Source.store_id)
        .outerjoin(latest, (latest.c.store_id == Source.store_id) & (latest.c.source_url == Source.url))
        .order_by(Store.slug, Source.kind, Source.url)
    )
    with db.read() as s:
        rows = [dict(r._mapping) for r in s.execute(query)]
    return _frame(rows, SOURCE_COLUMNS, ("last_data_at",))


def fact_history(db: Database, subject_type: str, field: str) -> pd.DataFrame:
    """Every interval of one service field across stores (e.g. ``shipping``/``free_shipping_threshold``),
    oldest first; ``value`` is the canonical JSON text, ``shown`` the readable form."""
    query = (
        select(Store.slug.label("store"), Store.name.label("store_name"), Fact.subject_key, Fact.value,
               Fact.valid_from, Fact.valid_to, Fact.last_seen_at)
        .join(Store, Store.id == Fact.store_id)
        .where(Fact.subject_type == subject_type, Fact.field == field)
        .order_by(Store.slug, Fact.valid_from)
    )
    with db.read() as s:
        rows = [dict(r._mapping) | {"shown": show_value(r.value)} for r in s.execute(query)]
    for row in rows:
        row["valid_from"], row["valid_to"], row["last_seen_at"] = (
            _utc(row["valid_from"]), _utc(row["valid_to"]), _utc(row["last_seen_at"]))
    columns = ["store", "store_name", "subject_key", "value", "shown", "valid_from", "valid_to", "last_seen_at"]
    return _frame(rows, columns, ("valid_from", "valid_to", "last_seen_at"))


def shipping_options(db: Database) -> pd.DataFrame:
    """Every current shipping option of every store: one row per option, fields as columns (JSON values
    decoded), with the option's source URL and provenance."""
    query = (
        select(Store.slug, Store.name, Store.currency, Fact.subject_key, Fact.field, Fact.value,
               Fact.source_url, Fact.provenance, Fact.last_seen_at)
        .join(Store, Store.id == Fact.store_id)
        .where(Fact.subject_type == "shipping_option", Fact.valid_to.is_(None))
        .order_by(Store.own.desc(), Store.name, Fact.subject_key)
    )
    options: dict[tuple[str, str], dict] = {}
    with db.read() as s:
        for r in s.execute(query):
            row = options.setdefault((r.slug, r.subject_key), {
                "store": r.slug, "store_name": r.name, "option": r.subject_key.split("|")[0],
                "currency": r.currency, "source_url": r.source_url, "provenance": r.provenance,
                "last_seen_at": _utc(r.last_seen_at)})
            row[r.field] = json.loads(r.value)
    columns = ["store", "store_name", "option", "price", "currency", "min_days", "max_days", "business_days",
               "source_url", "provenance", "last_seen_at"]
    return _frame([{c: row.get(c) for c in columns} for row in options.values()], columns, ("last_seen_at",))
