"""Run bookkeeping for the scheduler: a store's latest runs, and closing runs killed by the watchdog.

Kept apart from ``storage.runs`` (the crawl's own write path) because only the scheduler, the
``crawl --due`` command and ``rivalwatch status`` use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update

from storage.db import Database
from storage.leases import as_utc
from storage.models import CrawlRun, StagedItem, Store, utcnow

# Runs that count as "done for this schedule slot": a completed crawl, or a blocked one (retrying a
# site that blocks us at once would only make the blocking worse). Failed and aborted runs are retried.
COMPLETED_STATUSES = ("finished", "blocked")


@dataclass(frozen=True)
class LastRun:
    """The newest run of a store."""

    run_id: int
    status: str
    healthy: bool | None
    finish_reason: str | None
    started_at: datetime
    finished_at: datetime | None


def last_runs(db: Database) -> dict[str, LastRun]:
    """The newest run of every store, by slug."""
    newest = select(CrawlRun.store_id, func.max(CrawlRun.id).label("id")).group_by(CrawlRun.store_id).subquery()
    query = select(Store.slug, CrawlRun).join(newest, newest.c.id == CrawlRun.id).join(Store, Store.id == CrawlRun.store_id)
    with db.session() as s:
        return {
            slug: LastRun(run.id, run.status, run.healthy, run.finish_reason, as_utc(run.started_at),
                          as_utc(run.finished_at) if run.finished_at else None)
            for slug, run in s.execute(query)
        }


def last_completed_start(db: Database) -> dict[str, datetime]:
    """When the newest completed (finished or blocked) run of every store started, by slug."""
    query = (
        select(Store.slug, func.max(CrawlRun.started_at))
        .join(Store, Store.id == CrawlRun.store_id)
        .where(CrawlRun.status.in_(COMPLETED_STATUSES))
        .group_by(Store.slug)
    )
    with db.session() as s:
        return {slug: as_utc(started) for slug, started in s.execute(query)}


def mark_timed_out(db: Database, store_slug: str, since: datetime, budget_minutes: float) -> list[int]:
    """Close the store's runs started at/after ``since`` that the watchdog cut short.

    Runs still ``running`` (killed hard) and runs Scrapy closed on our SIGTERM (``shutdown``) become
    ``failed`` with finish reason ``timeout``; their staged items are dropped, so no partial data is
    ever compared. Returns the run ids changed.
    """
    reason = f"fetch: run exceeded its wall-clock budget of {budget_minutes:g} min and was stopped"
    with db.session() as s:
        ids = list(s.scalars(
            select(CrawlRun.id).join(Store, Store.id == CrawlRun.store_id).where(
                Store.slug == store_slug, CrawlRun.started_at >= since,
                (CrawlRun.status == "running") | (CrawlRun.finish_reason == "shutdown"),
            )
        ))
        if ids:
            s.execute(delete(StagedItem).where(StagedItem.run_id.in_(ids)))
            s.execute(update(CrawlRun).where(CrawlRun.id.in_(ids)).values(
                status="failed", finish_reason="timeout", healthy=False, health_reasons=[reason],
                finished_at=utcnow(),
            ))
        return ids


def record_timeout_before_start(db: Database, store_id: int, since: datetime, budget_minutes: float) -> int:
    """A failed run for a crawl the watchdog stopped before it had opened one of its own.

    Start-up (imports, migrations check, browser launch) can eat a small budget on a loaded
    machine; without this row the timeout would leave no trace in ``status`` or crawl health.
    """
    reason = (f"fetch: run exceeded its wall-clock budget of {budget_minutes:g} min during start-up "
              "(before any page was fetched) and was stopped")
    with db.session() as s:
        run = CrawlRun(store_id=store_id, spider="store", status="failed", finish_reason="timeout",
                       started_at=since, finished_at=utcnow(), healthy=False, health_reasons=[reason])
        s.add(run)
        s.flush()
        return run.id
