"""SQLAlchemy ORM models: stores, sources, products, crawl runs, staged items, facts, change events,
alert deliveries.

Facts are kept as **intervals**: one row per (store, subject, field) value while it holds
(``valid_from`` .. ``valid_to``); an unchanged re-crawl only moves ``last_seen_at``, so storage
grows with changes, not with crawls. Values are canonical JSON text (money as decimal strings).
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


UTCDateTime = DateTime(timezone=True)


class Store(Base):
    __tablename__ = "stores"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(48), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    own: Mapped[bool] = mapped_column(Boolean, default=False)
    currency: Mapped[str] = mapped_column(String(3))
    country: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Source(Base):
    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("store_id", "kind", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(Text)
    render: Mapped[str] = mapped_column(String(10), default="http")


class Product(Base):
    __tablename__ = "products"
    __table_args__ = (UniqueConstraint("store_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    sku: Mapped[str | None] = mapped_column(String(200))
    gtin: Mapped[str | None] = mapped_column(String(20), index=True)
    mpn: Mapped[str | None] = mapped_column(String(200))
    brand: Mapped[str | None] = mapped_column(String(200))
    own_product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"))
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CrawlRun(Base):
    __tablename__ = "crawl_runs"
    __table_args__ = (Index("ix_crawl_runs_store_started", "store_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    spider: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # running | finished | failed | aborted
    status: Mapped[str] = mapped_column(String(20), default="running")
    finish_reason: Mapped[str | None] = mapped_column(String(100))
    pages: Mapped[int] = mapped_column(Integer, default=0)
    items: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    healthy: Mapped[bool | None] = mapped_column(Boolean)
    health_reasons: Mapped[list | None] = mapped_column(JSON)
    stats: Mapped[dict | None] = mapped_column(JSON)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class StagedItem(Base):
    """An item of a run awaiting the run's health verdict (deleted once applied)."""

    __tablename__ = "staged_items"
    __table_args__ = (UniqueConstraint("run_id", "kind", "subject_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    subject_key: Mapped[str] = mapped_column(String(500))
    data: Mapped[dict] = mapped_column(JSON)


class Fact(Base):
    """One value of one field of one subject, valid from ``valid_from`` until ``valid_to``."""

    __tablename__ = "facts"
    __table_args__ = (
        UniqueConstraint("store_id", "subject_type", "subject_key", "field", "valid_from"),
        Index("ix_facts_current", "store_id", "subject_type", "valid_to"),
        Index("ix_facts_product_history", "product_id", "field", "valid_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    # product | shipping | shipping_option | returns | support | policy_text
    subject_type: Mapped[str] = mapped_column(String(30))
    subject_key: Mapped[str] = mapped_column(String(500))
    field: Mapped[str] = mapped_column(String(60))
    value: Mapped[str] = mapped_column(Text)  # canonical JSON
    source_url: Mapped[str | None] = mapped_column(Text)
    provenance: Mapped[str | None] = mapped_column(String(300))
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime)
    valid_to: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"))
    last_run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"))
    # Consecutive healthy runs in which this current value was not seen (reset when seen again).
    missing_runs: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Policy facts: the sentence / row the value was read from and the extractor's confidence (0..1).
    evidence: Mapped[str | None] = mapped_column(String(300))
    confidence: Mapped[float | None] = mapped_column(Float)
    # ok | needs_review (confidence below the threshold: never compared) | override (analyst value)
    status: Mapped[str] = mapped_column(String(20), default="ok", server_default="ok")


class PendingChange(Base):
    """A new value seen but not yet confirmed (``confirm_runs``), or held by the mass-change guard."""

    __tablename__ = "pending_changes"
    __table_args__ = (UniqueConstraint("store_id", "subject_type", "subject_key", "field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    subject_type: Mapped[str] = mapped_column(String(30))
    subject_key: Mapped[str] = mapped_column(String(500))
    subject_label: Mapped[str | None] = mapped_column(Text)
    field: Mapped[str] = mapped_column(String(60))
    value: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)
    provenance: Mapped[str | None] = mapped_column(String(300))
    seen_runs: Mapped[int] = mapped_column(Integer, default=1)
    held: Mapped[bool] = mapped_column(Boolean, default=False)
    first_run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"))
    last_run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"))


class FactOverride(Base):
    """An analyst's correction of a service-level fact (``overrides:`` in the store's YAML).

    ``wording`` fingerprints the policy page(s) of the fact's kind when the override was first
    applied; when the wording changes the override is ``suspended`` (the extracted value is used)
    and one operator "recheck" event asks the analyst to re-check it.
    """

    __tablename__ = "fact_overrides"
    __table_args__ = (UniqueConstraint("store_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(100))  # e.g. returns.window_days
    value: Mapped[str] = mapped_column(Text)  # canonical JSON
    wording: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="active")  # active | suspended
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PolicyText(Base):
    """Normalised wording of a policy page, stored once per distinct text (facts hold its hash)."""

    __tablename__ = "policy_texts"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ChangeEvent(Base):
    __tablename__ = "change_events"
    __table_args__ = (
        UniqueConstraint("run_id", "subject_type", "subject_key", "field"),
        Index("ix_change_events_detected", "detected_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"))
    subject_type: Mapped[str] = mapped_column(String(30))
    subject_key: Mapped[str] = mapped_column(String(500))
    subject_label: Mapped[str | None] = mapped_column(Text)
    field: Mapped[str] = mapped_column(String(60))
    # changed | added | removed | suspect (mass change held) | broken | recovered (operator)
    kind: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(10), default="info", server_default="info")
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    magnitude: Mapped[Decimal | None] = mapped_column(Numeric(12, 4))  # percent change, when numeric
    summary: Mapped[str] = mapped_column(Text)
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set once alert rules were evaluated for this event (outbox rows written); NULL = not yet.
    alerts_planned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AlertDelivery(Base):
    """Outbox row: one change event to one channel; sent at most once per idempotency key."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (Index("ix_alert_deliveries_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("change_events.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(100))
    mode: Mapped[str] = mapped_column(String(10), default="immediate")  # immediate | digest
    severity: Mapped[str] = mapped_column(String(10), default="info")
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending | sending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Lease(Base):
    """Who may crawl a store right now (one row per store slug), so runs never overlap across machines.

    Taken with one atomic upsert that only succeeds when the row is free, expired or already ours;
    renewed while the crawl runs and deleted when it ends (``storage.leases``).
    """

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PageValidator(Base):
    """What a page answered last time, for conditional re-fetches (``storage.validators``).

    One row per (store, URL): the page's ``ETag`` / ``Last-Modified``, a fingerprint of the
    extraction config that read it, and the items it yielded (compact JSON, not the body), so a
    ``304 Not Modified`` can replay them. A row counts only once the run that wrote it was applied
    (healthy), so a blocked or broken run never poisons it.
    """

    __tablename__ = "page_validators"
    __table_args__ = (UniqueConstraint("store_id", "url_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    url_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the URL: URLs may exceed index limits
    url: Mapped[str] = mapped_column(Text)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id", ondelete="CASCADE"), index=True)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    config_fingerprint: Mapped[str] = mapped_column(String(64))
    items: Mapped[list] = mapped_column(JSON)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
