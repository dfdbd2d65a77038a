"""Write API for crawls: register stores, open and close crawl runs, stage a run's items.

A run's items are staged, not applied: only when the run ends and is judged healthy are they turned
into facts and change events (``storage.apply``). A crashed run therefore leaves nothing behind but
its staged rows, and the next start marks it ``aborted``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update

from storage.db import Database
from storage.facts import subject_key_of
from storage.models import CrawlRun, Source, StagedItem, Store, utcnow
from storage.upsert import upsert


@dataclass(frozen=True)
class StoreInfo:
    """The parts of a store's configuration that storage keeps."""

    slug: str
    name: str
    currency: str
    own: bool = False
    country: str | None = None
    sources: tuple[tuple[str, str, str], ...] = ()  # (kind, url, render)


@dataclass(frozen=True)
class RunSummary:
    """A finished run as reported to the CLI."""

    run_id: int
    store: str
    status: str
    finish_reason: str | None
    pages: int
    items: int
    errors: int
    healthy: bool | None
    health_reasons: list[str]
    changes: int


def sync_store(db: Database, info: StoreInfo) -> int:
    """Insert or update a store and its sources; return the store id."""
    with db.session() as s:
        store = s.scalar(select(Store).where(Store.slug == info.slug))
        if store is None:
            store = Store(slug=info.slug, name=info.name, currency=info.currency)
            s.add(store)
        store.name, store.currency, store.own, store.country = info.name, info.currency, info.own, info.country
        s.flush()
        existing = {(src.kind, src.url): src for src in s.scalars(select(Source).where(Source.store_id == store.id))}
        for kind, url, render in info.sources:
            src = existing.get((kind, url)) or Source(store_id=store.id, kind=kind, url=url)
            src.render = render
            s.add(src)
        return store.id


def abort_stale_runs(db: Database, store_id: int) -> int:
    """Mark runs of this store left ``running`` by a crash as ``aborted``; drop their staged items."""
    with db.session() as s:
        stale = list(s.scalars(select(CrawlRun.id).where(CrawlRun.store_id == store_id, CrawlRun.status == "running")))
        if stale:
            s.execute(delete(StagedItem).where(StagedItem.run_id.in_(stale)))
            s.execute(
                update(CrawlRun)
                .where(CrawlRun.id.in_(stale))
                .values(status="aborted", finished_at=utcnow(), healthy=False, health_reasons=["process ended before the run finished"])
            )
        return len(stale)


DISTRIBUTED_SPIDER = "store-worker"  # spider name of runs that scrapy-redis workers fill together


def live_distributed_run(db: Database, store_slug: str, max_age_seconds: float) -> int | None:
    """The id of a shared (scrapy-redis) run of this store still within its wall-clock budget, if any.

    Its workers live in other processes and hold no local lease, so a local crawl must not treat it
    as left over by a crash; past the budget it is stale and a new run may abort it.
    """
    since = utcnow() - timedelta(seconds=max_age_seconds)
    with db.read() as s:
        return s.scalar(
            select(CrawlRun.id).join(Store, Store.id == CrawlRun.store_id)
            .where(Store.slug == store_slug, CrawlRun.status == "running",
                   CrawlRun.spider == DISTRIBUTED_SPIDER, CrawlRun.started_at >= since)
            .limit(1)
        )


def start_run(db: Database, store_slug: str, spider: str) -> int:
    """Open a crawl run for a registered store (aborting stale ones first); return its id."""
    with db.session() as s:
        store_id = s.scalar(select(Store.id).where(Store.slug == store_slug))
    if store_id is None:
        raise LookupError(f"store {store_slug!r} is not registered; run sync_store first")
    abort_stale_runs(db, store_id)
    with db.session() as s:
        run = CrawlRun(store_id=store_id, spider=spider, status="running", started_at=utcnow())
        s.add(run)
        s.flush()
        return run.id


