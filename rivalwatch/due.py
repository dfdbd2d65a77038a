"""When is a store due? Cron arithmetic shared by the scheduler, ``crawl --due`` and ``status``.

A store is due when its newest completed run (``storage.run_ops.COMPLETED_STATUSES``) started before
the latest time its cron expression fired. That one rule makes a restarted scheduler catch up
exactly once after downtime, and lets a plain cron job / Kubernetes CronJob run
``rivalwatch crawl --due`` as often as it likes without crawling anything twice per slot.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from core.config.cron import cron_trigger
from core.config.models import StoreConfig

# Look-back windows for the previous firing; iterating forward inside a window is cheap.
_WINDOWS = (timedelta(hours=1), timedelta(days=1), timedelta(days=32), timedelta(days=367))
_MAX_STEPS = 5000


def trigger_for(store: StoreConfig) -> CronTrigger:
    """The store's ``schedule`` read in its ``timezone`` (weekdays numbered as cron numbers them)."""
    return cron_trigger(store.schedule, timezone=ZoneInfo(store.timezone))


def next_fire(store: StoreConfig, now: datetime) -> datetime | None:
    """The next scheduled start after ``now``."""
    return trigger_for(store).get_next_fire_time(None, now)


def previous_fire(store: StoreConfig, now: datetime) -> datetime | None:
    """The latest scheduled start at or before ``now`` (None if none within a year)."""
    trigger = trigger_for(store)
    for window in _WINDOWS:
        fire = trigger.get_next_fire_time(None, now - window)
        latest, steps = None, 0
        while fire is not None and fire <= now and steps < _MAX_STEPS:
            latest, steps = fire, steps + 1
            fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
        if latest is not None and steps < _MAX_STEPS:
            return latest
    return None


def is_due(store: StoreConfig, last_completed_start: datetime | None, now: datetime | None = None) -> bool:
    """True when the store has not completed a run since its schedule last fired."""
    now = now or datetime.now(timezone.utc)
    fired = previous_fire(store, now)
    if fired is None:
        return last_completed_start is None
    return last_completed_start is None or last_completed_start < fired


def due_stores(stores: list[StoreConfig], last_starts: dict[str, datetime], now: datetime | None = None) -> list[StoreConfig]:
    """The stores that are due now, in config order."""
    return [s for s in stores if is_due(s, last_starts.get(s.slug), now)]
