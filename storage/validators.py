"""Page validators: what a page answered last time, for conditional re-fetches (``page_validators``).

One row per (store, URL) holds the page's ``ETag`` / ``Last-Modified``, a fingerprint of the
extraction config that read it and the items it yielded (JSON), so that a ``304 Not Modified``
replays exactly what an unchanged ``200`` would have given.

Rows are written during a crawl under the crawl's run id (like staged items) but **count only once
that run was applied**, i.e. judged healthy: a blocked or broken run can never poison them. Rows of
runs that ended without being applied are deleted at the next crawl's start (``prune``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Text, and_, cast, delete, select

from storage.db import Database
from storage.models import CrawlRun, PageValidator, Store, utcnow
from storage.upsert import upsert

# After this long without a full 200 a page is fetched unconditionally once: a server whose ETag
# does not follow its content (template-based ETags) cannot hide a change for longer than this.
FULL_FETCH_EVERY = timedelta(days=7)
# Rows not refreshed for this long belong to pages that left the store: drop them.
FORGET_AFTER = timedelta(days=30)


@dataclass(frozen=True)
class Validator:
    """The conditional headers to send for one URL, the config they were recorded under, and the
    items the page gave then (JSON text: compact in memory, parsed only when a 304 replays it)."""

    etag: str | None
    last_modified: str | None
    config_fingerprint: str
    items_json: str


def url_hash(url: str) -> str:
    """Key of a URL in ``page_validators`` (URLs can be longer than an index allows)."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def _store_id(session, store_slug: str) -> int | None:
    return session.scalar(select(Store.id).where(Store.slug == store_slug))


def _applied():
    # A row counts only when the run that wrote it was applied (healthy, items turned into facts).
    return and_(CrawlRun.id == PageValidator.run_id, CrawlRun.applied_at.is_not(None))


def prune(db: Database, store_slug: str, now: datetime | None = None) -> int:
    """Delete the store's rows written by runs that ended unapplied, and rows of long-gone pages."""
    now = now or utcnow()
    with db.session() as s:
        store_id = _store_id(s, store_slug)
        if store_id is None:
            return 0
        # Runs still ``running`` may be other workers of a distributed crawl: leave their rows.
        unapplied = select(CrawlRun.id).where(
            CrawlRun.store_id == store_id, CrawlRun.status != "running", CrawlRun.applied_at.is_(None)
        )
        result = s.execute(
            delete(PageValidator).where(
                PageValidator.store_id == store_id,
                (PageValidator.run_id.in_(unapplied)) | (PageValidator.fetched_at < now - FORGET_AFTER),
            )
        )
        return result.rowcount or 0


def load_validators(db: Database, store_slug: str, now: datetime | None = None) -> dict[str, Validator]:
    """Usable validators of a store by URL hash: from applied runs, fully fetched recently enough.

    Read in one query with the items, so a 304 replays exactly the answer whose validators were
    sent (one query per 304 cost more time than the download it saved)."""
    now = now or utcnow()
    with db.read() as s:
        store_id = _store_id(s, store_slug)
        if store_id is None:
            return {}
        rows = s.execute(
            select(PageValidator.url_hash, PageValidator.etag, PageValidator.last_modified,
                   PageValidator.config_fingerprint, cast(PageValidator.items, Text).label("items_json"))
            .join(CrawlRun, _applied())
            .where(PageValidator.store_id == store_id, PageValidator.fetched_at >= now - FULL_FETCH_EVERY)
        )
        return {r.url_hash: Validator(r.etag, r.last_modified, r.config_fingerprint, r.items_json) for r in rows}


def save_validators(db: Database, store_slug: str, run_id: int, records: list[dict]) -> int:
    """Record pages fetched in full by a run: dicts with url, etag, last_modified,
    config_fingerprint, items (JSON-ready) and fetched_at. The last record of a URL wins."""
    if not records:
        return 0
    with db.session() as s:
        store_id = _store_id(s, store_slug)
        if store_id is None:
            return 0
        rows = {}
        for record in records:
            key = url_hash(record["url"])
            rows[key] = {**record, "url_hash": key, "store_id": store_id, "run_id": run_id}
        upsert(s, PageValidator, list(rows.values()), ["store_id", "url_hash"],
               ["url", "run_id", "etag", "last_modified", "config_fingerprint", "items", "fetched_at"])
    return len(rows)