def stage_items(db: Database, run_id: int, items: list[dict]) -> int:
    """Stage validated items (JSON-ready dicts) of a run; a replayed item replaces the earlier one."""
    if not items:
        return 0
    rows = {}
    for item in items:
        rows[(item["kind"], subject_key_of(item))] = item
    values = [{"run_id": run_id, "kind": kind, "subject_key": key, "data": data} for (kind, key), data in rows.items()]
    with db.session() as s:
        # Workers of a distributed crawl may stage the same page at once: the last write wins.
        upsert(s, StagedItem, values, ["run_id", "kind", "subject_key"], ["data"])
    return len(rows)


def finish_run(
    db: Database,
    run_id: int,
    *,
    status: str,
    finish_reason: str | None,
    pages: int,
    errors: int,
    healthy: bool,
    health_reasons: list[str],
    stats: dict,
    finished_at: datetime | None = None,
) -> None:
    """Record how a run ended and its health verdict."""
    with db.session() as s:
        items = s.scalar(select(func.count()).select_from(StagedItem).where(StagedItem.run_id == run_id)) or 0
        run = s.get(CrawlRun, run_id)
        run.status, run.finish_reason, run.pages, run.errors = status, finish_reason, pages, errors
        run.items = items
        run.healthy, run.health_reasons, run.stats = healthy, health_reasons, stats
        run.finished_at = finished_at or utcnow()
        if not healthy:
            # Data of an unhealthy run is never compared; keep no partial observations.
            s.execute(delete(StagedItem).where(StagedItem.run_id == run_id))


def staged_count(db: Database, run_id: int) -> int:
    """Number of items staged for a run."""
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(StagedItem).where(StagedItem.run_id == run_id)) or 0


def run_summaries(db: Database, run_ids: list[int]) -> list[RunSummary]:
    """Summaries of the given runs, in the given order."""
    from storage.models import ChangeEvent

    with db.session() as s:
        rows = {
            run.id: (run, slug)
            for run, slug in s.execute(
                select(CrawlRun, Store.slug).join(Store, Store.id == CrawlRun.store_id).where(CrawlRun.id.in_(run_ids))
            )
        }
        counts = dict(
            s.execute(
                select(ChangeEvent.run_id, func.count())
                .where(ChangeEvent.run_id.in_(run_ids), ChangeEvent.subject_type != "crawl")  # health events are no changes
                .group_by(ChangeEvent.run_id)
            ).all()
        )
    return [
        RunSummary(
            run_id=rid, store=slug, status=run.status, finish_reason=run.finish_reason, pages=run.pages,
            items=run.items, errors=run.errors, healthy=run.healthy, health_reasons=list(run.health_reasons or []),
            changes=counts.get(rid, 0),
        )
        for rid in run_ids
        if rid in rows
        for run, slug in [rows[rid]]
    ]


def recent_item_counts(db: Database, store_slug: str, limit: int = 5, before_run: int | None = None) -> list[int]:
    """Item counts of the store's latest healthy runs (newest first), for the item-count monitor."""
    with db.session() as s:
        query = (
            select(CrawlRun.items).join(Store, Store.id == CrawlRun.store_id)
            .where(Store.slug == store_slug, CrawlRun.healthy.is_(True))
            .order_by(CrawlRun.id.desc()).limit(limit)
        )
        if before_run is not None:
            query = query.where(CrawlRun.id < before_run)
        return list(s.scalars(query))


# Tables whose rows every run rewrites or deletes. page_validators (storage.validators): pages
# fetched in full are upserted with the run, and each crawl prunes stale or unapplied rows.
RECLAIMED_TABLES = ("staged_items", "facts", "products", "crawl_runs", "page_validators")


def reclaim_space(db: Database) -> None:
    """After a run: let PostgreSQL reuse the space of rows the run replaced (staged items, facts and
    products whose ``last_seen_at`` moved, page validators re-remembered or pruned), so storage grows
    with changes, not with crawls. SQLite reuses freed pages by itself."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in RECLAIMED_TABLES:
                conn.exec_driver_sql(f"VACUUM {table}")
