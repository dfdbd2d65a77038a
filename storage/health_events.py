"""Operator events: one "broken" event when a store's crawls turn unhealthy, one "recovered" when
they work again — never one per product or per failing run.
"""

from __future__ import annotations

from sqlalchemy import select

from storage.db import Database
from storage.models import ChangeEvent, CrawlRun, Store, utcnow


def _previous_verdict(s, run: CrawlRun) -> bool | None:
    """Health of the store's last judged run before ``run`` (aborted runs are not judged)."""
    return s.scalar(
        select(CrawlRun.healthy)
        .where(CrawlRun.store_id == run.store_id, CrawlRun.id < run.id, CrawlRun.status != "aborted",
               CrawlRun.healthy.is_not(None))
        .order_by(CrawlRun.id.desc())
        .limit(1)
    )


def record_health_transition(db: Database, run_id: int) -> str | None:
    """Create a ``broken`` / ``recovered`` event if this run changed the store's health; return its kind."""
    with db.session() as s:
        run = s.get(CrawlRun, run_id)
        if run is None or run.healthy is None:
            return None
        previous = _previous_verdict(s, run)
        if run.healthy and previous is False:
            kind, summary, severity = "recovered", "crawling works again", "info"
        elif not run.healthy and previous is not False:
            reasons = "; ".join(run.health_reasons or []) or "unknown reason"
            word = "blocked" if run.status == "blocked" else "broken"
            kind, summary, severity = "broken", f"spider {word}: {reasons}", "warning"
        else:
            return None
        name = s.scalar(select(Store.name).where(Store.id == run.store_id))
        s.add(ChangeEvent(
            store_id=run.store_id, run_id=run.id, subject_type="crawl", subject_key="health",
            subject_label=name, field="health", kind=kind, old_value=None, new_value=None,
            summary=f"{name}: {summary}", severity=severity, detected_at=run.finished_at or utcnow(),
        ))
        return kind
