"""``rivalwatch status``: per store, the last run (status, health, finish time), the next scheduled
run and who holds its lease right now."""

from __future__ import annotations

from datetime import datetime, timezone

from rivalwatch.due import is_due, next_fire
from storage.lease_holder import lease_name
from storage import Database
from storage.leases import current as current_leases
from storage.run_ops import last_completed_start, last_runs


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(timezone.utc).isoformat(timespec="seconds") if value else None


def status_rows(db: Database, stores, now: datetime | None = None) -> list[dict]:
    """One plain dict per configured store (the ``status`` table / JSON)."""
    now = now or datetime.now(timezone.utc)
    runs, completed, leases = last_runs(db), last_completed_start(db), current_leases(db, now)
    rows = []
    for store in stores:
        run, lease = runs.get(store.slug), leases.get(lease_name(store.slug))
        rows.append({
            "store": store.slug,
            "schedule": f"{store.schedule} ({store.timezone})",
            "last_run": run.run_id if run else None,
            "status": run.status if run else "never run",
            "healthy": run.healthy if run else None,
            "finish_reason": run.finish_reason if run else None,
            "finished_at": _iso(run.finished_at) if run else None,
            "next_run": _iso(next_fire(store, now)),
            "due": is_due(store, completed.get(store.slug), now),
            "running_on": lease.holder if lease else None,
        })
    return rows
