"""Operator events: one "broken" event when a store's crawls stop working, one "recovered" when they
work again — never one per product or per failing run.

A blocked or broken run (``blocked:`` / ``broken:`` reasons) alerts at once: it needs a person.
Transient fetch failures (``fetch:``: timeouts, 503s, DNS) alert only when the previous judged run
failed too, so one flaky night does not wake anybody.

Quarantined prices (``quarantined_prices``) are listed, not alerted: a price far from its 30-day
median waits for confirmation (``storage.price_guard``) and shows on the Crawl-health page meanwhile.
"""

from __future__ import annotations

from sqlalchemy import select

from storage.db import Database
from storage.models import ChangeEvent, CrawlRun, Store, utcnow
from storage.price_guard import DEFAULT_RATIO, QuarantinedPrice
from storage.price_guard import quarantined_prices as _quarantined_prices


def _previous_verdict(s, run: CrawlRun) -> bool | None:
    """Health of the store's last judged run before ``run`` (aborted runs are not judged)."""
    return s.scalar(
        select(CrawlRun.healthy)
        .where(CrawlRun.store_id == run.store_id, CrawlRun.id < run.id, CrawlRun.status != "aborted",
               CrawlRun.healthy.is_not(None))
        .order_by(CrawlRun.id.desc())
        .limit(1)
    )


def _alert_open(s, store_id: int) -> bool:
    """True when the store's latest operator event is an unrecovered "broken"."""
    last = s.scalar(
        select(ChangeEvent.kind)
        .where(ChangeEvent.store_id == store_id, ChangeEvent.kind.in_(("broken", "recovered")))
        .order_by(ChangeEvent.id.desc())
        .limit(1)
    )
    return last == "broken"


def record_health_transition(db: Database, run_id: int) -> str | None:
    """Create a ``broken`` / ``recovered`` event if this run changed the store's state; return its kind."""
    with db.session() as s:
        run = s.get(CrawlRun, run_id)
        if run is None or run.healthy is None:
            return None
        open_alert = _alert_open(s, run.store_id)
        reasons = list(run.health_reasons or [])
        if run.healthy:
            if not open_alert:
                return None
            kind, summary, severity = "recovered", "crawling works again", "info"
        else:
            # Missing fields after failed fetches are a consequence of the failure, not a redesign.
            transient = any(r.startswith("fetch:") for r in reasons) and not any(r.startswith("blocked:") for r in reasons)
            if open_alert or (transient and _previous_verdict(s, run) is not False):
                return None
            word = "blocked" if any(r.startswith("blocked:") for r in reasons) else "broken"
            kind, summary, severity = "broken", f"spider {word}: {'; '.join(reasons) or 'unknown reason'}", "warning"
        name = s.scalar(select(Store.name).where(Store.id == run.store_id))
        s.add(ChangeEvent(
            store_id=run.store_id, run_id=run.id, subject_type="crawl", subject_key="health",
            subject_label=name, field="health", kind=kind, old_value=None, new_value=None,
            summary=f"{name}: {summary}", severity=severity, detected_at=run.finished_at or utcnow(),
        ))
        return kind


def quarantined_prices(db: Database, store_slug: str | None = None, ratio: float | None = DEFAULT_RATIO) -> list[QuarantinedPrice]:
    """Prices currently held as suspected extraction errors (all stores, or one), newest first."""
    with db.read() as s:
        return _quarantined_prices(s, ratio, store_slug)
